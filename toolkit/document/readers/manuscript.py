"""Read a manuscript (Markdown, Word, OpenDocument, HTML) through Pandoc's readers into the Document model.

Pandoc reads the file into its JSON AST; this module turns that into the
same model the letter's reader makes: segments of inline content (text,
note references, formatting spans) in headings, paragraphs, lists,
quotations, tables and figures, and notes. Footnotes come out of Pandoc's
AST where they are referenced, whatever their label (`[^sources]`, `[^2]`),
and are numbered in reading order. All knowledge of these source formats
lives here, in `odt`, `properties`, `webnotes` and `word` (what Pandoc's
readers leave unread or drop) and in Pandoc; nothing downstream knows which
reader made a document.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

import msgspec

from toolkit.document.fallback import english_labels_warning, fallback_title, undeclared_language_warning
from toolkit.document.keys import KeyMaker, describe
from toolkit.document.model import (
    Block,
    BlockKind,
    BodyBlock,
    CodeBlock,
    Definitions,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Metadata,
    Note,
    NoteRef,
    Quote,
    Rule,
    Segment,
    Span,
    SpanKind,
    Table,
    block_segments,
    inline_to_text,
    map_block,
    plain_of,
    spans_of,
)
from toolkit.document.readers.odt import OdtPicture, odt_pictures
from toolkit.document.readers.properties import package_meta
from toolkit.document.readers.webnotes import gather_web_notes
from toolkit.document.readers.word import unwrap_sequence_fields
from toolkit.document.sidecar import GIVEN, Sidecar, read_sidecar, sidecar_path
from toolkit.errors import ToolkitError
from toolkit.files import decode_utf8, read_input, shown_path

FORMATS = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".odt": "odt", ".html": "html"}
"""Seed suffixes this reader takes, and the Pandoc reader of each."""

_TEXTUAL = {"markdown", "html"}
"""Formats whose lines `#:` references can point to; in the others a reference counts paragraphs."""

_WRAPPERS = {
    "Emph": SpanKind.EMPH,
    "Strong": SpanKind.STRONG,
    "Strikeout": SpanKind.STRIKEOUT,
    "Superscript": SpanKind.SUPERSCRIPT,
    "Subscript": SpanKind.SUBSCRIPT,
    "SmallCaps": SpanKind.SMALLCAPS,
    "Underline": SpanKind.UNDERLINE,
}
_QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}
_ALIGNS = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}
Node = dict[str, Any]
_Block = TypeVar("_Block", bound=BodyBlock)


def read_manuscript(path: Path, root: Path) -> Document:
    """Read the manuscript at PATH (and its sidecar) into a Document; paths in messages are relative to ROOT.

    Raises:
        ToolkitError: the file is missing, unreadable, not UTF-8 (text formats), or Pandoc cannot read it.
    """
    shown = shown_path(path, root)
    fmt = FORMATS[path.suffix.lower()]
    data = read_input(path, shown, "seed", "no such seed")
    text = decode_utf8(data, shown, "not UTF-8 text; save the seed as UTF-8") if fmt in _TEXTUAL else ""
    ast = _pandoc_read(data, fmt, shown)
    if fmt == "html":
        ast["blocks"] = gather_web_notes(ast["blocks"])
    pictures: dict[str, list[OdtPicture]] = {}
    if fmt in _PACKAGED:
        # What the text says (a Title paragraph) comes before the file's properties.
        ast["meta"] = {**package_meta(data, fmt), **ast.get("meta", {})}
    if fmt == "odt":
        pictures = odt_pictures(data)
    if not text:
        # A Word or OpenDocument file has no lines: its title and then its
        # paragraphs, one a line, stand in for them, so that a reference
        # says which paragraph.
        title = _meta_text(ast.get("meta", {}).get("title"))
        text = "\n".join([*([title] if title else []), *_paragraphs(ast["blocks"])])
    sidecar = read_sidecar(sidecar_path(path), shown_path(sidecar_path(path), root))
    return _Reader(path, shown, sidecar, text, fmt, pictures).read(ast)


def _paragraphs(node: Any) -> Iterator[str]:
    """The words of each paragraph, heading, list item and table cell under NODE, in reading order.

    A note's words go with the paragraph that calls it.

    >>> note = {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "Note."}]}]}
    >>> list(_paragraphs([{"t": "Header", "c": [1, ["", [], []], [{"t": "Str", "c": "Title"}]]},
    ...                   {"t": "Para", "c": [{"t": "Str", "c": "Text."}, note]}]))
    ['Title', 'Text. Note.']
    """
    if isinstance(node, list):
        for child in node:
            yield from _paragraphs(child)
    elif isinstance(node, dict):
        kind = node.get("t")
        if kind in ("Para", "Plain", "Header", "LineBlock"):
            lines = node["c"] if kind == "LineBlock" else [node["c"][2] if kind == "Header" else node["c"]]
            notes: list[Node] = []
            text = " ".join(_words(line, notes) for line in lines)
            yield " ".join([text, *(" ".join(_paragraphs(note["c"])) for note in notes)])
        elif kind not in ("Str", "Code", "CodeBlock", "RawBlock", "RawInline"):
            yield from _paragraphs(node.get("c"))


def _words(inlines: list[Node], notes: list[Node]) -> str:
    """The words of INLINES; the notes among them go to NOTES."""
    parts: list[str] = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            parts.append(_words(node["c"], notes))
        elif kind in ("Span", "Quoted", "Cite", "Link"):
            parts.append(_words(node["c"][1], notes))
        elif kind == "Note":
            notes.append(node)
    return "".join(parts)


_PACKAGED = {"docx", "odt"}
"""Formats that carry their images inside the file."""


def _pandoc_read(data: bytes, fmt: str, shown: str) -> Node:
    from toolkit.programs import pandoc_path

    command = [pandoc_path(), f"--from={fmt}", "--to=json"]
    if fmt in _PACKAGED:
        command.append(f"--extract-media={_media_folder(data)}")
    if fmt == "docx":
        data = unwrap_sequence_fields(data)
    try:
        done = subprocess.run(command, input=data, capture_output=True, check=False)
    except OSError as error:
        raise ToolkitError(f"cannot run Pandoc: {error.strerror}", shown) from None
    if done.returncode != 0:
        first = next((ln for ln in done.stderr.decode("utf-8", "replace").splitlines() if ln.strip()), "no message")
        raise ToolkitError(f"Pandoc cannot read it: {first}", shown)
    ast: Node = json.loads(done.stdout)
    return ast


def _media_folder(data: bytes) -> Path:
    """Where Pandoc unpacks the images inside a Word or ODT seed, for the editions to take them from.

    The folder is named by the seed's content, so the same seed names its
    images by the same paths at every read (the editions' bytes and cache
    keys stay the same) and an edited seed gets a folder of its own.
    """
    import hashlib
    import tempfile

    return Path(tempfile.gettempdir()) / "toolkit-media" / hashlib.sha256(data).hexdigest()[:32]


_HOW_TO_DESCRIBE = {
    "markdown": "write one as ![description](file)",
    "html": 'write one as <img alt="description">',
    "docx": "add one as its Alt Text in Word (right-click the image, View Alt Text)",
    "odt": "add one as its Text Alternative in LibreOffice (the image's Properties, Options)",
}
"""How a seed of each format gives an image its words, for a warning to say."""


def _merge(runs: list[Inline]) -> tuple[Inline, ...]:
    r"""Join adjacent text, fold spaces (each line break one newline), and trim the ends.

    Only the spaces of the layout fold: a no-break or thin space the author
    typed (`10 km`, French `« oui »`) is kept, and with it the line it holds together.

    >>> _merge([" Water  Board ", "\n", " 12 River Road", "\n"]), _merge(["10\u00a0km "])
    (('Water Board\n12 River Road',), ('10\xa0km',))
    """
    merged: list[Inline] = []
    for run in runs:
        if isinstance(run, str) and merged and isinstance(merged[-1], str):
            merged[-1] += run
        elif run != "":
            merged.append(run)
    merged = [_LAYOUT_SPACE.sub(_folded, run) if isinstance(run, str) else run for run in merged]
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return tuple(run for run in merged if run != "")


_LAYOUT_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def _folded(space: re.Match[str]) -> str:
    # Two line breaks in a row leave an empty line between: both are kept.
    return "\n" * space.group().count("\n") or " "


def describe_spans(content: tuple[Inline, ...]) -> str:
    """Tell the translator what each placeholder of CONTENT is, link addresses included.

    >>> describe_spans(("see ", Span(SpanKind.LINK, ("the page",), "https://example.org")))
    'Placeholders mark formatting: move each pair with the words it marks, keep each once: <1>…</1> a link to https://example.org.'
    """
    spans = spans_of(content)
    if not spans:
        return ""
    described = []
    for number, span in enumerate(spans, 1):
        what = span.kind.value
        if span.kind is SpanKind.LINK:
            what = f"a link to {span.target}"
        elif span.kind is SpanKind.IMAGE and not plain_of(span.content).strip():
            what = f"the image {Path(span.target).name}, which has no description: keep the pair empty"
        elif span.kind is SpanKind.IMAGE:
            what = f"the image {Path(span.target).name} (its alt text)"
        elif span.kind is SpanKind.CODE:
            what = "code: translate it only if the text it names is translated"
        elif span.kind is SpanKind.LANGUAGE:
            what = f"words in {_language_name(span.lang)}, which readers' software then speaks as such"
        described.append(f"<{number}>…</{number}> {what}")
    return (
        "Placeholders mark formatting: move each pair with the words it marks, keep each once: "
        + "; ".join(described)
        + "."
    )


def _language_name(tag: str) -> str:
    """TAG's language as the translator's comment names it: `French (fr)`."""
    from toolkit.locales import language_name

    return f"{language_name(tag)} ({tag})"


def _known_language(tag: str) -> bool:
    from toolkit.locales import parse_lang

    try:
        parse_lang(tag)
    except ToolkitError:
        return False
    return True


class _Reader:
    """One reading of one manuscript; collects warnings as it goes."""

    def __init__(
        self, path: Path, shown: str, sidecar: Sidecar, text: str, fmt: str, pictures: dict[str, list[OdtPicture]]
    ) -> None:
        self.path = path
        self.fmt = fmt
        self.pictures = pictures
        self.name = path.stem
        self.shown = shown
        self.sidecar = sidecar
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.cursor = 0
        self.keys = KeyMaker()
        self.warnings: list[str] = []
        self.pending_notes: list[tuple[int, list[Node]]] = []
        self.anchors: dict[str, str] = {}
        """The ids of the blocks kept, each -> the key its links go to (`findings` -> `heading:findings`)."""

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.shown}:{line}: warning: {message}")

    def locate(self, content: tuple[Inline, ...], advance: bool = True) -> int:
        """The line of the source where CONTENT's first words stand, searching on from the last one found."""
        if not self.text:
            return 1
        words = re.findall(r"\w+", plain_of(content))[:3]
        if not words:
            return self.line_at(self.cursor)
        pattern = re.compile(r"\W+".join(re.escape(w) for w in words))
        found = pattern.search(self.text, self.cursor) or pattern.search(self.text)
        if found is None and len(words) > 1:
            found = re.search(re.escape(words[0]), self.text[self.cursor :])
            position = self.cursor + found.start() if found else self.cursor
        else:
            position = found.start() if found else self.cursor
        if advance:
            # Past the words found, so that a later block opening with the same words is found where it stands.
            self.cursor = max(self.cursor, position + 1)
        return self.line_at(position)

    def line_at(self, position: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.line_starts, position)

    def segment(self, role: str, content: tuple[Inline, ...], what: str, line: int | None = None) -> Segment:
        comment = _comment(what, content)
        line = line if line is not None else self.locate(content)
        for span in spans_of(content):
            if span.kind is SpanKind.IMAGE and not plain_of(span.content).strip():
                self.undescribed(span.target, self.image_line(span.target, self.line_starts[line - 1]))
        return Segment(self.keys(role, plain_of(content)), content, line, comment, self.shown)

    def undescribed(self, target: str, line: int) -> None:
        """Warn that the image TARGET, at LINE, has no words: it is printed as decorative."""
        how = _HOW_TO_DESCRIBE[self.fmt]
        self.warn(
            line,
            f"image '{Path(target).name}' has no description for readers who cannot see it; "
            f"it is printed as decorative, which screen readers pass over: {how}",
        )

    def image_line(self, target: str, start: int) -> int:
        """The line of the image TARGET: where a Markdown or HTML seed names it from START on, else START's."""
        if self.fmt in _TEXTUAL:
            found = self.text.find(target, start)
            return self.line_at(found if found >= 0 else start)
        return self.line_at(start)

    def picture(self, target: str, take: bool = True) -> OdtPicture:
        """What the ODT's XML says of the image TARGET (Pandoc's path to it), each of its uses in turn.

        TAKE it, or only look: the next call for TARGET gives the same.
        """
        for href, uses in self.pictures.items():
            if uses and (target == href or target.endswith("/" + href)):
                return uses.pop(0) if take else uses[0]
        return OdtPicture("", "")

    # -- Inline content ---------------------------------------------------------

    def inlines(self, nodes: Sequence[Node]) -> list[Inline]:
        runs: list[Inline] = []
        for node in nodes:
            kind: str = node["t"]
            content: Any = node.get("c")
            if kind == "Str":
                runs.append(content)
            elif kind in ("Space", "SoftBreak"):
                runs.append(" ")
            elif kind == "LineBreak":  # an address's or a poem's lines: kept as a newline in the catalog
                runs.append("\n")
            elif kind in _WRAPPERS:
                runs.append(Span(_WRAPPERS[kind], _merge(self.inlines(content))))
            elif kind == "Code":
                runs.append(Span(SpanKind.CODE, (content[1],)))
            elif kind == "Link":
                runs.append(Span(SpanKind.LINK, _merge(self.inlines(content[1])), content[2][0], content[2][1]))
            elif kind == "Image":
                alt = _merge(self.inlines(content[1]))
                if not plain_of(alt).strip():  # Pandoc's ODT reader leaves the alt text in the XML
                    alt = _merge([self.picture(content[2][0]).alt])
                # With no words, the image is decorative: `segment` warns of it where it knows the line.
                image = self.image(content[2][0])
                runs.append(Span(SpanKind.IMAGE, alt, image, content[2][1]) if image else Span(SpanKind.EMPH, alt))
            elif kind == "Note":
                number = len(self.pending_notes) + 1
                self.pending_notes.append((number, content))
                runs.append(NoteRef(number))
            elif kind == "Quoted":
                opening, closing = _QUOTES[content[0]["t"]]
                runs.extend([opening, *self.inlines(content[1]), closing])
            elif kind == "Span":
                inner: list[Inline] = self.inlines(content[1])
                for wrapper in _styled(content[0]):
                    inner = [Span(wrapper, _merge(inner))]
                tag = _language(content[0])
                if tag and not _known_language(tag):
                    message = f"language '{tag}' of a span is none Babel knows; its words are kept unmarked"
                    self.warn(self.line_of(tag), message)
                elif tag and plain_of(tuple(inner)).strip():
                    inner = [Span(SpanKind.LANGUAGE, _merge(inner), lang=tag)]
                runs.extend(inner)
            elif kind == "Cite":
                runs.extend(self.inlines(content[1]))
            elif kind in ("RawInline", "Math"):
                runs.append(content[1])  # as written: text, never markup
        return runs

    def image(self, target: str) -> str:
        """The image file TARGET names, as an absolute path; '' (with a warning) when there is none to use."""
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
            self.warn(self.locate(("",), advance=False), f"image '{target}' is not a local file; its text is kept")
            return ""
        file = (self.path.parent / target).resolve()
        if not file.is_file():
            self.warn(self.line_of(target), f"no image file '{target}' beside the seed; its text is kept")
            return ""
        return str(file)

    def line_of(self, fragment: str) -> int:
        position = self.text.find(fragment)
        return self.line_at(position) if position >= 0 else 1

    # -- Blocks -----------------------------------------------------------------

    def blocks(self, nodes: Sequence[Node], role: str = "paragraph", what: str = "Paragraph.") -> list[BodyBlock]:
        out: list[BodyBlock] = []
        nodes = list(nodes)
        while nodes:
            node = nodes.pop(0)
            kind: str = node["t"]
            content: Any = node.get("c")
            lone = self.lone_images(content, nodes) if kind in ("Para", "Plain") else None
            if lone is not None:
                out.extend(lone)
            elif kind in ("Para", "Plain"):
                runs = _merge(self.inlines(content))
                if runs:
                    out.append(Block(BlockKind.PARAGRAPH, self.segment(role, runs, what)))
            elif kind == "LineBlock":
                runs = _merge([run for line in content for run in [*self.inlines(line), "\n"]])
                if runs:
                    out.append(Block(BlockKind.PARAGRAPH, self.segment(role, runs, what)))
            elif kind == "Header":
                runs = _merge(self.inlines(content[2]))
                level = content[0]
                heading = Heading(level, self.segment("heading", runs, f"Heading of a section (level {level})."))
                self.anchor([content[1][0], *_ids(content[2])], heading.segment.key)
                out.append(heading)
            elif kind in ("BulletList", "OrderedList"):
                out.append(self.list_block(kind == "OrderedList", content))
            elif kind == "BlockQuote":
                out.append(Quote(tuple(self.blocks(content, "quote", "Paragraph of a block quotation."))))
            elif kind == "Table":
                out.append(self.table(content))
            elif kind == "Figure":
                out.extend(self.figure(content))
            elif kind == "CodeBlock":
                classes = content[0][1]
                self.locate((content[1],))
                out.append(CodeBlock(content[1], classes[0] if classes else ""))
            elif kind == "HorizontalRule":
                out.append(Rule())
            elif kind == "Div" and content[0][0] == "title-block-header":
                continue  # a page Pandoc wrote: its header repeats the metadata the editions print
            elif kind == "Div":
                inside = self.blocks(content[1], role, what)
                if content[0][0] and inside:  # a link to the Div goes to its first block, if that can be a target
                    inside[0] = self.anchored(inside[0], [content[0][0]])
                out.extend(inside)
            elif kind == "DefinitionList":
                items = []
                for term, definitions in content:
                    words = self.segment("term", _merge(self.inlines(term)), "A term of a list of definitions.")
                    what = "Definition of the term above."
                    items.append((words, tuple(tuple(self.blocks(d, "definition", what)) for d in definitions)))
                out.append(Definitions(tuple(items)))
            elif kind == "RawBlock":
                self.warn(self.line_of(content[1][:40]), f"raw {content[0]} left out of the editions")
        return out

    def lone_images(self, content: list[Node], following: list[Node]) -> list[BodyBlock] | None:
        """A paragraph of images with no words, alt text or caption: each a decorative figure; else None.

        Such an image is a figure after all when the paragraph after it is
        the caption an ODT gave it (which Pandoc reads as a paragraph of its
        own): that paragraph, taken from FOLLOWING, is its caption.
        """
        if not content or any(n["t"] not in ("Image", "Space", "SoftBreak", "LineBreak") for n in content):
            return None
        images = [n["c"] for n in content if n["t"] == "Image"]
        pictures = [self.picture(image[2][0], take=False) for image in images]
        if any(_words(image[1], []).strip() for image in images) or any(picture.alt for picture in pictures):
            return None
        after = following[0] if following else {}
        if (
            len(images) == 1
            and pictures[0].caption
            and after.get("t") in ("Para", "Plain")
            and " ".join(_words(after["c"], []).split()) == pictures[0].caption
        ):
            following.pop(0)
            return self.figure([["", [], []], [None, [after]], [{"t": "Plain", "c": content}]])  # as Pandoc writes one
        for image in images:
            self.picture(image[2][0])
        return self.decorative(images)

    def decorative(self, images: list[Any]) -> list[BodyBlock]:
        """The IMAGES (Pandoc's Image contents) of a paragraph without words, each a figure without a caption."""
        # No words to locate them by: a Word or ODT seed's image paragraph is the next empty line.
        empty = re.compile(r"^$", re.M).search(self.text, self.cursor) if self.fmt not in _TEXTUAL else None
        start = empty.start() if empty else self.cursor
        out: list[BodyBlock] = []
        for image in images:
            line = self.image_line(image[2][0], start)
            start = max(start, self.line_starts[line - 1])
            file = self.image(image[2][0])
            if file:
                self.undescribed(image[2][0], line)
                out.append(Figure(file, None))
        self.cursor = max(self.cursor, min(start + 1, len(self.text)))
        return out

    def list_block(self, ordered: bool, content: Any) -> ListBlock:
        (start, style, delimiter) = content[0] if ordered else (1, {"t": "Decimal"}, {"t": "Period"})
        items = content[1] if ordered else content
        read = []
        for index, item in enumerate(items):
            what = (
                f"Item {start + index} of a numbered list: the edition adds the number, do not type it."
                if ordered
                else "Item of a bulleted list."
            )
            read.append(tuple(self.blocks(item, "item", what)))
        tight = all(block["t"] != "Para" for item in items for block in item)
        # Pandoc's defaults are its writers' choice: decimal numbers with a period.
        style_name = "Decimal" if style["t"] in ("DefaultStyle", "Example") else style["t"]
        delimiter_name = "Period" if delimiter["t"] == "DefaultDelim" else delimiter["t"]
        return ListBlock(ordered, tuple(read), start, tight, style_name, delimiter_name)

    def table(self, content: Any) -> Table:
        _, caption, colspecs, (_, head_rows), bodies, _ = content

        def rows(rows_: Any, where: str) -> tuple[tuple[tuple[BodyBlock, ...], ...], ...]:
            read = []
            for r, (_, cells) in enumerate(rows_, 1):
                read.append(
                    tuple(
                        tuple(self.blocks(cell[4], "cell", f"Cell of a table ({where} row {r}, column {c})."))
                        for c, cell in enumerate(cells, 1)
                    )
                )
            return tuple(read)

        head = rows(head_rows, "heading")
        body = tuple(row for (_, _, _, body_rows) in bodies for row in rows(body_rows, "body"))
        aligns = tuple(_ALIGNS.get(spec[0]["t"], "default") for spec in colspecs)
        # Pandoc's Markdown puts a table's caption after it: read in the order written.
        caption_runs = _merge([r for b in caption[1] for r in self.inlines(b.get("c", []))]) if caption[1] else ()
        caption_segment = self.segment("caption", caption_runs, "Caption of a table.") if caption_runs else None
        table = Table(head, body, aligns, caption_segment)
        return self.anchored(table, [content[0][0], *_ids(caption[1])])

    def figure(self, content: Any) -> list[BodyBlock]:
        _, caption, blocks = content
        images = [n for b in blocks for n in b.get("c", []) if isinstance(n, dict) and n.get("t") == "Image"]
        caption_runs = _merge([r for b in caption[1] for r in self.inlines(b.get("c", []))])
        if not images:
            return self.blocks(blocks)
        image_node = images[0]["c"]
        picture = self.picture(image_node[2][0])
        alt = caption_runs or _merge(self.inlines(image_node[1])) or _merge([picture.alt])
        if not plain_of(alt).strip():
            return self.decorative([image_node])
        image = self.image(image_node[2][0])
        what = f"Caption of the image {Path(image_node[2][0]).name}, also its text for readers who cannot see it."
        segment = self.segment("caption", alt, what)
        if not image:
            return [Block(BlockKind.PARAGRAPH, segment)]
        return [self.anchored(Figure(image, segment), [content[0][0], images[0]["c"][0][0], *_ids(caption[1])])]

    # -- Links within the document ---------------------------------------------

    def anchor(self, ids: Sequence[str], key: str) -> None:
        """Send the links to each of IDS (the manuscript's, '' for none) to the block whose id is made from KEY."""
        for name in ids:
            if name:
                self.anchors.setdefault(name, key)  # a repeated id names its first block, as a browser takes it

    def anchored(self, block: _Block, ids: Sequence[str]) -> _Block:
        """BLOCK as a target of the links to IDS: a heading always is; a figure or table given an anchor."""
        if not any(ids):
            return block
        if isinstance(block, Heading):
            self.anchor(ids, block.segment.key)
            return block
        if isinstance(block, Figure | Table):
            # Its caption names it best; a table without one, by its first cell.
            key = block.anchor or next((s.key for s in (block.caption, *block_segments(block)) if s), "")
            if key:
                self.anchor(ids, key)
                return msgspec.structs.replace(block, anchor=key)
        return block

    def resolve(self, segment: Segment) -> Segment:
        """SEGMENT with its links within the document sent to their blocks' keys; a link to nothing loses its target.

        A link's words stay in the catalog whatever it goes to, so mending
        it later changes no msgid.
        """
        if not any(s.kind is SpanKind.LINK and not _has_scheme(s.target) for s in spans_of(segment.content)):
            return segment
        return msgspec.structs.replace(segment, content=self.resolved(segment.content, segment.line))

    def resolved(self, content: tuple[Inline, ...], line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for run in content:
            if isinstance(run, Span):
                target = run.target
                if run.kind is SpanKind.LINK and target.startswith("#"):
                    key = self.anchors.get(target[1:]) or self.anchors.get(unquote(target[1:]))
                    if key is None:
                        self.warn(
                            line,
                            f"link to '{target}' goes to no heading, figure or table of the seed; "
                            "its words are printed without the link",
                        )
                    target = f"#{key}" if key else ""
                elif run.kind is SpanKind.LINK and not _has_scheme(target):
                    # `/about/` or `report.pdf` named a place beside the seed, which no edition is:
                    # an EPUB with such a link fails EPUBCheck, and a reader's click goes nowhere.
                    self.warn(
                        line,
                        f"link to '{target}' has no full address (it names a place beside the seed); "
                        "its words are printed without the link: write it in full (https://…)",
                    )
                    target = ""
                run = msgspec.structs.replace(run, content=self.resolved(run.content, line), target=target)
            out.append(run)
        return tuple(out)

    # -- The document -----------------------------------------------------------

    def notes(self) -> list[Note]:
        notes = []
        done = 0
        while done < len(self.pending_notes):  # a note may reference another
            number, blocks = self.pending_notes[done]
            done += 1
            # The paragraphs are keyed by the note's first words below, not one by one.
            keys, self.keys = self.keys, KeyMaker()
            read = self.blocks(blocks, "note", f"Footnote {number}.")
            self.keys = keys
            paragraphs = [segment for block in read for segment in block_segments(block)]
            if not paragraphs:
                continue
            first = paragraphs[0]
            key = self.keys("note", plain_of(first.content))
            renamed = [
                Segment(key if i == 1 else f"{key}.{i}", p.content, p.line, _note_comment(number, i, p), p.source)
                for i, p in enumerate(paragraphs, 1)
            ]
            notes.append(Note(number, tuple(renamed), first.line))
        return notes

    def metadata(self, meta: Node) -> tuple[Metadata, dict[str, Segment | None]]:
        """The sidecar's metadata, completed from the source's own; and the title, creator, publisher and description.

        Each segment is the sidecar's where it gives one (`Sidecar.given`),
        else the source's own (YAML metadata, a document's properties).
        """
        metadata = self.sidecar.metadata
        date = _meta_text(meta.get("date"))
        if date and not metadata.date:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                metadata = msgspec.structs.replace(metadata, date=date)
            else:
                self.warn(self.line_of(date), f"date '{date}' is not YYYY-MM-DD; set [document] date in the sidecar")
        lang = _meta_text(meta.get("lang"))
        if lang and metadata.source_lang == "en":
            metadata = self.source_language(metadata, lang)
        given = {key: self.sidecar.given(key) for key in GIVEN}
        if given["title"] is None:
            given["title"] = self.formatted(meta, "title", "Title of the document.")
        if given["creator"] is None and meta.get("author"):
            authors = meta["author"]["c"] if meta["author"]["t"] == "MetaList" else [meta["author"]]
            names = [plain_of(_merge(self.inlines(_meta_inlines(author)))) for author in authors]
            shown = ", ".join(name for name in names if name)
            if shown:
                line = self.locate((names[0],), advance=False)
                what = "Author of the document, as the editions credit it."
                given["creator"] = Segment("creator", (shown,), line, what, self.shown)
        for key in ("publisher", "description"):
            text = _meta_text(meta.get(key))
            if given[key] is None and text:
                given[key] = Segment(key, (text,), self.locate((text,), advance=False), GIVEN[key], self.shown)
        return metadata, given

    def source_language(self, metadata: Metadata, lang: str) -> Metadata:
        """METADATA in the language the source declares (YAML `lang: en-GB`), its region that edition's own.

        The sidecar's `[regions]` still decides.

        Raises:
            ToolkitError: Babel knows no such language (named at its line).
        """
        from toolkit.locales import region_apart

        try:
            source, region = region_apart(lang)
        except ToolkitError as error:
            raise ToolkitError(error.message, self.shown, self.line_of(lang)) from None
        regions = dict(metadata.regions)
        if region and source not in regions:
            regions[source] = region
        return msgspec.structs.replace(metadata, source_lang=source, regions=tuple(sorted(regions.items())))

    def formatted(self, meta: Node, key: str, what: str) -> Segment | None:
        """The segment KEY of the source's metadata, its formatting kept (a title with emphasis), if it has one."""
        if not meta.get(key):
            return None
        runs = _merge(self.inlines(_meta_inlines(meta[key])))
        return Segment(key, runs, self.locate(runs, advance=False), _comment(what, runs), self.shown)

    def abstract(self, meta: Node) -> list[BodyBlock]:
        """The abstract Pandoc's readers lift out of the text (Word's Abstract paragraphs, YAML's `abstract:`).

        Printed nowhere else, it would be lost: it opens the text.
        """
        value = meta.get("abstract")
        if value is None:
            return []
        nodes = value["c"] if value["t"] == "MetaBlocks" else [{"t": "Para", "c": _meta_inlines(value)}]
        return self.blocks(nodes, "abstract", "Paragraph of the abstract, printed before the text.")

    def read(self, ast: Node) -> Document:
        metadata, given = self.metadata(ast.get("meta", {}))
        title, creator = given["title"], given["creator"]
        # Pandoc's readers lift it out of the text (Word's Subtitle paragraph, YAML's `subtitle:`).
        subtitle = self.formatted(ast.get("meta", {}), "subtitle", "Subtitle of the document, printed under its title.")
        opening = self.abstract(ast.get("meta", {}))
        body = self.blocks(ast["blocks"])
        # A word processor's Title and Author paragraphs, when its reader kept them as text, are the metadata;
        # so is a first heading that repeats the title (YAML `title:` then `# Title`): it is printed once.
        for segment in (title, creator):
            first = body[0] if body else None
            if (
                segment
                and isinstance(first, (Block, Heading))
                and plain_of(first.segment.content) == plain_of(segment.content)
            ):
                body = body[1:]
        first = body[0] if body else None
        if (
            title
            and self.fmt == "html"
            and self.sidecar.given("title") is None
            and isinstance(first, Heading)
            and _names_the_site(plain_of(title.content), plain_of(first.segment.content))
        ):
            # A page's <title> adds its site's name ("Report | Water Board"); its first heading is the title.
            title = msgspec.structs.replace(
                first.segment, key="title", comment=_comment("Title of the document.", first.segment.content)
            )
            body = body[1:]
        if title is None and body and _heads_the_text(body):
            # A manuscript with no title that opens with its one top heading (Word's Heading 1, `# Minutes`):
            # that heading is its title, as Pandoc's --shift-heading-level-by=-1 takes it.
            heading, body = body[0], body[1:]
            assert isinstance(heading, Heading)
            comment = _comment("Title of the document.", heading.segment.content)
            title = msgspec.structs.replace(heading.segment, key="title", comment=comment)
        body = _outline([*opening, *body])
        notes = self.notes()
        # Links may go forward: they are sent to their blocks once all are read.
        body = [map_block(block, self.resolve) for block in body]
        notes = [msgspec.structs.replace(note, paragraphs=tuple(map(self.resolve, note.paragraphs))) for note in notes]
        title, subtitle = (self.resolve(s) if s else None for s in (title, subtitle))
        if title is None:
            title, warning = fallback_title(self.name, self.shown, self.sidecar.path)
            self.warnings.append(warning)
        labels = english_labels_warning(self.sidecar, metadata.source_lang, self.shown)
        self.warnings.extend([labels] if labels else [])
        if not self.sidecar.declares_language and not _meta_text(ast.get("meta", {}).get("lang")):
            words = [s.text for block in body for s in block_segments(block)]
            words += [p.text for note in notes for p in note.paragraphs]
            language = undeclared_language_warning(" ".join(words), self.shown, self.sidecar.path)
            self.warnings.extend([language] if language else [])
        return Document(
            name=self.name,
            source=self.shown,
            metadata=metadata,
            title=title,
            subtitle=subtitle,
            creator=creator,
            publisher=given["publisher"],
            description=given["description"],
            labels=self.sidecar.label_segments(metadata.source_lang),
            body=tuple(body),
            notes=tuple(notes),
            warnings=tuple(self.warnings),
        )


_STYLED = {
    SpanKind.STRONG: re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)\b"),
    SpanKind.EMPH: re.compile(r"font-style\s*:\s*(italic|oblique)\b"),
}


