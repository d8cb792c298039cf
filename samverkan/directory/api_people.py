"""People, expert profiles and designated contacts in the API, with the same visibility rules as
the pages: anonymous callers get public fields of publicly visible people only."""

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from samverkan.catalogue.models import CollaborationForm
from samverkan.kernel.schemas import ErrorOut, LimitOffsetPagination
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .contacts import ContactSource, UniversityContacts, active, contacts_for_municipality
from .involvement import active_universities
from .models import Affiliation, ContactAssignment, Organization, Person
from .people_search import PeopleQuery, load_people, search_people
from .visibility import can_view_person, can_view_profile, is_own

router = Router(tags=["people"])


class AffiliationOut(Schema):
    organization_id: int
    organization: str
    title_sv: str
    title_en: str
    is_primary: bool

    @staticmethod
    def resolve_organization(obj: Affiliation) -> str:
        return obj.organization.name_sv


class ProfileOut(Schema):
    expertise_sv: str
    expertise_en: str
    keywords: list[str]
    languages: list[str]
    sdgs: list[int]
    forms: list[str]
    availability: str
    availability_note: str


class PersonOut(Schema):
    id: int
    name: str
    first_name: str
    last_name: str
    affiliations: list[AffiliationOut]
    email: str | None = Field(None, description="Only when the caller may see it")
    phone: str | None = Field(None, description="Only when the caller may see it")
    orcid: str | None = None
    website: str | None = None
    profile: ProfileOut | None = None


class MatchReasonOut(Schema):
    field: str
    words: list[str]


class ExpertOut(PersonOut):
    score: float
    explanation: str
    reasons: list[MatchReasonOut]


class ContactPersonOut(Schema):
    id: int
    name: str
    role: str
    organization: str
    email: str
    phone: str
    title: str


class UniversityContactsOut(Schema):
    university: str
    university_id: int
    source: str = Field(description="direct, association, office or general")
    shown_because: str
    contacts: list[ContactPersonOut]
    office: str | None = None
    office_email: str | None = None
    office_phone: str | None = None
    website: str | None = None


class MunicipalityContactsOut(Schema):
    municipality: str
    scb_code: str
    university_coordinators: list[ContactPersonOut]
    universities: list[UniversityContactsOut] = Field(
        description="Every university that concerns the municipality: a designated contact, a "
        "collaboration, an open offering in its county or an arena in common"
    )
    other_universities: list[UniversityContactsOut] = Field(
        description="Every other university, with its collaboration office or general details"
    )


class CollaborationFormOut(Schema):
    slug: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str


class PeopleFilters(Schema):
    q: str | None = Field(None, max_length=200, description="name, expertise or keyword")
    organization: int | None = Field(None, ge=1, description="organisation id (units included)")
    sdg: int | None = Field(None, ge=1, le=17)
    form: str | None = Field(None, pattern=r"^[a-z0-9-]+$", description="collaboration form slug")
    language: str | None = Field(None, pattern=r"^[a-z]{2}$", description="ISO 639-1 code")


def person_out(request: HttpRequest, person: Person) -> dict:
    """Only what the caller may see: contact details of designated contacts, of visible profiles
    and for logged-in users; the profile only when it is visible to the caller."""
    profile = getattr(person, "profile", None)
    visible_profile = profile if profile and can_view_profile(request.user, profile) else None
    logged_in = request.user.is_authenticated and request.user.is_active
    is_contact = bool(getattr(person, "active_contacts", False))
    show_contact = (
        logged_in or is_contact or visible_profile is not None or is_own(request.user, person)
    )
    data = {
        "id": person.pk,
        "name": person.full_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "affiliations": list(person.affiliations.all()),
        "email": person.email if show_contact else None,
        "phone": person.phone if show_contact else None,
        "orcid": person.orcid if visible_profile or logged_in else None,
        "website": person.website if visible_profile or logged_in else None,
        "profile": None,
    }
    if visible_profile is not None:
        data["profile"] = {
            "expertise_sv": visible_profile.expertise_sv,
            "expertise_en": visible_profile.expertise_en,
            "keywords": visible_profile.keywords,
            "languages": visible_profile.languages,
            "sdgs": [goal.number for goal in visible_profile.goals.all()],
            "forms": [form.slug for form in visible_profile.forms.all()],
            "availability": visible_profile.availability,
            "availability_note": visible_profile.availability_note,
        }
    return data


def _people_query(filters: PeopleFilters, experts_only: bool) -> PeopleQuery:
    organization = goal = form = None
    if filters.organization:
        organization = Organization.objects.filter(pk=filters.organization).first()
        if organization is None:
            raise HttpError(400, f"organization: no organisation has id {filters.organization}.")
    if filters.sdg:
        goal = Goal.objects.get(number=filters.sdg)
    if filters.form:
        form = CollaborationForm.objects.filter(slug=filters.form).first()
        if form is None:
            raise HttpError(400, f"form: no form of collaboration is called {filters.form}.")
    return PeopleQuery(
        text=filters.q or "",
        organization=organization,
        goal=goal,
        form=form,
        language=filters.language or "",
        experts_only=experts_only,
    )


