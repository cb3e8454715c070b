"""A cache of loaded datasets, so that a command does not parse and check the same TOML twice.

Parsing and checking a large dataset costs far more than a query over it, so
``load(path, cache=True)`` keeps the built :class:`Dataset` as plain data in
the user's cache directory and reads it back while the dataset files are
byte-for-byte the same.

* **Key.** The resolved dataset path, and for each of its files (a folder:
  every ``*.toml`` in it) the resolved path, size, ``mtime_ns`` and a 64-bit
  checksum of the very bytes that were read. The cache format version, the
  cppsctl version and the size and ``mtime_ns`` of cppsctl's own modules and
  schema are part of it too: an upgrade, or an edited checker in a source
  checkout, never meets an entry it did not write.
* **Stat for bytes.** The checksum is computed from the bytes unless the
  file's device, inode, size, ``mtime_ns`` and ``ctime_ns`` are those
  remembered (``dataset-NAME.stamps``) when it was last read, after it had
  been left alone for :data:`SETTLED_NS`: every write gives a file a new
  ``ctime``, so a changed file is never served stale, even when its size and
  time stamps are kept (``cp -p``, ``rsync -t``). See :meth:`CacheEntry.settled`.
* **Where.** ``$XDG_CACHE_HOME/cppsctl`` (``~/.cache/cppsctl`` when that is
  unset or not absolute), one file per dataset path, replaced when the
  dataset changes.
* **Format.** The dataset in the codec's positional form
  (:func:`cppsctl.dataset.codec.pack`) as :mod:`marshal` data behind a
  checksum (:func:`encode_entry`): plain data, never pickle, so a cache file
  cannot run code. Reading it checks every value's type while rebuilding the
  model; on any mismatch or error the entry counts as missing.
* **Trust.** An entry owned by another user, or writable by anyone else, is
  ignored and replaced, whatever it holds (the cache folder is created 0700).
* **Writing.** With the one atomic writer (:mod:`cppsctl.fs`, see :func:`store`):
  to a temporary file in the same folder, then renamed over the entry: readers
  see the old entry or the new one, never half of one, and two processes
  writing at once both leave a whole entry (the key check on read
  makes the last one right). A cache that cannot be written (read-only,
  missing home, full disk) is skipped silently: it never fails a command.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cppsctl.errors import CppsError

if TYPE_CHECKING:
    from cppsctl.model import Dataset

FORMAT = 4
"""Version of the cache file layout below; bumped whenever it changes."""

_CORRUPT = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, EOFError)
"""What reading a damaged or foreign cache file can raise (marshal's errors are ValueError, TypeError, EOFError)."""


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/cppsctl``, else ``~/.cache/cppsctl``; None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is invalid and ignored
        if os.environ.get("HOME") == "":  # set but empty: Python would take "/" for it
            return None
        try:
            home = str(Path.home())
        except (RuntimeError, KeyError):  # no HOME and no password entry
            return None
        # A home that is empty, relative or missing is no place for a cache: never create one (as root,
        # HOME=/nonexistent would make /nonexistent/.cache) nor write into the current folder.
        if not os.path.isabs(home) or not os.path.isdir(home):
            return None
        base = os.path.join(home, ".cache")
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
    return _digest("\n".join(sorted(stamps)).encode("utf-8", "surrogateescape"))


def _digest(raw: bytes) -> str:
    """A 64-bit checksum of ``raw`` as hex: its CRC-32 and its Adler-32, both from :mod:`zlib`.

    It tells a changed file from the one cached (with its size, also in the key):
    two different contents share it by chance about once in 2**64. ``zlib`` is
    already imported at start-up and is twice as fast as BLAKE2b (15 against
    36 ms on 32 MiB); a cryptographic digest would guard against no one, since
    whoever can edit the cache can write any entry, which is read as strictly
    as a dataset anyway, and it would cost ``hashlib``'s OpenSSL import
    (2.0-2.7 ms) at every start. See docs/performance.md, "The cache".
    """
    import zlib

    return f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is rebuilt or turned into plain data.

    Both allocate hundreds of thousands of lists, strings and records and not
    a single cycle, which the collector would scan again and again: about a
    fifth of the time of reading an entry of 20,000 actions, half of pack's.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def trusted(info: os.stat_result) -> bool:
    """Only an entry that this user wrote and no one else can change is read (POSIX; elsewhere: any).

    A file owned by another user, or writable by the group or by others, may
    have been planted: it is ignored and replaced, whatever it holds.
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return info.st_uid == getuid() and not info.st_mode & 0o022


SETTLED_NS = 2_000_000_000
"""How long a dataset file must have been left alone before it was read, for its stat to stand for its bytes (ns).

A file changed again within the same tick of its file system's clock keeps
its size and time stamps (git calls this "racily clean"): a stat taken then
could stand for either content. A file whose ``mtime`` and ``ctime`` were
both this much older than the moment its bytes began to be read cannot be in
that case: a later write gives it a later ``ctime``. Two seconds cover the
coarsest clocks (FAT's two-second ``mtime``); a file system whose clock is
not this machine's (NFS) may be ahead, never trusted then, or behind, by
less than that in practice.
"""

STAMPS_FORMAT = 2
"""Version of the stamps file layout (``dataset-NAME.stamps``: each file's stat and checksum).

Since 2, :mod:`marshal` data behind the entry's header (:func:`encode_entry`),
as the entry is: reading it then needs no :mod:`json`, whose import was a few
per cent of a warm command's start-up. Layout 1, JSON, reads as damaged: the
files are checksummed once more and the stamps written anew.
"""


def _stat_of(info: os.stat_result) -> list[int | str]:
    """What a file's stat says of its bytes: device, inode, size, modification and change times."""
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _settled(info: os.stat_result, read_since_ns: int) -> bool:
    """Whether the file was left alone for :data:`SETTLED_NS` before its bytes began to be read."""
    last_change = max(info.st_mtime_ns, info.st_ctime_ns)
    return last_change <= read_since_ns - SETTLED_NS


def _read_stamps(path: Path, target: str) -> dict[str, list[int | str]]:
    """The stamps remembered for ``target``: {resolved file: [device, inode, size, mtime, ctime, checksum]}.

    Empty when there are none, or when the file is not this user's own, is
    damaged, or is of another layout or another dataset path.
    """
    try:
        with open(path, "rb") as handle:
            if not trusted(os.fstat(handle.fileno())):
                return {}
            data = decode_entry(handle.read(STAMPS_MAX_BYTES + 1))
    except (OSError, *_CORRUPT):
        return {}
    if not isinstance(data, dict) or data.get("format") != STAMPS_FORMAT or data.get("target") != target:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    stamps: dict[str, list[int | str]] = {}
    for name, stamp in files.items():
        if not (
            isinstance(stamp, list)
            and len(stamp) == 6
            and all(type(v) is int for v in stamp[:5])
            and isinstance(stamp[5], str)
        ):
            return {}
        stamps[name] = stamp
    return stamps


STAMPS_MAX_BYTES = 16 * 1024 * 1024
"""Largest stamps file read (about 100,000 dataset files); a larger one counts as damaged."""


def _name(resolved: str) -> str:
    """The part of a cache file's name that stands for the dataset path ``resolved``."""
    return _digest(os.fsencode(resolved))


def _stamps_path(folder: Path, resolved: str) -> Path:
    return folder / f"dataset-{_name(resolved)}.stamps"


def _write_stamps(path: Path, target: str, stamps: dict[str, list[int | str]]) -> None:
    store_bytes(path, encode_entry({"format": STAMPS_FORMAT, "target": target, "files": stamps}))


class CacheEntry:
    """The cache entry of one dataset path, and the key its content must match."""

    def __init__(self, path: Path | None, key: dict[str, Any]) -> None:
        self.path = path  # None: no cache directory
        self.key = key

    @classmethod
    def of(cls, target: Path, contents: Sequence[tuple[Path, bytes]], read_since_ns: int | None = None) -> CacheEntry:
        """The entry for ``target`` whose files held ``contents`` (each file's path and the bytes read).

        ``read_since_ns``: when reading the bytes began (``time.time_ns()``).
        The stat of each file left alone for :data:`SETTLED_NS` before that is
        remembered with its checksum, so that the next call can skip reading
        it (:meth:`settled`).
        """
        try:
            resolved = str(target.resolve())
            files = []
            stamps: dict[str, list[int | str]] = {}
            for path, raw in contents:
                info = os.stat(path)
                real, digest = str(path.resolve()), _digest(raw)
                files.append([real, info.st_size, info.st_mtime_ns, digest])
                if read_since_ns is not None and _settled(info, read_since_ns):
                    stamps[real] = [*_stat_of(info), digest]
            code = _code_stamp()
        except (OSError, RuntimeError):  # a file gone since it was read, a symbolic link loop: no caching
            return cls(None, {})
        folder = cache_dir()
        entry = cls._keyed(folder, resolved, files, code)
        if folder is not None and stamps and len(stamps) == len(files):
            stamps_path = _stamps_path(folder, resolved)
            if _read_stamps(stamps_path, resolved) != stamps:
                _write_stamps(stamps_path, resolved, stamps)
        return entry

    @classmethod
    def settled(cls, target: Path, paths: Sequence[Path]) -> CacheEntry | None:
        """The entry for ``target`` found from its files' stat alone, without reading them; None when it cannot be.

        Each file's device, inode, size, ``mtime_ns`` and ``ctime_ns`` must be
        those remembered by :meth:`of` with the checksum of its bytes, which
        were read after the file had been left alone for :data:`SETTLED_NS`.
        Any write to a file changes its ``ctime`` (which no one can set back
        but by setting the system's clock back), so a file whose stat is the
        one remembered holds the bytes that were checksummed; the key is then
        the very key :meth:`of` computes from the bytes.
        """
        folder = cache_dir()
        if folder is None:
            return None
        try:
            resolved = str(target.resolve())
            stamps = _read_stamps(_stamps_path(folder, resolved), resolved)
            if len(stamps) != len(paths):
                return None
            files = []
            for path in paths:
                info = os.stat(path)
                stamp = stamps.get(real := str(path.resolve()))
                if stamp is None or stamp[:5] != _stat_of(info):
                    return None
                files.append([real, info.st_size, info.st_mtime_ns, stamp[5]])
            code = _code_stamp()
        except (OSError, RuntimeError):
            return None
        return cls._keyed(folder, resolved, files, code)

    @classmethod
    def _keyed(cls, folder: Path | None, resolved: str, files: list[list[Any]], code: str) -> CacheEntry:
        """The entry of the dataset path ``resolved`` under the key of its ``files`` and cppsctl's ``code`` stamp."""
        from cppsctl import __version__

        key = {"format": FORMAT, "cppsctl": __version__, "code": code, "target": resolved, "files": files}
        return cls(None if folder is None else folder / f"dataset-{_name(resolved)}.marshal", key)

    def sibling(self, suffix: str) -> Path | None:
        """A file of the cache that holds something else built from the same files, under the same key.

        Its name carries a digest of the whole key (``dataset-NAME-KEY.sqlite``):
        a changed dataset, or another version of cppsctl, looks for another
        file, so that what is found can never be stale. None without a cache.
        """
        if self.path is None:
            return None
        import json  # here: only sql has siblings

        key = _digest(json.dumps(self.key, sort_keys=True).encode("utf-8", "surrogateescape"))[:32]
        return self.path.with_name(f"{self.path.stem}-{key}{suffix}")

    def stale_siblings(self, suffix: str) -> list[Path]:
        """The siblings of this entry's path made for other keys (older datasets or versions): to remove."""
        current = self.sibling(suffix)
        if current is None or self.path is None:
            return []
        try:
            names = os.listdir(current.parent)
        except OSError:
            return []
        prefix = f"{self.path.stem}-"
        return [current.parent / n for n in names if n.startswith(prefix) and n.endswith(suffix) and n != current.name]

    def read(self) -> Dataset | None:
        """The cached dataset, or None when there is none for this key (or it is unreadable)."""
        if self.path is None:
            return None
        from cppsctl.dataset.codec import unpack

        try:
            with open(self.path, "rb") as handle, _collector_paused():
                if not trusted(os.fstat(handle.fileno())):
                    return None
                entry = decode_entry(handle.read())
                if not isinstance(entry, dict) or entry.get("key") != self.key:
                    return None
                return unpack(entry["dataset"])
        except (OSError, *_CORRUPT):
            return None

    def write(self, dataset: Dataset) -> None:
        """Store ``dataset`` under this key, atomically; give up silently when that fails."""
        if self.path is None:
            return
        from cppsctl.dataset.codec import pack

        try:
            with _collector_paused():
                raw = encode_entry({"key": self.key, "dataset": pack(dataset)})
            if store_bytes(self.path, raw):
                with contextlib.suppress(OSError):  # its JSON entry of cache formats up to 3
                    os.unlink(self.path.with_suffix(".json"))
        except ValueError:
            pass


ENTRY_MAGIC = b"cppsctl\x00"
"""The first bytes of a cache entry; then its Adler-32 (4 bytes) and its length (8 bytes), big-endian."""

_HEADER = len(ENTRY_MAGIC) + 12


def encode_entry(data: Any) -> bytes:
    """A cache entry's bytes: a header, then ``data`` (plain lists, dicts, strings, numbers) in :mod:`marshal` form.

    Not JSON since format 4: :func:`marshal.loads` rebuilds the same lists and
    strings in about 0.7 of the time of :func:`json.loads` (200,000 actions:
    196 against 276 ms, checksum included), and :mod:`marshal` is built in.
    Like JSON, and unlike pickle, it runs no code and builds no object of
    cppsctl's: :func:`cppsctl.dataset.codec.unpack` type-checks every value.
    Its documentation warns that it is not meant for data built to harm; the
    checksum turns a damaged or truncated file into a miss before
    :mod:`marshal` reads a byte of it, and a file only its owner can write
    is trusted no further than that owner (see :func:`trusted`).
    """
    import marshal
    import zlib

    body = marshal.dumps(data)
    return ENTRY_MAGIC + zlib.adler32(body).to_bytes(4, "big") + len(body).to_bytes(8, "big") + body


def decode_entry(raw: bytes) -> object:
    """What :func:`encode_entry` stored; None for bytes it did not write whole (a foreign, damaged or cut file)."""
    import marshal
    import zlib

    if len(raw) < _HEADER or not raw.startswith(ENTRY_MAGIC):
        return None
    start = len(ENTRY_MAGIC)
    checksum, length = int.from_bytes(raw[start : start + 4], "big"), int.from_bytes(raw[start + 4 : _HEADER], "big")
    body = memoryview(raw)[_HEADER:]
    if len(body) != length or zlib.adler32(body) != checksum:
        return None
    return marshal.loads(body)


def store(path: Path, fill: Callable[[Path], object]) -> bool:
    """Write a cache file with the one atomic writer (:func:`cppsctl.fs.write_atomically`); False when it fails.

    The folder is created 0700, the file 0600 and not flushed to disk (a cache
    file lost in a crash is rebuilt). What stands in the way and is not a
    regular file, a symbolic link or a pipe that someone planted, is removed
    first: the cache folder is cppsctl's own, and nothing is written through it.
    """
    from cppsctl.fs import write_atomically  # here: a warm cache reads, and needs no writer

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(mode := os.lstat(path).st_mode) and not stat.S_ISDIR(mode):
                os.unlink(path)
        write_atomically(path, fill, force=True, mode=0o600, durable=False)
    except (OSError, CppsError):
        return False
    return True


def store_bytes(path: Path, raw: bytes) -> bool:
    """:func:`store` of a file whose contents are ``raw``."""
    from cppsctl.fs import write_bytes

    return store(path, lambda temporary: write_bytes(temporary, raw))
