from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verksam.plans.models import (
    Contribution,
    Decision,
    DecisionRequest,
    Item,
    Plan,
    PlanSection,
    PlanSnapshot,
    Tag,
)


def locked_message(plan: Plan) -> str:
    return gettext(
        "The plan “%(plan)s” is %(status)s and can no longer be changed. "
        "Make a new version to change it."
    ) % {"plan": plan.title, "status": plan.get_status_display()}


class AdoptedPlanContentAdmin(admin.ModelAdmin):
    """The admin of plan content: nothing belonging to an adopted or archived plan changes here.

    `plan_path` leads from an object to its plan ("" for a plan itself). Changing
    and deleting such objects is refused, adding one to such a plan fails
    validation, and the bulk delete action lists them as protected and deletes
    nothing.
    """

    plan_path = "plan"

    def plan_of(self, obj) -> Plan | None:
        for name in filter(None, self.plan_path.split(".")):
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        return obj

    def is_locked(self, obj) -> bool:
        plan = self.plan_of(obj)
        return plan is not None and not plan.is_editable

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (
            obj is not None and self.is_locked(obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (
            obj is not None and self.is_locked(obj)
        )

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        locked = [locked_message(self.plan_of(obj)) for obj in objs if self.is_locked(obj)]
        return to_delete, counts, perms_needed, [*protected, *dict.fromkeys(locked)]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        first, _dot, rest = self.plan_path.partition(".")
        if not first:
            return form_class

        class RefuseAdoptedPlanForm(form_class):
            def clean(self):
                cleaned = super().clean()
                plan = (
                    cleaned.get(first) if first in cleaned else getattr(self.instance, first, None)
                )
                for name in filter(None, rest.split(".")):
                    plan = getattr(plan, name, None)
                if plan is not None and not plan.is_editable:
                    raise ValidationError(locked_message(plan), code="locked")
                return cleaned

        RefuseAdoptedPlanForm.__name__ = form_class.__name__
        return RefuseAdoptedPlanForm


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
class PlanAdmin(AdoptedPlanContentAdmin):
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
    plan_path = ""

    # Publishing is not a change of content: an adopted plan's page stays editable for it.
    def has_change_permission(self, request, obj=None):
        return admin.ModelAdmin.has_change_permission(self, request, obj)

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

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.plan.is_editable)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission
    autocomplete_fields = ["target"]
    verbose_name = _("contributes to")
    verbose_name_plural = _("contributes to")


@admin.register(Item)
class ItemAdmin(AdoptedPlanContentAdmin):
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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.depth = obj.parent.depth + 1 if obj.parent else 0
        super().save_model(request, obj, form, change)

    @admin.display(description=_("level"), ordering="depth")
    def level(self, obj: Item) -> str:
        return obj.level_name


@admin.register(Contribution)
class ContributionAdmin(AdoptedPlanContentAdmin):
    plan_path = "source.plan"
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


@admin.register(DecisionRequest)
class DecisionRequestAdmin(admin.ModelAdmin):
    """Plans sent for decision and their answers, to read: they are made and answered
    through the plan pages, which lock and unlock the plan with them."""

    list_display = ["plan", "body", "state", "sent_by", "created_at", "answered_by"]
    list_filter = ["state"]
    search_fields = ["plan__title", "body"]
    list_select_related = ["plan", "sent_by", "answered_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanSnapshot)
class PlanSnapshotAdmin(admin.ModelAdmin):
    """Adopted versions are frozen: read them here, change nothing."""

    list_display = ["plan", "decision", "created_at"]
    search_fields = ["plan__title", "decision__case_number"]
    list_select_related = ["plan", "decision"]
    readonly_fields = ["plan", "decision", "created_at", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
