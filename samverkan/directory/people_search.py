"""Finding people: filters in the database, Swedish-aware text matching and a reason per result."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.catalogue.models import CollaborationForm
from samverkan.sdg.models import Goal

from .models import Affiliation, Organization, Person
from .search import FIELDS, PROFILE_FIELDS, Hit, parse_query, score_document
from .visibility import AnyUser, visible_people, visible_profiles

FIELD_LABELS = {
    "name": _("name"),
    "keywords": _("keywords"),
    "title": _("title"),
    "expertise": _("expertise"),
    "organization": _("organisation"),
}


@dataclass
class PeopleQuery:
    text: str = ""
    organization: Organization | None = None
    goal: Goal | None = None
    form: CollaborationForm | None = None
    language: str = ""
    experts_only: bool = False


@dataclass
class Reason:
    field: str
    words: list[str]

    @property
    def label(self) -> str:
        return str(FIELD_LABELS[self.field])


@dataclass
class PersonResult:
    person_id: int
    score: float
    reasons: list[Reason] = field(default_factory=list)


def candidates(user: AnyUser, query: PeopleQuery) -> QuerySet[Person]:
    """Visible people that pass the filters and contain every query word somewhere."""
    people = visible_people(user)
    profile_filters = Q()
    if query.goal:
        profile_filters &= Q(profile__goals=query.goal)
    if query.form:
        profile_filters &= Q(profile__forms=query.form)
    if query.language:
        profile_filters &= Q(profile__languages__icontains=f'"{query.language}"')
    if query.experts_only or profile_filters:
        # Filtering on a profile must not reveal profiles the user may not read.
        people = people.filter(visible_profiles(user)).filter(profile_filters)
    if query.organization:
        people = people.filter(
            Q(affiliations__organization=query.organization)
            | Q(affiliations__organization__parent=query.organization)
            | Q(affiliations__organization__parent__parent=query.organization)
        )
    for word in parse_query(query.text):
        people = people.filter(
            Q.create([("search_document__contains", f":{term}") for term in word.terms], "OR")
        )
    return people.distinct()


def search_people(user: AnyUser, query: PeopleQuery) -> list[PersonResult]:
    """Ranked results (best first); without text, alphabetical."""
    people = candidates(user, query)
    words = parse_query(query.text)
    if not words:
        return [
            PersonResult(pk, 0.0)
            for pk in people.order_by("last_name", "first_name", "pk").values_list("pk", flat=True)
        ]
    readable = set(people.filter(visible_profiles(user)).values_list("pk", flat=True))
    without_profile = frozenset(FIELDS) - PROFILE_FIELDS
    results = []
    for pk, document, last_name in people.values_list("pk", "search_document", "last_name"):
        fields = None if pk in readable else without_profile
        hit: Hit | None = score_document(document, words, fields)
        if hit is not None:
            reasons = [Reason(f, w) for f, w in hit.reasons.items()]
            results.append((hit.score, last_name, PersonResult(pk, hit.score, reasons)))
    results.sort(key=lambda item: (-item[0], item[1]))
    return [result for _score, _name, result in results]


def load_people(ids: list[int]) -> dict[int, Person]:
    """People by id with what result lists and person pages show, in a fixed number of queries."""
    people = Person.objects.filter(pk__in=ids).prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organization__parent__parent"),
        ),
        "profile__goals",
        "profile__forms",
    )
    return {person.pk: person for person in people}
