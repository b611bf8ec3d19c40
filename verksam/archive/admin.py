from django.contrib import admin

from verksam.archive.models import PackageRecord


@admin.register(PackageRecord)
class PackageRecordAdmin(admin.ModelAdmin):
    list_display = ["file_name", "plan", "made_by", "made_at"]
    raw_id_fields = ["plan", "made_by"]
    readonly_fields = ["package_id", "file_name", "sha256", "size", "made_by", "made_at"]
