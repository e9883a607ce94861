"""Pandoc AST nodes for formatted text and for the structures of a manuscript.

Headings, lists, quotations, tables, figures, code and rules, and the spans
of formatted text (emphasis, links, code) the Markdown and Word readers
give the model. Both the one-language and the parallel editions build them
here, each with its own way of writing a segment's words and notes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from toolkit.document.inline import addresses, link_target
from toolkit.document.model import (
    Block,
    BodyBlock,
    CodeBlock,
    Definitions,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    NoteRef,
    Quote,
    Rule,
    Segment,
    Span,
    SpanKind,
    Table,
    plain_of,
    spans_of,
)
from toolkit.editions import ast, parts
from toolkit.editions.ast import Node
from toolkit.locales import text_direction

_WRAPPERS = {
    SpanKind.EMPH: "Emph",
    SpanKind.STRONG: "Strong",
    SpanKind.STRIKEOUT: "Strikeout",
    SpanKind.SUPERSCRIPT: "Superscript",
    SpanKind.SUBSCRIPT: "Subscript",
    SpanKind.SMALLCAPS: "SmallCaps",
    SpanKind.UNDERLINE: "Underline",
}
_ALIGNS = {"left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter"}

Inlines = Callable[[Segment], list[Node]]
"""How an edition writes a segment's content as inline nodes."""


def span_node(span: Span, children: list[Node], ids: str = "", direction: str = "ltr") -> Node:
    """The node of SPAN around its already written CHILDREN; a link within the document goes to an id after IDS.

    Words in a language of their own say which, and their direction where it
    differs from the text's, written DIRECTION.
    """
    if span.kind is SpanKind.LANGUAGE:
        return ast.span(children, ast.attr(attributes=parts.language_attributes(span.lang, direction)))
    if span.kind is SpanKind.CODE:
        return ast.code(plain_of(span.content))
    if span.kind is SpanKind.LINK:
        if not span.target:  # a link to nothing in the document: its words alone
            return ast.span(children)
        target = "#" + ast.identifier(ids + span.target[1:]) if span.target.startswith("#") else span.target
        return ast.link(children, target, title=span.title)
    if span.kind is SpanKind.IMAGE:
        return ast.image(children, span.target, title=span.title)
    return {"t": _WRAPPERS[span.kind], "c": children}


def text_nodes(words: str, linked: Collection[str] = ()) -> list[Node]:
    """WORDS as `Str` and `LineBreak` nodes, each web or mail address in them a Span set left to right.

    In a right-to-left paragraph the Unicode bidirectional algorithm gives an
    address's neutral ends to the paragraph: `https://example.org/contact/`
    would show its final slash before the `https`. Isolated, it reads as typed.
    An address among LINKED (`linked_addresses`) is also a link to itself.

    >>> before, address, after = text_nodes("على https://example.org/contact/.", {"https://example.org/contact/"})
    >>> before, after
    ({'t': 'Str', 'c': 'على '}, {'t': 'Str', 'c': '.'})
    >>> address["t"], address["c"][2]
    ('Link', ['https://example.org/contact/', ''])
    >>> address["c"][1]
    [{'t': 'Span', 'c': [['', [], [['dir', 'ltr']]], [{'t': 'Str', 'c': 'https://example.org/contact/'}]]}]
    """
    nodes: list[Node] = []
    at = 0
    for start, address in addresses(words):
        nodes += ast.lines(words[at:start])
        shown = ast.span([ast.string(address)], ast.attr(attributes=[("dir", "ltr")]))
        target = link_target(address) if address in linked else ""
        nodes.append(ast.link([shown], target) if target else shown)
        at = start + len(address)
    return nodes + ast.lines(words[at:])


def linked_addresses(document: Document) -> frozenset[str]:
    """The web and mail addresses DOCUMENT's text gives: in an edition of it in any language, each is a link.

    A reader expects to follow an address the text gives. The source's alone:
    an address a translation writes is printed, but a translation adds no link.
    """
    found: set[str] = set()
    for segment in document.segments():
        # The text runs as `text_nodes` sees them: the segment's own, and those of each span in it.
        for run in [*segment.content, *(run for span in spans_of(segment.content) for run in span.content)]:
            if isinstance(run, str):
                found.update(address for _, address in addresses(run) if link_target(address))
    return frozenset(found)


