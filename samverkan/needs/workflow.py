"""The default workflow every arena starts with, and the rules that read a need's state."""

from __future__ import annotations

from samverkan.arenas.models import Arena

from .models import MovesOn, Need, NeedState, Outcome

# (Swedish, English, colour, shown to the submitter, closes the need, outcome, moves on by itself)
DEFAULT_STATES = (
    ("Mottaget", "Received", "#4a5a6a", True, False, Outcome.NONE, MovesOn.NEVER),
    ("Förbereds", "Being prepared", "#7a5c00", False, False, Outcome.NONE, MovesOn.NEVER),
    ("Matchat", "Matched", "#1f5f99", True, False, Outcome.NONE, MovesOn.ACCEPTED),
    ("I dialog", "In dialogue", "#6a3d9a", True, False, Outcome.NONE, MovesOn.CONTACTED),
    (
        "Blev en samverkan",
        "Became a collaboration",
        "#1e6b3a",
        True,
        True,
        Outcome.COLLABORATION,
        MovesOn.NEVER,
    ),
    (
        "Avslutat utan samverkan",
        "Closed without collaboration",
        "#5b6770",
        True,
        True,
        Outcome.CLOSED,
        MovesOn.NEVER,
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
            moves_on=moves_on,
        )
        for index, (sv, en, colour, public, terminal, outcome, moves_on) in enumerate(
            DEFAULT_STATES
        )
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


def next_state(need: Need, trigger: str) -> NeedState | None:
    """The state the coordinator's action (``MovesOn``) moves the need to, when the arena asks
    for it: only forward from an open state, never back and never out of a closed one."""
    if need.state is None or need.state.is_terminal:
        return None
    later = [
        state
        for state in ensure_default_states(need.arena)
        if state.moves_on == trigger and state.position > need.state.position
    ]
    return later[0] if later else None
