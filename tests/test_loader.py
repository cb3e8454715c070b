"""Loading and validation: every problem reported, located, and never a traceback."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import cppsctl
from cppsctl.dataset.dump import _toml_string
from cppsctl.errors import DatasetError, Problem
from cppsctl.model import PartialDate
from tests.conftest import MINIMAL, TOML_TEST, write
from tests.test_fuzz import FUZZ_CASES


def problems(tmp_path: Path, text: str) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(write(tmp_path, text))
    return list(caught.value.problems)


def only(tmp_path: Path, text: str) -> str:
    """The single problem of a dataset, as ``line:column: message`` (file name dropped)."""
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    return str(found[0]).split(":", 1)[1]


def test_minimal_dataset_loads(tmp_path: Path) -> None:
    dataset = cppsctl.load(write(tmp_path, MINIMAL))
    assert [a.id for a in dataset.actions] == ["cpps-2030-2035/1.1", "cpps-2030-2035/1.2"]
    assert cppsctl.validate([write(tmp_path, MINIMAL)]) == []


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    text = MINIMAL.replace('label_en = "Youth"', 'label_en = "Youth')
    assert only(tmp_path, text) == "6:18: TOML syntax error: Illegal character '\\n'"


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    text = MINIMAL.replace('title = "Promouvoir', 'titel = "Promouvoir')
    found = problems(tmp_path, text)
    messages = [str(p).split(":", 1)[1] for p in found]
    assert messages == [
        "27:1: contracts[0].priorities[0].actions[0]: missing required key 'title'",
        "28:1: contracts[0].priorities[0].actions[0].titel: unknown key 'titel' (did you mean 'title'?);"
        " known keys: position, title, themes, declines, continues",
    ]


def test_wrong_type_and_toml_date(tmp_path: Path) -> None:
    text = MINIMAL.replace("start_year = 2030", 'start_year = "2030"').replace(
        "end_year = 2035", "end_year = 2035\nsigned_on = 2031-01-02"
    )
    assert [str(p).split(":", 1)[1] for p in problems(tmp_path, text)] == [
        "17:1: contracts[0].start_year: expected an integer, got a string",
        "19:1: contracts[0].signed_on: expected a string, got a TOML date or time (write dates as quoted strings,"
        ' e.g. "2016-11-23")',
    ]


def test_invalid_partial_date(tmp_path: Path) -> None:
    text = MINIMAL.replace("end_year = 2035", 'end_year = 2035\nsigned_on = "2031-13"')
    assert only(tmp_path, text) == "19:1: contracts[0].signed_on: not a date: '2031-13' (month 13 out of range)"
    text = MINIMAL.replace("end_year = 2035", 'end_year = 2035\nsigned_on = "31/01/2031"')
    assert only(tmp_path, text) == (
        "19:1: contracts[0].signed_on: '31/01/2031' is not valid: expected ISO 8601 date reduced to the precision"
        " known: YYYY-MM-DD, YYYY-MM or YYYY (quoted)."
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'id = "cpps-2030-2035"',
            'id = "cpps-2030-2035\\n"',
            "14:1: contracts[0].id: 'cpps-2030-2035\\n' is not valid",
        ),
        ('id = "youth"', 'id = "youth\\n"', "4:1: themes[0].id: 'youth\\n' is not valid"),
        ('id = "src"', 'id = "src\\n"', "9:1: sources[0].id: 'src\\n' is not valid"),
        (
            "end_year = 2035",
            'end_year = 2035\nsigned_on = "2031-01-02\\n"',
            "19:1: contracts[0].signed_on: '2031-01-02\\n'",
        ),
    ],
    ids=["contract id", "theme id", "source id", "date"],
)
def test_a_trailing_newline_is_not_part_of_an_id_or_a_date(tmp_path: Path, old: str, new: str, message: str) -> None:
    """A pattern matches the whole text: ``$`` in the schema does not match before a final newline."""
    found = [str(p).split(":", 1)[1] for p in problems(tmp_path, MINIMAL.replace(old, new, 1))]
    assert [m for m in found if m.startswith(message)], found
    assert not [m for m in found if "not a date" in m]  # the schema's problem only, not a second one


def test_a_partial_date_is_the_whole_text_in_ascii_digits() -> None:
    for text in ("2016\n", "2016-05\n", "\n2016", "٢٠١٦", "２０１６"):
        with pytest.raises(ValueError, match="not a date"):
            PartialDate.parse(text)
    assert str(PartialDate.parse("2016-05")) == "2016-05"


def calendar_date(year: int, month: int | None, day: int | None) -> bool:
    """Whether a date of the grammar names a day that exists (without a day: any year, any month 1-12)."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        datetime.date(year, month or 1, day)
    except ValueError:
        return False
    return True


