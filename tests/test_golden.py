"""Golden files: what users see, per command and format, pinned (tests/golden/README.md says how to update)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Invoke

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CPPSCTL_UPDATE_GOLDEN") == "1"

CASES: dict[str, list[str]] = {
    "list": ["list"],
    "actions": ["actions", "-a", "11"],
    "show": ["show", "cpsa-11-2022-2026"],
    "show-action": ["show", "cpsa-11-2016-2020/3.4"],
    "search": ["search", "jeunes"],
    "themes": ["themes"],
    "sources": ["sources"],
    "validate": ["validate"],
    "compare": ["compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026"],
    "compare-paris": ["compare", "cpsa-11-2016-2020", "cpps-2015-2020"],
    "history": ["history", "cpsa-11-2022-2026/3.2"],
    "history-theme": ["history", "night-life"],
    "timeline": ["timeline"],
    "matrix": ["matrix"],
    "sql": ["sql", "SELECT kind, count(*) AS n, min(start_year) AS first FROM contracts GROUP BY kind ORDER BY kind"],
}
FORMATS: dict[str, tuple[list[str], str]] = {
    # name: (extra arguments, terminal width)
    "table": ([], "100"),
    "table-80": ([], "80"),
    "table-120": ([], "120"),
    "json": (["--format", "json"], "100"),
    "jsonl": (["--format", "jsonl"], "100"),
    "csv": (["--format", "csv"], "100"),
    "tsv": (["--format", "tsv"], "100"),
    "markdown": (["--format", "markdown"], "100"),
}


def check(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: CPPSCTL_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    assert text == path.read_text(encoding="utf-8"), f"differs from {path.relative_to(GOLDEN.parent)}"


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", list(CASES))
def test_golden(invoke: Invoke, case: str, fmt: str) -> None:
    extra, width = FORMATS[fmt]
    result = invoke(*CASES[case], *extra, env={"COLUMNS": width, "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.stderr
    text = result.stdout + (f"--- stderr\n{result.stderr}" if result.stderr else "")
    check(GOLDEN / case / f"{fmt}.txt", text)


def test_golden_report_html(invoke: Invoke) -> None:
    result = invoke("report", "--html", "-", "--compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026")
    assert result.exit_code == 0, result.stderr
    check(GOLDEN / "report" / "html.txt", result.stdout)


def test_golden_export(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "cpps.db"
    result = invoke("export", "--format", "sqlite", str(target))
    assert result.exit_code == 0, result.stderr
    check(GOLDEN / "export" / "stderr.txt", result.stderr.replace(str(target), "cpps.db"))


def test_no_stray_golden_file() -> None:
    expected = {f"{case}/{fmt}.txt" for case in CASES for fmt in FORMATS} | {"report/html.txt", "export/stderr.txt"}
    found = {str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.txt")}
    assert found <= expected, f"golden files no test reads: {sorted(found - expected)}"
