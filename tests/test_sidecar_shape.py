"""The sidecar's shape: every key of the wrong type is one line naming the file and line, all of them at once."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.document.readers.plaintext import read_seed
from toolkit.document.sidecar import SHAPE, Shape, TextAt, read_sidecar
from toolkit.errors import ToolkitError

from .conftest import REPO, Run, snapshot

LETTER_SIDECAR = tomllib.loads((REPO / "seeds" / "letter.toml").read_text("utf-8"))


def _literal(value: Any) -> str:
    """VALUE as a TOML literal (tables inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_literal(v)}" for k, v in value.items()) + "}"


def to_toml(data: dict[str, Any]) -> str:
    """DATA as a sidecar is written: top-level values, then [tables], [[arrays of tables]] and [notes.N]."""
    out = [f"{json.dumps(k, ensure_ascii=False)} = {_literal(v)}" for k, v in data.items() if not _is_table(v)]
    for name, value in data.items():
        if isinstance(value, dict) and name == "notes" and all(isinstance(v, dict) for v in value.values()):
            for label, note in value.items():
                out.append(f"\n[notes.{json.dumps(label, ensure_ascii=False)}]")
                out += [f"{json.dumps(k, ensure_ascii=False)} = {_literal(v)}" for k, v in note.items()]
        elif isinstance(value, dict):
            out.append(f"\n[{json.dumps(name)}]")
            out += [f"{json.dumps(k, ensure_ascii=False)} = {_literal(v)}" for k, v in value.items()]
        elif _is_table(value):
            for table in value:
                out.append(f"\n[[{json.dumps(name)}]]")
                out += [f"{json.dumps(k, ensure_ascii=False)} = {_literal(v)}" for k, v in table.items()]
    return "\n".join(out) + "\n"


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)
    )


def _paths(shape: Shape, data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place of the letter's sidecar a value can go, by its shape."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, item in data.items():
            child = shape.keys.get(key, shape.each)
            if child is not None:
                found += _paths(child, item, (*path, key))
        found += [(*path, key) for key in shape.keys if key not in data]
    elif isinstance(data, list) and shape.each is not None:
        for index, item in enumerate(data):
            found += _paths(shape.each, item, (*path, index))
    return found


PATHS = _paths(SHAPE, LETTER_SIDECAR)

scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["", " ", "MX", "es+en", "2018-13-45", "../x", "1.0\n", "[^1]", "x/y"]),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, list):
        copy = list(data)
        copy[head] = _replace(copy[head], rest, value)
        return copy
    return {**data, head: _replace(data.get(head, {}), rest, value)}


def _seed_with(tmp_path: Path, sidecar: str) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "letter.txt").write_bytes((REPO / "seeds" / "letter.txt").read_bytes())
    (seeds / "letter.toml").write_text(sidecar, "utf-8")
    return seeds / "letter.txt"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PATHS), value=values)
def test_any_value_anywhere_is_read_or_refused_in_one_line(tmp_path: Path, place: tuple[Any, ...], value: Any):
    sidecar = to_toml(_replace(LETTER_SIDECAR, place, value))
    seed = _seed_with(tmp_path, sidecar)
    try:
        read_seed(seed, tmp_path)
    except ToolkitError as error:
        assert error.path == "seeds/letter.toml" or error.path == "seeds/letter.txt", error
        assert error.line is not None and 1 <= error.line <= sidecar.count("\n") + 1, error
        assert "\n" not in str(error) and "\r" not in str(error), error


