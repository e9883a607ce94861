"""Read a seed's sidecar: the editorial decisions kept beside the seed.

The seed is never edited by hand; `seeds/<name>.toml` says what the plain
text cannot: the title, bibliographic metadata, where the closing starts,
headings for the signatory groups and anchors for notes that lost theirs.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from toolkit.document.model import Metadata, Segment
from toolkit.errors import ToolkitError
from toolkit.files import decode_utf8, read_input

DEFAULT_LABELS = {
    "notes": "Notes",
    "contents": "Contents",
    "back": "Back to the text",
    "accessibility": (
        "This publication meets the requirements of EPUB Accessibility 1.1 and WCAG 2.2 Level AA. Its"
        " language is declared, its headings and table of contents let you move through it, any image is"
        " described in words, and its notes are numbered and linked to and from the text."
    ),
}
"""Words the editions add, in the source language; the sidecar may reword them."""
LABEL_USES = {
    "notes": "the heading of the notes",
    "contents": "the heading of the ebook's table of contents",
    "back": "the name a screen reader gives the link from a note back to its place in the text",
    "accessibility": "the ebook's accessibility summary, shown by reading systems and bookshops",
}
"""What each label is, for the translator."""
GIVEN = {
    "title": "Title of the document, from the sidecar.",
    "creator": "Author of the document, as the editions credit it; from the sidecar.",
    "publisher": "Publisher of the editions, as its name is written in your language.",
    "description": "What the document is, in a sentence: the ebook's description and the web page's summary.",
}
"""The segments a sidecar may give, each once per document (its key is fixed), and what each is, for the translator."""


class TextAt(msgspec.Struct, frozen=True):
    """A string from the sidecar and the line it stands on."""

    text: str
    line: int
    """0 for a default the sidecar does not set: no line of any file gives it."""


class GroupSpec(msgspec.Struct, frozen=True):
    """What the sidecar says about one signatory group."""

    id: str
    heading: TextAt | None


class Sidecar(msgspec.Struct, frozen=True):
    """Editorial decisions for one seed."""

    path: str
    metadata: Metadata
    title: TextAt | None = None
    creator: TextAt | None = None
    publisher: TextAt | None = None
    description: TextAt | None = None
    labels: tuple[tuple[str, TextAt], ...] = ()
    closing: TextAt | None = None
    """Opening words of the first closing paragraph."""
    groups: tuple[GroupSpec, ...] = ()
    anchors: tuple[tuple[int, TextAt], ...] = ()
    """(note number, text the reference goes right after)."""
    lost: tuple[int, ...] = ()
    """Notes the editor knows are missing from the seed (`[notes.5] lost = "why"`): no warning for them."""
    declares_language: bool = False
    """Whether `[document] source_lang` is set; else the metadata's is English by default."""

    def given(self, key: str) -> Segment | None:
        """The segment KEY (`title`, `creator`, `publisher` or `description`) as the sidecar gives it, if it does.

        Every reader takes these from here, so a seed of any format gets the
        same entries, with the same comments, from the same sidecar.
        """
        text: TextAt | None = getattr(self, key)
        return Segment(key, (text.text,), text.line, GIVEN[key], self.path) if text else None

    def label_segments(self, source_lang: str = "en") -> tuple[Segment, ...]:
        """The words the editions add (`label:notes`...), as the sidecar rewords them or by default.

        A default has no source: its catalog entry gets no reference, as no
        file holds it. It is English: in a seed in SOURCE_LANG, another
        language, it says so (`Segment.lang`), and an edition that prints it
        marks it English, for a screen reader to speak it as such.
        """
        from toolkit.locales import same_language

        english = "" if same_language(source_lang, "en") else "en"
        return tuple(
            Segment(
                f"label:{name}",
                (text.text,),
                text.line,
                f"Label the editions add: {LABEL_USES[name]}.",
                self.path if text.line else "",
                "" if text.line else english,
            )
            for name, text in self.labels
        )


# -- The shape of a sidecar: what each key must hold --------------------------

Rule = Callable[[Any], str | None]
"""A check of a value of the right type: what is wrong with it, or None."""


class Shape(msgspec.Struct, frozen=True):
    """What one value of the sidecar must be; `SHAPE` is the whole sidecar, as a table of these."""

    types: tuple[type, ...]
    expected: str
    """The value as messages describe it: `a non-empty string`, `a table: [regions]`."""
    keys: Mapping[str, Shape] = msgspec.field(default_factory=dict)
    """The keys a table may have, each with its shape."""
    each: Shape | None = None
    """The shape of every item of an array, or of every value of a table whose keys are free ([regions])."""
    name: Rule | None = None
    """A check of each key of a table whose keys are free ([notes.7])."""
    rule: Rule | None = None


