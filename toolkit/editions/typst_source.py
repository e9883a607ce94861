r"""The Typst source of the PDF, written from the Pandoc AST the other editions are made from.

Pandoc's Typst writer took as long as Typst's own compile on a book, and
sat on the PDF's critical path; the AST the toolkit builds uses a dozen node
types, which this module writes as Pandoc does (`#block`, `#quote`,
`#footnote`, `#figure` with a `#table`, `#set text(lang: ...)` in a Div
with a language), so the PDF is the same. All text goes into Typst string
literals (`#"..."`), where only `\` and `"` are special: no text can be read
as markup, whatever characters it holds.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.editions.ast import mapped, nodes_in, plain_text, space
from toolkit.editions.ast import string as text_run
from toolkit.editions.typefaces import has_italics

if TYPE_CHECKING:
    from toolkit.editions.ast import Node

PREAMBLE = """\
#let content-to-string(content) = {
  if content.has("text") { content.text }
  else if content.has("children") { content.children.map(content-to-string).join("") }
  else if content.has("body") { content-to-string(content.body) }
  else if content.has("child") { content-to-string(content.child) }
  else if content == [ ] { " " }
}
"""

STYLE_FILE = Path(__file__).parent / "styles" / "pdf.typ"
"""How the PDF looks: spacing, headings, notes (a Typst file shipped with the package)."""

_NOTE_NUMBERS: ContextVar[Iterator[int]] = ContextVar("_NOTE_NUMBERS")
"""The numbers of the notes `typst_document` is writing: 1, 2, 3 in reading order, as Pandoc numbers them.

