"""How figures and relations are worded for people, the same on a terminal and in the HTML report."""

from __future__ import annotations

JOINS: dict[str, str] = {"periods": "→", "declination": "and", "scopes": "and"}
"""The word between two compared contracts: an arrow only from one period to the next of a scope."""


def share_text(exact: float | None, at_least: float | None, at_most: float | None) -> str:
    """A share: ``9.4 %`` exactly, ``3.2-61.3 %`` a range, ``≥ 9.4 %`` its upper bound open, ``?`` unknown."""
    if exact is not None:
        return f"{exact:.1f} %"
    if at_least is None:
        return "?"
    if at_most is None:
        return f"≥ {at_least:.1f} %"
    return f"{at_least:.1f}-{at_most:.1f} %"


def count_of(total: int | None, known: int) -> str:
    """A count of which only part may be known: ``7``, ``2 of 31``, ``3 of ?``."""
    return f"{known} of ?" if total is None else str(total) if total == known else f"{known} of {total}"
