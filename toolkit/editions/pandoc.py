"""Turn a (translated) Document into Pandoc's JSON AST, and the AST into formats.

The AST is built node by node from text runs: a translator's text only ever
becomes `Str` nodes, so nothing typed in a catalog can turn into raw
Typst, HTML or OpenXML. This is the only module that runs Pandoc's writers
(the manuscript reader runs its readers).
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec

from toolkit.document.model import Block, BlockKind, BodyBlock, Document, Note, NoteRef, Segment
from toolkit.editions import ast, parts
from toolkit.editions.ast import Node
from toolkit.errors import ToolkitError
from toolkit.programs import pandoc_path


class _Builder(msgspec.Struct):
    """One walk of one document; places each note at its first reference."""

    document: Document
    direction: str = "ltr"
    """How the edition's language is written, `ltr` or `rtl`."""
    linked: frozenset[str] = frozenset()
    """The addresses of the text that are links: the source's (`structure.linked_addresses`)."""
    warnings: list[str] = msgspec.field(default_factory=list)
    placed: dict[int, int] = msgspec.field(default_factory=dict)
    """Note number in the seed -> the number Pandoc gives it (reading order)."""
    notes: dict[int, Note] = msgspec.field(default_factory=dict)
    """The document's notes by number, filled in from it."""

    def __post_init__(self) -> None:
        self.notes = {note.number: note for note in self.document.notes}

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.document.source}: warning: {message}")

    def inlines(self, segment: Segment, in_note: bool = False) -> list[Node]:
        from toolkit.editions.structure import segment_nodes

        return segment_nodes(
            segment, lambda ref: self.note_ref(ref, segment, in_note), self.direction, linked=self.linked
        )

    def note_ref(self, ref: NoteRef, segment: Segment, in_note: bool) -> list[Node]:
        note = self.notes.get(ref.number)
        if note is None or in_note or ref.number in self.placed:
            # A second reference to a note points at the footnote already
            # placed; Pandoc's notes cannot be shared, so it gets the number.
            shown = str(self.placed[ref.number]) if ref.number in self.placed else f"[{ref.number}]"
            if note is None:
                self.warn(
                    f"{segment.key}: reference to note {ref.number}, which the notes do not define; printed as {shown}"
                )
            return [ast.superscript([ast.string(shown)])]
        self.placed[ref.number] = len(self.placed) + 1
        return [ast.note([ast.para(self.inlines(p, in_note=True)) for p in note.paragraphs])]

    def blocks(self, blocks: Sequence[BodyBlock]) -> list[Node]:
        """Paragraphs, with consecutive list items gathered into one OrderedList, and a manuscript's structures."""
        from toolkit.editions.structure import structure_nodes

        out: list[Node] = []
        items: list[list[Node]] = []
        start = 1
        for block in [*blocks, None]:
            if isinstance(block, Block) and block.kind is BlockKind.LIST_ITEM:
                if not items:
                    start = block.number or 1
                items.append([ast.para(self.inlines(block.segment))])
                continue
            if items:
                out.append(ast.ordered_list(items, start))
                items = []
            if block is not None:
                out.extend(structure_nodes(block, self.inlines))
        return out

    def build(self) -> list[Node]:
        doc = self.document
        out: list[Node] = []
        if doc.credit and not doc.metadata.credit_omitted:
            out.append(ast.div([ast.para(self.inlines(doc.credit))], ast.attr(classes=["credit"])))
        if doc.editor_note:
            quote = ast.block_quote([ast.para(self.inlines(s)) for s in doc.editor_note])
            out.append(ast.div([quote], ast.attr(classes=["editor-note"])))
        if doc.addressees:
            lines = [parts.addressee(a, self.inlines) for a in doc.addressees]
            if doc.addressees_end:
                lines.append(parts.addressees_end(doc.addressees_end))
            out.append(ast.div(lines, ast.attr(classes=["addressees"])))
        out.extend(self.blocks(doc.body))
        if doc.closing:
            out.append(ast.div(self.blocks(doc.closing), ast.attr(classes=["closing"])))
        for group in doc.signatories:
            blocks: list[Node] = []
            if group.heading:
                blocks.append(parts.group_heading(group.heading, self.inlines))
            blocks.append(parts.organisations(group.organisations, self.inlines))
            out.append(ast.div(blocks, ast.attr(classes=["signatories"])))
        out.extend(self.unreferenced())
        return out

    def unreferenced(self) -> list[Node]:
        """Notes no segment references, printed in a section of their own."""
        left = [note for note in self.document.notes if note.number not in self.placed]
        if not left:
            return []
        label = self.document.label("notes")
        heading = self.inlines(label) if label else ast.text("Notes")
        blocks = [ast.header(2, heading, "unreferenced-notes")]
        for note in left:
            self.warn(f"note {note.number} is referenced by no segment; printed in a section at the end")
            paragraphs = [ast.para(self.inlines(p, in_note=True)) for p in note.paragraphs]
            blocks.append(ast.div(paragraphs, ast.attr(classes=["note"])))
        return [ast.div(blocks, ast.attr(classes=["unreferenced-notes"]))]