WRONG = {
    "notes = 5": "seeds/letter.toml:1: notes must be a table of notes: [notes.7], not an integer",
    'regions = "MX"': "seeds/letter.toml:1: regions must be a table: [regions], not a string",
    'document = ""': "seeds/letter.toml:1: document must be a table: [document], not an empty string",
    "labels = []": "seeds/letter.toml:1: labels must be a table: [labels], not an array",
    "signatories = 5": "seeds/letter.toml:1: signatories must be an array of tables: [[signatories]], not an integer",
    "[document]\ntitle = 5": "seeds/letter.toml:2: [document] title must be a non-empty string, not an integer",
    "[notes]\n3 = 5": "seeds/letter.toml:2: [notes.3] must be a table: [notes.7], not an integer",
    "[[signatories]]\nheading = []": "seeds/letter.toml:2: [[signatories]] 1 heading must be a non-empty string",
    "[editions]\nbilingual = [5]": "seeds/letter.toml:2: [editions] bilingual item 1 must be a pair",
}


@pytest.mark.parametrize("sidecar", WRONG)
def test_a_value_of_the_wrong_type_is_one_error_line(appeal_project: Path, run: Run, sidecar: str):
    (appeal_project / "seeds" / "appeal.toml").write_text(sidecar + "\n", "utf-8")
    before = snapshot(appeal_project)
    result = run(appeal_project, "extract")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: {WRONG[sidecar].replace('letter', 'appeal')}")
    assert snapshot(appeal_project) == before


def test_every_problem_is_reported_at_once_with_its_line(tmp_path: Path):
    sidecar = '[document]\ndate = "2018-13-45"\nversion = "../1.0"\n\n[regions]\nes = "mx"\n'
    with pytest.raises(ToolkitError) as raised:
        read_seed(_seed_with(tmp_path, sidecar), tmp_path)
    assert str(raised.value) == (
        "seeds/letter.toml:2: [document] date is '2018-13-45', not a date; write it YYYY-MM-DD, as \"2018-12-07\"; "
        "seeds/letter.toml:3: [document] version is '../1.0', which cannot be part of a file name; "
        "use letters, digits, '.', '-', '+' and '_', as \"1.0.0\"; "
        "seeds/letter.toml:6: [regions] es is 'mx', not a territory code such as \"MX\""
    )


@pytest.mark.parametrize("version", ["1.0/2", "..", "1.0\n2", "-rc", "1 0"])
def test_a_version_that_cannot_name_a_file_is_refused(tmp_path: Path, version: str):
    sidecar = f"[document]\n\nversion = {json.dumps(version)}\n"
    with pytest.raises(ToolkitError, match=r"^seeds/letter.toml:3: \[document\] version is .* file name"):
        read_seed(_seed_with(tmp_path, sidecar), tmp_path)


def test_the_source_language_must_be_a_language_code(tmp_path: Path):
    with pytest.raises(
        ToolkitError, match=r"^seeds/letter.toml:2: \[document\] source_lang is 'en\\n', not a language"
    ):
        read_seed(_seed_with(tmp_path, '[document]\nsource_lang = "en\\n"\n'), tmp_path)


@pytest.mark.parametrize("label", ["x", "²", "1.5", "-1"])
def test_a_note_is_named_by_its_number(tmp_path: Path, label: str):
    sidecar = f'[notes]\n"{label}" = {{ lost = "why" }}\n'
    with pytest.raises(ToolkitError, match=r"^seeds/letter.toml:2: \[notes\..*\] is not a number"):
        read_seed(_seed_with(tmp_path, sidecar), tmp_path)


def test_each_value_is_placed_on_the_line_that_sets_it(tmp_path: Path):
    # The lines the shape errors name are the lines catalogs cite (`#: seeds/letter.toml:3`):
    # a commented table header, an inline table and a dotted key are found too.
    sidecar = tmp_path / "letter.toml"
    sidecar.write_text(
        'document = { title = "T" }\n'
        '[[signatories]]  # Mexico\nheading = "A"\n\n[[signatories]]\nheading = "B"\n'
        '[notes]\n7.after = "x"\n',
        "utf-8",
    )
    read = read_sidecar(sidecar, "seeds/letter.toml")
    assert read.title == TextAt("T", 1)
    assert [group.heading for group in read.groups] == [TextAt("A", 3), TextAt("B", 6)]
    assert read.anchors == ((7, TextAt("x", 8)),)
