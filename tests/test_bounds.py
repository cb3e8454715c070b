"""Bounds on keys and nesting, checked on the TOML text before the parser sees it (cppsctl.dataset.bounds)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cppsctl
from cppsctl.dataset import bounds
from cppsctl.dataset.bounds import MAX_FILE_KEY_PARTS, MAX_KEY_PARTS, MAX_NESTING, deepest, first_excess
from cppsctl.errors import DatasetError
from cppsctl.resources import bundled_dataset_path
from tests.conftest import TOML_TEST
from tests.test_fuzz import FUZZ_CASES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

N, M = MAX_KEY_PARTS, MAX_NESTING
TOO_DEEP = f"nested more than {M} deep (table header, dotted keys and inline arrays counted together)"


def dotted(parts: int, sep: str = ".") -> str:
    return sep.join(f"p{i}" for i in range(parts))


def arrays(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def verdict(text: str) -> str | None:
    excess = first_excess(text)
    return None if excess is None else f"{excess.line}:{excess.column}: {excess.message}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{dotted(N)} = 1\n", None),
        (f"{dotted(N + 1)} = 1\n", f"1:1: key has more than {N} dotted parts"),
        (f"x = 1\n  {dotted(N + 1, ' . ')} = 1\n", f"2:3: key has more than {N} dotted parts"),
        (f"[{dotted(N)}]\n", None),
        (f"x = 1\n[{dotted(N + 1)}]\n", f"2:2: table header has more than {N} dotted parts"),
        (f"[[ {dotted(N + 1)} ]]\n", f"1:4: table header has more than {N} dotted parts"),
        ('"a.b.c.d" = 1\n' + ".".join(['"x.y"'] * N) + " = 1\n", None),  # a quoted part is one part
        (".".join(["'x.y'"] * (N + 1)) + " = 1\n", f"1:1: key has more than {N} dotted parts"),
        (f"a = {{{dotted(N + 1)} = 1}}\n", f"1:6: key has more than {N} dotted parts"),
        (f"a = {arrays(M - 1)}\n", None),
        (f"a = {arrays(M)}\n", f"1:{5 + M - 1}: {TOO_DEEP}"),
        (f"a = [ {'[ ' * (M - 2)}1{' ]' * (M - 1)}\n", None),
        (f"a = [ {'[ ' * M}1{' ]' * (M + 1)}\n", f"1:{5 + 2 * (M - 1)}: {TOO_DEEP}"),
        (f"[{dotted(N)}]\n{dotted(M - N)} = 1\n", None),
        (f"[{dotted(N)}]\nok = 1\n{dotted(M - N + 1)} = 1\n", f"3:1: {TOO_DEEP}"),
        (f"[{dotted(N)}]\na = {arrays(M - N - 1)}\n", None),
        (f"[{dotted(N)}]\na = {arrays(M - N)}\n", f"2:{5 + M - N - 1}: {TOO_DEEP}"),
        ("a = " + "{b = " * (M - 1) + "1" + "}" * (M - 1) + "\n", None),  # a table nests through its keys
        ("a = " + "{b = " * M + "1" + "}" * M + "\n", f"1:{5 + 5 * (M - 1) + 1}: {TOO_DEEP}"),
        ("".join(f"a{i} = [{{b = [{{c = [1]}}]}}]\n" for i in range(3)), None),
        (f"a = [\n  1, # {'[' * 100}\n  {arrays(M - 2)},\n]\n", None),
        (f"a = [\n  1,\n  {arrays(M)},\n]\n", f"3:{3 + M - 2}: {TOO_DEEP}"),
    ],
)
def test_keys_headers_and_nesting_at_and_past_the_bounds(text: str, expected: str | None) -> None:
    assert verdict(text) == expected
    if expected is None:
        tomllib.loads(text)  # the cases within the bounds are TOML


HOSTILE = "[" * 200 + "{" * 200 + "." * 200 + "a.b.c" * 50
STRINGS = [
    f'a = "{HOSTILE}"',
    f"a = '{HOSTILE}'",
    f'a = """\n{HOSTILE}\n\\"""\n"""',
    f'a = """{HOSTILE}"" """',
    f'a = """{HOSTILE}""""',
    f'a = """{HOSTILE}"""""',
    f"a = '''\n{HOSTILE}\n'''",
    f"a = '''{HOSTILE}'''''",
    f'a = "\\"{HOSTILE}\\\\"',
    f"# {HOSTILE}",
    f"a = 1 # {HOSTILE}",
    f'"{HOSTILE}" = 1',
    f"'{HOSTILE}' = 1",
    f'a = ["{HOSTILE}", \'{HOSTILE}\', """{HOSTILE}""", # {HOSTILE}\n]',
]


