"""Importing measurements from files, and exporting them in the same format."""

from django.urls import path

from verksam.indicators.imports import views as import_views

app_name = "imports"
urlpatterns = [
    path("<int:organisation_pk>/", import_views.import_start, name="import_start"),
    path("fil/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("fil/<int:pk>/kolumner/", import_views.import_mapping, name="import_mapping"),
    path("fil/<int:pk>/importera/", import_views.import_run, name="import_run"),
    path("fil/<int:pk>/status/", import_views.import_progress, name="import_progress"),
    path(
        "export/<int:organisation_pk>.<str:file_format>/",
        import_views.measurement_export,
        name="measurement_export",
    ),
]
