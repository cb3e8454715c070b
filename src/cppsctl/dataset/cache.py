"""A cache of loaded datasets, so that a command does not parse and check the same TOML twice.

Parsing and checking a large dataset costs far more than a query over it, so
``load(path, cache=True)`` keeps the built :class:`Dataset` as plain JSON in
the user's cache directory and reads it back while the dataset files are
byte-for-byte the same.

* **Key.** The resolved dataset path, and for each of its files (a folder:
  every ``*.toml`` in it) the resolved path, size, ``mtime_ns`` and the
  BLAKE2b digest of the very bytes that were read. The hash is computed on every
  call: a changed file is never served stale, even when its size and time
  stamp are kept (``cp -p``, ``rsync -t``, a clock set back). The cache
  format version, the cppsctl version and the size and ``mtime_ns`` of
  cppsctl's own modules and schema are part of it too: an upgrade, or an
  edited checker in a source checkout, never meets an entry it did not write.
* **Where.** ``$XDG_CACHE_HOME/cppsctl`` (``~/.cache/cppsctl`` when that is
  unset or not absolute), one file per dataset path, replaced when the
  dataset changes.
* **Format.** JSON of the dataset's fields: plain data, never pickle, so a
  cache file cannot run code. Reading it checks every value's type while
  rebuilding the model; on any mismatch or error the entry counts as missing.
* **Trust.** An entry owned by another user, or writable by anyone else, is
  ignored and replaced, whatever it holds (the cache folder is created 0700).
* **Writing.** To a temporary file in the same folder, then renamed over the
  entry: readers see the old entry or the new one, never half of one, and two
  processes writing at once both leave a whole entry (the key check on read
  makes the last one right). A cache that cannot be written (read-only,
  missing home, full disk) is skipped silently: it never fails a command.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from cppsctl.model import (
    KINDS,
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

FORMAT = 2
"""Version of the cache file layout below; bumped whenever it changes."""

_CORRUPT = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)
"""What reading a damaged or foreign cache file can raise (JSON errors are ValueErrors)."""

T = TypeVar("T")


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/cppsctl``, else ``~/.cache/cppsctl``; None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is invalid and ignored
        try:
            base = os.path.join(Path.home(), ".cache")
        except (RuntimeError, KeyError):  # no HOME and no password entry
            return None
    return Path(base) / "cppsctl"


def _code_stamp() -> str:
    """A digest of the size and modification time of cppsctl's modules (every stage) and of the dataset schema."""
    from cppsctl.resources import schema_path

    package = os.path.dirname(os.path.dirname(__file__))
    folders = [package, *(entry.path for entry in os.scandir(package) if entry.is_dir() and entry.name.isidentifier())]
    paths = [entry.path for folder in folders for entry in os.scandir(folder)]
    stamps = []
    for path in [*paths, os.fspath(schema_path())]:
        if path.endswith((".py", ".json")):
            stat = os.stat(path)
            stamps.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
    return _digest("\n".join(sorted(stamps)).encode("utf-8", "surrogateescape"))[:32]


