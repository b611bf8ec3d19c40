from django.urls import path

from verksam.comments import views

app_name = "comments"

urlpatterns = [
    path("<int:plan_pk>/punkter/<int:item_pk>/ny/", views.comment_create, name="comment_create"),
    path("<int:pk>/andra/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/ta-bort/", views.comment_remove, name="comment_remove"),
    path("<int:pk>/status/", views.thread_resolve, name="thread_resolve"),
]