def _load(ids: list[int]) -> dict[int, Person]:
    """People with details, each marked with whether they are a designated contact now."""
    people = load_people(ids)
    contacts = set(
        ContactAssignment.objects.filter(active(), person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    for person in people.values():
        person.active_contacts = person.pk in contacts
    return people


@router.get("/people", response=list[PersonOut], summary="People (public fields for visitors)")
@paginate(LimitOffsetPagination)
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> "LazyPeople":
    results = search_people(request.user, _people_query(filters, experts_only=False))
    return LazyPeople(request, results)


@router.get("/people/{person_id}", response={200: PersonOut, 404: ErrorOut}, summary="One person")
def get_person(request: HttpRequest, person_id: int) -> dict:
    person = _load([person_id]).get(person_id)
    if person is None or not can_view_person(request.user, person):
        raise Http404(f"No person with id {person_id}.")
    return person_out(request, person)


@router.get("/experts", response=list[ExpertOut], summary="Search experts")
@paginate(LimitOffsetPagination)
def list_experts(request: HttpRequest, filters: Query[PeopleFilters]) -> "LazyPeople":
    results = search_people(request.user, _people_query(filters, experts_only=True))
    return LazyPeople(request, results, with_reasons=True)


@router.get("/experts/{person_id}", response={200: PersonOut, 404: ErrorOut}, summary="One expert")
def get_expert(request: HttpRequest, person_id: int) -> dict:
    person = _load([person_id]).get(person_id)
    profile = getattr(person, "profile", None) if person else None
    if profile is None or not can_view_profile(request.user, profile):
        raise Http404(f"No expert with id {person_id}.")
    return person_out(request, person)


@router.get(
    "/municipalities/{code}/contacts",
    response={200: MunicipalityContactsOut, 404: ErrorOut},
    summary="Who the municipality should contact at each university",
    tags=["places"],
)
def municipality_contacts(request: HttpRequest, code: str) -> dict:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404(f"No municipality with SCB code {code}.")
    organization = Organization.objects.filter(municipality=municipality).first()
    contacts = contacts_for_municipality(
        municipality, active_universities(municipality, organization)
    )
    return {
        "municipality": municipality.organization_name,
        "scb_code": municipality.code,
        "university_coordinators": [_contact_out(a) for a in contacts.coordinators],
        "universities": [_university_out(entry) for entry in contacts.universities],
        "other_universities": [_university_out(entry) for entry in contacts.other_universities],
    }


def _university_out(entry: UniversityContacts) -> dict:
    return {
        "university": entry.university.name_sv,
        "university_id": entry.university.pk,
        "source": entry.source.value,
        "shown_because": str(entry.source.label),
        "contacts": [_contact_out(a) for a in entry.assignments]
        + [
            _office_person_out(affiliation, entry.university) for affiliation in entry.office_people
        ],
        "office": entry.office.name_sv if entry.office else None,
        "office_email": entry.office.email or None if entry.office else None,
        "office_phone": entry.office.phone or None if entry.office else None,
        "website": entry.university.website or None
        if entry.source == ContactSource.GENERAL
        else None,
    }


def _contact_out(assignment: ContactAssignment) -> dict:
    primary = getattr(assignment.person, "primary", [])
    return {
        "id": assignment.person.pk,
        "name": assignment.person.full_name,
        "role": assignment.role,
        "organization": assignment.organization.name_sv,
        "email": assignment.person.email,
        "phone": assignment.person.phone,
        "title": primary[0].title_sv if primary else "",
    }


def _office_person_out(affiliation: Affiliation, university: Organization) -> dict:
    return {
        "id": affiliation.person.pk,
        "name": affiliation.person.full_name,
        "role": "collaboration_office",
        "organization": university.name_sv,
        "email": affiliation.person.email,
        "phone": affiliation.person.phone,
        "title": affiliation.title_sv,
    }


@router.get(
    "/collaboration-forms",
    response=list[CollaborationFormOut],
    summary="Forms of collaboration",
    tags=["catalogue"],
)
def list_forms(request: HttpRequest) -> list[CollaborationForm]:
    return list(CollaborationForm.objects.all())


class LazyPeople:
    """A sequence over ranked results that loads people only for the slice the paginator takes."""

    def __init__(self, request: HttpRequest, results: list, with_reasons: bool = False) -> None:
        self.request, self.results, self.with_reasons = request, results, with_reasons

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, window: slice) -> list[dict]:
        chosen = self.results[window]
        people = _load([r.person_id for r in chosen])
        rows = []
        for result in chosen:
            row = person_out(self.request, people[result.person_id])
            if self.with_reasons:
                row["score"] = round(result.score, 3)
                row["reasons"] = [{"field": r.field, "words": r.words} for r in result.reasons]
                row["explanation"] = "; ".join(
                    f"{', '.join(r.words)} in {r.field}" for r in result.reasons
                )
            rows.append(row)
        return rows
