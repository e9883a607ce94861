"""Read a seed: the plain-text letter becomes a Document.

All knowledge of the seed's plain-text conventions lives here:
- blocks are separated by blank lines; a block's lines are joined by spaces;
- an optional credit line and editor's note come before the addressees,
  which are blocks of two lines (name, role);
- the body follows, with numbered list items (`1.`, `2)`, even `5:`) and
  bulleted ones (`•`, `-`, `*`), a block each or one a line in a block
  (a line that starts no item continues the one before);
- signatory groups are the blocks, just before the notes, that list
  organisations (names, with capitals) separated by semicolons (`;`, `؛`, `；`)
  or one per line;
- the notes start at the first paragraph labelled `[n]`, a paragraph each
  or one a line (a line that starts no label continues the note before);
  an unlabelled paragraph there continues the note before it; a line
  before them that says the editions' heading of the notes (`Notes:`) is
  that heading;
- `[n]` in running text is a footnote reference.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import accumulate, pairwise
from pathlib import Path

import msgspec

from toolkit.document.fallback import english_labels_warning, fallback_title, undeclared_language_warning
from toolkit.document.keys import KeyMaker, describe
from toolkit.document.model import (
    UNSAFE_CHARS,
    Addressee,
    Block,
    BlockKind,
    BodyBlock,
    Document,
    Inline,
    ListBlock,
    Note,
    NoteRef,
    Segment,
    SignatoryGroup,
    inline_to_text,
    split_note_refs,
)
from toolkit.document.sidecar import Sidecar, read_sidecar, sidecar_path
from toolkit.errors import ToolkitError
from toolkit.files import decode_utf8, read_input, shown_path

NOTE_LABEL = re.compile(r"^\[(\d+)\]\s*")
NOTE_MARKER = re.compile(r"\s*\[(\d+)\]")
LIST_ITEM = re.compile(r"^(\d+)[.:)]\s+")
BULLET = re.compile(r"^[-*\u2022\u2023\u25aa\u25cf\u25e6\u2013]\s+")
"""A bulleted item's mark: a hyphen, an asterisk, an en dash, or a bullet (• ‣ ▪ ● ◦)."""
STOPS = tuple(".!?\u061f\u06d4\u3002\uff01\uff0e\uff1f\u0964\u0965\u0589\u1362")
"""What ends a sentence: . ! ? and Arabic ؟, Urdu ۔, CJK 。！．？, the danda । ॥, Armenian ։, Ethiopic ።."""
SEMICOLONS = re.compile("[;\u061b\uff1b]")
"""What separates the organisations of a signatory group: ; and Arabic ؛, CJK ；."""
SENTENCE_END = (*STOPS, *":;\uff1a\u061b\uff1b")
"""What ends a line of prose, not of a name or a role: a stop, a colon (or ：) or a semicolon (or ؛ ；)."""


class _Raw(msgspec.Struct, frozen=True):
    """A block of the seed as written: where it starts and its lines."""

    line: int
    lines: tuple[str, ...]
    bullet: str = ""
    """The mark of an item of a bulleted list (`•`, `-`), still on its first line; '' for any other block."""

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def words(self) -> str:
        """The text without the mark of a list item (`1.`, `•`)."""
        return (BULLET if self.bullet else LIST_ITEM).sub("", self.text, count=1)


def _items(block: _Raw) -> list[_Raw]:
    """BLOCK as the items of a list when it holds one written an item a line; else BLOCK itself.

    A bulleted list starts with a mark, and each line with that mark starts
    an item; a numbered one holds lines that number on from its first (`1.`
    then `2.`): a wrapped line that happens to start with a number ("2018.
    The…") starts no item.
    """
    bullet = block.lines[0][0] if BULLET.match(block.lines[0]) else ""
    first = LIST_ITEM.match(block.lines[0])
    starts = [0]
    for index, line in enumerate(block.lines[1:], 1):
        number = LIST_ITEM.match(line)
        if (bullet and BULLET.match(line) and line[0] == bullet) or (
            first and number and int(number[1]) == int(first[1]) + len(starts)
        ):
            starts.append(index)
    if not bullet and len(starts) == 1:
        return [block]
    return [_Raw(block.line + a, block.lines[a:b], bullet) for a, b in pairwise([*starts, len(block.lines)])]


