from django.urls import path

from verksam.followup import dashboard_views as views
from verksam.followup import overview_views

app_name = "dashboards"

urlpatterns = [
    path("mina/", views.my_followups, name="my_followups"),
    path("plan/<int:plan_pk>/", views.plan_dashboard, name="plan_dashboard"),
    path("plan/<int:plan_pk>/diagram/<str:name>.svg", views.plan_chart, name="plan_chart"),
    path("organisation/<int:pk>/", views.organisation_dashboard, name="organisation_dashboard"),
    path("lan/<int:pk>/", overview_views.county_overview, name="county_overview"),
    path(
        "lan/<int:pk>/bibliotek/<int:organisation_pk>/fokus/<int:item_pk>/",
        overview_views.county_overview_cell,
        name="county_overview_cell",
    ),
    path("riket/", overview_views.national_overview, name="national_overview"),
]
