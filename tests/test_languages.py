"""Any language: a new one from `toolkit init`, right-to-left ones in every format, and the web page.

Hebrew and Arabic catalogs translate the title, the author, the notes
label, the signatory headings and two paragraphs; the rest falls back to
the English source, as a catalog in progress does. The web pages are
checked in headless Chromium through Selenium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from toolkit.cli import cli

from .conftest import REPO, copy_project, epubcheck_all, page_fonts, part_langs, pdf_lang, pdf_text, write_catalog

HEBREW = {
    "title": "מכתב פתוח לממשלת מקסיקו נגד הסכמי ״מדינה שלישית בטוחה״ ו״הישארו במקסיקו״",
    "creator": "ארגונים מקסיקניים וגואטמלים להגנה על זכויות המהגרים",
    "label:notes": "הערות",
    "paragraph:we-organizations-that-work-in-defense": (
        "אנו, ארגונים הפועלים להגנה על זכויות האדם של מהגרים במקסיקו, קוראים לכם לדחות כל הסכם עם ארצות "
        "הברית המגביל או שולל בפועל את זכויותיהם של מהגרים, מבקשי מקלט ופליטים."
    ),
    "closing:together-we-can-build-our-own": (
        "יחד נוכל לבנות מדיניות משלנו, המבוססת על הבטחת זכויות המהגרים ומענה לצרכים ההומניטריים, במטרה "
        "ארוכת הטווח לשים קץ להגירה ולעקירה הכפויות."
    ),
    "signatories:mexico": "ארגונים חותמים במקסיקו",
    "signatories:guatemala": "ארגונים חותמים בגואטמלה",
}
ARABIC = {
    "title": "رسالة مفتوحة إلى حكومة المكسيك ضد اتفاقيتي «البلد الثالث الآمن» و«البقاء في المكسيك»",
    "creator": "منظمات مكسيكية وغواتيمالية مدافعة عن حقوق المهاجرين",
    "label:notes": "الحواشي",
    "paragraph:we-organizations-that-work-in-defense": (
        "نحن، المنظمات العاملة في الدفاع عن حقوق الإنسان للمهاجرين في المكسيك، نحثكم على رفض أي اتفاق مع "
        "الولايات المتحدة يقيّد أو ينكر عمليًا حقوق المهاجرين أو طالبي اللجوء أو اللاجئين."
    ),
    "closing:together-we-can-build-our-own": (
        "معًا يمكننا أن نبني سياساتنا الخاصة القائمة على ضمان حقوق المهاجرين وتلبية الاحتياجات الإنسانية، "
        "بهدف بعيد المدى هو إنهاء الهجرة والتهجير القسريين."
    ),
    "signatories:mexico": "المنظمات الموقّعة في المكسيك",
    "signatories:guatemala": "المنظمات الموقّعة في غواتيمالا",
}
RTL = {"he": (HEBREW, "he-IL"), "ar": (ARABIC, "ar-EG")}
ALL_FORMATS = ("--format", "pdf", "--format", "epub", "--format", "docx", "--format", "html")


def toolkit(root: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def edition(root: Path, lang: str, fmt: str) -> Path:
    return root / "outputs" / lang / f"letter.{fmt}"


def letters(text: str) -> str:
    """The letters and digits of TEXT.

    pypdf reads a right-to-left line in visual order, which moves the
    punctuation, may drop a space at its end and may put a shadda after the
    next letter.
    """
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c)[0] in "LN")


def translated_as(texts: dict[str, str]) -> Callable[[str, str], str]:
    """Translate the segments TEXTS has by key, and leave the others untranslated."""
    return lambda key, source: texts.get(key, "")


@pytest.fixture(scope="module")
def rtl(tmp_path_factory: pytest.TempPathFactory):
    """The letter with partial Hebrew and Arabic catalogs and the shipped English one, built in all four formats."""
    root = copy_project(REPO, tmp_path_factory.mktemp("rtl"))
    shutil.rmtree(root / "locale" / "es")
    for lang, (texts, _) in RTL.items():
        write_catalog(root, lang, translated_as(texts))
    result = toolkit(root, "build", "--lang", "all", *ALL_FORMATS)
    assert result.exit_code == 0, result.output
    return root, result


def test_a_new_language_starts_with_init_and_builds_with_a_warning(letter_project: Path):
    assert toolkit(letter_project, "init", "--lang", "fr").exit_code == 0
    result = toolkit(letter_project, "build", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "fr: warning: 85 of 85 segments use the source text (85 untranslated, 0 fuzzy" in result.stderr
    assert result.stdout.splitlines()[-1] == "3 of 3 editions built"
    assert sorted(p.name for p in (letter_project / "outputs" / "fr").iterdir()) == [
        "letter.docx",
        "letter.epub",
        "letter.pdf",
    ]
    opf = zipfile.ZipFile(edition(letter_project, "fr", "epub")).read("EPUB/content.opf").decode()
    assert "<dc:language>fr-FR</dc:language>" in opf
    assert pdf_lang(PdfReader(edition(letter_project, "fr", "pdf"))) == "fr-FR"


def test_every_locale_babel_knows_is_written_in_the_direction_its_data_gives():
    """`text_direction` reads the language and script alone: no territory of CLDR's changes the direction."""
    from babel import Locale, localedata

    from toolkit.locales import text_direction

    for code in localedata.locale_identifiers():
        order = Locale.parse(code).character_order
        assert text_direction(code) == ("rtl" if order == "right-to-left" else "ltr"), code


