"""Write the DOCX edition's reference document and styles from Pandoc's own.

Pandoc's DOCX writer spends most of a letter's run on the 49 styles of its
reference document (about 0.6 ms each: 30 of the 75 ms), whether the
document uses them or not. The build therefore hands Pandoc a reference
without them, and `word.finish_docx` puts them back, as Pandoc writes them,
into the `word/styles.xml` of what Pandoc made: the DOCX is byte for byte
the one Pandoc makes with its own reference
(`tests/test_pandoc_defaults.py` holds it to that).

This writes, from the Pandoc that `pypandoc-binary` ships:

- `toolkit/editions/styles/reference.docx`: Pandoc's default reference
  document without its styles and without the sample text of its body
  (Pandoc takes only the page's section properties from it);
- `toolkit/editions/styles/docx-styles.xml`: those styles as Pandoc writes
  them into a document's `word/styles.xml`.

Run it again when the Pandoc the project ships moves on, and check the
result with `pytest tests/test_pandoc_defaults.py`.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the toolkit beside this script, installed or not

from toolkit.editions.render import REFERENCE_DOCX  # noqa: E402
from toolkit.editions.word import STYLES_XML, styles_position  # noqa: E402
from toolkit.programs import pandoc_path  # noqa: E402

EMPTY = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": []}
_STYLE = re.compile(r"<w:style\b.*?</w:style>\s*", re.S)
_BODY = re.compile(r"(<w:body>\s*).*?(<w:sectPr\b)", re.S)


def _entries(docx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    """The entries as a ZIP archive that depends on nothing but them: no dates, no owner."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def reference(pandoc: str) -> bytes:
    """Pandoc's default reference document, its styles and sample text taken out."""
    default = subprocess.run(
        [pandoc, "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    entries = []
    for name, data in _entries(default):
        if name == "word/styles.xml":
            data = _STYLE.sub("", data.decode("utf-8")).encode("utf-8")
        elif name == "word/document.xml":
            data = _BODY.sub(r"\1\2", data.decode("utf-8"), count=1).encode("utf-8")
        entries.append((name, data))
    return _zip(entries)


def _styles_written(pandoc: str, reference_docx: Path | None) -> str:
    """The `word/styles.xml` Pandoc writes for an empty document, with REFERENCE_DOCX or with its own."""
    with tempfile.TemporaryDirectory() as work:
        output = Path(work) / "empty.docx"
        command = [pandoc, "--from=json", "--to=docx", f"--output={output}"]
        if reference_docx is not None:
            command.append(f"--reference-doc={reference_docx}")
        subprocess.run(command, input=json.dumps(EMPTY).encode(), check=True)
        return dict(_entries(output.read_bytes()))["word/styles.xml"].decode("utf-8")


def styles(pandoc: str, reference_docx: Path) -> str:
    """The styles Pandoc writes from its own reference that it does not write from REFERENCE_DOCX.

    Raises:
        SystemExit: they are not one run of text where `word.restore_styles` puts them.
    """
    own = _styles_written(pandoc, None)
    stripped = _styles_written(pandoc, reference_docx)
    at = styles_position(stripped)
    block = own[at : at + len(own) - len(stripped)]
    if own != stripped[:at] + block + stripped[at:]:
        raise SystemExit("Pandoc's styles are not one run before those it adds: update toolkit/editions/word.py")
    return block


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=REFERENCE_DOCX.parent, help="the folder to write into (default: %(default)s)"
    )
    options = parser.parse_args()
    pandoc = pandoc_path()
    options.out.mkdir(parents=True, exist_ok=True)
    reference_docx = options.out / REFERENCE_DOCX.name
    reference_docx.write_bytes(reference(pandoc))
    (options.out / STYLES_XML.name).write_text(styles(pandoc, reference_docx), "utf-8")


if __name__ == "__main__":
    main()
