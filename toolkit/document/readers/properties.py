"""The title, author and language a word processor keeps apart from the text, which Pandoc's readers leave unread.

Word keeps them in `docProps/core.xml`, OpenDocument in `meta.xml`, both
as Dublin Core elements (`dc:title`, `dc:creator`, `dc:language`). Word's
author is not taken: Word fills it with the name of the account that made
the file ("Microsoft Office User", a staff member's name), which the
editions would print under the title; the sidecar's `creator` credits a
Word manuscript.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

Node = dict[str, Any]
"""A Pandoc AST node, as JSON."""

_PARTS = {"docx": "docProps/core.xml", "odt": "meta.xml"}
"""Where each format keeps its properties."""

_FIELDS = {
    "docx": (("title", "dc:title"), ("lang", "dc:language")),
    "odt": (("title", "dc:title"), ("author", "dc:creator"), ("lang", "dc:language")),
}
"""The metadata key each property of a format gives, by its element: Word's author is not taken."""


def package_meta(data: bytes, fmt: str) -> Node:
    """Title and language (and an ODT's author) from the properties of a DOCX or ODT (DATA), as Pandoc metadata.

    >>> xml = b'<dc:creator>Microsoft Office User</dc:creator><dc:language>en-GB</dc:language>'
    >>> made = io.BytesIO()
    >>> with zipfile.ZipFile(made, "w") as docx: docx.writestr("docProps/core.xml", xml)
    >>> package_meta(made.getvalue(), "docx")
    {'lang': {'t': 'MetaString', 'c': 'en-GB'}}
    """
    from html import unescape  # here: a Markdown seed's read does not need its table of entities

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read(_PARTS[fmt]).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return {}
    meta: Node = {}
    for key, element in _FIELDS[fmt]:
        found = re.search(rf"<{element}>([^<]+)</{element}>", xml)
        value = unescape(found.group(1)).strip() if found else ""
        if value:
            meta[key] = {"t": "MetaString", "c": value}
    return meta