def _digest(raw: bytes) -> str:
    """A 256-bit BLAKE2b digest of ``raw``, as hex.

    ``_blake2`` is the module that ``hashlib`` itself takes BLAKE2 from;
    importing it alone spares the start-up the 2.5-3 ms of loading OpenSSL,
    which ``import hashlib`` always does. Where it is missing, hashlib.
    """
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(raw, digest_size=32).hexdigest()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is rebuilt or turned into plain data.

    Both allocate hundreds of thousands of lists, strings and records and not
    a single cycle, which the collector would scan again and again: about a
    fifth of the time of reading an entry of 20,000 actions, half of to_data's.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _trusted(stat: os.stat_result) -> bool:
    """Only an entry that this user wrote and no one else can change is read (POSIX; elsewhere: any).

    A file owned by another user, or writable by the group or by others, may
    have been planted: it is ignored and replaced, whatever it holds.
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return stat.st_uid == getuid() and not stat.st_mode & 0o022


class CacheEntry:
    """The cache entry of one dataset path, and the key its content must match."""

    def __init__(self, path: Path | None, key: dict[str, Any]) -> None:
        self.path = path  # None: no cache directory
        self.key = key

    @classmethod
    def of(cls, target: Path, contents: Sequence[tuple[Path, bytes]]) -> CacheEntry:
        """The entry for ``target`` whose files held ``contents`` (each file's path and the bytes read)."""
        from cppsctl import __version__

        try:
            resolved = target.resolve()
            files = []
            for path, raw in contents:
                stat = os.stat(path)
                files.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns, _digest(raw)])
            code = _code_stamp()
        except (OSError, RuntimeError):  # a file gone since it was read, a symbolic link loop: no caching
            return cls(None, {})
        key = {"format": FORMAT, "cppsctl": __version__, "code": code, "target": str(resolved), "files": files}
        folder = cache_dir()
        name = _digest(os.fsencode(resolved))[:32]
        return cls(None if folder is None else folder / f"dataset-{name}.json", key)

    def read(self) -> Dataset | None:
        """The cached dataset, or None when there is none for this key (or it is unreadable)."""
        if self.path is None:
            return None
        try:
            with open(self.path, "rb") as handle, _collector_paused():
                if not _trusted(os.fstat(handle.fileno())):
                    return None
                entry = json.loads(handle.read())
                if not isinstance(entry, dict) or entry.get("key") != self.key:
                    return None
                return from_data(entry["dataset"])
        except (OSError, *_CORRUPT):
            return None

    def write(self, dataset: Dataset) -> None:
        """Store ``dataset`` under this key, atomically; give up silently when that fails."""
        if self.path is None:
            return
        import tempfile

        temporary = None
        try:
            with _collector_paused():
                data = {"key": self.key, "dataset": to_data(dataset)}
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, prefix=".tmp-", delete=False) as handle:
                temporary = handle.name
                handle.write(text.encode("utf-8"))  # a path that is not UTF-8 raises: then it is not cached
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


# -- the dataset as plain data ------------------------------------------------------------------
# Each record is a list of its fields in a fixed order (FORMAT says which). Ids
# derived from the structure (an action's id, contract and priority) are not stored.


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def to_data(dataset: Dataset) -> dict[str, Any]:
    """The dataset as JSON-ready lists and strings; :func:`from_data` reverses it."""
    return {
        "themes": [[t.id, t.label_fr, t.label_en, t.description] for t in dataset.themes],
        "sources": [
            [s.id, s.url, s.kind, s.title, _date(s.updated_on), _date(s.published_on), s.note] for s in dataset.sources
        ],
        "contracts": [_contract_data(c) for c in dataset.contracts],
    }


def _contract_data(c: Contract) -> list[Any]:
    return [
        c.id,
        c.kind,
        c.name,
        c.arrondissement,
        c.start_year,
        c.end_year,
        _date(c.signed_on),
        c.declared_action_count,
        c.complete,
        c.signature_confirmed,
        list(c.partners),
        list(c.signatories),
        list(c.sources),
        [[str(e.date), e.label, e.source] for e in c.events],
        [[e.target, e.field, e.original, e.corrected, e.note, e.source] for e in c.errata],
        [[d.field, d.value, d.alternative, d.source, d.note] for d in c.discrepancies],
        [[i.field, i.note] for i in c.inferences],
        [
            [
                p.number,
                p.title,
                p.declared_action_count,
                [[a.position, a.title, list(a.themes), list(a.declines), list(a.continues)] for a in p.actions],
            ]
            for p in c.priorities
        ],
    ]


def _is(kind: type[T]) -> Callable[[object], T]:
    def check(value: object) -> T:
        if type(value) is not kind:  # exact: a bool is not an int here
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return check


_str = _is(str)
_int = _is(int)
_bool = _is(bool)


