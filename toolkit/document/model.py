"""The document model: what a seed means, independent of its plain-text form."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from enum import Enum

import msgspec


class NoteRef(msgspec.Struct, frozen=True):
    """A footnote reference inside running text."""

    number: int


class SpanKind(Enum):
    """Kinds of inline formatting a source may carry; each is a numbered placeholder in a catalog."""

    EMPH = "emphasis"
    STRONG = "strong emphasis"
    CODE = "code"
    LINK = "link"
    IMAGE = "image"
    """An image within a line; its content is the alt text."""
    STRIKEOUT = "struck-out text"
    SUPERSCRIPT = "superscript"
    SUBSCRIPT = "subscript"
    SMALLCAPS = "small capitals"
    UNDERLINE = "underlined text"
    LANGUAGE = "words in another language"
    """Words in a language of their own (`[liberté]{lang=fr}`, `<span lang="fr">`); the tag is the span's `lang`."""


class Span(msgspec.Struct, frozen=True):
    """Formatted inline content: emphasis, a link, code; written `<n>…</n>` in a catalog."""

    kind: SpanKind
    content: tuple[Inline, ...]
    target: str = ""
    """The address of a link or image: never in a msgid, only in the translator's comment.

    A link inside the document goes to `#` and the key of the segment whose
    block it names (`#heading:findings`), from which each edition makes the
    block's id; a link to nothing the document keeps has none (`""`), and
    its words are printed without it.
    """
    title: str = ""
    lang: str = ""
    """The BCP 47 tag of the words of a LANGUAGE span, which readers' software speaks and hyphenates by it."""


Inline = str | NoteRef | Span
"""A run of inline content: plain text, a footnote reference or formatted content, never markup."""

NOTE_TOKEN = re.compile(r"\[\^(\d+)\]")
"""How a footnote reference is written in a catalog: `[^7]`."""

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)
)
"""Unicode's 66 noncharacters, as a regex class body: U+FDD0-U+FDEF and the last two code points of every plane."""

_CONTROLS_AND_BIDI = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# Matched as "an unsafe character of the first plane, or any character past
# it that is unsafe": a class listing the other planes' noncharacters one by
# one is tried against every character of a text, ten times slower.
UNSAFE_CHARS = re.compile(
    f"[{_CONTROLS_AND_BIDI}\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff](?<=[{_CONTROLS_AND_BIDI}{NONCHARACTERS}])"
)
"""Control characters (tab and newline aside), bidirectional embeddings, overrides and isolates, and noncharacters.

Invisible, they can reorder what a reader sees (CVE-2021-42574, "Trojan
Source") or make an edition's XML invalid (XML forbids U+FFFE and U+FFFF,
and C0 controls; it discourages C1 controls and the other noncharacters,
which EPUBCheck refuses); no edition prints them.
"""


def inline_to_text(content: tuple[Inline, ...]) -> str:
    """Write inline content in catalog form, notes as `[^n]` tokens, spans as numbered placeholders.

    Spans are numbered in the order they open, from 1 in each segment.

    >>> inline_to_text(("dollars", NoteRef(8), " for"))
    'dollars[^8] for'
    >>> inline_to_text(("a ", Span(SpanKind.STRONG, ("b ", Span(SpanKind.EMPH, ("c",)))), " d"))
    'a <1>b <2>c</2></1> d'
    """
    parts: list[str] = []
    counter = [0]

    def write(runs: tuple[Inline, ...]) -> None:
        for run in runs:
            if isinstance(run, NoteRef):
                parts.append(f"[^{run.number}]")
            elif isinstance(run, Span):
                counter[0] += 1
                number = counter[0]
                parts.append(f"<{number}>")
                write(run.content)
                parts.append(f"</{number}>")
            else:
                parts.append(run)

    write(content)
    return "".join(parts)


def spans_of(content: tuple[Inline, ...]) -> list[Span]:
    """The spans of CONTENT in the order they open: span n is placeholder `<n>`."""
    found: list[Span] = []
    for run in content:
        if isinstance(run, Span):
            found.append(run)
            found.extend(spans_of(run.content))
    return found


