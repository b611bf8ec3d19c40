from django.contrib import admin

from verksam.lessons.models import Lesson, Note


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "method", "shared_by", "shared_at"]
    list_filter = ["method"]
    raw_id_fields = ["assessment", "shared_by"]
    readonly_fields = ["stems", "shared_at"]
    filter_horizontal = ["priority_groups"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "year", "is_shared", "updated_at"]
    list_filter = ["kind", "is_shared", "method"]
    search_fields = ["title", "text"]
    raw_id_fields = ["organisation", "created_by", "focus_areas"]
    readonly_fields = ["stems", "version", "created_at", "updated_at"]
    filter_horizontal = ["priority_groups"]
