"""The build verb: reproducible, incremental, strict when asked."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from msgspec.structs import replace
from pypdf import PdfReader

from toolkit.commands.build import build
from toolkit.commands.catalog import Project
from toolkit.errors import ToolkitError

from .conftest import REPO, pdf_lang, snapshot, write_catalog


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    write_catalog(tmp_path, "es", lambda key, text: text.replace("Mexico", "México"))
    return Project(tmp_path)


def test_two_builds_are_byte_identical_and_the_second_rebuilds_nothing(project: Project, tmp_path: Path):
    seen = []
    first = build(project, ["es"], progress=lambda result, done, total: seen.append((done, total)))
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)] and len(first.built) == 3
    other = build(project, ["es"], out=tmp_path / "elsewhere")
    built = snapshot(project.root / "outputs" / "es")
    assert built == snapshot(tmp_path / "elsewhere" / "es") and set(built) == {
        "letter.pdf",
        "letter.epub",
        "letter.docx",
    }
    assert len(other.built) == 3

    again = build(project, ["es"])
    assert again.built == () and "nothing rebuilt" in again.summary()
    assert snapshot(project.root / "outputs" / "es") == built


def test_a_changed_translation_rebuilds_only_its_language(project: Project):
    write_catalog(project.root, "en", lambda key, text: text)
    build(project, ["all"], formats=["docx"])
    write_catalog(project.root, "es", lambda key, text: text.replace("Mexico", "Méjico"))
    report = build(project, ["all"], formats=["docx"])
    assert [(e.spec.lang, e.built) for e in report.editions] == [("en", False), ("es", True)]


def test_a_deleted_or_edited_edition_is_remade(project: Project):
    build(project, ["es"], formats=["epub"])
    path = project.root / "outputs" / "es" / "letter.epub"
    path.write_bytes(b"damaged")
    assert build(project, ["es"], formats=["epub"]).built != ()
    assert zipfile.ZipFile(path).testzip() is None


def test_source_date_epoch_is_honoured(project: Project, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(project, ["es"], formats=["epub"])
    opf = zipfile.ZipFile(project.root / "outputs" / "es" / "letter.epub").read("EPUB/content.opf").decode()
    assert "2023-11-14T22:13:20Z" in opf


def test_the_region_sets_tag_and_paper(project: Project):
    write_catalog(project.root, "fr", lambda key, text: text)
    build(project, ["es", "fr"], formats=["pdf", "docx"])
    # es: the sidecar's [regions] says Mexico, which prints on Letter.
    pdf = PdfReader(project.root / "outputs" / "es" / "letter.pdf")
    assert pdf_lang(pdf) == "es-MX"
    assert [round(float(x)) for x in pdf.pages[0].mediabox[2:]] == [612, 792]
    # fr: nothing said, so Babel's likeliest territory, France, on A4.
    pdf = PdfReader(project.root / "outputs" / "fr" / "letter.pdf")
    assert pdf_lang(pdf) == "fr-FR"
    assert [round(float(x)) for x in pdf.pages[0].mediabox[2:]] == [595, 842]
    # The DOCX has the PDF's page: Word would otherwise choose its own default.
    for lang, size in (("es", '<w:pgSz w:w="12240" w:h="15840" />'), ("fr", '<w:pgSz w:w="11906" w:h="16838" />')):
        body = zipfile.ZipFile(project.root / "outputs" / lang / "letter.docx").read("word/document.xml").decode()
        assert re.search(rf"<w:sectPr>{size}<w:pgMar [^>]*w:right=\"2520\"", body), lang


def test_strict_refuses_token_problems_and_builds_nothing(project: Project):
    write_catalog(project.root, "pt", lambda key, text: text.replace("[^8]", ""))
    report = build(project, ["pt"], formats=["docx"])
    assert any("note token lost: [^8]" in w for w in report.warnings)
    shutil.rmtree(project.root / "outputs")
    with pytest.raises(
        ToolkitError,
        match=r"locale/pt/LC_MESSAGES/letter.po: --strict: pt is not ready"
        r".*1 with token or placeholder problems.*lost: \[\^8\]",
    ):
        build(project, ["pt"], strict=True)
    assert not (project.root / "outputs").exists()


def test_strict_refuses_fuzzy_and_untranslated_entries(project: Project):
    write_catalog(
        project.root, "fr", lambda key, text: "" if key.startswith("org:") else text, fuzzy=frozenset({"title"})
    )
    report = build(project, ["fr"], formats=["docx"])
    assert [w for w in report.warnings if w.startswith("fr: warning:")] == [
        "fr: warning: 39 of 85 segments use the source text "
        "(38 untranslated, 1 fuzzy, 0 with token or placeholder problems)"
    ]
    with pytest.raises(ToolkitError, match=r"untranslated, 1 fuzzy"):
        build(project, ["fr"], strict=True)


def test_user_errors(project: Project):
    with pytest.raises(ToolkitError, match="unknown format odt"):
        build(project, ["es"], formats=["odt"])
    with pytest.raises(
        ToolkitError,
        match=r"locale/de/LC_MESSAGES/letter.po: no catalog for 'de'; create it with `toolkit init --lang de`",
    ):
        build(project, ["de"])


def test_an_unchanged_project_is_answered_from_the_stamp(project: Project, monkeypatch: pytest.MonkeyPatch):
    first = build(project, ["es"], formats=["docx", "epub"])
    from toolkit.catalogs import store as catalogs

    def unread(*args, **kwargs):
        raise AssertionError("a no-op build must not parse the catalog")

    monkeypatch.setattr(catalogs, "translations", unread)
    again = build(project, ["es"], formats=["docx", "epub"])
    assert again.built == () and again.warnings == first.warnings and again.translations == first.translations
    assert [e.spec for e in again.editions] == [e.spec for e in first.editions]


def test_a_changed_font_or_stylesheet_changes_the_key_of_every_edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The shipped fonts count by name, size and time, the stylesheets by content: either rebuilds the editions."""
    from toolkit.editions import render

    for name in ("fonts", "styles"):
        shutil.copytree(getattr(render, f"{name.upper()}_DIR"), tmp_path / name)
        monkeypatch.setattr(render, f"{name.upper()}_DIR", tmp_path / name)
    keys = []
    for change in (None, "fonts/Amiri-Bold.ttf", "styles/epub.css"):
        if change is not None:
            with (tmp_path / change).open("ab") as changed:
                changed.write(b"\n")
        render._code_digest.cache_clear()
        keys.append(render.code_version())
    render._code_digest.cache_clear()
    assert len(set(keys)) == 3


