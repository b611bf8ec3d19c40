from django.contrib import admin

from verksam.competence.models import Proposal, RegisterIndicator, Training


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "start_date", "hours"]
    list_filter = ["kind"]
    search_fields = ["title", "provider"]
    raw_id_fields = ["organisation", "participants", "items", "created_by"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "state", "created_at"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["organisation", "goal", "proposed_by", "decided_by", "item"]


@admin.register(RegisterIndicator)
class RegisterIndicatorAdmin(admin.ModelAdmin):
    list_display = ["indicator", "organisation", "measure", "item"]
    raw_id_fields = ["indicator", "organisation", "item"]
