import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.site.demo import load_demo


def url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("sv", ["Hitta din kontakt", "Vad kan vi göra tillsammans?", "Beskriv ett behov"]),
        ("en", ["Find your contact", "What can we do together?", "Describe a need"]),
    ],
)
def test_home_offers_three_ways_in(client, db, lang, texts, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(url("site:home", lang))
    html = response.content.decode()
    for text in texts:
        assert text in html
    assert f'<html lang="{lang}"' in html
    assert url("places:municipality_list", lang) in html
    assert html.count('class="sdg-tile ') == 17
    assert "Västsvensk arena för hållbar utveckling" in html or "West Swedish Arena" in html


def test_root_redirects_to_swedish(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sv/"


def test_language_switch_links_to_the_same_page(client, db):
    html = client.get("/sv/kommuner/1490/").content.decode()
    assert 'href="/en/municipalities/1490/"' in html
    html = client.get("/en/municipalities/1490/").content.decode()
    assert 'href="/sv/kommuner/1490/"' in html


@pytest.mark.parametrize("name", ["site:accessibility", "site:privacy"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_statements_are_published(client, db, name, lang):
    response = client.get(url(name, lang))
    assert response.status_code == 200
    assert b"samverkan@example.se" in response.content


def test_footer_links_to_the_statements(client, db):
    html = client.get("/sv/").content.decode()
    assert "/sv/tillganglighet/" in html and "/sv/personuppgifter/" in html


def test_strict_security_headers(client, db):
    response = client.get("/sv/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_not_found_page_is_friendly(client, db):
    response = client.get("/sv/finns-inte/")
    assert response.status_code == 404
    assert "Vi hittar inte sidan" in response.content.decode()


def test_demo_is_idempotent(db):
    first = load_demo()
    second = load_demo()
    assert first == second
