from django import template

from samverkan.sdg.models import Goal

register = template.Library()


@register.inclusion_tag("sdg/includes/badge.html")
def sdg_badge(goal: Goal, size: str = "md", link: bool = True) -> dict:
    """A goal badge drawn by the project: number, short title and the official colour."""
    return {"goal": goal, "size": size, "link": link}