A note's call carries its number. Left to Typst's counter, the number is
known only from a first layout, so every paragraph that calls a note was
laid out twice: 14 ms of the letter's 100 ms compile, for the same PDF, byte
for byte.
"""

_LABEL = re.compile(r"[A-Za-z0-9_.:-]+")
_TAG = re.compile(r"([A-Za-z]{2,3})(?:-[A-Za-z]{4})?(?:-([A-Za-z]{2}|[0-9]{3}))?(?:-|$)")


def string(text: str) -> str:
    r"""TEXT as a Typst string literal: printed as it is.

    >>> print(string('a "b" #c [d]'))
    "a \"b\" #c [d]"
    """
    # Five replaces, the backslash first: quicker than `str.translate`, which looks up every character.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def lang_and_region(tag: str) -> tuple[str, str]:
    """The language and region subtags of a BCP 47 TAG, as Typst's `text` takes them.

    Typst knows regions by two letters only: a UN M.49 number (`419`) is left out.

    >>> lang_and_region("es-MX"), lang_and_region("sr-Latn-RS"), lang_and_region("es-419")
    (('es', 'MX'), ('sr', 'RS'), ('es', ''))
    """
    found = _TAG.match(tag)
    if not found:
        return "", ""
    region = found.group(2) or ""
    return found.group(1).lower(), region.upper() if region.isalpha() else ""


def text_language(tag: str) -> list[str]:
    """The arguments of Typst's `text` for TAG: its language and region, those the tag has (Typst refuses empty ones).

    Text in a language the editions do not slant (`has_italics`) is also
    set upright, inside italic matter too: a Japanese column of an editor's note.

    >>> text_language("es-MX"), text_language("es-419"), text_language("ja"), text_language("")
    (['lang: "es"', 'region: "MX"'], ['lang: "es"'], ['lang: "ja"', 'style: "normal"'], [])
    """
    lang, region = lang_and_region(tag)
    if not lang:
        return []
    upright = [] if has_italics(tag) else ['style: "normal"']
    return [f"lang: {string(lang)}", *([f"region: {string(region)}"] if region else []), *upright]


def inlines(nodes: list[Node]) -> str:
    """Typst markup for NODES: runs of words as one string, the rest as functions."""
    out: list[str] = []
    words: list[str] = []
    for node in nodes:
        kind = node["t"]
        if kind == "Str":
            words.append(node["c"])
            continue
        if kind == "Space":
            words.append(" ")
            continue
        if words:
            out.append("#" + string("".join(words)))
            words = []
        if kind == "Strong":
            out.append(f"#strong[{inlines(node['c'])}]")
        elif kind == "Emph":
            out.append(f"#emph[{inlines(node['c'])}]")
        elif kind == "Superscript":
            out.append(f"#super[{inlines(node['c'])}]")
        elif kind == "LineBreak":
            out.append("#linebreak()")
        elif kind == "Note":
            number = next(_NOTE_NUMBERS.get())  # counted by `typst_document`
            out.append(f'#footnote(numbering: _ => "{number}")[{blocks(node["c"]).strip()}]')
        elif kind == "Link":
            (identifier, _, _), text, (target, _) = node["c"]
            # A link inside the document goes to a label, not to a URI the viewer cannot follow.
            inside = target.startswith("#") and _LABEL.fullmatch(target[1:])
            destination = f"<{target[1:]}>" if inside else string(target)
            out.append(f"#link({destination})[{inlines(text)}]{_label(identifier)}")
        elif kind in _WRAPPERS:
            out.append(f"#{_WRAPPERS[kind]}[{inlines(node['c'])}]")
        elif kind == "Span":  # words in a language of their own (Typst sets their direction from it), or an address
            (_, _, attributes), children = node["c"]
            given = dict(attributes)
            arguments = text_language(given.get("lang", "")) or (
                [f"dir: {given['dir']}"] if given.get("dir") in ("ltr", "rtl") else []
            )
            # A paragraph made of the span alone would take its direction; the empty
            # string before it keeps the page's, as a browser and Word keep it.
            out.append(f'#""#text({", ".join(arguments)})[{inlines(children)}]' if arguments else inlines(children))
        elif kind == "Code":
            out.append(f"#raw({string(node['c'][1])})")
        elif kind == "Image":
            out.append(f"#box({_image(node, 'height: 1.2em')})")
        else:
            raise ValueError(f"no Typst for the inline {kind}")
    if words:
        out.append("#" + string("".join(words)))
    return "".join(out)


_COUNTERS = {"LowerAlpha": "a", "UpperAlpha": "A", "LowerRoman": "i", "UpperRoman": "I"}
"""Typst's counting symbol for each of Pandoc's list number styles; any other counts 1, 2, 3."""
_DELIMITERS = {"OneParen": "{})", "TwoParens": "({})"}
"""Typst's numbering pattern around the symbol for each of Pandoc's delimiters; any other is a period."""

_WRAPPERS = {"Strikeout": "strike", "Subscript": "sub", "SmallCaps": "smallcaps", "Underline": "underline"}


def _items(items: list[list[Node]]) -> str:
    # Tight, as Pandoc writes a list of Plain items: no paragraph spacing between them.
    tight = all(item and all(b["t"] == "Plain" for b in item) for item in items)
    return f"tight: {str(tight).lower()}, " + ", ".join(f"[{blocks(item).strip()}]" for item in items)


def block(node: Node) -> str:
    """Typst markup for one block NODE, ending at the end of a line (a paragraph with a blank one)."""
    kind: str = node["t"]
    content: Any = node.get("c")
    if kind in ("Para", "Plain") and (image := _lone_image(content)) is not None:
        # A picture with a paragraph to itself (Word's, with its Alt Text) is set as one, not in a line's height.
        return f"#align(center, {_image(image, 'width: 100%', 'picture')})\n\n"
    if kind == "Para":
        return inlines(content) + "\n\n"
    if kind == "Plain":
        return inlines(content) + "\n"
    if kind == "Header":
        level, (identifier, _, _), text = content
        label = f" <{identifier}>" if _LABEL.fullmatch(identifier) else ""
        return f"#heading(level: {level})[{inlines(text)}]{label}\n\n"
    if kind == "Div":
        (identifier, classes, attributes), children = content
        # A column of the parallel edition has its own region, not the edition's.
        language = text_language(dict(attributes).get("lang", ""))
        opening = f"#set text({', '.join(language)})\n" if language else ""
        # A block in a language fills its width: a table cell places narrower content at the start of the
        # table's direction, which would put a short right-to-left line on the left of its column.
        width = "(width: 100%)" if language else ""
        # The id labels the block, for links to it; else the first class, for the style's show rules.
        return f"#block{width}[\n{opening}{blocks(children)}]{_label(identifier or (classes or [''])[0])}\n"
    if kind == "BlockQuote":
        return f"#quote(block: true)[\n{blocks(content)}]\n"
    if kind == "BulletList":
        return f"#list({_items(content)})\n\n"
    if kind == "OrderedList":
        (start, style, delimiter), items = content
        counter = _COUNTERS.get(style["t"], "1")
        numbering = _DELIMITERS.get(delimiter["t"], "{}.").format(counter)
        pattern = f"numbering: {string(numbering)}, " if numbering != "1." else ""  # "1." is Typst's own
        return f"#enum(start: {start}, {pattern}{_items(items)})\n\n"
    if kind == "DefinitionList":
        items = (
            f"terms.item[{inlines(term)}][{''.join(blocks(definition) for definition in definitions).strip()}]"
            for term, definitions in content
        )
        return f"#terms({', '.join(items)})\n\n"
    if kind == "LineBlock":
        return "#linebreak()\n".join(inlines(line) for line in content) + "\n\n"
    if kind == "Table":
        return _table(content)
    if kind == "Figure":
        return _figure(content)
    if kind == "CodeBlock":
        return f"#raw(block: true, {string(content[1])})\n\n"
    if kind == "HorizontalRule":
        return "#line(length: 100%, stroke: 0.5pt + gray)\n\n"
    raise ValueError(f"no Typst for the block {kind}")


_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center", "AlignDefault": "start"}
"""Typst's alignment of a column. By default a cell's text starts where its direction starts, as in the
other editions (an Arabic column of a parallel edition on the right), not centred as the figure it is in."""


def _table(content: list[Any]) -> str:
    # A table of cells: the bilingual edition's rows, or a manuscript's table with its heading rows and caption.
    (identifier, classes, _), (_, caption), colspecs, (_, head), bodies, (_, foot) = content
    if foot:
        raise ValueError("no Typst for a table with a foot")
    # Shares of the width left by the gutters: a percentage would count them twice.
    widths = ", ".join(f"{spec[1]['c'] * 100:g}fr" if spec[1]["t"] == "ColWidth" else "auto" for spec in colspecs)
    align = "".join(f"{_ALIGN[spec[0]['t']]}," for spec in colspecs)
    rows = [row for body in bodies for row in [*body[2], *body[3]]]
    parallel = "parallel" in classes
    cells = []
    if head and not parallel:  # written first, as printed first: its notes are counted before the body's
        heading = [f"[#strong[{blocks(cell[4]).strip()}]]" for row in head for cell in row[1]]
        cells.append(f"table.header({', '.join(heading)})")
    # A pair's second column numbers its tables and figures as the first did (a
    # reader of either counts them once): the counters go back by what the first
    # column counted, then count again.
    cells += [
        _cell(cell, _rewind(_numbered(row[1][0][4])) if parallel and index else "")
        for row in rows
        for index, cell in enumerate(row[1])
    ]
    rules = ""
    if not parallel:
        # A manuscript's table, ruled as a book sets one: above and below, and under its bold heading.
        # Its spacing is its own: inside a parallel edition's column, the
        # parallel table's set rules would reach it.
        last = len(head) + len(rows) - 1
        under_head = f" else if y == {len(head)} {{ 0.5pt }}" if head else ""
        rules = (
            f"    stroke: (x, y) => (top: if y == 0 {{ 0.8pt }}{under_head}, bottom: if y == {last} {{ 0.8pt }}),\n"
            "    inset: 5pt, column-gutter: 0pt, row-gutter: 0pt,\n"
        )
    # Only a captioned table is numbered: a reader counts the tables whose
    # number they see, and the parallel edition's own tables are none of theirs.
    captioned = f"  , caption: [{blocks(caption).strip()}]\n" if caption else ""
    captioned += "" if _counted(caption) else "  , numbering: none\n"
    # Its id labels it, for links to it; else its first class, for the style's show rules.
    label = _label(identifier or (classes or [""])[0])
    return (
        f"#figure(\n  align(center)[#table(\n    columns: ({widths},),\n    align: ({align}),\n{rules}"
        f"    {', '.join(cells)},\n  )]\n{captioned}  , kind: table\n  ){label}\n\n"
    )


def _lone_image(nodes: list[Node]) -> Node | None:
    """The one Image NODES hold with nothing else (spaces aside, in a Span of its language or not), else None."""
    if len(nodes) > 3:  # most paragraphs: words, not a lone picture
        return None
    found = [node for node in nodes if node["t"] not in ("Space", "SoftBreak")]
    if len(found) == 1 and found[0]["t"] == "Span":
        return _lone_image(found[0]["c"][1])
    return found[0] if len(found) == 1 and found[0]["t"] == "Image" else None


def _image(node: Node, size: str, call: str = "image") -> str:
    """The Typst of an Image NODE of SIZE, drawn by CALL: with its alternative text, or an artifact when it has none.

    PDF/UA-1 wants words for every image it tags; a decorative one (its
    source gave it none) is an artifact, which screen readers pass over.
    A picture standing alone is drawn by the style's `picture`: at its own
    size, at most the share of the column SIZE gives.
    """
    alt = plain_text(node["c"][1]).strip()
    path = string(node["c"][2][0])
    return f"{call}({path}, alt: {string(alt)}, {size})" if alt else f"pdf.artifact({call}({path}, {size}))"


def _figure(content: list[Any]) -> str:
    # An image standing alone: the caption is also its alternative text.
    (identifier, _, _), (_, caption), body = content
    image = next(node for block in body for node in block["c"] if node["t"] == "Image")
    if not caption:  # decorative: no number, no words; shown at its own size, the page's width at most
        return f"#align(center, {_image(image, 'width: 100%', 'picture')})\n\n"
    drawn = _image(image, "width: 80%", "picture")
    unnumbered = "" if _counted(caption) else ", numbering: none"
    return f"#figure({drawn},\n  caption: [{blocks(caption).strip()}]{unnumbered}){_label(identifier)}\n\n"


def _numbered(nodes: Any) -> Counter[str]:
    """The figures in NODES that Typst numbers, by kind: the captioned tables and the images (`_table`, `_figure`)."""
    kinds = {"Figure": "image", "Table": "table"}
    return Counter(kinds[node["t"]] for node in nodes_in(nodes) if node["t"] in kinds and _counted(node["c"][1][1]))


_OWN_NUMBER = re.compile(r"[^\W\d_]+\.?\s*\d{1,3}(?:[.\-–]\d{1,3})*\s*(?:[:.–—-]|$)")
"""A caption's own label and number (`Table 1:`, `Tableau 1 –`, `Fig. 2.3.`); four digits are a year, not one."""


