"""Finish the EPUB and the web page Pandoc wrote: what its writers leave out or get wrong.

Pandoc's EPUB notes are bare asides (no number, no way back), its pages
are titled by their file name, its navigation is headed by the book's
title, and its accessibility metadata claims image descriptions for a book
with no images. Each fix is a small rewrite of the text Pandoc 3.9 writes,
and a test pins each one: a Pandoc whose output moved fails them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
"""What the EPUB declares it conforms to (`dcterms:conformsTo`); the tests hold it to that with Ace by DAISY."""

FEATURES = ("displayTransformability", "readingOrder", "structuralNavigation", "tableOfContents")
"""What a reader can rely on in every edition: reflowable text, one reading order, headings, a table of contents."""

_NOTES_SECTION = re.compile(r'(<section id="footnotes"[^>]*>)')
_ASIDE = re.compile(r'<aside epub:type="footnote" role="doc-footnote" id="fn(\d+)">\s*<p>')
_NOTE_CALL = re.compile(r'(epub:type="noteref" role="doc-noteref">)(\d+)</a>')
_BACKLINK = re.compile(r'<a href="#fnref(\d+)" class="footnote-back" role="doc-backlink">')
_A11Y_META = re.compile(r'\n\s*<meta property="schema:access[^"]*">[^<]*</meta>')
_PAGE_TITLE = re.compile(r"<title>[^<]*\.xhtml</title>")
_DATE = re.compile(r"\n\s*<dc:date\b[^>]*>[^<]*</dc:date>")
_DESCRIBED_IMAGE = re.compile(rb'<img\b[^>]*\balt="[^"]')
_TOC_NAV_END = re.compile(r'(<nav epub:type="toc"[^>]*>.*?</nav>)', re.S)


def head_notes(page: str, label: str, language: Sequence[tuple[str, str]] = ()) -> str:
    """Give Pandoc's notes section (EPUB or web page) a heading: Pandoc writes none.

    A LABEL in another language than the page's (`lang`, `dir`) says which,
    as a paragraph that fell back does.

    >>> print(head_notes('<section id="footnotes" class="footnotes">', "Notas & más"))
    <section id="footnotes" class="footnotes">
    <h2 class="notes-heading">Notas &amp; más</h2>
    >>> head_notes('<section id="footnotes">', "الهوامش", [("lang", "ar-EG"), ("dir", "rtl")]).splitlines()[1]
    '<h2 class="notes-heading"><span lang="ar-EG" dir="rtl">الهوامش</span></h2>'
    """
    if not label:
        return page
    heading = f'\n<h2 class="notes-heading">{_words_in(label, language)}</h2>'
    return _NOTES_SECTION.sub(lambda m: m.group(1) + heading, page, count=1)


def _words_in(words: str, language: Sequence[tuple[str, str]]) -> str:
    """WORDS as XHTML, in a span saying their LANGUAGE (`lang`, `dir`) when they have one of their own."""
    if not language:
        return _text(words)
    said = "".join(f' {key}="{_attribute(value)}"' for key, value in language)
    return f"<span{said}>{_text(words)}</span>"


def number_notes(page: str, back: str) -> str:
    r"""Open each EPUB note with its number, a link back to where it is called.

    A reading system that pops notes up shows the number; one that shows
    them in the flow shows numbered notes a reader can return from.

    >>> print(number_notes('<aside epub:type="footnote" role="doc-footnote" id="fn3">\n<p>Text', "Back"))
    <aside epub:type="footnote" role="doc-footnote" id="fn3" class="footnote">
    <p><a href="#fnref3" class="footnote-back" role="doc-backlink" aria-label="3: Back">3</a>. Text
    """

    def numbered(match: re.Match[str]) -> str:
        number = match.group(1)
        return (
            f'<aside epub:type="footnote" role="doc-footnote" id="fn{number}" class="footnote">\n'
            f'<p><a href="#fnref{number}" class="footnote-back" role="doc-backlink"'
            f' aria-label="{_attribute(f"{number}: {back}")}">{number}</a>. '
        )

    return _ASIDE.sub(numbered, page)


def name_backlinks(page: str, back: str) -> str:
    """Give the web page's links from a note back to the text a name a screen reader can say (not "↩︎")."""
    return _BACKLINK.sub(
        lambda m: (
            f'<a href="#fnref{m.group(1)}" class="footnote-back" role="doc-backlink"'
            f' aria-label="{_attribute(f"{m.group(1)}: {back}")}">'
        ),
        page,
    )


