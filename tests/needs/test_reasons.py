"""A suggestion's reason is written in the reader's language, whatever language it was found in."""

from django.utils import translation

from samverkan.needs import services


def test_the_coordinator_reads_a_suggestions_reason_in_their_own_language(client_as, make_need):
    with translation.override("sv"):
        need = make_need("partner")
    suggestion = need.matches.exclude(reasons={}).first()
    assert suggestion is not None
    with translation.override("sv"):
        swedish = suggestion.reason
    with translation.override("en"):
        english = suggestion.reason
        page = client_as("coordinator").get(need.get_absolute_url()).content.decode()
    assert swedish != english
    assert english in page and swedish not in page


def test_an_open_challenge_elsewhere_is_suggested_but_a_need_never_for_itself(make_need, demo_user):
    earlier = make_need("partner", is_public=True)
    later = make_need(None, is_public=True, contact_email="per.lind@example.se")
    suggested = set(later.matches.filter(kind="need").values_list("object_id", flat=True))
    assert earlier.pk in suggested
    earlier.suggestions = {}  # rank again, now that it is itself in the index
    again = services.draft_suggestions(earlier, demo_user("partner"))
    assert earlier.pk not in [r.id for r in again.results if r.kind == "need"]
