from django.urls import path

from verksam.lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_search, name="lesson_search"),
    path("dela/<int:assessment_pk>/", views.lesson_share, name="lesson_share"),
    path("omvarld/", views.note_list, name="note_list"),
    path("omvarld/ny/", views.note_create, name="note_create"),
    path("omvarld/<int:pk>/", views.note_detail, name="note_detail"),
    path("omvarld/<int:pk>/andra/", views.note_edit, name="note_edit"),
]
