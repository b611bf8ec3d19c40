from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from verksam.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "indented_name",
        "kind",
        "parent",
        "municipality_code",
        "county_code",
        "library_statistics_id",
    ]
    list_filter = ["kind", "county_code"]
    search_fields = ["name", "short_name", "municipality_code", "library_statistics_id"]
    autocomplete_fields = ["parent", "leader"]
    list_select_related = ["parent"]
    inlines = [MembershipInline]

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Organisation) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