DATE_GRAMMAR = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")  # the oracle: the reduced ISO 8601 forms


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789-\n ٢２+", max_size=12),
        st.from_regex(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", fullmatch=True),
    )
)
@example("0001-01-00")
@example("2016-02-30")
@example("0000-05")
def test_a_partial_date_is_parsed_as_the_grammar_says(text: str) -> None:
    match = DATE_GRAMMAR.match(text)
    year, month, day = (int(g) if g else None for g in match.groups()) if match else (None, None, None)
    try:
        date = PartialDate.parse(text)
    except ValueError:
        assert year is None or not calendar_date(year, month, day)
    else:
        assert (date.year, date.month, date.day) == (year, month, day)


def test_duplicate_ids(tmp_path: Path) -> None:
    text = MINIMAL + MINIMAL[MINIMAL.index("[[contracts]]") :].replace("Prévenir la", "Prévenir encore la")
    assert only(tmp_path, text) == (
        f"35:1: contracts[1].id: duplicate contract id 'cpps-2030-2035' (first defined at {tmp_path / 'data.toml'}:13)"
    )


def test_declared_count_must_match_unless_partial(tmp_path: Path) -> None:
    text = MINIMAL.replace("declared_action_count = 2\nsources", "declared_action_count = 3\nsources")
    assert only(tmp_path, text) == (
        "19:1: contracts[0].declared_action_count: declares 3 actions but lists 2"
        " (set complete = false if only part is known)"
    )
    partial = text.replace("declared_action_count = 3\nsources", "declared_action_count = 3\ncomplete = false\nsources")
    contract = cppsctl.load(write(tmp_path, partial)).contracts[0]
    assert contract.completeness == "2 of 3 actions known"


def test_end_before_start(tmp_path: Path) -> None:
    text = MINIMAL.replace("end_year = 2035", "end_year = 2029")
    assert only(tmp_path, text) == "18:1: contracts[0].end_year: end_year 2029 is before start_year 2030"


def test_unknown_theme_with_did_you_mean(tmp_path: Path) -> None:
    text = MINIMAL.replace('themes = ["youth"]\n\n', 'themes = ["yuoth"]\n\n', 1)
    assert only(tmp_path, text) == (
        "29:1: contracts[0].priorities[0].actions[0].themes[0]: unknown theme 'yuoth' (did you mean 'youth'?)"
    )


