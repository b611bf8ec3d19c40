from django.contrib import admin

from verksam.comments.models import Comment, Mention


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-only: comments are written, changed and removed on the item's page, with a trace."""

    list_display = ["__str__", "item", "author", "created_at", "resolved_at", "removed_at"]
    list_select_related = ["item", "author"]
    raw_id_fields = ["item", "parent", "author", "resolved_by", "removed_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["comment", "user", "notified_at"]
    list_select_related = ["comment", "user"]
    raw_id_fields = ["comment", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
