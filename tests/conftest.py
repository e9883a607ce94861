"""Shared fixtures: copies of real projects on disk, and the real command line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from toolkit.cli import cli
from toolkit.seeds import read_seed

REPO = Path(__file__).resolve().parent.parent
APPEAL = Path(__file__).resolve().parent / "data" / "appeal"


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


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ROOT and its bytes, to prove nothing changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from what the code makes now.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
