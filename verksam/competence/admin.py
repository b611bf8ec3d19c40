from django.contrib import admin

from verksam.competence.models import Proposal, RegisterIndicator, Training


class ViewOnlyAdmin(admin.ModelAdmin):
    """Shown, not changed, in the admin: a change to a training counts the register's
    indicators again and a proposal is decided once, which only the services do
    (verksam.competence.services), so changes go through the site's pages."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Training)
class TrainingAdmin(ViewOnlyAdmin):
    list_display = ["title", "organisation", "kind", "start_date", "hours"]
    list_filter = ["kind"]
    search_fields = ["title", "provider"]


@admin.register(Proposal)
class ProposalAdmin(ViewOnlyAdmin):
    list_display = ["title", "organisation", "kind", "state", "created_at"]
    list_filter = ["kind", "state"]
    search_fields = ["title"]


@admin.register(RegisterIndicator)
class RegisterIndicatorAdmin(ViewOnlyAdmin):
    list_display = ["indicator", "organisation", "measure", "item"]
