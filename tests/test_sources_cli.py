"""``cppsctl sources``: every source with the contracts citing it, in every output format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cppsctl.model import Dataset
from cppsctl.output.records import SOURCE_FIELDS
from tests.conftest import MINIMAL, Invoke, write

# MINIMAL plus a second source, cited only by an event, and a third one cited by nothing.
EXTRA = """
[[sources]]
id = "other"
url = "https://example.org/other"
kind = "press-article"
title = "Un article"
updated_on = "2024-05"
published_on = "2024-04-30"
note = "Cited by an event only."

[[sources]]
id = "unused"
url = "https://example.org/unused"
kind = "blog"

[[contracts.events]]
date = "2030-01-15"
label = "Signature"
source = "other"
"""


def _dataset(tmp_path: Path) -> Path:
    return write(tmp_path, MINIMAL + EXTRA)


def test_json_records(tmp_path: Path, invoke_json: Callable[..., Any]) -> None:
    records = invoke_json("sources", "--data", str(_dataset(tmp_path)))
    assert [r["id"] for r in records] == ["src", "other", "unused"]
    assert all(list(r) == list(SOURCE_FIELDS) for r in records)
    src, other, unused = records
    assert src == {
        "id": "src",
        "kind": "official-page",
        "url": "https://example.org/page",
        "title": None,
        "updated_on": None,
        "published_on": None,
        "note": None,
        "contracts": ["cpps-2030-2035"],
    }
    assert other["title"] == "Un article"
    assert other["updated_on"] == "2024-05"
    assert other["published_on"] == "2024-04-30"
    assert other["contracts"] == ["cpps-2030-2035"]  # cited by an event, not in the contract's sources
    assert unused["contracts"] == []


def test_fields_sort_limit(tmp_path: Path, invoke_json: Callable[..., Any]) -> None:
    data = str(_dataset(tmp_path))
    records = invoke_json("sources", "--data", data, "--fields", "id,kind", "--sort", "-id", "--limit", "2")
    assert records == [{"id": "unused", "kind": "blog"}, {"id": "src", "kind": "official-page"}]
    dated = invoke_json("sources", "--data", data, "--sort", "updated_on", "--fields", "id")
    assert dated[0] == {"id": "other"}  # the only dated source first, unknown dates last


def test_jsonl(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("sources", "--data", str(_dataset(tmp_path)), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["src", "other", "unused"]


def test_csv_and_bom(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("sources", "--data", str(_dataset(tmp_path)), "--format", "csv", "--bom")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(SOURCE_FIELDS)
    assert rows[0]["contracts"] == "cpps-2030-2035"
    assert rows[2]["contracts"] == ""


def test_tsv_markdown_table(tmp_path: Path, invoke: Invoke) -> None:
    data = str(_dataset(tmp_path))
    tsv = invoke("sources", "--data", data, "--format", "tsv", "--fields", "id,url")
    assert tsv.exit_code == 0, tsv.stderr
    assert tsv.stdout.splitlines()[:2] == ["id\turl", "src\thttps://example.org/page"]
    markdown = invoke("sources", "--data", data, "--format", "markdown", "--fields", "id,contracts")
    assert markdown.exit_code == 0, markdown.stderr
    assert "| src | cpps-2030-2035 |" in markdown.stdout.splitlines()
    table = invoke("sources", "--data", data)
    assert table.exit_code == 0, table.stderr
    assert "https://example.org/unused" in table.stdout


def test_unknown_field_is_a_usage_error(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("sources", "--data", str(_dataset(tmp_path)), "--fields", "id,urls")
    assert result.exit_code == 2
    assert "unknown field 'urls'" in result.stderr


def test_invalid_dataset(tmp_path: Path, invoke: Invoke) -> None:
    bad = write(tmp_path, MINIMAL.replace('sources = ["src"]', 'sources = ["nope"]'))
    result = invoke("sources", "--data", str(bad))
    assert result.exit_code == 3
    assert "unknown source 'nope'" in result.stderr


def test_bundled_dataset(dataset: Dataset, invoke_json: Callable[..., Any]) -> None:
    records = invoke_json("sources")
    assert [r["id"] for r in records] == [s.id for s in dataset.sources]
    by_id = {r["id"]: r for r in records}
    for contract in dataset.contracts:
        for source_id in contract.sources:
            assert contract.id in by_id[source_id]["contracts"]
    assert all(r["contracts"] for r in records), "every bundled source is cited by a contract"
    assert "cpsa-11-2022-2026" in by_id["mairie11-9966"]["contracts"]