def to_pandoc_ast(
    document: Document,
    lang_tag: str,
    date_text: str = "",
    identifier: str = "",
    linked: frozenset[str] = frozenset(),
) -> tuple[Node, list[str]]:
    """Build the Pandoc AST of DOCUMENT, read as a letter, and the warnings found.

    Args:
        lang_tag: BCP 47 tag of the edition (`es-MX`).
        date_text: the publication date as the language writes it.
        identifier: the edition's stable identifier (`urn:uuid:...`).
        linked: the addresses of the text made links: the source document's
            (`structure.linked_addresses`), whatever DOCUMENT's language.
    """
    from toolkit.locales import text_direction

    builder = _Builder(document, text_direction(lang_tag), linked)
    blocks = builder.build()
    meta = parts.edition_meta(document, lang_tag, identifier, builder.inlines)
    if document.subtitle:  # under the title (a parallel edition's subtitle is its second title)
        meta["subtitle"] = ast.meta_inlines(builder.inlines(document.subtitle))
    if date_text:
        meta["date"] = ast.meta_inlines(ast.text(date_text))
    return ast.document(meta, blocks), builder.warnings


def for_epub(tree: Node) -> Node:
    """Adapt the AST for EPUB: an ISO `dc:date`, and the title, author and date opening the text.

    Pandoc can only put a date it can parse into `dc:date`, so the localised
    date moves from the metadata into the text, under the title, and
    Pandoc's own title page is left out (`--epub-title-page=false`).
    """
    meta = dict(tree["meta"])
    opening: list[Node] = []
    if "title" in meta:
        opening.append(ast.header(1, meta["title"]["c"], "title"))
    if "subtitle" in meta:  # the parallel edition's title in its second language
        other = meta["other-lang"]["c"] if "other-lang" in meta else ""
        language = parts.language_attributes(other, meta["dir"]["c"] if "dir" in meta else "ltr") if other else []
        opening.append(ast.div([ast.para(meta["subtitle"]["c"])], ast.attr("", ["subtitle"], language)))
    for author in meta.get("author", {}).get("c", []):
        opening.append(ast.div([ast.para(author["c"])], ast.attr(classes=["author"])))
    if "date" in meta:
        opening.append(ast.div([ast.para(meta.pop("date")["c"])], ast.attr(classes=["date"])))
    if "date-iso" in meta:
        meta["date"] = ast.meta_string(meta["date-iso"]["c"])
    if "dir" in meta:
        meta["page-progression-direction"] = meta["dir"]
    return {**tree, "meta": meta, "blocks": opening + list(tree["blocks"])}


_PRIVATE_META = ("date-iso", "labels", "other-lang", "web-nav", "web-alternates", "image-digests")
"""Metadata the toolkit reads itself; Pandoc would write it into DOCX custom properties."""


PAIR = "pair"
"""Class of a Div holding a segment and its translation (two Divs with `lang`): the bilingual edition."""

SHARED = "shared"
"""Class of a pair Div whose two sides read the same: one Div, set once across both columns."""