def _styled(attr: list[Any]) -> list[SpanKind]:
    """The emphasis a Span's inline style gives (an HTML e-mail's, Google Docs': `font-weight:700`), innermost first.

    >>> _styled(["", [], [["style", "font-style:italic;font-weight:700"]]])
    [<SpanKind.STRONG: 'strong emphasis'>, <SpanKind.EMPH: 'emphasis'>]
    >>> _styled(["", [], [["style", "font-weight:400"]]])
    []
    """
    style = " ".join(value for name, value in attr[2] if name == "style").lower()
    return [kind for kind, pattern in _STYLED.items() if pattern.search(style)]


def _language(attr: list[Any]) -> str:
    """The language a Span's attributes give its words (`{lang=fr}`, `<span lang="fr">`), as a BCP 47 tag; else ''.

    >>> _language(["", [], [["lang", "fr"]]]), _language(["", [], [["lang", "sr_Latn"]]]), _language(["", [], []])
    ('fr', 'sr-Latn', '')
    """
    tag = next((value for name, value in attr[2] if name in ("lang", "xml:lang")), "").strip().replace("_", "-")
    return tag if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag) else ""


def _has_scheme(target: str) -> bool:
    """Whether TARGET is a full address, which reaches the same place from any edition.

    >>> [_has_scheme(t) for t in ("https://example.org", "mailto:a@example.org", "/about/", "../a.pdf", "#map")]
    [True, True, False, False, False]
    """
    return re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) is not None


