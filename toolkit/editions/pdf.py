"""The PDF: Typst's compile with the editions' fonts and standards, and what those fonts cannot print.

The only module that imports typst. A letter's PDF is compiled in the
build's process (Typst releases the GIL, so it overlaps with the Pandoc
runs; two compiles in threads take as long as in sequence: 4 compiles,
1.19 s vs 1.15 s on 2 cores); a book's in a child process
(`typst_pdf_apart`), so that Typst's memory is not added to the build's.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import msgspec

from toolkit.editions.typefaces import BASE_FAMILIES, FONTS_DIR
from toolkit.epoch import ZIP_EPOCH

PDF_STANDARDS = ("a-2b", "ua-1")
"""PDF/A-2b for archiving plus PDF/UA-1 for accessibility (tagged, /Lang, embedded fonts).

PDF/A-2a would also demand it, but UA-1 is the stricter accessibility
profile and Typst accepts the pair; see FACTS.md.
"""


def typst_fonts(families: Sequence[str], cjk_punctuation: bool = False) -> str:
    r"""Put before the Typst source: Typst takes each character from the first of FAMILIES that has it.

    With CJK_PUNCTUATION (`typefaces.cjk_punctuation`), the base faces
    (Libertinus Serif, Amiri) leave the quotation marks, ellipses and dashes
    to the CJK font after them.

    >>> typst_fonts(["Libertinus Serif", "Amiri"])
    '#set text(font: ("Libertinus Serif", "Amiri",))\n'
    >>> typst_fonts(["Libertinus Serif", "Noto Serif CJK SC"], cjk_punctuation=True)
    '#set text(font: ((name: "Libertinus Serif", covers: "latin-in-cjk"), "Noto Serif CJK SC",))\n'
    """
    yielding = BASE_FAMILIES if cjk_punctuation else ()
    entries = [f'(name: "{f}", covers: "latin-in-cjk")' if f in yielding else f'"{f}"' for f in families]
    return "#set text(font: (" + "".join(f"{entry}, " for entry in entries).rstrip() + "))\n"


BASE_FONTS = typst_fonts(BASE_FAMILIES)
"""The fonts of a PDF in a language Libertinus Serif and Amiri set."""


class PdfFonts(msgspec.Struct, frozen=True):
    """The fonts a PDF is set in; by default Libertinus Serif and Amiri."""

    families: Sequence[str] = ()
    """In order of preference (`typefaces.pdf_fonts`)."""
    files: Sequence[str] = ()
    """The system font files those families need."""
    cjk_punctuation: bool = False
    """Whether its punctuation is its CJK font's (`typefaces.cjk_punctuation`)."""


BASE = PdfFonts()
"""Libertinus Serif and Amiri alone."""


def typst_pdf(source: bytes, timestamp: int, fonts: PdfFonts = BASE) -> bytes:
    """Compile the Typst SOURCE to a PDF with the editions' FONTS and standards."""
    if not fonts.files:
        return _typst_compile(source, timestamp, fonts, [str(FONTS_DIR)])
    import tempfile

    # Typst reads fonts from folders only: the system fonts the edition
    # needs are linked into one of their own.
    with tempfile.TemporaryDirectory(prefix="toolkit-fonts-") as linked:
        for index, font in enumerate(fonts.files):
            os.symlink(font, Path(linked) / f"{index}-{Path(font).name}")
        return _typst_compile(source, timestamp, fonts, [str(FONTS_DIR), linked])


def _typst_compile(source: bytes, timestamp: int, fonts: PdfFonts, font_paths: list[str]) -> bytes:
    """`typst_pdf` with the folders of its fonts: Typst's options are set here alone."""
    import typst

    preamble = typst_fonts(fonts.families, fonts.cjk_punctuation) if fonts.families else BASE_FONTS
    pdf = typst.compile(  # type: ignore[call-overload]  # the stubs tie font_paths and root to the type of input
        preamble.encode() + source,
        format="pdf",
        pdf_standards=list(PDF_STANDARDS),
        timestamp=timestamp,
        ignore_system_fonts=True,
        font_paths=font_paths,
        root="/",  # a manuscript's images are named by absolute paths
    )
    assert isinstance(pdf, bytes)
    return pdf


