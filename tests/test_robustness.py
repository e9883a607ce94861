"""Bad input, hostile translations, concurrent builds and arbitrary text: nothing crashes, nothing is lost."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypandoc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from toolkit import programs
from toolkit.catalogs import store as catalogs
from toolkit.catalogs.pofile import Catalog, Entry
from toolkit.commands.build import build
from toolkit.commands.catalog import Project, extract, update
from toolkit.document.model import Segment
from toolkit.document.readers.plaintext import read_seed
from toolkit.errors import ToolkitError

from .conftest import REPO, Run, one_error_line, pdf_text, snapshot, write_catalog

PO = "locale/es/LC_MESSAGES/letter.po"


def _line_of(path: Path, text: str) -> int:
    return path.read_text("utf-8").split("\n").index(text) + 1


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _unterminated(po: Path) -> int:
    _edit(po, 'msgstr "Notas"\n', 'msgstr "Notas\n')
    return _line_of(po, 'msgstr "Notas')


def _stray(po: Path) -> int:
    _edit(po, 'msgstr "Notas"\n', 'msgstr "Notas"\nstray words\n')
    return _line_of(po, "stray words")


def _duplicate(po: Path) -> int:
    text = po.read_text("utf-8")
    start = text.index('msgctxt "label:notes"')
    entry = text[start : text.index("\n\n", start)]
    po.write_text(text.replace("\n\n#~", "\n\n#~", 1) + "\n" + entry + "\n", "utf-8")
    return len(text.split("\n")) + 1


def _not_utf8(po: Path) -> int:
    line = _line_of(po, 'msgstr "Notas"')
    po.write_bytes(po.read_bytes().replace(b'msgstr "Notas"', b'msgstr "Not\xe1s"'))
    return line


def _conflict(po: Path) -> int:
    _edit(po, 'msgstr "Notas"\n', '<<<<<<< HEAD\nmsgstr "Notas"\n=======\nmsgstr "Apuntes"\n>>>>>>> other\n')
    return _line_of(po, "<<<<<<< HEAD")


def _latin1(po: Path) -> int:
    line = _not_utf8(po)
    po.write_bytes(po.read_bytes().replace(b"charset=UTF-8", b"charset=ISO-8859-1"))
    return line


def _no_header(po: Path) -> int:
    text = po.read_text("utf-8")
    po.write_text(text[text.index("\n\n") + 2 :], "utf-8")
    return 1


MALFORMED = {
    "unterminated": (_unterminated, "unterminated string"),
    "stray-line": (_stray, "unexpected line 'stray words'"),
    "duplicate": (_duplicate, "duplicate entry for msgctxt 'label:notes'"),
    "not-utf8": (_not_utf8, "not UTF-8 (byte 0xe1); save the file as UTF-8"),
    "latin-1": (_latin1, "not UTF-8 (byte 0xe1); its header declares ISO-8859-1: convert it with `msgconv -t UTF-8`"),
    "conflict": (_conflict, "'<<<<<<< HEAD' marks a merge conflict; keep one side of it and delete the markers"),
    "no-header": (_no_header, 'no header; a catalog starts with msgid ""'),
}
COMMANDS = {
    "check": ("check", "--lang", "es"),
    "build": ("build", "--lang", "es", "--format", "docx"),
    "update": ("update",),
    "stats": ("stats", "--lang", "es"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_catalog_is_one_line_and_never_overwritten(letter_project: Path, run: Run, case, command):
    spoil, message = MALFORMED[case]
    line = spoil(letter_project / PO)
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, *COMMANDS[command]))
    assert error.startswith(f"Error: {PO}:{line}: {message}"), error
    assert snapshot(letter_project) == before


@pytest.mark.parametrize("command", ["check", "build", "stats"])
def test_a_missing_catalog(letter_project: Path, run: Run, command):
    (letter_project / PO).unlink()
    (letter_project / "locale" / "es" / "LC_MESSAGES" / "other.po").write_text("")
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, *COMMANDS[command]))
    assert error.startswith(f"Error: {PO}: no ") and "toolkit init --lang es" in error
    assert snapshot(letter_project) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unreadable_catalog(letter_project: Path, run: Run, command):
    (letter_project / PO).unlink()
    (letter_project / PO).mkdir()  # unreadable as a file, even for root
    before = snapshot(letter_project)
    error = one_error_line(run(letter_project, *COMMANDS[command]))
    assert error.startswith(f"Error: {PO}: cannot read the catalog: ")
    assert snapshot(letter_project) == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "--lang", "xx"), "unknown language 'xx'"),
        (("stats", "--lang", "es_ZZ"), "unknown language 'es_ZZ'"),
        (("build", "--lang", "es", "--format", "odt"), "Invalid value for '--format': 'odt'"),
    ],
    ids=["check-lang", "stats-lang", "build-format"],
)
def test_unknown_lang_or_format(letter_project: Path, run: Run, args, expected):
    before = snapshot(letter_project)
    assert expected in one_error_line(run(letter_project, *args))
    assert snapshot(letter_project) == before


def test_debug_shows_the_traceback(letter_project: Path, run: Run):
    _unterminated(letter_project / PO)
    result = run(letter_project, "--debug", "check", "--lang", "es")
    assert isinstance(result.exception, ToolkitError)


@pytest.fixture
def built_es(letter_project: Path, run: Run) -> Path:
    """The letter project with its Spanish PDF and DOCX made, then one translation changed."""
    assert run(letter_project, "build", "--lang", "es", "--format", "pdf", "--format", "docx").exit_code == 0
    _edit(letter_project / PO, 'msgstr "Notas"', 'msgstr "Notas al pie"')
    return letter_project


def _no_temporary_files(root: Path) -> bool:
    return not [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_a_pandoc_failure_leaves_the_editions(
    built_es: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\necho 'pandoc: simulated failure' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr("toolkit.editions.pandoc.pandoc_path", lambda: str(fake))
    before = snapshot(built_es)
    error = one_error_line(run(built_es, "build", "--lang", "es", "--format", "pdf", "--format", "docx"))
    assert "outputs/es/letter.docx: Pandoc failed: pandoc: simulated failure" in error
    assert snapshot(built_es) == before and _no_temporary_files(built_es)


def test_a_typst_failure_leaves_every_edition(built_es: Path, run: Run, monkeypatch: pytest.MonkeyPatch):
    import typst

    def fail(*args, **kwargs):
        raise RuntimeError("error: simulated failure\n  at line 3")

    monkeypatch.setattr(typst, "compile", fail)
    before = snapshot(built_es)
    error = one_error_line(run(built_es, "build", "--lang", "es", "--format", "pdf", "--format", "docx"))
    assert error == "Error: outputs/es/letter.pdf: Typst failed: error: simulated failure"
    # The DOCX was made fine, but a failed build replaces no edition.
    assert snapshot(built_es) == before and _no_temporary_files(built_es)


def test_update_never_drops_a_translation(letter_project: Path, run: Run):
    key = "paragraph:this-type-of-agreement-also-supports"
    seed = letter_project / "seeds" / "letter.txt"
    text = seed.read_text("utf-8")
    start = text.index("This type of agreement also supports")
    seed.write_text(text[:start] + text[text.index("\n\n", start) + 2 :], "utf-8")
    translation = catalogs.translations(letter_project / PO)[key][0]
    assert run(letter_project, "update").exit_code == 0
    gone = [e for e in catalogs.read_catalog(letter_project / PO) if e.msgctxt == key]
    assert [(e.obsolete, e.msgstr) for e in gone] == [(True, translation)]


# -- Hostile translations through every format ---------------------------------

HOSTILE = {
    "typst": '#read("/etc/hostname")',
    "latex": r"\input{/etc/hostname}",
    "html": "<script>alert(1)</script>",
    "md-link": "[click](https://evil.example/x)",
    "md-image": "![img](/etc/hostname)",
    "raw-attribute": "`x`{=html}",
    "raw-block": "```{=typst}",
}
INVISIBLE = "Tro\u202ejan\u2066 Sou\x07rce"
"""Printed as `TrojanSource`: control and bidi characters are stripped."""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(REPO / "seeds", root / "seeds")
    document = read_seed(root / "seeds" / "letter.txt", root)
    organisations = [o.key for g in document.signatories for o in g.organisations]
    chosen = dict(zip(organisations, [*HOSTILE.values(), INVISIBLE], strict=False))
    write_catalog(root, "es", lambda key, text: chosen.get(key, text))
    report = build(Project(root), ["es"])
    assert any("removed invisible control or bidi characters U+202E, U+2066, U+0007" in w for w in report.warnings)
    return root


def _epub_text(path: Path) -> str:
    book = zipfile.ZipFile(path)
    return "".join(book.read(n).decode() for n in book.namelist() if n.endswith((".xhtml", ".opf", ".ncx")))


def _docx_text(path: Path) -> str:
    docx = zipfile.ZipFile(path)
    return "".join(docx.read(n).decode() for n in docx.namelist() if n.endswith((".xml", ".rels")))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("fmt", ["pdf", "epub", "docx"])
def test_hostile_text_is_printed_literally(hostile_build: Path, fmt: str, kind: str):
    hostile = HOSTILE[kind]
    path = hostile_build / "outputs" / "es" / f"letter.{fmt}"
    if fmt == "pdf":
        assert hostile in pdf_text(path)
    else:
        raw = _epub_text(path) if fmt == "epub" else _docx_text(path)
        text = re.sub(r"<[^>]*>", "", raw)  # the words, across the runs and the span an address is set in
        assert _xml(hostile) in text or _xml(hostile).replace('"', "&quot;") in text


@pytest.mark.parametrize("fmt", ["pdf", "epub", "docx"])
def test_invisible_characters_are_stripped(hostile_build: Path, fmt: str):
    path = hostile_build / "outputs" / "es" / f"letter.{fmt}"
    text = pdf_text(path) if fmt == "pdf" else _epub_text(path) if fmt == "epub" else _docx_text(path)
    assert "Trojan Source" in text
    assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08]", text)


def test_no_markup_from_a_translation_is_applied(hostile_build: Path):
    out = hostile_build / "outputs" / "es"
    pdf = (out / "letter.pdf").read_bytes()
    assert not [uri for uri in re.findall(rb"/URI\s*\(([^)]*)\)", pdf) if b"evil" in uri]
    assert b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf
    epub, docx = _epub_text(out / "letter.epub"), _docx_text(out / "letter.docx")
    assert "<script" not in epub and "<img" not in epub and 'href="https://evil' not in epub
    assert "<w:drawing>" not in docx and "evil.example" not in "".join(re.findall(r'Target="[^"]*"', docx))


# -- Two builds at once --------------------------------------------------------


def test_two_concurrent_builds_do_not_corrupt_each_other(letter_project: Path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "toolkit", "-C", str(letter_project), "build", "--lang", "es"]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    outputs = letter_project / "outputs"
    assert _no_temporary_files(outputs)
    # Both wrote the same bytes; what is in place is whole, and the cache agrees with it.
    for fmt in ("epub", "docx"):
        assert zipfile.ZipFile(outputs / "es" / f"letter.{fmt}").testzip() is None
    assert (outputs / "es" / "letter.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    again = subprocess.run(command, env=env, capture_output=True, text=True)
    assert again.stdout.splitlines()[-1] == "3 editions up to date; nothing rebuilt"


# -- Arbitrary text ------------------------------------------------------------

# Any character but lone surrogates (not UTF-8), BEL and BS included: GNU
# writes those as \\a and \\b, and our reader undoes every C escape.
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


@settings(max_examples=30, deadline=None)
@given(msgctxt=_TEXT, msgid=_TEXT.filter(bool), msgstr=_TEXT, comment=_TEXT)
def test_a_catalog_read_and_written_unchanged_is_byte_identical(tmp_path_factory, msgctxt, msgid, msgstr, comment):
    folder = tmp_path_factory.mktemp("roundtrip")
    entries = (
        Entry(msgctxt=msgctxt, msgid=msgid, msgstr=msgstr, tcomment=comment, comment=comment),
        Entry(msgctxt="other", msgid="Other", msgstr="Otro", tcomment="Un comentario"),
    )
    catalog = Catalog(entries, {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"})
    catalogs.write_catalog(catalog, folder / "a.po")
    read = catalogs.read_catalog(folder / "a.po")
    assert (read[0].msgctxt, read[0].msgid, read[0].msgstr) == (msgctxt, msgid, msgstr)
    assert (read[0].tcomment, read[0].comment) == (comment, comment)
    catalogs.write_catalog(read, folder / "b.po")
    assert (folder / "a.po").read_bytes() == (folder / "b.po").read_bytes()


_ENTRY = st.builds(
    Entry,
    msgctxt=st.none() | _TEXT,
    msgid=_TEXT.filter(bool),
    msgstr=_TEXT,
    tcomment=_TEXT,
    comment=_TEXT,
    flags=st.lists(st.sampled_from(["fuzzy", "no-wrap", "c-format"]), max_size=2, unique=True).map(tuple),
    occurrences=st.lists(st.tuples(st.sampled_from(["seeds/a.txt", "b c.txt"]), st.sampled_from(["", "7"]))).map(tuple),
    previous_msgctxt=st.none() | _TEXT,
    previous_msgid=st.none() | _TEXT,
    obsolete=st.booleans(),
)
# Layouts GNU tools do not write, which the quick reader must leave to the other.
_ODD_LAYOUTS = [("\n\n", "\n\n\n"), ('"\n', '"  \n'), ("msgid ", "msgid  "), ("\n", "\r\n"), ("#, ", "#,")]


@settings(max_examples=60, deadline=None)
@given(header=_TEXT, entries=st.lists(_ENTRY, max_size=5), odd=st.sampled_from([None, *_ODD_LAYOUTS]))
def test_the_quick_reader_reads_what_the_line_reader_reads(header, entries, odd):
    """A catalog in GNU's layout reads the same by both readers; any other layout is left to the line reader."""
    from toolkit.catalogs.pofile import check_syntax, format_catalog, parse_catalog, parse_gnu_catalog

    unique = {(entry.msgctxt, entry.msgid): entry for entry in reversed(entries)}
    metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    catalog = Catalog(tuple(reversed(unique.values())), metadata, header)
    text = format_catalog(catalog).decode()
    if odd:
        text = text.replace(*odd)
    quick = parse_gnu_catalog(text)
    if odd is None:
        assert quick is not None
    if quick is not None:
        check_syntax(text, Path("a.po"))  # all it accepts is valid PO
        line = parse_catalog(text)
        assert line is not None
        assert (quick.header, quick.metadata, quick.header_flags) == (line.header, line.metadata, line.header_flags)
        assert list(quick) == list(line)


