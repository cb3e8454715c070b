"""The dataset cache: equal round trips, never stale, never in the way (corrupt, read-only, concurrent)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

import cppsctl
from cppsctl.dataset import cache, codec
from cppsctl.dataset import load as loader
from cppsctl.resources import bundled_dataset_path, schema_path
from tests.conftest import MINIMAL, Invoke, write


def entries() -> list[Path]:
    folder = cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("dataset-*.marshal")) if folder.is_dir() else []


def read_entry(path: Path) -> Any:
    data = cache.decode_entry(path.read_bytes())
    assert data is not None, f"{path} is not a whole entry"
    return data


def with_header(body: bytes) -> bytes:
    """``body`` behind a valid entry header (its right checksum and length): what marshal alone must refuse."""
    checksum = zlib.adler32(body).to_bytes(4, "big")
    return cache.ENTRY_MAGIC + checksum + len(body).to_bytes(8, "big") + body


def only_entry() -> Path:
    found = entries()
    assert len(found) == 1, found
    return found[0]


def load_without_parsing(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> cppsctl.Dataset:
    """Load with the cache, failing the test if the files get parsed: the dataset must come from the cache."""

    def refuse(*args: object) -> None:
        raise AssertionError("parsed although the cache holds this dataset")

    with monkeypatch.context() as patch:
        patch.setattr(loader, "_parse_check_build", refuse)
        return loader.load(path, cache=True)


# -- round trips ---------------------------------------------------------------------------------


def test_plain_data_round_trip_of_the_bundled_dataset(dataset: cppsctl.Dataset) -> None:
    data = json.loads(json.dumps(codec.pack(dataset)))
    assert codec.unpack(data) == dataset


def test_round_trip_through_the_cache(dataset: cppsctl.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    assert entries() == []
    assert loader.load(cache=True) == dataset  # a miss: parsed, then stored
    only_entry()
    assert load_without_parsing(monkeypatch, None) == dataset


def test_generated_data_round_trips(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = cppsctl.load(generated)
    assert loader.load(generated, cache=True) == parsed
    assert load_without_parsing(monkeypatch, generated) == parsed


def test_a_folder_dataset_is_cached_as_a_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head, contract = MINIMAL.split("[[contracts]]")
    write(tmp_path, head, "a-vocabulary.toml")
    second = write(tmp_path, "format_version = 1\n[[contracts]]" + contract, "b-contract.toml")
    first = loader.load(tmp_path, cache=True)
    assert load_without_parsing(monkeypatch, tmp_path) == first
    second.write_text(second.read_text(encoding="utf-8").replace("Promouvoir", "Encourager"), encoding="utf-8")
    changed = loader.load(tmp_path, cache=True)
    assert cppsctl.get_action(changed, "cpps-2030-2035/1.1").title == "Encourager la citoyenneté"
    (tmp_path / "c-more.toml").write_text("format_version = 1\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed although"):  # a new file is a new key
        load_without_parsing(monkeypatch, tmp_path)


# -- never stale ---------------------------------------------------------------------------------


def test_a_changed_file_is_never_served_stale(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    before = loader.load(path, cache=True)
    assert cppsctl.get_action(before, "cpps-2030-2035/1.1").title == "Promouvoir la citoyenneté"
    stat = path.stat()
    # Same size, same modification time: only the content tells the change.
    path.write_text(MINIMAL.replace("Promouvoir", "Renforcer!"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    after = loader.load(path, cache=True)
    assert cppsctl.get_action(after, "cpps-2030-2035/1.1").title == "Renforcer! la citoyenneté"


def test_an_entry_of_another_version_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MINIMAL)
    loader.load(path, cache=True)
    monkeypatch.setattr(cppsctl, "__version__", "0.0.0-other")
    with pytest.raises(AssertionError, match="parsed although"):
        load_without_parsing(monkeypatch, path)


def test_an_edited_schema_or_module_is_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MINIMAL)
    loader.load(path, cache=True)
    edited = tmp_path / "contracts.schema.json"
    edited.write_bytes(schema_path().read_bytes() + b" ")
    monkeypatch.setattr("cppsctl.resources.schema_path", lambda: edited)
    with pytest.raises(AssertionError, match="parsed although"):
        load_without_parsing(monkeypatch, path)


def test_an_invalid_dataset_is_never_cached(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('themes = ["youth"]', 'themes = ["nope"]', 1))
    with pytest.raises(cppsctl.DatasetError):
        loader.load(path, cache=True)
    assert entries() == []


# -- corrupt entries -----------------------------------------------------------------------------


def _corruptions(entry: dict[str, Any]) -> dict[str, bytes]:
    dataset = entry["dataset"]
    action = dataset[0][0][17][0][3][0]
    wrong_title = copy.deepcopy(entry)
    wrong_title["dataset"][0][0][17][0][3][0] = [action[0], 42, *action[2:]]
    bool_position = copy.deepcopy(entry)
    bool_position["dataset"][0][0][17][0][3][0] = [True, *action[1:]]
    short_contract = copy.deepcopy(entry)
    short_contract["dataset"][0][0] = short_contract["dataset"][0][0][:5]
    bad_kind = copy.deepcopy(entry)
    bad_kind["dataset"][0][0][1] = "XYZ"
    bad_date = copy.deepcopy(entry)
    bad_date["dataset"][0][0][13] = [["not a date", "label", None]]
    theme_not_str = copy.deepcopy(entry)
    theme_not_str["dataset"][0][0][17][0][3][0] = [*action[:2], [None], *action[3:]]
    tuple_not_list = copy.deepcopy(entry)
    tuple_not_list["dataset"][0][0][17][0][3][0] = tuple(action)
    raw = cache.encode_entry(entry)
    flipped = bytearray(raw)
    flipped[-5] ^= 0x01
    nested = b"".join(b"[" + (1).to_bytes(4, "little") for _ in range(100_000)) + b"[" + bytes(4)
    return {
        "empty": b"",
        "truncated": raw[: len(raw) // 2],
        "header only": raw[: len(cache.ENTRY_MAGIC) + 12],
        "one bit flipped": bytes(flipped),
        "another magic": b"pickle!\x00" + raw[len(cache.ENTRY_MAGIC) :],
        "JSON": json.dumps(entry).encode(),
        "not marshal data": with_header(b"print('hello')"),
        "a list": cache.encode_entry([1, 2, 3]),
        "no dataset": cache.encode_entry({"key": entry["key"]}),
        "dataset is a list": cache.encode_entry({"key": entry["key"], "dataset": []}),
        "title is a number": cache.encode_entry(wrong_title),
        "position is a boolean": cache.encode_entry(bool_position),
        "short contract": cache.encode_entry(short_contract),
        "unknown kind": cache.encode_entry(bad_kind),
        "bad date": cache.encode_entry(bad_date),
        "theme is null": cache.encode_entry(theme_not_str),
        "a tuple for a list": cache.encode_entry(tuple_not_list),
        "deeply nested": with_header(nested),
        "code": cache.encode_entry({"key": entry["key"], "dataset": compile("1", "x", "eval")}),
    }


def test_every_kind_of_corrupt_entry_is_ignored_and_replaced(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    expected = cppsctl.load(path)
    loader.load(path, cache=True)
    entry_path = only_entry()
    good = entry_path.read_bytes()
    for name, damaged in _corruptions(read_entry(entry_path)).items():
        entry_path.write_bytes(damaged)
        assert loader.load(path, cache=True) == expected, name
        assert entry_path.read_bytes() == good, f"{name}: the entry was not rebuilt"


def test_a_folder_in_place_of_the_entry(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    loader.load(path, cache=True)
    entry_path = only_entry()
    entry_path.unlink()
    entry_path.mkdir()
    assert loader.load(path, cache=True) == cppsctl.load(path)


# -- a cache that cannot be used never fails a command -------------------------------------------


def test_cache_dir_under_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path, "not a folder", "blocker")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    path = write(tmp_path, MINIMAL)
    assert loader.load(path, cache=True) == cppsctl.load(path)
    assert loader.load(path, cache=True) == cppsctl.load(path)


@pytest.mark.parametrize("where", ["mkdir", "temporary file"])
def test_read_only_file_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """What a read-only cache folder does, also when the tests run as root (who writes anyway)."""
    import errno

    from cppsctl import fs

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    if where == "mkdir":
        monkeypatch.setattr(Path, "mkdir", refuse)
    else:
        monkeypatch.setattr(fs, "_create_temporary", refuse)
    path = write(tmp_path, MINIMAL)
    assert loader.load(path, cache=True) == cppsctl.load(path)
    assert entries() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    (folder / "cppsctl").mkdir(parents=True)
    (folder / "cppsctl").chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    path = write(tmp_path, MINIMAL)
    try:
        assert loader.load(path, cache=True) == cppsctl.load(path)
        assert list((folder / "cppsctl").iterdir()) == []
    finally:
        (folder / "cppsctl").chmod(0o700)


def test_write_failures_leave_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MINIMAL)

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert loader.load(path, cache=True) == cppsctl.load(path)
    folder = cache.cache_dir()
    assert folder is not None and list(folder.iterdir()) == []


def test_cache_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "cppsctl"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    for ignored in ("", "relative/path"):  # the XDG spec: unset, empty or relative means the default
        monkeypatch.setenv("XDG_CACHE_HOME", ignored)
        assert cache.cache_dir() == tmp_path / "home" / ".cache" / "cppsctl"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "cppsctl"


@pytest.mark.parametrize("home", ["", "relative", "/nonexistent/home"])
def test_no_usable_home_means_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, home: str) -> None:
    """An empty, relative or missing HOME: no cache, and nothing created (as root, not /nonexistent/.cache)."""
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", home)
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() is None
    assert loader.load(cache=True) == cppsctl.load()  # still loads, uncached
    assert list(tmp_path.iterdir()) == [] and not Path("/nonexistent").exists()


def test_a_forged_entry_with_broken_references_is_not_trusted(tmp_path: Path) -> None:
    """Well typed, same key, same owner: an action whose theme is not in the vocabulary. Rebuilt, not served."""
    path = write(tmp_path, MINIMAL)
    expected = cppsctl.load(path)
    loader.load(path, cache=True)
    entry_path = only_entry()
    forged = read_entry(entry_path)
    forged["dataset"][0][0][17][0][3][0][2] = ["not-a-theme"]
    entry_path.write_bytes(cache.encode_entry(forged))
    entry_path.chmod(0o600)
    assert loader.load(path, cache=True) == expected
    link = read_entry(entry_path)
    row = link["dataset"][0][0][17][0][3][0]
    row += [[]] * (5 - len(row))  # its omitted empty links written out
    row[4] = ["nowhere/1.1"]
    entry_path.write_bytes(cache.encode_entry(link))
    assert loader.load(path, cache=True) == expected


# -- concurrency ---------------------------------------------------------------------------------


def test_concurrent_processes_on_a_cold_cache(generated: Path) -> None:
    code = (
        "import sys; from cppsctl.dataset import load as loader; "
        "d = loader.load(sys.argv[1], cache=True); print(sum(1 for _ in d.actions))"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(generated)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    results = [p.communicate(timeout=120) for p in processes]
    assert [(p.returncode, out, err) for p, (out, err) in zip(processes, results, strict=True)] == [
        (0, b"4600\n", b"")
    ] * 6
    entry_path = only_entry()
    stamps_name = entry_path.with_suffix(".stamps").name  # there once the generated file is 2 s old
    left = [p.name for p in entry_path.parent.iterdir() if p.name != stamps_name]
    assert left == [entry_path.name]  # no temporary file left
    assert codec.unpack(read_entry(entry_path)["dataset"]) == cppsctl.load(generated)


def test_concurrent_writers_and_readers_in_threads(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    expected = cppsctl.load(path)
    entry = cache.CacheEntry.of(path, [(path, path.read_bytes())])
    seen: list[cppsctl.Dataset | None] = []

    def work() -> None:
        for _ in range(20):
            entry.write(expected)
            seen.append(entry.read())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen and all(d == expected for d in seen)  # never a half-written entry
    assert entry.read() == expected


# -- the command line ----------------------------------------------------------------------------


def test_commands_use_the_cache_unless_told_not_to(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("list", "--format", "json", "--no-cache").exit_code == 0
    assert entries() == []
    monkeypatch.setenv("CPPSCTL_NO_CACHE", "1")
    assert invoke("actions", "--format", "json").exit_code == 0
    assert entries() == []
    monkeypatch.delenv("CPPSCTL_NO_CACHE")
    first = invoke("actions", "--format", "json")
    assert first.exit_code == 0
    only_entry()
    assert invoke("actions", "--format", "json").stdout == first.stdout


@pytest.mark.parametrize("command", [["list"], ["actions"], ["show", "cpps-2015-2020"], ["search", "x"], ["themes"]])
def test_every_dataset_command_takes_no_cache(invoke: Invoke, command: list[str]) -> None:
    assert "--no-cache" in invoke("--help").stdout  # a global option...
    result = invoke(*command, "--no-cache", "--format", "json")  # ...that works after the command too
    assert result.exit_code == 0, result.stderr
    assert entries() == []


def test_validate_checks_the_files_never_the_cache(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("validate", "--no-cache", str(bundled_dataset_path())).exit_code == 0  # the option is accepted
    assert invoke("list", "--format", "json").exit_code == 0
    only_entry()  # the bundled dataset is cached now...
    parsed: list[object] = []
    real = loader._parse_check_build

    def counted(contents: Any) -> cppsctl.Dataset:
        parsed.append(contents)
        return real(contents)

    monkeypatch.setattr(loader, "_parse_check_build", counted)
    assert invoke("validate").exit_code == 0
    assert parsed  # ...and validate parsed and checked the file all the same


def test_the_library_does_not_cache_by_default() -> None:
    cppsctl.load()
    assert entries() == []


def test_a_file_gone_after_reading_is_just_not_cached(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    raw = path.read_bytes()
    path.unlink()
    entry = cache.CacheEntry.of(path, [(path, raw)])
    assert entry.path is None and entry.read() is None
    entry.write(cppsctl.load())  # does nothing, fails nothing
    assert entries() == []


def test_reading_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    import gc

    path = write(tmp_path, MINIMAL)
    entry = cache.CacheEntry.of(path, [(path, path.read_bytes())])
    entry.write(cppsctl.load(path))
    assert gc.isenabled()
    assert entry.read() is not None and gc.isenabled()
    gc.disable()
    try:
        assert entry.read() is not None and not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file ownership")
def test_a_planted_entry_that_others_can_write_is_not_trusted(tmp_path: Path) -> None:
    """Another user's (or a world-writable) entry is ignored even when it carries the right key."""
    path = write(tmp_path, MINIMAL)
    expected = cppsctl.load(path)
    loader.load(path, cache=True)
    entry_path = only_entry()
    planted = read_entry(entry_path)
    planted["dataset"][1][0][2] = "Planted"  # same key, altered data
    entry_path.write_bytes(cache.encode_entry(planted))
    entry_path.chmod(0o666)
    assert loader.load(path, cache=True) == expected
    assert b"Planted" not in entry_path.read_bytes()  # rebuilt, and no longer world-writable
    assert not entry_path.stat().st_mode & 0o022
    assert not entry_path.parent.stat().st_mode & 0o077


