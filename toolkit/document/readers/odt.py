"""What Pandoc's ODT reader leaves unread: each image's words.

An OpenDocument file holds an image's Text Alternative, and the caption a
writer puts in the paragraph after it, in `content.xml`; Pandoc's AST has
neither. The manuscript reader adds them to what Pandoc gives (and the
file's title, author and language, from `properties`).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import msgspec

Node = dict[str, Any]
"""A Pandoc AST node, as JSON."""


class OdtPicture(msgspec.Struct, frozen=True):
    """What an ODT's `content.xml` says of one image, which Pandoc's ODT reader leaves unread."""

    alt: str
    """Its Text Alternative and Description (`svg:title`, `svg:desc`)."""
    caption: str
    """The words of the caption paragraph right after the image's own (a `Caption` style), or ''."""


_ODT = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}


def odt_pictures(data: bytes) -> dict[str, list[OdtPicture]]:
    """Each image of an ODT (DATA) by its path in the package, in the order they stand: its alt text and caption.

    Pandoc's ODT reader reads neither an image's alternative text nor the
    caption its own ODT writer (and other tools) put in a paragraph of a
    caption style after the image; the image would have no words.
    LibreOffice's own captions, in a frame around the image, Pandoc reads.
    """
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as odt:
            content = ElementTree.fromstring(odt.read("content.xml"))
            styles = ElementTree.fromstring(odt.read("styles.xml")) if "styles.xml" in odt.namelist() else None
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}

    def q(name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{_ODT[prefix]}}}{local}"

    parent_of: dict[str, str] = {}  # a paragraph style's parent, the automatic ones (P1) included
    for root in (content, styles):
        for style in root.iter(q("style:style")) if root is not None else ():
            parent_of[style.get(q("style:name"), "")] = style.get(q("style:parent-style-name"), "")

    def is_caption(style: str) -> bool:
        seen: list[str] = []
        while style and style not in seen:
            seen.append(style)
            style = parent_of.get(style, "")
        return "Caption" in seen and not any(name.startswith("Table") for name in seen)

    def words(element: Any) -> str:
        return " ".join("".join(element.itertext()).split())

    parent = {child: element for element in content.iter() for child in element}
    found: dict[str, list[OdtPicture]] = {}
    for frame in content.iter(q("draw:frame")):
        image = frame.find(q("draw:image"))
        if image is None or not image.get(q("xlink:href")):
            continue
        alt = " ".join(words(e) for e in (frame.find(q("svg:title")), frame.find(q("svg:desc"))) if e is not None)
        caption = ""
        paragraph = parent.get(frame)
        while paragraph is not None and paragraph.tag not in (q("text:p"), q("text:h")):
            paragraph = parent.get(paragraph)
        # The image alone in its paragraph (its own alt text aside), the caption the paragraph after.
        if paragraph is not None and paragraph in parent and words(paragraph) == words(frame):
            siblings = list(parent[paragraph])
            after = siblings[siblings.index(paragraph) + 1 :][:1]
            if after and after[0].tag == q("text:p") and is_caption(after[0].get(q("text:style-name"), "")):
                caption = words(after[0])
        found.setdefault(image.get(q("xlink:href"), ""), []).append(OdtPicture(alt, caption))
    return found