def inline_nodes(
    content: Sequence[Inline],
    note: Callable[[NoteRef], list[Node]],
    ids: str = "",
    linked: Collection[str] = (),
    direction: str = "ltr",
) -> list[Node]:
    """Nodes for CONTENT: text as Str (a line break as LineBreak), spans as their nodes, notes as NOTE writes them.

    Links within the document go to ids after IDS, as `structure_nodes` makes
    them; an address among LINKED in the text is a link (`text_nodes`); the
    text is written DIRECTION.
    """
    nodes: list[Node] = []
    for run in content:
        if isinstance(run, NoteRef):
            nodes.extend(note(run))
        elif isinstance(run, Span):
            # No link inside a link, nor in the words that stand for an image.
            inner = () if run.kind in (SpanKind.LINK, SpanKind.IMAGE) else linked
            within = text_direction(run.lang) if run.kind is SpanKind.LANGUAGE else direction
            nodes.append(span_node(run, inline_nodes(run.content, note, ids, inner, within), ids, direction))
        else:
            nodes.extend(text_nodes(run, linked))
    return nodes


def segment_nodes(
    segment: Segment,
    note: Callable[[NoteRef], list[Node]],
    direction: str,
    ids: str = "",
    linked: Collection[str] = (),
) -> list[Node]:
    """Nodes for SEGMENT's content, in a text written DIRECTION (`ltr`, `rtl`), its links to ids after IDS.

    A segment in a language of its own (a translation that fell back to the
    source) is a Span saying which, and its direction where it differs. An
    address among LINKED in its text is a link (`linked_addresses`).
    """
    nodes = inline_nodes(segment.content, note, ids, linked, direction)
    if not segment.lang:
        return nodes
    return [ast.span(nodes, ast.attr(attributes=parts.language_attributes(segment.lang, direction)))]


def structure_nodes(block: BodyBlock, inlines: Inlines, tight: bool = False, ids: str = "") -> list[Node]:
    """The nodes of BLOCK, its segments written by INLINES; a paragraph in a TIGHT list is Plain.

    Headings go one level down: the document's title is the only level 1.
    Their identifiers come from their keys, after IDS (a parallel edition
    has each heading twice, once per language), and so do those of the
    figures and tables links go to (`anchor`).
    """
    if isinstance(block, Block):
        return [ast.plain(inlines(block.segment)) if tight else ast.para(inlines(block.segment))]
    if isinstance(block, Heading):
        return [ast.header(min(block.level + 1, 6), inlines(block.segment), ast.identifier(ids + block.segment.key))]
    if isinstance(block, ListBlock):
        items = [children(item, inlines, block.tight, ids) for item in block.items]
        if block.ordered:
            return [ast.ordered_list(items, block.start, block.style, block.delimiter)]
        return [ast.bullet_list(items)]
    if isinstance(block, Quote):
        return [ast.block_quote(children(block.blocks, inlines, ids=ids))]
    if isinstance(block, Definitions):
        terms = [(inlines(term), [children(d, inlines, ids=ids) for d in defined]) for term, defined in block.items]
        return [ast.definition_list(terms)]
    if isinstance(block, Table):
        return [_table(block, inlines, ids)]
    if isinstance(block, Figure):
        # A decorative image (no caption) is a figure with none: the PDF prints it as an artifact.
        caption = inlines(block.caption) if block.caption else []
        anchor = _anchor(block.anchor, ids)
        return [
            ast.figure([ast.plain([ast.image(caption, block.image)])], [ast.plain(caption)] if caption else [], anchor)
        ]
    if isinstance(block, CodeBlock):
        return [ast.code_block(block.text, ast.attr(classes=[block.language] if block.language else []))]
    if isinstance(block, Rule):
        return [ast.horizontal_rule()]
    raise TypeError(f"no nodes for {type(block).__name__}")


def children(blocks: Sequence[BodyBlock], inlines: Inlines, tight: bool = False, ids: str = "") -> list[Node]:
    return [node for block in blocks for node in structure_nodes(block, inlines, tight, ids)]


def _anchor(key: str, ids: str) -> ast.Attr | None:
    """The attributes of a block whose id is made from KEY after IDS; None for a block no link goes to."""
    return ast.attr(ast.identifier(ids + key)) if key else None


def _table(table: Table, inlines: Inlines, ids: str) -> Node:
    def row(cells: Sequence[Sequence[BodyBlock]]) -> list[Any]:
        return ast.row([ast.cell(children(cell, inlines, tight=True, ids=ids)) for cell in cells])

    caption = [ast.para(inlines(table.caption))] if table.caption else []
    return ast.table(
        [row(cells) for cells in table.rows],
        aligns=[_ALIGNS.get(align, "AlignDefault") for align in table.aligns],
        attributes=_anchor(table.anchor, ids),
        head=[row(cells) for cells in table.head],
        caption=caption,
    )