def _non_empty(value: str) -> str | None:
    return None if value.strip() else "is empty"


def _iso_date(value: str) -> str | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            datetime.date.fromisoformat(value)
            return None
    except ValueError:
        pass
    return f'is {value!r}, not a date; write it YYYY-MM-DD, as "2018-12-07"'


def _version(value: str) -> str | None:
    # It names the release's folder, its zip and every file in them.
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", value) and ".." not in value:
        return None
    return (
        f"is {value!r}, which cannot be part of a file name; use letters, digits, '.', '-', '+' and '_', as \"1.0.0\""
    )


def _lang_code(value: str) -> str | None:
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*", value):
        return None
    return f'is {value!r}, not a language code such as "en" or "pt_BR"'


def _territory(value: str) -> str | None:
    return None if re.fullmatch(r"[A-Z]{2}|[0-9]{3}", value) else f'is {value!r}, not a territory code such as "MX"'


def _pair(value: str) -> str | None:
    return None if value.count("+") == 1 else f'is {value!r}, not a pair of languages, as "es+en"'


def _note_label(label: str) -> str | None:
    return (
        None if label.isascii() and label.isdigit() else "is not a number; a note is named by its number, as [notes.7]"
    )


def _one_of_after_or_lost(note: dict[str, Any]) -> str | None:
    return None if len(note) == 1 else 'takes one of after = "text the reference follows" or lost = "why"'


def _one_line(value: str) -> str | None:
    return "is empty" if not value.strip() else "holds more than one line" if "\n" in value.strip() else None


_NOT_DOCUMENT = ("regions", "bilingual", "addressees_end", "fonts", "credit_omitted")
"""Fields of the metadata set from other tables than [document]."""
_TEXT = Shape((str,), "a string")
_LINE = Shape((str,), "a non-empty string", rule=_non_empty)

SHAPE = Shape(
    (dict,),
    "a table",
    keys={
        "document": Shape(
            (dict,),
            "a table: [document]",
            keys={
                **{name: _TEXT for name in Metadata.__struct_fields__ if name not in _NOT_DOCUMENT},
                "title": _LINE,
                "creator": _LINE,
                "description": _LINE,
                "closing": _LINE,
                "source_lang": Shape((str,), 'a string, as source_lang = "en"', rule=_lang_code),
                "date": Shape((str,), 'a string, as date = "2018-12-07"', rule=_iso_date),
                "version": Shape((str,), 'a string, as version = "1.0.0"', rule=_version),
            },
        ),
        "labels": Shape((dict,), "a table: [labels]", keys={name: _LINE for name in DEFAULT_LABELS}),
        "regions": Shape(
            (dict,), "a table: [regions]", each=Shape((str,), 'a territory code such as "MX"', rule=_territory)
        ),
        "fonts": Shape(
            (dict,),
            "a table: [fonts]",
            each=Shape((str,), 'a font family, as "Noto Serif CJK JP"', rule=_non_empty),
        ),
        "editions": Shape(
            (dict,),
            "a table: [editions]",
            keys={
                "bilingual": Shape(
                    (list,),
                    'a list of pairs of languages, as ["es+en"]',
                    each=Shape((str,), 'a pair, as "es+en"', rule=_pair),
                )
            },
        ),
        "credit": Shape(
            (dict,),
            'a table: [credit] omit = "why"',
            keys={"omit": _LINE},
        ),
        "addressees": Shape(
            (dict,),
            "a table: [addressees]",
            keys={
                "end": Shape(
                    (dict,),
                    'a table of a line per language: [addressees.end] es = "PRESENTES"',
                    each=Shape((str,), "one line of text", rule=_one_line),
                )
            },
        ),
        "signatories": Shape(
            (list,),
            "an array of tables: [[signatories]]",
            each=Shape(
                (dict,),
                "a table: [[signatories]]",
                keys={
                    "id": Shape((str, int), "a name or a number", rule=lambda v: _non_empty(str(v))),
                    "heading": _LINE,
                },
            ),
        ),
        "notes": Shape(
            (dict,),
            "a table of notes: [notes.7]",
            name=_note_label,
            each=Shape((dict,), "a table: [notes.7]", keys={"after": _LINE, "lost": _LINE}, rule=_one_of_after_or_lost),
        ),
    },
)
"""Every key a sidecar may hold and what it must be. A new key is one more entry here."""


