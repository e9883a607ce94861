"""Turn a (translated) Document into Pandoc's JSON AST, and the AST into formats.

The AST is built node by node from text runs: a translator's text only ever
becomes `Str` and `Space`, so nothing typed in a catalog can turn into raw
Typst, HTML or OpenXML. This is the only module that runs Pandoc's writers
(the manuscript reader runs its readers).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.document.model import Block, BlockKind, BodyBlock, Document, NoteRef, Segment
from toolkit.errors import ToolkitError
from toolkit.locales import text_direction

API_VERSION = [1, 23, 1, 1]
"""The pandoc-api-version of the JSON AST Pandoc 3.9 reads."""

Node = dict[str, Any]
SPACE: Node = {"t": "Space"}
_SPACES = re.compile(r"[ \t\r\n]+")


def text_nodes(text: str) -> list[Node]:
    """Split plain text into Str and Space nodes (non-breaking spaces stay in Str).

    >>> text_nodes("a  b")
    [{'t': 'Str', 'c': 'a'}, {'t': 'Space'}, {'t': 'Str', 'c': 'b'}]
    """
    nodes: list[Node] = []
    for index, word in enumerate(_SPACES.split(text)):
        if index:
            nodes.append(SPACE)
        if word:
            nodes.append({"t": "Str", "c": word})
    return nodes


def attr(identifier: str = "", classes: Sequence[str] = ()) -> list[Any]:
    return [identifier, list(classes), []]


def _div(classes: Sequence[str], blocks: list[Node], identifier: str = "") -> Node:
    return {"t": "Div", "c": [attr(identifier, classes), blocks]}


def para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def header(level: int, identifier: str, inlines: list[Node]) -> Node:
    return {"t": "Header", "c": [level, attr(identifier), inlines]}


def addressees_end(line: str) -> Node:
    """The line closing the addressee block ("PRESENTES"), set as the names are."""
    return {"t": "LineBlock", "c": [[{"t": "Strong", "c": text_nodes(line)}]]}


def _ident(key: str) -> str:
    """A header identifier from a segment key: `signatories:mexico` -> `signatories-mexico`."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