@pytest.mark.parametrize("text", STRINGS, ids=range(len(STRINGS)))
def test_strings_and_comments_count_for_nothing(text: str) -> None:
    tomllib.loads(text)
    assert first_excess(text + "\n") is None
    past = f"{text}\nb = {arrays(M)}\n"
    assert verdict(past) == f"{text.count(chr(10)) + 2}:{5 + M - 1}: {TOO_DEEP}"


@pytest.mark.parametrize(
    "text",
    [
        'a = "unterminated\nb = ' + arrays(M),  # the parser stops at the string, so does the scan
        "a = '''unterminated\n" + arrays(1000),
        "a = ]\n" + arrays(1000),
        "= 1\nb = " + arrays(1000),
        "[a\nb = " + arrays(1000),
        "a.b. = 1\nb = " + arrays(1000),  # a stray dot after fewer parts than the bound: a syntax error
        f"[{dotted(N - 1)}.]\nb = " + arrays(1000),
    ],
)
def test_the_scan_stops_where_the_text_stops_being_toml(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    assert first_excess(text) is None


def test_key_parts_of_a_file_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_FILE_KEY_PARTS", 10)
    assert first_excess("a.b = 1\n[t.u]\nc = [{d.e = 1}]\nf = {g = 1, h = 1}\n") is None  # 10 parts
    assert verdict("a.b = 1\n[t.u]\nc = [{d.e = 1}]\nf = {g = 1, h = 1}\ni = 1\n") == (
        "5:1: more than 10 key parts in one file (keys and table headers, each dotted part counted)"
    )


def test_the_bundled_and_a_generated_dataset_are_far_within_the_bounds(generated: Path) -> None:
    text = bundled_dataset_path().read_text(encoding="utf-8")
    assert first_excess(text) is None
    assert deepest(text) is not None
    assert first_excess(generated.read_text(encoding="utf-8")) is None
    assert 150 * text.count("\n") < MAX_FILE_KEY_PARTS


def corpus(kind: str) -> list[Path]:
    folder = TOML_TEST / kind
    return sorted(folder.rglob("*.toml")) if folder.is_dir() else []


@pytest.mark.skipif(not corpus("valid"), reason="../shared/testdata/toml-test is not beside the checkout")
def test_no_file_of_the_toml_test_corpus_stops_the_scan() -> None:
    """Where the scan stops, it could miss what follows: it must read every valid file to its end."""
    scanned = 0
    for path in corpus("valid"):
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        scan = bounds._Scan(text)
        scan.expressions()  # raises _NotToml where the scan stops
        scanned += 1
    for path in corpus("invalid"):
        try:
            first_excess(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue
    assert scanned > 200


# Generated documents: tables, keys and values of every shape, strings of every kind holding
# brackets, braces, dots and quotes; the scan refuses exactly those past a bound.

CHARS = st.text(st.sampled_from([*"ab .[]{}#,='\"\\\n\té", "\u2028", "\x7f", "\x00"]), max_size=12)


def basic(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or ord(c) == 127 else c for c in out) + '"'


def string(text: str, kind: int) -> str:
    plain = not any((ord(c) < 32 and c not in "\t\n") or ord(c) == 127 for c in text)
    if kind == 1 and plain and "'" not in text and "\n" not in text:
        return f"'{text}'"
    if kind == 2:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return (
            '"""'
            + "".join(f"\\u{ord(c):04x}" if (ord(c) < 32 and c not in "\t\n") or ord(c) == 127 else c for c in escaped)
            + '"""'
        )
    if kind == 3 and plain and "'''" not in text and not text.endswith("'"):
        return f"'''{text}'''"
    return basic(text)


@st.composite
def keys(draw: st.DrawFn, first: str) -> tuple[str, int]:
    """A dotted key whose first part is ``first``, and its number of parts."""
    parts = draw(st.integers(1, N + 3))
    rendered = [first]
    for _ in range(parts - 1):
        name = draw(CHARS)
        bare = name and all(c.isascii() and (c.isalnum() or c in "_-") for c in name)
        rendered.append(name if bare else string(name, draw(st.sampled_from([0, 1]))))
    return draw(st.sampled_from([".", " . ", "\t."])).join(rendered), parts


@st.composite
def values(draw: st.DrawFn, room: int) -> tuple[str, int, int]:
    """A value, its depth as the bounds count it and its most parts in one key (``room``: depth left to use)."""
    kind = draw(st.sampled_from(["scalar", "array", "table"] if room > -3 else ["scalar"]))
    if kind == "scalar":
        text = draw(st.one_of(st.integers().map(str), st.sampled_from(["1.5", "true", "1979-05-27T07:32:00Z"])))
        return (string(draw(CHARS), draw(st.integers(0, 3))) if draw(st.booleans()) else text), 0, 0
    if kind == "array":
        if draw(st.booleans()):  # deep and narrow: how bounds are met
            depth = draw(st.integers(1, max(1, room + 2)))
            return arrays(depth), depth, 0
        items = [draw(values(room - 1)) for _ in range(draw(st.integers(0, 3)))]
        sep = draw(st.sampled_from([", ", ",\n  ", ", # ] { [ \n"]))
        return (
            "[" + sep.join(t for t, _, _ in items) + "]",
            1 + max((d for _, d, _ in items), default=0),
            max((p for _, _, p in items), default=0),
        )
    entries = []
    for index in range(draw(st.integers(0, 3))):
        key, parts = draw(keys(f"k{index}"))
        text, depth, widest = draw(values(room - parts))
        entries.append((f"{key} = {text}", parts + depth, max(parts, widest)))
    return (
        "{" + ", ".join(t for t, _, _ in entries) + "}",
        max((d for _, d, _ in entries), default=0),
        max((p for _, _, p in entries), default=0),
    )


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, bool]:
    """A TOML document, and whether it goes past a bound."""
    lines: list[str] = []
    past = False
    for table in range(draw(st.integers(0, 3))):
        header = 0
        if table:
            key, header = draw(keys(f"t{table}"))
            lines.append(f"[[{key}]]" if draw(st.booleans()) else f"[{key}]")
            past |= header > N
        for index in range(draw(st.integers(0, 3))):
            key, parts = draw(keys(f"k{index}"))
            text, depth, widest = draw(values(M - header - parts))
            comment = draw(st.sampled_from(["", " # [[[[ {{ a.b.c", "  #"]))
            lines.append(f"{key} = {text}{comment}")
            past |= parts > N or widest > N or header + parts + depth > M
    return "\n".join(lines) + "\n", past


@settings(max_examples=FUZZ_CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(documents())
def test_generated_documents_are_refused_exactly_past_a_bound(document: tuple[str, bool]) -> None:
    text, past = document
    tomllib.loads(text)
    assert (first_excess(text) is not None) == past, text


# Through cppsctl.load: one located problem, before the parser sees the text.


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (dotted(100_000) + " = 1\n", f"1:1: TOML key has more than {N} dotted parts"),
        (f"format_version = 1\n[{dotted(100_000)}]\n", f"2:2: TOML table header has more than {N} dotted parts"),
        ("a = " + arrays(100_000) + "\n", f"1:{5 + M - 1}: TOML {TOO_DEEP}"),
        ("a = " + "{b = " * 100_000 + "1" + "}" * 100_000, f"1:{5 + 5 * (M - 1) + 1}: TOML {TOO_DEEP}"),
    ],
    ids=["key", "header", "arrays", "inline-tables"],
)
def test_a_file_past_a_bound_is_one_located_problem(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:{where}"]


def test_a_recursion_error_within_the_bounds_is_located(tmp_path: Path) -> None:
    """With most of the stack used by the caller, the parser can run out of it inside the bounds."""
    path = tmp_path / "deep.toml"
    path.write_text(f"format_version = 1\n\na = {arrays(M - 1)}\n", encoding="utf-8")
    frames = len(traceback.extract_stack())
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(frames + 60)
    try:
        with pytest.raises(DatasetError) as caught:
            cppsctl.load(path)
    finally:
        sys.setrecursionlimit(limit)
    assert [str(p) for p in caught.value.problems] == [f"{path}:3:{5 + M - 2}: TOML nested too deeply to read"]


def test_crlf_line_endings_are_read_like_lf() -> None:
    text = bundled_dataset_path().read_text(encoding="utf-8").replace("\n", "\r\n")
    assert first_excess(text) is None
    past = f"a = 1\r\nb = 'x'\r\n{dotted(N + 1)} = 1\r\n"
    assert verdict(past) == f"3:1: key has more than {N} dotted parts"