PDF_APART = 1 << 18
"""From this many bytes of Typst source on, the PDF is compiled in a process of its own (`typst_pdf_apart`).

Typst's compile takes most of a book's memory (1.8 GB at N=500 in
`benchmarks/RESULTS.md`); in the build's process it comes on top of what
the build holds then (every edition's sources, the documents: 0.3 GB
more). A child process costs its Python's start, about 50 ms: nothing
beside a book's compile, too much for a letter's.
"""


_CHILD = """\
import os, sys
root = sys.argv[1]
if root not in {os.path.realpath(entry) for entry in sys.path}:
    sys.path.insert(0, root)  # the parent's toolkit, from wherever the parent found it
from toolkit.editions.typst_child import main
sys.exit(main())
"""
"""What the child process runs: this toolkit's `typst_child`, found on the path if the toolkit is installed there.

Put first on the path only when it is not on it already: when the toolkit
is in site-packages, that folder placed before the standard library could
shadow it.
"""


class TypstFailed(Exception):
    """Typst refused a source in the child process; the message is its diagnostics."""


def typst_pdf_apart(source: bytes, timestamp: int, fonts: PdfFonts = BASE) -> bytes:
    """`typst_pdf` in a child process (`typst_child`), whose memory is the system's again as soon as it ends.

    Raises:
        TypstFailed: Typst's diagnostics, or how the process ended.
    """
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="toolkit-pdf-") as work:
        given, made = Path(work) / "source.typ", Path(work) / "edition.pdf"
        given.write_bytes(source)
        request = {"source": str(given), "pdf": str(made), "timestamp": timestamp}
        request |= {"fonts": msgspec.structs.asdict(fonts)}
        # -P, and a temporary folder as the current one, keep a `toolkit/`
        # folder where the build runs from shadowing the toolkit.
        package_root = str(Path(__file__).resolve().parents[2])
        done = subprocess.run(
            [sys.executable, "-P", "-c", _CHILD, package_root],
            input=msgspec.json.encode(request),
            capture_output=True,
            cwd=work,
            check=False,
        )
        if done.returncode != 0:
            raise TypstFailed(done.stderr.decode("utf-8", "replace").strip() or _how_it_ended(done.returncode))
        return made.read_bytes()


def compile_pdf(source: bytes, timestamp: int, fonts: PdfFonts = BASE) -> bytes:
    """The PDF of SOURCE: compiled in this process, or from `PDF_APART` bytes on in a child process.

    Raises:
        TypstFailed: the child's Typst refused the source, or the child died.
        typst.TypstError: this process's Typst refused it.
        OSError: the temporary folder refused a file.
    """
    apart = len(source) >= PDF_APART and bool(sys.executable)
    return (typst_pdf_apart if apart else typst_pdf)(source, timestamp, fonts)


def _how_it_ended(status: int) -> str:
    """What a child process that printed nothing said by ending with STATUS.

    >>> _how_it_ended(-9)
    "Typst's process was stopped by SIGKILL, as the system does when memory runs out"
    """
    if status >= 0:
        return f"Typst's process ended with status {status}"
    import signal

    try:
        name = signal.Signals(-status).name
    except ValueError:
        name = f"signal {-status}"
    return f"Typst's process was stopped by {name}" + (
        ", as the system does when memory runs out" if name == "SIGKILL" else ""
    )


_NO_GLYPH = re.compile(r'the text `"(.*?)"` could not be displayed')
_FONTS: dict[tuple[tuple[str, ...], str, tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]] = {}
"""The PDF's font families and files by languages, sidecar and quoted scripts, where the sidecar names none."""
_HAS_GLYPH: dict[tuple[str, ...], dict[str, bool]] = {}
"""What the probes found so far, by font families, then character: whether a font of the PDF has it."""
MAX_PROBES = 64
"""How many small compiles one call of `unprintable` may make."""
MAX_UNPRINTABLE = 128
"""Past this many characters found unprintable (a whole script no font has), no more are asked about."""
BASE_COVERAGE = ((0x00A0, 0x0500), (0x0590, 0x0600), (0x0600, 0x061D), (0x061E, 0x0700), (0x1E00, 0x2040))
"""Code point ranges whose letters every PDF prints without asking Typst (`tests/test_pdf.py` holds Typst to it).

Latin, Greek, Cyrillic (bar its supplement), Hebrew and the common
punctuation are in Typst's Libertinus Serif, Arabic in the shipped Amiri,
which every PDF has: a text in those scripts needs no probe compile.
"""
_BEYOND_BASE = re.compile("[^\x00-\x7f" + "".join(f"{chr(start)}-{chr(end - 1)}" for start, end in BASE_COVERAGE) + "]")
"""A character neither ASCII nor in `BASE_COVERAGE`: the only kind `unprintable` asks Typst about."""


