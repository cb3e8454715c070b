"""Shell completion offers contract, action and theme ids from the dataset."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cppsctl.cli.app import app
from tests.conftest import MINIMAL, write


def complete(words: str, extra_env: dict[str, str] | None = None) -> list[str]:
    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    env = {"_CPPSCTL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword, **(extra_env or {})}
    result = CliRunner().invoke(app, [], env=env, prog_name="cppsctl")
    assert result.exit_code == 0
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("cppsctl show cpsa-11", ["cpsa-11-2016-2020", "cpsa-11-2022-2026"]),
        ("cppsctl show cpsa-11-2022-2026/3", ["cpsa-11-2022-2026/3.1", "cpsa-11-2022-2026/3.2"]),
        ("cppsctl actions --contract cpps-2015", ["cpps-2015-2020"]),
        ("cppsctl actions --theme night", ["night-life"]),
        ("cppsctl actions -t zzz", []),
        ("cppsctl compare cpsa-11-2016", ["cpsa-11-2016-2020"]),
        ("cppsctl compare cpsa-11-2016-2020 cpps-", ["cpps-2015-2020", "cpps-2023-2026"]),
        ("cppsctl history ceno", ["cenomed"]),
        (
            "cppsctl history cpsa-11-2022-2026/1",
            ["cpsa-11-2022-2026/1.1", "cpsa-11-2022-2026/1.2", "cpsa-11-2022-2026/1.3"],
        ),
        ("cppsctl list --fields sig", ["signed_on", "signature_confirmed"]),
        ("cppsctl list --fields id,sig", ["id,signed_on", "id,signature_confirmed"]),
        ("cppsctl actions --sort pos", ["position"]),
        ("cppsctl compare a b --only rem", ["removed"]),
        ("cppsctl list -a 1", ["1", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"]),
        ("cppsctl list -k cp", ["cpps", "cpsa", "cps"]),
        ("cppsctl list -k CP", ["CPPS", "CPSA", "CPS"]),
        ("cppsctl list -k CPPS,CS", ["CPPS,CSA"]),
        ("cppsctl matrix -c cpps-2015", ["cpps-2015-2020"]),
        ("cppsctl timeline -a pa", ["paris"]),
    ],
)
def test_ids_complete(words: str, expected: list[str]) -> None:
    assert complete(words) == expected


def test_completion_reads_the_selected_dataset(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    assert complete("cppsctl show cpps-", {"CPPSCTL_DATA": str(path)}) == ["cpps-2030-2035"]
    assert complete(f"cppsctl show --data {path} cpps-") == ["cpps-2030-2035"]


def test_completion_of_a_broken_dataset_is_silent(tmp_path: Path) -> None:
    path = write(tmp_path, "not toml [")
    assert complete("cppsctl show cp", {"CPPSCTL_DATA": str(path)}) == []


def test_completion_reads_the_cache_not_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A TAB costs a cached load: once the dataset is cached, completing never parses it again."""
    from cppsctl.dataset import load

    path = write(tmp_path, MINIMAL)
    assert complete(f"cppsctl show --data {path} cpps-") == ["cpps-2030-2035"]  # parses, and caches

    def refuse(*args: object) -> None:
        raise AssertionError("completion parsed a dataset the cache holds")

    monkeypatch.setattr(load, "_parse_check_build", refuse)
    assert complete(f"cppsctl show --data {path} cpps-") == ["cpps-2030-2035"]
    monkeypatch.undo()
    path.write_text(MINIMAL.replace("cpps-2030-2035", "cpps-2031-2035"), encoding="utf-8")
    assert complete(f"cppsctl show --data {path} cpps-") == ["cpps-2031-2035"]  # never stale


def test_a_candidate_that_cannot_be_typed_is_never_offered() -> None:
    from cppsctl.cli.complete import _matching

    hostile = ["youth", "you\x1b]52;c;eA==\x07", "you\u202eth", "you th", ""]
    assert _matching(hostile, "you") == ["youth"]
    assert _matching(hostile, "a,you") == ["a,youth"]
