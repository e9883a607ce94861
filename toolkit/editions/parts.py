"""The parts of a document as Pandoc blocks, the same in the one-language and the parallel editions.

Each function takes what a part says as inline nodes (the caller decides
how note references are written) and returns the blocks that set it, so an
addressee, a signatory list or the metadata look alike in every edition.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from toolkit.document.model import Addressee, Document, Segment
from toolkit.editions import ast
from toolkit.editions.ast import Node
from toolkit.locales import text_direction

Inlines = Callable[[Segment], list[Node]]
"""How an edition writes a segment as inline nodes (its note references differ)."""


def addressee(person: Addressee, inlines: Inlines) -> Node:
    """An addressee's name in bold over their role, as a letter sets them."""
    return ast.line_block([[ast.strong(inlines(person.name))], inlines(person.role)])


def addressees_end(line: str) -> Node:
    """The line closing the addressee block ("PRESENTES"), set as the names are."""
    return ast.line_block([[ast.strong(ast.text(line))]])


def organisations(names: tuple[Segment, ...], inlines: Inlines) -> Node:
    """A signatory group's organisations, one a line."""
    return ast.bullet_list([[ast.plain(inlines(name))] for name in names])


def group_heading(heading: Segment, inlines: Inlines, identifier: str = "") -> Node:
    """The heading of a signatory group, its id made from its key unless IDENTIFIER is given."""
    return ast.header(2, inlines(heading), identifier or ast.identifier(heading.key))


def note_id(tag: str, number: int) -> str:
    """The id of note NUMBER in the language TAG, where its references link to.

    >>> note_id("es-MX", 4)
    'note-es-mx-4'
    """
    return f"note-{ast.identifier(tag)}-{number}"


def note_ref_id(tag: str, number: int) -> str:
    """The id of the first call of note NUMBER in the language TAG, where the note links back to.

    >>> note_ref_id("es-MX", 4)
    'note-ref-es-mx-4'
    """
    return f"note-ref-{ast.identifier(tag)}-{number}"


def language_attributes(tag: str, page: str) -> list[tuple[str, str]]:
    """The attributes of a part in TAG's language on a PAGE written `ltr` or `rtl`: its direction, where it differs.

    A browser and Word take the direction from `dir` (Pandoc writes `w:bidi`), not from the language.

    >>> language_attributes("ar-EG", "ltr"), language_attributes("es-MX", "ltr")
    ([('lang', 'ar-EG'), ('dir', 'rtl')], [('lang', 'es-MX')])
    """
    direction = text_direction(tag)
    return [("lang", tag)] + ([("dir", direction)] if direction != page else [])


def edition_meta(document: Document, tag: str, identifier: str, inlines: Inlines) -> dict[str, Node]:
    """The metadata of an edition of DOCUMENT in TAG: language, title, author, publisher and the rest.

    Pandoc passes `lang` on as EPUB `dc:language`, DOCX `w:lang` and Typst
    `lang`/`region`; `date-iso`, `labels` and the other private keys
    are read by the toolkit itself (`pandoc._PRIVATE_META`).
    """
    meta: dict[str, Node] = {"lang": ast.meta_string(tag)}
    if text_direction(tag) == "rtl":
        # Pandoc writes it as DOCX w:bidi/w:rtl, HTML `dir` and the EPUB's
        # page-progression-direction; the EPUB's pages get it from a variable
        # and a template (render.py); Typst sets the direction from `lang`.
        meta["dir"] = ast.meta_string("rtl")
    if document.title:
        meta["title"] = ast.meta_inlines(inlines(document.title))
    if document.creator:
        meta["author"] = ast.meta_list([ast.meta_inlines(inlines(document.creator))])
    if document.metadata.date:
        meta["date-iso"] = ast.meta_string(document.metadata.date)
    if document.metadata.rights:
        meta["rights"] = ast.meta_inlines(ast.text(document.metadata.rights))
    images = image_digests(document)
    if images:
        meta["image-digests"] = images
    if identifier:
        meta["identifier"] = ast.meta_string(identifier)
    if document.publisher:
        meta["publisher"] = ast.meta_inlines(inlines(document.publisher))
    if document.description:
        meta["description"] = ast.meta_string(ast.plain_text(inlines(document.description)))
    labels = {s.key.removeprefix("label:"): ast.meta_inlines(inlines(s)) for s in document.labels}
    if labels:
        meta["labels"] = ast.meta_map(labels)
    return meta


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
    return ast.meta_string("\n".join(digests)) if digests else None
