"""Time and peak memory of TOML shapes at and past the bounds of ``cppsctl.dataset.bounds``.

    python benchmarks/toml_bounds.py                 # files of 4 MiB, about 4 minutes on 2 cores
    python benchmarks/toml_bounds.py --mib 1 2 4 8   # the growth with the size of the file
    python benchmarks/toml_bounds.py --parser        # the TOML parser alone, on what cppsctl refuses

Each case is a file written to ``benchmarks/out/bounds/`` and read by a real
``cppsctl validate FILE`` process, timed by ``/usr/bin/time -v`` (wall clock and
maximum resident set size). Cases past a bound must be refused, each with one
located problem; cases at the bounds are read in full, their cost growing with
the size of the file, not with the number of parts of a key. ``--parser`` also
times tomllib alone on the refused shapes, at sizes it survives, to show what
the bounds save.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from cppsctl.dataset.bounds import MAX_FILE_KEY_PARTS, MAX_KEY_PARTS, MAX_NESTING, first_excess

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "bounds"
TIME = "/usr/bin/time"
MIB = 1024 * 1024


def dotted(parts: int, last: str = "a") -> str:
    return ".".join(["a"] * (parts - 1) + [last])


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def filled(size: int, line: Callable[[int], str]) -> str:
    """Lines ``line(0)``, ``line(1)``... up to ``size`` bytes at most."""
    lines: list[str] = []
    total = 0
    index = 0
    while total + len(text := line(index)) <= size:
        lines.append(text)
        total += len(text)
        index += 1
    return "".join(lines)


PAST: dict[str, Callable[[], str]] = {
    "key of 100,000 parts": lambda: dotted(100_000) + " = 1\n",
    "header of 100,000 parts": lambda: f"[{dotted(100_000)}]\n",
    "array of tables header of 100,000 parts": lambda: f"[[{dotted(100_000)}]]\n",
    "arrays nested 100,000 deep": lambda: f"a = {nested(100_000)}\n",
    "inline tables nested 100,000 deep": lambda: "a = " + "{b = " * 100_000 + "1" + "}" * 100_000 + "\n",
    f"key of {MAX_KEY_PARTS + 1} parts": lambda: dotted(MAX_KEY_PARTS + 1) + " = 1\n",
    f"arrays nested {MAX_NESTING} deep under a key": lambda: f"a = {nested(MAX_NESTING)}\n",
}


def at_limits(size: int) -> Iterator[tuple[str, str]]:
    """Files of ``size`` characters that stay within the bounds, each repeating one shape."""
    k = MAX_KEY_PARTS
    yield "flat keys (k1 = 1)", filled(size, lambda i: f"k{i} = 1\n")
    yield f"{k}-part keys in one table", filled(size, lambda i: f"{dotted(k, f'k{i}')} = 1\n")
    yield f"{k}-part keys, each under its own table", filled(size, lambda i: f"[t{i}]\n{dotted(k, 'k')} = 1\n")
    yield f"distinct {k}-part headers", filled(size, lambda i: f"[t{i}.{dotted(k - 1)}]\n")
    yield f"arrays nested {MAX_NESTING - 1} deep", filled(size, lambda i: f"t{i} = {nested(MAX_NESTING - 1)}\n")
    yield "strings full of brackets and dots", filled(size, lambda i: f'k{i} = "{"[{." * 30}"\n')


def at_file_bound() -> Iterator[tuple[str, str]]:
    """The costliest shapes, with exactly MAX_FILE_KEY_PARTS key parts, then one more."""
    k = MAX_KEY_PARTS
    per_line: dict[str, tuple[int, Callable[[int], str]]] = {
        f"{k}-part keys, each under its own table": (k + 1, lambda i: f"[t{i}]\n{dotted(k, 'k')} = 1\n"),
        f"distinct {k}-part headers": (k, lambda i: f"[t{i}.{dotted(k - 1)}]\n"),
        "flat keys (k1 = 1)": (1, lambda i: f"k{i} = 1\n"),
    }
    for name, (parts, line) in per_line.items():
        lines, rest = divmod(MAX_FILE_KEY_PARTS, parts)
        text = "".join(line(i) for i in range(lines)) + "".join(f"r{i} = 1\n" for i in range(rest))
        yield f"{name}: {MAX_FILE_KEY_PARTS:,} parts", text
        yield f"{name}: one part more", text + "one_more = 1\n"


def realistic(size: int) -> tuple[str, str]:
    """A valid generated dataset of about ``size`` characters (``benchmarks/generate.py``)."""
    actions = max(1000, size // 212)  # 50,000 actions take 10.6 MB
    path = OUT / f"generated-{actions}.toml"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(actions), str(path)], check=True)
    return f"generated dataset ({actions:,} actions)", path.read_text(encoding="utf-8")


def measure(path: Path) -> tuple[float, int, str]:
    """Wall seconds, peak resident KiB and the first stderr line of ``cppsctl validate PATH``."""
    cppsctl = Path(sys.executable).with_name("cppsctl")
    result = subprocess.run(
        [TIME, "-v", str(cppsctl), "validate", str(path)], capture_output=True, text=True, check=False
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert wall and peak, result.stderr
    hours, minutes, seconds = (float(g) if g else 0.0 for g in wall.groups())
    said = (result.stdout.strip().splitlines() or [""])[0]
    return hours * 3600 + minutes * 60 + seconds, int(peak.group(1)), said


def scan_seconds(text: str) -> float:
    start = time.perf_counter()
    first_excess(text)
    return time.perf_counter() - start


def row(name: str, text: str) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "case.toml"
    path.write_text(text, encoding="utf-8")
    wall, peak, said = measure(path)
    said = said.replace(str(path), "FILE")
    if len(said) > 90:
        said = said[:87] + "..."
    return f"| {name} | {len(text) / MIB:.2f} | {scan_seconds(text):.3f} | {wall:.2f} | {peak / 1024:.0f} | {said} |"


def parser_alone() -> None:
    """tomllib on the shapes refused, at sizes it survives: what the bounds save."""
    code = (
        "import sys, time, tomllib\ntext = open(sys.argv[1], encoding='utf-8').read()\nstart = time.perf_counter()\n"
        "try: tomllib.loads(text); said = 'parsed'\nexcept RecursionError: said = 'RecursionError'\n"
        "print(f'{time.perf_counter() - start:.2f} {said}')"
    )
    print("\n| tomllib alone on | parts or depth | parse s | peak MiB | outcome |\n" + "| --- " * 5 + "|")
    shapes: list[tuple[str, Callable[[int], str], list[int]]] = [
        ("one dotted key", lambda n: dotted(n) + " = 1\n", [2000, 4000, 8000, 16000]),
        ("one table header", lambda n: f"[{dotted(n)}]\n", [8000, 32000, 100_000]),
        ("nested arrays", lambda n: f"a = {nested(n)}\n", [300, 500]),
    ]
    path = OUT / "parser.toml"
    for name, make, sizes in shapes:
        for n in sizes:
            path.write_text(make(n), encoding="utf-8")
            result = subprocess.run(
                [TIME, "-f", "%M", sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
            )
            seconds, said = result.stdout.split()
            peak = int(result.stderr.split()[-1])
            print(f"| {name} | {n:,} | {seconds} | {peak / 1024:.0f} | {said} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=float, nargs="+", default=[4.0], help="sizes of the files within the bounds")
    parser.add_argument("--parser", action="store_true", help="also time tomllib alone on the refused shapes")
    args = parser.parse_args()
    head = "| case | MiB | scan s | validate s | peak MiB | first line of the verdict |\n" + "| --- " * 6 + "|"
    print(f"Past the bounds (MAX_KEY_PARTS {MAX_KEY_PARTS}, MAX_NESTING {MAX_NESTING}):\n\n{head}")
    for name, make in PAST.items():
        print(row(name, make()), flush=True)
    for mib in args.mib:
        size = int(mib * MIB)
        print(f"\nWithin the bounds, files of {mib:g} MiB:\n\n{head}")
        for name, text in [*at_limits(size), realistic(size)]:
            print(row(name, text), flush=True)
    print(f"\nAt MAX_FILE_KEY_PARTS ({MAX_FILE_KEY_PARTS:,}):\n\n{head}")
    for name, text in at_file_bound():
        print(row(name, text), flush=True)
    if args.parser:
        parser_alone()


if __name__ == "__main__":
    main()
