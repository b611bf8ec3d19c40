from django.contrib.auth import views as auth_views
from django.urls import path

from verksam.core import token_views

app_name = "core"

urlpatterns = [
    path("konto/api-nycklar/", token_views.api_token_list, name="api_token_list"),
    path("konto/api-nycklar/ny/", token_views.api_token_create, name="api_token_create"),
    path(
        "konto/api-nycklar/<int:pk>/aterkalla/",
        token_views.api_token_revoke,
        name="api_token_revoke",
    ),
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
