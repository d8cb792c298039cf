"""Queries about collaborations: visibility, filters and the kartläggning matrix."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from samverkan.accounts.roles import is_coordinator
from samverkan.catalogue.models import CollaborationForm, Offering
from samverkan.directory.models import Organization, OrganizationKind
from samverkan.directory.visibility import AnyUser

from .models import Collaboration, Review


def visible_collaborations(user: AnyUser) -> QuerySet[Collaboration]:
    """Approved ones for everybody; proposals for coordinators and whoever proposed them."""
    if is_coordinator(user):
        return Collaboration.objects.all()
    approved = Q(review=Review.APPROVED)
    if user.is_authenticated:
        approved |= Q(proposed_by=user)
    return Collaboration.objects.filter(approved)


def with_details(collaborations: QuerySet[Collaboration]) -> QuerySet[Collaboration]:
    return collaborations.select_related("form").prefetch_related("goals", "parties__organization")


@dataclass
class Matrix:
    """Forms by universities, with the number of collaborations in each cell."""

    universities: list[Organization]
    rows: list[dict] = field(default_factory=list)
    total: int = 0


def matrix(collaborations: QuerySet[Collaboration]) -> Matrix:
    """The kartläggning view of ``collaborations``: two queries, whatever their number."""
    cells = (
        collaborations.filter(
            parties__organization__kind=OrganizationKind.UNIVERSITY,
            parties__organization__parent__isnull=True,
        )
        .values("form_id", "parties__organization_id")
        .annotate(count=Count("pk", distinct=True))
    )
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for cell in cells:
        counts[cell["form_id"]][cell["parties__organization_id"]] = cell["count"]
    university_ids = {u for by_university in counts.values() for u in by_university}
    universities = list(Organization.objects.filter(pk__in=university_ids).order_by("name_sv"))
    result = Matrix(universities)
    for form in CollaborationForm.objects.filter(pk__in=counts):
        row = [counts[form.pk].get(u.pk, 0) for u in universities]
        result.rows.append({"form": form, "cells": list(zip(universities, row, strict=True))})
        result.total += sum(row)
    return result


def collaboration_context(user: AnyUser, organization: Organization | None) -> dict:
    """The collaborations and open offerings that concern an organisation, for its page."""
    if organization is None:
        return {"collaboration_matrix": None, "recent_collaborations": [], "open_offerings": []}
    collaborations = visible_collaborations(user).filter(parties__organization=organization)
    return {
        "collaboration_matrix": matrix(collaborations),
        "recent_collaborations": with_details(collaborations.distinct()).order_by(
            "-starts_on", "pk"
        )[:5],
        "open_offerings": Offering.objects.public()
        .filter(Q(organization=organization) | Q(organization__parent=organization))
        .select_related("form", "organization__parent__parent")
        .prefetch_related("goals")[:5],
    }
