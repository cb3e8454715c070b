"""Read-only SQL over the dataset: one statement, an allow-list authorizer, nothing written."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from cppsctl.errors import UsageError
from cppsctl.model import Dataset
from cppsctl.output.formats import Record
from cppsctl.sql.schema import FTS_TABLES, TABLES, build_database


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
