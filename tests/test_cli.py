"""The commands, in-process, with assertions on parsed output compared with the library's answer."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cppsctl
from cppsctl.output.records import ACTION_FIELDS, CONTRACT_FIELDS, action_record, contract_record
from tests.conftest import MINIMAL, Invoke, write

JsonRun = Callable[..., Any]


def test_list_json_is_the_library_answer(invoke_json: JsonRun, dataset: cppsctl.Dataset) -> None:
    records = invoke_json("list")
    assert records == [contract_record(dataset, c) for c in dataset.contracts]
    assert all(list(r) == list(CONTRACT_FIELDS) for r in records)


def test_list_eleventh_counts(invoke_json: JsonRun) -> None:
    records = invoke_json("list", "--arrondissement", "11")
    assert [(r["id"], r["priority_count"], r["action_count"], r["signed_on"]) for r in records] == [
        ("cpsa-11-2016-2020", 3, 9, "2016-11-23"),
        ("cpsa-11-2022-2026", 3, 7, "2023-03-21"),
    ]
    (cpps,) = invoke_json("list", "--kind", "cpps", "--active-in", "2016")
    assert (cpps["id"], cpps["arrondissement"], cpps["action_count"], cpps["complete"]) == (
        "cpps-2015-2020",
        None,
        32,
        True,
    )


def test_actions_json_is_every_action(invoke_json: JsonRun, dataset: cppsctl.Dataset) -> None:
    records = invoke_json("actions")
    assert records == [action_record(dataset, a) for a in dataset.actions]
    assert all(list(r) == list(ACTION_FIELDS) for r in records)
    eleventh = invoke_json("actions", "-a", "11")
    assert len(eleventh) == 16


def test_actions_filters(invoke_json: JsonRun) -> None:
    found = invoke_json("actions", "-c", "cpsa-11-2016-2020", "-c", "cpsa-11-2022-2026", "-t", "night-life")
    assert [r["id"] for r in found] == ["cpsa-11-2016-2020/3.1", "cpsa-11-2022-2026/3.1"]
    found = invoke_json("actions", "--search", "stupefiants", "-a", "11", "--priority", "3")
    assert [r["id"] for r in found] == ["cpsa-11-2016-2020/3.3", "cpsa-11-2022-2026/3.2"]
    assert invoke_json("actions", "--search", "introuvable") == []


def test_non_ascii_is_written_as_utf8(invoke: Invoke) -> None:
    result = invoke("actions", "-c", "cpps-2015-2020", "--format", "json")
    assert "stupéfiants" in result.stdout and "«\u00a0mineurs" in result.stdout and "\\u" not in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_have_every_field_in_order(invoke: Invoke, dataset: cppsctl.Dataset, fmt: str) -> None:
    result = invoke("actions", "--format", fmt)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == list(ACTION_FIELDS)
    assert len(rows) == 1 + sum(1 for _ in dataset.actions)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["id"] == "cpps-2015-2020/1.1" and first["themes"] == "youth; citizenship"
    assert first["original_title"] == "" and first["priority"] == "1"


def test_jsonl_is_one_object_a_line(invoke: Invoke, invoke_json: JsonRun) -> None:
    lines = invoke("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == invoke_json("list")


def test_markdown_table(invoke: Invoke) -> None:
    out = invoke("list", "--format", "markdown", "--fields", "id,kind", "-a", "11").stdout
    assert out == "| id | kind |\n|---|---|\n| cpsa-11-2016-2020 | CPSA |\n| cpsa-11-2022-2026 | CPSA |\n"


def test_table_is_the_default_and_wraps_without_losing_data(invoke: Invoke, dataset: cppsctl.Dataset) -> None:
    result = invoke("actions", "-c", "cpsa-11-2022-2026", env={"COLUMNS": "60"})
    assert result.exit_code == 0
    title_column = "".join(line.split("│")[2].strip() for line in result.stdout.splitlines() if line.startswith("│"))
    titles = "".join(a.title for a in cppsctl.get_contract(dataset, "cpsa-11-2022-2026").actions)
    assert "".join(title_column.split()) == "".join(titles.split())


def test_fields_sort_and_limit(invoke_json: JsonRun) -> None:
    records = invoke_json("actions", "-a", "11", "--fields", "title,id", "--sort", "-id", "--limit", "2")
    drugs = "Lutter contre les trafics de stupéfiants et les occupations de l'espace public générant les nuisances"
    assert records == [
        {"title": drugs, "id": "cpsa-11-2022-2026/3.2"},
        {"title": "Promouvoir une vie nocturne apaisée", "id": "cpsa-11-2022-2026/3.1"},
    ]
    by_title = invoke_json("actions", "-c", "cpsa-11-2022-2026", "--sort", "title", "--fields", "title")
    assert by_title[0]["title"].startswith("Accompagner") and by_title[-1]["title"].startswith("Promouvoir")


def test_unknown_field_lists_the_valid_ones(invoke: Invoke) -> None:
    result = invoke("list", "--fields", "id,titel")
    assert result.exit_code == 2
    assert result.stderr == (
        "cppsctl: error: unknown field 'titel'; valid fields: " + ", ".join(CONTRACT_FIELDS) + "\n"
    )
    result = invoke("actions", "--fields", "titel")
    assert result.stderr.startswith("cppsctl: error: unknown field 'titel' (did you mean 'title'?); valid fields: id,")


def test_unknown_sort_field(invoke: Invoke) -> None:
    result = invoke("list", "--sort", "-sigend_on")
    assert result.exit_code == 2
    assert result.stderr.startswith("cppsctl: error: unknown sort field 'sigend_on' (did you mean 'signed_on'?)")


def test_show_contract_json(invoke_json: JsonRun, dataset: cppsctl.Dataset) -> None:
    detail = invoke_json("show", "cpsa-11-2022-2026")
    assert detail["schema_version"] == cppsctl.SCHEMA_VERSION
    assert [len(p["actions"]) for p in detail["priorities"]] == [3, 2, 2]
    assert detail["priorities"][0]["title"] == "Les jeunes\u00a0: agir plus tôt et aller plus loin dans la prévention"
    assert {e["field"] for e in detail["errata"]} == {"heading", "title"}
    assert detail["sources"][0]["updated_on"] == "2023-04-24"
    assert detail["events"] == [
        {
            "date": "2023-03-06",
            "label": cppsctl.get_contract(dataset, "cpsa-11-2022-2026").events[0].label,
            "source": "mairie11-9966",
        }
    ]


def test_show_contract_tree(invoke: Invoke) -> None:
    out = invoke("show", "cpsa-11-2016-2020").stdout
    assert "cpsa-11-2016-2020  CPSA · 11e · 2016-2020 · 9 actions" in out
    assert "3.4  Lutter contre les ventes à la sauvette" in out
    assert "'Lutter contre les ventes a la sauvette" in out  # the original, in the errata
    assert "declines cpps-2015-2020/3.6" in out


def test_show_action(invoke_json: JsonRun, invoke: Invoke) -> None:
    detail = invoke_json("show", "cpsa-11-2016-2020/3.3")
    assert detail["title"] == "Lutter contre les trafics de stupéfiants"
    assert detail["declines"] == ["cpps-2015-2020/3.4"]
    assert detail["continued_by"] == ["cpsa-11-2022-2026/3.2"]
    assert [t["id"] for t in detail["theme_labels"]] == ["drug-trafficking"]
    table = invoke("show", "cpps-2015-2020/3.4").stdout
    assert re.search(r"^declined_by +cpsa-11-2016-2020/3.3$", table, re.MULTILINE)


def test_show_unknown_id_suggests(invoke: Invoke) -> None:
    result = invoke("show", "cpsa-11-2016-2021")
    assert result.exit_code == 2
    assert result.stderr.startswith("cppsctl: error: unknown id 'cpsa-11-2016-2021' (did you mean 'cpsa-11-2016-2020'")
    result = invoke("show", "cpsa-11-2016-2020/3.9")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "cppsctl: error: unknown id 'cpsa-11-2016-2020/3.9' (did you mean 'cpsa-11-2016-2020/3."
    )
    assert result.stdout == ""


def test_search_json(invoke_json: JsonRun, dataset: cppsctl.Dataset) -> None:
    hits = invoke_json("search", "l'espace")
    expected = {a.id for a in dataset.actions if "l’espace" in a.title or "l'espace" in a.title}
    assert {h["id"] for h in hits if h["kind"] == "action"} == expected
    assert hits == sorted(hits, key=lambda h: -h["score"])
    assert invoke_json("search", "Stupéfiants", "trafics", "--kind", "action", "--limit", "1")[0]["id"] == (
        "cpps-2015-2020/3.4"
    )


def test_themes(invoke_json: JsonRun, dataset: cppsctl.Dataset) -> None:
    themes = {t["id"]: t for t in invoke_json("themes")}
    assert themes["cenomed"]["counts"]["cpsa-11-2022-2026"] == 1
    assert themes["night-life"]["action_count"] == sum(1 for a in dataset.actions if "night-life" in a.themes)
    assert set(themes) == {t.id for t in dataset.themes}


def test_themes_csv_flattens_counts(invoke: Invoke) -> None:
    header = invoke("themes", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header[:4] == ["id", "label_fr", "label_en", "action_count"]
    assert header[4:] == [f"counts.{c.id}" for c in cppsctl.load().contracts]


def test_validate_bundled(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("bundled dataset: valid (")  # the verdict is the output


def test_validate_reports_every_problem_with_location(invoke: Invoke, tmp_path: Path) -> None:
    bad = write(tmp_path, MINIMAL.replace("end_year = 2035", "end_year = 2029").replace('"youth"]', '"yuoth"]'))
    good = write(tmp_path, MINIMAL, "good.toml")
    result = invoke("validate", str(bad), str(good))
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        f"{bad}:18:1: contracts[0].end_year: end_year 2029 is before start_year 2030",
        f"{bad}:29:1: contracts[0].priorities[0].actions[0].themes[0]: unknown theme 'yuoth' (did you mean 'youth'?)",
        f"{bad}:33:1: contracts[0].priorities[0].actions[1].themes[0]: unknown theme 'yuoth' (did you mean 'youth'?)",
        f"{bad}: invalid (3 problems)",
        f"{good}: valid (1 contracts, 2 actions)",
    ]
    assert result.stderr == "3 problems found\n"
    as_json = json.loads(invoke("validate", str(bad), "--format", "json").stdout)
    assert as_json["valid"] is False
    assert as_json["files"] == [
        {"path": str(bad), "valid": False, "contract_count": None, "action_count": None, "problem_count": 3}
    ]
    assert as_json["problems"][0] == {
        "path": str(bad),
        "line": 18,
        "column": 1,
        "where": "contracts[0].end_year",
        "message": "end_year 2029 is before start_year 2030",
    }


def test_commands_refuse_an_invalid_dataset_with_exit_3(invoke: Invoke, tmp_path: Path) -> None:
    bad = write(tmp_path, MINIMAL.replace("end_year = 2035", "end_year = 2029"))
    result = invoke("list", "--data", str(bad))
    assert result.exit_code == 3
    assert (
        result.stderr == f"cppsctl: error: {bad}:18:1: contracts[0].end_year: end_year 2029 is before start_year 2030\n"
    )
    assert result.stdout == ""


def test_data_from_environment(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    result = invoke("list", "--format", "json", env={"CPPSCTL_DATA": str(path)})
    assert [r["id"] for r in json.loads(result.stdout)] == ["cpps-2030-2035"]


def test_brackets_in_titles_are_text_not_markup(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("Promouvoir la citoyenneté", "Promouvoir [bold]la[/bold] [red]citoyenneté"))
    out = invoke("actions", "--data", str(path), env={"COLUMNS": "200"}).stdout
    assert "[bold]la[/bold] [red]citoyenneté" in out


def test_escape_sequences_in_titles_are_shown_escaped(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("Promouvoir la citoyenneté", "Promouvoir \\u001b[31mrouge"))
    out = invoke("actions", "--data", str(path)).stdout
    assert "\x1b" not in out and "\\x1b[31mrouge" in out
    raw = json.loads(invoke("actions", "--data", str(path), "--format", "json").stdout)
    assert raw[0]["title"] == "Promouvoir \x1b[31mrouge"  # data formats keep the data exact


def test_csv_neutralises_formulas_unless_raw(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("Promouvoir la citoyenneté", "=HYPERLINK(1)"))
    safe = invoke("actions", "--data", str(path), "--format", "csv", "--fields", "title").stdout
    assert safe.splitlines()[1] == "'=HYPERLINK(1)"
    raw = invoke("actions", "--data", str(path), "--format", "csv", "--fields", "title", "--raw-cells").stdout
    assert raw.splitlines()[1] == "=HYPERLINK(1)"
    bom = invoke("actions", "--data", str(path), "--format", "csv", "--bom").stdout
    assert bom.startswith("\ufeffid,")


def test_version_and_help(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.stdout == f"cppsctl {cppsctl.__version__} (JSON schema version {cppsctl.SCHEMA_VERSION})\n"
    assert invoke().exit_code == 2 or "Usage" in invoke().stdout


def test_bad_option_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("list", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.startswith("cppsctl: error: invalid value for '--format' / '-f': 'xml' is not one of")
    result = invoke("list", "--arrondissement", "25")
    assert result.exit_code == 2
    assert result.stderr == "cppsctl: error: invalid arrondissement '25': expected 1 to 20, or 'paris' for Paris-wide\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["list", "--format", "json"], ["list"]),
        (["--no-color", "--debug", "show", "cpps-2015-2020", "-f", "json"], ["show"]),
        (["list", "--no-color", "--no-cache", "-f", "json"], ["list"]),
        (["--version"], []),
        (["--help"], []),  # the summaries come from the loader (startup trick 4)
        (["list", "--help"], ["list"]),
    ],
)
def test_the_entry_point_builds_only_the_command_it_runs(argv: list[str], expected: list[str] | None) -> None:
    from cppsctl.cli.startup import COMMANDS
    from tests.test_imports import modules_after

    loaded = {m.rsplit(".", 1)[1] for m in modules_after(*argv) if m.startswith("cppsctl.cli.commands.")}
    assert loaded == set(expected if expected is not None else COMMANDS)


def test_an_unknown_command_still_gets_suggestions(invoke: Invoke) -> None:
    result = invoke("lsit")
    assert result.exit_code == 2
    assert result.stderr.startswith("cppsctl: error: unknown command 'lsit' (did you mean 'list'?)\n")


def test_help_lists_every_command_with_its_summary_and_imports_none() -> None:
    """The lazy loader's summaries are what --help lists, and each sums up its command's own help."""
    import ast

    from cppsctl.cli.startup import COMMANDS

    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith('cppsctl.cli.commands.'))))\n"
        "sys.argv = ['cppsctl', '--help']\n"
        "from cppsctl.cli import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"  # no command module imported
    listing = result.stdout.split("Commands:")[1].splitlines()
    assert [line.split()[0] for line in listing if line.startswith("  ") and not line.startswith("   ")] == [*COMMANDS]
    root = Path(__file__).resolve().parents[1] / "src" / "cppsctl" / "cli" / "commands"
    for name, (function, summary) in COMMANDS.items():
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        docstring = next(
            ast.get_docstring(n) for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function
        )
        first = (docstring or "").split("\n\n")[0]
        assert summary.endswith(".") and len(summary) <= 72, name
        assert summary.split()[:2] == first.split()[:2], (name, summary, first)  # the same opening words
