"""Read-only SQL over the dataset: one statement, an allow-list authorizer, nothing written, bounded.

A query runs on a connection that :func:`_lock` made read-only, and within
bounds that :func:`_bound` sets, so that no query can exhaust the machine:

* **time**: :data:`DEFAULT_TIMEOUT` seconds unless told otherwise, checked by
  SQLite's progress handler (which also lets Ctrl-C in);
* **memory**: :data:`HARD_HEAP_LIMIT` for all of SQLite's memory (temporary
  storage included), :data:`MAX_TEMP_PAGES` pages of temporary tables,
  :data:`MAX_LENGTH` for one string or blob, and :data:`MAX_RESULT_BYTES` for
  the rows collected.

Reaching a bound stops the query with one :class:`QueryStopped` (exit code 1);
a query that cannot run at all is a :class:`QueryError` (a usage error, 2).
"""

from __future__ import annotations

import re
import sqlite3
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cppsctl.errors import CppsError, UsageError

if TYPE_CHECKING:
    from cppsctl.model import Dataset
    from cppsctl.output.formats import Record

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run before it is stopped (``timeout=None`` or 0: no limit)."""

HARD_HEAP_LIMIT = 256 * 1024 * 1024
"""256 MiB: all the memory SQLite may hold at once (``PRAGMA hard_heap_limit``, for the whole process).

It is what stops a huge value (``zeroblob(500000000)``, ``randomblob(1e9)``,
``printf('%.*c', 999999999, 'x')``) and a sort or a grouping that would
never end, with "out of memory": temporary storage is kept in memory
(``PRAGMA temp_store = MEMORY``) so that it counts too, instead of filling
the disk. The database of 200,000 actions, read from its file, needs a few
MiB of page cache.
"""

MAX_TEMP_PAGES = 65_536
"""65,536 pages (256 MiB at 4 KiB a page): the temporary database of a query (``PRAGMA temp.max_page_count``)."""

MAX_LENGTH = 1_000_000_000
"""1,000,000,000 bytes: the largest string or blob (``SQLITE_LIMIT_LENGTH``, set where Python has it, 3.11+).

SQLite's default, set explicitly because a build may raise it (up to 2 GiB).
It is not lower on purpose: over this limit ``printf()`` and ``format()``
return NULL without an error, where :data:`HARD_HEAP_LIMIT` stops them with
one; the other functions fail either way ("string or blob too big").
"""

MAX_RESULT_BYTES = 128 * 1024 * 1024
"""128 MiB: the size of the rows a query may return, as Python holds them (about).

Counted as 64 bytes a row and 32 a value, plus the value's length as text
(a blob: twice, its hexadecimal). Every row of 200,000 actions (``SELECT *
FROM actions``) is about 90 MiB; a query that returns more must be cut with
LIMIT (or ``max_rows``).
"""

PROGRESS_STEPS = 10_000
"""SQLite's virtual-machine steps between two calls of the progress handler (the clock, Ctrl-C)."""


class QueryError(UsageError):
    """A query that cannot run: not read-only, several statements, a syntax error, an unknown table, ..."""


class MissingParameterError(QueryError):
    """The query names a parameter (``:name``) that was given no value."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no value given for the parameter :{name}")


class DamagedDatabase(CppsError):
    """The database file is damaged inside (SQLite found it malformed): rebuild it (:mod:`.database` does)."""

    exit_code = 1


_DAMAGED = ("database disk image is malformed", "file is not a database", "disk I/O error")


class QueryStopped(CppsError):
    """A query stopped at one of the bounds: the time, the memory or the size of the result."""

    exit_code = 1


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
        return f"not allowed: {_describe(guard.denied, sql)} (only read-only queries can run)"
    if "one statement at a time" in text:
        return "only one statement can run at a time (remove the ';' and what follows it)"
    if "syntax error" in text or text == "incomplete input":
        return f"syntax error: {text.removesuffix(': syntax error')}"
    if "readonly database" in text or "may not be modified" in text:
        return "not allowed: writing (only read-only queries can run)"
    if text.startswith("no such table"):
        from cppsctl.sql.schema import FTS_TABLES, TABLES

        return f"{text} (tables: {', '.join([*TABLES, *FTS_TABLES])})"
    return f"{text}"


class _Clock:
    """SQLite's progress handler: stops a query past its deadline, and lets a pending Ctrl-C in.

    Called every :data:`PROGRESS_STEPS` steps. Running Python code lets a
    pending Ctrl-C raise in here; either way SQLite then stops the query
    ("interrupted"), which :func:`run_query` turns into :class:`QueryStopped`
    (the deadline) or back into KeyboardInterrupt. Without it, a query that
    never ends could not be stopped.
    """

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout or None
        self.deadline = None if self.timeout is None else time.monotonic() + self.timeout
        self.expired = False

    def __call__(self) -> int:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.expired = True
            return 1
        return 0


def _bound(connection: sqlite3.Connection) -> None:
    """Set the memory bounds of a query connection (the module's docstring lists them)."""
    connection.execute(f"PRAGMA hard_heap_limit = {HARD_HEAP_LIMIT}")
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute(f"PRAGMA temp.max_page_count = {MAX_TEMP_PAGES}")
    if sys.version_info >= (3, 11):
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)