# -- the files' stat standing for their bytes ----------------------------------------------------------


TICK = 0.05
"""Longer than any file system clock's tick here (Linux's coarse clock: 1-10 ms), and than SETTLED below."""


@pytest.fixture
def settled_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as left alone after 20 ms instead of 2 s, so that a test need not wait."""
    monkeypatch.setattr(cache, "SETTLED_NS", 20_000_000)


def load_without_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> cppsctl.Dataset:
    """Load with the cache, failing the test if a dataset file gets opened: its stat must stand for it."""

    def refuse(*args: object) -> None:
        raise AssertionError("read although its stat was remembered")

    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_file", refuse)
        return loader.load(path, cache=True)


def stamps() -> list[Path]:
    folder = cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("dataset-*.stamps"))


def test_a_file_left_alone_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled_soon: None
) -> None:
    path = write(tmp_path, MINIMAL)
    time.sleep(TICK)
    expected = loader.load(path, cache=True)  # read, checksummed, its stat remembered
    assert len(stamps()) == 1
    assert load_without_reading(monkeypatch, path) == expected


def test_a_file_changed_lately_is_always_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MINIMAL)  # just written: within the real SETTLED_NS of 2 s
    loader.load(path, cache=True)
    assert stamps() == []  # its stat could stand for the next write in the same clock tick: not remembered
    assert cache.CacheEntry.settled(path, [path]) is None
    assert load_without_parsing(monkeypatch, path) == cppsctl.load(path)  # still cached, by its checksum


@pytest.mark.parametrize("how", ["same size and mtime", "replaced by another file"])
def test_a_file_changed_since_it_was_remembered_is_read_again(tmp_path: Path, settled_soon: None, how: str) -> None:
    path = write(tmp_path, MINIMAL)
    time.sleep(TICK)
    loader.load(path, cache=True)
    assert len(stamps()) == 1
    before = os.stat(path)
    changed = MINIMAL.replace('label_en = "Youth"', 'label_en = "Yuoth"')  # the same length
    time.sleep(TICK)
    if how == "replaced by another file":
        other = tmp_path / "other.toml"
        other.write_text(changed, encoding="utf-8")
        os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(other, path)
    else:
        path.write_text(changed, encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # cp -p, rsync -t: only ctime tells
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert cache.CacheEntry.settled(path, [path]) is None
    assert {t.label_en for t in loader.load(path, cache=True).themes} == {"Yuoth"}


@pytest.mark.parametrize(
    "damage", ["cut", "a flipped bit", "json (layout 1)", "another layout", "a wrong type", "writable by others"]
)
def test_damaged_or_foreign_stamps_are_ignored(tmp_path: Path, settled_soon: None, damage: str) -> None:
    path = write(tmp_path, MINIMAL)
    time.sleep(TICK)
    expected = loader.load(path, cache=True)
    [stamp_file] = stamps()
    assert cache.CacheEntry.settled(path, [path]) is not None
    raw = stamp_file.read_bytes()
    data = cache.decode_entry(raw)
    assert isinstance(data, dict)
    assert data["format"] == cache.STAMPS_FORMAT
    if damage == "cut":
        stamp_file.write_bytes(raw[:-1])
    elif damage == "a flipped bit":
        stamp_file.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))
    elif damage == "json (layout 1)":
        stamp_file.write_text(json.dumps({**data, "format": 1}))
    elif damage == "another layout":
        stamp_file.write_bytes(cache.encode_entry({**data, "format": cache.STAMPS_FORMAT + 1}))
    elif damage == "a wrong type":
        [name] = data["files"]
        data["files"][name][3] = str(data["files"][name][3])
        stamp_file.write_bytes(cache.encode_entry(data))
    else:
        stamp_file.chmod(0o622)
    assert cache.CacheEntry.settled(path, [path]) is None
    assert loader.load(path, cache=True) == expected


def test_a_folder_is_remembered_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled_soon: None
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, MINIMAL)
    time.sleep(TICK)
    expected = loader.load(folder, cache=True)
    assert load_without_reading(monkeypatch, folder) == expected
    (folder / "more.toml").write_text('[[sources]]\nid = "x"\n', encoding="utf-8")  # a new file: never remembered
    assert cache.CacheEntry.settled(folder, sorted(folder.glob("*.toml"))) is None


def test_sql_opens_its_database_without_reading_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled_soon: None
) -> None:
    from cppsctl.sql.database import Database

    path = write(tmp_path, MINIMAL)
    time.sleep(TICK)
    with Database(path) as database:  # builds the file
        expected = database.query_records("select count(*) as n from actions")
    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_file", lambda *args: pytest.fail("a dataset file was read"))
        with Database(path) as database:
            assert database.query_records("select count(*) as n from actions") == expected


def test_writing_an_entry_removes_the_json_one_of_older_cache_formats(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    loader.load(path, cache=True)
    entry_path = only_entry()
    old = entry_path.with_suffix(".json")  # where cache formats up to 3 kept the same dataset, as JSON
    old.write_text("{}", encoding="utf-8")
    entry_path.unlink()
    assert loader.load(path, cache=True) == cppsctl.load(path)
    assert only_entry() == entry_path and not old.exists()
