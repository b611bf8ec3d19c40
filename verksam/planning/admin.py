from django.contrib import admin

from verksam.planning.models import ItemStep, PlanFollowsModel, PlanningModel, PlanningStep


class PlanningStepInline(admin.StackedInline):
    model = PlanningStep
    extra = 0
    readonly_fields = ["version"]


@admin.register(PlanningModel)
class PlanningModelAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "updated_at"]
    search_fields = ["name", "description"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [PlanningStepInline]


@admin.register(PlanFollowsModel)
class PlanFollowsModelAdmin(admin.ModelAdmin):
    list_display = ["plan", "model"]
    raw_id_fields = ["plan", "model"]
    filter_horizontal = ["steps_done"]


@admin.register(ItemStep)
class ItemStepAdmin(admin.ModelAdmin):
    list_display = ["item", "step", "perspective"]
    raw_id_fields = ["item", "step"]