def note_refs_of(content: tuple[Inline, ...]) -> tuple[int, ...]:
    """Numbers of the notes CONTENT references, in reading order, inside spans too."""
    numbers: list[int] = []
    for run in content:
        if isinstance(run, NoteRef):
            numbers.append(run.number)
        elif isinstance(run, Span):
            numbers.extend(note_refs_of(run.content))
    return tuple(numbers)


_FIRST_KANA = "\u3041"
"""The lowest of `_ideographic`'s characters: a text whose letters are all below it holds none."""


@functools.cache
def _ideographic() -> re.Pattern[str]:
    """A Chinese character or a Japanese kana: written without spaces, counted one word each.

    Compiled when a text may hold one: its 28,000 characters take 2 ms to compile.
    """
    return re.compile(f"[{_FIRST_KANA}-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


_NOT_WORDS = re.compile(r"\[\^\d+\]|</?\d+>")
"""Note tokens and placeholders, which a catalog's text holds and no one reads."""

_WORD = re.compile(r"\S*[^\W_]\S*")
r"""A run between spaces with a letter or digit in it (`[^\W_]` is `str.isalnum`), matched whole."""


def word_count(text: str) -> int:
    """The words of TEXT as translators' tools and Word count them: runs between spaces, each ideograph or kana one.

    Note tokens, placeholders and punctuation standing alone are not words.

    >>> word_count("The <1>well</1> is dry.[^3]"), word_count("Tokyo 東京 — HQ")
    (4, 4)
    >>> word_count("五月十日（土）に集合。[^1]")
    8
    """
    text = _NOT_WORDS.sub(" ", text) if "[^" in text or "<" in text else text
    ideographs = len(_ideographic().findall(text)) if text and max(text) >= _FIRST_KANA else 0
    if ideographs:
        text = _ideographic().sub(" ", text)
    # One regular expression, not a test of each character in Python: a
    # letter's DOCX spent 6 ms of its 13 ms finishing counting its words.
    return ideographs + len(_WORD.findall(text))


def plain_of(content: tuple[Inline, ...]) -> str:
    """The words of CONTENT, without notes or placeholders."""
    return "".join(
        run if isinstance(run, str) else plain_of(run.content) if isinstance(run, Span) else "" for run in content
    )


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


class Segment(msgspec.Struct, frozen=True):
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
    """Project-relative path of the file the text comes from; empty for a default no file holds (a label)."""
    lang: str = ""
    """The language of the content (BCP 47) where it is not the document's: a translation that fell back to the
    source, or a default label, English, in a seed in another language."""

    @property
    def text(self) -> str:
        """The catalog form of the content, with `[^n]` note tokens."""
        return inline_to_text(self.content)

    @property
    def note_refs(self) -> tuple[int, ...]:
        """Numbers of the notes referenced, in reading order."""
        return note_refs_of(self.content)


class BlockKind(Enum):
    """Kinds of block in the running text of a letter."""

    PARAGRAPH = "paragraph"
    """A paragraph of prose."""
    LIST_ITEM = "item"
    """An item of a numbered list; consecutive items form one list."""


class Block(msgspec.Struct, frozen=True):
    """A paragraph or list item of the body or closing."""

    kind: BlockKind
    segment: Segment
    number: int | None = None
    """The item's number, for list items."""


class Heading(msgspec.Struct, frozen=True):
    """A heading of a section, level 1 the highest."""

    level: int
    segment: Segment


class ListBlock(msgspec.Struct, frozen=True):
    """A bulleted or numbered list; each item is blocks (paragraphs, nested lists)."""

    ordered: bool
    items: tuple[tuple[BodyBlock, ...], ...]
    start: int = 1
    tight: bool = True
    """Items without space between them (Markdown's tight list)."""
    style: str = "Decimal"
    """How a numbered list counts, in Pandoc's names: `Decimal`, `LowerAlpha`, `UpperRoman`..."""
    delimiter: str = "Period"
    """What follows or encloses the number: `Period` (1.), `OneParen` (1)), `TwoParens` ((1))."""


class Quote(msgspec.Struct, frozen=True):
    """A block quotation."""

    blocks: tuple[BodyBlock, ...]


class Definitions(msgspec.Struct, frozen=True):
    """A list of terms, each with its definitions (a glossary): each definition is blocks of its own."""

    items: tuple[tuple[Segment, tuple[tuple[BodyBlock, ...], ...]], ...]


class Table(msgspec.Struct, frozen=True):
    """A table: rows of cells, each cell blocks of its own (one segment per cell paragraph)."""

    head: tuple[tuple[tuple[BodyBlock, ...], ...], ...]
    rows: tuple[tuple[tuple[BodyBlock, ...], ...], ...]
    aligns: tuple[str, ...]
    """Per column: `left`, `right`, `center` or `default`."""
    caption: Segment | None = None
    anchor: str = ""
    """The key the editions make the table's id from, when links go to it (the manuscript gave it an id); else ''."""


class Figure(msgspec.Struct, frozen=True):
    """An image standing alone, with its caption (the alt text when it has no other).

    With no caption it is decorative: its source gave it no words, so the
    editions show it to the eye and hide it from screen readers.
    """

    image: str
    """The image file, an absolute path."""
    caption: Segment | None
    anchor: str = ""
    """The key the editions make the figure's id from, when links go to it (the manuscript gave it an id); else ''."""


class CodeBlock(msgspec.Struct, frozen=True):
    """Preformatted text (program code, say): printed as written, never translated."""

    text: str
    language: str = ""


class Rule(msgspec.Struct, frozen=True):
    """A thematic break between sections."""


BodyBlock = Block | Heading | ListBlock | Quote | Definitions | Table | Figure | CodeBlock | Rule
"""What the running text is made of: the letter uses paragraphs and items; manuscripts the rest too."""


def block_segments(block: BodyBlock) -> Iterator[Segment]:
    """Yield the segments of BLOCK in reading order."""
    if isinstance(block, Block | Heading):
        yield block.segment
    elif isinstance(block, ListBlock):
        for item in block.items:
            for child in item:
                yield from block_segments(child)
    elif isinstance(block, Quote):
        for child in block.blocks:
            yield from block_segments(child)
    elif isinstance(block, Definitions):
        for term, definitions in block.items:
            yield term
            for definition in definitions:
                for child in definition:
                    yield from block_segments(child)
    elif isinstance(block, Table):
        for row in block.head + block.rows:
            for cell in row:
                for child in cell:
                    yield from block_segments(child)
        if block.caption:
            yield block.caption
    elif isinstance(block, Figure) and block.caption:
        yield block.caption


def map_block(block: BodyBlock, change: Callable[[Segment], Segment]) -> BodyBlock:
    """BLOCK with each of its segments passed through CHANGE."""

    def blocks(children: tuple[BodyBlock, ...]) -> tuple[BodyBlock, ...]:
        return tuple(map_block(child, change) for child in children)

    if isinstance(block, Block):
        return msgspec.structs.replace(block, segment=change(block.segment))
    if isinstance(block, Heading):
        return msgspec.structs.replace(block, segment=change(block.segment))
    if isinstance(block, Figure):
        return msgspec.structs.replace(block, caption=change(block.caption) if block.caption else None)
    if isinstance(block, ListBlock):
        return msgspec.structs.replace(block, items=tuple(blocks(item) for item in block.items))
    if isinstance(block, Quote):
        return Quote(blocks(block.blocks))
    if isinstance(block, Definitions):
        return Definitions(tuple((change(term), tuple(map(blocks, defined))) for term, defined in block.items))
    if isinstance(block, Table):
        return msgspec.structs.replace(
            block,
            head=tuple(tuple(blocks(cell) for cell in row) for row in block.head),
            rows=tuple(tuple(blocks(cell) for cell in row) for row in block.rows),
            caption=change(block.caption) if block.caption else None,
        )
    return block


class Addressee(msgspec.Struct, frozen=True):
    """A person the letter is addressed to."""

    name: Segment
    role: Segment


class SignatoryGroup(msgspec.Struct, frozen=True):
    """A group of signatory organisations, with an optional heading."""

    heading: Segment | None
    organisations: tuple[Segment, ...]


class Note(msgspec.Struct, frozen=True):
    """A footnote: its number and its paragraphs."""

    number: int
    paragraphs: tuple[Segment, ...]
    line: int


class Metadata(msgspec.Struct, frozen=True):
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
    credit_omitted: str = ""
    """Why the editions leave the credit line out (`[credit] omit = "why"`): a credit for a photo they do not carry."""
    fonts: tuple[tuple[str, str], ...] = ()
    """(language, font family) pairs: the font the PDF sets a language in, before the defaults."""


class Document(msgspec.Struct, frozen=True):
    """A seed read into its parts, in reading order."""

    name: str
    """The seed's stem: gettext domain and edition file name."""
    source: str
    """Project-relative path of the seed."""
    metadata: Metadata
    title: Segment | None = None
    subtitle: Segment | None = None
    """A manuscript's subtitle, printed under the title."""
    creator: Segment | None = None
    """Who wrote the document, as the editions credit it."""
    publisher: Segment | None = None
    """Who publishes it, as the editions name them (translatable: an organisation's name differs by language)."""
    description: Segment | None = None
    """What the document is, in a sentence: the EPUB's `dc:description`, the web page's meta description."""
    labels: tuple[Segment, ...] = ()
    """Words the editions add, such as the heading of the notes (key `label:notes`)."""
    credit: Segment | None = None
    editor_note: tuple[Segment, ...] = ()
    addressees: tuple[Addressee, ...] = ()
    addressees_end: str = ""
    """The line closing the addressee block in this document's language (`Metadata.addressees_end`)."""
    body: tuple[BodyBlock, ...] = ()
    closing: tuple[Block, ...] = ()
    signatories: tuple[SignatoryGroup, ...] = ()
    notes: tuple[Note, ...] = ()
    warnings: tuple[str, ...] = ()
    """Problems found while reading that do not stop the work; not compared (`__eq__`)."""

    def _compared(self) -> tuple[object, ...]:
        """The fields equality looks at: all but the warnings, which tell of the reading, not the text."""
        return tuple(getattr(self, name) for name in self.__struct_fields__ if name != "warnings")

    def __eq__(self, other: object) -> bool:
        if type(other) is not Document:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    @property
    def empty(self) -> bool:
        """Whether the document has no text of its own, only what metadata, labels and a file name give."""
        parts = (self.credit, self.editor_note, self.addressees, self.body, self.closing, self.signatories, self.notes)
        return not any(parts)

    def label(self, name: str) -> Segment | None:
        """Return the label segment NAME (`notes`), if the document has it."""
        return next((s for s in self.labels if s.key == f"label:{name}"), None)

    def segments(self) -> Iterator[Segment]:
        """Yield every translatable segment in reading order."""
        if self.title:
            yield self.title
        if self.subtitle:
            yield self.subtitle
        if self.creator:
            yield self.creator
        if self.publisher:
            yield self.publisher
        if self.description:
            yield self.description
        yield from self.labels
        if self.credit:
            yield self.credit
        yield from self.editor_note
        for addressee in self.addressees:
            yield addressee.name
            yield addressee.role
        for block in self.body + self.closing:
            yield from block_segments(block)
        for group in self.signatories:
            if group.heading:
                yield group.heading
            yield from group.organisations
        for note in self.notes:
            yield from note.paragraphs


def images_of(document: Document) -> list[str]:
    """The image files DOCUMENT shows, figures and images within lines, in reading order."""
    found: list[str] = []

    def walk(blocks: tuple[BodyBlock, ...]) -> None:
        for block in blocks:
            if isinstance(block, Figure):
                found.append(block.image)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item)
            elif isinstance(block, Quote):
                walk(block.blocks)
            elif isinstance(block, Definitions):
                for _, definitions in block.items:
                    for definition in definitions:
                        walk(definition)
            elif isinstance(block, Table):
                for row in block.head + block.rows:
                    for cell in row:
                        walk(cell)

    walk(document.body)
    found += [
        s.target for segment in document.segments() for s in spans_of(segment.content) if s.kind is SpanKind.IMAGE
    ]
    return list(dict.fromkeys(found))
