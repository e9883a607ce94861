"""Pandoc AST node constructors: the one vocabulary every edition builder writes in.

Each function returns one node of Pandoc's JSON AST (pandoc-api-version
1.23) as plain dicts and lists, keys always in the same order, so two
builds serialise to the same bytes. Text only ever enters through `text`
(a `Str`) or `lines` (`Str`s and `LineBreak`s): nothing typed in a catalog
can become raw markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

API_VERSION = [1, 23, 1, 1]
"""The pandoc-api-version of the JSON AST Pandoc 3.9 reads."""

Node = dict[str, Any]
Attr = list[Any]
"""`[identifier, [classes], [[key, value], ...]]`."""

_SPACES = re.compile(r"[ \t\r\n]+")
_NEWLINE = re.compile(r"[ \t\r]*\n[ \t]*")


def attr(identifier: str = "", classes: Sequence[str] = (), attributes: Iterable[tuple[str, str]] = ()) -> Attr:
    """An element's attributes: its id, classes and key-value pairs (`lang`, `role`...)."""
    return [identifier, list(classes), [[key, value] for key, value in attributes]]


def text(words: str) -> list[Node]:
    """Plain text as one `Str`, each run of white space in it one space (non-breaking spaces kept).

    Pandoc makes the same EPUB, web page and DOCX text of it as of a `Str`
    per word with `Space` between, from a quarter of the JSON and in less
    time: the letter's EPUB 63 -> 44 ms, its DOCX 65 -> 57 ms.

    >>> text("a  b")
    [{'t': 'Str', 'c': 'a b'}]
    """
    collapsed = _SPACES.sub(" ", words)
    return [string(collapsed)] if collapsed else []


def lines(words: str) -> list[Node]:
    r"""Text whose newlines are hard line breaks (a manuscript's address, a poem): `Str` and `LineBreak` nodes.

    >>> lines("Water Board \n12 River Road")
    [{'t': 'Str', 'c': 'Water Board'}, {'t': 'LineBreak'}, {'t': 'Str', 'c': '12 River Road'}]
    """
    if "\n" not in words:
        return text(words)
    first, *rest = _NEWLINE.split(words)
    nodes = text(first)
    for line in rest:
        nodes += [line_break(), *text(line)]
    return nodes


def string(word: str) -> Node:
    """One `Str`: a word, printed as it is."""
    return {"t": "Str", "c": word}


def space() -> Node:
    return {"t": "Space"}


def line_break() -> Node:
    return {"t": "LineBreak"}


def strong(inlines: list[Node]) -> Node:
    return {"t": "Strong", "c": inlines}


def emph(inlines: list[Node]) -> Node:
    return {"t": "Emph", "c": inlines}


def superscript(inlines: list[Node]) -> Node:
    return {"t": "Superscript", "c": inlines}


def span(inlines: list[Node], attributes: Attr | None = None) -> Node:
    return {"t": "Span", "c": [attributes or attr(), inlines]}


def link(inlines: list[Node], target: str, attributes: Attr | None = None, title: str = "") -> Node:
    return {"t": "Link", "c": [attributes or attr(), inlines, [target, title]]}


def image(alt: list[Node], source: str, attributes: Attr | None = None, title: str = "") -> Node:
    """An image; with no ALT it is decorative: HTML's `alt=""`, which Pandoc writes only when asked."""
    if not alt and attributes is None:
        attributes = attr(attributes=[("alt", "")])
    return {"t": "Image", "c": [attributes or attr(), alt, [source, title]]}


def code(literal: str, attributes: Attr | None = None) -> Node:
    """Inline code: LITERAL is printed verbatim, never interpreted."""
    return {"t": "Code", "c": [attributes or attr(), literal]}


def note(blocks: list[Node]) -> Node:
    """A footnote, placed where it is referenced; Pandoc numbers it."""
    return {"t": "Note", "c": blocks}


def para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def plain(inlines: list[Node]) -> Node:
    """Inlines with no paragraph around them (a tight list item, a table cell)."""
    return {"t": "Plain", "c": inlines}


def header(level: int, inlines: list[Node], identifier: str = "", classes: Sequence[str] = ()) -> Node:
    return {"t": "Header", "c": [level, attr(identifier, classes), inlines]}


def div(blocks: list[Node], attributes: Attr | None = None) -> Node:
    return {"t": "Div", "c": [attributes or attr(), blocks]}


def block_quote(blocks: list[Node]) -> Node:
    return {"t": "BlockQuote", "c": blocks}


def line_block(lines: list[list[Node]]) -> Node:
    """Lines kept as lines (an address): each a list of inlines."""
    return {"t": "LineBlock", "c": lines}


def bullet_list(items: list[list[Node]]) -> Node:
    """A list of ITEMS, each a list of blocks (Plain for a tight list, Para for a loose one)."""
    return {"t": "BulletList", "c": items}


def ordered_list(items: list[list[Node]], start: int = 1, style: str = "Decimal", delimiter: str = "Period") -> Node:
    """A numbered list of ITEMS (lists of blocks) from START, counted in STYLE (`LowerAlpha`...) with DELIMITER."""
    return {"t": "OrderedList", "c": [[start, {"t": style}, {"t": delimiter}], items]}


