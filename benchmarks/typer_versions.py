"""Compare the start-up of cppsctl under several Typer versions, each in a throwaway virtual environment.

    python benchmarks/typer_versions.py 0.26.1 0.28.0 0.29.2

For each version: a venv in ``benchmarks/out/venvs/`` with ``typer==VERSION``
and rich from the package index, and this checkout installed without
dependencies. Then, alternately in one loop, the medians of ``python -c
"import typer"``, of a one-command Typer app that prints JSON, and of
``cppsctl list --format json`` (warm cache), as a Markdown table. This is how
the Typer range in pyproject.toml was chosen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP = """
import json, sys
from typing import Annotated
import typer
app = typer.Typer()
@app.command()
def main(fmt: Annotated[str, typer.Option("--format")] = "json") -> None:
    sys.stdout.write(json.dumps([{"a": 1}]) + "\\n")
app()
"""


def venv_for(version: str, out: Path) -> Path:
    """The bin folder of a venv holding ``typer==version`` and this checkout; made once."""
    folder = out / "venvs" / f"typer-{version}"
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, f"typer=={version}", "rich>=13.8", "tomli>=2.0; python_version < '3.11'"], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    subprocess.run([str(python), "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    return python.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("versions", nargs="+", help="Typer versions, e.g. 0.28.0 0.29.2")
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)

    app = args.out / "typer_app.py"
    args.out.mkdir(parents=True, exist_ok=True)
    app.write_text(APP, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CPPSCTL_", "PYTHONDONTWRITEBYTECODE"))}
    env["XDG_CACHE_HOME"] = str(args.out / "cache")
    rows = {}
    for version in args.versions:
        bin_dir = venv_for(version, args.out)
        python = str(bin_dir / "python")
        cppsctl = [str(bin_dir / "cppsctl"), "list", "-f", "json"]
        rows[version] = [[python, "-c", "import typer"], [python, str(app)], cppsctl]
    commands = [c for row in rows.values() for c in row]
    times: dict[int, list[float]] = {i: [] for i in range(len(commands))}
    for round_ in range(args.repeat + 2):  # two untimed rounds first: pyc files, the cache
        for i, command in enumerate(commands):
            started = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
            if round_ >= 2:
                times[i].append(time.perf_counter() - started)
    medians = [statistics.median(times[i]) * 1000 for i in range(len(commands))]
    print(f"Medians of {args.repeat} alternating runs, Python {sys.version.split()[0]}.\n")
    print("| Typer | `import typer` | one-command app | / its import | `cppsctl list -f json` | / its import |")
    print("|---|---|---|---|---|---|")
    for index, version in enumerate(rows):
        imp, one, ours = medians[3 * index : 3 * index + 3]
        print(f"| {version} | {imp:.1f} ms | {one:.1f} ms | {one / imp:.2f} x | {ours:.1f} ms | {ours / imp:.2f} x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
