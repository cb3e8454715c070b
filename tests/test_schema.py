"""The schema check reports every problem, each node's $ref resolved once per check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cppsctl.dataset.read import parse_document
from cppsctl.dataset.schema import check
from tests.conftest import MINIMAL


def parse(text: str) -> dict[str, Any]:
    document = parse_document(Path("data.toml"), text.encode(), [])
    assert document is not None
    return document.data


def test_problems_under_different_references_are_all_reported() -> None:
    text = MINIMAL.replace('label_en = "Youth"', 'label_en = ""').replace('themes = ["youth"]', "themes = []", 1)
    text = text.replace('kind = "official-page"', 'kind = "blog-post"').replace("number = 1", "number = 0")
    found = sorted((".".join(map(str, path)), message.split(":")[0]) for path, message in check(parse(text)))
    assert found == [
        ("contracts.0.priorities.0.actions.0.themes", "must have at least 1 item(s)"),
        ("contracts.0.priorities.0.number", "0 is below the minimum 1"),
        ("sources.0.kind", "'blog-post' is not one of"),
        ("themes.0.label_en", "must not be empty"),
    ]
    assert list(check(parse(MINIMAL))) == []
