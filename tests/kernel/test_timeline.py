"""The timeline engine's rules, with two stand-in sources over the demo's activities and
collaborations (read only) in a registry of their own: order, kind and year filters, pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from samverkan.activities.models import Activity
from samverkan.collaborations.models import Collaboration
from samverkan.directory.models import Organization
from samverkan.kernel import timeline


def meeting_rows(ids, user):
    return timeline.timeline_rows(
        Activity.objects.filter(host_id__in=ids),
        date=TruncDate("starts_at"),
        title_sv=F("title_sv"),
        title_en=F("title_en"),
        event=Case(
            When(is_public=False, then=Value("internal")),
            default=Value(""),
            output_field=CharField(),
        ),
    )


def project_rows(ids, user):
    """Two rows a project: its start and, when it has one, its end."""
    projects = Collaboration.objects.filter(
        pk__in=Collaboration.organizations.through.objects.filter(organization_id__in=ids).values(
            "collaboration_id"
        ),
        starts_on__isnull=False,
    )
    return [
        timeline.timeline_rows(
            projects, date=F("starts_on"), title_sv=F("title_sv"), event="start"
        ),
        timeline.timeline_rows(
            projects.filter(ends_on__isnull=False),
            date=F("ends_on"),
            title_sv=F("title_sv"),
            event="end",
        ),
    ]


MEETINGS = timeline.TimelineSource(
    kind="meeting",
    name="Meetings",
    label="Meeting",
    rows=meeting_rows,
    url=lambda key: f"/meeting/{key}",
    events={"internal": "Internal meeting"},
    order=1,
)
PROJECTS = timeline.TimelineSource(
    kind="project",
    name="Projects",
    label="Project",
    rows=project_rows,
    url=lambda key: f"/project/{key}",
    events={"start": "Project starts", "end": "Project ends"},
    order=2,
)


@pytest.fixture
def registry(monkeypatch):
    """Only the two stand-in sources are registered while the test runs."""
    monkeypatch.setattr(timeline, "_registry", timeline.Registry())
    timeline.register(MEETINGS)
    timeline.register(PROJECTS)


@pytest.fixture
def hb(db) -> list[int]:
    return [Organization.objects.get(slug="hb").pk]


def expected(ids: list[int], kinds=("meeting", "project"), year: int | None = None) -> list:
    """(date, kind, url) of every row, by the rule: latest date first, then kind, then the
    latest primary key first."""
    rows = []
    if "meeting" in kinds:
        for activity in Activity.objects.filter(host_id__in=ids):
            day = timezone.localtime(activity.starts_at).date()
            rows.append((day, "meeting", activity.pk, f"/meeting/{activity.pk}"))
    if "project" in kinds:
        projects = Collaboration.objects.filter(
            parties__organization_id__in=ids, starts_on__isnull=False
        ).distinct()
        for project in projects:
            rows.append((project.starts_on, "project", project.pk, f"/project/{project.pk}"))
            if project.ends_on:
                rows.append((project.ends_on, "project", project.pk, f"/project/{project.pk}"))
    if year is not None:
        rows = [row for row in rows if row[0].year == year]
    rows.sort(key=lambda row: (-row[0].toordinal(), row[1], -row[2]))
    return [(day, kind, url) for day, kind, _pk, url in rows]


def shown(entries) -> list:
    return [(entry.date, entry.kind, entry.url) for entry in entries]


def test_entries_of_every_source_come_latest_date_first(registry, hb):
    rows = timeline.timeline(hb, AnonymousUser())
    entries = [timeline.entry(row) for row in rows]
    assert shown(entries) == expected(hb)
    assert {entry.kind for entry in entries} == {"meeting", "project"}


def test_a_source_with_several_querysets_gives_a_row_for_each(registry, hb):
    ended = Collaboration.objects.filter(
        parties__organization_id__in=hb, starts_on__isnull=False, ends_on__isnull=False
    ).first()
    assert ended is not None, "the demo has a finished collaboration of the university"
    labels = [
        entry.label
        for entry in map(timeline.entry, timeline.timeline(hb, AnonymousUser()))
        if entry.url == f"/project/{ended.pk}"
    ]
    assert sorted(labels) == ["Project ends", "Project starts"]


def test_an_event_without_a_label_gets_the_sources_label(registry, hb):
    entries = list(map(timeline.entry, timeline.timeline(hb, AnonymousUser())))
    internal = set(
        Activity.objects.filter(host_id__in=hb, is_public=False).values_list("pk", flat=True)
    )
    for entry in entries:
        if entry.kind == "meeting":
            pk = int(entry.url.rsplit("/", 1)[1])
            assert entry.label == ("Internal meeting" if pk in internal else "Meeting")


def test_the_english_title_is_shown_in_english_and_the_swedish_one_otherwise(registry, hb):
    activity = Activity.objects.filter(host_id__in=hb).exclude(title_en="").first()
    plain = Activity.objects.filter(host_id__in=hb, title_en="").first()
    query = timeline.TimelineQuery(kinds=("meeting",))
    rows = list(timeline.timeline(hb, AnonymousUser(), query))
    with translation.override("en"):
        titles = {entry.url: entry.title for entry in map(timeline.entry, rows)}
    assert titles[f"/meeting/{activity.pk}"] == activity.title_en
    if plain is not None:
        assert titles[f"/meeting/{plain.pk}"] == plain.title_sv
    with translation.override("sv"):
        swedish = {entry.url: entry.title for entry in map(timeline.entry, rows)}
    assert swedish[f"/meeting/{activity.pk}"] == activity.title_sv


def test_choosing_a_kind_leaves_the_other_sources_out_of_the_query(registry, hb):
    query = timeline.TimelineQuery(kinds=("project",))
    with CaptureQueriesContext(connection) as context:
        entries = timeline.timeline_page(hb, AnonymousUser(), query, 1, per_page=100)
    assert shown(entries.object_list) == expected(hb, kinds=("project",))
    assert not any("activities_activity" in q["sql"] for q in context.captured_queries)


def test_choosing_a_year_keeps_that_years_entries_of_every_source(registry, hb):
    for year in timeline.timeline_years(hb, AnonymousUser()):
        query = timeline.TimelineQuery(year=year)
        page = timeline.timeline_page(hb, AnonymousUser(), query, 1, per_page=100)
        assert shown(page.object_list) == expected(hb, year=year)
        assert page.object_list, year


def test_the_years_are_those_with_entries_latest_first(registry, hb):
    years = sorted({day.year for day, _kind, _url in expected(hb)}, reverse=True)
    assert timeline.timeline_years(hb, AnonymousUser()) == years


def test_pages_split_the_entries_in_order_with_a_count_and_a_page_query(registry, hb):
    every = expected(hb)
    assert len(every) > 6, "the demo gives the university enough entries for three pages"
    seen = []
    number = 1
    while True:
        with CaptureQueriesContext(connection) as context:
            page = timeline.timeline_page(hb, AnonymousUser(), timeline.TimelineQuery(), number, 3)
        assert len(context.captured_queries) == 2
        assert page.paginator.count == len(every)
        seen += shown(page.object_list)
        if not page.has_next():
            break
        number += 1
    assert seen == every


def test_the_latest_entries_are_the_first_of_the_timeline_in_one_query(registry, hb):
    with CaptureQueriesContext(connection) as context:
        latest = timeline.latest(hb, AnonymousUser(), count=4)
    assert len(context.captured_queries) == 1
    assert shown(latest) == expected(hb)[:4]


def test_without_sources_or_organisations_the_timeline_is_empty(monkeypatch, db):
    monkeypatch.setattr(timeline, "_registry", timeline.Registry())
    assert timeline.latest([1], AnonymousUser()) == []
    assert timeline.timeline_years([1], AnonymousUser()) == []
    timeline.register(MEETINGS)
    assert timeline.latest([], AnonymousUser()) == []
    assert (
        timeline.timeline_page([], AnonymousUser(), timeline.TimelineQuery(), 1).paginator.count
        == 0
    )


def test_a_kind_is_registered_once(registry):
    with pytest.raises(ValueError, match="meeting"):
        timeline.register(MEETINGS)


def test_the_filter_form_offers_the_registered_kinds_and_ignores_what_it_cannot_read(registry):
    form = timeline.TimelineFilterForm({"kind": ["project"], "year": "2026"}, [2027, 2026])
    assert [value for value, _name in form.fields["kind"].choices] == ["meeting", "project"]
    assert form.query() == timeline.TimelineQuery(kinds=("project",), year=2026)
    odd = timeline.TimelineFilterForm({"kind": ["agreement"], "year": "1999"}, [2026])
    assert odd.query() == timeline.TimelineQuery()
    assert "kind" in odd.errors and "year" in odd.errors
    assert timeline.TimelineFilterForm(None, []).query() == timeline.TimelineQuery()
