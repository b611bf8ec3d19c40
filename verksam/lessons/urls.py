from django.urls import path

from verksam.lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_search, name="lesson_search"),
    path("dela/<int:assessment_pk>/", views.lesson_share, name="lesson_share"),
]
