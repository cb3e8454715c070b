"""The HTML report: self-contained, escaped, complete; rendered in a real headless browser when there is one."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import cppsctl
from cppsctl.analysis.compare import compare
from cppsctl.output.html import render_report
from tests.conftest import MINIMAL, Invoke, write

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_every_action_and_contract_is_in_the_report(dataset: cppsctl.Dataset) -> None:
    page = render_report(dataset)
    for contract in dataset.contracts:
        assert f'id="{contract.id}"' in page
        for action in contract.actions:
            assert html.escape(action.title) in page
    assert page == render_report(dataset)  # deterministic


def test_the_report_fetches_nothing(dataset: cppsctl.Dataset) -> None:
    page = render_report(dataset, comparison=compare(dataset, *(cppsctl.get_contract(dataset, i) for i in (
        "cpsa-11-2016-2020", "cpsa-11-2022-2026"))))  # fmt: skip
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""\b(src|srcset)\s*=""", page) and "url(" not in page
    assert '<meta name="viewport"' in page and "@media print" in page


def test_data_is_escaped(tmp_path: Path) -> None:
    hostile = MINIMAL.replace("Promouvoir la citoyenneté", "<script>alert('x')</script> & <b>gras</b>")
    page = render_report(cppsctl.load(write(tmp_path, hostile)))
    assert "<script>alert" not in page and "<b>gras</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in page


def test_comparison_section(dataset: cppsctl.Dataset) -> None:
    old, new = (cppsctl.get_contract(dataset, i) for i in ("cpsa-11-2022-2026", "cpps-2015-2020"))
    page = render_report(dataset, comparison=compare(dataset, old, new))
    section = page[page.index('id="comparison"') : page.index('id="details"')]
    assert "(declination)" in section and "declined" in section and "→" not in section
    assert "declined by" in section and "18.8 %" in section  # the CPPS coverage by the 2022 contract
    assert "<del>" in section and "<ins>" in section  # reworded titles show their word diff


def test_report_command(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = invoke("report", "--html", str(target), "--compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    assert 'id="comparison"' in target.read_text(encoding="utf-8")
    again = invoke("report", "--html", str(target))
    assert again.exit_code == 2
    assert again.stderr == f"cppsctl: error: {target} already exists; add --force to overwrite it\n"
    assert invoke("report", "--html", str(target), "--force").exit_code == 0
    assert 'id="comparison"' not in target.read_text(encoding="utf-8")
    to_stdout = invoke("report", "--html", "-")
    assert to_stdout.stdout.startswith("<!DOCTYPE html>") and to_stdout.stderr == ""
    unknown = invoke("report", "--html", "-", "--compare", "cpsa-11-2016-2020", "nope")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("cppsctl: error: unknown contract 'nope'")


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def _chromium(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs Debian's chromium)")
@pytest.mark.parametrize(("width", "label"), [(412, "phone"), (1280, "desktop")])
def test_report_in_a_headless_browser(dataset: cppsctl.Dataset, tmp_path: Path, width: int, label: str) -> None:
    page = tmp_path / "report.html"
    comparison = compare(
        dataset, *(cppsctl.get_contract(dataset, i) for i in ("cpsa-11-2016-2020", "cpsa-11-2022-2026"))
    )
    page.write_text(render_report(dataset, comparison=comparison), encoding="utf-8")
    dom = _chromium("--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom.stdout))
    flat = " ".join(text.split())
    for action in dataset.actions:
        assert " ".join(action.title.split()) in flat, action.id
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    shot = tmp_path / f"report-{label}.png"
    result = _chromium(f"--window-size={width},1600", f"--screenshot={shot}", page.as_uri(), tmp_path=tmp_path)
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    assert _png_size(shot) == (width, 1600)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
