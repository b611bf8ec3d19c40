from django.contrib.auth import views as auth_views
from django.urls import path

from verksam.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
]

# Log in and out keep Django's names ("login", "logout") outside the namespace.
auth_urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
]
