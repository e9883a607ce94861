"""Every language Babel knows builds: partial catalogs in many scripts, validated in every format.

Chinese, Japanese, Korean, Thai and Gurmukhi take the system's Noto fonts
(Debian fonts-noto-cjk, fonts-noto-core); lines of text without spaces
break in the PDF; each edition declares its language.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from .conftest import APPEAL, Run, copy_project, epubcheck_all, page_fonts, pdf_lang

FIRST = "paragraph:we-teachers-associations-of-the-highland"

ZH = "我们请求政府在下一个学年之前重新考虑关闭高原地区乡村学校的决定，因为这些学校是许多家庭唯一能够到达的教育场所。"
TRANSLATIONS = {
    # lang: (tag the editions declare, title, first paragraph)
    "zh": ("zh-CN", "保持我们的乡村学校开放", ZH * 3 + "[^1]"),
    "zh_TW": (
        "zh-TW",
        "讓我們的鄉村學校繼續開放",
        "我們請求政府在下一個學年之前重新考慮關閉高原地區鄉村學校的決定，因為這些學校是許多家庭唯一能夠到達的教育場所。[^1]",
    ),
    "ja": (
        "ja-JP",
        "農村の学校を開いたままに",
        "私たちは、高原地域の農村学校を閉鎖するという決定を次の学年度の前に再検討するよう政府に求めます。"
        "これらの学校は多くの家族にとって唯一通える教育の場です。" * 2 + "[^1]",
    ),
    "ko": (
        "ko-KR",
        "농촌 학교를 지켜 주십시오",
        "우리는 정부가 농촌 학교를 폐쇄하기로 한 결정을 재검토할 것을 요청합니다.[^1]",
    ),
    "th": (
        "th-TH",
        "ขอให้โรงเรียนในชนบทเปิดต่อไป",
        "เราขอให้รัฐบาลทบทวนการตัดสินใจปิดโรงเรียนในชนบทบนที่ราบสูงก่อนปีการศึกษาหน้า"
        "เพราะโรงเรียนเหล่านี้เป็นสถานศึกษาแห่งเดียวที่หลายครอบครัวเดินทางไปถึงได้" * 3 + "[^1]",
    ),
    "sr": ("sr-RS", "Нека наше сеоске школе остану отворене", "Молимо владу да преиспита одлуку.[^1]"),
    "pa": ("pa-IN", "ਸਾਡੇ ਪੇਂਡੂ ਸਕੂਲ ਖੁੱਲ੍ਹੇ ਰੱਖੋ", "ਅਸੀਂ ਸਰਕਾਰ ਨੂੰ ਫ਼ੈਸਲੇ ਉੱਤੇ ਮੁੜ ਵਿਚਾਰ ਕਰਨ ਦੀ ਬੇਨਤੀ ਕਰਦੇ ਹਾਂ।[^1]"),
    "ar": ("ar-EG", "أبقوا مدارسنا الريفية مفتوحة", "نطلب من الحكومة إعادة النظر في قرار إغلاق المدارس الريفية.[^1]"),
    "he": ("he-IL", "השאירו את בתי הספר הכפריים פתוחים", "אנו מבקשים מהממשלה לשקול מחדש את ההחלטה.[^1]"),
}


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The appeal in nine languages, each catalog with its title and first paragraph translated."""
    from click.testing import CliRunner

    from toolkit.cli import cli

    root = copy_project(APPEAL, tmp_path_factory.mktemp("scripts"))
    langs = [arg for lang in TRANSLATIONS for arg in ("--lang", lang)]
    created = CliRunner().invoke(cli, ["-C", str(root), "init", *langs])
    assert created.exit_code == 0, created.output
    for lang, (_, title, first) in TRANSLATIONS.items():
        path = root / f"locale/{lang}/LC_MESSAGES/appeal.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = {"title": title, FIRST: first}.get(entry.msgctxt, "")
        catalog.save(str(path))
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "--lang", "all"])
    assert built.exit_code == 0, built.output
    assert "zh_TW: warning: 25 of 27 segments use the source text" in built.stderr
    return root


def test_init_takes_a_territory_babel_writes_with_a_script(tmp_path: Path, run: Run):
    root = copy_project(APPEAL, tmp_path)
    assert run(root, "init", "--lang", "zh-tw", "--lang", "sr_Latn").exit_code == 0
    assert (root / "locale/zh_TW/LC_MESSAGES/appeal.po").exists()
    assert (root / "locale/sr_Latn/LC_MESSAGES/appeal.po").exists()
    assert run(root, "init", "--lang", "zh_ZZ").exit_code == 2
    # A gettext modifier naming a script is its subtag: Uzbek in Cyrillic letters, not the Latin `uz`.
    cyrillic = run(root, "init", "--lang", "uz@cyrillic")
    assert cyrillic.stdout == "locale/uz_Cyrl/LC_MESSAGES/appeal.po: created\n", cyrillic.output
    assert "Language: uz_Cyrl" in (root / "locale/uz_Cyrl/LC_MESSAGES/appeal.po").read_text("utf-8")
    assert run(root, "build", "--lang", "uz@cyrillic", "--format", "epub").exit_code == 0
    opf = zipfile.ZipFile(root / "outputs/uz_Cyrl/appeal.epub").read("EPUB/content.opf").decode()
    assert "<dc:language>uz-Cyrl-UZ</dc:language>" in opf


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_pdf_is_tagged_in_its_language_and_prints_the_translation(scripts: Path, lang: str):
    tag, title, _ = TRANSLATIONS[lang]
    pdf = PdfReader(scripts / f"outputs/{lang}/appeal.pdf")
    assert pdf_lang(pdf) == tag and "/StructTreeRoot" in pdf.root_object
    assert pdf.metadata is not None and pdf.metadata.title == title
    fonts = {str(font["/BaseFont"]) for page in pdf.pages for font in page_fonts(page) if "/BaseFont" in font}
    if lang in ("zh", "zh_TW", "ja", "ko", "th", "pa"):
        assert any("Noto" in font for font in fonts), fonts


