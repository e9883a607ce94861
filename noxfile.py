"""Test sessions. `nox` runs the lint, then the whole suite, on the Python at hand."""

from __future__ import annotations

import os
import shutil

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True


def _ensure_system_tools(session: nox.Session) -> None:
    """Install the system tools and fonts the tests need where they are missing.

    GNU gettext (msgfmt), Java (EPUBCheck), Chromium with its WebDriver (the web page), npm (Ace), Poppler's
    pdftotext (the lines a PDF sets) and the Noto fonts (the PDFs in Chinese, Japanese, Korean, Thai, Punjabi).

    Chromium and chromium-driver take about 20 s to install from apt (measured on Debian 12).
    """
    tools = (
        ("msgfmt", "gettext"),
        ("java", "default-jre-headless"),
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
        ("npm", "npm"),
        ("pdftotext", "poppler-utils"),
    )
    fonts = (
        ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "fonts-noto-cjk"),
        ("/usr/share/fonts/truetype/noto/NotoSerifThai-Regular.ttf", "fonts-noto-core"),
    )
    missing = [pkg for tool, pkg in tools if not shutil.which(tool)]
    missing += [pkg for path, pkg in fonts if not os.path.exists(path)]
    if not missing:
        return
    if not shutil.which("apt-get"):
        session.error(f"the tests need {' and '.join(missing)}; install them with your package manager")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    session.run(*sudo, "apt-get", "update", "-qq", external=True)
    session.run(*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, external=True)


ACE = "@daisy/ace-cli@1.4.6"
"""Ace by DAISY, the EPUB accessibility checker the tests run on every edition."""


def _ensure_ace(session: nox.Session) -> str:
    """Install Ace with npm into .nox/ace unless it is there, and return its command.

    Puppeteer would download a browser of its own: Ace drives the system's Chromium instead.
    """
    prefix = os.path.join(".nox", "ace")
    binary = os.path.join(prefix, "node_modules", ".bin", "ace-cli")
    if not os.path.exists(binary):
        session.run(
            "npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", ACE,
            external=True, env={"PUPPETEER_SKIP_DOWNLOAD": "1"},
        )  # fmt: skip
    return os.path.abspath(binary)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against real Pandoc, Typst, EPUBCheck, Ace and gettext."""
    _ensure_system_tools(session)
    ace = _ensure_ace(session)
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs, env={"ACE_CLI": ace})


@nox.session
def bench(session: nox.Session) -> None:
    """Time the toolkit on book-length seeds against Pandoc, Typst and msgmerge (not a test).

    `nox -s bench -- --sizes 1 50` for a quick run; see benchmarks/run.py --help.
    """
    # As the README installs it: an editable install's import hook would slow every Python start, the baseline's
    # Typst compile too (benchmarks/RESULTS.md). benchmarks/book.py fills the book's catalog with polib.
    session.install(".", "polib")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def golden(session: nox.Session) -> None:
    """Rewrite tests/golden/ from what the code makes now: run it only on purpose, then review the diff like code.

    `-k golden` picks the tests that compare with a golden file (the templates, each stage of an edition), and
    `--update-golden` (tests/conftest.py) has them write what they made before comparing.
    """
    session.install("-e", ".[test]")
    session.run("pytest", "--update-golden", "-k", "golden", *session.posargs)


SCRIPTS = ("noxfile.py", "benchmarks", "tools")
"""The Python beside the package: the sessions, the benchmarks, the table generator."""


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff and types with mypy --strict, of the package, its tests and the scripts beside it."""
    # nox itself, so that mypy sees this file's decorators typed.
    session.install("-e", ".[test]", "ruff", "mypy", "types-polib", "types-lxml", "nox")
    session.run("ruff", "check", "toolkit", "tests", *SCRIPTS)
    session.run("ruff", "format", "--check", "toolkit", "tests", *SCRIPTS)
    session.run("mypy", "toolkit", "tests", *SCRIPTS)
