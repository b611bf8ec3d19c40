from django.urls import path

from verksam.followup import views
from verksam.followup.rollover import urls as rollover_urls

app_name = "followup"

urlpatterns = [
    path("plan/<int:plan_pk>/", views.round_list, name="round_list"),
    path("plan/<int:plan_pk>/omgang/<int:pk>/", views.round_detail, name="round_detail"),
    path("plan/<int:plan_pk>/omgang/<int:pk>/stang/", views.round_close, name="round_close"),
    path("plan/<int:plan_pk>/omgang/<int:pk>/oppna/", views.round_reopen, name="round_reopen"),
    path(
        "plan/<int:plan_pk>/omgang/<int:round_pk>/punkt/<int:item_pk>/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "plan/<int:plan_pk>/omgang/<int:round_pk>/punkt/<int:item_pk>/granska/",
        views.assessment_review,
        name="assessment_review",
    ),
    *rollover_urls.urlpatterns,
]
