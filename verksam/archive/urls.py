from django.urls import path

from verksam.archive import views

app_name = "archive"

urlpatterns = [
    path("plan/<int:pk>/", views.plan_package, name="plan_package"),
]