def _named(path: tuple[str | int, ...]) -> str:
    """How messages name the value at PATH: `[document] title`, `[notes.3] after`, `[[signatories]] 2 heading`."""
    if not path:
        return "the sidecar"
    head, rest = path[0], path[1:]
    if head in ("notes", "addressees") and rest:
        table, rest = f"[{head}.{_key(rest[0], quote=False)}]", rest[1:]
    elif head == "signatories" and rest:
        table, rest = f"[[signatories]] {int(rest[0]) + 1}", rest[1:]
    else:
        table = str(head) if not rest else f"[{_key(head, quote=False)}]"
    return " ".join([table, *(f"item {part + 1}" if isinstance(part, int) else _key(part, False) for part in rest)])


def _key(key: str | int, quote: bool = True) -> str:
    r"""KEY as a message shows it: quoted when asked, escaped when it is not a plain name (a newline stays `\n`)."""
    plain = str(key)
    if re.fullmatch(r"[\w+-]+", plain):
        return f"'{plain}'" if quote else plain
    return repr(plain)


def _table_named(path: tuple[str | int, ...]) -> str:
    return "the top level" if not path else f"[{path[0]}]" if len(path) == 1 else _named(path)


def _shape_problems(
    value: Any, shape: Shape, path: tuple[str | int, ...], where: _Locator
) -> Iterator[tuple[int, str]]:
    """(line, message) for each value of the sidecar that does not have its SHAPE, all of them."""
    if not isinstance(value, shape.types) or (isinstance(value, bool) and bool not in shape.types):
        yield where.line(path), f"{_named(path)} must be {shape.expected}, not {_toml_type(value)}"
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if shape.name is not None and (problem := shape.name(key)) is not None:
                yield where.line((*path, key)), f"{_named((*path, key))} {problem}"
                continue
            child = shape.keys.get(key, shape.each)
            if child is None:
                expected = ", ".join(sorted(shape.keys))
                yield (
                    where.line((*path, key)),
                    f"unknown key {_key(key)} in {_table_named(path)}; expected one of: {expected}",
                )
                continue
            yield from _shape_problems(item, child, (*path, key), where)
    elif isinstance(value, list) and shape.each is not None:
        for index, item in enumerate(value):
            yield from _shape_problems(item, shape.each, (*path, index), where)
    if shape.rule is not None and (problem := shape.rule(value)) is not None:
        yield where.line(path), f"{_named(path)} {problem}"


def _toml_type(value: Any) -> str:
    for kind, name in (
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        (list, "an array"),
        (dict, "a table"),
        (datetime.datetime, "a date-time"),
        (datetime.date, "a date"),
        (datetime.time, "a time"),
    ):
        if isinstance(value, kind):
            return name if not (kind is str and not value) else "an empty string"
    return type(value).__name__


