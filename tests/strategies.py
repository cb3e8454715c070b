"""Hypothesis strategies that generate valid datasets (as the TOML structure) for property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

THEMES = [
    {"id": "youth", "label_fr": "Jeunesse", "label_en": "Youth"},
    {"id": "night-life", "label_fr": "Vie nocturne", "label_en": "Night life"},
    {"id": "victims", "label_fr": "Aide aux victimes", "label_en": "Victim support"},
]
SOURCE = {"id": "src", "url": "https://example.org/page", "kind": "official-page"}

# Titles: real French typography plus arbitrary printable text.
FRENCH = "abcdefghijklmnopqrstuvwxyzéèêàâçôûœæ’'«» \u00a0-:ABCDEÉÈÇŒ"
titles = st.one_of(
    st.text(alphabet=FRENCH, min_size=1, max_size=60),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40),
).filter(lambda t: t.strip() != "")

optional_text = st.none() | st.text(alphabet=FRENCH, min_size=1, max_size=30).filter(lambda t: t.strip() != "")
partial_dates = st.builds(
    lambda y, m, d, precision: (
        str(y) if precision == 0 else f"{y}-{m:02d}" if precision == 1 else f"{y}-{m:02d}-{d:02d}"
    ),
    st.integers(1990, 2030),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@st.composite
def datasets(draw: st.DrawFn, max_contracts: int = 3) -> dict[str, Any]:
    """A valid dataset: Paris-wide contracts and contracts of the 11th, with optional fields present or not."""
    contracts = []
    count = draw(st.integers(1, max_contracts))
    for index in range(count):
        local = draw(st.booleans())
        start = 2000 + index * 5
        contract: dict[str, Any] = {
            "id": f"c{index}-{'local' if local else 'paris'}",
            "kind": "CPSA" if local else "CPPS",
            "name": draw(titles),
            "sources": ["src"],
        }
        if local:
            contract["arrondissement"] = 11
        if draw(st.booleans()):
            contract["start_year"] = start
            if draw(st.booleans()):
                contract["end_year"] = start + draw(st.integers(0, 6))
        if draw(st.booleans()):
            contract["signed_on"] = draw(partial_dates)
        for key in ("partners", "signatories"):
            if draw(st.booleans()):
                contract[key] = draw(st.lists(titles, max_size=3))
        if draw(st.booleans()):
            contract["events"] = [{"date": draw(partial_dates), "label": draw(titles), "source": "src"}]
        priorities: list[dict[str, Any]] = []
        listed = 0
        for number in range(1, draw(st.integers(1, 3)) + 1):
            actions = [
                {"title": draw(titles), "themes": draw(st.lists(st.sampled_from(["youth", "night-life", "victims"]),
                                                                 min_size=1, max_size=2, unique=True))}
                for _ in range(draw(st.integers(0, 4)))
            ]  # fmt: skip
            listed += len(actions)
            priorities.append({"number": number, "title": draw(titles), "actions": actions})
        contract["priorities"] = priorities
        partial = draw(st.booleans())
        if partial:
            contract["complete"] = False
            contract["declared_action_count"] = listed + draw(st.integers(0, 5))
        elif draw(st.booleans()):
            contract["declared_action_count"] = listed
        if priorities[0]["actions"] and draw(st.booleans()):
            first = priorities[0]["actions"][0]
            contract["errata"] = [
                {"target": "1.1", "field": "title", "original": first["title"] + "x", "corrected": first["title"]}
            ]
        contracts.append(contract)
    # Lineage: a later action continues an earlier one of the same scope, or declines a Paris-wide one.
    ids = {
        c["id"]: [f"{c['id']}/{p['number']}.{i}" for p in c["priorities"] for i in range(1, len(p["actions"]) + 1)]
        for c in contracts
    }
    for later_index, later in enumerate(contracts):
        for earlier in contracts[:later_index]:
            if not ids[earlier["id"]] or not ids[later["id"]] or not draw(st.booleans()):
                continue
            target = draw(st.sampled_from(ids[earlier["id"]]))
            action = later["priorities"][0]["actions"][0] if later["priorities"][0]["actions"] else None
            if action is None:
                continue
            if later.get("arrondissement") == earlier.get("arrondissement"):
                action.setdefault("continues", []).append(target)
            elif earlier.get("arrondissement") is None:
                action.setdefault("declines", []).append(target)
    return {"format_version": 1, "themes": THEMES, "sources": [SOURCE], "contracts": contracts}
