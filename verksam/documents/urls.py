"""Documents of plans, and organisations' document settings."""

from django.urls import path

from verksam.documents import views

app_name = "documents"
urlpatterns = [
    path("plan/<int:plan_pk>/", views.document_list, name="document_list"),
    path("plan/<int:plan_pk>/ny/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/ladda-ner/", views.document_download, name="document_download"),
    path("<int:pk>/godkann/", views.document_approve, name="document_approve"),
    path(
        "organisation/<int:organisation_pk>/installningar/",
        views.organisation_document_settings,
        name="organisation_document_settings",
    ),
]
