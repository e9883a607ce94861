"""`toolkit dist`: a validated, reproducible release bundle, or none at all."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from toolkit.editions.validate import validate_docx, validate_epub, validate_pdf

from .conftest import Run, snapshot

BUNDLE = "outputs/dist/letter-1.0.0"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory):
    from click.testing import CliRunner

    from toolkit.cli import cli

    from .conftest import REPO, copy_project

    root = copy_project(REPO, tmp_path_factory.mktemp("release"))
    first = CliRunner().invoke(cli, ["-C", str(root), "dist"])
    zip_bytes = (root / f"{BUNDLE}.zip").read_bytes()
    second = CliRunner().invoke(cli, ["-C", str(root), "dist"])
    return root, first, second, zip_bytes


def test_the_bundle_holds_every_edition_with_checksums_and_a_manifest(released):
    root, first, _, _ = released
    assert first.exit_code == 0, first.output
    assert first.stdout == f"{BUNDLE}.zip\n"
    bundle = root / BUNDLE
    names = sorted(p.name for p in bundle.iterdir())
    # One edition per language, and the parallel edition the sidecar asks for.
    editions = [f"letter-1.0.0-{lang}.{fmt}" for lang in ("en", "es", "es+en") for fmt in ("docx", "epub", "pdf")]
    assert names == sorted([*editions, "SHA256SUMS", "manifest.json"])
    for line in (bundle / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert (manifest["document"], manifest["version"]) == ("letter", "1.0.0")
    rows = {row["file"]: row for row in manifest["editions"]}
    assert set(rows) == set(editions)
    pdf = rows["letter-1.0.0-es.pdf"]
    assert pdf["language"] == "es-MX" and pdf["pages"] >= 3 and pdf["translated"] == 100.0 and pdf["words"] > 1500
    assert rows["letter-1.0.0-en.epub"]["bytes"] == (bundle / "letter-1.0.0-en.epub").stat().st_size
    assert rows["letter-1.0.0-es+en.pdf"]["language"] == "es-MX+en-US"


def test_the_same_inputs_give_the_same_bundle_zip_included(released):
    root, _, second, zip_bytes = released
    assert second.exit_code == 0
    assert (root / f"{BUNDLE}.zip").read_bytes() == zip_bytes
    with zipfile.ZipFile(root / f"{BUNDLE}.zip") as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist())[0] == "letter-1.0.0/SHA256SUMS"


def test_an_incomplete_catalog_stops_the_release_and_writes_nothing(letter_project: Path, run: Run):
    po = letter_project / "locale/es/LC_MESSAGES/letter.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Notas"', 'msgstr ""'), encoding="utf-8")
    before = snapshot(letter_project)
    result = run(letter_project, "dist")
    assert result.exit_code == 2 and "--strict: es is not ready" in result.stderr
    assert snapshot(letter_project) == before


def test_validators_name_what_is_wrong(released, tmp_path: Path):
    root = released[0]
    edition = root / BUNDLE / "letter-1.0.0-es"
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(f"{edition}.epub") as good, zipfile.ZipFile(broken, "w") as bad:
        for item in good.infolist():
            if not item.filename.endswith("nav.xhtml"):
                bad.writestr(item, good.read(item))
    assert any("EPUBCheck ERROR" in p for p in validate_epub(broken))
    assert validate_pdf(Path(f"{edition}.pdf"), "en") == ["declares the language 'es-MX', not en"]
    assert validate_docx(Path(f"{edition}.docx"), 9) == ["8 footnotes, but the document has 9 notes"]
