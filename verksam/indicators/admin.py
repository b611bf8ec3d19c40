from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from verksam.indicators.models import (
    Indicator,
    ItemIndicator,
    Measurement,
    MeasurementImport,
    Target,
)
from verksam.plans.admin import AdoptedPlanContentAdmin


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "unit", "direction", "source", "organisation"]
    list_filter = ["direction", "source", ("organisation", admin.EmptyFieldListFilter)]
    search_fields = ["key", "name", "description"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0

    # Targets are plan content: an adopted plan's targets never change, not even here.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.item.plan.is_editable)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ItemIndicator)
class ItemIndicatorAdmin(AdoptedPlanContentAdmin):
    # Indicators on items are plan content: an adopted plan's never change, not even here.
    plan_path = "item.plan"
    list_display = ["indicator", "item", "plan", "organisation", "baseline", "baseline_label"]
    list_filter = ["indicator", "item__plan__status"]
    search_fields = ["indicator__name", "indicator__key", "item__title", "item__plan__title"]
    autocomplete_fields = ["item", "indicator", "organisation"]
    list_select_related = ["indicator", "item__plan", "organisation"]
    inlines = [TargetInline]

    @admin.display(description=_("plan"), ordering="item__plan__title")
    def plan(self, obj: ItemIndicator) -> str:
        return obj.item.plan.title


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "organisation",
        "period_start",
        "period_end",
        "value",
        "source",
        "created_by",
    ]
    list_filter = ["indicator", "organisation", "source"]
    search_fields = ["indicator__key", "indicator__name", "organisation__name", "note"]
    autocomplete_fields = ["indicator", "organisation"]
    list_select_related = ["indicator", "organisation", "created_by"]
    date_hierarchy = "period_start"
    readonly_fields = ["created_by", "measurement_import"]


@admin.register(MeasurementImport)
class MeasurementImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "user", "organisation", "state", "total_rows", "created_at"]
    list_filter = ["state", "file_format"]
    search_fields = ["file_name", "organisation__name", "user__username"]
    list_select_related = ["user", "organisation"]
    date_hierarchy = "created_at"
    exclude = ["content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
