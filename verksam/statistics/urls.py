from django.urls import path

from verksam.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("punkt/<int:plan_pk>/<int:item_pk>/", views.term_choose, name="term_choose"),
    path("grupper/<int:organisation_pk>/", views.peer_group_list, name="peer_group_list"),
    path(
        "jamforelse/<int:indicator_pk>/<int:organisation_pk>/",
        views.comparison_detail,
        name="comparison_detail",
    ),
    path(
        "jamforelse/<int:indicator_pk>/<int:organisation_pk>/diagram.svg",
        views.comparison_chart,
        name="comparison_chart",
    ),
]