def _counted(caption: list[Node]) -> bool:
    """Whether Typst numbers a figure with CAPTION (blocks): it has one, which does not number itself.

    A decorative image has no caption, and no number. A caption typed with
    its number, as Word's Insert Caption writes it, would print it twice.

    >>> para = lambda words: [{"t": "Plain", "c": [{"t": "Str", "c": words}]}]
    >>> [_counted(para(words)) for words in ("Costs", "Table 1: Costs", "Tableau 1 –", "Costs 2024: up")]
    [True, False, False, True]
    >>> _counted([])
    False
    """
    words = " ".join(plain_text(block["c"]) for block in caption if block["t"] in ("Plain", "Para"))
    return bool(caption) and not _OWN_NUMBER.match(words.strip())


def _rewind(counted: Counter[str]) -> str:
    """Typst that takes the figure counters back by COUNTED, so that the figures after it repeat those numbers."""
    return "".join(
        f"#counter(figure.where(kind: {kind})).update(n => n - {number})" for kind, number in sorted(counted.items())
    )


def _cell(cell: list[Any], before: str = "") -> str:
    """A table cell; BEFORE opens its content (a `_rewind`)."""
    (_, classes, _), _, _, columns, content = cell
    body = f"[{before}{blocks(content).strip()}]"
    if classes and _LABEL.fullmatch(classes[0]):  # the row's kind, for the style (`<editor-note>`)
        body = f"[#block{body}{_label(classes[0])}]"
    return f"table.cell(colspan: {columns}){body}" if columns > 1 else body


