from django.urls import path

from verksam.sso import views

app_name = "sso"

urlpatterns = [
    path("logga-in/", views.sso_start, name="sso_start"),
    path("tillbaka/", views.sso_callback, name="sso_callback"),
]
