"""Compile one PDF in a process of its own, for `pdf.typst_pdf_apart`: a book's Typst compile needs the most memory.

Reads a JSON request on standard input (`source` and `pdf`, two paths;
`timestamp`; the font `families` and `files`; `cjk_punctuation`), compiles the source with
`pdf.typst_pdf` and writes the PDF. On an error it prints Typst's
diagnostics on standard error and exits with status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    """Serve the one request on standard input."""
    from toolkit.editions.pdf import typst_pdf

    request = json.loads(sys.stdin.buffer.read())
    try:
        pdf = typst_pdf(
            Path(request["source"]).read_bytes(),
            request["timestamp"],
            request["families"],
            request["files"],
            request["cjk_punctuation"],
        )
    except Exception as error:  # typst.TypstError and its kin carry the diagnostics
        sys.stderr.write(str(error))
        return 1
    Path(request["pdf"]).write_bytes(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
