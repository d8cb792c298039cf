"""The demo needs read like real ones: no text told twice, and ages that fit their state."""

from django.utils import timezone

from samverkan.needs.demo import AGES, DEMO_DOMAIN, PLAN
from samverkan.needs.models import Need, NeedEvent


def demo_needs():
    return Need.objects.filter(contact_email__endswith=DEMO_DOMAIN).select_related("state")


def test_no_need_text_is_repeated_word_for_word(db):
    texts = list(demo_needs().values_list("text", flat=True))
    assert len(texts) == sum(PLAN)
    assert len(set(texts)) == len(texts)


def test_each_state_has_needs_of_a_plausible_age(db):
    now = timezone.now()
    by_state: dict[str, list[int]] = {}
    for need in demo_needs():
        by_state.setdefault(need.state.name_en, []).append((now - need.submitted_at).days)
    states = [
        "Received",
        "Being prepared",
        "Matched",
        "In dialogue",
        "Became a collaboration",
        "Closed without collaboration",
    ]
    assert [len(by_state[name]) for name in states] == list(PLAN)
    for name, (low, high) in zip(states, AGES, strict=True):
        assert all(low - 1 <= days <= high for days in by_state[name]), (name, by_state[name])
    # Nothing public waits in Received for more than a couple of weeks.
    assert all(days <= 14 for days in by_state["Received"])
    for need in demo_needs():
        events = NeedEvent.objects.filter(need=need)
        assert all(need.submitted_at <= e.created_at <= now for e in events)
