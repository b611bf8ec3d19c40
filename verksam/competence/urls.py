from django.urls import path

from verksam.competence import views

app_name = "competence"

urlpatterns = [
    path("<int:organisation_pk>/", views.training_list, name="training_list"),
    path("<int:organisation_pk>/ny/", views.training_create, name="training_create"),
    path("utbildning/<int:pk>/", views.training_edit, name="training_edit"),
    path("utbildning/<int:pk>/ta-bort/", views.training_delete, name="training_delete"),
    path("<int:organisation_pk>/forslag/", views.proposal_list, name="proposal_list"),
    path("<int:organisation_pk>/forslag/nytt/", views.proposal_create, name="proposal_create"),
    path("forslag/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path(
        "<int:organisation_pk>/indikatorer/",
        views.register_indicators,
        name="register_indicators",
    ),
]
