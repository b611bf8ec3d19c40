"""The overviews' addresses, included in the dashboards' namespace (followup.dashboards.urls)."""

from django.urls import path

from verksam.followup.overviews import views

urlpatterns = [
    path("lan/<int:pk>/", views.county_overview, name="county_overview"),
    path(
        "lan/<int:pk>/bibliotek/<int:organisation_pk>/fokus/<int:item_pk>/",
        views.county_overview_cell,
        name="county_overview_cell",
    ),
    path("riket/", views.national_overview, name="national_overview"),
]