def _labelled(block: _Raw) -> list[_Raw]:
    """BLOCK of the notes as one block per note it labels: notes are often written one a line, `[1] …` then `[2] …`.

    >>> [b.lines for b in _labelled(_Raw(9, ("[1] Report,", "page 12.", "[2] See the map.")))]
    [('[1] Report,', 'page 12.'), ('[2] See the map.',)]
    """
    starts = [0, *(index for index, line in enumerate(block.lines) if index and NOTE_LABEL.match(line))]
    return [_Raw(block.line + a, block.lines[a:b]) for a, b in pairwise([*starts, len(block.lines)])]


def read_seed(path: Path, root: Path) -> Document:
    """Read the seed at PATH (and its sidecar) into a Document.

    Paths in references and messages are written relative to ROOT.

    Raises:
        ToolkitError: the seed or sidecar is missing, unreadable, not UTF-8,
            or the sidecar names text the seed does not have.
    """
    shown = shown_path(path, root)
    text = _read_text(path, shown)
    sidecar = read_sidecar(sidecar_path(path), shown_path(sidecar_path(path), root))
    reader = _Reader(path.stem, shown, sidecar)
    if UNSAFE_CHARS.search(text):
        # As in a translation: invisible, they would reorder what readers see or break an edition's XML.
        for number, row in enumerate(text.split("\n"), 1):
            if found := UNSAFE_CHARS.findall(row):
                codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
                reader.warn(number, f"removed invisible control, bidi or noncharacters {codes}; no edition prints them")
        text = UNSAFE_CHARS.sub("", text)
    return reader.read(_split_blocks(text))


def _read_text(path: Path, shown: str) -> str:
    data = read_input(path, shown, "seed", "no such seed")
    return decode_utf8(data, shown, "not UTF-8 text; save the seed as UTF-8")


def _split_blocks(text: str) -> list[_Raw]:
    """Split on blank lines, normalising non-breaking and repeated spaces."""
    blocks: list[_Raw] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        clean = " ".join(line.replace("\u00a0", " ").replace("\ufeff", "").split())
        if clean:
            if not current:
                start = number
            current.append(clean)
        elif current:
            blocks.append(_Raw(start, tuple(current)))
            current = []
    if current:
        blocks.append(_Raw(start, tuple(current)))
    return blocks


def _inline(text: str) -> list[Inline]:
    """Turn `[n]` markers into note references, dropping the space before them."""
    return list(split_note_refs(text, NOTE_MARKER))


def _organisations(block: _Raw) -> list[str] | None:
    """Return the organisations a block lists, without the marks of a bulleted list, or None if it is prose.

    Names begin with a capital: a list whose items begin in lower case
    ("- reopen the shelter") is a list of the letter's, not its signatories.
    """
    names = None
    if len(SEMICOLONS.findall(block.text)) >= 2:
        names = [item.strip() for item in SEMICOLONS.split(block.text) if item.strip()]
    elif len(block.lines) >= 3 and not any(line.endswith(STOPS) for line in block.lines):
        names = list(block.lines)
    names = [BULLET.sub("", name, count=1) for name in names or ()]
    return names if names and not any(name[:1].islower() for name in names) else None


def _is_addressee(block: _Raw) -> bool:
    return len(block.lines) == 2 and all(len(line) < 100 and not line.endswith(SENTENCE_END) for line in block.lines)