def _opt(check: Callable[[object], T]) -> Callable[[object], T | None]:
    def optional(value: object) -> T | None:
        return None if value is None else check(value)

    return optional


_opt_str = _opt(_str)
_opt_int = _opt(_int)


def _strs(value: object) -> tuple[str, ...]:
    if type(value) is not list:
        raise TypeError(f"expected a list, got {type(value).__name__}")
    for item in value:
        _str(item)
    return tuple(value)


def _opt_date(value: object) -> PartialDate | None:
    return None if value is None else PartialDate.parse(_str(value))


def from_data(data: dict[str, Any]) -> Dataset:
    """Rebuild a dataset from :func:`to_data`'s output, checking every value's type.

    Raises ValueError, TypeError, KeyError or IndexError on anything else.
    """
    themes = tuple(
        Theme(id=_str(i), label_fr=_str(fr), label_en=_str(en), description=_opt_str(d))
        for i, fr, en, d in data["themes"]
    )
    sources = tuple(
        Source(
            id=_str(i),
            url=_str(url),
            kind=_str(kind),
            title=_opt_str(title),
            updated_on=_opt_date(updated),
            published_on=_opt_date(published),
            note=_opt_str(note),
        )
        for i, url, kind, title, updated, published, note in data["sources"]
    )
    contracts = tuple(_contract(c) for c in data["contracts"])
    return Dataset(contracts=contracts, themes=themes, sources=sources)


def _contract(data: list[Any]) -> Contract:
    (
        cid,
        kind,
        name,
        arrondissement,
        start_year,
        end_year,
        signed_on,
        declared,
        complete,
        signature_confirmed,
        partners,
        signatories,
        sources,
        events,
        errata,
        discrepancies,
        inferences,
        priorities,
    ) = data
    cid = _str(cid)
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return Contract(
        id=cid,
        kind=kind,
        name=_str(name),
        arrondissement=_opt_int(arrondissement),
        start_year=_opt_int(start_year),
        end_year=_opt_int(end_year),
        signed_on=_opt_date(signed_on),
        declared_action_count=_opt_int(declared),
        complete=_bool(complete),
        signature_confirmed=_bool(signature_confirmed),
        partners=_strs(partners),
        signatories=_strs(signatories),
        sources=_strs(sources),
        events=tuple(
            Event(date=PartialDate.parse(_str(date)), label=_str(label), source=_opt_str(source))
            for date, label, source in events
        ),
        errata=tuple(
            Erratum(
                target=_str(target),
                field=_str(field),
                original=_str(original),
                corrected=_str(corrected),
                note=_opt_str(note),
                source=_opt_str(source),
            )
            for target, field, original, corrected, note, source in errata
        ),
        discrepancies=tuple(
            Discrepancy(
                field=_str(field), value=_str(value), alternative=_str(alt), source=_opt_str(src), note=_opt_str(note)
            )
            for field, value, alt, src, note in discrepancies
        ),
        inferences=tuple(Inference(field=_str(field), note=_str(note)) for field, note in inferences),
        priorities=tuple(_priority(cid, p) for p in priorities),
    )


def _priority(cid: str, data: list[Any]) -> Priority:
    number, title, declared, actions = data
    number = _int(number)
    return Priority(
        id=f"{cid}/{number}",
        contract_id=cid,
        number=number,
        title=_str(title),
        declared_action_count=_opt_int(declared),
        actions=tuple(_action(cid, number, a) for a in actions),
    )


def _action(cid: str, number: int, data: list[Any]) -> Action:
    position, title, themes, declines, continues = data
    if type(position) is not int or type(title) is not str:  # the common case, checked inline for speed
        raise TypeError("an action's position and title must be an integer and a string")
    return Action(
        id=f"{cid}/{number}.{position}",
        contract_id=cid,
        priority=number,
        position=position,
        title=title,
        themes=_strs(themes),
        declines=_strs(declines),
        continues=_strs(continues),
    )
