"""The dataset as a SQLite database: the tables, their rows, and building a database.

One table per kind of thing, with the JSON field names as column names
(:mod:`cppsctl.output.records`), primary and foreign keys, an index on every foreign
key, and FTS5 full-text tables over the titles (accents ignored) where the
SQLite in use has FTS5. List fields become link tables; an ``ordinal`` column
keeps the order of every list, so that nothing in the dataset is lost.

The same schema serves the export to a file (:mod:`.export`) and read-only
queries (:mod:`.sandbox`). Only the standard library's :mod:`sqlite3` is used.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from cppsctl.model import KINDS, Dataset

SCHEMA_VERSION = 2
"""Version of the database layout, stored as ``PRAGMA user_version``; bumped on any incompatible change."""

NOT_STORED = {
    "contracts": ("in_force",),  # the answer to a question (--active-in), not a property of the contract
    "actions": ("contract_kind", "arrondissement", "scope", "start_year", "end_year", "in_force"),  # in contracts
}
"""Record fields that a table leaves out, and why; every other scalar field is a column of the same name."""

TOKENIZE = "unicode61 remove_diacritics 2"
"""FTS5 tokenizer: case and accents ignored, so that ``stupefiants`` finds ``stupéfiants``."""

_KINDS = ", ".join(f"'{k}'" for k in KINDS)

TABLES: dict[str, str] = {
    "contracts": f"""
CREATE TABLE contracts (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ({_KINDS})),
    name TEXT NOT NULL,
    arrondissement INTEGER,
    scope TEXT NOT NULL,
    start_year INTEGER,
    end_year INTEGER,
    period TEXT NOT NULL,
    signed_on TEXT,
    signature_confirmed INTEGER NOT NULL CHECK (signature_confirmed IN (0, 1)),
    earliest_start INTEGER,
    latest_end INTEGER,
    inferred TEXT NOT NULL CHECK (json_valid(inferred) AND json_type(inferred) = 'array'),
    priority_count INTEGER,
    action_count INTEGER,
    declared_action_count INTEGER,
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
    completeness TEXT NOT NULL,
    source_url TEXT,
    ordinal INTEGER NOT NULL UNIQUE
)""",
    "themes": """
CREATE TABLE themes (
    id TEXT NOT NULL PRIMARY KEY,
    label_fr TEXT NOT NULL,
    label_en TEXT NOT NULL,
    action_count INTEGER NOT NULL,
    description TEXT,
    ordinal INTEGER NOT NULL UNIQUE
)""",
    "sources": """
CREATE TABLE sources (
    id TEXT NOT NULL PRIMARY KEY,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT,
    updated_on TEXT,
    published_on TEXT,
    note TEXT,
    ordinal INTEGER NOT NULL UNIQUE
)""",
    "priorities": """
CREATE TABLE priorities (
    id TEXT NOT NULL PRIMARY KEY,
    contract_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    original_title TEXT,
    declared_action_count INTEGER,
    action_count INTEGER NOT NULL,
    complete INTEGER CHECK (complete IN (0, 1)),
    ordinal INTEGER NOT NULL,
    UNIQUE (contract_id, number),
    UNIQUE (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id)
)""",
    "actions": """
CREATE TABLE actions (
    id TEXT NOT NULL PRIMARY KEY,
    contract_id TEXT NOT NULL,
    priority INTEGER NOT NULL,
    priority_title TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    original_title TEXT,
    priority_id TEXT NOT NULL,
    UNIQUE (contract_id, priority, position),
    FOREIGN KEY (contract_id) REFERENCES contracts (id),
    FOREIGN KEY (priority_id) REFERENCES priorities (id)
)""",
    "action_themes": """
CREATE TABLE action_themes (
    action_id TEXT NOT NULL,
    theme_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (action_id, theme_id),
    UNIQUE (action_id, ordinal),
    FOREIGN KEY (action_id) REFERENCES actions (id),
    FOREIGN KEY (theme_id) REFERENCES themes (id)
)""",
    "lineage": """
CREATE TABLE lineage (
    action_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('declines', 'continues')),
    target_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (action_id, kind, target_id),
    UNIQUE (action_id, kind, ordinal),
    FOREIGN KEY (action_id) REFERENCES actions (id),
    FOREIGN KEY (target_id) REFERENCES actions (id)
)""",
    "contract_sources": """
