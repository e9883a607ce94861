"""What Pandoc's DOCX reader drops: the numbers of Word's captions.

Word's Insert Caption writes a caption's number as a `SEQ` field. Pandoc
keeps the number Word last showed when the field is written in runs
(`w:fldChar`), but drops it from a simple field (`w:fldSimple`), and with
it the label when that is English: "Figure 1: The reservoir" reads
": The reservoir", "Tableau 1 : Coûts" reads "Tableau : Coûts". Before
Pandoc reads the file, each such field is replaced by the number it shows.
"""

from __future__ import annotations

import io
import re
import zipfile

_SEQUENCE_FIELD = re.compile(rb'<w:fldSimple\b[^>]*\bw:instr="\s*SEQ\b[^"]*"[^>]*?(?:/>|>(.*?)</w:fldSimple>)', re.S)
"""A simple `SEQ` field, with the runs of the number it shows (none when Word has not computed it)."""


def unwrap_sequence_fields(data: bytes) -> bytes:
    """The DOCX (DATA) with each simple `SEQ` field replaced by the runs it shows; DATA itself when it has none.

    >>> field = b'<w:fldSimple w:instr=" SEQ Figure "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    >>> _SEQUENCE_FIELD.sub(lambda found: found.group(1) or b"", b"<w:t>Figure </w:t>" + field)
    b'<w:t>Figure </w:t><w:r><w:t>1</w:t></w:r>'
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            document = source.read("word/document.xml")
            if not _SEQUENCE_FIELD.search(document):
                return data
            made = io.BytesIO()
            with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as target:
                for info in source.infolist():
                    part = source.read(info)
                    if info.filename == "word/document.xml":
                        part = _SEQUENCE_FIELD.sub(lambda field: field.group(1) or b"", part)
                    target.writestr(info, part)
    except (KeyError, zipfile.BadZipFile):
        return data  # Pandoc says what is wrong with it
    return made.getvalue()
