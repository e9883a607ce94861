"""The bilingual parallel edition: each segment beside its translation.

Both documents are the same seed translated into two languages, so their
segments pair one to one. Each pair is a row: two cells side by side, so a
paragraph and its translation start at the same height. Footnotes become
numbered references to a notes section where each note stands once per
language, in two columns again, with the same number on both sides (Pandoc
would number footnotes of both languages in one running sequence).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from toolkit.document.model import (
    Addressee,
    Block,
    BlockKind,
    BodyBlock,
    Document,
    Note,
    NoteRef,
    Segment,
    SignatoryGroup,
)
from toolkit.editions.pandoc import (
    API_VERSION,
    PAIR,
    Node,
    addressees_end,
    attr,
    header,
    image_digests,
    meta_inlines,
    para,
    text_nodes,
)
from toolkit.editions.structure import inline_nodes, structure_nodes


def _lang_div(tag: str, blocks: list[Node]) -> Node:
    return {"t": "Div", "c": [["", [], [["lang", tag]]], blocks]}


def _pair(left: tuple[str, list[Node]], right: tuple[str, list[Node]], classes: Sequence[str] = ()) -> Node:
    return {"t": "Div", "c": [attr("", [PAIR, *classes]), [_lang_div(*left), _lang_div(*right)]]}


class _Side:
    """One language of the edition: its tag and how its note references are written."""

    def __init__(self, document: Document, tag: str, numbers: dict[int, int]) -> None:
        self.document = document
        self.tag = tag
        self.numbers = numbers
        self.anchor = re.sub(r"[^a-z0-9]+", "-", tag.lower())

    def inlines(self, segment: Segment | None) -> list[Node]:
        if segment is None:
            return []

        def note(run: NoteRef) -> list[Node]:
            shown = str(self.numbers.get(run.number, run.number))
            target = f"#note-{self.anchor}-{run.number}"
            link = {"t": "Link", "c": [attr(), [{"t": "Str", "c": shown}], [target, ""]]}
            return [{"t": "Superscript", "c": [link]}]

        return inline_nodes(segment.content, note)

    def block(self, block: BodyBlock) -> list[Node]:
        if not isinstance(block, Block):
            return structure_nodes(block, self.inlines, ids=f"{self.anchor}-")
        prefix = [{"t": "Str", "c": f"{block.number}."}, {"t": "Space"}] if block.kind is BlockKind.LIST_ITEM else []
        return [para(prefix + self.inlines(block.segment))]

    def paragraph(self, segment: Segment) -> list[Node]:
        return [para(self.inlines(segment))]

    def heading(self, segment: Segment | None) -> list[Node]:
        return [header(2, "", self.inlines(segment) or text_nodes("Notes"))]

    def addressee(self, addressee: Addressee) -> list[Node]:
        name = [{"t": "Strong", "c": self.inlines(addressee.name)}]
        return [{"t": "LineBlock", "c": [name, self.inlines(addressee.role)]}]

    def organisations(self, group: SignatoryGroup) -> list[Node]:
        return [{"t": "BulletList", "c": [[{"t": "Plain", "c": self.inlines(o)}] for o in group.organisations]}]

    def note(self, note: Note) -> list[Node]:
        """A note's paragraphs, the first opening with its number, in a Div whose id references link to."""
        paragraphs = [self.inlines(p) for p in note.paragraphs]
        number = [{"t": "Str", "c": f"{self.numbers[note.number]}."}, {"t": "Space"}]
        content = [para(number + paragraphs[0]), *(para(p) for p in paragraphs[1:])]
        return [{"t": "Div", "c": [attr(f"note-{self.anchor}-{note.number}"), content]}]


def _note_numbers(document: Document) -> dict[int, int]:
    """Number the notes in the order they are first referenced, as the one-language editions do."""
    numbers: dict[int, int] = {}
    for segment in document.segments():
        for number in segment.note_refs:
            numbers.setdefault(number, len(numbers) + 1)
    for note in document.notes:  # notes nothing references come last
        numbers.setdefault(note.number, len(numbers) + 1)
    return numbers


def to_bilingual_ast(
    left: Document, right: Document, tags: tuple[str, str], dates: tuple[str, str], identifier: str
) -> tuple[Node, list[str]]:
    """Build the Pandoc AST of the parallel edition of LEFT and RIGHT (the same seed in two languages)."""
    numbers = _note_numbers(left)
    a, b = _Side(left, tags[0], numbers), _Side(right, tags[1], numbers)
    blocks: list[Node] = []

    def pair(make: Callable[[_Side, Any], list[Node]], mine: Any, theirs: Any, classes: Sequence[str] = ()) -> None:
        blocks.append(_pair((a.tag, make(a, mine)), (b.tag, make(b, theirs)), classes))

    def each(
        part: Callable[[Document], Sequence[Any]], make: Callable[[_Side, Any], list[Node]], *classes: str
    ) -> None:
        for mine, theirs in zip(part(left), part(right), strict=True):
            pair(make, mine, theirs, classes)

    if left.credit and right.credit:
        pair(_Side.paragraph, left.credit, right.credit, ["credit"])
    each(lambda d: d.editor_note, _Side.paragraph, "editor-note")
    each(lambda d: d.addressees, _Side.addressee, "addressee")
    if left.addressees and (left.addressees_end or right.addressees_end):
        # One language may close the block ("PRESENTES") where the other has nothing.
        ends = [[addressees_end(d.addressees_end)] if d.addressees_end else [] for d in (left, right)]
        blocks.append(_pair((a.tag, ends[0]), (b.tag, ends[1]), ["addressee"]))
    each(lambda d: d.body, _Side.block)
    each(lambda d: d.closing, _Side.block, "closing")
    for mine, theirs in zip(left.signatories, right.signatories, strict=True):
        if mine.heading and theirs.heading:
            pair(_Side.heading, mine.heading, theirs.heading, ["signatories"])
        pair(_Side.organisations, mine, theirs, ["signatories"])
    if left.notes:
        pair(_Side.heading, left.label("notes"), right.label("notes"), ["notes"])
        for note, translated in sorted(zip(left.notes, right.notes, strict=True), key=lambda p: numbers[p[0].number]):
            pair(_Side.note, note, translated, ["note"])

    meta: dict[str, Node] = {
        "lang": {"t": "MetaString", "c": tags[0]},
        "identifier": {"t": "MetaString", "c": identifier},
    }
    if left.title and right.title:
        meta["title"] = meta_inlines(
            [*a.inlines(left.title), {"t": "Space"}, {"t": "Str", "c": "/"}, {"t": "Space"}, *b.inlines(right.title)]
        )
    if left.creator and right.creator:
        meta["author"] = {
            "t": "MetaList",
            "c": [meta_inlines(a.inlines(left.creator)), meta_inlines(b.inlines(right.creator))],
        }
    if all(dates):
        meta["date"] = meta_inlines(text_nodes(f"{dates[0]} / {dates[1]}"))
    if left.metadata.date:
        meta["date-iso"] = {"t": "MetaString", "c": left.metadata.date}
    if left.metadata.publisher:
        meta["publisher"] = meta_inlines(text_nodes(left.metadata.publisher))
    meta["other-lang"] = {"t": "MetaString", "c": tags[1]}
    images = image_digests(left)
    if images:
        meta["image-digests"] = images
    return {"pandoc-api-version": API_VERSION, "meta": meta, "blocks": blocks}, []