def _label(name: str) -> str:
    """A Typst label after an element, if NAME can be one."""
    return f" <{name}>" if name and _LABEL.fullmatch(name) else ""


def blocks(nodes: list[Node]) -> str:
    return "".join(block(node) for node in nodes)


def _labels(nodes: list[Node]) -> tuple[Counter[str], set[str]]:
    """The labels of the elements in NODES, each with its count, and the labels their links within the document go to.

    An element's label is its id, else a Div's or table's first class (`block`, `_table`, `_figure`).
    """
    labels: Counter[str] = Counter()
    links: set[str] = set()
    for node in nodes_in(nodes):
        kind = node["t"]
        if kind in ("Header", "Div", "Figure", "Table", "Link"):
            (identifier, classes, _) = node["c"][1] if kind == "Header" else node["c"][0]
            named = identifier or (classes[0] if classes and kind in ("Div", "Table") else "")
            labels.update([named] if named and _LABEL.fullmatch(named) else [])
            if kind == "Link" and node["c"][2][0].startswith("#"):
                links.add(node["c"][2][0][1:])
    return labels, links


def _unlinked(nodes: list[Node], labels: set[str]) -> list[Node]:
    """NODES with each link within the document to a label not among LABELS made its words alone.

    Typst stops on a link to a label the document lacks or repeats; a label
    cannot hold every id (a heading's in Japanese), and the PDF is still
    made, that link's words printed without it.
    """

    def words_alone(node: Node) -> Node | None:
        if node["t"] != "Link" or not node["c"][2][0].startswith("#") or node["c"][2][0][1:] in labels:
            return None
        return {"t": "Span", "c": [["", [], []], node["c"][1]]}

    result: list[Node] = mapped(nodes, words_alone)
    return result