CREATE TABLE contract_sources (
    contract_id TEXT NOT NULL,
    source_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (contract_id, source_id),
    UNIQUE (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id),
    FOREIGN KEY (source_id) REFERENCES sources (id)
)""",
    "contract_partners": """
CREATE TABLE contract_partners (
    contract_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id)
)""",
    "contract_signatories": """
CREATE TABLE contract_signatories (
    contract_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id)
)""",
    "events": """
CREATE TABLE events (
    contract_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    date TEXT NOT NULL,
    label TEXT NOT NULL,
    source TEXT,
    PRIMARY KEY (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id),
    FOREIGN KEY (source) REFERENCES sources (id)
)""",
    "errata": """
CREATE TABLE errata (
    contract_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    target TEXT NOT NULL,
    field TEXT NOT NULL,
    original TEXT NOT NULL,
    corrected TEXT NOT NULL,
    note TEXT,
    source TEXT,
    PRIMARY KEY (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id),
    FOREIGN KEY (source) REFERENCES sources (id)
)""",
    "discrepancies": """
CREATE TABLE discrepancies (
    contract_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    alternative TEXT NOT NULL,
    source TEXT,
    note TEXT,
    PRIMARY KEY (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id),
    FOREIGN KEY (source) REFERENCES sources (id)
)""",
    "inferences": """
CREATE TABLE inferences (
    contract_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    field TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (contract_id, ordinal),
    FOREIGN KEY (contract_id) REFERENCES contracts (id)
)""",
}
"""Every table, in creation (and insertion) order: a table comes after those it refers to."""

INDEXES: tuple[str, ...] = (
    # A foreign key that does not lead a primary key or UNIQUE constraint gets its own index.
    "CREATE INDEX actions_priority_id ON actions (priority_id)",
    "CREATE INDEX action_themes_theme_id ON action_themes (theme_id)",
    "CREATE INDEX lineage_target_id ON lineage (target_id)",
    "CREATE INDEX contract_sources_source_id ON contract_sources (source_id)",
    "CREATE INDEX events_source ON events (source)",
    "CREATE INDEX errata_source ON errata (source)",
    "CREATE INDEX errata_target ON errata (target)",
    "CREATE INDEX discrepancies_source ON discrepancies (source)",
)

FTS_TABLES: dict[str, str] = {
    "actions_fts": "actions",
    "priorities_fts": "priorities",
}
"""Full-text tables over the ``title`` column of their content table (rowids shared with it)."""


def fts_ddl(name: str, content: str) -> str:
    # content="..." in double quotes is the form Datasette looks for to offer a search box on the table.
    return f"CREATE VIRTUAL TABLE {name} USING fts5 (title, content=\"{content}\", tokenize = '{TOKENIZE}')"


@lru_cache(maxsize=1)
def fts5_available() -> bool:
    """Whether this SQLite has FTS5 with the ``unicode61 remove_diacritics 2`` tokenizer."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(fts_ddl("probe", "probe_content"))
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


Row = dict[str, Any]


