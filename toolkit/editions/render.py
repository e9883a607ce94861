"""Edition recipes: where each edition goes, how it is made, and when it need not be.

An edition is one document in one language in one format (PDF, EPUB 3, DOCX).
EPUB and DOCX come straight from Pandoc; the PDF is Typst compiled (`pdf`)
from the source `typst_source` writes. Every edition is written to a
temporary file and renamed into place, keyed in a small cache by a hash of
everything it is made from, and built in parallel with the others in
threads: Pandoc runs as a subprocess and `typst.compile` releases the GIL,
so PDFs overlap with Pandoc runs.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from toolkit.editions import pdf
from toolkit.editions.typefaces import FONTS_DIR, SCRIPT_FONTS, has_italics
from toolkit.errors import ToolkitError
from toolkit.files import replace, write_temporary
from toolkit.programs import bundled_pandoc

if TYPE_CHECKING:
    from toolkit.editions.ast import Node

FORMATS = ("pdf", "epub", "docx", "html")
"""Edition formats, in the order they are built and listed."""

DEFAULT_FORMATS = ("pdf", "epub", "docx")
"""What `build` makes when no format is named: the web page is made only on request."""

LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "SV", "HN", "NI", "DO", "PR"}
)
"""Territories whose paper is US Letter; everywhere else gets A4."""

STYLES_DIR = Path(__file__).parent / "styles"
"""The stylesheets of the EPUB (`epub.css`) and the web page (`epub.css` then `web.css`), the PDF's
(`pdf.typ`), the EPUB's page template and the DOCX's reference document."""
EPUB_PAGE = STYLES_DIR / "epub-page.xhtml"
"""Pandoc's template of an EPUB 3 page with the text's `dir` on its `<html>`, which Pandoc leaves out.

