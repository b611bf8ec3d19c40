from django.urls import path

from verksam.resources import views

app_name = "resources"

urlpatterns = [
    path("plan/<int:plan_pk>/", views.plan_resources, name="plan_resources"),
    path("plan/<int:plan_pk>/importera/", views.budget_import, name="budget_import"),
    path("plan/<int:plan_pk>/budgetmall.csv", views.budget_template, name="budget_template"),
    path("plan/<int:plan_pk>/punkt/<int:item_pk>/", views.item_budget, name="item_budget"),
    path(
        "plan/<int:plan_pk>/omgang/<int:round_pk>/punkt/<int:item_pk>/",
        views.outcome_edit,
        name="outcome_edit",
    ),
    path("budgetrad/<int:pk>/", views.budget_line_edit, name="budget_line_edit"),
    path("budgetrad/<int:pk>/ta-bort/", views.budget_line_remove, name="budget_line_remove"),
]
