"""Queries about offerings shared by the pages and the API."""

from django.db.models import Q, QuerySet

from samverkan.directory.models import OrganizationKind

from .forms import OfferingFilterForm
from .models import Offering


def filtered_offerings(
    offerings: QuerySet[Offering], form: OfferingFilterForm
) -> QuerySet[Offering]:
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            offerings = offerings.filter(
                Q(title_sv__icontains=data["q"])
                | Q(title_en__icontains=data["q"])
                | Q(description_sv__icontains=data["q"])
            )
        if data["form"]:
            offerings = offerings.filter(form=data["form"])
        if data["goal"]:
            offerings = offerings.filter(goals=data["goal"])
        if data["audience"]:
            offerings = offerings.filter(audience=data["audience"])
        if data["posted_by"] == "municipality":
            offerings = offerings.filter(organization__kind=OrganizationKind.MUNICIPALITY)
        elif data["posted_by"] == "university":
            offerings = offerings.filter(organization__kind=OrganizationKind.UNIVERSITY)
    return (
        offerings.select_related("form", "organization__parent")
        .prefetch_related("goals")
        .distinct()
        .order_by("expires_on", "title_sv", "pk")
    )
