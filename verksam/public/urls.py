from django.urls import path

from verksam.public import views

app_name = "public"

urlpatterns = [
    path("offentligt/", views.region_list, name="region_list"),
    # Before the county pages: no county is called "plan".
    path("offentligt/plan/<int:pk>-<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("offentligt/<slug:county_slug>/", views.region_detail, name="region_detail"),
    path(
        "offentligt/<slug:county_slug>/<slug:municipality_slug>/",
        views.municipality_detail,
        name="municipality_detail",
    ),
    path("tillganglighet/", views.accessibility_statement, name="accessibility_statement"),
]
