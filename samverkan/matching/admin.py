from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: the index is rebuilt from the objects, never edited by hand."""

    list_display = ("title", "kind", "language", "audience", "updated_at")
    list_filter = ("kind", "language", "audience")
    search_fields = ("title", "external_id")
    exclude = ("vectors",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: Document | None = None) -> bool:
        return False
