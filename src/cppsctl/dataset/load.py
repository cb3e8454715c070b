"""Load a dataset (one TOML file or a folder of them) into a :class:`Dataset`.

Loading goes through four steps, each reporting every problem it finds:
read the bytes (size limit, UTF-8), parse the TOML (:mod:`.read`), check it
against the JSON Schema (:mod:`.schema`), check ids, counts and links across
files (:mod:`.checks`). Only a dataset without a single problem is built
(:mod:`.codec`); otherwise :class:`DatasetError` carries them all. Nothing
here ever writes to a dataset file; ``load(..., cache=True)`` keeps a copy of
the built dataset in the user's cache (:mod:`.cache`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cppsctl.dataset.read import Document, dataset_files, parse_document, read_file
from cppsctl.errors import DatasetError, Problem
from cppsctl.resources import bundled_dataset_path

if TYPE_CHECKING:
    from cppsctl.dataset.cache import CacheEntry
    from cppsctl.model import Dataset

Contents = list[tuple[Path, "bytes | Problem"]]
"""Each file of a dataset path, with the bytes read from it (or the problem that stopped reading it)."""


def load(path: str | os.PathLike[str] | None = None, *, cache: bool = False) -> Dataset:
    """Load and validate a dataset: a TOML file, a folder of them, or the bundled one.

    Raises :class:`DatasetError` with every problem found when the dataset is
    unreadable or invalid. With ``cache=True``, a dataset already loaded from
    the very same bytes is read back from the user's cache instead of being
    parsed and checked again (see :mod:`cppsctl.dataset.cache`); the result is equal.
    """
    settled = settled_entry(path) if cache else None
    if settled is not None and (cached := settled.read()) is not None:
        return cached  # no dataset file read: their stat stood for them
    reading = read_contents(path)
    entry = cache_entry(reading) if cache else None
    if entry is not None and settled is not None and entry.key == settled.key:
        return built(reading.contents, entry)  # that very entry was just tried: not read twice
    return load_contents(reading.target, reading.contents, entry)


def _target(path: str | os.PathLike[str] | None) -> Path:
    return bundled_dataset_path() if path is None else Path(path)


class Reading(NamedTuple):
    """The files of a dataset path as read by :func:`read_contents`, and when reading them began."""

    target: Path
    contents: Contents
    started_ns: int  # time.time_ns() before the first byte was read: see cache.SETTLED_NS


def read_contents(path: str | os.PathLike[str] | None) -> Reading:
    """The dataset path (None: the bundled one) and the bytes of each of its files, not parsed yet."""
    import time

    target = _target(path)
    files = dataset_files(target)
    if not files:
        raise DatasetError([Problem(str(target), "folder holds no .toml file")])
    started = time.time_ns()
    return Reading(target, [(f, read_file(f)) for f in files], started)


def cache_entry(reading: Reading) -> CacheEntry | None:
    """The cache entry of files that were all read (None when one could not be: they are never cached)."""
    if any(isinstance(raw, Problem) for _, raw in reading.contents):
        return None
    from cppsctl.dataset.cache import CacheEntry

    files = [(f, raw) for f, raw in reading.contents if isinstance(raw, bytes)]
    return CacheEntry.of(reading.target, files, read_since_ns=reading.started_ns)


def settled_entry(path: str | os.PathLike[str] | None) -> CacheEntry | None:
    """The cache entry of a dataset path found without reading its files, when their stat can stand for them.

    None when a file changed lately, or was never read whole since it last
    changed (see :meth:`cppsctl.dataset.cache.CacheEntry.settled`): then the
    files are read and checksummed (:func:`read_contents`, :func:`cache_entry`).
    """
    target = _target(path)
    files = dataset_files(target)
    if not files:
        return None
    from cppsctl.dataset.cache import CacheEntry

    return CacheEntry.settled(target, files)


def load_contents(target: Path, contents: Contents, entry: CacheEntry | None) -> Dataset:
    """The dataset of files read by :func:`read_contents`: from ``entry`` when it holds it, else built and stored."""
    if entry is not None:
        cached = entry.read()
        if cached is not None:
            return cached
    return built(contents, entry)


def built(contents: Contents, entry: CacheEntry | None) -> Dataset:
    """The dataset of ``contents`` parsed, checked and built, then stored in ``entry`` (when not None)."""
    dataset = _parse_check_build(contents)
    if entry is not None:
        entry.write(dataset)
    return dataset


def _parse_check_build(contents: Contents) -> Dataset:
    problems: list[Problem] = []
    documents: list[Document] = []
    for path, raw in contents:
        if isinstance(raw, Problem):
            problems.append(raw)
        elif (doc := parse_document(path, raw, problems)) is not None:
            documents.append(doc)
    return _check_build(documents, problems)


def _check_build(documents: list[Document], problems: list[Problem]) -> Dataset:
    """Check the documents as one dataset and build it; raise with every problem, those given included."""
    from cppsctl.dataset.checks import check_documents
    from cppsctl.dataset.codec import decode

    problems = [*problems, *check_documents(documents)]
    if problems:
        raise DatasetError(problems)
    return decode(doc.data for doc in documents)


def from_data(data: Mapping[str, Any], name: str = "<data>") -> Dataset:
    """Validate and build a dataset from already-parsed data (the TOML structure, e.g. read from JSON).

    Raises :class:`DatasetError` with every problem found; problems carry no line numbers.
    """
    if not isinstance(data, Mapping):
        raise DatasetError([Problem(name, f"expected a table at the top level, got {type(data).__name__}")])
    return _check_build([Document(name, "", dict(data))], [])


class Verdict(NamedTuple):
    """What checking one dataset path found: its problems, or what the valid dataset holds."""

    path: str | None  # None: the bundled dataset
    problems: tuple[Problem, ...]
    contract_count: int | None  # None when invalid
    action_count: int | None

    @property
    def valid(self) -> bool:
        return not self.problems


def check_paths(paths: Sequence[str | os.PathLike[str] | None] = (None,), *, cache: bool = False) -> list[Verdict]:
    """The verdict on each dataset path (None: the bundled dataset)."""
    verdicts = []
    for target in paths or (None,):
        name = None if target is None else os.fspath(target)
        try:
            dataset = load(target, cache=cache)
        except DatasetError as exc:
            verdicts.append(Verdict(name, exc.problems, None, None))
            continue
        verdicts.append(Verdict(name, (), len(dataset.contracts), sum(c.action_count for c in dataset.contracts)))
    return verdicts


def validate(paths: list[str | os.PathLike[str]] | None = None) -> list[Problem]:
    """Every problem of each dataset path (the bundled one when none is given); [] when valid."""
    return [problem for verdict in check_paths(list(paths) if paths else [None]) for problem in verdict.problems]