@dataclass
class _Builder:
    """One walk of one document; places each note at its first reference."""

    document: Document
    warnings: list[str] = field(default_factory=list)
    placed: dict[int, int] = field(default_factory=dict)
    """Note number in the seed -> the number Pandoc gives it (reading order)."""

    def __post_init__(self) -> None:
        self.notes = {note.number: note for note in self.document.notes}

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.document.source}: warning: {message}")

    def inlines(self, segment: Segment, in_note: bool = False) -> list[Node]:
        from toolkit.editions.structure import inline_nodes

        return inline_nodes(segment.content, lambda ref: self.note_ref(ref, segment, in_note))

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
            return [{"t": "Superscript", "c": [{"t": "Str", "c": shown}]}]
        self.placed[ref.number] = len(self.placed) + 1
        return [{"t": "Note", "c": [para(self.inlines(p, in_note=True)) for p in note.paragraphs]}]

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
                items.append([para(self.inlines(block.segment))])
                continue
            if items:
                out.append({"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], items]})
                items = []
            if block is not None:
                out.extend(structure_nodes(block, self.inlines))
        return out

    def build(self) -> list[Node]:
        doc = self.document
        out: list[Node] = []
        if doc.credit:
            out.append(_div(["credit"], [para(self.inlines(doc.credit))]))
        if doc.editor_note:
            quote = {"t": "BlockQuote", "c": [para(self.inlines(s)) for s in doc.editor_note]}
            out.append(_div(["editor-note"], [quote]))
        if doc.addressees:
            lines = [
                {"t": "LineBlock", "c": [[{"t": "Strong", "c": self.inlines(a.name)}], self.inlines(a.role)]}
                for a in doc.addressees
            ]
            if doc.addressees_end:
                lines.append(addressees_end(doc.addressees_end))
            out.append(_div(["addressees"], lines))
        out.extend(self.blocks(doc.body))
        if doc.closing:
            out.append(_div(["closing"], self.blocks(doc.closing)))
        for group in doc.signatories:
            blocks: list[Node] = []
            if group.heading:
                blocks.append(header(2, _ident(group.heading.key), self.inlines(group.heading)))
            blocks.append(
                {"t": "BulletList", "c": [[{"t": "Plain", "c": self.inlines(o)}] for o in group.organisations]}
            )
            out.append(_div(["signatories"], blocks))
        out.extend(self.unreferenced())
        return out

    def unreferenced(self) -> list[Node]:
        """Notes no segment references, printed in a section of their own."""
        left = [note for note in self.document.notes if note.number not in self.placed]
        if not left:
            return []
        label = self.document.label("notes")
        heading = self.inlines(label) if label else text_nodes("Notes")
        blocks = [header(2, "unreferenced-notes", heading)]
        for note in left:
            self.warn(f"note {note.number} is referenced by no segment; printed in a section at the end")
            blocks.append(_div(["note"], [para(self.inlines(p, in_note=True)) for p in note.paragraphs]))
        return [_div(["unreferenced-notes"], blocks)]


def meta_inlines(nodes: list[Node]) -> Node:
    return {"t": "MetaInlines", "c": nodes}


def to_pandoc_ast(
    document: Document, lang_tag: str, date_text: str = "", identifier: str = ""
) -> tuple[Node, list[str]]:
    """Build the Pandoc AST of DOCUMENT, read as a letter, and the warnings found.

    Args:
        lang_tag: BCP 47 tag of the edition (`es-MX`); Pandoc passes it on
            as EPUB `dc:language`, DOCX `w:lang` and Typst `lang`/`region`.
        date_text: the publication date as the language writes it.
        identifier: the edition's stable identifier (`urn:uuid:...`).
    """
    builder = _Builder(document)
    blocks = builder.build()
    meta: dict[str, Node] = {"lang": {"t": "MetaString", "c": lang_tag}}
    if text_direction(lang_tag) == "rtl":
        # Pandoc writes it as DOCX w:bidi/w:rtl, HTML `dir` and the EPUB's
        # page-progression-direction; the EPUB's pages get it from a variable
        # and a template (editions.py); Typst sets the direction from `lang`.
        meta["dir"] = {"t": "MetaString", "c": "rtl"}
    if document.title:
        meta["title"] = meta_inlines(builder.inlines(document.title))
    if document.creator:
        meta["author"] = {"t": "MetaList", "c": [meta_inlines(builder.inlines(document.creator))]}
    if date_text:
        meta["date"] = meta_inlines(text_nodes(date_text))
    if document.metadata.date:
        meta["date-iso"] = {"t": "MetaString", "c": document.metadata.date}
    if document.metadata.publisher:
        meta["publisher"] = meta_inlines(text_nodes(document.metadata.publisher))
    if document.metadata.rights:
        meta["rights"] = meta_inlines(text_nodes(document.metadata.rights))
    images = image_digests(document)
    if images:
        meta["image-digests"] = images
    if identifier:
        meta["identifier"] = {"t": "MetaString", "c": identifier}
    label = document.label("notes")
    if label:
        meta["notes-label"] = meta_inlines(builder.inlines(label))
    return {"pandoc-api-version": API_VERSION, "meta": meta, "blocks": blocks}, builder.warnings


def image_digests(document: Document) -> Node | None:
    """The SHA-256 of each image file DOCUMENT shows, as metadata: an edition is remade when an image changes.

    The AST names an image by its path only; its bytes reach the edition
    through Pandoc and Typst, so the digest of the AST must hold them.
    """
    from toolkit.document.model import images_of

    digests = []
    for path in images_of(document):
        try:
            digests.append(f"{hashlib.sha256(Path(path).read_bytes()).hexdigest()} {path}")
        except OSError:
            digests.append(f"missing {path}")
    return {"t": "MetaString", "c": "\n".join(digests)} if digests else None


def for_epub(ast: Node) -> Node:
    """Adapt the AST for EPUB: an ISO `dc:date`, and the title, author and date opening the text.

    Pandoc can only put a date it can parse into `dc:date`, so the localised
    date moves from the metadata into the text, under the title, and
    Pandoc's own title page is left out (`--epub-title-page=false`).
    """
    meta = dict(ast["meta"])
    opening: list[Node] = []
    if "title" in meta:
        opening.append(header(1, "title", meta["title"]["c"]))
    for author in meta.get("author", {}).get("c", []):
        opening.append(_div(["author"], [para(author["c"])]))
    if "date" in meta:
        opening.append(_div(["date"], [para(meta.pop("date")["c"])]))
    if "date-iso" in meta:
        meta["date"] = {"t": "MetaString", "c": meta["date-iso"]["c"]}
    if "dir" in meta:
        meta["page-progression-direction"] = meta["dir"]
    return {**ast, "meta": meta, "blocks": opening + list(ast["blocks"])}


_PRIVATE_META = ("date-iso", "notes-label", "other-lang", "web-nav", "image-digests")
"""Metadata the toolkit reads itself; Pandoc would write it into DOCX custom properties."""


PAIR = "pair"
"""Class of a Div holding a segment and its translation (two Divs with `lang`): the bilingual edition."""


def pairs_as_tables(blocks: list[Node]) -> list[Node]:
    """Gather consecutive pair Divs into two-column tables, for the print and Word editions.

    A table row starts both cells at the same height, which is what a
    parallel edition is for; EPUB keeps the Divs and lays them side by side in CSS.
    """
    out: list[Node] = []
    rows: list[list[Any]] = []
    for block in [*blocks, None]:
        if block is not None and block["t"] == "Div" and PAIR in block["c"][0][1]:
            cells = [[attr(), {"t": "AlignDefault"}, 1, 1, [cell]] for cell in block["c"][1]]
            rows.append([attr(), cells])
            continue
        if rows:
            colspecs = [[{"t": "AlignLeft"}, {"t": "ColWidth", "c": 0.5}]] * 2
            out.append(
                {
                    "t": "Table",
                    "c": [
                        attr("", ["parallel"]),
                        [None, []],
                        colspecs,
                        [attr(), []],
                        [[attr(), 0, [], rows]],
                        [attr(), []],
                    ],
                }
            )
            rows = []
        if block is not None:
            out.append(block)
    return out


def web_navigation(domain: str, lang: str, langs: Sequence[str]) -> Node:
    """Links from the web page of DOMAIN in LANG to its pages in LANGS and to its own PDF and EPUB.

    Each language is named in itself (Babel's `get_display_name`), with
    `hreflang` and `lang` saying which, and `dir` where it runs the other
    way from the page. Returned as metadata (`web-nav`) for `for_html`.
    """
    from toolkit.locales import native_name

    def link(text: str, target: str, attributes: list[list[str]]) -> Node:
        return {"t": "Plain", "c": [{"t": "Link", "c": [["", [], attributes], text_nodes(text), [target, ""]]}]}

    page_dir = text_direction(lang)
    others = []
    for other in langs:
        if other == lang:
            continue
        tag = other.replace("_", "-")
        attributes = [["hreflang", tag], ["lang", tag]]
        if text_direction(other) != page_dir:
            attributes.append(["dir", text_direction(other)])
        others.append([link(native_name(other), f"../{other}/{domain}.html", attributes)])
    files = [
        [link(name, f"{domain}.{ext}", [["type", mime]])]
        for name, ext, mime in (("PDF", "pdf", "application/pdf"), ("EPUB", "epub", "application/epub+zip"))
    ]
    blocks = [{"t": "BulletList", "c": others}] if others else []
    blocks.append({"t": "BulletList", "c": files})
    nav = {"t": "Div", "c": [["", ["web-nav"], [["role", "navigation"]]], blocks]}
    return {"t": "MetaBlocks", "c": [nav]}


def for_html(ast: Node) -> Node:
    """Adapt the AST for the web page: the links to the other languages and formats open the text."""
    nav = ast["meta"].get("web-nav")
    return {**ast, "blocks": list(nav["c"] if nav else []) + list(ast["blocks"])}


def for_format(ast: Node, fmt: str) -> Node:
    """Adapt the AST to the edition format FMT (`pdf`, `epub`, `docx`, `html`)."""
    if fmt == "epub":
        ast = for_epub(ast)
    elif fmt == "html":
        ast = for_html(ast)
    elif "other-lang" in ast["meta"]:  # format_sources does the same without re-serialising
        ast = {**ast, "blocks": pairs_as_tables(ast["blocks"])}
    meta = {k: v for k, v in ast["meta"].items() if k not in _PRIVATE_META}
    return {**ast, "meta": meta}


def _dumps(value: Any) -> bytes:
    # No sort_keys: the builders make every node's keys in one fixed order,
    # so the bytes are the same at every build without paying for sorting.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def format_sources(ast: Node, formats: Sequence[str]) -> tuple[str, dict[str, bytes]]:
    """Serialise AST once for all FORMATS: a digest of the whole AST, and Pandoc's JSON input per format.

    The blocks, nearly all of the bytes, are written once and shared; only
    the metadata differs per format (and the EPUB puts its opening blocks
    before them), so the three inputs cost one serialisation.
    """
    version, blocks = _dumps(ast["pandoc-api-version"]), _dumps(ast["blocks"])
    # The web page's links to the other languages are no part of the other
    # editions: the HTML edition is keyed by its own source (EditionSource.key).
    meta = _dumps({k: v for k, v in ast["meta"].items() if k != "web-nav"})
    digest = hashlib.sha256(b"%d:%s%d:%s" % (len(version), version, len(meta), meta) + blocks).hexdigest()
    sources = {}
    tabled = b""
    for fmt in formats:
        adapted = for_format({**ast, "blocks": []}, fmt)
        body = blocks
        if "other-lang" in ast["meta"] and fmt != "epub":
            # The bilingual edition's pairs become table rows in print and Word.
            tabled = tabled or _dumps(pairs_as_tables(ast["blocks"]))
            body = tabled
        if adapted["blocks"]:
            opening = _dumps(adapted["blocks"])
            body = opening[:-1] + (b"," + blocks[1:] if blocks != b"[]" else b"]")
        sources[fmt] = b'{"pandoc-api-version":%s,"meta":%s,"blocks":%s}' % (version, _dumps(adapted["meta"]), body)
    return digest, sources


def plain_text(nodes: list[Node]) -> str:
    """The text of a list of inline nodes, for labels outside the AST (CSS, messages).

    >>> plain_text(text_nodes("Notas al  pie"))
    'Notas al pie'
    """
    parts = []
    for node in nodes:
        if node["t"] == "Str":
            parts.append(node["c"])
        elif node["t"] == "Space":
            parts.append(" ")
        elif node["t"] in ("Strong", "Emph", "Superscript"):
            parts.append(plain_text(node["c"]))
    return "".join(parts)


def pandoc_path() -> str:
    """Where the Pandoc binary of pypandoc-binary lives."""
    import pypandoc

    return str(pypandoc.get_pandoc_path())


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


_TEMPLATES: dict[str, str] = {}


def default_template(fmt: str) -> str:
    """Pandoc's default template for FMT (`pandoc -D`), read once per process."""
    if fmt not in _TEMPLATES:
        done = subprocess.run([pandoc_path(), "-D", fmt], capture_output=True, check=False)
        if done.returncode != 0:
            raise ToolkitError(f"Pandoc has no default template for {fmt}")
        _TEMPLATES[fmt] = done.stdout.decode("utf-8")
    return _TEMPLATES[fmt]