_FIELDS = ("msgctxt", "msgid", "msgstr", "comment", "tcomment", "occurrences", "flags", "obsolete", "previous_msgid")


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(_TEXT.filter(bool), min_size=1, max_size=4),
    comment=_TEXT,
    source=st.sampled_from(["seeds/letter.txt", "seeds/a letter.txt", "seeds/" + "x" * 70 + " y.txt"]),
    line=st.integers(1, 10**6),
)
def test_the_template_update_merges_is_the_one_its_file_reads_back(tmp_path_factory, texts, comment, source, line):
    """`update` merges the template extract has just written without reading it: it must equal the file's."""
    folder = tmp_path_factory.mktemp("template")
    segments = [
        Segment(key=f"paragraph:{n}", content=(text,), line=line + n, comment=comment, source=source)
        for n, text in enumerate(texts)
    ]
    data, template = catalogs.make_template(segments, folder / "a.pot", "a")
    assert data is not None
    (folder / "a.pot").write_bytes(data)
    read = catalogs.read_catalog(folder / "a.pot")
    assert (template.header, template.metadata, template.header_flags) == (
        read.header,
        read.metadata,
        read.header_flags,
    )
    assert [[getattr(e, f) for f in _FIELDS] for e in template] == [[getattr(e, f) for f in _FIELDS] for e in read]


