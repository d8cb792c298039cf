from django import template
from django.utils.safestring import SafeString

from samverkan.kernel.richtext import render

register = template.Library()


@register.filter
def rich(text: str) -> SafeString:
    """Show stored rich text: sanitised on the way out as well as on the way in."""
    return render(text)
