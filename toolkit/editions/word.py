"""Finish the DOCX Pandoc wrote: page setup, footnote size, list styles and true document properties.

Pandoc writes no page size or margins (Word then falls back to its own
default, A4 in many countries), sets footnotes as large as the body, gives
list paragraphs no list style, numbers the footnotes of a parallel edition
in one sequence for both languages, and copies `docProps/app.xml` from its
reference document (83 words, 1 page, "Microsoft Word 12.0.0"). Each fix
rewrites the XML Pandoc 3.9 writes; the tests pin them.

Pandoc is given a reference document without styles
(`render.REFERENCE_DOCX`), and its styles are put back here
(`restore_styles`): they are most of its run, and the same in every document.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from toolkit.document.model import word_count

STYLES_XML = Path(__file__).parent / "styles" / "docx-styles.xml"
"""The styles of Pandoc's reference document as Pandoc writes them, which `render.REFERENCE_DOCX` lacks.

Written by `tools/make_docx_reference.py`; put back by `restore_styles`.
"""

PAGES = {"us-letter": (12240, 15840), "a4": (11906, 16838)}
"""Width and height in twentieths of a point, by the paper names `render.paper_size` gives."""

MARGINS = {"top": 1440, "right": 2520, "bottom": 1584, "left": 2520}
"""The PDF's margins (1 in above, 1.1 in below, 1.75 in at the sides), in twentieths of a point."""

FOOTNOTE_SIZE = 20
"""Footnote text in half-points: 10 pt under the body's 12."""

FOOTNOTE_MARK = "footnote-mark-"
"""Opens the name of the bookmark that says which note of a parallel edition a footnote is (`…note-es-mx-4`)."""

_MARKED_FOOTNOTE = re.compile(
    r'(<w:footnote w:id="(-?\d+)">)((?:(?!</w:footnote>).)*?)<w:bookmarkStart w:id="(\d+)" w:name="'
    + FOOTNOTE_MARK
    + r'[^"]*-(\d+)" /><w:bookmarkEnd w:id="\4" />(.*?</w:footnote>)',
    re.S,
)

_LIST_STYLES = {
    "ListNumber": ("List Number", "decimal"),
    "ListBullet": ("List Bullet", "bullet"),
}


