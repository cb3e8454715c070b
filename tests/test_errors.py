"""Every error path of the CLI: its exact one-line message on stderr, its exit code, nothing on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cppsctl
from tests.conftest import MINIMAL, Invoke, write

E = "cppsctl: error: "


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["list", "--fields", ","], 2, "--fields: give at least one field name"),
        (["list", "--kind", "CPAS"], 2, "unknown kind 'CPAS' (did you mean 'CPS' or 'CPSA' or 'CPPS'?)"),
        (["list", "-a", "0e"], 2, "invalid arrondissement '0e': expected 1 to 20, or 'paris' for Paris-wide"),
        (["actions", "--theme", "nightlife"], 2, "unknown theme 'nightlife' (did you mean 'night-life'?)"),
        (
            ["actions", "--contract", "cps-2001"],
            2,
            "unknown contract 'cps-2001' (did you mean 'cps-2009' or 'cps-2000' or 'cpsa-12-2016'?)",
        ),
        (["search", "’", "«"], 2, "empty search: give at least one word"),
        (["show", "cpsa-11-2016-2020/9.9"], 2, None),
        (["compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026", "--only", ","], 2, None),
        (
            ["compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026", "--threshold", "1.5"],
            2,
            "the similarity threshold must be above 0 and at most 1, not 1.5",
        ),
        (["history", "cenomd"], 2, "unknown action or theme 'cenomd' (did you mean 'cenomed'?)"),
        (["sql", "DELETE FROM actions"], 2, "not allowed: DELETE FROM actions (only read-only queries can run)"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_usage_errors(invoke: Invoke, args: list[str], code: int, message: str | None) -> None:
    result = invoke(*args)
    assert result.exit_code == code and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(E)
    if message is not None:
        assert lines[0] == E + message


def test_writing_into_a_missing_folder(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "r.html"
    for args in (["report", "--html", str(target)], ["export", "--format", "sqlite", str(target)]):
        result = invoke(*args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"{E}{target}: folder {target.parent} does not exist\n"


def test_writing_onto_a_folder(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("report", "--html", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr or "directory" in result.stderr.lower()


def test_a_folder_named_like_a_dataset_file(invoke: Invoke, tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "a.toml")
    (tmp_path / "b.toml").mkdir()
    result = invoke("list", "--data", str(tmp_path))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{E}{tmp_path / 'b.toml'}: is a folder, not a dataset file\n"


def test_a_missing_dataset(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("actions", "--data", str(tmp_path / "gone.toml"))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{E}{tmp_path / 'gone.toml'}: no such file or folder\n"


def test_many_problems_are_capped_with_a_pointer_to_validate(invoke: Invoke, tmp_path: Path) -> None:
    bad = MINIMAL.replace('themes = ["youth"]', 'themes = ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",'
                          ' "x10", "x11", "x12"]')  # fmt: skip
    path = write(tmp_path, bad)
    found = len(cppsctl.validate([path]))
    assert found == 24
    result = invoke("list", "--data", str(path))
    lines = result.stderr.splitlines()
    assert result.exit_code == 3 and len(lines) == 21
    assert lines[-1] == f"{E}... and 4 more; run 'cppsctl validate' for all"
    assert len(invoke("validate", str(path)).stdout.splitlines()) == found + 1  # every problem, then the verdict


def test_a_check_stops_after_its_most_problems(invoke: Invoke, tmp_path: Path) -> None:
    from cppsctl.dataset.checks import MAX_PROBLEMS
    from cppsctl.dataset.schema import check

    extra = MAX_PROBLEMS + 500
    path = tmp_path / "many.toml"
    path.write_text(MINIMAL + "".join(f"k{i} = 1\n" for i in range(extra)), encoding="utf-8")
    problems = cppsctl.validate([path])
    assert len(problems) == MAX_PROBLEMS + 1  # the first ones, in file order, then a note
    assert problems[0].message.startswith("unknown key 'k0'") and problems[0].line is not None
    assert problems[-1].message == f"more problems; the check stopped after the first {MAX_PROBLEMS:,}"
    result = invoke("validate", str(path), "--format", "json")
    assert result.exit_code == 3 and len(json.loads(result.stdout)["problems"]) == MAX_PROBLEMS + 1
    # The schema check itself stops at its limit, and finds them all without one.
    data: dict[str, object] = {f"k{i}": 1 for i in range(10)}
    assert len(list(check(data, limit=3))) == 3
    assert len(list(check(data))) == 10 + 1  # every unknown key, and the one required key missing
