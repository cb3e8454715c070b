"""The dataset as a SQLite database: the schema, the export to a file and read-only SQL queries.

One table per kind of thing, with the JSON field names as column names
(:mod:`cppsctl.records`), primary and foreign keys, an index on every foreign
key, and FTS5 full-text tables over the titles (accents ignored) where the
SQLite in use has FTS5. List fields become link tables; an ``ordinal`` column
keeps the order of every list, so that nothing in the dataset is lost.

The same schema serves ``cppsctl export --format sqlite`` (a file) and
``cppsctl sql`` (in memory, locked down so that a query can only read).
Only the standard library's :mod:`sqlite3` is used.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cppsctl.errors import UsageError
from cppsctl.files import OutputFileError, check_target, write_atomically
from cppsctl.models import KINDS, Dataset
from cppsctl.records import Record, action_record, contract_record, priority_record, theme_records
from cppsctl.resources import datasette_metadata_path

SCHEMA_VERSION = 1
"""Version of the database layout, stored as ``PRAGMA user_version``; bumped on any incompatible change."""

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
    priority_count INTEGER NOT NULL,
    action_count INTEGER NOT NULL,
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


def _rows(dataset: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every table, in dataset order."""
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    for ordinal, contract in enumerate(dataset.contracts, 1):
        record = contract_record(dataset, contract)
        rows["contracts"].append((*record.values(), ordinal))
        for p_ordinal, priority in enumerate(contract.priorities, 1):
            p = priority_record(dataset, priority)
            rows["priorities"].append(
                (
                    p["id"],
                    contract.id,
                    p["number"],
                    p["title"],
                    p["original_title"],
                    p["declared_action_count"],
                    p["action_count"],
                    p["complete"],
                    p_ordinal,
                )
            )
            for action in priority.actions:
                a = action_record(dataset, action)
                rows["actions"].append(
                    (
                        a["id"],
                        a["contract_id"],
                        a["priority"],
                        a["priority_title"],
                        a["position"],
                        a["title"],
                        a["original_title"],
                        priority.id,
                    )
                )
                rows["action_themes"] += [(action.id, t, i) for i, t in enumerate(action.themes, 1)]
                rows["lineage"] += [(action.id, "declines", t, i) for i, t in enumerate(action.declines, 1)]
                rows["lineage"] += [(action.id, "continues", t, i) for i, t in enumerate(action.continues, 1)]
        rows["contract_sources"] += [(contract.id, s, i) for i, s in enumerate(contract.sources, 1)]
        rows["contract_partners"] += [(contract.id, i, n) for i, n in enumerate(contract.partners, 1)]
        rows["contract_signatories"] += [(contract.id, i, n) for i, n in enumerate(contract.signatories, 1)]
        rows["events"] += [(contract.id, i, str(e.date), e.label, e.source) for i, e in enumerate(contract.events, 1)]
        rows["errata"] += [
            (contract.id, i, e.target, e.field, e.original, e.corrected, e.note, e.source)
            for i, e in enumerate(contract.errata, 1)
        ]
        rows["discrepancies"] += [
            (contract.id, i, d.field, d.value, d.alternative, d.source, d.note)
            for i, d in enumerate(contract.discrepancies, 1)
        ]
        rows["inferences"] += [(contract.id, i, f.field, f.note) for i, f in enumerate(contract.inferences, 1)]
    for ordinal, (theme, record) in enumerate(zip(dataset.themes, theme_records(dataset), strict=True), 1):
        rows["themes"].append(
            (theme.id, theme.label_fr, theme.label_en, record["action_count"], theme.description, ordinal)
        )
    for ordinal, source in enumerate(dataset.sources, 1):
        rows["sources"].append(
            (
                source.id,
                source.url,
                source.kind,
                source.title,
                None if source.updated_on is None else str(source.updated_on),
                None if source.published_on is None else str(source.published_on),
                source.note,
                ordinal,
            )
        )
    return rows