def definition_list(items: list[tuple[list[Node], list[list[Node]]]]) -> Node:
    """A list of terms (inlines), each with its definitions (lists of blocks)."""
    return {"t": "DefinitionList", "c": [[term, definitions] for term, definitions in items]}


def horizontal_rule() -> Node:
    return {"t": "HorizontalRule"}


def cell(blocks: list[Node], attributes: Attr | None = None, columns: int = 1) -> list[Any]:
    """A table cell spanning one row and COLUMNS columns."""
    return [attributes or attr(), {"t": "AlignDefault"}, 1, columns, blocks]


def row(cells: list[list[Any]], attributes: Attr | None = None) -> list[Any]:
    return [attributes or attr(), cells]


def table(
    rows: list[list[Any]],
    widths: Sequence[float] = (),
    attributes: Attr | None = None,
    aligns: Sequence[str] = (),
    head: list[list[Any]] | None = None,
    caption: list[Node] | None = None,
) -> Node:
    """A table of body ROWS, with optional HEAD rows and CAPTION blocks (no foot).

    Columns have the relative WIDTHS given, or Pandoc's default width, one
    per alignment in ALIGNS (`AlignLeft`...) when no width is given. Columns
    of given widths are aligned to the start of their text's direction: the
    columns of a parallel edition may be written in opposite directions.
    """
    if widths:
        colspecs = [[{"t": "AlignDefault"}, {"t": "ColWidth", "c": width}] for width in widths]
    else:
        colspecs = [[{"t": align}, {"t": "ColWidthDefault"}] for align in aligns]
    return {
        "t": "Table",
        "c": [
            attributes or attr(),
            [None, caption or []],
            colspecs,
            [attr(), head or []],
            [[attr(), 0, [], rows]],
            [attr(), []],
        ],
    }


def figure(content: list[Node], caption: list[Node], attributes: Attr | None = None) -> Node:
    """A figure: CONTENT blocks (an image) with CAPTION blocks."""
    return {"t": "Figure", "c": [attributes or attr(), [None, caption], content]}


def code_block(literal: str, attributes: Attr | None = None) -> Node:
    """A block of code: LITERAL is printed verbatim, never interpreted."""
    return {"t": "CodeBlock", "c": [attributes or attr(), literal]}


def meta_string(value: str) -> Node:
    return {"t": "MetaString", "c": value}


def meta_inlines(inlines: list[Node]) -> Node:
    return {"t": "MetaInlines", "c": inlines}


def meta_list(values: list[Node]) -> Node:
    return {"t": "MetaList", "c": values}


def meta_blocks(blocks: list[Node]) -> Node:
    return {"t": "MetaBlocks", "c": blocks}


def meta_map(values: dict[str, Node]) -> Node:
    return {"t": "MetaMap", "c": values}


def document(meta: dict[str, Node], blocks: list[Node]) -> Node:
    """A whole Pandoc document."""
    return {"pandoc-api-version": API_VERSION, "meta": meta, "blocks": blocks}


def identifier(key: str) -> str:
    """An element id from a segment key or a language tag: `signatories:mexico` -> `signatories-mexico`.

    A key's letters in other scripts stay, with their marks: two Japanese
    headings get two ids.

    >>> identifier("signatories:mexico"), identifier("es-MX"), identifier("heading:日時と場所"), identifier("h:हिन्दी")
    ('signatories-mexico', 'es-mx', 'heading-日時と場所', 'h-हिन्दी')
    """
    kept = (c if c.isalnum() or unicodedata.category(c).startswith("M") else " " for c in key.lower())
    return "-".join("".join(kept).split())


def nodes_in(value: Any) -> Iterator[Node]:
    """Every node of VALUE (a node, a list of them, or a node's content), each before those inside it.

    >>> [node["t"] for node in nodes_in([para([emph(text("a"))]), horizontal_rule()])]
    ['Para', 'Emph', 'Str', 'HorizontalRule']
    """
    if isinstance(value, list):
        for item in value:
            yield from nodes_in(item)
    elif isinstance(value, dict) and "t" in value:
        yield value
        yield from nodes_in(value.get("c"))


def mapped(value: Any, change: Callable[[Node], Node | None]) -> Any:
    """VALUE (as `nodes_in` takes it) with each node CHANGE gives anew in its place; what it gives is mapped too.

    CHANGE returns None for a node it keeps, whose content is then mapped.

    >>> mapped([para([emph(text("a")), line_break()])], lambda n: space() if n["t"] == "LineBreak" else None)
    [{'t': 'Para', 'c': [{'t': 'Emph', 'c': [{'t': 'Str', 'c': 'a'}]}, {'t': 'Space'}]}]
    """
    if isinstance(value, list):
        return [mapped(item, change) for item in value]
    if not isinstance(value, dict) or "t" not in value:
        return value
    node = change(value) or value
    return {**node, "c": mapped(node["c"], change)} if "c" in node else node


def plain_text(nodes: list[Node]) -> str:
    """The text of a list of inline nodes, for labels outside the AST (CSS, messages, metadata).

    >>> plain_text(text("Notas al  pie"))
    'Notas al pie'
    """
    parts = []
    for node in nodes:
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Strong", "Emph", "Superscript", "Subscript", "SmallCaps", "Underline", "Strikeout"):
            parts.append(plain_text(node["c"]))
        elif kind in ("Span", "Link"):
            parts.append(plain_text(node["c"][1]))
    return "".join(parts)