@functools.lru_cache(maxsize=4096)
def _quoted(char: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    """The script whose font the PDF in LANGS takes for CHAR beyond the languages' fonts, as a tuple of none or one."""
    from toolkit.editions.typefaces import quoted_scripts

    return quoted_scripts(char, langs)


def unprintable(
    text: str, langs: Sequence[str] = (), named: Mapping[str, str] | None = None, sidecar: str = ""
) -> list[str]:
    """The characters of TEXT that no font of the PDF in LANGS has, which Typst refuses to print (an emoji, say).

    The fonts are those `typefaces.pdf_fonts` gives the languages (NAMED:
    the sidecar's choice per language or script), with, for each
    character, the font of its own script when the text quotes one beyond
    theirs (`typefaces.quoted_scripts`): the PDF of a text has the fonts of
    all the scripts it quotes, so a character found here prints there, and
    an entry is judged alone as its whole edition is. Typst itself is
    asked, with those fonts and the editions' standards, on a few
    characters at a time; it names one such character per compile, and
    the answers are remembered. Marks, joiners and selectors go with the
    character they modify and are not asked about.
    """
    # Each distinct character once, and the fonts once per language: `check` asks for every entry of a catalog.
    if not _BEYOND_BASE.search(text):
        return []
    chars = set(_BEYOND_BASE.findall(text))
    from toolkit.editions.typefaces import pdf_fonts

    asked = sorted(c for c in chars if not c.isspace() and unicodedata.category(c)[0] not in "MCZ")
    by_script: dict[tuple[str, ...], list[str]] = {}
    for char in asked:
        by_script.setdefault(_quoted(char, tuple(langs)), []).append(char)
    missing: list[str] = []
    probes = MAX_PROBES
    for scripts, group in by_script.items():
        fonts_key = (tuple(langs), sidecar, scripts)
        if named or fonts_key not in _FONTS:
            _FONTS[fonts_key] = pdf_fonts(langs, named, sidecar, scripts) if langs or scripts else ((), ())
        families, files = _FONTS[fonts_key]
        known = _HAS_GLYPH.setdefault(tuple(families), {})
        probes = _probe(sorted(set(group) - known.keys()), known, families, files, probes)
        missing += [c for c in group if known.get(c) is False]
    return sorted(missing)


def _probe(
    wanted: list[str], known: dict[str, bool], families: Sequence[str], files: Sequence[str], probes: int
) -> int:
    """Ask Typst which of WANTED the FAMILIES print, in at most PROBES compiles, into KNOWN; the probes left."""
    given_up = bool(wanted) and sum(not has for has in known.values()) >= MAX_UNPRINTABLE
    groups = [wanted] if wanted and not given_up else []
    while groups and probes > 0:
        probes -= 1
        group = groups.pop()
        found = _refused(group, families, files)
        if found is None:
            known.update(dict.fromkeys(group, True))
            continue
        hit = next((c for c in group if c in found), None) if found else None
        if hit is not None:
            known[hit] = False
            groups.append([c for c in group if c != hit])
        elif len(group) > 1:
            groups += [group[: len(group) // 2], group[len(group) // 2 :]]
        else:
            known[group[0]] = not found  # an unnamed refusal: some other problem, not this character's
    return probes


def _refused(chars: list[str], families: Sequence[str] = (), files: Sequence[str] = ()) -> str | None:
    """None when the PDF prints CHARS; else the text Typst names as having no font ('' if it names none)."""
    if not chars:
        return None
    escaped = " ".join(f"\\u{{{ord(c):x}}}" for c in chars)
    probe = f'#set document(title: "probe")\n#set text(lang: "en")\n#"{escaped}"\n'
    try:
        typst_pdf(probe.encode(), ZIP_EPOCH, PdfFonts(families, files))
    except Exception as error:  # typst.TypstError
        found = _NO_GLYPH.search(str(error))
        return found.group(1) if found else ""
    return None
