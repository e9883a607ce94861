"""Read a seed's sidecar: the editorial decisions kept beside the seed.

The seed is never edited by hand; `seeds/<name>.toml` says what the plain
text cannot: the title, bibliographic metadata, where the closing starts,
headings for the signatory groups and anchors for notes that lost theirs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.document.model import Metadata
from toolkit.errors import ToolkitError
from toolkit.files import decode_utf8, read_input

_DOCUMENT_KEYS = {"title", "creator", "closing", *Metadata.__dataclass_fields__} - {
    "regions",
    "bilingual",
    "addressees_end",
}
DEFAULT_LABELS = {"notes": "Notes"}
"""Words the editions add, in the source language; the sidecar may reword them."""
_GROUP_KEYS = {"id", "heading"}
_NOTE_KEYS = {"after", "lost"}


@dataclass(frozen=True, slots=True)
class TextAt:
    """A string from the sidecar and the line it stands on."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """What the sidecar says about one signatory group."""

    id: str
    heading: TextAt | None


@dataclass(frozen=True, slots=True)
class Sidecar:
    """Editorial decisions for one seed."""

    path: str
    metadata: Metadata
    title: TextAt | None = None
    creator: TextAt | None = None
    labels: tuple[tuple[str, TextAt], ...] = ()
    closing: TextAt | None = None
    """Opening words of the first closing paragraph."""
    groups: tuple[GroupSpec, ...] = ()
    anchors: tuple[tuple[int, TextAt], ...] = ()
    lost: tuple[int, ...] = ()
    """Notes the editor knows are missing from the seed (`[notes.5] lost = "why"`): no warning for them."""
    """(note number, text the reference goes right after)."""


def sidecar_path(seed: Path) -> Path:
    """Return where the sidecar of SEED lives."""
    return seed.with_suffix(".toml")


def read_sidecar(path: Path, shown_as: str) -> Sidecar:
    """Read the sidecar at PATH; a missing file means no decisions yet.

    Raises:
        ToolkitError: the file is unreadable, not TOML, or has unknown keys.
    """
    if not path.exists():
        return Sidecar(
            path=shown_as, metadata=Metadata(), labels=tuple((n, TextAt(t, 1)) for n, t in DEFAULT_LABELS.items())
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
    lines = raw.splitlines()

    def line_of(pattern: str, occurrence: int = 0) -> int:
        hits = [n for n, text in enumerate(lines, 1) if re.match(pattern, text.strip())]
        return hits[occurrence] if occurrence < len(hits) else 1

    def fail(message: str, pattern: str, occurrence: int = 0) -> ToolkitError:
        return ToolkitError(message, shown_as, line_of(pattern, occurrence))

    _check_keys(
        data, {"document", "labels", "regions", "editions", "addressees", "signatories", "notes"}, "top level", fail
    )
    document = data.get("document", {})
    _check_keys(document, _DOCUMENT_KEYS, "[document]", fail)
    for name, value in document.items():
        if not isinstance(value, str):
            raise fail(f"[document] {name} must be a string", rf"{name}\s*=")
    regions = data.get("regions", {})
    for lang, territory in regions.items():
        if not (isinstance(territory, str) and re.fullmatch(r"[A-Z]{2}|[0-9]{3}", territory)):
            raise fail(f'[regions] {lang} must be a territory code such as "MX"', rf"{re.escape(lang)}\s*=")
    editions = data.get("editions", {})
    _check_keys(editions, {"bilingual"}, "[editions]", fail)
    bilingual = editions.get("bilingual", [])
    if not isinstance(bilingual, list) or not all(isinstance(p, str) and p.count("+") == 1 for p in bilingual):
        raise fail('[editions] bilingual lists pairs of languages, as ["es+en"]', r"bilingual\s*=")
    addressees = data.get("addressees", {})
    if not isinstance(addressees, dict):
        raise fail("[addressees] must be a table", r"addressees\s*=")
    _check_keys(addressees, {"end"}, "[addressees]", fail)
    ends = addressees.get("end", {})
    if not isinstance(ends, dict):
        raise fail('[addressees.end] gives a line per language, as es = "PRESENTES"', r"end\s*=")
    for lang, line in ends.items():
        if not (isinstance(line, str) and line.strip() and "\n" not in line.strip()):
            raise fail(f"[addressees.end] {lang} must be one line of text", rf"{re.escape(lang)}\s*=")
    metadata = Metadata(
        **{k: v for k, v in document.items() if k in Metadata.__dataclass_fields__},
        regions=tuple(sorted(regions.items())),
        bilingual=tuple(bilingual),
        addressees_end=tuple(sorted((lang, line.strip()) for lang, line in ends.items())),
    )

    def text_at(table: dict[str, Any], name: str, pattern: str, occurrence: int = 0) -> TextAt | None:
        value = table.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{name} must be a non-empty string", pattern, occurrence)
        return TextAt(" ".join(value.split()), line_of(pattern, occurrence))

    groups = []
    for index, group in enumerate(data.get("signatories", [])):
        if not isinstance(group, dict):
            raise fail("signatories must be an array of tables: [[signatories]]", r"signatories")
        _check_keys(group, _GROUP_KEYS, "[[signatories]]", fail)
        heading_line = [n for n, t in enumerate(lines, 1) if t.strip() == "[[signatories]]"]
        start = heading_line[index] if index < len(heading_line) else 1
        heading = group.get("heading")
        groups.append(
            GroupSpec(
                id=str(group.get("id", index + 1)),
                heading=TextAt(" ".join(heading.split()), _line_after(lines, start, r"heading\s*="))
                if isinstance(heading, str)
                else None,
            )
        )

    anchors = []
    lost = []
    for label, note in data.get("notes", {}).items():
        pattern = rf"\[notes\.{re.escape(label)}\]"
        if not label.isdigit() or not isinstance(note, dict):
            raise fail(f"[notes.{label}]: a note is named by its number, as [notes.7]", pattern)
        _check_keys(note, _NOTE_KEYS, f"[notes.{label}]", fail)
        if len(note) != 1:
            raise fail(f'[notes.{label}] takes one of after = "text the reference follows" or lost = "why"', pattern)
        if "lost" in note:
            text_at(note, "lost", pattern)  # a reason, for the next editor
            lost.append(int(label))
            continue
        after = text_at(note, "after", pattern)
        assert after is not None
        anchors.append((int(label), TextAt(after.text, line_of(pattern))))

    labels_table = data.get("labels", {})
    _check_keys(labels_table, set(DEFAULT_LABELS), "[labels]", fail)
    labels = tuple(
        (name, text_at(labels_table, name, rf"{name}\s*=") or TextAt(default, line_of(r"\[labels\]")))
        for name, default in DEFAULT_LABELS.items()
    )

    return Sidecar(
        path=shown_as,
        creator=text_at(document, "creator", r"creator\s*="),
        labels=labels,
        metadata=metadata,
        title=text_at(document, "title", r"title\s*="),
        closing=text_at(document, "closing", r"closing\s*="),
        groups=tuple(groups),
        anchors=tuple(sorted(anchors)),
        lost=tuple(sorted(lost)),
    )


def _line_after(lines: list[str], start: int, pattern: str) -> int:
    for number in range(start, len(lines) + 1):
        if re.match(pattern, lines[number - 1].strip()):
            return number
    return start


def _check_keys(table: dict[str, Any], allowed: set[str], where: str, fail: Any) -> None:
    for key in table:
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            raise fail(f"unknown key '{key}' in {where}; expected one of: {expected}", rf"{re.escape(key)}\b")
