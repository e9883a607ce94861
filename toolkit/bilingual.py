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

from .model import Block, BlockKind, Document, NoteRef, Segment
from .pandoc import API_VERSION, PAIR, Node, _attr, _header, _meta_inlines, _para, _text


def _lang_div(tag: str, blocks: list[Node]) -> Node:
    return {"t": "Div", "c": [["", [], [["lang", tag]]], blocks]}


def _pair(left: tuple[str, list[Node]], right: tuple[str, list[Node]], classes: Sequence[str] = ()) -> Node:
    return {"t": "Div", "c": [_attr("", [PAIR, *classes]), [_lang_div(*left), _lang_div(*right)]]}


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
        nodes: list[Node] = []
        for run in segment.content:
            if isinstance(run, NoteRef):
                shown = str(self.numbers.get(run.number, run.number))
                target = f"#note-{self.anchor}-{run.number}"
                link = {"t": "Link", "c": [_attr(), [{"t": "Str", "c": shown}], [target, ""]]}
                nodes.append({"t": "Superscript", "c": [link]})
            else:
                nodes.extend(_text(run))
        return nodes

    def block(self, block: Block) -> list[Node]:
        prefix = [{"t": "Str", "c": f"{block.number}."}, {"t": "Space"}] if block.kind is BlockKind.LIST_ITEM else []
        return [_para(prefix + self.inlines(block.segment))]


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
    rows: list[Node] = []

    def row(make: Callable[[_Side], list[Node]], classes: Sequence[str] = ()) -> None:
        rows.append(_pair((a.tag, make(a)), (b.tag, make(b)), classes))

    def paired(get: Callable[[Document], Any]) -> list[tuple[Any, Any]]:
        return list(zip(get(left), get(right), strict=True))

    if left.credit and right.credit:
        row(lambda s: [_para(s.inlines(s.document.credit))], ["credit"])
    for index in range(len(left.editor_note)):
        row(lambda s: [_para(s.inlines(s.document.editor_note[index]))], ["editor-note"])
    for index in range(len(left.addressees)):
        row(
            lambda s: [{"t": "LineBlock", "c": [
                [{"t": "Strong", "c": s.inlines(s.document.addressees[index].name)}],
                s.inlines(s.document.addressees[index].role),
            ]}],
            ["addressee"],
        )
    for index in range(len(left.body)):
        row(lambda s: s.block(s.document.body[index]))
    for index in range(len(left.closing)):
        row(lambda s: s.block(s.document.closing[index]), ["closing"])
    blocks: list[Node] = []
    blocks.extend(rows)
    for index, (mine, theirs) in enumerate(paired(lambda d: d.signatories)):
        if mine.heading and theirs.heading:
            blocks.append(_pair((a.tag, [_header(2, "", a.inlines(mine.heading))]),
                                (b.tag, [_header(2, "", b.inlines(theirs.heading))]), ["signatories"]))
        blocks.append(_pair(
            (a.tag, [{"t": "BulletList", "c": [[{"t": "Plain", "c": a.inlines(o)}] for o in mine.organisations]}]),
            (b.tag, [{"t": "BulletList", "c": [[{"t": "Plain", "c": b.inlines(o)}] for o in theirs.organisations]}]),
            ["signatories"],
        ))
    if left.notes:
        blocks.append(_pair((a.tag, [_header(2, "", a.inlines(left.label("notes")) or _text("Notes"))]),
                            (b.tag, [_header(2, "", b.inlines(right.label("notes")) or _text("Notes"))]), ["notes"]))
        for mine, theirs in sorted(paired(lambda d: d.notes), key=lambda pair: numbers[pair[0].number]):
            blocks.append(_pair((a.tag, _note_cell(a, mine)), (b.tag, _note_cell(b, theirs)), ["note"]))

    meta: dict[str, Node] = {"lang": {"t": "MetaString", "c": tags[0]}, "identifier": {"t": "MetaString", "c": identifier}}
    if left.title and right.title:
        meta["title"] = _meta_inlines(a.inlines(left.title) + [{"t": "Space"}, {"t": "Str", "c": "/"}, {"t": "Space"}]
                                      + b.inlines(right.title))
    if left.creator and right.creator:
        meta["author"] = {"t": "MetaList", "c": [_meta_inlines(a.inlines(left.creator)),
                                                 _meta_inlines(b.inlines(right.creator))]}
    if all(dates):
        meta["date"] = _meta_inlines(_text(f"{dates[0]} / {dates[1]}"))
    if left.metadata.date:
        meta["date-iso"] = {"t": "MetaString", "c": left.metadata.date}
    if left.metadata.publisher:
        meta["publisher"] = _meta_inlines(_text(left.metadata.publisher))
    meta["other-lang"] = {"t": "MetaString", "c": tags[1]}
    return {"pandoc-api-version": API_VERSION, "meta": meta, "blocks": blocks}, []


def _note_cell(side: _Side, note: Any) -> list[Node]:
    """A note's paragraphs, the first one opening with its number; the Div's id is what references link to."""
    paragraphs = [side.inlines(p) for p in note.paragraphs]
    number = [{"t": "Str", "c": f"{side.numbers[note.number]}."}, {"t": "Space"}]
    content = [_para(number + paragraphs[0]), *(_para(p) for p in paragraphs[1:])]
    return [{"t": "Div", "c": [_attr(f"note-{side.anchor}-{note.number}"), content]}]