def test_rtl_fallback_is_counted(rtl):
    _, result = rtl
    for lang in RTL:
        assert f"{lang}: warning: 78 of 85 segments use the source text (78 untranslated" in result.stderr


@pytest.mark.parametrize("lang", RTL)
def test_rtl_epub_runs_right_to_left_and_passes_epubcheck(rtl, lang):
    root, _ = rtl
    book = zipfile.ZipFile(edition(root, lang, "epub"))
    opf = book.read("EPUB/content.opf").decode()
    assert f"<dc:language>{RTL[lang][1]}</dc:language>" in opf
    assert 'page-progression-direction="rtl"' in opf
    for name in ("EPUB/nav.xhtml", "EPUB/text/ch001.xhtml"):
        assert re.search(rf'<html [^>]*lang="{RTL[lang][1]}"[^>]*dir="rtl"', book.read(name).decode()), name
    chapter = book.read("EPUB/text/ch001.xhtml").decode()
    assert RTL[lang][0]["closing:together-we-can-build-our-own"] in " ".join(chapter.split())
    fonts = sorted(n for n in book.namelist() if n.startswith("EPUB/fonts/"))
    css = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".css"))
    if lang == "ar":
        assert fonts == ["EPUB/fonts/Amiri-Bold.ttf", "EPUB/fonts/Amiri-Regular.ttf"]
        assert '@font-face { font-family: "Amiri"' in css and 'body { font-family: "Amiri", serif; }' in css
    else:
        assert fonts == [] and "Amiri" not in css


def test_rtl_epubs_pass_epubcheck(rtl):
    root, _ = rtl
    for lang, check in epubcheck_all({lang: edition(root, lang, "epub") for lang in RTL}).items():
        assert check.valid and [(m.level, m.message) for m in check.messages] == [], lang


@pytest.mark.parametrize("lang", RTL)
def test_rtl_docx_is_bidi_in_its_language(rtl, lang):
    docx = zipfile.ZipFile(edition(rtl[0], lang, "docx"))
    body = docx.read("word/document.xml").decode()
    # Every paragraph is right to left, and its runs too, except Pandoc's
    # centred title block (Title, Author, Date), whose runs only are.
    paragraphs = re.findall(r"<w:p>.*?</w:p>", body, re.S)
    plain = [re.search(r'w:pStyle w:val="(\w+)"', p) for p in paragraphs if "<w:bidi />" not in p]
    assert [m.group(1) if m else None for m in plain] == ["Title", "Author", "Date"] and len(paragraphs) > 50
    # Translated runs are right to left; what the partial catalog left untranslated keeps its English, left to right.
    runs = re.findall(r"<w:r>.*?</w:r>", body, re.S)
    translated = [run for run in runs if re.search("[\u0590-\u06ff]", run)]
    english = [run for run in runs if "Mexico" in run and not re.search("[\u0590-\u06ff]", run)]
    assert len(translated) >= 5 and all("<w:rtl />" in run for run in translated)
    assert len(english) > 10 and all('<w:lang w:val="en-US" />' in run and "<w:rtl" not in run for run in english)
    assert f'w:bidi="{RTL[lang][1]}"' in docx.read("word/styles.xml").decode()
    # Word takes the complex-script font from the theme, which names one for each script.
    assert 'w:cstheme="minorBidi"' in docx.read("word/styles.xml").decode()
    script = {"he": "Hebr", "ar": "Arab"}[lang]
    assert f'script="{script}"' in docx.read("word/theme/theme1.xml").decode()
    assert RTL[lang][0]["signatories:mexico"] in body