def finish_epub(
    epub: bytes,
    tags: Sequence[str],
    labels: Mapping[str, str],
    dated: bool = True,
    label_languages: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> bytes:
    """Rewrite the package, navigation and pages of EPUB, keeping every entry's name, date and compression.

    Args:
        tags: the languages of the edition, its main one first (a parallel edition has two).
        labels: the words the edition adds, by name (`notes`, `contents`, `back`,
            `accessibility`), and its `title`, in the edition's language.
        dated: whether the document has a date; else Pandoc's `dc:date`, the
            build's epoch (1980 when nothing sets one), is dropped.
        label_languages: the `lang` and `dir` of each label in a language of its own, by name: one that fell
            back, or an English default in a seed of another language.
    """
    languages = label_languages or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as source, zipfile.ZipFile(out, "w") as target:
        # Each entry read once: the package, which comes first, needs to know what the pages show.
        entries = [(info, source.read(info)) for info in source.infolist()]
        # A decorative image (alt="") tells a reader nothing: only described ones make the book visual too.
        described = any(_DESCRIBED_IMAGE.search(data) for info, data in entries if info.filename.endswith(".xhtml"))
        for info, data in entries:
            if info.filename.endswith(".opf"):
                opf = data.decode("utf-8")
                opf = opf if dated else _DATE.sub("", opf)
                data = package(opf, tags, labels.get("accessibility", ""), described).encode("utf-8")
            elif info.filename.endswith("nav.xhtml"):
                data = navigation(data.decode("utf-8"), labels, languages.get("contents", ())).encode("utf-8")
            elif info.filename.endswith(".xhtml"):
                data = page(data.decode("utf-8"), labels, languages.get("notes", ())).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def package(opf: str, tags: Sequence[str], summary: str, images: bool = False) -> str:
    """The package document with every language of the edition and true accessibility metadata.

    A book with IMAGES (described ones: a decorative image counts for
    none) is also read visually; each carries its caption as its text
    alternative, so text alone still suffices.
    """
    mine = f"<dc:language>{tags[0]}</dc:language>"
    opf = opf.replace(mine, mine + "".join(f"\n    <dc:language>{tag}</dc:language>" for tag in tags[1:]), 1)
    claims = [
        ("schema:accessMode", "textual"),
        *((("schema:accessMode", "visual"),) if images else ()),
        ("schema:accessModeSufficient", "textual"),
        *((("schema:accessibilityFeature", "alternativeText"),) if images else ()),
        *(("schema:accessibilityFeature", feature) for feature in FEATURES),
        ("schema:accessibilityHazard", "none"),
        *((("schema:accessibilitySummary", summary),) if summary else ()),
        ("dcterms:conformsTo", CONFORMANCE),
    ]
    metadata = "".join(f'\n    <meta property="{name}">{_text(value)}</meta>' for name, value in claims)
    opf = _A11Y_META.sub("", opf)
    return opf.replace("\n  </metadata>", metadata + "\n  </metadata>", 1)


def navigation(nav: str, labels: Mapping[str, str], language: Sequence[tuple[str, str]] = ()) -> str:
    """The navigation document headed "Contents" in the edition's language (or its own, LANGUAGE), with landmarks."""
    contents = labels.get("contents", "")
    if contents:
        heading = _words_in(contents, language)
        nav = re.sub(r'(<h1 id="toc-title">)[^<]*(</h1>)', lambda m: m.group(1) + heading + m.group(2), nav)
        nav = re.sub(r"<title>[^<]*</title>", f"<title>{_text(contents)}</title>", nav, count=1)
    first = re.search(r'<a href="(text/[^"#]+)', nav)
    if first is None:
        return nav
    landmarks = (
        # Only the text: the navigation document is not in the spine, so EPUBCheck refuses a landmark to it.
        '\n<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<ol>\n'
        f'<li><a href="{first.group(1)}" epub:type="bodymatter">{_text(labels.get("title", "") or "Text")}</a></li>\n'
        "</ol>\n</nav>"
    )
    return _TOC_NAV_END.sub(lambda m: m.group(1) + landmarks, nav, count=1)


def page(xhtml: str, labels: Mapping[str, str], notes_language: Sequence[tuple[str, str]] = ()) -> str:
    """A page of the text titled by the book, its notes headed, numbered and linked back."""
    title = labels.get("title", "")
    if title:
        xhtml = _PAGE_TITLE.sub(f"<title>{_text(title)}</title>", xhtml, count=1)
    xhtml = head_notes(xhtml, labels.get("notes", ""), notes_language)
    # Pandoc sets the web page's calls in <sup>, the EPUB's in nothing.
    xhtml = _NOTE_CALL.sub(lambda m: f"{m.group(1)}<sup>{m.group(2)}</sup></a>", xhtml)
    return number_notes(xhtml, labels.get("back", "") or "Back to the text")


def _text(value: str) -> str:
    # As html.escape does: importing `html` would load its table of entities (1 ms of every build).
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("'", "&#x27;")