@pytest.fixture(scope="module")
def docx_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("arbitrary")
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "locale", root / "locale")
    return root


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed_text=_TEXT.filter(bool), translation=_TEXT)
def test_arbitrary_text_survives_extract_update_build(docx_project: Path, seed_text: str, translation: str):
    """Text in the seed and in a translation: a clear ToolkitError at worst, never a crash."""
    root = docx_project
    seed = root / "seeds" / "letter.txt"
    original = (REPO / "seeds" / "letter.txt").read_text("utf-8")
    anchor = "In May 2018, DHS"
    seed.write_text(original.replace(anchor, f"{seed_text}\n\n{anchor}", 1), "utf-8")
    project = Project(root)
    try:
        extract(project)
        update(project)
    except ToolkitError as error:
        assert "\n" not in str(error)
        return
    po = root / PO
    catalog = catalogs.read_catalog(po)
    titled = (replace(entry, msgstr=translation) if entry.msgctxt == "title" else entry for entry in catalog)
    catalogs.write_catalog(catalog.with_entries(titled), po)
    try:
        build(project, ["es"], ["docx"])
    except ToolkitError as error:
        assert "\n" not in str(error)


def test_another_pandoc_gets_no_heap_option_and_its_error_comes_first(
    letter_project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    # PYPANDOC_PANDOC names another Pandoc, which may take no RTS options: the bundled Pandoc's heap
    # hint is not given to it, so no "Ignoring GHCRTS" warning can stand before its own error.
    seen = tmp_path / "ghcrts"
    other = tmp_path / "pandoc"
    other.write_text(f"#!/bin/sh\necho \"[${{GHCRTS-unset}}]\" > {seen}\necho 'pandoc: its own failure' >&2\nexit 3\n")
    other.chmod(0o755)
    monkeypatch.setenv("PYPANDOC_PANDOC", str(other))
    monkeypatch.delenv("GHCRTS", raising=False)
    for cached in (programs.bundled_pandoc, programs.pandoc_path):
        cached.cache_clear()
    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: str(other))  # as pypandoc answers PYPANDOC_PANDOC
    try:
        error = one_error_line(run(letter_project, "build", "--lang", "es", "--format", "docx"))
    finally:
        for cached in (programs.bundled_pandoc, programs.pandoc_path):
            cached.cache_clear()
    assert error == "Error: outputs/es/letter.docx: Pandoc failed: pandoc: its own failure"
    assert seen.read_text() == "[unset]\n"
