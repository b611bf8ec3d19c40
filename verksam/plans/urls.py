from django.urls import path

from verksam.plans import (
    chain_views,
    continue_views,
    decision_views,
    history_views,
    item_views,
    version_views,
    views,
)
from verksam.plans.upload import views as upload_views

app_name = "plans"

urlpatterns = [
    path("ny/<int:organisation_pk>/", views.plan_create, name="plan_create"),
    path(
        "las-in/<int:organisation_pk>/",
        upload_views.plan_reading_upload,
        name="plan_reading_upload",
    ),
    path("inlasning/<int:pk>/", upload_views.plan_reading_review, name="plan_reading_review"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path(
        "<int:pk>/originaldokument/",
        upload_views.plan_source_download,
        name="plan_source_download",
    ),
    path("<int:pk>/installningar/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/avsnitt/", views.plan_sections_edit, name="plan_sections_edit"),
    path("<int:pk>/anta/", views.plan_adopt, name="plan_adopt"),
    path(
        "<int:pk>/skicka-for-beslut/",
        decision_views.plan_send_for_decision,
        name="plan_send_for_decision",
    ),
    path(
        "<int:pk>/skicka-tillbaka/",
        decision_views.plan_return_from_decision,
        name="plan_return_from_decision",
    ),
    path("<int:pk>/publicera/", views.plan_publish, name="plan_publish"),
    path("<int:pk>/arkivera/", views.plan_archive, name="plan_archive"),
    path("<int:pk>/ny-version/", views.plan_revise, name="plan_revise"),
    path("<int:pk>/nasta-period/", continue_views.plan_continue, name="plan_continue"),
    path("<int:pk>/tackning/", chain_views.plan_coverage, name="plan_coverage"),
    path("<int:pk>/historik/", history_views.plan_history, name="plan_history"),
    path("<int:pk>/jamfor/", version_views.plan_diff_view, name="plan_diff"),
    path("<int:plan_pk>/punkter/ny/", item_views.item_create, name="item_create"),
    path("<int:plan_pk>/punkter/<int:pk>/", item_views.item_detail, name="item_detail"),
    path("<int:plan_pk>/punkter/<int:pk>/andra/", item_views.item_edit, name="item_edit"),
    path("<int:plan_pk>/punkter/<int:pk>/flytta/", item_views.item_move, name="item_move"),
    path("<int:plan_pk>/punkter/<int:pk>/ordning/", item_views.item_shift, name="item_shift"),
    path("<int:plan_pk>/punkter/<int:pk>/ta-bort/", item_views.item_delete, name="item_delete"),
    path(
        "<int:plan_pk>/punkter/<int:pk>/historik/",
        history_views.item_history,
        name="item_history",
    ),
    path(
        "<int:plan_pk>/punkter/<int:pk>/aterstall/",
        history_views.item_restore,
        name="item_restore",
    ),
    path("<int:plan_pk>/punkter/<int:pk>/kedja/", chain_views.item_trace, name="item_trace"),
    path("<int:plan_pk>/punkter/<int:pk>/bidrar-till/", item_views.item_links, name="item_links"),
    path(
        "<int:plan_pk>/punkter/<int:pk>/bidrar-till/<int:target_pk>/ta-bort/",
        item_views.item_link_remove,
        name="item_link_remove",
    ),
]
