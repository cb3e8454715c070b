"""The dataset's SQLite database for queries: built once into the cache, then opened read-only.

``cppsctl sql`` used to build the whole database (full-text index included)
in memory at every call. Now :func:`open_database` keeps it as a file in the
cache, beside the dataset's entry (:mod:`cppsctl.dataset.cache`):

* **Key.** The file is named after the dataset entry's whole key
  (:meth:`CacheEntry.sibling <cppsctl.dataset.cache.CacheEntry.sibling>`): the
  digest of every dataset file's bytes, and the stamp of cppsctl's own code.
  A changed dataset or another version looks for another file, so a database
  is never stale; the files of older keys are removed when a new one is built.
* **Built once.** From the dataset (itself read from its cache entry when it
  can be), in one transaction without a journal, into a temporary file that
  is renamed into place by the one atomic writer (:mod:`cppsctl.fs`): two
  processes building at once each rename a whole file, and both answer.
* **Never trusted blindly.** Before it is opened the file must be a regular
  file (not a link), owned by this user and writable by no one else; its
  SQLite header must be whole (page size times page count is the file's
  size, so a truncated file is refused) and carry this layout's
  :data:`~cppsctl.sql.schema.SCHEMA_VERSION` as its ``user_version``.
  Anything else is rebuilt. A file that is damaged inside ("malformed")
  fails the query, which is then run once more on a rebuilt file.
* **Opened read-only.** ``file:...?mode=ro&immutable=1`` (the file is never
  changed in place, only replaced), then locked by :mod:`.sandbox` as before.
* **No cache.** No usable cache folder (no home, a read-only one, ``cache=False``
  from ``--no-cache`` or ``CPPSCTL_NO_CACHE``): the database is built in memory.

On a warm cache nothing of the loader runs but the key: the dataset files'
stat, when it can stand for them (:meth:`CacheEntry.settled
<cppsctl.dataset.cache.CacheEntry.settled>`), else reading and checksumming
them; no TOML, no checks, no model built.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cppsctl.dataset.cache import store, trusted
from cppsctl.dataset.load import cache_entry, load_contents, read_contents, settled_entry
from cppsctl.sql.sandbox import DEFAULT_TIMEOUT, DamagedDatabase, query_records
from cppsctl.sql.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from cppsctl.dataset.cache import CacheEntry
    from cppsctl.dataset.load import Contents, Reading
    from cppsctl.output.formats import Record

SUFFIX = ".sqlite"
"""The cache file's suffix, after the dataset entry's name and its key's digest."""

_HEADER = 100
"""Bytes of the SQLite file header (https://sqlite.org/fileformat.html#the_database_header)."""

_MAGIC = b"SQLite format 3\x00"


def header_ok(header: bytes, size: int, schema_version: int) -> bool:
    """Whether a SQLite file header describes a whole file of ``size`` bytes of this schema version."""
    if len(header) < _HEADER or not header.startswith(_MAGIC):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    user_version = int.from_bytes(header[60:64], "big", signed=True)
    return (
        page_size >= 512
        and page_size & (page_size - 1) == 0
        and valid_for == change_counter  # else the page count is not to be believed (an old writer)
        and pages * page_size == size
        and user_version == schema_version
    )


def _uri(path: Path) -> str:
    """A read-only, immutable SQLite URI of ``path`` (``%``, ``?`` and ``#`` escaped)."""
    text = os.fspath(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{text}?mode=ro&immutable=1"


def open_cached(path: Path, schema_version: int) -> sqlite3.Connection | None:
    """The cached database at ``path``, opened read-only; None when there is none that can be trusted."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # a link: ELOOP, rebuilt
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not trusted(info):
            return None
        if not header_ok(os.pread(fd, _HEADER, 0), info.st_size, schema_version):
            return None
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        connection = sqlite3.connect(_uri(path), uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # reads and parses the schema
    except sqlite3.Error:
        connection.close()
        return None
    return connection


def _build(target: Path, contents: Contents, entry: CacheEntry | None) -> sqlite3.Connection:
    """Build the database of the dataset: into the cache file at ``target`` when it can be written, else in memory."""
    from cppsctl.sql.schema import build_database

    dataset = load_contents(target, contents, entry)
    path = None if entry is None else entry.sibling(SUFFIX)
    if path is not None:

        def fill(temporary: Path) -> None:
            connection = sqlite3.connect(temporary, isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode = OFF")  # a temporary file, renamed only when whole
                connection.execute("PRAGMA synchronous = OFF")
                build_database(dataset, connection)
            except sqlite3.Error as exc:
                raise OSError(str(exc)) from None  # the writer removes the temporary file; then: in memory
            finally:
                connection.close()

        if store(path, fill):
            if entry is not None:
                for stale in entry.stale_siblings(SUFFIX):
                    with contextlib.suppress(OSError):
                        os.unlink(stale)
            connection = open_cached(path, SCHEMA_VERSION)
            if connection is not None:
                return connection
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    build_database(dataset, connection)
    return connection


class Database:
    """The database of one dataset path, for queries: a read-only connection, rebuilt at most once if damaged."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, cache: bool = True) -> None:
        self.path = path
        self.reading: Reading | None = None
        # The files' stat stands for them when it can (no file read); else they are read and checksummed.
        self.entry = settled_entry(path) if cache else None
        if self.entry is None:
            self.reading = read_contents(path)
            self.entry = cache_entry(self.reading) if cache else None
        self.file = None if self.entry is None else self.entry.sibling(SUFFIX)
        self.connection = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.file is not None:
            cached = open_cached(self.file, SCHEMA_VERSION)
            if cached is not None:
                return cached
        return self._build()

    def _build(self) -> sqlite3.Connection:
        if self.reading is None:
            self.reading = read_contents(self.path)
            fresh = cache_entry(self.reading)
            if fresh is None or self.entry is None or fresh.key != self.entry.key:  # changed since: its own file
                self.entry = fresh
                self.file = None if fresh is None else fresh.sibling(SUFFIX)
        return _build(self.reading.target, self.reading.contents, self.entry)

    def rebuild(self) -> None:
        """Forget a damaged file and build it again (in memory if it cannot be written)."""
        self.connection.close()
        if self.file is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.file)
        self.connection = self._build()

    def query_records(
        self,
        sql: str,
        *,
        params: Mapping[str, object] | None = None,
        max_rows: int | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> tuple[list[str], list[Record]]:
        """:func:`.sandbox.query_records` on this database; run once more on a rebuilt one if it was damaged."""
        arguments: dict[str, Any] = {"params": params, "max_rows": max_rows, "timeout": timeout}
        try:
            return query_records(self.connection, sql, **arguments)
        except DamagedDatabase:
            self.rebuild()
            return query_records(self.connection, sql, **arguments)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