class _Parts(msgspec.Struct, frozen=True):
    """The seed's blocks by the part of the letter they make, in reading order."""

    credit: _Raw | None
    front: tuple[_Raw, ...]
    """The editor's note: what comes before the addressees, the credit line aside."""
    addressees: tuple[_Raw, ...]
    letter: tuple[_Raw, ...]
    """The body."""
    signatories: tuple[_Raw, ...]
    notes: tuple[_Raw, ...]


def _split_parts(blocks: list[_Raw], notes_heading: str) -> _Parts:
    """Tell the parts of the letter apart, from the end: notes, signatories, then addressees and what precedes them.

    NOTES_HEADING is the heading the editions give the notes: the seed's own
    line saying it (`Notes:`) is that heading, not a paragraph of the letter.
    """
    letter, notes = _split_notes(blocks, notes_heading)
    signatories_at = len(letter)
    while signatories_at > 0 and _organisations(letter[signatories_at - 1]) is not None:
        signatories_at -= 1
    letter, signatories = letter[:signatories_at], letter[signatories_at:]
    front, addressees, letter = _split_addressees(letter)
    credit = None
    if front and len(front[0].lines) == 1 and len(front[0].text) < 80 and not front[0].text.endswith(STOPS):
        credit, front = front[0], front[1:]
    return _Parts(credit, tuple(front), tuple(addressees), tuple(letter), tuple(signatories), tuple(notes))


def _split_notes(blocks: list[_Raw], heading: str) -> tuple[list[_Raw], list[_Raw]]:
    """BLOCKS before the notes, and the notes' blocks, without a line before them that only says HEADING.

    >>> blocks = [_Raw(1, ("Thanks.",)), _Raw(3, ("NOTES:", "[1] Report.")), _Raw(5, ("2018.",))]
    >>> before, notes = _split_notes(blocks, "Notes")
    >>> [b.lines for b in before], [b.lines for b in notes]
    ([('Thanks.',)], [('[1] Report.',), ('2018.',)])
    """

    def says_heading(line: str) -> bool:
        return line.rstrip(":\uff1a ").casefold() == heading.casefold()

    for index, block in enumerate(blocks):
        if NOTE_LABEL.match(block.lines[0]):
            titled = index > 0 and len(blocks[index - 1].lines) == 1 and says_heading(blocks[index - 1].text)
            return blocks[: index - titled], blocks[index:]
        if len(block.lines) > 1 and says_heading(block.lines[0]) and NOTE_LABEL.match(block.lines[1]):
            return blocks[:index], [_Raw(block.line + 1, block.lines[1:]), *blocks[index + 1 :]]
    return blocks, []


def _split_addressees(letter: list[_Raw]) -> tuple[list[_Raw], list[_Raw], list[_Raw]]:
    """What precedes the first run of addressee blocks, that run, and what follows (all of LETTER without one)."""
    first = next((i for i, b in enumerate(letter) if _is_addressee(b)), None)
    if first is None:
        return [], [], letter
    last = first
    while last < len(letter) and _is_addressee(letter[last]):
        last += 1
    return letter[:first], letter[first:last], letter[last:]