_SITE_SEPARATOR = re.compile(r"\s+[|\-–—·•:»]{1,2}\s+")


def _names_the_site(title: str, heading: str) -> bool:
    """Whether TITLE is HEADING and a site's name, as a page's <title> is ("Report | Water Board").

    >>> _names_the_site("Wells | Water Board", "Wells"), _names_the_site("Water Board – Wells", "Wells")
    (True, True)
    >>> _names_the_site("Wells and pumps", "Wells"), _names_the_site("Wells - 2023 - Board", "Wells")
    (False, True)
    """
    parts = _SITE_SEPARATOR.split(title.strip())
    return len(parts) > 1 and heading.strip() in (parts[0], parts[-1])


def _heads_the_text(blocks: Sequence[BodyBlock]) -> bool:
    """Whether BLOCKS open with a heading and no other heading is of its level or above."""
    first = blocks[0]
    return isinstance(first, Heading) and not any(
        isinstance(block, Heading) and block.level <= first.level for block in blocks[1:]
    )


def _outline(blocks: Sequence[BodyBlock]) -> list[BodyBlock]:
    """BLOCKS with each heading's level its depth in the outline, 1 the highest.

    A manuscript may skip levels (a title in its metadata, then `##`; or `#`
    then `###`): a tagged PDF refuses that (PDF/UA-1), and a screen reader
    announces a section with no parent. A heading goes one level below the
    nearest heading before it whose level in the manuscript is higher.
    """
    out: list[BodyBlock] = []
    open_sections: list[tuple[int, int]] = []  # (level in the manuscript, depth), outermost first
    for block in blocks:
        if isinstance(block, Heading):
            while open_sections and open_sections[-1][0] >= block.level:
                open_sections.pop()
            depth = open_sections[-1][1] + 1 if open_sections else 1
            open_sections.append((block.level, depth))
            block = msgspec.structs.replace(block, level=depth)
        out.append(block)
    return out