Without the branches a build never takes (a title page, a cover,
citations' styles, included files), which cost Pandoc 5 ms of the letter's
50 to read: the pages are those Pandoc's own template makes.
"""
REFERENCE_DOCX = STYLES_DIR / "reference.docx"
"""Pandoc's reference document without its styles and sample text (`tools/make_docx_reference.py`).

Pandoc's DOCX writer spends about 0.6 ms on each style of its reference,
used or not: 30 of the letter's 75 ms for its 49 styles. `word.finish_docx`
puts them back.
"""


def stylesheet(name: str) -> str:
    """The stylesheet NAME (`epub`, `web`) shipped in `styles/`."""
    return (STYLES_DIR / f"{name}.css").read_text("utf-8")


class EditionSource(msgspec.Struct, frozen=True):
    """What the editions of one document in one language are made from: its AST, serialised once."""

    digest: str
    """SHA-256 of the whole AST; with the format's options, the edition's cache key."""
    sources: dict[str, bytes]
    """Pandoc's JSON input per format (`pandoc.format_sources`); the Typst source for the PDF."""
    labels: tuple[tuple[str, str], ...] = ()
    """The words the editions add (`notes`, `back`...) and the `title`, as text in the edition's language."""
    label_languages: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """The `lang` (and `dir`) of each label in another language than the edition's: one that fell back, or an
    English default in a seed in another language."""
    alternates: tuple[tuple[str, str], ...] = ()
    """The web page in each language, (language tag, address): its head links to them all."""
    dated: bool = True
    """Whether the document has a date; else the EPUB declares none (Pandoc would date it by the build's epoch)."""

    @classmethod
    def of(cls, ast: Node, formats: Sequence[str]) -> EditionSource:
        """Serialise AST for FORMATS, as Typst for the PDF; the AST itself is not kept."""
        from toolkit.editions.ast import plain_text
        from toolkit.editions.pandoc import for_format, format_sources
        from toolkit.editions.typst_source import typst_document

        digest, sources = format_sources(ast, [fmt for fmt in formats if fmt != "pdf"])
        if "pdf" in formats:
            sources["pdf"] = typst_document(for_format(ast, "pdf")).encode()

        meta = ast["meta"]
        given = meta.get("labels", {"c": {}})["c"]
        labels = {name: plain_text(value["c"]) for name, value in given.items()}
        # A label in a language of its own is one Span saying which (`segment_nodes`).
        languages = {
            name: tuple((key, val) for key, val in value["c"][0]["c"][0][2])
            for name, value in given.items()
            if len(value["c"]) == 1 and value["c"][0]["t"] == "Span"
        }
        if "title" in meta:
            labels["title"] = plain_text(meta["title"]["c"])
        alternates = {tag: value["c"] for tag, value in meta.get("web-alternates", {"c": {}})["c"].items()}
        return cls(
            digest,
            sources,
            tuple(sorted(labels.items())),
            tuple(sorted(languages.items())),
            tuple(sorted(alternates.items())),
            "date" in meta,
        )

    def label(self, name: str) -> str:
        """The label NAME (`notes`) in the edition's language, or nothing."""
        return dict(self.labels).get(name, "")

    def label_language(self, name: str) -> tuple[tuple[str, str], ...]:
        """The `lang` and `dir` of the label NAME when it is not in the edition's language; else ()."""
        return dict(self.label_languages).get(name, ())

    def key(self, fmt: str) -> str:
        """What the edition in FMT is made from: the AST, and for the web page its links too."""
        if fmt != "html":
            return self.digest
        return hashlib.sha256(self.digest.encode() + self.sources[fmt]).hexdigest()


class EditionSpec(msgspec.Struct, frozen=True):
    """One edition to make: which document, language, format, and where."""

    domain: str
    lang: str
    format: str
    path: Path
    tag: str
    """BCP 47 tag the edition declares (`es-MX`)."""
    epoch: int
    """Seconds since 1970 written into the edition as its date of making."""
    other_tags: tuple[str, ...] = ()
    """The other languages of a bilingual edition, declared beside `tag`."""
    fonts: tuple[str, ...] = ()
    """The PDF's font families in order of preference (`typefaces.pdf_fonts`); empty for the defaults."""
    font_files: tuple[str, ...] = ()
    """The system font files those families need."""
    sidecar: str = ""
    """The document's sidecar as messages name it: where a font is named."""
    cjk_punctuation: bool = False
    """Whether the PDF's punctuation is its CJK font's (`typefaces.cjk_punctuation`)."""

    @property
    def region(self) -> str:
        return self.tag.rsplit("-", 1)[-1] if "-" in self.tag else ""


class EditionResult(msgspec.Struct, frozen=True):
    """What making one edition did."""

    spec: EditionSpec
    shown: str
    """The edition's path as messages show it."""
    built: bool
    """False when the edition was up to date and left alone."""
    size: int
    pages: int | None = None

    def summary(self) -> str:
        """One line: path, pages (PDF) or size, and whether it was rebuilt."""
        amount = f"{self.pages} page{'s' if self.pages != 1 else ''}" if self.pages is not None else _size(self.size)
        return f"{self.shown}: {amount}{'' if self.built else ', up to date'}"


Progress = Callable[[EditionResult, int, int], None]
"""Called as each edition is done: (result, editions done, editions in all)."""


def _size(size: int) -> str:
    """The size as messages show it.

    >>> _size(2048), _size(500)
    ('2.0 KB', '500 B')
    """
    return (
        f"{size} B"
        if size < 1024
        else f"{size / 1024:.1f} KB"
        if size < 1024 * 1024
        else f"{size / 1024 / 1024:.1f} MB"
    )


def edition_path(out_dir: Path, lang: str, domain: str, fmt: str) -> Path:
    """Where an edition goes: `<out>/<lang>/<domain>.<fmt>`."""
    return out_dir / lang / f"{domain}.{fmt}"


def paper_size(region: str) -> str:
    """Typst's paper for a territory: US Letter where it is used, else A4.

    >>> paper_size("MX"), paper_size("ES")
    ('us-letter', 'a4')
    """
    return "us-letter" if region.upper() in LETTER_TERRITORIES else "a4"


def edition_identifier(domain: str, lang: str) -> str:
    """A stable identifier for a document in a language, the same at every build.

    >>> edition_identifier("letter", "es")  # doctest: +ELLIPSIS
    'urn:uuid:...'
    """
    import uuid

    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"toolkit:{domain}/{lang}"))