@pytest.mark.parametrize("lang", ["zh", "ja", "th"])
def test_text_without_spaces_breaks_into_lines(scripts: Path, lang: str):
    """The long paragraph of a language written without spaces fills several lines, none overflowing."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(scripts / f"outputs/{lang}/appeal.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = TRANSLATIONS[lang][2].removesuffix("[^1]")
    lines = [line.strip().rstrip("0123456789") for line in text.splitlines()]
    lines = [line for line in lines if len(line) > 3 and line in first]  # the last line may be short
    assert len(lines) >= 3 and "".join(lines) == first, text


def test_every_epub_passes_epubcheck_and_declares_its_language(scripts: Path):
    epubs = {lang: scripts / f"outputs/{lang}/appeal.epub" for lang in TRANSLATIONS}
    for lang, check in epubcheck_all(epubs).items():
        assert check.valid and check.messages == [], (lang, check.messages)
        book = zipfile.ZipFile(epubs[lang])
        opf = next(name for name in book.namelist() if name.endswith(".opf"))
        assert f"<dc:language>{TRANSLATIONS[lang][0]}</dc:language>" in book.read(opf).decode()


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_docx_declares_its_language(scripts: Path, lang: str):
    document = zipfile.ZipFile(scripts / f"outputs/{lang}/appeal.docx").read("word/document.xml").decode()
    styles = zipfile.ZipFile(scripts / f"outputs/{lang}/appeal.docx").read("word/styles.xml").decode()
    assert TRANSLATIONS[lang][2].removesuffix("[^1]")[:12] in document
    assert TRANSLATIONS[lang][0] in styles + document


def test_a_script_no_font_has_is_one_line_naming_language_letters_and_remedy(scripts: Path, run: Run):
    sidecar = scripts / "seeds/appeal.toml"
    original = sidecar.read_text()
    try:
        # Noto Serif has no Thai: with it named first, the Thai font is not looked for.
        sidecar.write_text(original + '\n[fonts]\nth = "Noto Serif"\n')
        result = run(scripts, "build", "--lang", "th", "--format", "pdf")
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: locale/th/LC_MESSAGES/appeal.po: no font has the Thai (th) letters 'กขคงจชฐดตถทน…'; "
            "install fonts-noto-core and fonts-noto-cjk, "
            'or name an installed font in seeds/appeal.toml as [fonts] th = "Family"\n'
        )
        sidecar.write_text(original + '\n[fonts]\nth = "No Such Font"\n')
        result = run(scripts, "build", "--lang", "th", "--format", "pdf")
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: seeds/appeal.toml: [fonts] th = 'No Such Font': no such font is installed; "
            "install it or name another\n"
        )
        sidecar.write_text(original + '\n[fonts]\nth = "Noto Sans Thai"\n')
        assert run(scripts, "build", "--lang", "th", "--format", "pdf").exit_code == 0
        fonts = {str(f["/BaseFont"]) for f in page_fonts(PdfReader(scripts / "outputs/th/appeal.pdf").pages[0])}
        assert any("NotoSansThai" in font for font in fonts), fonts
    finally:
        sidecar.write_text(original)


def _fonts_of(pdf: Path, marks: str) -> set[str]:
    """The fonts the PDF at PDF draws each of MARKS in (as pypdf reports the runs of text)."""
    found: set[str] = set()

    def visit(text: str, cm: object, tm: object, font: dict[str, object] | None, size: float) -> None:
        if font and any(mark in text for mark in marks):
            found.add(str(font.get("/BaseFont")).split("+")[-1])

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_chinese_sets_its_quotes_ellipses_and_dashes_full_width(tmp_path: Path, run: Run):
    """Chinese punctuation is its CJK font's (“……”——), English's beside it Libertinus's narrow marks."""
    (tmp_path / "seeds").mkdir()
    said = "他说：“我们要求立即重新开放收容所……”——这是委员会的回答。"
    (tmp_path / "seeds/shou.md").write_text(f"---\ntitle: 开放收容所\nlang: zh-CN\n---\n\n{said}\n", "utf-8")
    assert run(tmp_path, "init", "--lang", "en").exit_code == 0
    catalog = polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/shou.po"))
    for entry in catalog:
        entry.msgstr = {"title": "Reopen the shelter"}.get(
            entry.msgctxt, "He said: “We demand that the shelter reopen at once…” — the committee’s answer."
        )
    catalog.save()
    built = run(tmp_path, "build", "--lang", "zh", "--lang", "en", "--format", "pdf")
    assert built.exit_code == 0, built.output
    chinese = _fonts_of(tmp_path / "outputs/zh/shou.pdf", "“”…—")
    assert chinese and all(font.startswith("NotoSerifCJKsc") for font in chinese), chinese
    english = _fonts_of(tmp_path / "outputs/en/shou.pdf", "“”…—")
    assert english == {"LibertinusSerif-Regular-Identity-H"}, english
