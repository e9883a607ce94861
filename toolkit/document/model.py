"""The document model: what a seed means, independent of its plain-text form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote reference inside running text."""

    number: int


Inline = str | NoteRef
"""A run of inline content: plain text or a footnote reference, never markup."""

NOTE_TOKEN = re.compile(r"\[\^(\d+)\]")
"""How a footnote reference is written in a catalog: `[^7]`."""

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)
)
"""Unicode's 66 noncharacters, as a regex class body: U+FDD0-U+FDEF and the last two code points of every plane."""

UNSAFE_CHARS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{NONCHARACTERS}]")
"""Control characters (tab and newline aside), bidirectional embeddings, overrides and isolates, and noncharacters.

Invisible, they can reorder what a reader sees (CVE-2021-42574, "Trojan
Source") or make an edition's XML invalid (XML forbids U+FFFE and U+FFFF,
and C0 controls; it discourages C1 controls and the other noncharacters,
which EPUBCheck refuses); no edition prints them.
"""


def inline_to_text(content: tuple[Inline, ...]) -> str:
    """Write inline content in catalog form, notes as `[^n]` tokens.

    >>> inline_to_text(("dollars", NoteRef(8), " for"))
    'dollars[^8] for'
    """
    return "".join(f"[^{run.number}]" if isinstance(run, NoteRef) else run for run in content)


def text_to_inline(text: str) -> tuple[Inline, ...]:
    """Read catalog form back into inline content.

    >>> text_to_inline("dollars[^8] for")
    ('dollars', NoteRef(number=8), ' for')
    """
    return split_note_refs(text, NOTE_TOKEN)


def split_note_refs(text: str, marker: re.Pattern[str]) -> tuple[Inline, ...]:
    r"""Split TEXT into text runs and note references where MARKER (group 1: the number) matches.

    >>> split_note_refs("dollars [8] for", re.compile(r"\s*\[(\d+)\]"))
    ('dollars', NoteRef(number=8), ' for')
    """
    runs: list[Inline] = []
    position = 0
    for match in marker.finditer(text):
        if match.start() > position:
            runs.append(text[position : match.start()])
        runs.append(NoteRef(int(match.group(1))))
        position = match.end()
    if position < len(text):
        runs.append(text[position:])
    return tuple(runs)


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit, keyed so it survives edits to the seed."""

    key: str
    """Stable id derived from the structure; becomes the PO msgctxt."""
    content: tuple[Inline, ...]
    """Text runs and note references."""
    line: int
    """Line of the seed (or sidecar) the text comes from."""
    comment: str
    """What the unit is and how to treat it, for the translator."""
    source: str
    """Project-relative path of the file the text comes from."""

    @property
    def text(self) -> str:
        """The catalog form of the content, with `[^n]` note tokens."""
        return inline_to_text(self.content)

    @property
    def note_refs(self) -> tuple[int, ...]:
        """Numbers of the notes referenced, in reading order."""
        return tuple(run.number for run in self.content if isinstance(run, NoteRef))


class BlockKind(Enum):
    """Kinds of block in the running text of a letter."""

    PARAGRAPH = "paragraph"
    """A paragraph of prose."""
    LIST_ITEM = "item"
    """An item of a numbered list; consecutive items form one list."""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or list item of the body or closing."""

    kind: BlockKind
    segment: Segment
    number: int | None = None
    """The item's number, for list items."""


@dataclass(frozen=True, slots=True)
class Addressee:
    """A person the letter is addressed to."""

    name: Segment
    role: Segment


@dataclass(frozen=True, slots=True)
class SignatoryGroup:
    """A group of signatory organisations, with an optional heading."""

    heading: Segment | None
    organisations: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote: its number and its paragraphs."""

    number: int
    paragraphs: tuple[Segment, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Metadata:
    """Bibliographic data an editor sets in the sidecar."""

    source_lang: str = "en"
    publisher: str = ""
    date: str = ""
    """Publication date, ISO 8601 (YYYY-MM-DD)."""
    version: str = "1.0.0"
    rights: str = ""
    regions: tuple[tuple[str, str], ...] = ()
    """(language, territory) pairs: whose readers each edition is for (`es` -> `MX`)."""
    bilingual: tuple[str, ...] = ()
    """Bilingual editions a release includes, as `es+en`."""
    addressees_end: tuple[tuple[str, str], ...] = ()
    """(language, line) pairs: a line closing the addressee block in that language's editions only.

    A Mexican letter's addressees end with "PRESENTES", which English has no
    word for; the line is the editor's, per language, and never a catalog entry.
    """
    fonts: tuple[tuple[str, str], ...] = ()
    """(language, font family) pairs: the font the PDF sets a language in, before the defaults."""


@dataclass(frozen=True, slots=True)
class Document:
    """A seed read into its parts, in reading order."""

    name: str
    """The seed's stem: gettext domain and edition file name."""
    source: str
    """Project-relative path of the seed."""
    metadata: Metadata
    title: Segment | None = None
    creator: Segment | None = None
    """Who wrote the document, as the editions credit it."""
    labels: tuple[Segment, ...] = ()
    """Words the editions add, such as the heading of the notes (key `label:notes`)."""
    credit: Segment | None = None
    editor_note: tuple[Segment, ...] = ()
    addressees: tuple[Addressee, ...] = ()
    addressees_end: str = ""
    """The line closing the addressee block in this document's language (`Metadata.addressees_end`)."""
    body: tuple[Block, ...] = ()
    closing: tuple[Block, ...] = ()
    signatories: tuple[SignatoryGroup, ...] = ()
    notes: tuple[Note, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """Problems found while reading that do not stop the work."""

    def label(self, name: str) -> Segment | None:
        """Return the label segment NAME (`notes`), if the document has it."""
        return next((s for s in self.labels if s.key == f"label:{name}"), None)

    def segments(self) -> Iterator[Segment]:
        """Yield every translatable segment in reading order."""
        if self.title:
            yield self.title
        if self.creator:
            yield self.creator
        yield from self.labels
        if self.credit:
            yield self.credit
        yield from self.editor_note
        for addressee in self.addressees:
            yield addressee.name
            yield addressee.role
        for block in self.body + self.closing:
            yield block.segment
        for group in self.signatories:
            if group.heading:
                yield group.heading
            yield from group.organisations
        for note in self.notes:
            yield from note.paragraphs