class _Reader:
    """One reading of one seed; collects warnings as it goes."""

    def __init__(self, name: str, shown: str, sidecar: Sidecar) -> None:
        self.name = name
        self.shown = shown
        self.sidecar = sidecar
        self.keys = KeyMaker()
        self.warnings: list[str] = []

    def warn(self, line: int, message: str, path: str | None = None) -> None:
        self.warnings.append(f"{path or self.shown}:{line}: warning: {message}")

    def segment(
        self, role: str, content: list[Inline] | tuple[Inline, ...], line: int, what: str, keyed_by: str | None = None
    ) -> Segment:
        content = tuple(content)
        text = "".join(run for run in content if isinstance(run, str))
        key = self.keys(role, keyed_by if keyed_by is not None else text)
        return Segment(
            key=key, content=content, line=line, comment=describe(what, inline_to_text(content)), source=self.shown
        )

    def read(self, blocks: list[_Raw]) -> Document:
        parts = _split_parts(blocks, dict(self.sidecar.labels)["notes"].text)
        letter = [item for block in parts.letter for item in _items(block)]
        # Prose is anchored before segments are made: a sidecar anchor adds a
        # note token, and the translator comment names the tokens a segment has.
        prose_blocks = [*parts.front, *letter]
        prose = {id(b): _inline(b.words) for b in prose_blocks}
        self.anchor_notes(prose, prose_blocks)
        notes = self.read_notes([note for block in parts.notes for note in _labelled(block)])
        labels = english_labels_warning(self.sidecar, self.sidecar.metadata.source_lang, self.shown)
        self.warnings.extend([labels] if labels else [])
        if not self.sidecar.declares_language:
            text = " ".join(block.words for block in [*prose_blocks, *parts.notes])
            language = undeclared_language_warning(text, self.shown, self.sidecar.path)
            self.warnings.extend([language] if language else [])
        self.check_anchors(notes, [r for runs in prose.values() for r in runs], prose_blocks)
        # Keys are handed out in reading order: the credit, the editor's note, the addressees, the letter.
        credit = (
            self.segment(
                "credit",
                [parts.credit.text],
                parts.credit.line,
                "Photo credit line: agency and photographer names stay as they are."
                + _omitted(self.sidecar.metadata.credit_omitted),
            )
            if parts.credit
            else None
        )
        editor_note = tuple(
            self.segment("editor-note", prose[id(b)], b.line, "Editor's note, set apart before the letter.")
            for b in parts.front
        )
        addressees = tuple(self.read_addressee(b) for b in parts.addressees)
        body, closing = self.read_body(letter, prose)
        return Document(
            name=self.name,
            source=self.shown,
            metadata=self.sidecar.metadata,
            title=self.title(),
            creator=self.sidecar.given("creator"),
            publisher=self.sidecar.given("publisher"),
            description=self.sidecar.given("description"),
            labels=self.sidecar.label_segments(self.sidecar.metadata.source_lang),
            credit=credit,
            editor_note=editor_note,
            addressees=addressees,
            addressees_end=dict(self.sidecar.metadata.addressees_end).get(self.sidecar.metadata.source_lang, ""),
            body=body,
            closing=closing,
            signatories=tuple(self.read_group(i, b) for i, b in enumerate(parts.signatories)),
            notes=tuple(notes),
            warnings=tuple(sorted(self.warnings, key=_warning_order)),
        )

    def title(self) -> Segment:
        """The sidecar's title, else one made from the seed's name (with a warning)."""
        title = self.sidecar.given("title")
        if title is None:
            title, warning = fallback_title(self.name, self.shown, self.sidecar.path)
            self.warnings.append(warning)
        return title

    def read_addressee(self, block: _Raw) -> Addressee:
        name, role = block.lines
        return Addressee(
            name=self.segment("addressee", [name], block.line, "Name of an addressee: a person's name stays as it is."),
            role=self.segment(
                "addressee-role",
                [role],
                block.line + 1,
                f"Official title of {name}, an addressee: use the official form in your language, agreeing in gender.",
                keyed_by=name,
            ),
        )

    def read_body(
        self, blocks: list[_Raw], prose: dict[int, list[Inline]]
    ) -> tuple[tuple[BodyBlock, ...], tuple[Block, ...]]:
        """The letter's paragraphs and lists, then its closing paragraphs (by default the last, unless a list item)."""
        last_is_item = bool(blocks) and (bool(blocks[-1].bullet) or LIST_ITEM.match(blocks[-1].text) is not None)
        closing_at = len(blocks) - 1 if len(blocks) > 1 and not last_is_item else len(blocks)
        if self.sidecar.closing:
            wanted = self.sidecar.closing
            found = [i for i, b in enumerate(blocks) if b.text.startswith(wanted.text)]
            if not found:
                raise ToolkitError(
                    f"closing: no body paragraph of {self.shown} starts with '{wanted.text}'",
                    self.sidecar.path,
                    wanted.line,
                )
            closing_at = found[0]
        body: list[BodyBlock] = []
        closing: list[Block] = []
        bullets: list[_Raw] = []
        for index, block in enumerate(blocks):
            if index >= closing_at:
                what = "Closing paragraph of the letter."
                closing.append(Block(BlockKind.PARAGRAPH, self.segment("closing", prose[id(block)], block.line, what)))
            elif block.bullet:
                # Items with the same mark make one list, as in Markdown: another mark starts another.
                bullets.append(block)
                if not (index + 1 < closing_at and blocks[index + 1].bullet == block.bullet):
                    body.append(self.read_bullets(bullets, prose))
                    bullets = []
            elif item := LIST_ITEM.match(block.text):
                number = int(item.group(1))
                what = f"Item {number} of a numbered list: the edition adds the number, do not type it."
                body.append(
                    Block(BlockKind.LIST_ITEM, self.segment("item", prose[id(block)], block.line, what), number)
                )
            else:
                body.append(
                    Block(BlockKind.PARAGRAPH, self.segment("paragraph", prose[id(block)], block.line, "Paragraph."))
                )
        return tuple(body), tuple(closing)

    def read_bullets(self, items: list[_Raw], prose: dict[int, list[Inline]]) -> ListBlock:
        """One bulleted list of ITEMS; tight when they stand on consecutive lines."""
        read = tuple(
            (Block(BlockKind.PARAGRAPH, self.segment("item", prose[id(item)], item.line, "Item of a bulleted list.")),)
            for item in items
        )
        tight = all(after.line == before.line + len(before.lines) for before, after in pairwise(items))
        return ListBlock(False, read, tight=tight)

    def read_group(self, index: int, block: _Raw) -> SignatoryGroup:
        specs = self.sidecar.groups
        spec = specs[index] if index < len(specs) else None
        group_id = spec.id if spec else str(index + 1)
        heading = None
        if spec and spec.heading:
            heading = Segment(
                f"signatories:{group_id}",
                (spec.heading.text,),
                spec.heading.line,
                "Heading of a group of signatory organisations, from the sidecar.",
                self.sidecar.path,
            )
        what = f"A signatory organisation (group {group_id}): its own name stays as it is, acronym included."
        organisations = tuple(
            self.segment(f"org:{group_id}", [name], block.line, what) for name in _organisations(block) or ()
        )
        return SignatoryGroup(heading, organisations)

    def read_notes(self, blocks: list[_Raw]) -> list[Note]:
        """Read `[n] text` paragraphs; an unlabelled one continues the note before it."""
        drafts: list[tuple[int, int, list[tuple[int, str]]]] = []
        seen: set[int] = set()
        for block in blocks:
            label = NOTE_LABEL.match(block.text)
            if not label:
                drafts[-1][2].append((block.line, block.text))
                continue
            number = int(label.group(1))
            if number in seen:
                self.warn(block.line, f"note {number} is defined twice; both are kept, in the order written")
            seen.add(number)
            drafts.append((number, block.line, [(block.line, block.text[label.end() :])]))
        notes = []
        for number, line, texts in drafts:
            key = self.keys(f"note:{number}")  # a repeated label gets note:7-2
            segments = []
            for index, (text_line, text) in enumerate(texts, 1):
                what = f"Footnote {number}" + (f", paragraph {index}" if index > 1 else "")
                what += ": keep a cited title in its original language; translate the words around it."
                segments.append(Segment(key if index == 1 else f"{key}.{index}", (text,), text_line, what, self.shown))
            notes.append(Note(number, tuple(segments), line))
        numbers = {note.number for note in notes}
        # The first note written with a higher number is the first whose running maximum is higher.
        highest = list(accumulate((note.number for note in notes), max))
        for first, last in _gaps(numbers, set(self.sidecar.lost)):
            after = notes[bisect_right(highest, first)]
            missing = f"note {first} is" if first == last else f"notes {first} to {last} are"
            self.warn(after.line, f"{missing} missing from the sequence of notes")
        return notes

    def anchor_notes(self, prose: dict[int, list[Inline]], blocks: list[_Raw]) -> None:
        """Insert the note references the sidecar places after given text."""
        for number, anchor in self.sidecar.anchors:
            hits = [
                (block, index, run.find(anchor.text))
                for block in blocks
                for index, run in enumerate(prose[id(block)])
                if isinstance(run, str) and anchor.text in run
            ]
            total = sum(run.count(anchor.text) for b in blocks for run in prose[id(b)] if isinstance(run, str))
            if total != 1:
                problem = "is not in" if total == 0 else f"occurs {total} times in"
                raise ToolkitError(
                    f"[notes.{number}] after = '{anchor.text}' {problem} the text of {self.shown}; "
                    "quote words that occur once",
                    self.sidecar.path,
                    anchor.line,
                )
            block, index, offset = hits[0]
            runs = prose[id(block)]
            run = runs[index]
            assert isinstance(run, str)
            cut = offset + len(anchor.text)
            runs[index : index + 1] = [part for part in (run[:cut], NoteRef(number), run[cut:]) if part != ""]

    def check_anchors(self, notes: list[Note], runs: list[Inline], blocks: list[_Raw]) -> None:
        """Warn about notes without a reference, and references without a note."""
        referenced = Counter(run.number for run in runs if isinstance(run, NoteRef))
        defined = {note.number for note in notes}
        anchored_by_sidecar = {number for number, _ in self.sidecar.anchors}
        for note in notes:
            if note.number not in referenced:
                self.warn(
                    note.line,
                    f"note {note.number} has no anchor in the text; anchor it in {self.sidecar.path} "
                    f'with [notes.{note.number}] after = "..."',
                )
        for number in sorted(set(referenced)):
            if referenced[number] > 1:
                self.warn(
                    self._line_of_marker(number, blocks),
                    f"note {number} is referenced {referenced[number]} times",
                )
            if number not in defined:
                where = self.sidecar.path if number in anchored_by_sidecar else self.shown
                line = (
                    dict(self.sidecar.anchors)[number].line
                    if number in anchored_by_sidecar
                    else self._line_of_marker(number, blocks)
                )
                self.warn(line, f"reference to note {number}, which the notes do not define", where)

    def _line_of_marker(self, number: int, blocks: list[_Raw]) -> int:
        return next((b.line for b in blocks if f"[{number}]" in b.text), 1)