def _stopped(exc: Exception, clock: _Clock) -> QueryStopped | None:
    """The bound a query error means, if it means one."""
    text = str(exc)
    if text == "interrupted" and clock.expired:
        return QueryStopped(f"query stopped after {clock.timeout:g} s (timeout)")
    if text == "string or blob too big":
        return QueryStopped(f"query stopped: a value would be larger than {MAX_LENGTH:,} bytes")
    if text == "out of memory" or isinstance(exc, MemoryError):
        return QueryStopped(f"query stopped: it needs more than {HARD_HEAP_LIMIT // 2**20} MiB of memory")
    if text == "database or disk is full":
        return QueryStopped(f"query stopped: its temporary tables would need more than {MAX_TEMP_PAGES:,} pages")
    return None


_PARAMETER = re.compile(r"binding parameter :(\w+)")


def _parameter_error(exc: Exception) -> QueryError | None:
    text = str(exc)
    if (missing := _PARAMETER.search(text)) is not None:
        return MissingParameterError(missing.group(1))
    if "has no name" in text or "Incorrect number of bindings" in text:
        return QueryError("parameters must be named (:name), not '?'")
    return None


def _cell(value: object) -> object:
    """A result value as plain data: a blob becomes its hexadecimal text."""
    return value.hex() if isinstance(value, bytes) else value


def _size(row: tuple[Any, ...]) -> int:
    """A row's size as :data:`MAX_RESULT_BYTES` counts it."""
    return 64 + sum(32 + (len(v) if isinstance(v, str) else 2 * len(v) if isinstance(v, bytes) else 0) for v in row)


def _collect(cursor: sqlite3.Cursor, max_rows: int | None) -> list[tuple[Any, ...]]:
    """The rows of a cursor, at most ``max_rows``; stopped when they grow past :data:`MAX_RESULT_BYTES`."""
    rows: list[tuple[Any, ...]] = []
    total = 0
    while max_rows is None or len(rows) < max_rows:
        batch = cursor.fetchmany(1000 if max_rows is None else min(1000, max_rows - len(rows)))
        if not batch:
            break
        total += sum(map(_size, batch))
        if total > MAX_RESULT_BYTES:
            raise QueryStopped(
                f"query stopped: the result is larger than {MAX_RESULT_BYTES // 2**20} MiB;"
                " add a LIMIT (or count with count(*))"
            )
        rows += batch
    return rows


def run_query(
    database: Dataset | sqlite3.Connection,
    sql: str,
    *,
    params: Mapping[str, object] | None = None,
    max_rows: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only SQL statement over the dataset; return the column names and the rows.

    ``database`` is a dataset (its database is built in memory and closed after
    the query) or an open connection to a database of :mod:`.schema` (see
    :mod:`.database`), which is locked read-only here and left open. ``params``
    binds named parameters (``:name``); ``max_rows`` stops reading after that
    many rows (a query that would never end can still be cut); ``timeout``
    stops the query after that many seconds (None or 0: never).

    Raises :class:`QueryError` for anything but a single reading statement,
    or a parameter without a value, and :class:`QueryStopped` at a bound.
    """
    if not sql.strip():
        raise QueryError("give a query, e.g. SELECT id, title FROM actions")
    if isinstance(database, sqlite3.Connection):
        connection, owned = database, False
    else:
        from cppsctl.sql.schema import build_database

        connection, owned = sqlite3.connect(":memory:"), True
        build_database(database, connection)
    try:
        connection.set_authorizer(None)  # a connection used again: the bounds are pragmas
        _bound(connection)
        guard = _lock(connection)
        clock = _Clock(timeout)
        connection.set_progress_handler(clock, PROGRESS_STEPS)
        try:
            cursor = connection.execute(sql, dict(params or {}))
            if cursor.description is None:
                raise QueryError("not a query: the statement returns no rows (only read-only queries can run)")
            columns = [d[0] for d in cursor.description]
            rows = _collect(cursor, max_rows)
        except (sqlite3.Error, sqlite3.Warning, MemoryError) as exc:
            stopped = _stopped(exc, clock)
            if stopped is not None:
                raise stopped from None
            if str(exc) == "interrupted":  # Ctrl-C, see _Clock
                raise KeyboardInterrupt from None
            if isinstance(exc, sqlite3.DatabaseError) and str(exc) in _DAMAGED:
                raise DamagedDatabase(f"the database is damaged: {exc}") from None
            raise (_parameter_error(exc) or QueryError(_error_message(exc, guard, sql))) from None
        finally:
            connection.set_progress_handler(None, 0)
    finally:
        if owned:
            connection.close()
    return columns, [tuple(_cell(v) for v in row) for row in rows]


def query_records(
    database: Dataset | sqlite3.Connection,
    sql: str,
    *,
    params: Mapping[str, object] | None = None,
    max_rows: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[list[str], list[Record]]:
    """:func:`run_query`, with each row as a record (column name -> value) for the output formats.

    Records need one key per column, so two result columns of the same name are refused.
    """
    columns, rows = run_query(database, sql, params=params, max_rows=max_rows, timeout=timeout)
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise QueryError(f"two result columns are named {name!r}; name them apart with AS")
        seen.add(name)
    return columns, [dict(zip(columns, row, strict=True)) for row in rows]
