from django.contrib import admin

from verksam.resources.models import BudgetLine, Outcome


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["item", "kind", "year", "amount"]
    list_filter = ["kind", "year"]
    raw_id_fields = ["item"]
    readonly_fields = ["version"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["item", "round", "kind", "amount"]
    list_filter = ["kind"]
    raw_id_fields = ["item", "round"]
    readonly_fields = ["version"]