def pairs_as_tables(blocks: list[Node]) -> list[Node]:
    """Gather consecutive pair Divs into two-column tables, for the print and Word editions.

    A table row starts both cells at the same height, which is what a
    parallel edition is for; a shared pair is one cell across both columns.
    The EPUB and the web page keep the Divs and lay them side by side in CSS.
    """
    out: list[Node] = []
    rows: list[list[Any]] = []
    for block in [*blocks, None]:
        if block is not None and block["t"] == "Div" and PAIR in block["c"][0][1]:
            classes = block["c"][0][1]
            kind = ast.attr(classes=[c for c in classes if c not in (PAIR, SHARED)][:1])
            columns = 2 if SHARED in classes else 1
            rows.append(ast.row([ast.cell([cell], kind, columns) for cell in block["c"][1]]))
            continue
        if rows:
            out.append(ast.table(rows, (0.5, 0.5), ast.attr(classes=["parallel"])))
            rows = []
        if block is not None:
            out.append(block)
    return out


def notes_as_footnotes(blocks: list[Node]) -> list[Node]:
    """The bilingual edition with Word footnotes: each note call becomes the note, the notes' rows go.

    Each note and language is one footnote where the text calls it (the
    number linking back is left out). Word would number them in one running
    sequence, both languages together, so each footnote opens with a
    bookmark naming its note (`word.FOOTNOTE_MARK`), from which the DOCX is
    given the printed number as the footnote's own mark. A note nothing
    calls keeps its row under the notes' heading.
    """
    from toolkit.editions.word import FOOTNOTE_MARK

    notes: dict[str, list[Node]] = {}
    for block in blocks:
        if block["t"] == "Div" and "note" in block["c"][0][1]:
            for side in block["c"][1]:
                for note in side["c"][1]:
                    if note["t"] == "Div" and note["c"][0][0]:
                        first, *rest = note["c"][1]
                        mark = ast.span([], ast.attr(FOOTNOTE_MARK + note["c"][0][0]))
                        notes["#" + note["c"][0][0]] = [ast.para([mark, *first["c"][2:]]), *rest]
    called: set[str] = set()

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if not isinstance(node, dict):
            return node
        if node.get("t") == "Superscript" and len(node["c"]) == 1 and node["c"][0]["t"] == "Link":
            target = node["c"][0]["c"][2][0]
            if target in notes:
                called.add(target)
                return ast.note(notes[target])
        return {key: visit(value) for key, value in node.items()}

    text = [visit(block) for block in blocks if block["t"] != "Div" or "note" not in block["c"][0][1]]
    uncalled = [
        block
        for block in blocks
        if block["t"] == "Div"
        and "note" in block["c"][0][1]
        and not {"#" + side["c"][1][0]["c"][0][0] for side in block["c"][1]} <= called
    ]
    if uncalled:
        return text + uncalled
    return [block for block in text if block["t"] != "Div" or "notes" not in block["c"][0][1]]


def web_navigation(domain: str, lang: str, langs: Sequence[str], pairs: Sequence[str] = ()) -> Node:
    """Links from the web page of DOMAIN in LANG to its pages in LANGS, its parallel PAIRS and its PDF and EPUB.

    Each language is named in itself (Babel's `get_display_name`), with
    `hreflang` and `lang` saying which, and `dir` where it runs the other
    way from the page; a parallel edition (`es+en`) by both its languages.
    Returned as metadata (`web-nav`) for `for_html`.
    """
    from toolkit.locales import native_name, text_direction

    def link(text: str, target: str, attributes: list[tuple[str, str]]) -> Node:
        return ast.plain([ast.link(ast.text(text), target, ast.attr(attributes=attributes))])

    page_dir = text_direction(lang)
    others = []
    for other in langs:
        if other == lang:
            continue
        tag = other.replace("_", "-")
        attributes = [("hreflang", tag), *parts.language_attributes(tag, page_dir)]
        others.append([link(native_name(other), f"../{other}/{domain}.html", attributes)])
    for pair in pairs:
        name = " / ".join(native_name(part) for part in pair.split("+"))
        others.append([link(name, f"../{pair}/{domain}.html", [])])
    files = [
        [link(name, f"{domain}.{ext}", [("type", mime)])]
        for name, ext, mime in (("PDF", "pdf", "application/pdf"), ("EPUB", "epub", "application/epub+zip"))
    ]
    blocks = [ast.bullet_list(others)] if others else []
    blocks.append(ast.bullet_list(files))
    return ast.meta_blocks([ast.div(blocks, ast.attr("", ["web-nav"], [("role", "navigation")]))])