def _one_line(nodes: list[Node]) -> list[Node]:
    """Inline NODES as the PDF's metadata holds them: each line break a space, and no notes.

    The title and names are also printed, notes and all: a note kept here
    too would be counted twice.
    """

    def flat(node: Node) -> Node | None:
        if node["t"] == "LineBreak":
            return space()
        return text_run("") if node["t"] == "Note" else None

    result: list[Node] = mapped(nodes, flat)
    return result


def _meta_inlines(value: Node | None) -> str:
    return inlines(value["c"]) if value else ""


def typst_head(meta: dict[str, Node]) -> str:
    """Everything before the body: document metadata, language, style, and the title with its author and date."""
    # Each part is written where it is printed, in that order: the notes are counted as they are written.
    authors = [author["c"] for author in meta.get("author", {}).get("c", [])]
    # The PDF's metadata holds a title and names on one line: a line break there is a space.
    one_line = inlines(_one_line(meta["title"]["c"])) if "title" in meta else ""
    head = [PREAMBLE, f"#set document(\n  title: [{one_line}],\n"]
    if authors:
        head.append("  author: (" + "".join(f"content-to-string([{inlines(_one_line(a))}])," for a in authors) + "),\n")
    head.append(")\n")
    # About 70 characters a line at 12 pt, on Letter and A4 alike; the
    # parallel edition's two columns take the page wider and the text smaller.
    parallel = "other-lang" in meta
    sides, size = ("1in", "10.5pt") if parallel else ("1.75in", "12pt")
    head.append(f'#set page(margin: (x: {sides}, top: 1in, bottom: 1.1in), numbering: "1")\n')
    language = text_language(meta.get("lang", {}).get("c", ""))
    head.append(f"#set text({', '.join([*language, f'size: {size}'])})\n")
    head.append(f"#let text-dir = {meta['dir']['c'] if 'dir' in meta else 'ltr'}\n")
    tags = [meta.get(key, {}).get("c", "") for key in ("lang", "other-lang")]
    upright = [string(lang_and_region(tag)[0]) for tag in tags if tag and not has_italics(tag)]
    head.append(f"#let upright-langs = ({', '.join(upright)}{',' if upright else ''})\n")
    head.append(STYLE_FILE.read_text("utf-8"))
    head.append(f"\n#heading(level: 1)[{_meta_inlines(meta.get('title'))}]\n")
    subtitle = meta.get("subtitle")
    if subtitle:  # the parallel title, in the second language
        other = text_language(meta.get("other-lang", {}).get("c", ""))
        opening = f"#set text({', '.join(other)})\n" if other else ""
        head.append(f"#block[{opening}{inlines(subtitle['c'])}] <subtitle>\n")
    if authors:
        head.append(f"#block[{'#linebreak()'.join(inlines(a) for a in authors)}] <author>\n")
    date = _meta_inlines(meta.get("date"))
    if date:
        head.append(f"#block[{date}] <date>\n")
    head.append("#v(1em)\n\n")
    return "".join(head)


def typst_document(ast: Node) -> str:
    """The whole Typst source of AST (after `pandoc.for_format(ast, "pdf")`).

    The paper size is left to a `#set page(paper: ...)` put before it, as
    the fonts are: it depends on the edition's region, not on the AST.

    Raises:
        ValueError: a node type this writer does not know (a builder made a new one).
    """
    labels, links = _labels(ast["blocks"])
    once = {label for label, times in labels.items() if times == 1}
    body = _unlinked(ast["blocks"], once) if links - once else ast["blocks"]
    numbering = _NOTE_NUMBERS.set(itertools.count(1))
    try:
        return typst_head(ast["meta"]) + blocks(body)
    finally:
        _NOTE_NUMBERS.reset(numbering)
