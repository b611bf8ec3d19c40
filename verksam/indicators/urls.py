from django.urls import path

from verksam.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("ny/", views.indicator_create, name="indicator_create"),
    path("<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path(
        "punkt/<int:plan_pk>/<int:item_pk>/",
        views.item_indicators,
        name="item_indicators",
    ),
    path(
        "punkt/<int:plan_pk>/<int:item_pk>/<int:pk>/ta-bort/",
        views.item_indicator_remove,
        name="item_indicator_remove",
    ),
    path("malvarde/<int:pk>/ta-bort/", views.target_remove, name="target_remove"),
    path("varden/<int:organisation_pk>/", views.measurement_list, name="measurement_list"),
    path(
        "varden/matning/<int:pk>/ta-bort/",
        views.measurement_delete,
        name="measurement_delete",
    ),
]