def _pandoc_args(spec: EditionSpec) -> list[str]:
    if spec.format == "epub":
        from toolkit.locales import text_direction

        fonts = [f"--epub-embed-font={FONTS_DIR / name}" for name in _script_font(spec)[1]]
        # Pandoc gives the EPUB's pages no metadata but its variables: `dir`
        # must be one for `EPUB_PAGE` to write it.
        direction = ["--variable=dir:rtl"] if text_direction(spec.tag) == "rtl" else []
        # The title is the only level-1 heading: a manuscript's sections and their subsections are 2 and 3.
        return ["--epub-title-page=false", "--toc-depth=3", f"--template={EPUB_PAGE}", *direction, *fonts]
    if spec.format == "html":
        return ["--standalone", "--wrap=none"]
    if spec.format == "docx":
        return [f"--reference-doc={REFERENCE_DOCX}"]
    return []


def _script_font(spec: EditionSpec) -> tuple[str, tuple[str, ...]]:
    """The shipped font family and files for the script of the edition's language, if any."""
    from toolkit.locales import lang_script

    return SCRIPT_FONTS.get(lang_script(spec.tag), ("", ()))


def _edition_css(edition: EditionSource, spec: EditionSpec) -> str:
    """The stylesheet of an EPUB or web page: the font of the language's script first, where one is shipped."""
    family, files = _script_font(spec)
    css = stylesheet("epub")
    if family and spec.format == "epub":
        faces = [
            f'@font-face {{ font-family: "{family}"; font-weight: {"bold" if "Bold" in name else "normal"}; '
            f'font-style: {"italic" if "Slanted" in name else "normal"}; src: url("../fonts/{name}"); }}\n'
            for name in files
        ]
        css = "".join(faces) + css
    if family:
        css += f'body {{ font-family: "{family}", serif; }}\n'
    css += stylesheet("web") if spec.format == "html" else ""
    return css + upright_css(css, (spec.tag, *spec.other_tags))


_ITALIC_RULE = re.compile(r"([^{}]+)\{[^{}]*font-style:\s*italic")


def upright_css(css: str, tags: Sequence[str]) -> str:
    """Rules that set upright, in each language of TAGS the editions do not slant, what CSS sets in italics.

    A browser would slant Chinese or Devanagari itself (`typefaces.has_italics`).
    What is in such a language inside the italic matter (a column, a date) is upright too.

    >>> print(upright_css("div.date p, p.subtitle { font-style: italic; }", ["es-MX", "ja-JP"]), end="")
    div.date p:lang(ja), div.date p :lang(ja), p.subtitle:lang(ja), p.subtitle :lang(ja) { font-style: normal; }
    """
    langs = dict.fromkeys(tag.split("-")[0] for tag in tags if not has_italics(tag))
    if not langs:
        return ""  # most editions: finding the italic rules takes 3 ms of the EPUB's lane
    selectors = [s.strip() for rule in _ITALIC_RULE.findall(css) for s in rule.split(",")]
    return "".join(
        ", ".join(f"{selector}{within}:lang({lang})" for selector in selectors for within in ("", " "))
        + " { font-style: normal; }\n"
        for lang in langs
        if selectors
    )


CACHE_SCHEMA = 1
"""The layout of the cache records (the build stamp and each edition's record); raise it when one changes."""


def cache_key(*parts: object) -> str:
    """Key something the toolkit makes from PARTS (JSON values): the build stamp and each edition's cache.

    The toolkit's code and `CACHE_SCHEMA` are part of every key, so a record
    is only ever read back by the code that wrote it.
    """
    payload = msgspec.json.encode([CACHE_SCHEMA, code_version(), *parts], order="sorted")
    return hashlib.sha256(payload).hexdigest()


def code_version() -> str:
    """The toolkit's source, stylesheets and fonts, and the installed versions of Pandoc, Typst and Babel.

    Whatever shapes an edition besides its AST and options: it keys the
    editions' caches and the build stamp. Made once per process, whichever
    threads ask for it at the same time.
    """
    with _DIGESTING:
        return _code_digest()


