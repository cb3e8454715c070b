"""Write the dataset as a SQLite database file, and the Datasette metadata that describes it."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cppsctl.errors import UsageError
from cppsctl.fs import OutputFileError, check_target, write_atomically, write_bytes
from cppsctl.model import Dataset
from cppsctl.resources import datasette_metadata_path
from cppsctl.sql.schema import TABLES, build_database


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    counts: dict[str, int]  # rows per table
    notes: list[str] = field(default_factory=list)


def export(
    dataset: Dataset,
    path: str | os.PathLike[str],
    force: bool = False,
    *,
    metadata: str | os.PathLike[str] | None = None,
) -> ExportResult:
    """Write the dataset as a SQLite database file, and with ``metadata`` its Datasette metadata there.

    An existing file is replaced only with ``force``. Both targets are checked
    before anything is written (:func:`cppsctl.fs.check_target`), and they
    must be two files. The database is built in one transaction on a
    temporary file without a journal or a sync per statement (nothing reads it
    until it is renamed into place), flushed once, then renamed.
    """
    target = Path(path)
    metadata_target = None if metadata is None else Path(metadata)
    check_target(target, force)
    if metadata_target is not None:
        check_target(metadata_target, force)
        if _same_file(target, metadata_target):
            raise UsageError(f"{metadata_target}: the metadata file cannot be the database file")
    notes: list[str] = []
    counts: dict[str, int] = {}

    def fill(temporary: Path) -> None:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = OFF")  # a temporary file: a failure removes it whole
            connection.execute("PRAGMA synchronous = OFF")  # one fsync by write_atomically, before the rename
            notes.extend(build_database(dataset, connection))
            for table in TABLES:
                counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except sqlite3.Error as exc:
            raise OutputFileError(f"cannot write {target}: {exc}") from None
        finally:
            connection.close()

    write_atomically(target, fill, force=force)
    if metadata_target is not None:
        write_datasette_metadata(metadata_target, target.stem, force=force)
    return ExportResult(target, counts, notes)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two names are one file: the same resolved path, or (both existing) the same inode."""
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata (titles, descriptions, source) for a database file named ``database``.db."""
    metadata: dict[str, Any] = json.loads(datasette_metadata_path().read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    metadata["databases"] = {database: next(iter(databases.values()), {})}
    return metadata


def write_datasette_metadata(path: str | os.PathLike[str], database: str, force: bool = False) -> None:
    """Write the Datasette metadata of ``database`` to ``path``; an existing file is replaced only with ``force``."""
    data = (json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_atomically(Path(path), lambda temporary: write_bytes(temporary, data), force=force)