def finish_docx(docx: bytes, paper: str, dated: bool = True) -> bytes:
    """Rewrite the parts of DOCX that need it, keeping every entry's name, order and compression.

    Every entry is dated as Pandoc dates what it writes (the build's epoch):
    those Pandoc copies from `render.REFERENCE_DOCX` keep the date and owner's
    permissions they have there, which Pandoc's own reference does not have.
    An undated document (DATED false) declares no creation or change date:
    Pandoc's would be the build's epoch, 1980 when nothing sets one.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        written = source.getinfo("word/document.xml")
        numbering = (
            source.read("word/numbering.xml").decode("utf-8") if "word/numbering.xml" in source.namelist() else ""
        )
        document = source.read("word/document.xml").decode("utf-8")
        notes, numbers = footnote_numbers(
            source.read("word/footnotes.xml").decode("utf-8") if "word/footnotes.xml" in source.namelist() else ""
        )
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = page_setup(list_styles(marked_calls(document, numbers), numbering), paper).encode("utf-8")
            elif info.filename == "word/footnotes.xml":
                data = notes.encode("utf-8")
            elif info.filename == "word/styles.xml":
                data = styles(restore_styles(data.decode("utf-8"))).encode("utf-8")
            elif info.filename == "docProps/app.xml":
                data = properties(document).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                data = core_properties(data.decode("utf-8"), dated).encode("utf-8")
            info.date_time, info.external_attr = written.date_time, written.external_attr
            info.create_system, info.create_version = written.create_system, written.create_version
            target.writestr(info, data)
    return out.getvalue()


_EMPTY_CORE = re.compile(r"<(dc:creator|cp:keywords)\s*(?:/>|></\1>)")
_DATES = re.compile(r"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def core_properties(xml: str, dated: bool) -> str:
    """The document's core properties without the empty ones Pandoc writes, and without dates when it has none.

    >>> core_properties('<dc:creator></dc:creator><dcterms:created x="1">1980</dcterms:created>', False)
    ''
    """
    xml = _EMPTY_CORE.sub("", xml)
    return xml if dated else _DATES.sub("", xml)


def footnote_numbers(footnotes: str) -> tuple[str, dict[str, str]]:
    """The footnotes with each marked note's printed number as its own mark, and those numbers by footnote id.

    >>> xml = '<w:footnote w:id="9"><w:r><w:footnoteRef /></w:r><w:bookmarkStart w:id="3" '
    >>> xml += 'w:name="footnote-mark-note-en-us-4" /><w:bookmarkEnd w:id="3" />Text</w:footnote>'
    >>> footnote_numbers(xml)
    ('<w:footnote w:id="9"><w:r><w:t>4</w:t></w:r>Text</w:footnote>', {'9': '4'})
    """
    numbers: dict[str, str] = {}

    def number(found: re.Match[str]) -> str:
        numbers[found.group(2)] = found.group(5)
        head = re.sub(r"<w:footnoteRef />", f"<w:t>{found.group(5)}</w:t>", found.group(3), count=1)
        return found.group(1) + head + found.group(6)

    return _MARKED_FOOTNOTE.sub(number, footnotes), numbers


def marked_calls(document: str, numbers: dict[str, str]) -> str:
    """Each call of a numbered footnote shows that number, as its custom mark, instead of Word's count.

    >>> marked_calls('<w:footnoteReference w:id="9" />', {"9": "4"})
    '<w:footnoteReference w:customMarkFollows="1" w:id="9" /><w:t>4</w:t>'
    """
    if not numbers:
        return document

    def call(found: re.Match[str]) -> str:
        shown = numbers.get(found.group(1))
        if shown is None:
            return found.group(0)
        return f'<w:footnoteReference w:customMarkFollows="1" w:id="{found.group(1)}" /><w:t>{shown}</w:t>'

    return re.sub(r'<w:footnoteReference w:id="(-?\d+)" />', call, document)


def page_setup(document: str, paper: str) -> str:
    r"""The last section's page size and margins, as the PDF of the same region has them.

    >>> page_setup("<w:sectPr>\n</w:sectPr>", "a4")  # doctest: +ELLIPSIS
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1440" w:right="2520" ...'
    """
    width, height = PAGES[paper]
    margins = " ".join(f'w:{side}="{value}"' for side, value in MARGINS.items())
    setup = f'<w:pgSz w:w="{width}" w:h="{height}" /><w:pgMar {margins} w:header="720" w:footer="720" w:gutter="0" />'
    # The footnote properties Pandoc writes must stay after the page setup (the schema's order).
    return re.sub(r"<w:sectPr>(?![^<]*<w:pgSz)", "<w:sectPr>" + setup, document, count=1)


def styles_position(xml: str) -> int:
    r"""Where Pandoc writes its reference's styles in XML (a `word/styles.xml`): before those it adds, if any.

    >>> styles_position('<w:latentStyles />\n  <w:style w:styleId="SourceCode" />\n</w:styles>')
    21
    """
    first = xml.find("<w:style ")
    return first if first >= 0 else xml.rindex("</w:styles>")


@lru_cache(maxsize=1)
def _reference_styles() -> str:
    return STYLES_XML.read_text("utf-8")


def restore_styles(xml: str) -> str:
    """The `word/styles.xml` XML, written from `render.REFERENCE_DOCX`, as Pandoc writes it from its own reference."""
    at = styles_position(xml)
    return xml[:at] + _reference_styles() + xml[at:]


def styles(xml: str) -> str:
    """Footnote text a size smaller than the body, and Word's built-in list styles."""
    size = f'<w:rPr><w:sz w:val="{FOOTNOTE_SIZE}" /><w:szCs w:val="{FOOTNOTE_SIZE}" /></w:rPr>'
    xml = re.sub(
        r'(<w:style w:styleId="FootnoteText" w:type="paragraph">.*?)(</w:style>)',
        lambda m: m.group(1) + "  " + size + "\n  " + m.group(2),
        xml,
        count=1,
        flags=re.S,
    )
    added = "".join(
        f'  <w:style w:styleId="{style}" w:type="paragraph">\n    <w:name w:val="{name}" />\n'
        '    <w:basedOn w:val="Normal" />\n    <w:uiPriority w:val="99" />\n    <w:unhideWhenUsed />\n'
        '    <w:pPr>\n      <w:spacing w:before="60" w:after="60" />\n    </w:pPr>\n  </w:style>\n'
        for style, (name, _) in _LIST_STYLES.items()
        if f'w:styleId="{style}"' not in xml
    )
    return xml.replace("</w:styles>", added + "</w:styles>", 1)


def list_styles(document: str, numbering: str) -> str:
    """Give each list paragraph Word's List Number or List Bullet style, by the format of its numbering."""
    formats: dict[str, str] = {}
    abstract = dict(
        re.findall(r'<w:abstractNum w:abstractNumId="(\d+)"[^>]*>.*?<w:numFmt w:val="(\w+)"', numbering, re.S)
    )
    for num, abstract_id in re.findall(r'<w:num w:numId="(\d+)"[^>]*>\s*<w:abstractNumId w:val="(\d+)"', numbering):
        formats[num] = abstract.get(abstract_id, "bullet")

    def restyle(paragraph: re.Match[str]) -> str:
        found = re.search(r'<w:numId w:val="(\d+)"', paragraph.group(0))
        if found is None:
            return paragraph.group(0)
        style = "ListBullet" if formats.get(found.group(1), "bullet") == "bullet" else "ListNumber"
        text = paragraph.group(0)
        if "<w:pStyle " not in text:  # Pandoc styles a loose list's paragraphs not at all
            return text.replace("<w:pPr>", f'<w:pPr><w:pStyle w:val="{style}" />', 1)
        return re.sub(r'<w:pStyle w:val="[^"]*" />', f'<w:pStyle w:val="{style}" />', text, count=1)

    return re.sub(r"<w:p(?: [^>]*)?>.*?</w:p>", restyle, document, flags=re.S)


def properties(document: str) -> str:
    """`docProps/app.xml` with what is true of this document: its maker, and its words and paragraphs."""
    from html import unescape  # its table of entities takes 1 ms to load: after Pandoc has the DOCX, not before

    paragraphs = re.findall(r"<w:p(?: [^>]*)?>.*?</w:p>", document, re.S)
    text = " ".join("".join(unescape(t) for t in re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\n'
        "  <Application>toolkit</Application>\n"
        f"  <Words>{word_count(text)}</Words>\n"
        f"  <Paragraphs>{sum(1 for p in paragraphs if '<w:t' in p)}</Paragraphs>\n"
        "  <DocSecurity>0</DocSecurity>\n"
        "</Properties>\n"
    )
