"""What a command imports: the machine formats never load rich, and ``import cppsctl`` stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from cppsctl.cli import main
sys.argv = ["cppsctl", *json.loads(sys.argv[1])]
out = io.StringIO()
try:
    with redirect_stdout(out):
        main()
except SystemExit as exit:
    assert not exit.code, exit.code
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules loaded by a real process that ran ``cppsctl ARGS`` (``env``: variables changed, "" removes one)."""
    full_env = {k: v for k, v in {**os.environ, **(env or {})}.items() if v != ""}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=full_env,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def rich_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "rich" or m.startswith("rich.")}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
@pytest.mark.parametrize("command", [["list"], ["actions", "--search", "jeunes"], ["search", "jeunes"], ["themes"]])
def test_machine_formats_never_import_rich(command: list[str], fmt: str) -> None:
    assert rich_modules(modules_after(*command, "--format", fmt)) == set()


def test_machine_formats_never_import_rich_on_a_cold_cache() -> None:
    assert rich_modules(modules_after("list", "--format", "json", "--no-cache")) == set()


def test_a_piped_table_does_not_import_rich() -> None:
    assert rich_modules(modules_after("list", env={"COLUMNS": ""})) == set()  # drawn by output.grid


def test_the_table_format_does_use_rich() -> None:
    assert "rich.table" in modules_after("list")  # $COLUMNS is set (conftest): a table as wide as a terminal
    assert "rich.table" in modules_after("list", env={"COLUMNS": "", "FORCE_COLOR": "1"})


def test_a_cached_load_skips_the_parser_and_the_checks() -> None:
    modules_after("list", "--format", "json")  # fills the cache
    modules = modules_after("list", "--format", "json")
    assert {"tomllib", "tomli", "cppsctl.dataset.checks", "cppsctl.dataset.schema"}.isdisjoint(modules)


def test_the_cache_key_does_not_load_openssl() -> None:
    """hashlib always loads OpenSSL (about 3 ms); the cache key's checksum is zlib's, and no private module."""
    modules = modules_after("list", "--format", "json")
    assert "zlib" in modules
    assert {"hashlib", "_hashlib", "_blake2", "_ssl"}.isdisjoint(modules)


def test_a_cached_list_does_not_import_dataclasses() -> None:
    """The model's classes are dataclasses without the module at start-up (0.8 ms, and 1 ms running it)."""
    modules_after("list", "--format", "json")  # fills the cache
    assert "dataclasses" not in modules_after("list", "--format", "json")


def test_import_cppsctl_loads_nothing_else() -> None:
    code = "import sys, cppsctl; print(sorted(m for m in sys.modules if m.startswith('cppsctl')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "['cppsctl']"


def test_lazy_names_of_the_package() -> None:
    import cppsctl

    for name in cppsctl.__all__:
        assert getattr(cppsctl, name) is not None
    assert set(cppsctl.__all__) <= set(dir(cppsctl))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        cppsctl.nope  # noqa: B018


def test_command_modules_keep_their_annotations_evaluated() -> None:
    """Typer evaluates every parameter annotation of every command at each call; strings make that twice as slow."""
    from pathlib import Path

    import cppsctl.cli

    folder = Path(cppsctl.cli.__file__).parent
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py"))}
    with_options = {name: text for name, text in sources.items() if "typer.Option" in text or "typer.Argument" in text}
    assert "actions.py" in with_options
    lazy = [name for name, text in with_options.items() if "from __future__ import annotations" in text]
    assert lazy == [], "drop 'from __future__ import annotations' from these command modules (docs/performance.md)"


def test_the_entry_point_spares_the_final_garbage_collection() -> None:
    """At exit the entry point freezes what the command built, so the interpreter does not walk it again."""
    # Exit handlers run last-registered first: this one runs after any that main() registers.
    probe = "import atexit, gc\natexit.register(lambda: print(gc.get_freeze_count()))\n" + PROBE
    args = json.dumps(["list", "--format", "json"])
    result = subprocess.run([sys.executable, "-c", probe, args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.splitlines()[-1]) > 10_000  # Typer's objects and the dataset's, all frozen


@pytest.mark.parametrize(("args", "spaced"), [(["list", "--format", "json"], True), (["--version"], False)])
def test_full_collections_stay_spaced_out_once_the_dataset_is_frozen(args: list[str], spaced: bool) -> None:
    """Freezing empties the "old" count that spaces full collections; the loader spaces them itself then."""
    from cppsctl.cli.startup import FULL_COLLECTION_SPACING

    probe = "import atexit, gc\natexit.register(lambda: print(gc.get_threshold()[2]))\n" + PROBE
    result = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.splitlines()[-1]) == (FULL_COLLECTION_SPACING if spaced else 10)
