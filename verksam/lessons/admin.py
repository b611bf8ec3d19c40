from django.contrib import admin

from verksam.lessons.models import Lesson


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "method", "shared_by", "shared_at"]
    list_filter = ["method"]
    raw_id_fields = ["assessment", "shared_by"]
    readonly_fields = ["stems", "shared_at"]
    filter_horizontal = ["priority_groups"]
