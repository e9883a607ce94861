"""The bilingual parallel edition: each segment beside its translation.

Both documents are the same seed translated into two languages, so their
segments pair one to one. Each pair is a row: two cells side by side, so a
paragraph and its translation start at the same height; what reads the same
in both languages (an organisation's name, a person's, a credit) stands once,
across both. Footnotes become numbered references to a notes section where
each note stands once per language, in two columns again, with the same
number on both sides and links both ways; the Word edition makes them Word
footnotes again (`pandoc.notes_as_footnotes`).
"""

from __future__ import annotations

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
from toolkit.editions import ast, parts
from toolkit.editions.ast import Node
from toolkit.editions.pandoc import PAIR, SHARED
from toolkit.editions.structure import segment_nodes, structure_nodes
from toolkit.locales import text_direction


def _pair(left: tuple[str, list[Node]], right: tuple[str, list[Node]], classes: Sequence[str] = ()) -> Node:
    """Two cells side by side, or one across both when they read the same."""
    if _same_words(left[1], right[1]):
        # The same words in both languages: set once, in the first language's tag.
        return ast.div(
            [ast.div(left[1], ast.attr(attributes=[("lang", left[0])]))], ast.attr(classes=[PAIR, SHARED, *classes])
        )
    page = text_direction(left[0])
    cells = [ast.div(nodes, ast.attr(attributes=parts.language_attributes(tag, page))) for tag, nodes in (left, right)]
    return ast.div(cells, ast.attr(classes=[PAIR, *classes]))


def _same_words(left: list[Node], right: list[Node]) -> bool:
    """Whether LEFT and RIGHT read the same, a segment left untranslated (a Span in the source's language) included."""

    def words(nodes: Any) -> Any:
        if isinstance(nodes, list):
            return [child for node in nodes for child in unwrapped(node)]
        if isinstance(nodes, dict) and "c" in nodes:
            return {**nodes, "c": words(nodes["c"])}
        return nodes

    def unwrapped(node: Any) -> list[Any]:
        if isinstance(node, dict) and node.get("t") == "Span" and any(k == "lang" for k, _ in node["c"][0][2]):
            return [words(child) for child in node["c"][1]]
        return [words(node)]

    return bool(words(left) == words(right))


