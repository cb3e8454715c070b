"""The SQLite export: schema, keys, full text, no loss, determinism, safe writing, Datasette and DuckDB."""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import cppsctl
from cppsctl.errors import UsageError
from cppsctl.fs import OutputFileError
from cppsctl.model import (
    Action,
    Contract,
    Dataset,
    Discrepancy,
    Erratum,
    Event,
    Inference,
    PartialDate,
    Priority,
    Source,
    Theme,
)
from cppsctl.output.records import ACTION_FIELDS, CONTRACT_FIELDS, action_record, contract_record, priority_record
from cppsctl.resources import datasette_metadata_path
from cppsctl.sql import export as sql_export
from cppsctl.sql import sandbox
from cppsctl.sql import schema as sql_schema
from tests.conftest import MINIMAL, write

RICH = """\
format_version = 1

[[themes]]
id = "youth"
label_fr = "Jeunesse"
label_en = "Youth"
description = "Actions for young people."

[[themes]]
id = "night-life"
label_fr = "Vie nocturne"
label_en = "Night life"

[[sources]]
id = "page"
url = "https://example.org/page"
kind = "official-page"
title = "La page"
updated_on = "2031-04"
published_on = "2030"
note = "A note."

[[sources]]
id = "pdf"
url = "https://example.org/contract.pdf"
kind = "council-record"

[[contracts]]
id = "cpps-2030-2035"
kind = "CPPS"
name = "Contrat Parisien de Prévention et de Sécurité"
start_year = 2030
end_year = 2035
declared_action_count = 3
sources = ["page"]

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

[[contracts.priorities]]
number = 2
title = "Améliorer la tranquillité publique"
declared_action_count = 1

[[contracts.priorities.actions]]
title = "Promouvoir une vie nocturne apaisée"
themes = ["night-life", "youth"]

[[contracts]]
id = "cpsa-11-2031-2035"
kind = "CPSA"
name = "Contrat de Prévention et de Sécurité d’Arrondissement"
arrondissement = 11
start_year = 2031
signed_on = "2031-05"
declared_action_count = 6
complete = false
partners = ["Ville de Paris", "Préfecture de Police", "Ville de Paris"]
signatories = ["La maire", "Le préfet"]
sources = ["pdf", "page"]

[[contracts.events]]
date = "2031-05-02"
label = "Signature"
source = "pdf"

[[contracts.events]]
date = "2032"
label = "Bilan"

[[contracts.errata]]
field = "heading"
original = "2031-2053"
corrected = "2031-2035"
source = "page"

[[contracts.errata]]
target = "2"
field = "title"
original = "Tranquilité"
corrected = "Tranquillité"
note = "One l."

[[contracts.errata]]
target = "1.3"
field = "title"
original = "Vie nocturne"
corrected = "Vie nocturne apaisée"

[[contracts.discrepancies]]
field = "signed_on"
value = "2031-05"
alternative = "2031-06"
source = "page"
note = "The page gives June."

[[contracts.discrepancies]]
field = "end_year"
value = "?"
alternative = "2035"

[[contracts.inferences]]
field = "arrondissement"
note = "The page belongs to the Mairie du 11e."

[[contracts.priorities]]
number = 1
title = "Jeunesse"

[[contracts.priorities.actions]]
title = "Promouvoir la citoyenneté"
themes = ["youth"]
declines = ["cpps-2030-2035/1.1"]

[[contracts.priorities.actions]]
position = 3
title = "Vie nocturne apaisée"
themes = ["night-life", "youth"]
declines = ["cpps-2030-2035/2.1", "cpps-2030-2035/1.2"]

[[contracts.priorities]]
number = 2
title = "Tranquillité"
declared_action_count = 3

[[contracts.priorities.actions]]
title = "=1+1 « formule »"
themes = ["night-life"]
"""
"""Every part of the model: partial dates, errata at each level, discrepancies, inferences,
signatories, repeated partners, a partly known contract, a gap in the positions, lineage."""


@pytest.fixture
def rich(tmp_path: Path) -> Dataset:
    return cppsctl.load(write(tmp_path, RICH, "rich.toml"))


