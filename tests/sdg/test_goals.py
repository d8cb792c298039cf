import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.kernel.colour import contrast_ratio as contrast
from samverkan.sdg.models import Goal, Target

SDG_CSS = Path(__file__).resolve().parents[2] / "samverkan/sdg/static/sdg/sdg.css"


def test_seventeen_goals_and_169_targets_in_both_languages(db):
    assert Goal.objects.count() == 17
    assert Target.objects.count() == 169
    for goal in Goal.objects.all():
        assert goal.title_sv and goal.title_en and goal.short_sv and goal.short_en
        assert goal.title_sv != goal.title_en
    for target in Target.objects.all():
        assert target.title_sv and target.title_en and target.title_sv != target.title_en
        assert target.code.split(".")[0] == str(target.goal.number)


def test_official_colours_and_dimensions(db):
    assert Goal.objects.get(number=7).colour.upper() == "#FCC30B"
    assert Goal.objects.get(number=13).dimension == "ecological"
    assert Goal.objects.get(number=8).dimension == "economic"
    assert Goal.objects.get(number=17).dimension == "cross-cutting"
    assert set(Goal.objects.values_list("dimension", flat=True)) == {
        "ecological",
        "social",
        "economic",
        "cross-cutting",
    }


def test_badge_text_is_readable_on_every_goal_colour(db):
    for goal in Goal.objects.all():
        assert contrast(goal.colour, goal.text_colour) >= 4.5, goal.number


def test_badge_style_sheet_matches_the_database(db):
    css = SDG_CSS.read_text()
    for goal in Goal.objects.all():
        rule = re.search(rf"\.sdg-{goal.number} \{{ --sdg-colour: (#\w+); --sdg-text: (#\w+);", css)
        assert rule, goal.number
        assert rule.group(1).lower() == goal.colour.lower()
        assert rule.group(2) == goal.text_colour


def test_targets_are_in_natural_order(db):
    codes = list(Target.objects.filter(goal__number=8).values_list("code", flat=True))
    assert codes[8:12] == ["8.9", "8.10", "8.a", "8.b"]


@pytest.mark.parametrize(
    ("lang", "title"), [("sv", "Hållbar energi för alla"), ("en", "Affordable and clean energy")]
)
def test_goal_page_lists_its_targets(client, db, lang, title, django_assert_max_num_queries):
    with translation.override(lang):
        page = reverse("sdg:goal", kwargs={"number": 7})
    with django_assert_max_num_queries(4):
        response = client.get(page)
    html = response.content.decode()
    assert response.status_code == 200
    assert title in html
    assert html.count('class="sdg-targets__code"') == 5


def test_goal_index_groups_goals_by_dimension(client, db):
    with translation.override("sv"):
        response = client.get(reverse("sdg:goal_list"))
    html = response.content.decode()
    assert "Ekologisk hållbarhet" in html
    assert html.count('class="sdg-tile ') == 17


def test_unknown_goal_is_404(client, db):
    assert client.get("/sv/globala-malen/18/").status_code == 404
