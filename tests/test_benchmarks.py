"""The benchmark script's report and helpers (no timing is asserted: figures belong in docs/performance.md)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def fake(run: ModuleType, ms: float, mib: float = 20) -> object:
    return run.Runs(["cmd"], [ms / 1000] * 3, int(mib * 1024))


@pytest.mark.parametrize("jq", [True, False])
def test_report_has_every_figure(run: ModuleType, jq: bool) -> None:
    start = [(f"`cppsctl list --format {f}`", fake(run, 80), fake(run, 54)) for f in ("json", "jsonl", "csv", "tsv")]
    start += [
        ("`cppsctl list` (table)", fake(run, 108), fake(run, 80)),
        ("`python -c pass`", fake(run, 10), fake(run, 54)),
    ]
    big = run.Scale(
        20000,
        fake(run, 267, 47),
        fake(run, 870, 53),
        fake(run, 1925) if jq else None,
        fake(run, 192) if jq else None,
        "yes (938 records)" if jq else "jq missing",
    )
    names = list(run.GROWTH_COMMANDS)
    rows = [
        run.Growth(size, size / 5000, {n: fake(run, 80 + size / 200, 20 + size / 1000) for n in names}, "none")
        for size in (1000, 5000)
    ]
    args = argparse.Namespace(repeat=30, scale_repeat=9, growth_repeat=5)
    text = run.report(args, {"date": "today", "Python": "3"}, start, big, rows)
    assert "| start-up: `cppsctl list --format json` / `import typer` | 1.48 x | ≤ 1.2 x | **no** |" in text
    assert "| memory: peak RSS at 20,000 actions (cached, cold) | 47, 53 MiB | < 100 MiB | yes |" in text
    if jq:
        assert "| scale: `actions --search` at 20,000 actions, cached / jq filter | 0.14 x | ≤ 1 x | yes |" in text
        assert "select(.title \\| ascii_downcase" in text
    else:
        assert "jq missing" in text and "not measured" in text
    assert "| 1,000 → 5,000 | 5.0 ms, 1.00 MiB |" in text
    assert "compare: none." in text
    assert "- Python: 3" in text


def test_peak_memory_either_way(run: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    command = [sys.executable, "-c", "x = bytearray(64 * 2**20)"]
    env = dict(os.environ)
    if run.GNU_TIME.exists():
        assert run.peak_memory_kib(command, env) > 64 * 1024
    monkeypatch.setattr(run, "GNU_TIME", Path("/nonexistent/time"))
    assert run.peak_memory_kib(command, env) > 64 * 1024


def test_compare_is_found_when_the_command_exists(run: ModuleType) -> None:
    from cppsctl.cli.startup import COMMANDS

    assert run.has_compare(dict(os.environ)) == ("compare" in COMMANDS)