def _gaps(numbers: set[int], known: set[int]) -> list[tuple[int, int]]:
    """The runs of numbers from 1 to the highest of NUMBERS that are missing and not KNOWN to be, as (first, last).

    In proportion to the notes, not to their labels: `[100000000]` is one gap.

    >>> _gaps({1, 2, 6, 9}, {4}), _gaps({100000000}, set())
    ([(3, 3), (5, 5), (7, 8)], [(1, 99999999)])
    """
    runs = []
    present = sorted(numbers | {0})
    for before, after in pairwise(present):
        start = before + 1
        for lost in sorted(n for n in known if before < n < after):
            if start < lost:
                runs.append((start, lost - 1))
            start = lost + 1
        if start < after:
            runs.append((start, after - 1))
    return runs


def _omitted(why: str) -> str:
    """What the translator comment of the credit adds when the sidecar leaves it out of the editions.

    >>> _omitted("the editions do not carry the photo it credits")
    ' Not printed for now ([credit] omit in the sidecar): the editions do not carry the photo it credits.'
    """
    return f" Not printed for now ([credit] omit in the sidecar): {why.rstrip('.')}." if why else ""


def _warning_order(warning: str) -> tuple[str, int]:
    path, line, _ = warning.split(":", 2)
    return path, int(line)