def _rows(dataset: Dataset) -> dict[str, list[Row]]:
    """The rows of every table, in dataset order, each a mapping of column names to values."""
    from cppsctl.output.records import action_record, contract_record, priority_record, theme_records

    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    for ordinal, contract in enumerate(dataset.contracts, 1):
        cid = contract.id
        record: dict[str, Any] = {**contract_record(dataset, contract), "ordinal": ordinal}
        for name in NOT_STORED["contracts"]:
            del record[name]
        record["inferred"] = json.dumps(record["inferred"])  # a JSON array: json_each(inferred) lists it
        rows["contracts"].append(record)
        for p_ordinal, priority in enumerate(contract.priorities, 1):
            p = priority_record(dataset, priority)
            rows["priorities"].append(
                {
                    "id": p["id"],
                    "contract_id": cid,
                    "number": p["number"],
                    "title": p["title"],
                    "original_title": p["original_title"],
                    "declared_action_count": p["declared_action_count"],
                    "action_count": p["action_count"],
                    "complete": p["complete"],
                    "ordinal": p_ordinal,
                }
            )
            for action in priority.actions:
                a = action_record(dataset, action)
                fields = ("id", "contract_id", "priority", "priority_title", "position", "title", "original_title")
                rows["actions"].append({**{k: a[k] for k in fields}, "priority_id": priority.id})  # type: ignore[literal-required]
                aid = action.id
                rows["action_themes"] += [
                    {"action_id": aid, "theme_id": t, "ordinal": i} for i, t in enumerate(action.themes, 1)
                ]
                for kind in ("declines", "continues"):
                    rows["lineage"] += [
                        {"action_id": aid, "kind": kind, "target_id": t, "ordinal": i}
                        for i, t in enumerate(getattr(action, kind), 1)
                    ]
        rows["contract_sources"] += [
            {"contract_id": cid, "source_id": s, "ordinal": i} for i, s in enumerate(contract.sources, 1)
        ]
        rows["contract_partners"] += [
            {"contract_id": cid, "ordinal": i, "name": n} for i, n in enumerate(contract.partners, 1)
        ]
        rows["contract_signatories"] += [
            {"contract_id": cid, "ordinal": i, "name": n} for i, n in enumerate(contract.signatories, 1)
        ]
        rows["events"] += [
            {"contract_id": cid, "ordinal": i, "date": str(e.date), "label": e.label, "source": e.source}
            for i, e in enumerate(contract.events, 1)
        ]
        rows["errata"] += [
            {"contract_id": cid, "ordinal": i, "target": e.target, "field": e.field, "original": e.original,
             "corrected": e.corrected, "note": e.note, "source": e.source}
            for i, e in enumerate(contract.errata, 1)
        ]  # fmt: skip
        rows["discrepancies"] += [
            {"contract_id": cid, "ordinal": i, "field": d.field, "value": d.value, "alternative": d.alternative,
             "source": d.source, "note": d.note}
            for i, d in enumerate(contract.discrepancies, 1)
        ]  # fmt: skip
        rows["inferences"] += [
            {"contract_id": cid, "ordinal": i, "field": f.field, "note": f.note}
            for i, f in enumerate(contract.inferences, 1)
        ]
    for ordinal, (theme, counted) in enumerate(zip(dataset.themes, theme_records(dataset), strict=True), 1):
        rows["themes"].append(
            {"id": theme.id, "label_fr": theme.label_fr, "label_en": theme.label_en,
             "action_count": counted["action_count"], "description": theme.description, "ordinal": ordinal}
        )  # fmt: skip
    for ordinal, source in enumerate(dataset.sources, 1):
        rows["sources"].append(
            {"id": source.id, "url": source.url, "kind": source.kind, "title": source.title,
             "updated_on": None if source.updated_on is None else str(source.updated_on),
             "published_on": None if source.published_on is None else str(source.published_on),
             "note": source.note, "ordinal": ordinal}
        )  # fmt: skip
    return rows


def insert_statement(table: str, columns: Iterable[str]) -> str:
    """``INSERT INTO t (a, b) VALUES (:a, :b)``: values go by name, whatever the order of the table's columns."""
    names = list(columns)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"


def build_database(dataset: Dataset, connection: sqlite3.Connection) -> list[str]:
    """Create the schema in an empty database and fill it; return notes for the user (e.g. no FTS5).

    Runs in one transaction (the schema, the rows, the full-text index and the
    ``user_version``), with foreign keys enforced while inserting; a failure
    rolls it all back.
    """
    notes: list[str] = []
    connection.execute("PRAGMA foreign_keys = ON")  # outside the transaction: inside, SQLite ignores it
    connection.execute("BEGIN")
    try:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        for ddl in TABLES.values():
            connection.execute(ddl.strip())
        for ddl in INDEXES:
            connection.execute(ddl)
        for table, rows in _rows(dataset).items():
            if rows:
                connection.executemany(insert_statement(table, rows[0]), rows)
        if fts5_available():
            for name, content in FTS_TABLES.items():
                connection.execute(fts_ddl(name, content))
                connection.execute(f"INSERT INTO {name} ({name}) VALUES ('rebuild')")
        else:
            notes.append(
                f"no full-text tables ({', '.join(FTS_TABLES)}): this SQLite ({sqlite3.sqlite_version})"
                " has no FTS5 with the unicode61 tokenizer; the other tables are complete"
            )
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return notes


def table_columns(connection: sqlite3.Connection, tables: Iterable[str] = TABLES) -> dict[str, list[str]]:
    """The column names of each table, in order (for documentation and tests)."""
    return {t: [row[1] for row in connection.execute(f"PRAGMA table_info({t})")] for t in tables}