def _comment(what: str, content: tuple[Inline, ...]) -> str:
    """The translator's comment on a segment of CONTENT: WHAT it is, then its tokens, lines and placeholders."""
    return " ".join(part for part in (describe(what, inline_to_text(content)), describe_spans(content)) if part)


def _note_comment(number: int, index: int, segment: Segment) -> str:
    return _comment(f"Footnote {number}" + (f", paragraph {index}" if index > 1 else "") + ".", segment.content)


def _ids(node: Any) -> list[str]:
    """The ids of the Spans under NODE: Word's bookmarks and HTML's `<a id>` anchors in a heading or caption.

    >>> _ids([{"t": "Span", "c": [["_Ref1", ["anchor"], []], []]}, {"t": "Str", "c": "Map"}])
    ['_Ref1']
    """
    if isinstance(node, list):
        return [name for child in node for name in _ids(child)]
    if isinstance(node, dict) and node.get("t") != "Note":
        here = [node["c"][0][0]] if node.get("t") == "Span" and node["c"][0][0] else []
        return here + _ids(node.get("c"))
    return []


def _meta_inlines(value: Node) -> list[Node]:
    if value["t"] == "MetaInlines":
        return list(value["c"])
    if value["t"] == "MetaBlocks":
        return [n for block in value["c"] for n in block.get("c", []) if isinstance(n, dict)]
    if value["t"] == "MetaString":
        return [{"t": "Str", "c": value["c"]}]
    return []


def _meta_text(value: Node | None) -> str:
    return _words(_meta_inlines(value), []).strip() if value is not None else ""
