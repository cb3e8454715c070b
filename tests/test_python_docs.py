"""Every Python block of docs/python.md runs, in order, in one namespace (pandas blocks need pandas)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "python.md"
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)


def test_the_page_has_examples() -> None:
    assert len(BLOCKS) >= 5


def test_every_block_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # "does-not-exist.toml" must not exist
    namespace: dict[str, object] = {}
    ran = 0
    for block in BLOCKS:
        if block.startswith("# needs pandas") and importlib.util.find_spec("pandas") is None:
            continue
        exec(compile(block, str(PAGE), "exec"), namespace)
        ran += 1
    out = capsys.readouterr().out
    assert "does-not-exist.toml: no such file or folder" in out
    assert "cpsa-11-2022-2026/3.1" in out and "18.8 %" in out
    assert "a draft / " in out and " / False" in out and "'contract_id'" in out  # the model is a dataclass
    assert ran >= len(BLOCKS) - 1
