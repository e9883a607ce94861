"""Pandoc AST nodes for formatted text and for the structures of a manuscript.

Headings, lists, quotations, tables, figures, code and rules, and the spans
of formatted text (emphasis, links, code) the Markdown and Word readers
give the model. Both the one-language and the parallel editions build them
here, each with its own way of writing a segment's words and notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from toolkit.document.model import (
    Block,
    BodyBlock,
    CodeBlock,
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
)
from toolkit.editions.pandoc import Node, attr, header, para, text_nodes

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


def span_node(span: Span, children: list[Node]) -> Node:
    """The node of SPAN around its already written CHILDREN."""
    if span.kind is SpanKind.CODE:
        return {"t": "Code", "c": [attr(), plain_of(span.content)]}
    if span.kind is SpanKind.LINK:
        return {"t": "Link", "c": [attr(), children, [span.target, span.title]]}
    if span.kind is SpanKind.IMAGE:
        return {"t": "Image", "c": [attr(), children, [span.target, span.title]]}
    return {"t": _WRAPPERS[span.kind], "c": children}


def inline_nodes(content: Sequence[Inline], note: Callable[[NoteRef], list[Node]]) -> list[Node]:
    """Nodes for CONTENT: words as Str and Space, spans as their nodes, note references as NOTE writes them."""
    nodes: list[Node] = []
    for run in content:
        if isinstance(run, NoteRef):
            nodes.extend(note(run))
        elif isinstance(run, Span):
            nodes.append(span_node(run, inline_nodes(run.content, note)))
        else:
            nodes.extend(text_nodes(run))
    return nodes


def _ident(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def structure_nodes(block: BodyBlock, inlines: Inlines, tight: bool = False, ids: str = "") -> list[Node]:
    """The nodes of BLOCK, its segments written by INLINES; a paragraph in a TIGHT list is Plain.

    Headings go one level down: the document's title is the only level 1.
    Their identifiers come from their keys, after IDS (a parallel edition
    has each heading twice, once per language).
    """
    if isinstance(block, Block):
        return [{"t": "Plain", "c": inlines(block.segment)} if tight else para(inlines(block.segment))]
    if isinstance(block, Heading):
        return [header(min(block.level + 1, 6), _ident(ids + block.segment.key), inlines(block.segment))]
    if isinstance(block, ListBlock):
        items = [children(item, inlines, block.tight) for item in block.items]
        if block.ordered:
            return [{"t": "OrderedList", "c": [[block.start, {"t": "Decimal"}, {"t": "Period"}], items]}]
        return [{"t": "BulletList", "c": items}]
    if isinstance(block, Quote):
        return [{"t": "BlockQuote", "c": children(block.blocks, inlines)}]
    if isinstance(block, Table):
        return [_table(block, inlines)]
    if isinstance(block, Figure):
        caption = inlines(block.caption)
        image = {"t": "Image", "c": [attr(), caption, [block.image, ""]]}
        return [{"t": "Figure", "c": [attr(), [None, [{"t": "Plain", "c": caption}]], [{"t": "Plain", "c": [image]}]]}]
    if isinstance(block, CodeBlock):
        return [{"t": "CodeBlock", "c": [attr("", [block.language] if block.language else []), block.text]}]
    if isinstance(block, Rule):
        return [{"t": "HorizontalRule"}]
    raise TypeError(f"no nodes for {type(block).__name__}")


def children(blocks: Sequence[BodyBlock], inlines: Inlines, tight: bool = False) -> list[Node]:
    return [node for block in blocks for node in structure_nodes(block, inlines, tight)]


def _table(table: Table, inlines: Inlines) -> Node:
    def row(cells: Sequence[Sequence[BodyBlock]]) -> list[object]:
        return [attr(), [[attr(), {"t": "AlignDefault"}, 1, 1, children(cell, inlines, tight=True)] for cell in cells]]

    colspecs = [[{"t": _ALIGNS.get(align, "AlignDefault")}, {"t": "ColWidthDefault"}] for align in table.aligns]
    caption = [para(inlines(table.caption))] if table.caption else []
    return {
        "t": "Table",
        "c": [
            attr(),
            [None, caption],
            colspecs,
            [attr(), [row(cells) for cells in table.head]],
            [[attr(), 0, [], [row(cells) for cells in table.rows]]],
            [attr(), []],
        ],
    }
