from django.contrib import admin

from verksam.documents.models import DocumentApproval, DocumentSettings, GeneratedDocument


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "accent_colour", "logo_name", "reference_docx_name"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    # The files are checked and uploaded on the organisation's document settings page.
    exclude = ["logo", "reference_docx"]
    readonly_fields = ["logo_name", "reference_docx_name"]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    """Generated documents are kept as they were made: read them here, change nothing."""

    list_display = ["file_name", "plan", "kind", "file_format", "state", "created_by", "created_at"]
    list_filter = ["kind", "file_format", "state"]
    search_fields = ["file_name", "plan__title"]
    list_select_related = ["plan", "created_by"]
    exclude = ["content"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentApproval)
class DocumentApprovalAdmin(admin.ModelAdmin):
    """A board's approval is recorded on the document's page and kept: read it here."""

    list_display = ["document", "body", "decided_on", "case_number"]
    search_fields = ["case_number", "body", "document__file_name"]
    list_select_related = ["document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