def build_database(dataset: Dataset, connection: sqlite3.Connection) -> list[str]:
    """Create the schema in an empty database and fill it; return notes for the user (e.g. no FTS5).

    Runs in one transaction, with foreign keys enforced while inserting.
    """
    notes: list[str] = []
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    with connection:
        for ddl in TABLES.values():
            connection.execute(ddl.strip())
        for ddl in INDEXES:
            connection.execute(ddl)
        for table, rows in _rows(dataset).items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        if fts5_available():
            for name, content in FTS_TABLES.items():
                connection.execute(fts_ddl(name, content))
                connection.execute(f"INSERT INTO {name} ({name}) VALUES ('rebuild')")
        else:
            notes.append(
                f"no full-text tables ({', '.join(FTS_TABLES)}): this SQLite ({sqlite3.sqlite_version})"
                " has no FTS5 with the unicode61 tokenizer; the other tables are complete"
            )
    return notes


# ---------------------------------------------------------------------------
# Export to a file


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    counts: dict[str, int]  # rows per table
    notes: list[str] = field(default_factory=list)


def export(dataset: Dataset, path: str | os.PathLike[str], force: bool = False) -> ExportResult:
    """Write the dataset as a SQLite database file; an existing file is replaced only with ``force``."""
    target = Path(path)
    check_target(target, force)
    notes: list[str] = []
    counts: dict[str, int] = {}

    def fill(temporary: Path) -> None:
        connection = sqlite3.connect(temporary)
        try:
            notes.extend(build_database(dataset, connection))
            for table in TABLES:
                counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except sqlite3.Error as exc:
            raise OutputFileError(f"cannot write {target}: {exc}") from None
        finally:
            connection.close()

    write_atomically(target, fill)
    return ExportResult(target, counts, notes)


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata (titles, descriptions, source) for a database file named ``database``.db."""
    metadata: dict[str, Any] = json.loads(datasette_metadata_path().read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    metadata["databases"] = {database: next(iter(databases.values()), {})}
    return metadata


def write_datasette_metadata(path: str | os.PathLike[str], database: str, force: bool = False) -> None:
    target = Path(path)
    check_target(target, force)
    text = json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2) + "\n"

    def fill(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    write_atomically(target, fill)


# ---------------------------------------------------------------------------
# Read-only queries


class QueryError(UsageError):
    """A query that cannot run: not read-only, several statements, a syntax error, an unknown table, ..."""


# The authorizer's action codes (sqlite3.h), named as a refusal message shows them.
_ACTIONS: dict[int, str] = {
    1: "CREATE INDEX",
    2: "CREATE TABLE",
    3: "CREATE TEMP INDEX",
    4: "CREATE TEMP TABLE",
    5: "CREATE TEMP TRIGGER",
    6: "CREATE TEMP VIEW",
    7: "CREATE TRIGGER",
    8: "CREATE VIEW",
    9: "DELETE FROM",
    10: "DROP INDEX",
    11: "DROP TABLE",
    12: "DROP TEMP INDEX",
    13: "DROP TEMP TABLE",
    14: "DROP TEMP TRIGGER",
    15: "DROP TEMP VIEW",
    16: "DROP TRIGGER",
    17: "DROP VIEW",
    18: "INSERT INTO",
    19: "PRAGMA",
    20: "READ",
    21: "SELECT",
    22: "transaction control",
    23: "UPDATE",
    24: "ATTACH",
    25: "DETACH",
    26: "ALTER TABLE",
    27: "REINDEX",
    28: "ANALYZE",
    29: "CREATE VIRTUAL TABLE",
    30: "DROP VIRTUAL TABLE",
    31: "function",
    32: "SAVEPOINT",
    33: "RECURSIVE",
}
_DELETE, _INSERT, _PRAGMA, _READ, _SELECT, _TRANSACTION, _UPDATE = 9, 18, 19, 20, 21, 22, 23
_ATTACH, _DETACH, _ALTER, _FUNCTION, _SAVEPOINT, _RECURSIVE = 24, 25, 26, 31, 32, 33
_SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_schema"})
_ALL_SCHEMA_TABLES = _SCHEMA_TABLES | {"sqlite_temp_master", "sqlite_temp_schema"}

DENIED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer", "readfile", "writefile", "edit"})
"""SQL functions refused even though they only appear in a SELECT: they reach files or memory."""

READ_PRAGMAS = frozenset(
    {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list"}
)
"""Pragmas that only describe the schema; allowed with their argument (a table or index name)."""

VALUE_PRAGMAS = frozenset({"user_version", "data_version"})
"""Pragmas allowed only to read their value (FTS5 itself reads data_version)."""


class _Guard:
    """The authorizer of a query connection: allows reading, refuses anything else and remembers what."""

    def __init__(self) -> None:
        self.denied: tuple[int, str | None, str | None] | None = None

    def __call__(
        self, action: int, arg1: str | None, arg2: str | None, database: str | None, source: str | None
    ) -> int:
        if self._allowed(action, arg1, arg2):
            return sqlite3.SQLITE_OK
        if self.denied is None:
            self.denied = (action, arg1, arg2)
        return sqlite3.SQLITE_DENY

    @staticmethod
    def _allowed(action: int, arg1: str | None, arg2: str | None) -> bool:
        if action in (_READ, _SELECT, _RECURSIVE):
            return True
        if action == _FUNCTION:
            return (arg2 or "").lower() not in DENIED_FUNCTIONS
        if action == _PRAGMA:
            name = (arg1 or "").lower()
            return name in READ_PRAGMAS or (name in VALUE_PRAGMAS and arg2 is None)
        # SQLite checks UPDATE on the schema table while it declares a virtual table's columns (FTS5,
        # pragma functions); a user's UPDATE of it is refused by SQLite itself and by query_only.
        return action == _UPDATE and (arg1 or "").lower() in _SCHEMA_TABLES


_SCHEMA_WORDS = frozenset(
    {"CREATE", "DROP", "TEMP", "TEMPORARY", "UNIQUE", "VIRTUAL", "TABLE", "INDEX", "VIEW", "TRIGGER"}
)
_LEADING_COMMENTS = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?(?:\*/|$))*", re.DOTALL)


def _leading_keywords(sql: str) -> str:
    """``"create temp view v as ..."`` -> ``"CREATE TEMP VIEW"``; ``"vacuum"`` -> ``"VACUUM"``."""
    comments = _LEADING_COMMENTS.match(sql)
    words = sql[comments.end() if comments else 0 :].split()
    if not words:
        return ""
    first = words[0].upper()
    if first not in ("CREATE", "DROP"):
        return first
    kept = [first]
    for word in words[1:]:
        if word.upper() not in _SCHEMA_WORDS:
            break
        kept.append(word.upper())
    return " ".join(kept)


def _describe(denied: tuple[int, str | None, str | None], sql: str) -> str:
    """What a refused operation was, in the words of SQL."""
    action, arg1, arg2 = denied
    name = _ACTIONS.get(action, f"operation {action}")
    if action in (_INSERT, _DELETE, _UPDATE) and (arg1 or "").lower() in _ALL_SCHEMA_TABLES:
        # CREATE, DROP and ANALYZE are refused first as writes to the schema table: name the statement.
        return _leading_keywords(sql) or "changing the schema"
    if action == _FUNCTION:
        return f"{arg2}()"
    if action == _PRAGMA:
        return f"PRAGMA {arg1}" + ("" if arg2 is None else f" = {arg2}")
    if action == _TRANSACTION:
        return arg1 or name  # BEGIN, COMMIT or ROLLBACK
    if action == _ATTACH and _leading_keywords(sql) == "VACUUM":
        return "VACUUM"  # it attaches a scratch database (or the INTO file)
    if action in (_ATTACH, _DETACH, _SAVEPOINT):
        return name  # their argument is a file or database name, not a table
    if action == _ALTER:
        return f"{name} {arg2}"  # arg1 is the database, arg2 the table
    return f"{name} {arg1}" if arg1 else name


def _lock(connection: sqlite3.Connection) -> _Guard:
    """Make ``connection`` read-only: query_only, no extensions, no attached files, an allow-list authorizer."""
    connection.execute("PRAGMA query_only = ON")
    disable = getattr(connection, "enable_load_extension", None)
    if disable is not None:
        disable(False)
    setlimit = getattr(connection, "setlimit", None)  # Python 3.11+
    if setlimit is not None:
        setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)  # type: ignore[attr-defined,unused-ignore]
    guard = _Guard()
    connection.set_authorizer(guard)
    return guard


def _error_message(exc: Exception, guard: _Guard, sql: str) -> str:
    text = str(exc)
    if guard.denied is not None:
        return f"sql: not allowed: {_describe(guard.denied, sql)} (only read-only queries can run)"
    if "one statement at a time" in text:
        return "sql: only one statement can run at a time (remove the ';' and what follows it)"
    if "syntax error" in text or text == "incomplete input":
        return f"sql: syntax error: {text.removesuffix(': syntax error')}"
    if "readonly database" in text or "may not be modified" in text:
        return "sql: not allowed: writing (only read-only queries can run)"
    if text.startswith("no such table"):
        return f"sql: {text} (tables: {', '.join([*TABLES, *FTS_TABLES])})"
    return f"sql: {text}"


def _let_signals_in() -> int:
    """Called by SQLite every 10,000 steps: running Python code lets a pending Ctrl-C raise in here.

    SQLite then stops the query ("interrupted"), which :func:`run_query` turns back into
    KeyboardInterrupt; without this, a query that never ends could not be stopped.
    """
    return 0


def _cell(value: object) -> object:
    """A result value as plain data: a blob becomes its hexadecimal text."""
    return value.hex() if isinstance(value, bytes) else value


def run_query(dataset: Dataset, sql: str, *, max_rows: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only SQL statement over the dataset (in memory); return the column names and the rows.

    ``max_rows`` stops reading after that many rows (for ``--limit`` without
    ``--sort``: a query that would never end can still be cut). Raises
    :class:`QueryError` for anything but a single reading statement.
    """
    if not sql.strip():
        raise QueryError("sql: give a query, e.g. SELECT id, title FROM actions")
    connection = sqlite3.connect(":memory:")
    try:
        build_database(dataset, connection)
        guard = _lock(connection)
        connection.set_progress_handler(_let_signals_in, 10_000)
        try:
            cursor = connection.execute(sql)
            if cursor.description is None:
                raise QueryError("sql: not a query: the statement returns no rows (only read-only queries can run)")
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall() if max_rows is None else cursor.fetchmany(max_rows) if max_rows else []
        except (sqlite3.Error, sqlite3.Warning) as exc:
            if str(exc) == "interrupted":  # Ctrl-C, see _let_signals_in
                raise KeyboardInterrupt from None
            raise QueryError(_error_message(exc, guard, sql)) from None
    finally:
        connection.close()
    return columns, [tuple(_cell(v) for v in row) for row in rows]


def query_records(dataset: Dataset, sql: str, *, max_rows: int | None = None) -> tuple[list[str], list[Record]]:
    """:func:`run_query`, with each row as a record (column name -> value) for the output formats.

    Records need one key per column, so two result columns of the same name are refused.
    """
    columns, rows = run_query(dataset, sql, max_rows=max_rows)
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise QueryError(f"sql: two result columns are named {name!r}; name them apart with AS")
        seen.add(name)
    return columns, [dict(zip(columns, row, strict=True)) for row in rows]


def table_columns(connection: sqlite3.Connection, tables: Iterable[str] = TABLES) -> dict[str, list[str]]:
    """The column names of each table, in order (for documentation and tests)."""
    return {t: [row[1] for row in connection.execute(f"PRAGMA table_info({t})")] for t in tables}
