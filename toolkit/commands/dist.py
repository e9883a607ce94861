"""The `dist` verb: a validated, reproducible release bundle per document.

Stages, in order:
1. build every language strictly: an incomplete or faulty catalog stops
   the release before anything is validated or written;
2. validate every edition (EPUBCheck, tagged PDF, DOCX footnotes) and
   refuse the release, naming each file and reason, if any fails;
3. stage `<domain>-<version>/` (editions, SHA256SUMS, manifest.json) beside
   the bundle, zip it with fixed dates and order, and move both into place,
   so a reader never sees half a bundle and the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.catalogs import store as catalogs
from toolkit.commands.build import build
from toolkit.commands.report import Report
from toolkit.document.model import Document, word_count
from toolkit.editions.translate import apply_translations
from toolkit.editions.validate import validate_docx, validate_epub, validate_pdf
from toolkit.epoch import ZIP_EPOCH, source_epoch
from toolkit.errors import ToolkitError
from toolkit.files import cannot_write, remove_stale_temporaries, temporary_prefix

if TYPE_CHECKING:
    from toolkit.commands.catalog import Project
    from toolkit.editions.render import EditionResult


def dist(project: Project, out: Path | None = None) -> Report:
    """Build, validate and bundle every document in every language.

    Raises:
        ToolkitError: a catalog strict mode refuses, an edition that fails
            validation (each named with its reason), or a build failure. No
            bundle is written then.
    """
    documents = {seed.stem: project.read(seed) for seed in project.seeds()}
    pairs = sorted({pair for document in documents.values() for pair in document.metadata.bilingual})
    report = build(project, ["all", *pairs], strict=True)
    # EPUBCheck starts a JVM per file: run the validations side by side.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = pool.map(lambda e: _validate(e, documents[e.spec.domain]), report.editions)
        problems = [f"{e.shown}: {p}" for e, problems in zip(report.editions, found, strict=True) for p in problems]
    if problems:
        raise ToolkitError("the release is refused: " + "; ".join(problems))
    out_dir = out or project.root / "outputs" / "dist"
    remove_stale_temporaries(out_dir)
    lines = []
    for domain, document in documents.items():
        editions = [e for e in report.editions if e.spec.domain == domain]
        try:
            lines.append(project.shown(_bundle(project, document, editions, out_dir)))
        except OSError as error:
            raise cannot_write(error, project.shown(out_dir / f"{document.name}-{document.metadata.version}")) from None
    return Report(tuple(lines), report.warnings)


def _validate(edition: EditionResult, document: Document) -> list[str]:
    spec = edition.spec
    if spec.format == "epub":
        return validate_epub(spec.path)
    if spec.format == "pdf":
        return validate_pdf(spec.path, spec.lang.split("+")[0])
    referenced = {n for segment in document.segments() for n in segment.note_refs}
    # The parallel edition has a footnote per note in each of its languages.
    languages = 1 + len(spec.other_tags)
    return validate_docx(spec.path, languages * len(referenced & {note.number for note in document.notes}))


def _bundle(project: Project, document: Document, editions: list[EditionResult], out_dir: Path) -> Path:
    """Write `<domain>-<version>/` and its zip into OUT_DIR; return the zip's path."""
    name = f"{document.name}-{document.metadata.version}"
    epoch = source_epoch(document.metadata.date)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Named as `write_temporary` names its files, so a killed run's folder is removed by the next.
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=temporary_prefix(name), suffix=".tmp") as work:
        staged = Path(work) / name
        staged.mkdir()
        manifest: list[dict[str, Any]] = []
        for edition in editions:
            spec = edition.spec
            file = f"{name}-{spec.lang}.{spec.format}"
            shutil.copyfile(spec.path, staged / file)
            manifest.append(_describe(project, document, edition, file))
        sums = "".join(f"{m['sha256']}  {m['file']}\n" for m in sorted(manifest, key=lambda m: m["file"]))
        (staged / "SHA256SUMS").write_text(sums, encoding="utf-8")
        about = {
            "document": document.name,
            "version": document.metadata.version,
            "date": document.metadata.date,
            "editions": sorted(manifest, key=lambda m: m["file"]),
        }
        (staged / "manifest.json").write_text(json.dumps(about, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        archive = Path(work) / f"{name}.zip"
        _zip(staged, archive, epoch)
        # Replace the previous bundle only now that the new one is whole.
        target, target_zip = out_dir / name, out_dir / f"{name}.zip"
        if target.exists():
            shutil.rmtree(target)
        staged.rename(target)
        archive.replace(target_zip)
    return target_zip


def _describe(project: Project, document: Document, edition: EditionResult, file: str) -> dict[str, Any]:
    spec = edition.spec
    data = spec.path.read_bytes()
    words = 0
    coverage = []
    for lang in spec.lang.split("+"):  # both languages of a bilingual edition
        catalog = project.catalog(lang, document.name)
        if not catalog.exists():  # the seed's own language, as the build made it
            words += sum(word_count(segment.text) for segment in document.segments())
            coverage.append(100.0)
            continue
        translated, report = apply_translations(document, catalogs.translations(catalog), lang)
        words += sum(word_count(segment.text) for segment in translated.segments())
        coverage.append(round(100 * report.translated / report.total, 1) if report.total else 100.0)
    entry: dict[str, Any] = {
        "file": file,
        "language": "+".join([spec.tag, *spec.other_tags]),
        "format": spec.format,
        "words": words,
        "translated": min(coverage),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }
    if edition.pages is not None:
        entry["pages"] = edition.pages
    return entry


def _zip(folder: Path, archive: Path, epoch: int) -> None:
    """Zip FOLDER (as its own name) with fixed dates, modes and order: same files, same bytes."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", stamp)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, path.read_bytes())
