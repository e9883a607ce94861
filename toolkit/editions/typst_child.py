"""Compile one PDF in a process of its own, for `pdf.typst_pdf_apart`: a book's Typst compile needs the most memory.

Reads a JSON request on standard input (`source` and `pdf`, two paths;
`timestamp`; the `fonts`, as `pdf.PdfFonts`), compiles the source with
`pdf.typst_pdf` and writes the PDF. On an error it prints Typst's
diagnostics on standard error and exits with status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    """Serve the one request on standard input."""
    from toolkit.editions.pdf import PdfFonts, typst_pdf

    request = json.loads(sys.stdin.buffer.read())
    try:
        pdf = typst_pdf(Path(request["source"]).read_bytes(), request["timestamp"], PdfFonts(**request["fonts"]))
    except Exception as error:  # typst.TypstError and its kin carry the diagnostics
        sys.stderr.write(str(error))
        return 1
    Path(request["pdf"]).write_bytes(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