def web_alternates(domain: str, langs: Sequence[str]) -> Node:
    """The web page of DOMAIN in each of LANGS, by language tag: the page's `<link rel="alternate" hreflang>`.

    Kept as metadata (`web-alternates`); `render` writes the links into the page's head.
    """
    return ast.meta_map({lang.replace("_", "-"): ast.meta_string(f"../{lang}/{domain}.html") for lang in langs})


def for_html(tree: Node) -> Node:
    """Adapt the AST for the web page: the links to the other languages and formats open the text."""
    nav = tree["meta"].get("web-nav")
    return {**tree, "blocks": list(nav["c"] if nav else []) + list(tree["blocks"])}


def for_format(tree: Node, fmt: str) -> Node:
    """Adapt the AST to the edition format FMT (`pdf`, `epub`, `docx`, `html`)."""
    if fmt == "epub":
        tree = for_epub(tree)
    elif fmt == "html":
        tree = for_html(tree)
    elif "other-lang" in tree["meta"] and fmt in ("pdf", "docx"):  # as format_sources does
        tree = {**tree, "blocks": _parallel_blocks(tree["blocks"], fmt)}
    if fmt == "pdf":  # the toolkit's own Typst writer reads the private keys it knows
        return tree
    meta = {k: v for k, v in tree["meta"].items() if k not in _PRIVATE_META}
    return {**tree, "meta": meta}


def _parallel_blocks(blocks: list[Node], fmt: str) -> list[Node]:
    """The bilingual edition's blocks in print (tables) and Word (tables, with Word footnotes)."""
    return pairs_as_tables(notes_as_footnotes(blocks) if fmt == "docx" else blocks)


def _dumps(value: Any) -> bytes:
    # No sorting: the builders make every node's keys in one fixed order,
    # so the bytes are the same at every build without paying for it.
    # msgspec writes what `json.dumps` (UTF-8, no spaces) would: the build imports no json.
    return msgspec.json.encode(value)


def format_sources(tree: Node, formats: Sequence[str]) -> tuple[str, dict[str, bytes]]:
    """Serialise AST once for all FORMATS: a digest of the whole AST, and Pandoc's JSON input per format.

    The blocks, nearly all of the bytes, are written once and shared; only
    the metadata differs per format (and the EPUB puts its opening blocks
    before them), so the three inputs cost one serialisation.
    """
    version, blocks = _dumps(tree["pandoc-api-version"]), _dumps(tree["blocks"])
    # The web page's links to the other languages are no part of the other
    # editions: the HTML edition is keyed by its own source (EditionSource.key).
    meta = _dumps({k: v for k, v in tree["meta"].items() if k not in ("web-nav", "web-alternates")})
    digest = hashlib.sha256(b"%d:%s%d:%s" % (len(version), version, len(meta), meta) + blocks).hexdigest()
    sources = {}
    for fmt in formats:
        adapted = for_format({**tree, "blocks": []}, fmt)
        body = blocks
        if "other-lang" in tree["meta"] and fmt in ("pdf", "docx"):
            # The bilingual edition's pairs become table rows in print and Word.
            body = _dumps(_parallel_blocks(tree["blocks"], fmt))
        if adapted["blocks"]:
            opening = _dumps(adapted["blocks"])
            body = opening[:-1] + (b"," + blocks[1:] if blocks != b"[]" else b"]")
        sources[fmt] = b'{"pandoc-api-version":%s,"meta":%s,"blocks":%s}' % (version, _dumps(adapted["meta"]), body)
    return digest, sources


def convert(
    source: bytes, to: str, output: Path | None, extra_args: Sequence[str], env: Mapping[str, str], edition: str
) -> bytes:
    """Run Pandoc on SOURCE (JSON AST) to format TO, writing OUTPUT or returning stdout.

    Raises:
        ToolkitError: Pandoc failed; the message names EDITION and Pandoc's first error line.
    """
    command = [pandoc_path(), "--from=json", f"--to={to}", *extra_args]
    if output is not None:
        command.append(f"--output={output}")
    try:
        done = subprocess.run(command, input=source, capture_output=True, env=dict(env), check=False)
    except OSError as error:
        raise ToolkitError(f"cannot run Pandoc: {error.strerror}", edition) from None
    if done.returncode != 0:
        first = next(
            (line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()), "no message"
        )
        raise ToolkitError(f"Pandoc failed: {first}", edition)
    return done.stdout
