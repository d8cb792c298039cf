"""The search-source registry: matching knows no domain app, and a kind registered from outside
is indexed, matched, kept current and checked against its own visibility rule."""

import ast
from pathlib import Path

import pytest
from django.db.models import Count, QuerySet

import samverkan
from samverkan.catalogue.models import Offering
from samverkan.collaborations.models import Collaboration, CollaborationParty, PartyRole
from samverkan.directory.models import ExpertProfile, Organization
from samverkan.kernel import searchable
from samverkan.kernel.searchable import Source
from samverkan.matching.indexing import reindex
from samverkan.matching.models import Document
from samverkan.matching.search import search
from samverkan.matching.services import MatchError, match
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

DOMAIN_APPS = ("directory", "catalogue", "collaborations", "needs")
PLACE = "test_place"


def _imports(path: Path, package: str) -> list[str]:
    """Every module a file imports, at any depth (function-level imports too), made absolute."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.extend([module, *(f"{module}.{alias.name}" for alias in node.names)])
    return found


def test_matching_imports_no_domain_app():
    root = Path(samverkan.__file__).parent
    offending = []
    for path in sorted((root / "matching").rglob("*.py")):
        name = path.relative_to(root.parent)
        parts = name.with_suffix("").parts
        package = ".".join(parts if path.name == "__init__.py" else parts[:-1])
        for module in _imports(path, package):
            if module.split(".")[:2] in [["samverkan", app] for app in DOMAIN_APPS]:
                offending.append(f"{name}: {module}")
    assert offending == []


def _places(municipalities: QuerySet[Municipality]) -> list[Source]:
    return [
        Source(
            kind=PLACE,
            object_id=place.pk,
            title=place.name,
            body=f"{place.name} ligger i {place.county.name}.",
            counties=[place.county.code],
        )
        for place in municipalities.select_related("county")
    ]


def _members_only(user, ids: list[int]) -> set[int]:
    """Visitors see no place; logged-in users every place but those of county 01."""
    if not user.is_authenticated:
        return set()
    return set(
        Municipality.objects.filter(pk__in=ids)
        .exclude(county__code="01")
        .values_list("pk", flat=True)
    )


@pytest.fixture
def place_kind(db):
    """Municipalities as a kind of their own, registered here only and removed afterwards."""
    searchable.register(
        searchable.SearchSource(
            kind=PLACE, label="Places", model=Municipality, build=_places, visible=_members_only
        )
    )
    yield
    searchable.unregister(PLACE)


def test_a_registered_kind_is_indexed_and_matched(place_kind, demo_user):
    reindex(PLACE)
    assert Document.objects.filter(kind=PLACE).count() == Municipality.objects.count()
    borås = Municipality.objects.get(name="Borås")
    found = match("Borås", kinds=[PLACE], user=demo_user("coordinator")).results
    assert [(result.kind, result.id) for result in found][:1] == [(PLACE, borås.pk)]


def test_saving_an_object_of_a_registered_kind_reindexes_it(
    place_kind, demo_user, django_capture_on_commit_callbacks
):
    reindex(PLACE)
    place = Municipality.objects.exclude(county__code="01").first()
    with django_capture_on_commit_callbacks(execute=True):
        place.name = "Snöklockeby"
        place.save()
    found = match("Snöklockeby", kinds=[PLACE], user=demo_user("partner")).results
    assert [result.id for result in found][:1] == [place.pk]


def test_match_applies_the_visibility_rule_of_the_kind(place_kind, demo_user):
    reindex(PLACE)
    text = "Stockholm Göteborg Borås Sundbyberg"
    visitor = match(text, kinds=[PLACE], top=50)
    member = match(text, kinds=[PLACE], top=50, user=demo_user("partner"))
    assert visitor.results == []
    shown = set(Municipality.objects.filter(pk__in=[r.id for r in member.results]))
    assert shown
    assert all(place.county.code != "01" for place in shown)
    assert member.total[PLACE] == len(member.results)


def test_the_search_page_links_hits_of_a_registered_kind(place_kind, demo_user):
    reindex(PLACE)
    borås = Municipality.objects.get(name="Borås")
    results = search(demo_user("partner"), "Borås", kind=PLACE)
    assert results.groups[0].label == "Places"
    assert results.groups[0].hits[0].url == borås.get_absolute_url()


def test_an_unregistered_kind_is_unknown_and_no_longer_followed(
    db, django_capture_on_commit_callbacks
):
    searchable.register(
        searchable.SearchSource(
            kind=PLACE, label="Places", model=Municipality, build=_places, visible=_members_only
        )
    )
    searchable.unregister(PLACE)
    with django_capture_on_commit_callbacks(execute=True):
        Municipality.objects.first().save()
    assert not Document.objects.filter(kind=PLACE).exists()
    with pytest.raises(MatchError):
        match("Borås", kinds=[PLACE])


def test_the_domain_kinds_keep_their_names():
    assert {"expert", "offering", "collaboration", "organization", "need", "activity"} <= set(
        searchable.kinds()
    )
    assert list(searchable.MATCHED) == ["expert", "offering", "collaboration", "activity"]


def test_a_kind_is_registered_once_and_named_safely(db):
    existing = searchable.get("expert")
    with pytest.raises(ValueError):
        searchable.register(existing)
    with pytest.raises(ValueError):
        searchable.register(
            searchable.SearchSource(
                kind="x'; DROP", label="", model=Municipality, build=_places, visible=_members_only
            )
        )


def test_a_new_name_reaches_the_persons_expert_document(db, django_capture_on_commit_callbacks):
    profile = ExpertProfile.objects.select_related("person").first()
    with django_capture_on_commit_callbacks(execute=True):
        profile.person.first_name = "Zebulon"
        profile.person.save()
    assert Document.objects.get(kind="expert", object_id=profile.pk).title == (
        profile.person.full_name
    )


def test_goals_linked_from_the_goal_side_reach_the_offering(db, django_capture_on_commit_callbacks):
    offering = Offering.objects.exclude(goals__number=14).first()
    with django_capture_on_commit_callbacks(execute=True):
        Goal.objects.get(number=14).offerings.add(offering)
    assert 14 in Document.objects.get(kind="offering", object_id=offering.pk).goals


def test_a_new_party_reaches_the_collaborations_document(db, django_capture_on_commit_callbacks):
    collaboration = Collaboration.objects.annotate(parties_count=Count("parties")).filter(
        parties_count__lt=3
    )[0]
    organization = Organization.objects.exclude(
        collaboration_parties__collaboration=collaboration
    ).first()
    with django_capture_on_commit_callbacks(execute=True):
        CollaborationParty.objects.create(
            collaboration=collaboration, organization=organization, role=PartyRole.PARTNER
        )
    document = Document.objects.get(kind="collaboration", object_id=collaboration.pk)
    assert str(organization) in document.subtitle
