"""The benchmark generator writes valid, deterministic, realistic datasets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cppsctl
from tests.conftest import GENERATE, Invoke


def test_generated_data_is_valid(generated: Path) -> None:
    assert cppsctl.validate([generated]) == []
    dataset = cppsctl.load(generated)
    assert sum(1 for _ in dataset.actions) == 4600
    assert len(dataset.contracts) == 23  # about 200 actions each
    assert {c.kind for c in dataset.contracts} == {"CPPS", "CPSA"}
    assert any(a.declines for a in dataset.actions) and any(a.continues for a in dataset.actions)
    themes = {t.id for t in cppsctl.load().themes}
    assert {t.id for t in dataset.themes} == themes


def test_titles_are_french_and_searchable(generated: Path) -> None:
    dataset = cppsctl.load(generated)
    titles = [a.title for a in dataset.actions]
    assert len(set(titles)) > len(titles) // 4
    assert any("’" in t for t in titles) and any("é" in t for t in titles)
    assert 0 < len(cppsctl.filter_actions(dataset, text="stupefiants")) < len(titles) // 10


def test_generator_is_deterministic(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.toml"
    subprocess.run([sys.executable, str(GENERATE), "4600", str(again), "--seed", "7"], check=True)
    assert again.read_bytes() == generated.read_bytes()
    other = tmp_path / "other.toml"
    subprocess.run([sys.executable, str(GENERATE), "4600", str(other), "--seed", "8"], check=True)
    assert other.read_bytes() != generated.read_bytes()


def test_json_is_what_the_actions_command_prints(tmp_path: Path, invoke: Invoke) -> None:
    toml, out = tmp_path / "small.toml", tmp_path / "small.json"
    subprocess.run([sys.executable, str(GENERATE), "300", str(toml), "--json", str(out)], check=True)
    printed = invoke("actions", "--data", str(toml), "--format", "json").stdout
    assert out.read_text(encoding="utf-8") == printed
    assert len(json.loads(printed)) == 300


def test_a_tiny_dataset(tmp_path: Path) -> None:
    toml = tmp_path / "tiny.toml"
    subprocess.run([sys.executable, str(GENERATE), "7", str(toml)], check=True)
    dataset = cppsctl.load(toml)
    assert [len(list(c.actions)) for c in dataset.contracts] == [7]


def test_a_folder_holds_the_same_dataset(generated: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    subprocess.run([sys.executable, str(GENERATE), "4600", str(folder), "--seed", "7", "--folder"], check=True)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["0-vocabulary.toml", "contracts-2017-2021.toml", "contracts-2022-2026.toml"]
    assert all(p.read_text(encoding="utf-8").split("\n")[1] == "format_version = 1" for p in folder.iterdir())
    assert cppsctl.validate([folder]) == []
    assert cppsctl.load(folder) == cppsctl.load(generated)
