from django.urls import path

from verksam.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.model_list, name="model_list"),
    path("ny/", views.model_create, name="model_create"),
    path("<int:pk>/", views.model_detail, name="model_detail"),
    path("<int:pk>/andra/", views.model_edit, name="model_edit"),
    path("<int:pk>/ny-plan/", views.plan_create, name="plan_create"),
    path("<int:model_pk>/steg/ny/", views.step_create, name="step_create"),
    path("<int:model_pk>/steg/<int:pk>/andra/", views.step_edit, name="step_edit"),
    path("<int:model_pk>/steg/<int:pk>/flytta/", views.step_move, name="step_move"),
    path("<int:model_pk>/steg/<int:pk>/ta-bort/", views.step_delete, name="step_delete"),
    path("plan/<int:plan_pk>/steg/<int:number>/", views.plan_step, name="plan_step"),
    path("plan/<int:plan_pk>/steg/<int:number>/klar/", views.plan_step_done, name="plan_step_done"),
]
