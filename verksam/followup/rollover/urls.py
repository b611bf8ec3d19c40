"""The roll-over's address, included in verksam.followup.urls (namespace "followup")."""

from django.urls import path

from verksam.followup.rollover import views

urlpatterns = [
    path("plan/<int:plan_pk>/nasta-period/", views.plan_rollover, name="plan_rollover"),
]