def test_dangling_lineage_link(tmp_path: Path) -> None:
    text = MINIMAL.replace('themes = ["youth"]\n\n', 'themes = ["youth"]\ncontinues = ["cpps-2030-2035/1.3"]\n\n', 1)
    found = problems(tmp_path, text)
    assert [p.message for p in found] == ["unknown action 'cpps-2030-2035/1.3' (did you mean 'cpps-2030-2035/1.2'?)"]
    assert found[0].line == 30


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("end_year = 2035", "end_year = 2029")
        .replace('themes = ["youth"]\n\n', 'themes = ["nope"]\n\n', 1)
        .replace('kind = "official-page"', 'kind = "webpage"')
    )
    assert len(problems(tmp_path, text)) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "missing required key 'format_version'"),
        (b"\xff\xfe\x00binary\x00", "not UTF-8 text (byte 0xff)"),
        (b'format_version = 1\ntitle = "caf\xe9"\n', "not UTF-8 text (byte 0xe9)"),
        (
            b"a = " + b"[" * 5000 + b"]" * 5000,
            "TOML nested more than 48 deep (table header, dotted keys and inline arrays counted together)",
        ),
    ],
    ids=["empty", "binary", "latin-1", "deeply-nested"],
)
def test_unreadable_files_give_one_clear_problem(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(path)
    assert [p.message for p in caught.value.problems][:1] == [message]


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cppsctl.dataset.read.MAX_FILE_BYTES", 100)
    path = write(tmp_path, MINIMAL)
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(path)
    assert caught.value.problems[0].message == "file is larger than the 100 bytes limit for a dataset file"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(tmp_path / "nope.toml")
    assert str(caught.value) == f"{tmp_path / 'nope.toml'}: no such file or folder"


def test_folder_of_files_is_merged(tmp_path: Path) -> None:
    head, contract = MINIMAL.split("[[contracts]]")
    write(tmp_path, head, "a-vocabulary.toml")
    write(tmp_path, "format_version = 1\n[[contracts]]" + contract, "b-contract.toml")
    dataset = cppsctl.load(tmp_path)
    assert [c.id for c in dataset.contracts] == ["cpps-2030-2035"]
    assert [t.id for t in dataset.themes] == ["youth"]


def test_folder_with_a_symlink_loop_and_an_unreadable_file(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "a.toml")
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    found = problems_of_folder(tmp_path)
    assert any(p.path.endswith("loop.toml") and p.message.startswith("cannot read") for p in found)
    if os.geteuid() != 0:  # root reads everything
        locked = write(tmp_path, MINIMAL, "z.toml")
        locked.chmod(0)
        assert any(p.path.endswith("z.toml") for p in problems_of_folder(tmp_path))


def problems_of_folder(folder: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(folder)
    return list(caught.value.problems)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"folder holds no \.toml file"):
        cppsctl.load(tmp_path)


def test_loading_never_changes_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("end_year = 2035", "end_year = 2029"))
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(DatasetError):
        cppsctl.load(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def corpus(kind: str) -> list[Path]:
    folder = TOML_TEST / kind
    return sorted(folder.rglob("*.toml")) if folder.is_dir() else []


@pytest.mark.skipif(not corpus("invalid"), reason="../shared/testdata/toml-test is not beside the checkout")
@pytest.mark.parametrize("path", corpus("invalid"), ids=lambda p: str(p.relative_to(TOML_TEST)))
def test_toml_test_invalid_files_give_a_clean_error(path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(path)
    for problem in caught.value.problems:
        assert problem.path == str(path) and problem.message


@pytest.mark.skipif(not corpus("valid"), reason="../shared/testdata/toml-test is not beside the checkout")
@pytest.mark.parametrize("path", corpus("valid"), ids=lambda p: str(p.relative_to(TOML_TEST)))
def test_toml_test_valid_files_give_a_clean_schema_error(path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(path)
    assert caught.value.problems


def test_partial_dates_sort_as_iso_text_and_do_not_compare() -> None:
    dates = [PartialDate.parse(t) for t in ("2016-05-10", "2016", "2015-12", "2016-05")]
    assert [str(d) for d in sorted(dates, key=str)] == ["2015-12", "2016", "2016-05", "2016-05-10"]
    untyped: list[Any] = dates  # mypy already refuses `<` on PartialDate; this checks the run time
    with pytest.raises(TypeError):
        assert untyped[0] < untyped[1]  # is 2016-05-10 before 2016? Not a question: no order


# Hostile keys: a key can hold anything, terminal escape sequences included. The problem that quotes
# it shows each control character (as repr does) and points at the line and column where it is written.

OSC_52 = '"\\u001b]52;c;aGVsbG8=\\u0007"'  # as written in the file: an escape sequence that sets the clipboard


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "format_version = 1\n",
            f"format_version = 1\n{OSC_52} = 1\n",
            "2:1: ['\\x1b]52;c;aGVsbG8=\\x07']: unknown key '\\x1b]52;c;aGVsbG8=\\x07'",
        ),
        (
            'label_en = "Youth"\n',
            'label_en = "Youth"\n  "\\u001b[2J\\"q\\\\" = 1\n',
            "7:3: themes[0]['\\x1b[2J\"q\\\\']: unknown key '\\x1b[2J\"q\\\\'",
        ),
        (
            "format_version = 1\n",
            'format_version = 1\n"tab\\there".x = 1\n',
            "2:1: ['tab\\there']: unknown key 'tab\\there'",
        ),
        (
            "format_version = 1\n",
            "format_version = 1\n'a\\u001b' = 1\n",
            "2:1: ['a\\\\u001b']: unknown key 'a\\\\u001b'",
        ),
        (
            'kind = "official-page"\n',
            'kind = "official-page"\n"\\U0001F600\\u0085\\u2028" = 1\n',
            "12:1: sources[0]['😀\\x85\\u2028']: unknown key '😀\\x85\\u2028'",
        ),
    ],
    ids=["osc-52", "clear-screen-quotes-backslash", "dotted-tab", "literal", "astral-nel-line-separator"],
)
def test_a_hostile_key_is_quoted_visibly_and_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    found = problems(tmp_path, MINIMAL.replace(old, new, 1))
    said = [str(p).split(":", 1)[1] for p in found]
    assert [s for s in said if s.startswith(expected)], said
    assert all(s.isprintable() for s in said), said