_DIGESTING = threading.Lock()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What `code_version` gives.

    The distributions are read from the names of their `.dist-info` folders:
    importing pypandoc, typst or importlib.metadata would cost more than the
    rest of a no-op build.
    """
    import importlib.util

    digest = hashlib.sha256()
    package = Path(__file__).parent.parent
    for name in _sources(package):
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    for sheet in sorted(STYLES_DIR.glob("*.*")):
        digest.update(sheet.name.encode() + b"\0" + sheet.read_bytes())
    # The fonts by name, size and time: reading their 2.2 MB took 4 ms of every build.
    for font in sorted(FONTS_DIR.glob("*.ttf")):
        status = font.stat()
        digest.update(f"{font.name}:{status.st_size}:{status.st_mtime_ns}".encode())
    listed: dict[Path, list[str]] = {}  # the three are usually in one folder of hundreds of entries
    for name in ("pypandoc", "typst", "babel"):
        spec = importlib.util.find_spec(name)
        site = Path(spec.origin).parent.parent if spec is not None and spec.origin else None
        if site is not None:
            if site not in listed:
                listed[site] = sorted(entry for entry in os.listdir(site) if entry.endswith(".dist-info"))
            digest.update(f"{name}:{site}:{'|'.join(listed[site])}".encode())
    return digest.hexdigest()


def _sources(package: Path) -> list[str]:
    """The package's Python files, as paths from PACKAGE, in order; not looked for in its bytecode folders.

    A glob (`rglob`) looked in those too, and took three times as long.
    """
    found = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        inside = Path(folder).relative_to(package).as_posix()
        found += [name if inside == "." else f"{inside}/{name}" for name in files if name.endswith(".py")]
    return sorted(found)


def _cache_path(out_dir: Path, spec: EditionSpec) -> Path:
    return out_dir / ".cache" / spec.lang / f"{spec.domain}.{spec.format}.json"


def _key(ast_digest: str, spec: EditionSpec) -> str:
    options = {
        "format": spec.format,
        "tag": spec.tag,
        "epoch": spec.epoch,
        "args": _pandoc_args(spec),
        "pdf": pdf.PDF_STANDARDS,
        "fonts": [spec.fonts, spec.font_files, spec.cjk_punctuation],
    }
    return cache_key(ast_digest, options)


def _up_to_date(cache: Path, key: Callable[[], str], output: Path) -> dict[str, object] | None:
    """The record at CACHE if the edition at OUTPUT is what it records, made from what KEY says.

    KEY is asked only when there is a record: its hash of the toolkit's code
    is then left out of a first build's start.
    """
    try:
        record = msgspec.json.decode(cache.read_bytes())
    except (OSError, ValueError):
        return None
    # The key first: a changed edition is then not read and hashed (15 MB at N=500) only to be made again.
    if not isinstance(record, dict) or record.get("key") != key():
        return None
    try:
        data = output.read_bytes()
    except OSError:
        return None
    return record if record.get("sha256") == hashlib.sha256(data).hexdigest() else None


def _count_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def _make(edition: EditionSource, spec: EditionSpec, shown: str, env: dict[str, str]) -> bytes:
    """Run the recipe of one edition and return its bytes."""
    # Each module is imported where it is first needed, so that a Pandoc run
    # is not kept waiting by the imports of the finishing it comes before.
    from toolkit.editions.pandoc import convert

    source = edition.sources[spec.format]
    if spec.format == "pdf":
        paper = f'#set page(paper: "{paper_size(spec.region)}")\n'
        try:
            fonts = pdf.PdfFonts(spec.fonts, spec.font_files, spec.cjk_punctuation)
            return pdf.compile_pdf(paper.encode() + source, spec.epoch, fonts)
        except OSError:
            raise  # the temporary folder's fault, not the source's: `_prepare_edition` says so
        except Exception as error:  # typst.TypstError and its kin carry the diagnostics
            from toolkit.editions.typefaces import missing_font_message

            first = next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
            no_font = missing_font_message(str(error), spec.lang.split("+"), spec.sidecar)
            raise ToolkitError(no_font or f"Typst failed: {first}", shown) from None
    import tempfile  # not before an edition is made: a build with nothing to make needs none

    args = _pandoc_args(spec)
    with tempfile.TemporaryDirectory(prefix="toolkit-") as work:
        output = Path(work) / f"edition.{spec.format}"
        if spec.format == "epub":
            css = Path(work) / "edition.css"
            css.write_text(_edition_css(edition, spec), "utf-8")
            args = [*args, f"--css={css}"]
        if spec.format == "html":
            import html  # only the web page needs it: its entity table costs every build 2 ms

            # One file: the stylesheet goes into the page, not beside it.
            style = Path(work) / "style.html"
            links = "".join(
                f'<link rel="alternate" hreflang="{html.escape(tag)}" href="{html.escape(href)}" />\n'
                for tag, href in edition.alternates
            )
            style.write_text(f"{links}<style>\n{_edition_css(edition, spec)}</style>\n", "utf-8")
            args = [*args, f"--include-in-header={style}"]
        to = {"epub": "epub3", "html": "html5"}.get(spec.format, spec.format)
        convert(source, to, output, args, env, shown)
        data = output.read_bytes()
    if spec.format == "html":
        from toolkit.editions.finish import head_notes, name_backlinks

        page = head_notes(data.decode("utf-8"), edition.label("notes"), edition.label_language("notes"))
        data = name_backlinks(page, edition.label("back") or "Back to the text").encode("utf-8")
    if spec.format == "epub":
        from toolkit.editions.finish import finish_epub

        tags = (spec.tag, *spec.other_tags)
        data = finish_epub(data, tags, dict(edition.labels), edition.dated, dict(edition.label_languages))
    if spec.format == "docx":
        from toolkit.editions.word import finish_docx

        data = finish_docx(data, paper_size(spec.region), edition.dated)
    return data


class _Made(msgspec.Struct, frozen=True):
    """An edition made but not yet in place: its bytes and cache record wait in temporary files beside them."""

    result: EditionResult
    temporary: str | None = None
    """None when the edition was up to date."""
    record: str | None = None
    """The temporary file of the cache record, put in place with the edition."""

    def commit(self, out_dir: Path) -> None:
        if self.temporary is not None and self.record is not None:
            replace(self.temporary, self.result.spec.path)
            replace(self.record, _cache_path(out_dir, self.result.spec))

    def discard(self) -> None:
        for name in (self.temporary, self.record):
            if name is not None:
                Path(name).unlink(missing_ok=True)


def _prepare_edition(edition: EditionSource, spec: EditionSpec, out_dir: Path, shown: str) -> _Made:
    """Make one edition into a temporary file, unless its cache says it is up to date."""

    @lru_cache(maxsize=1)
    def key() -> str:
        # Made once, for the record read back and the one written. The whole
        # AST is hashed, not its adaptation to the format: the EPUB
        # stylesheet is made from metadata the adaptation drops.
        return _key(edition.key(spec.format), spec)

    cache = _cache_path(out_dir, spec)
    record = _up_to_date(cache, key, spec.path)
    if record is not None:
        pages = record.get("pages")
        return _Made(
            EditionResult(spec, shown, False, spec.path.stat().st_size, pages if isinstance(pages, int) else None)
        )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(spec.epoch)}
    heap = _pandoc_heap(len(edition.sources[spec.format]))
    if heap and bundled_pandoc():
        # Another Pandoc may take no RTS options, and would print a warning before any error.
        env.setdefault("GHCRTS", heap)
    try:
        data = _make(edition, spec, shown, env)
    except OSError as error:  # the system's temporary folder, read-only or full
        where = f"{error.filename}: " if error.filename else ""
        raise ToolkitError(f"cannot make the edition: {where}{error.strerror or error}", shown) from None
    pages = _count_pages(data) if spec.format == "pdf" else None
    entry = {"key": key(), "sha256": hashlib.sha256(data).hexdigest(), "pages": pages}
    # Both are written before either is put in place: a full disk stops the
    # build with every edition as it was.
    try:
        temporary = write_temporary(spec.path, data)
    except ToolkitError as error:
        raise ToolkitError(error.message, shown) from None
    try:
        cached = write_temporary(cache, msgspec.json.format(msgspec.json.encode(entry, order="sorted"), indent=1))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return _Made(EditionResult(spec, shown, True, len(data), pages), temporary, cached)


SMALL_SOURCES = 1 << 20
"""Below this many bytes of sources in all, `render_editions` makes one edition more at a time than there are cores."""


def _pandoc_heap(size: int) -> str:
    """The heap the bundled Pandoc starts with for a source of SIZE bytes, as an RTS option; '' for its own.

    It is linked to start with 64 MB (-H64m), and a run touches every page
    of it: on a letter most of its time is spent faulting them in. Measured
    CPU time for the letter's DOCX and EPUB (17 KB each): 47 and 33 ms at
    -H32m, 38 and 30 ms at -H12m. Below -H12m two letters' EPUB collects
    twice as often and takes 112 MB; above 64 KB -H32m is the faster again.

    >>> _pandoc_heap(17_000), _pandoc_heap(500_000), _pandoc_heap(5_000_000)
    ('-H12m', '-H32m', '')
    """
    return "-H12m" if size < 1 << 16 else "-H32m" if size < SMALL_SOURCES else ""


class EditionJob(msgspec.Struct, frozen=True):
    """One edition for `render_editions` to make: from what, as what, and its path as messages show it."""

    source: EditionSource
    spec: EditionSpec
    shown: str


def render_editions(
    jobs: Sequence[EditionJob],
    out_dir: Path,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[EditionResult]:
    """Make editions in parallel, about one per core; results come back in job order.

    Every edition is attempted; failures are gathered and raised together,
    and then no edition is replaced: all are put in place, or none.

    Raises:
        ToolkitError: one line per edition that failed.
    """
    # An edition keeps a core busy. Small ones are mostly start-up and
    # waiting (Pandoc's start, the PDF's fonts): one more at a time than
    # there are cores ends a letter's build sooner (N=1: 0.28 s -> 0.24 s);
    # with big ones it only slows the PDF, the longest, down (N=500: +1.5 s).
    small = sum(len(job.source.sources[job.spec.format]) for job in jobs) < SMALL_SOURCES
    workers = max(1, min(len(jobs), workers or (os.cpu_count() or 1) + small))
    outcomes = _make_all(jobs, _start_order(jobs, small), out_dir, workers, progress)
    try:
        failures = [outcome for _, outcome in sorted(outcomes.items()) if isinstance(outcome, BaseException)]
        for failure in failures:
            if not isinstance(failure, ToolkitError):
                raise failure
        if failures:
            raise ToolkitError("; ".join(str(failure) for failure in failures))
        made = [outcome for _, outcome in sorted(outcomes.items()) if isinstance(outcome, _Made)]
        # Only when every edition is made do they replace the previous ones:
        # a failed build leaves all editions as they were.
        for index, edition in enumerate(made):
            edition.commit(out_dir)
            del outcomes[index]
    finally:
        for outcome in outcomes.values():
            if isinstance(outcome, _Made):
                outcome.discard()
    return [edition.result for edition in made]


def _start_order(jobs: Sequence[EditionJob], small: bool) -> list[int]:
    """The jobs' indexes in the order they start.

    Big editions start with the longest, the PDFs. Small ones start
    together, the Pandoc runs first: a PDF made in this process begins with
    Typst's import, which holds the interpreter for a few ms.
    """

    def starts_late(index: int) -> bool:
        is_pdf = jobs[index].spec.format == "pdf"
        return is_pdf if small else not is_pdf

    return sorted(range(len(jobs)), key=starts_late)


def _make_all(
    jobs: Sequence[EditionJob], order: Sequence[int], out_dir: Path, workers: int, progress: Progress | None
) -> dict[int, _Made | BaseException]:
    """Make each edition of JOBS, in ORDER, on WORKERS threads: what each gave, made or raised, by its index.

    Interrupted, it begins no further edition, waits for those being made,
    drops them all, and raises.
    """
    import threading
    from queue import SimpleQueue

    waiting = iter(order)
    taking, stopping = threading.Lock(), threading.Event()
    done: SimpleQueue[tuple[int, _Made | BaseException]] = SimpleQueue()

    def work() -> None:
        while True:
            with taking:
                index = None if stopping.is_set() else next(waiting, None)
            if index is None:
                return
            try:
                job = jobs[index]
                done.put((index, _prepare_edition(job.source, job.spec, out_dir, job.shown)))
            except BaseException as error:  # raised again in the caller's thread
                done.put((index, error))

    threads = [threading.Thread(target=work, name=f"edition-{n}", daemon=True) for n in range(workers)]
    outcomes: dict[int, _Made | BaseException] = {}
    try:
        for thread in threads:
            thread.start()
        # Every edition's cache record is keyed by the code's digest: made here,
        # where this thread would only wait, it is not made on an edition's time.
        code_version()
        while len(outcomes) < len(jobs):
            index, outcome = done.get()
            outcomes[index] = outcome
            if isinstance(outcome, _Made) and progress is not None:
                progress(outcome.result, sum(isinstance(o, _Made) for o in outcomes.values()), len(jobs))
    except BaseException:
        stopping.set()
        for thread in threads:
            thread.join()
        late = [done.get()[1] for _ in range(done.qsize())]
        for outcome in [*outcomes.values(), *late]:
            if isinstance(outcome, _Made):
                outcome.discard()
        raise
    return outcomes
