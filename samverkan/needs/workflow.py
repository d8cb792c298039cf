"""The default workflow every arena starts with, and the rules that read a need's state."""

from __future__ import annotations

from samverkan.arenas.models import Arena

from .models import Need, NeedState, Outcome

# (Swedish, English, colour, shown to the submitter, closes the need, outcome)
DEFAULT_STATES = (
    ("Mottaget", "Received", "#4a5a6a", True, False, Outcome.NONE),
    ("Förbereds", "Being prepared", "#7a5c00", False, False, Outcome.NONE),
    ("Matchat", "Matched", "#1f5f99", True, False, Outcome.NONE),
    ("I dialog", "In dialogue", "#6a3d9a", True, False, Outcome.NONE),
    (
        "Blev en samverkan",
        "Became a collaboration",
        "#1e6b3a",
        True,
        True,
        Outcome.COLLABORATION,
    ),
    (
        "Avslutat utan samverkan",
        "Closed without collaboration",
        "#5b6770",
        True,
        True,
        Outcome.CLOSED,
    ),
)


def ensure_default_states(arena: Arena) -> list[NeedState]:
    """The arena's states, creating the defaults for an arena that has none."""
    states = list(arena.need_states.all())
    if states:
        return states
    return NeedState.objects.bulk_create(
        NeedState(
            arena=arena,
            name_sv=sv,
            name_en=en,
            colour=colour,
            position=(index + 1) * 10,
            is_public=public,
            is_terminal=terminal,
            outcome=outcome,
        )
        for index, (sv, en, colour, public, terminal, outcome) in enumerate(DEFAULT_STATES)
    )


def initial_state(arena: Arena) -> NeedState:
    return ensure_default_states(arena)[0]


def outcome_state(arena: Arena, outcome: str) -> NeedState | None:
    return next((s for s in ensure_default_states(arena) if s.outcome == outcome), None)


def shown_state(need: Need, states: list[NeedState]) -> NeedState | None:
    """What the submitter sees: the need's state when it is public, otherwise the last public
    state before it in the arena's order (``states`` are the arena's states, in order)."""
    if need.state is None:
        return None
    if need.state.is_public:
        return need.state
    earlier = [s for s in states if s.is_public and s.position <= need.state.position]
    return earlier[-1] if earlier else None
