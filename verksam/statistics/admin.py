from django.contrib import admin

from verksam.statistics.models import IndicatorTerm, PeerGroup, StatisticValue


@admin.register(StatisticValue)
class StatisticValueAdmin(admin.ModelAdmin):
    list_display = ("term", "area_code", "year", "value", "source", "retrieved_at")
    list_filter = ("source", "year")
    search_fields = ("term", "area_code", "library_name")


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "organisation")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(IndicatorTerm)
class IndicatorTermAdmin(admin.ModelAdmin):
    list_display = ("indicator", "source", "term", "scale")
    list_select_related = ("indicator",)
