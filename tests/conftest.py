"""Shared fixtures: the in-process CLI runner, the bundled dataset, and paths to ../shared."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import cppsctl
from cppsctl.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
GENERATE = ROOT / "benchmarks" / "generate.py"
# ../shared beside the checkout; a git worktree under wt/ finds it one level further up.
SHARED = next(
    (d / "shared" for d in (ROOT.parent, ROOT.parent.parent) if (d / "shared").is_dir()), ROOT.parent / "shared"
)
SOURCES = SHARED / "sources"
TOML_TEST = SHARED / "testdata" / "toml-test" / "tests"

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the developer's own dataset, colours, terminal width or cache.

    The dataset cache goes to a fresh folder of each test (child processes
    inherit it), so that no test writes to the real home or reads another's entries.
    """
    for name in ("CPPSCTL_DATA", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "CPPSCTL_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(scope="session")
def dataset() -> cppsctl.Dataset:
    return cppsctl.load()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset of 4,600 actions from the benchmark generator: two periods, so lineage both ways."""
    path = tmp_path_factory.mktemp("generated") / "generated.toml"
    subprocess.run([sys.executable, str(GENERATE), "4600", str(path), "--seed", "7"], check=True)
    return path


@pytest.fixture
def invoke() -> Invoke:
    """Run the CLI in-process: ``invoke("list", "--format", "json")``."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return run


@pytest.fixture
def invoke_json(invoke: Invoke) -> Callable[..., Any]:
    """Run the CLI with ``--format json``, assert success and return the parsed output."""

    def run(*args: str) -> Any:
        result = invoke(*args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return run


def write(tmp_path: Path, text: str, name: str = "data.toml") -> Path:
    """Write a dataset file for a test and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
format_version = 1

[[themes]]
id = "youth"
label_fr = "Jeunesse"
label_en = "Youth"

[[sources]]
id = "src"
url = "https://example.org/page"
kind = "official-page"

[[contracts]]
id = "cpps-2030-2035"
kind = "CPPS"
name = "Contrat Parisien de Prévention et de Sécurité"
start_year = 2030
end_year = 2035
declared_action_count = 2
sources = ["src"]

[[contracts.priorities]]
number = 1
title = "Prévenir la délinquance des jeunes"
declared_action_count = 2

[[contracts.priorities.actions]]
title = "Promouvoir la citoyenneté"
themes = ["youth"]

[[contracts.priorities.actions]]
title = "Prévenir l’absentéisme scolaire"
themes = ["youth"]
"""
"""A small valid dataset that tests mutate to produce each kind of problem."""
