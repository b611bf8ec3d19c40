from django.urls import path

from verksam.followup.dashboards import views
from verksam.followup.overviews import urls as overview_urls

app_name = "dashboards"

urlpatterns = [
    path("mina/", views.my_followups, name="my_followups"),
    path("plan/<int:plan_pk>/", views.plan_dashboard, name="plan_dashboard"),
    path("plan/<int:plan_pk>/diagram/<str:name>.svg", views.plan_chart, name="plan_chart"),
    path("organisation/<int:pk>/", views.organisation_dashboard, name="organisation_dashboard"),
    # The overviews keep their names in this namespace (dashboards:county_overview …).
    *overview_urls.urlpatterns,
]