@pytest.mark.parametrize("field", ['["signed_on"]', "{a = 1}", "1", '[["kind"]]'])
def test_an_inference_on_a_field_that_is_not_a_string_is_a_problem_not_a_type_error(tmp_path: Path, field: str) -> None:
    """Found by the fuzzer (values nested around the bound): the inference check hashed a list."""
    text = MINIMAL.replace(
        'sources = ["src"]\n', f'sources = ["src"]\n\n[[contracts.inferences]]\nfield = {field}\nnote = "x"\n'
    )
    text = text.replace("\n[[contracts.priorities]]", "\n[[contracts.priorities]]", 1)
    found = problems(tmp_path, text)
    assert any("inferences[0].field" in p.where for p in found), found


def test_line_separators_inside_strings_do_not_shift_the_lines(tmp_path: Path) -> None:
    """U+2028, U+2029 and U+0085 may be written raw in a TOML string; only LF ends a line."""
    text = MINIMAL.replace('label_fr = "Jeunesse"', 'label_fr = "Jeu\u2028nes\x85se\u2029"').replace(
        'kind = "official-page"', 'kind = "webpage"'
    )
    assert only(tmp_path, text).startswith("11:1: sources[0].kind: 'webpage' is not one of")


@settings(max_examples=FUZZ_CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(key=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12))
def test_any_unknown_key_is_located_and_shown_visibly(tmp_path_factory: pytest.TempPathFactory, key: str) -> None:
    assume(key not in {"id", "label_fr", "label_en", "description"})
    text = MINIMAL.replace('label_en = "Youth"\n', f'label_en = "Youth"\n{_toml_string(key)} = 1\n', 1)
    path = tmp_path_factory.mktemp("key") / "data.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(path)
    [problem] = [p for p in caught.value.problems if "unknown key" in p.message]
    assert (problem.line, problem.column) == (7, 1)
    assert problem.message.startswith(f"unknown key {key!r}")
    assert str(problem).split(":", 1)[1].isprintable()