@pytest.fixture
def exported(tmp_path: Path, dataset: Dataset) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "cppsctl.db"
    sql_export.export(dataset, path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def rows(connection: sqlite3.Connection, sql: str, *params: object) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def names(connection: sqlite3.Connection, kind: str) -> set[str]:
    return {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


# --- schema ---------------------------------------------------------------------------------------


def test_export_has_every_table_and_full_text_table(exported: sqlite3.Connection) -> None:
    tables = names(exported, "table")
    assert set(sql_schema.TABLES) | set(sql_schema.FTS_TABLES) <= tables
    shadow = {t for t in tables if any(t.startswith(f"{fts}_") for fts in sql_schema.FTS_TABLES)}
    assert tables - shadow == set(sql_schema.TABLES) | set(sql_schema.FTS_TABLES)
    assert exported.execute("PRAGMA user_version").fetchone() == (sql_schema.SCHEMA_VERSION,)


def test_row_counts_follow_the_dataset(exported: sqlite3.Connection, dataset: Dataset) -> None:
    actions = list(dataset.actions)

    def count(table: str) -> int:
        return int(exported.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    assert count("contracts") == len(dataset.contracts)
    assert count("priorities") == sum(len(c.priorities) for c in dataset.contracts)
    assert count("actions") == len(actions)
    assert count("themes") == len(dataset.themes)
    assert count("sources") == len(dataset.sources)
    assert count("action_themes") == sum(len(a.themes) for a in actions)
    assert count("lineage") == sum(len(a.declines) + len(a.continues) for a in actions)
    assert count("actions_fts") == len(actions)


def test_contract_columns_are_the_json_fields_with_the_same_values(
    exported: sqlite3.Connection, dataset: Dataset
) -> None:
    fields = [f for f in CONTRACT_FIELDS if f not in sql_schema.NOT_STORED["contracts"]]
    columns = sql_schema.table_columns(exported)["contracts"]
    assert columns[: len(fields)] == fields
    stored = rows(exported, "SELECT * FROM contracts ORDER BY ordinal")
    for row in stored:
        row["inferred"] = json.loads(row["inferred"])  # a list, stored as a JSON array
    assert [{k: r[k] for k in fields} for r in stored] == [
        {k: v for k, v in contract_record(dataset, c).items() if k in fields} for c in dataset.contracts
    ]


def test_action_columns_are_the_json_fields_with_the_same_values(
    exported: sqlite3.Connection, dataset: Dataset
) -> None:
    left_out = ("themes", "declines", "continues", *sql_schema.NOT_STORED["actions"])
    scalar = [f for f in ACTION_FIELDS if f not in left_out]
    columns = sql_schema.table_columns(exported)["actions"]
    assert columns[: len(scalar)] == scalar
    for action in dataset.actions:
        record: Mapping[str, object] = action_record(dataset, action)
        (row,) = rows(exported, "SELECT * FROM actions WHERE id = ?", action.id)
        assert {k: row[k] for k in scalar} == {k: record[k] for k in scalar}
        themes = exported.execute(
            "SELECT theme_id FROM action_themes WHERE action_id = ? ORDER BY ordinal", (action.id,)
        ).fetchall()
        assert [t for (t,) in themes] == record["themes"]
        for kind in ("declines", "continues"):
            links = exported.execute(
                "SELECT target_id FROM lineage WHERE action_id = ? AND kind = ? ORDER BY ordinal", (action.id, kind)
            ).fetchall()
            assert [t for (t,) in links] == record[kind]


def test_priority_columns_are_the_json_fields(exported: sqlite3.Connection, dataset: Dataset) -> None:
    columns = sql_schema.table_columns(exported)["priorities"]
    for contract in dataset.contracts:
        for priority in contract.priorities:
            record = priority_record(dataset, priority)
            (row,) = rows(exported, "SELECT * FROM priorities WHERE id = ?", priority.id)
            assert row["contract_id"] == contract.id
            assert {k: row[k] for k in record if k in columns} == {k: v for k, v in record.items() if k != "actions"}


# --- keys and indexes -----------------------------------------------------------------------------

FOREIGN_KEYS = {
    ("priorities", "contract_id", "contracts", "id"),
    ("actions", "contract_id", "contracts", "id"),
    ("actions", "priority_id", "priorities", "id"),
    ("action_themes", "action_id", "actions", "id"),
    ("action_themes", "theme_id", "themes", "id"),
    ("lineage", "action_id", "actions", "id"),
    ("lineage", "target_id", "actions", "id"),
    ("contract_sources", "contract_id", "contracts", "id"),
    ("contract_sources", "source_id", "sources", "id"),
    ("contract_partners", "contract_id", "contracts", "id"),
    ("contract_signatories", "contract_id", "contracts", "id"),
    ("events", "contract_id", "contracts", "id"),
    ("events", "source", "sources", "id"),
    ("errata", "contract_id", "contracts", "id"),
    ("errata", "source", "sources", "id"),
    ("discrepancies", "contract_id", "contracts", "id"),
    ("discrepancies", "source", "sources", "id"),
    ("inferences", "contract_id", "contracts", "id"),
}


def foreign_keys(connection: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    found = set()
    for table in sql_schema.TABLES:
        for fk in rows(connection, f"PRAGMA foreign_key_list({table})"):
            found.add((table, fk["from"], fk["table"], fk["to"]))
    return found


def test_foreign_keys_are_declared_and_hold(exported: sqlite3.Connection) -> None:
    assert foreign_keys(exported) == FOREIGN_KEYS
    assert exported.execute("PRAGMA foreign_key_check").fetchall() == []
    assert exported.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_foreign_keys_hold_on_every_part_of_the_model(tmp_path: Path, rich: Dataset) -> None:
    sql_export.export(rich, tmp_path / "rich.db")
    with sqlite3.connect(tmp_path / "rich.db") as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_foreign_key_leads_an_index(exported: sqlite3.Connection) -> None:
    for table, column, _, _ in FOREIGN_KEYS:
        leading = set()
        for index in rows(exported, f"PRAGMA index_list({table})"):
            info = rows(exported, f"PRAGMA index_info({index['name']})")
            leading.add(min(info, key=lambda i: i["seqno"])["name"])
        assert column in leading, f"{table}.{column} has no index"


def test_primary_keys(exported: sqlite3.Connection) -> None:
    def key(table: str) -> list[str]:
        info = [r for r in rows(exported, f"PRAGMA table_info({table})") if r["pk"]]
        return [r["name"] for r in sorted(info, key=lambda r: r["pk"])]

    assert key("contracts") == key("actions") == key("themes") == key("priorities") == ["id"]
    assert key("action_themes") == ["action_id", "theme_id"]
    assert key("lineage") == ["action_id", "kind", "target_id"]
    assert key("errata") == ["contract_id", "ordinal"]


# --- full text ------------------------------------------------------------------------------------


def test_full_text_ignores_accents_and_case(exported: sqlite3.Connection) -> None:
    found = exported.execute(
        "SELECT a.id FROM actions_fts JOIN actions a ON a.rowid = actions_fts.rowid"
        " WHERE actions_fts MATCH 'STUPEFIANTS' ORDER BY a.id"
    ).fetchall()
    assert found == [("cpps-2015-2020/3.4",), ("cpsa-11-2016-2020/3.3",), ("cpsa-11-2022-2026/3.2",)]
    expected = sum(1 for c in cppsctl.load().contracts for p in c.priorities if "tranquillit" in p.title.lower())
    assert exported.execute(
        "SELECT count(*) FROM priorities_fts WHERE priorities_fts MATCH 'tranquillite'"
    ).fetchone() == (expected,)


def test_without_fts5_the_rest_is_built_with_a_note(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql_schema, "fts5_available", lambda: False)
    result = sql_export.export(dataset, tmp_path / "plain.db")
    assert len(result.notes) == 1
    assert result.notes[0].startswith("no full-text tables (actions_fts, priorities_fts): this SQLite (")
    with sqlite3.connect(tmp_path / "plain.db") as connection:
        assert names(connection, "table") == set(sql_schema.TABLES)
        assert connection.execute("SELECT count(*) FROM actions").fetchone() == (len(list(dataset.actions)),)


def test_fts5_is_detected() -> None:
    assert sql_schema.fts5_available() is True  # the SQLite of CPython's builds has FTS5


# --- nothing lost ---------------------------------------------------------------------------------


def _date(text: str | None) -> PartialDate | None:
    return None if text is None else PartialDate.parse(text)


def dataset_from_database(connection: sqlite3.Connection) -> Dataset:
    """Rebuild the model from the tables alone."""

    def by_contract(table: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for row in rows(connection, f"SELECT * FROM {table} ORDER BY contract_id, ordinal"):
            out.setdefault(row["contract_id"], []).append(row)
        return out

    def links(sql: str, action_id: str) -> tuple[str, ...]:
        return tuple(r[0] for r in connection.execute(sql, (action_id,)))

    extras = {
        t: by_contract(t)
        for t in sql_schema.TABLES
        if t.startswith("contract_") or t in ("events", "errata", "discrepancies", "inferences")
    }
    contracts = []
    for c in rows(connection, "SELECT * FROM contracts ORDER BY ordinal"):
        cid = c["id"]
        priorities = []
        for p in rows(connection, "SELECT * FROM priorities WHERE contract_id = ? ORDER BY ordinal", cid):
            actions = tuple(
                Action(
                    id=a["id"],
                    contract_id=a["contract_id"],
                    priority=a["priority"],
                    position=a["position"],
                    title=a["title"],
                    themes=links("SELECT theme_id FROM action_themes WHERE action_id = ? ORDER BY ordinal", a["id"]),
                    declines=links(
                        "SELECT target_id FROM lineage WHERE action_id = ? AND kind = 'declines' ORDER BY ordinal",
                        a["id"],
                    ),
                    continues=links(
                        "SELECT target_id FROM lineage WHERE action_id = ? AND kind = 'continues' ORDER BY ordinal",
                        a["id"],
                    ),
                )
                for a in rows(connection, "SELECT * FROM actions WHERE priority_id = ? ORDER BY position", p["id"])
            )
            priorities.append(
                Priority(
                    id=p["id"],
                    contract_id=cid,
                    number=p["number"],
                    title=p["title"],
                    declared_action_count=p["declared_action_count"],
                    actions=actions,
                )
            )
        contracts.append(
            Contract(
                id=cid,
                kind=c["kind"],
                name=c["name"],
                arrondissement=c["arrondissement"],
                start_year=c["start_year"],
                end_year=c["end_year"],
                signed_on=_date(c["signed_on"]),
                declared_action_count=c["declared_action_count"],
                complete=bool(c["complete"]),
                signature_confirmed=bool(c["signature_confirmed"]),
                partners=tuple(r["name"] for r in extras["contract_partners"].get(cid, [])),
                signatories=tuple(r["name"] for r in extras["contract_signatories"].get(cid, [])),
                sources=tuple(r["source_id"] for r in extras["contract_sources"].get(cid, [])),
                events=tuple(
                    Event(date=PartialDate.parse(r["date"]), label=r["label"], source=r["source"])
                    for r in extras["events"].get(cid, [])
                ),
                errata=tuple(
                    Erratum(**{k: v for k, v in r.items() if k not in ("contract_id", "ordinal")})
                    for r in extras["errata"].get(cid, [])
                ),
                discrepancies=tuple(
                    Discrepancy(**{k: v for k, v in r.items() if k not in ("contract_id", "ordinal")})
                    for r in extras["discrepancies"].get(cid, [])
                ),
                inferences=tuple(
                    Inference(**{k: v for k, v in r.items() if k not in ("contract_id", "ordinal")})
                    for r in extras["inferences"].get(cid, [])
                ),
                priorities=tuple(priorities),
            )
        )
    themes = tuple(
        Theme(id=t["id"], label_fr=t["label_fr"], label_en=t["label_en"], description=t["description"])
        for t in rows(connection, "SELECT * FROM themes ORDER BY ordinal")
    )
    sources = tuple(
        Source(
            id=s["id"],
            url=s["url"],
            kind=s["kind"],
            title=s["title"],
            updated_on=_date(s["updated_on"]),
            published_on=_date(s["published_on"]),
            note=s["note"],
        )
        for s in rows(connection, "SELECT * FROM sources ORDER BY ordinal")
    )
    return Dataset(contracts=tuple(contracts), themes=themes, sources=sources)


@pytest.mark.parametrize("which", ["bundled", "rich", "minimal"])
def test_nothing_in_the_dataset_is_lost(which: str, tmp_path: Path, dataset: Dataset, rich: Dataset) -> None:
    original = {"bundled": dataset, "rich": rich, "minimal": cppsctl.load(write(tmp_path, MINIMAL))}[which]
    sql_export.export(original, tmp_path / "out.db")
    with sqlite3.connect(tmp_path / "out.db") as connection:
        assert dataset_from_database(connection) == original


def test_the_rich_dataset_fills_every_table(tmp_path: Path, rich: Dataset) -> None:
    sql_export.export(rich, tmp_path / "rich.db")
    with sqlite3.connect(tmp_path / "rich.db") as connection:
        empty = [t for t in sql_schema.TABLES if connection.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,)]
    assert empty == []


# --- determinism and safe writing -----------------------------------------------------------------


def test_exporting_twice_gives_the_same_database(tmp_path: Path, dataset: Dataset) -> None:
    sql_export.export(dataset, tmp_path / "a.db")
    sql_export.export(dataset, tmp_path / "b.db")
    dumps = []
    for name in ("a.db", "b.db"):
        with sqlite3.connect(tmp_path / name) as connection:
            dumps.append(list(connection.iterdump()))
    assert dumps[0] == dumps[1]
    assert any(line.startswith("CREATE TABLE contracts") for line in dumps[0])


def test_an_existing_file_needs_force(tmp_path: Path, dataset: Dataset) -> None:
    target = tmp_path / "out.db"
    target.write_bytes(b"precious")
    with pytest.raises(UsageError, match=r"out\.db already exists$"):  # the library names no option
        sql_export.export(dataset, target)
    assert target.read_bytes() == b"precious"
    sql_export.export(dataset, target, force=True)
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM contracts").fetchone() == (len(dataset.contracts),)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db"]


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path, dataset: Dataset) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        sql_export.export(dataset, tmp_path, force=True)
    with pytest.raises(UsageError, match="does not exist"):
        sql_export.export(dataset, tmp_path / "nope" / "out.db")


def test_a_failed_export_leaves_nothing_half_written(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.db"
    target.write_bytes(b"precious")
    real = sql_schema.fts5_available

    def fail_midway() -> bool:  # called after every table is filled, inside the transaction
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sql_schema, "fts5_available", fail_midway)
    with pytest.raises(RuntimeError, match="disk on fire"):
        sql_export.export(dataset, target, force=True)
    assert target.read_bytes() == b"precious"
    with pytest.raises(RuntimeError):
        sql_export.export(dataset, tmp_path / "new.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db"]
    monkeypatch.setattr(sql_schema, "fts5_available", real)


def test_a_file_that_cannot_be_written_is_a_runtime_error(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(source: object, destination: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", full)  # how a new file is put in place
    monkeypatch.setattr(os, "replace", full)  # how one replaces another
    with pytest.raises(OutputFileError, match=r"^cannot write .*out\.db: No space left on device$") as caught:
        sql_export.export(dataset, tmp_path / "out.db")
    assert caught.value.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_the_file_gets_the_usual_permissions(tmp_path: Path, dataset: Dataset) -> None:
    umask = os.umask(0o022)
    try:
        sql_export.export(dataset, tmp_path / "out.db")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.db").stat().st_mode & 0o777 == 0o644


# --- Datasette metadata ---------------------------------------------------------------------------


def test_shipped_datasette_metadata_describes_every_table(dataset: Dataset) -> None:
    metadata = json.loads(datasette_metadata_path().read_text(encoding="utf-8"))
    (database,) = metadata["databases"].values()
    assert set(database["tables"]) == set(sql_schema.TABLES)
    assert all(len(t["description"]) > 20 for t in database["tables"].values())
    assert metadata["source_url"] in {s.url for s in dataset.sources}
    assert metadata["license"].startswith("Sources: public pages cited in the dataset")


def test_datasette_metadata_is_named_after_the_file(tmp_path: Path, dataset: Dataset) -> None:
    assert list(sql_export.datasette_metadata("paris")["databases"]) == ["paris"]
    sql_export.write_datasette_metadata(tmp_path / "m.json", "paris")
    written = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert written == sql_export.datasette_metadata("paris")
    with pytest.raises(UsageError, match="already exists"):
        sql_export.write_datasette_metadata(tmp_path / "m.json", "paris")


def test_every_table_column_in_the_metadata_exists(exported: sqlite3.Connection) -> None:
    columns = sql_schema.table_columns(exported)
    for table, meta in sql_export.datasette_metadata("x")["databases"]["x"]["tables"].items():
        assert set(meta.get("columns", {})) <= set(columns[table]), table
        if "label_column" in meta:
            assert meta["label_column"] in columns[table]


# --- other readers --------------------------------------------------------------------------------

needs_datasette = pytest.mark.skipif(
    importlib.util.find_spec("datasette") is None, reason="datasette is not installed (pip install datasette)"
)


def datasette_get(database: Path, metadata: Path, path: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "datasette", str(database), "-m", str(metadata), "--get", path],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_datasette
def test_datasette_serves_searchable_tables(tmp_path: Path, dataset: Dataset) -> None:
    database, metadata = tmp_path / "cpps.db", tmp_path / "metadata.json"
    sql_export.export(dataset, database)
    sql_export.write_datasette_metadata(metadata, "cpps")
    found = datasette_get(database, metadata, "/cpps/actions.json?_search=stupefiants&_shape=array&_col=title")
    assert [a["id"] for a in found] == ["cpps-2015-2020/3.4", "cpsa-11-2016-2020/3.3", "cpsa-11-2022-2026/3.2"]
    tables = {t["name"]: t for t in datasette_get(database, metadata, "/cpps.json")["tables"]}
    assert tables["actions"]["fts_table"] == "actions_fts"
    assert tables["priorities"]["fts_table"] == "priorities_fts"
    assert {n for n, t in tables.items() if not t["hidden"]} == set(sql_schema.TABLES)
    labelled = datasette_get(database, metadata, "/cpps/action_themes.json?_labels=on&_shape=array&_size=1")
    assert labelled[0]["theme_id"]["label"] in {t.label_en for t in dataset.themes}
    shown = datasette_get(database, metadata, "/-/metadata.json")
    assert shown["title"] == "Prevention and security contracts of the City of Paris"
    assert "cpps" in shown["databases"]


def test_duckdb_reads_the_file_without_conversion(tmp_path: Path, dataset: Dataset) -> None:
    duckdb = pytest.importorskip("duckdb")
    sql_export.export(dataset, tmp_path / "cpps.db")
    connection = duckdb.connect()
    try:
        connection.execute("SET autoinstall_known_extensions = false")
        connection.execute("LOAD sqlite")
    except duckdb.Error as exc:  # the sqlite extension is downloaded on first use: not possible offline
        pytest.skip(f"DuckDB's sqlite extension is not installed ({str(exc).splitlines()[0]})")
    connection.execute(f"ATTACH '{tmp_path / 'cpps.db'}' AS cpps (TYPE sqlite, READ_ONLY)")
    assert connection.execute("SELECT count(*) FROM cpps.actions").fetchone() == (len(list(dataset.actions)),)


# --- read-only queries (the refusals, message by message, are in test_sql_cli.py) ------------------


def test_a_query_returns_its_columns_in_order_and_its_rows(dataset: Dataset) -> None:
    columns, found = sandbox.run_query(dataset, "SELECT title, id FROM actions WHERE id LIKE 'cpsa-11-2022-2026/1.%'")
    assert columns == ["title", "id"]
    assert [r[1] for r in found] == ["cpsa-11-2022-2026/1.1", "cpsa-11-2022-2026/1.2", "cpsa-11-2022-2026/1.3"]


def test_a_query_can_use_the_full_text_tables(dataset: Dataset) -> None:
    _, found = sandbox.run_query(
        dataset,
        "SELECT a.id, snippet(actions_fts, 0, '[', ']', '…', 4) FROM actions_fts"
        " JOIN actions a ON a.rowid = actions_fts.rowid WHERE actions_fts MATCH 'stupefiants' ORDER BY rank, a.id",
    )
    assert found[0] == ("cpps-2015-2020/3.4", "…les trafics de [stupéfiants]")


def test_a_query_can_read_the_schema(dataset: Dataset) -> None:
    _, tables = sandbox.run_query(dataset, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'lineage'")
    assert tables == [("lineage",)]
    columns, info = sandbox.run_query(dataset, "PRAGMA table_info(themes)")
    assert [r[columns.index("name")] for r in info] == [
        "id",
        "label_fr",
        "label_en",
        "action_count",
        "description",
        "ordinal",
    ]
    assert sandbox.run_query(dataset, "SELECT name FROM pragma_table_info('lineage') LIMIT 1")[1] == [("action_id",)]
    assert sandbox.run_query(dataset, "PRAGMA user_version")[1] == [(sql_schema.SCHEMA_VERSION,)]


def test_max_rows_cuts_a_query_that_never_ends(dataset: Dataset) -> None:
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n"
    assert sandbox.run_query(dataset, endless, max_rows=3) == (["x"], [(1,), (2,), (3,)])
    assert sandbox.run_query(dataset, endless, max_rows=0) == (["x"], [])


def test_blobs_come_back_as_hexadecimal_text(dataset: Dataset) -> None:
    assert sandbox.run_query(dataset, "SELECT x'00ff' AS b") == (["b"], [("00ff",)])


def test_query_records_need_distinct_column_names(dataset: Dataset) -> None:
    assert sandbox.query_records(dataset, "SELECT 1 AS a, 2 AS b") == (["a", "b"], [{"a": 1, "b": 2}])
    with pytest.raises(sandbox.QueryError, match=r"^two result columns are named 'id'; name them apart with AS$"):
        sandbox.query_records(dataset, "SELECT a.id, c.id FROM actions a JOIN contracts c ON c.id = a.contract_id")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "give a query, e.g. SELECT id, title FROM actions"),
        ("  -- only a comment", "not a query: the statement returns no rows (only read-only queries can run)"),
        (
            "SELECT * FROM nowhere",
            "no such table: nowhere (tables: contracts, themes, sources, priorities, "
            "actions, action_themes, lineage, contract_sources, contract_partners, contract_signatories, events, "
            "errata, discrepancies, inferences, actions_fts, priorities_fts)",
        ),
        ("SELECT nope FROM actions", "no such column: nope"),
        ("SELECT", "syntax error: incomplete input"),
        ("VACUUM", "not allowed: VACUUM (only read-only queries can run)"),
        ("BEGIN", "not allowed: BEGIN (only read-only queries can run)"),
        ("ANALYZE", "not allowed: ANALYZE (only read-only queries can run)"),
        (
            "/* hi */ create temp view v as select 1",
            "not allowed: CREATE TEMP VIEW (only read-only queries can run)",
        ),
        ("ALTER TABLE actions RENAME TO a", "not allowed: ALTER TABLE actions (only read-only queries can run)"),
        ("DETACH main", "not allowed: DETACH (only read-only queries can run)"),
        ("PRAGMA query_only = OFF", "not allowed: PRAGMA query_only = OFF (only read-only queries can run)"),
        (
            "PRAGMA writable_schema = ON",
            "not allowed: PRAGMA writable_schema = ON (only read-only queries can run)",
        ),
        ("PRAGMA foreign_keys", "not allowed: PRAGMA foreign_keys (only read-only queries can run)"),
        ("UPDATE sqlite_master SET sql = ''", "not allowed: writing (only read-only queries can run)"),
        ("SELECT fts3_tokenizer('simple')", "not allowed: fts3_tokenizer() (only read-only queries can run)"),
    ],
)
def test_what_a_query_cannot_do(dataset: Dataset, query: str, message: str) -> None:
    with pytest.raises(sandbox.QueryError) as caught:
        sandbox.run_query(dataset, query)
    assert str(caught.value) == message
    assert caught.value.exit_code == 2


def test_vacuum_into_writes_no_file(tmp_path: Path, dataset: Dataset) -> None:
    target = tmp_path / "copy.db"
    with pytest.raises(sandbox.QueryError, match="not allowed: VACUUM"):
        sandbox.run_query(dataset, f"VACUUM INTO '{target}'")
    assert not target.exists()