class _Locator:
    """The line of a value of the sidecar, found from its table headers and `key =` lines."""

    _HEADER = re.compile(r"^\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.sections: list[tuple[tuple[str | int, ...], int, int]] = []
        """(the path a table header opens, its line, the line of the next header)."""
        counts: dict[tuple[str, ...], int] = {}
        opened: list[tuple[tuple[str | int, ...], int]] = []
        for number, text in enumerate(lines, 1):
            found = self._HEADER.match(text.strip())
            if not found:
                continue
            names = tuple(part.strip().strip("\"'") for part in found.group(2).split("."))
            if found.group(1):  # [[array]]: the nth table of it
                counts[names] = counts.get(names, -1) + 1
                opened.append(((*names, counts[names]), number))
            else:
                opened.append((names, number))
        ends = [number for _, number in opened[1:]] + ([len(lines) + 1] if opened else [])
        self.sections = [((), 0, opened[0][1] if opened else len(lines) + 1)]
        self.sections += [(path, number, end) for (path, number), end in zip(opened, ends, strict=True)]

    def line(self, path: tuple[str | int, ...]) -> int:
        """The line that sets the value at PATH, else of its table, else 1."""
        best: tuple[tuple[str | int, ...], int, int] | None = None
        for section in self.sections:
            if path[: len(section[0])] == section[0] and (best is None or len(section[0]) > len(best[0])):
                best = section
        if best is None:
            return 1
        prefix, start, end = best
        rest = path[len(prefix) :]
        if rest:
            key = re.compile(rf"^[\"']?{re.escape(str(rest[0]))}[\"']?\s*[=.]")
            for number in range(max(start, 1), min(end, len(self.lines) + 1)):
                if key.match(self.lines[number - 1].strip()):
                    return number
        return max(start, 1)


def sidecar_path(seed: Path) -> Path:
    """Return where the sidecar of SEED lives."""
    return seed.with_suffix(".toml")


def read_sidecar(path: Path, shown_as: str) -> Sidecar:
    """Read the sidecar at PATH; a missing file means no decisions yet.

    Raises:
        ToolkitError: the file is unreadable or not TOML; or, all in one error, every key
            unknown and every value not of its shape (`SHAPE`).
    """
    if not path.exists():
        return Sidecar(
            path=shown_as, metadata=Metadata(), labels=tuple((n, TextAt(t, 0)) for n, t in DEFAULT_LABELS.items())
        )
    raw = decode_utf8(
        read_input(path, shown_as, "sidecar", "no such sidecar"), shown_as, "the sidecar is not UTF-8 text"
    )
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(found.group(1)) if found else max(len(raw.splitlines()), 1)
        message = re.sub(r"\s*\(at (line|end of document).*\)$", "", str(error))
        raise ToolkitError(f"not valid TOML: {message}", shown_as, line) from None
    return _interpret(data, raw, shown_as)


def _interpret(data: dict[str, Any], raw: str, shown_as: str) -> Sidecar:
    """The sidecar DATA (read from RAW) as a `Sidecar`, once every key has its shape."""
    where = _Locator(raw.splitlines())
    _refuse_misshapen(data, where, shown_as)
    document = data.get("document", {})
    notes = data.get("notes", {})
    return Sidecar(
        path=shown_as,
        metadata=_metadata(data),
        title=_text_at(document, ("document", "title"), where),
        creator=_text_at(document, ("document", "creator"), where),
        publisher=_text_at(document, ("document", "publisher"), where),
        description=_text_at(document, ("document", "description"), where),
        labels=_labels(data.get("labels", {}), where),
        closing=_text_at(document, ("document", "closing"), where),
        groups=_groups(data.get("signatories", []), where),
        anchors=tuple(sorted(_anchors(notes, where))),
        lost=tuple(sorted(int(label) for label, note in notes.items() if "lost" in note)),
        declares_language="source_lang" in document,
    )


def _refuse_misshapen(data: dict[str, Any], where: _Locator, shown_as: str) -> None:
    """Raise one error naming every value of DATA that does not have its shape, if any."""
    problems = sorted(_shape_problems(data, SHAPE, (), where))
    if problems:
        (line, message), rest = problems[0], problems[1:]
        # Every problem at once, on one line: the editor fixes them in one pass.
        raise ToolkitError(message + "".join(f"; {shown_as}:{n}: {m}" for n, m in rest), shown_as, line)


def _text_at(table: Mapping[str, Any], path: tuple[str | int, ...], where: _Locator) -> TextAt | None:
    """The string TABLE holds under the last key of PATH, on one line, with the line that sets it; None if unset."""
    value = table.get(str(path[-1]))
    return None if value is None else TextAt(" ".join(value.split()), where.line(path))


def _metadata(data: dict[str, Any]) -> Metadata:
    """The bibliographic [document] fields, with what [regions], [editions], [addressees], [credit], [fonts] add."""
    document = data.get("document", {})
    return Metadata(
        **{k: v for k, v in document.items() if k in Metadata.__struct_fields__},
        regions=tuple(sorted(data.get("regions", {}).items())),
        bilingual=tuple(data.get("editions", {}).get("bilingual", [])),
        addressees_end=tuple(
            sorted((lang, line.strip()) for lang, line in data.get("addressees", {}).get("end", {}).items())
        ),
        credit_omitted=data.get("credit", {}).get("omit", ""),
        fonts=tuple(sorted((lang, family.strip()) for lang, family in data.get("fonts", {}).items())),
    )


def _labels(table: dict[str, str], where: _Locator) -> tuple[tuple[str, TextAt], ...]:
    """Every label, as [labels] rewords it or else its default."""
    return tuple(
        (name, _text_at(table, ("labels", name), where) or TextAt(default, 0))
        for name, default in DEFAULT_LABELS.items()
    )


def _groups(tables: list[dict[str, Any]], where: _Locator) -> tuple[GroupSpec, ...]:
    """Each [[signatories]] table: its id (by default its place, from 1) and its heading."""
    return tuple(
        GroupSpec(id=str(group.get("id", index + 1)), heading=_text_at(group, ("signatories", index, "heading"), where))
        for index, group in enumerate(tables)
    )


def _anchors(notes: dict[str, dict[str, str]], where: _Locator) -> Iterator[tuple[int, TextAt]]:
    """(number, the text its reference goes after, at the note's header) for each [notes.N] with `after`."""
    for label, note in notes.items():
        if "after" in note:
            yield int(label), TextAt(" ".join(note["after"].split()), where.line(("notes", label)))