@pytest.mark.parametrize("lang", RTL)
def test_rtl_pdf_declares_its_language_and_keeps_its_text(rtl, lang):
    path = edition(rtl[0], lang, "pdf")
    pdf = PdfReader(path)
    assert pdf_lang(pdf) == RTL[lang][1] and "/StructTreeRoot" in pdf.root_object
    # pypdf gives the words of a right-to-left line in visual order (the
    # last word first), so the words are compared, not the sentence.
    text = letters(pdf_text(path))
    for segment in ("title", "paragraph:we-organizations-that-work-in-defense"):
        found = [letters(word) in text for word in re.findall(r"\w+", RTL[lang][0][segment])]
        # pypdf reads one Arabic word with a shadda ligature (يقيّد) letters reversed, with an extra yeh.
        assert sum(found) >= len(found) - 1, segment
    first_line = PdfReader(path).pages[0].extract_text().splitlines()[0].split()
    title = RTL[lang][0]["title"].split()
    assert first_line[-1].endswith(title[0]), "the title's first word should be at the right end of its line"
    fonts = {str(f["/BaseFont"]).split("+", 1)[1] for page in pdf.pages for f in page_fonts(page)}
    if lang == "ar":
        # The Arabic comes from the shipped Amiri, and no glyph fell back to another font.
        assert {"Amiri-Regular", "Amiri-Bold"} <= fonts
    assert all(f.startswith(("LibertinusSerif", "Amiri")) for f in fonts), fonts
    # The editor's note is a block quotation: its rule stands where right-to-left lines start.
    width = float(pdf.pages[0].mediabox.width)
    assert [x > width / 2 for x in vertical_rules(pdf.pages[0])] == [True]
    assert [x < width / 2 for x in vertical_rules(PdfReader(edition(rtl[0], "en", "pdf")).pages[0])] == [True]
    # An organisation's name, left in the seed's words, is set as a browser sets it: on the page's right.
    starts: dict[str, float] = {}

    def start(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        starts.setdefault(text.strip(), cm[4] + tm[4])

    for page in pdf.pages:
        page.extract_text(visitor_text=start)
    assert starts["Voces Mesoamericanas"] > width / 2


def vertical_rules(page) -> list[float]:
    """Where the vertical lines drawn on PAGE stand, from its left edge."""
    found: list[float] = []
    start: list[tuple[float, float, list[float]]] = []

    def before(operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if operator == b"m":
            start[:] = [(float(operands[0]), float(operands[1]), cm)]
        elif operator == b"l" and start:
            x, y, matrix = start[0]
            if abs(float(operands[0]) - x) < 0.01 and abs(float(operands[1]) - y) > 5:
                found.append(matrix[4] + x * matrix[0])

    page.extract_text(visitor_operand_before=before)
    return found


@pytest.mark.parametrize("lang", RTL)
def test_what_a_catalog_left_untranslated_keeps_its_english(rtl, lang):
    """The source text an edition falls back to says it is English and runs left to right (WCAG 3.1.2).

    A screen reader then speaks it as English, and the right-to-left page
    sets its punctuation where English puts it.
    """
    root, _ = rtl
    fallback = '<span lang="en-US" dir="ltr">In May 2018, DHS made a public proposal'
    assert fallback in (root / f"outputs/{lang}/letter.html").read_text("utf-8")
    assert fallback in zipfile.ZipFile(edition(root, lang, "epub")).read("EPUB/text/ch001.xhtml").decode()
    body = zipfile.ZipFile(edition(root, lang, "docx")).read("word/document.xml").decode()
    run = next(run for run in re.findall(r"<w:r>.*?</w:r>", body, re.S) if "In May 2018" in run)
    assert '<w:lang w:val="en-US" />' in run and "<w:rtl" not in run
    pdf = PdfReader(edition(root, lang, "pdf"))
    assert pdf_lang(pdf) == RTL[lang][1] and part_langs(pdf).count("en-US") >= 10


def test_the_web_page_is_only_made_on_request(rtl):
    root, _ = rtl
    result = toolkit(root, "build", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "3 editions up to date; nothing rebuilt"


@pytest.mark.parametrize("lang", ["en", "he", "ar"])
def test_the_web_page_declares_its_language_and_links_the_others(rtl, lang):
    root, _ = rtl
    page = edition(root, lang, "html").read_text("utf-8")
    tag = {"en": "en-US", **{k: v[1] for k, v in RTL.items()}}[lang]
    direction = ' dir="rtl"' if lang in RTL else ""
    assert re.search(rf'<html [^>]*lang="{tag}"[^>]*{direction}>', page)
    assert '<meta name="viewport" content="width=device-width' in page and "@media (max-width: 600px)" in page
    # One file, nothing fetched: the only links in the head name the page in each language.
    assert not re.search(r'<link (?!rel="alternate" hreflang=)', page) and "<script" not in page
    names = {"en": "English", "he": "עברית", "ar": "العربية"}
    for other, name in names.items():
        link = f'<a href="../{other}/letter.html" hreflang="{other}" lang="{other}"'
        assert (link in page) == (other != lang)
        if other != lang:
            assert re.search(re.escape(link) + rf"[^>]*>{name}</a>", page)
    assert '<a href="letter.pdf" type="application/pdf">PDF</a>' in page
    assert '<a href="letter.epub" type="application/epub+zip">EPUB</a>' in page
    notes = re.findall(r'<a href="#fn(\d+)" class="footnote-ref" id="fnref\1" role="doc-noteref">', page)
    assert notes == [str(n) for n in range(1, len(notes) + 1)] and len(notes) == 8
    # Each link back has a name a screen reader can say, not "↩︎".
    assert all(
        f'<a href="#fnref{n}" class="footnote-back" role="doc-backlink" aria-label="{n}: ' in page for n in notes
    )


def test_the_web_page_is_reproducible_and_cached(rtl, tmp_path: Path):
    root, _ = rtl
    again = toolkit(root, "build", "--lang", "all", "--format", "html", "--out", str(tmp_path / "again"))
    assert again.exit_code == 0, again.output
    for lang in ("en", "he", "ar"):
        assert (tmp_path / "again" / lang / "letter.html").read_bytes() == edition(root, lang, "html").read_bytes()
    result = toolkit(root, "build", "--lang", "all", "--format", "html")
    assert result.stdout.splitlines()[-1] == "3 editions up to date; nothing rebuilt"


def test_a_new_language_is_linked_from_every_web_page(rtl, tmp_path: Path):
    root = copy_project(rtl[0], tmp_path / "copy")
    shutil.copytree(rtl[0] / "outputs", root / "outputs")
    assert toolkit(root, "init", "--lang", "fr").exit_code == 0
    result = toolkit(root, "build", "--lang", "en", "--format", "html", "--format", "pdf")
    assert result.exit_code == 0, result.output
    # Only the page changes: its links are no input of the other editions.
    assert result.stdout.splitlines() == [
        "outputs/en/letter.pdf: 6 pages, up to date",
        f"outputs/en/letter.html: {result.stdout.split('html: ')[1].split()[0]} KB",
        "1 of 2 editions built",
    ]
    assert '<a href="../fr/letter.html" hreflang="fr" lang="fr">français</a>' in edition(root, "en", "html").read_text()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's `chromium` and `chromium-driver`), phone-sized."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=400,800",
    ):
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="toolkit-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(
            service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
        )
        try:
            # Chrome keeps a window at least 500 pixels wide: a phone's 400 is emulated.
            screen = {"width": 400, "height": 800, "deviceScaleFactor": 1, "mobile": False}
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", screen)
            yield driver
        finally:
            driver.quit()


def test_a_long_address_breaks_rather_than_running_off_a_phone(browser, tmp_path: Path):
    """A word too long for a phone's line, as an address in a note often is, breaks in the ebook and the web page."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/letter.txt").write_text(
        "The crossing will close on 3 March.[1]\n\n"
        "[1] Report, https://data.example.org/reports/infrastructure/bridges/2024/PV-inspection-final-report.pdf.\n",
        "utf-8",
    )
    assert toolkit(tmp_path, "extract").exit_code == 0
    built = toolkit(tmp_path, "build", "--lang", "en", "--format", "epub", "--format", "html")
    assert built.exit_code == 0, built.output
    with zipfile.ZipFile(edition(tmp_path, "en", "epub")) as epub:
        epub.extractall(tmp_path / "epub")
    for page in (tmp_path / "epub/EPUB/text/ch001.xhtml", edition(tmp_path, "en", "html")):
        browser.get(page.as_uri())
        # The right edge of every word, links and spans included, within the window's width.
        widest, width = browser.execute_script(
            "return [Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right)),"
            " document.documentElement.clientWidth]"
        )
        assert widest <= width, (page, widest, width)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_web_page_in_a_browser(rtl, browser, tmp_path: Path, lang):
    from selenium.webdriver.common.by import By

    browser.get(edition(rtl[0], lang, "html").as_uri())
    state = browser.execute_script(
        "return [document.documentElement.lang, getComputedStyle(document.body).direction,"
        " document.documentElement.scrollWidth <= window.innerWidth]"
    )
    assert state == [{"en": "en-US", "ar": "ar-EG"}[lang], "rtl" if lang == "ar" else "ltr", True]
    ref = browser.find_element(By.CSS_SELECTOR, "a.footnote-ref[href='#fn3']")
    browser.execute_script("arguments[0].scrollIntoView()", ref)
    ref.click()
    assert browser.execute_script("return document.querySelector(':target').id") == "fn3"
    note_y = browser.execute_script("return window.scrollY")
    browser.find_element(By.CSS_SELECTOR, "#fn3 a.footnote-back").click()
    assert browser.execute_script("return document.querySelector(':target').id") == "fnref3"
    assert browser.execute_script("return window.scrollY") < note_y
    shot = tmp_path / f"letter-{lang}.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


@pytest.mark.parametrize("lang", ["en", "he", "ar"])
def test_a_script_without_italics_is_set_upright(rtl, browser, tmp_path: Path, lang):
    """The date and the editor's note are slanted in Latin and Arabic (Amiri Slanted), upright in Hebrew.

    Hebrew has no italic face here: Typst would slant only the Latin
    letters and digits among its words, a browser every glyph itself.
    """
    slanted = lang != "he"
    names = {str(font["/BaseFont"]) for font in page_fonts(PdfReader(edition(rtl[0], lang, "pdf")).pages[0])}
    assert any("Italic" in name or "Slanted" in name for name in names) == slanted, names
    with zipfile.ZipFile(edition(rtl[0], lang, "epub")) as epub:
        epub.extractall(tmp_path)
    pages = [edition(rtl[0], lang, "html"), tmp_path / "EPUB/text/ch001.xhtml"]
    for page, date in zip(pages, ("header p.date", "div.date p"), strict=True):
        browser.get(page.as_uri())
        styles = browser.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => getComputedStyle(e).fontStyle)",
            f"{date}, div.editor-note blockquote",
        )
        assert styles == ["italic" if slanted else "normal"] * 2, page


def test_a_parallel_edition_slants_each_language_by_its_own_script(rtl, browser):
    """The English date is slanted and the Hebrew one beside it upright, in the PDF and in the browser."""
    result = toolkit(rtl[0], "build", "--lang", "en+he", "--format", "pdf", "--format", "html")
    assert result.exit_code == 0, result.output
    runs: list[tuple[str, str]] = []
    PdfReader(edition(rtl[0], "en+he", "pdf")).pages[0].extract_text(
        visitor_text=lambda text, _cm, _tm, font, _size: runs.append((text, str((font or {}).get("/BaseFont"))))
    )
    slanted = {word: "Italic" in name for text, name in runs for word in ("December", "בדצמבר") if word in text}
    assert slanted == {"December": True, "בדצמבר": False}, runs
    browser.get(edition(rtl[0], "en+he", "html").as_uri())
    styles = browser.execute_script(
        "return ['header p.date', 'header p.date [lang|=he]']"
        ".map(s => getComputedStyle(document.querySelector(s)).fontStyle)"
    )
    assert styles == ["italic", "normal"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_notes_and_quotes_keep_to_the_side_lines_start_on(rtl, browser, tmp_path: Path, lang):
    """A right-to-left EPUB hangs each note's number on the right, on the page; the editor's note has its rule there."""
    with zipfile.ZipFile(edition(rtl[0], lang, "epub")) as epub:
        epub.extractall(tmp_path)
    start = [0, 3] if lang == "ar" else [3, 0]  # the rule's width on the left, on the right
    for page in (edition(rtl[0], lang, "html"), tmp_path / "EPUB/text/ch001.xhtml"):
        browser.get(page.as_uri())
        rule = browser.execute_script(
            "const s = getComputedStyle(document.querySelector('div.editor-note blockquote'));"
            "return [parseFloat(s.borderLeftWidth), parseFloat(s.borderRightWidth)]"
        )
        assert rule == start, page
    numbers = browser.execute_script(
        "return [...document.querySelectorAll('aside.footnote a.footnote-back')]"
        ".map(a => { const r = a.getBoundingClientRect(); return [r.left, r.right]; })"
    )
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert numbers and all(left >= 0 and right <= width for left, right in numbers), (numbers, width)


def test_an_address_in_a_right_to_left_text_reads_as_typed_in_every_format(rtl, browser, tmp_path: Path):
    """Its final slash stays at its end: the bidirectional algorithm would give it to the Arabic around it."""
    root = copy_project(rtl[0], tmp_path / "copy")
    address = "https://example.org/reports/2024/"
    arabic = f"يمكنكم قراءة التقرير الكامل على الموقع {address}، قبل الاجتماع"
    write_catalog(root, "ar", translated_as({**ARABIC, "paragraph:we-organizations-that-work-in-defense": arabic}))
    built = toolkit(root, "build", "--lang", "ar", *ALL_FORMATS)
    assert built.exit_code == 0, built.output

    page = edition(root, "ar", "html").read_text("utf-8")
    # Set left to right, the Arabic comma after it the sentence's; not a link: the source has no such address.
    assert f'<span dir="ltr">{address}</span>، قبل' in page and f'href="{address}"' not in page
    browser.get(edition(root, "ar", "html").as_uri())
    # Where the slash and the "4" before it are drawn: left to right, the slash last.
    four, slash = browser.execute_script(
        """
        const text = document.querySelector('span[dir="ltr"]').firstChild, range = document.createRange();
        return [text.length - 2, text.length - 1].map(i => {
          range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect().left;
        });
        """
    )
    assert slash > four

    pdf = subprocess.run(["pdftotext", str(edition(root, "ar", "pdf")), "-"], capture_output=True, text=True)
    assert address in pdf.stdout and "/https:" not in pdf.stdout, pdf.stdout

    epub = zipfile.ZipFile(edition(root, "ar", "epub"))
    chapters = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert f'<span dir="ltr">{address}</span>' in chapters
    assert epubcheck_all({"ar": edition(root, "ar", "epub")})["ar"].valid

    document = zipfile.ZipFile(edition(root, "ar", "docx")).read("word/document.xml").decode()
    run = next((run for run in re.findall(r"<w:r>(.*?)</w:r>", document) if f">{address}</w:t>" in run), None)
    assert run and "<w:rtl" not in run, run  # its own run, not right to left like its neighbours


def test_korean_breaks_lines_between_words(rtl, browser, tmp_path: Path):
    """Korean is written with spaces; the PDF's lines and a phone's end between its words, never inside one."""
    root = copy_project(rtl[0], tmp_path / "copy")
    korean = (
        "우리는 멕시코에서 이주민의 인권을 옹호하는 단체로서, 이주민과 망명 신청자와 난민의 권리를 "
        "제한하거나 사실상 부정하는 미국과의 어떠한 협정도 거부할 것을 여러분께 촉구합니다."
    )
    write_catalog(root, "ko", translated_as({"paragraph:we-organizations-that-work-in-defense": korean}))
    built = toolkit(root, "build", "--lang", "ko", "--format", "html", "--format", "pdf")
    assert built.exit_code == 0, built.output
    words = set(korean.split())
    text = "\n".join(page.extract_text() for page in PdfReader(edition(root, "ko", "pdf")).pages)
    lines = [line.strip() for line in text.splitlines() if any(word in line for word in words)]
    assert len(lines) >= 2 and all(set(line.split()) <= words for line in lines), lines
    browser.get(edition(root, "ko", "html").as_uri())
    # Where each line ends: the characters before which the next character starts a new line.
    ends = browser.execute_script(
        """
        const p = [...document.querySelectorAll('p')].find(p => p.textContent.startsWith(arguments[0]));
        const text = p.firstChild, range = document.createRange(), ends = [];
        let top = null;
        for (let i = 0; i < text.length; i++) {
          range.setStart(text, i); range.setEnd(text, i + 1);
          const y = range.getClientRects()[0]?.top;
          if (top !== null && y > top + 2) ends.push(text.data.slice(Math.max(0, i - 1), i + 1));
          if (y !== undefined) top = y;
        }
        return ends;
        """,
        korean[:10],
    )
    assert len(ends) >= 2, ends  # the paragraph runs over several lines at phone width
    assert all(" " in pair for pair in ends), ends