class _Side:
    """One language of the edition: its tag and how its note references are written."""

    def __init__(self, document: Document, tag: str, numbers: dict[int, int], linked: frozenset[str]) -> None:
        self.document = document
        self.tag = tag
        self.direction = text_direction(tag)
        self.ids = f"{ast.identifier(tag)}-"
        """What this column's ids start with: each heading, figure and table is there twice."""
        self.numbers = numbers
        self.linked = linked
        """The addresses of the text that are links: the source's."""
        self.called: set[int] = set()
        """Notes whose first call is written: it carries the id the note links back to."""

    def inlines(self, segment: Segment | None) -> list[Node]:
        if segment is None:
            return []

        def note(run: NoteRef) -> list[Node]:
            shown = self.numbers.get(run.number, run.number)
            first = shown not in self.called
            self.called.add(shown)
            call = ast.attr(
                parts.note_ref_id(self.tag, shown) if first else "", ["note-ref"], [("role", "doc-noteref")]
            )
            target = "#" + parts.note_id(self.tag, shown)
            return [ast.superscript([ast.link([ast.string(str(shown))], target, call)])]

        # Each column's links go to its own column's headings, figures and tables.
        return segment_nodes(segment, note, self.direction, self.ids, self.linked)

    def block(self, block: BodyBlock) -> list[Node]:
        if not isinstance(block, Block):
            return structure_nodes(block, self.inlines, ids=self.ids)
        if block.kind is BlockKind.LIST_ITEM:  # a list of one item, numbered as in the seed
            return [ast.ordered_list([[ast.para(self.inlines(block.segment))]], block.number or 1)]
        return [ast.para(self.inlines(block.segment))]

    def paragraph(self, segment: Segment) -> list[Node]:
        return [ast.para(self.inlines(segment))]

    def quote(self, segment: Segment) -> list[Node]:
        """A paragraph of the editor's note, set as the one-language editions set it."""
        return [ast.block_quote([ast.para(self.inlines(segment))])]

    def heading(self, segment: Segment | None) -> list[Node]:
        return [ast.header(2, self.inlines(segment) or ast.text("Notes"))]

    def addressee(self, addressee: Addressee) -> list[Node]:
        return [parts.addressee(addressee, self.inlines)]

    def name(self, addressee: Addressee) -> list[Node]:
        return [ast.line_block([[ast.strong(self.inlines(addressee.name))]])]

    def role(self, addressee: Addressee) -> list[Node]:
        return [ast.line_block([self.inlines(addressee.role)])]

    def organisations(self, group: SignatoryGroup) -> list[Node]:
        return [parts.organisations(group.organisations, self.inlines)]

    def note(self, note: Note) -> list[Node]:
        """A note's paragraphs, the first opening with its number (a link back to its call), in a Div with an id."""
        shown = self.numbers[note.number]
        paragraphs = [self.inlines(p) for p in note.paragraphs]
        label = ast.string(f"{shown}.")
        number = (
            ast.link(
                [label],
                "#" + parts.note_ref_id(self.tag, shown),
                ast.attr("", ["note-back"], [("role", "doc-backlink")]),
            )
            if shown in self.called
            else label
        )
        content = [ast.para([number, ast.space(), *paragraphs[0]]), *(ast.para(p) for p in paragraphs[1:])]
        return [ast.div(content, ast.attr(parts.note_id(self.tag, shown), ["note"]))]


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
    left: Document,
    right: Document,
    tags: tuple[str, str],
    dates: tuple[str, str],
    identifier: str,
    linked: frozenset[str] = frozenset(),
) -> tuple[Node, list[str]]:
    """Build the Pandoc AST of the parallel edition of LEFT and RIGHT (the same seed in two languages).

    LINKED: the addresses of the text made links, the source document's (`structure.linked_addresses`).
    """
    numbers = _note_numbers(left)
    a, b = _Side(left, tags[0], numbers, linked), _Side(right, tags[1], numbers, linked)
    blocks: list[Node] = []

    def pair(make: Callable[[_Side, Any], list[Node]], mine: Any, theirs: Any, classes: Sequence[str] = ()) -> None:
        blocks.append(_pair((a.tag, make(a, mine)), (b.tag, make(b, theirs)), classes))

    def each(
        part: Callable[[Document], Sequence[Any]], make: Callable[[_Side, Any], list[Node]], *classes: str
    ) -> None:
        for mine, theirs in zip(part(left), part(right), strict=True):
            pair(make, mine, theirs, classes)

    if left.subtitle and right.subtitle:  # the edition's own subtitle is its second title
        pair(_Side.paragraph, left.subtitle, right.subtitle, ["subtitle"])
    if left.credit and right.credit and not left.metadata.credit_omitted:
        pair(_Side.paragraph, left.credit, right.credit, ["credit"])
    each(lambda d: d.editor_note, _Side.quote, "editor-note")
    for person, addressed in zip(left.addressees, right.addressees, strict=True):
        if _same_words(a.inlines(person.name), b.inlines(addressed.name)):
            # A person's name reads the same in both: once, across, over the two titles.
            pair(_Side.name, person, addressed, ["addressee", "addressee-name"])
            pair(_Side.role, person, addressed, ["addressee", "addressee-role"])
        else:
            pair(_Side.addressee, person, addressed, ["addressee"])
    if left.addressees and (left.addressees_end or right.addressees_end):
        # One language may close the block ("PRESENTES") where the other has nothing.
        ends = [[parts.addressees_end(d.addressees_end)] if d.addressees_end else [] for d in (left, right)]
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

    meta = parts.edition_meta(left, tags[0], identifier, a.inlines)
    # The title and the author in the second language too, unless they read the same (a name, or not yet translated).
    # What the head sets in the second language declares it: the web page's header has no column of its own.
    language = ast.attr(attributes=parts.language_attributes(b.tag, a.direction))
    if left.title and right.title and not _same_words(a.inlines(left.title), b.inlines(right.title)):
        meta["subtitle"] = ast.meta_inlines([ast.span(b.inlines(right.title), language)])
    if left.creator and right.creator and not _same_words(a.inlines(left.creator), b.inlines(right.creator)):
        meta["author"] = ast.meta_list(
            [
                ast.meta_inlines(a.inlines(left.creator)),
                ast.meta_inlines([ast.span(b.inlines(right.creator), language)]),
            ]
        )
    if all(dates):
        meta["date"] = ast.meta_inlines([*ast.text(f"{dates[0]} / "), ast.span(ast.text(dates[1]), language)])
    meta["other-lang"] = ast.meta_string(tags[1])
    return ast.document(meta, blocks), []