def test_the_code_s_key_reads_every_module_of_the_package():
    from toolkit.editions import render

    package = Path(render.__file__).parent.parent
    modules = sorted(path.relative_to(package).as_posix() for path in package.rglob("*.py"))
    assert render._sources(package) == [module for module in modules if "__pycache__" not in module]
    assert "editions/render.py" in modules and "cli.py" in modules


def test_the_stamp_reads_back_every_kind_of_report(project: Project):
    """A parallel edition and a web page, warnings and translation counts: all come back from the stamp.

    A stamp that did not read back would raise, not silently rebuild.
    """
    shutil.copytree(REPO / "locale" / "en", project.root / "locale" / "en")
    write_catalog(project.root, "es", lambda key, text: text.replace("[^3]", ""))  # a warning to remember
    first = build(project, ["es", "es+en"], formats=["html", "docx"])
    assert any(e.spec.other_tags for e in first.editions) and first.warnings
    assert any(t.token_problems for t in first.translations)
    again = build(project, ["es", "es+en"], formats=["html", "docx"])
    assert again.built == ()
    assert again == replace(first, editions=tuple(replace(e, built=False) for e in first.editions))


@pytest.mark.parametrize("change", ["delete", "edit", "sidecar", "seed"])
def test_the_stamp_notices_every_input_and_edition(project: Project, change: str):
    build(project, ["es"], formats=["docx"])
    build(project, ["es"], formats=["docx"])  # answered from the stamp
    docx = project.root / "outputs" / "es" / "letter.docx"
    seed = project.root / "seeds" / "letter.txt"
    if change == "delete":
        docx.unlink()
    elif change == "edit":
        docx.write_bytes(b"damaged")
    elif change == "sidecar":
        sidecar = seed.with_suffix(".toml")
        sidecar.write_text(sidecar.read_text("utf-8") + "\n# a comment\n", "utf-8")
    else:
        seed.write_text(seed.read_text("utf-8") + "\n", "utf-8")
    report = build(project, ["es"], formats=["docx"])
    # A comment or a blank line changes no edition: the editions' own cache says so.
    assert len(report.built) == (1 if change in ("delete", "edit") else 0)
    assert zipfile.ZipFile(docx).testzip() is None


def _edition_text(path: Path) -> str:
    """The words of an edition in reading order, whatever its format."""
    if path.suffix == ".pdf":  # without the page numbers at the foot of each page
        pages = [re.sub(r"\s*\d+\s*$", "", page.extract_text()) for page in PdfReader(path).pages]
        return " ".join(re.sub("[-\u00ad]\n", "", "\n".join(pages)).split())
    book = zipfile.ZipFile(path)
    if path.suffix == ".docx":
        xml = book.read("word/document.xml").decode()
    else:
        xml = "".join(book.read(n).decode() for n in sorted(book.namelist()) if n.startswith("EPUB/text/"))
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())


def test_a_line_one_language_adds_closes_its_addressees_in_every_format(letter_project: Path):
    # The sidecar's [addressees.end] es = "PRESENTES": the Spanish editions
    # close the addressee block with it, the English ones have no such line.
    build(Project(letter_project), ["es", "en", "es+en"])
    for fmt in ("pdf", "epub", "docx"):
        spanish = _edition_text(letter_project / "outputs" / "es" / f"letter.{fmt}")
        english = _edition_text(letter_project / "outputs" / "en" / f"letter.{fmt}")
        parallel = _edition_text(letter_project / "outputs" / "es+en" / f"letter.{fmt}")
        assert "Secretaría de Gobernación PRESENTES Las organizaciones que trabajamos" in spanish, fmt
        assert spanish.count("PRESENTES") == 1, fmt
        assert "Alejandro Encinas" in english and "PRESENTES" not in english, fmt
        assert parallel.count("PRESENTES") == 1, fmt
        assert parallel.rindex("Alejandro Encinas") < parallel.index("PRESENTES") < parallel.index("We, organizations")


def test_the_sidecar_leaves_the_credit_out_of_every_edition(project: Project):
    # The letter's sidecar: [credit] omit = "...", for the photo the editions do not carry.
    write_catalog(project.root, "en", lambda key, text: text)
    build(project, ["es", "es+en"], formats=["pdf", "epub", "docx"])
    for lang in ("es", "es+en"):
        for fmt in ("pdf", "epub", "docx"):
            assert "REUTERS" not in _edition_text(project.root / "outputs" / lang / f"letter.{fmt}"), (lang, fmt)
    sidecar = project.root / "seeds" / "letter.toml"
    sidecar.write_text(re.sub(r"\[credit\]\nomit = .*\n", "", sidecar.read_text("utf-8")), "utf-8")
    build(project, ["es"], formats=["epub"])
    assert "REUTERS/ Jorge Cabrera" in _edition_text(project.root / "outputs" / "es" / "letter.epub")
