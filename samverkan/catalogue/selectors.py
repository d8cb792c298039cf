"""Queries about offerings shared by the pages and the API."""

from django.db.models import Q, QuerySet

from samverkan.directory.models import OrganizationKind
from samverkan.kernel.text import folded_words, has_every_word

from .forms import OfferingFilterForm, StudentFilterForm
from .models import STUDENT_FORMS, Audience, Offering


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
        offerings.select_related("form", "organization__parent__parent")
        .prefetch_related("goals")
        .distinct()
        .order_by("expires_on", "title_sv", "pk")
    )


def student_offerings(form: StudentFilterForm) -> QuerySet[Offering]:
    """Open thesis topics and student projects for students (audience students or everyone),
    soonest expiry first; a project a university offers municipalities is not for them.

    A municipality's topics are those posted by an organisation in it: the municipality's own
    organisation and its units, or a university or unit whose seat is there. A topic posted by a
    university elsewhere is not a municipality's, even when it is about one.
    """
    offerings = Offering.objects.public().filter(
        form__slug__in=STUDENT_FORMS, audience__in=[Audience.STUDENTS, Audience.EVERYONE]
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if wanted := folded_words(data["q"]):
            # Open topics are few: compared in Python, so "aldreomsorg" finds "Äldreomsorg".
            texts = offerings.values_list("pk", "subject_sv", "subject_en", "title_sv", "title_en")
            offerings = offerings.filter(
                pk__in=[pk for pk, *row in texts if has_every_word(wanted, row)]
            )
        if data["level"]:
            offerings = offerings.filter(levels__icontains=f'"{data["level"]}"')
        if data["kind"]:
            offerings = offerings.filter(form__slug=data["kind"])
        if municipality := data["kommun"]:
            offerings = offerings.filter(
                Q(organization__municipality=municipality)
                | Q(organization__parent__municipality=municipality)
                | Q(organization__seat=municipality)
                | Q(organization__parent__seat=municipality)
            )
    return (
        offerings.select_related("form", "organization__parent__parent")
        .prefetch_related("goals")
        .order_by("expires_on", "title_sv", "pk")
    )
