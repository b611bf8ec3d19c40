from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from verksam.plans.models import Contribution, Decision, Item, Plan, PlanSection, Tag


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "period_start",
        "period_end",
        "status",
        "is_published",
        "structure",
    ]
    list_filter = ["kind", "status", "is_published", "organisation__kind"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "derived_from", "previous_version"]
    list_select_related = ["organisation"]
    date_hierarchy = "period_start"
    inlines = [PlanSectionInline, DecisionInline]

    def get_readonly_fields(self, request, obj=None):
        # Adopted and archived plans never change; status moves by adoption in the app.
        if obj is not None and not obj.is_editable:
            return [field.name for field in Plan._meta.fields if field.name != "is_published"] + [
                "derived_from"
            ]
        return ["status"]

    @admin.display(description=_("levels"))
    def structure(self, obj: Plan) -> str:
        return obj.structure_label


class ContributionInline(admin.TabularInline):
    model = Contribution
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = _("contributes to")
    verbose_name_plural = _("contributes to")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "level", "parent", "position", "responsible_organisation"]
    list_filter = ["plan__kind", "depth", "tags", "plan__status"]
    search_fields = ["title", "description", "plan__title"]
    autocomplete_fields = ["plan", "parent", "responsible_organisation", "responsible_people"]
    filter_horizontal = ["tags"]
    list_select_related = ["plan", "parent", "responsible_organisation"]
    inlines = [ContributionInline]

    def get_readonly_fields(self, request, obj=None):
        # Moving changes the depth of a whole subtree: that is done on the plan page.
        return ["plan", "parent"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        # Adopted plans never change, not even here.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.plan.is_editable)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        if not change:
            obj.depth = obj.parent.depth + 1 if obj.parent else 0
        super().save_model(request, obj, form, change)

    @admin.display(description=_("level"), ordering="depth")
    def level(self, obj: Item) -> str:
        return obj.level_name


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "created_at"]
    search_fields = ["source__title", "target__title"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "priority_group"]
    list_filter = ["priority_group"]
    search_fields = ["name"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["plan", "body", "decided_on", "case_number"]
    search_fields = ["case_number", "body", "plan__title"]
    date_hierarchy = "decided_on"
    list_select_related = ["plan"]
