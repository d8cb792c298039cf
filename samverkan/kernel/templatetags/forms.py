from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

CHECK_WIDGETS = {"checkbox", "radioselect", "checkboxselectmultiple"}


@register.simple_tag
def ds_widget(field: BoundField) -> SafeString:
    """Render a form field's widget with the design system's classes and the ARIA links between
    the input, its help text and its error messages."""
    attrs: dict[str, str] = {}
    if field.widget_type not in CHECK_WIDGETS | {"clearablefile", "file"}:
        attrs["class"] = "ds-input"
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
