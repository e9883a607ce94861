"""The verbs `export` and `import`: translations in and out of the catalogs.

Out: a catalog as XLIFF (for CAT tools) or TMX (for translation memories).
In: an XLIFF or TMX file translated elsewhere, or an existing plain-text
translation aligned with its seed. Either way the same merge rules apply
(`exchange.merge_translations`): nothing translated and not fuzzy is
overwritten unless asked, and what could not be used is reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

from toolkit.catalogs import store as catalogs
from toolkit.catalogs.alignment import align_translation
from toolkit.commands.report import Report
from toolkit.errors import ToolkitError
from toolkit.files import remove_stale_temporaries
from toolkit.locales import normalize_lang

if TYPE_CHECKING:
    from toolkit.catalogs.exchange import ImportReport
    from toolkit.commands.catalog import Project

ExchangeFormat = Literal["xliff", "tmx"]
SUFFIXES: dict[str, ExchangeFormat] = {"xliff": "xlf", "tmx": "tmx"}  # type: ignore[dict-item]


def _seed(project: Project, seed: str | None) -> Path:
    seeds = project.seeds()
    if seed is None:
        if len(seeds) > 1:
            names = ", ".join(s.stem for s in seeds)
            raise ToolkitError(f"several documents ({names}); say which with --seed NAME")
        return seeds[0]
    found = [s for s in seeds if s.stem == seed]
    if not found:
        raise ToolkitError(f"no seed named '{seed}' in {project.shown(project.seeds_dir)}")
    return found[0]


def export_translations(
    project: Project, lang: str, fmt: ExchangeFormat, out: Path | None = None, seed: str | None = None
) -> Report:
    """Write the catalog of LANG as XLIFF 1.2 or TMX 1.4, by default `outputs/<lang>/<domain>.xlf|.tmx`."""
    from toolkit.catalogs.exchange import export_catalog  # the Translate Toolkit is heavy to import

    lang = normalize_lang(lang)
    path = _seed(project, seed)
    document = project.read(path)
    catalog = project.catalog(lang, document.name)
    target = out or project.root / "outputs" / lang / f"{document.name}.{SUFFIXES[fmt]}"
    _refuse_an_input(project, target)
    report = export_catalog(catalog, fmt, target, document.metadata.source_lang, lang)
    return Report((f"{project.shown(target)}: {report.summary()}",))


def _refuse_an_input(project: Project, target: Path) -> None:
    """Refuse to write TARGET when it is one of the project's inputs: a seed, a sidecar, a catalog, a template.

    Raises:
        ToolkitError: TARGET is in seeds/ or locale/ (a link named TARGET would be replaced, not followed).
    """
    where = target.absolute().parent.resolve() / target.name
    for folder in (project.seeds_dir, project.locale_dir):
        if where.is_relative_to(folder.resolve()):
            raise ToolkitError(
                f"will not write over the project's inputs ({project.shown(folder)}/ holds them); "
                "choose another --out, such as outputs/",
                project.shown(target),
            )


def import_translations(
    project: Project, lang: str, file: Path, seed: str | None = None, overwrite: bool = False
) -> Report:
    """Bring the translations of FILE into the catalog of LANG.

    A `.txt` file is an existing translation in the seed's plain-text form:
    its blocks are aligned with the seed's and every translation it gives is
    marked fuzzy, for review. Anything else is read as XLIFF or TMX.
    """
    from toolkit.catalogs.exchange import Incoming, import_exchange, merge_translations

    lang = normalize_lang(lang)
    remove_stale_temporaries(project.locale_dir, depth=2)  # locale/<lang>/LC_MESSAGES/
    document = project.read(_seed(project, seed))
    po_path = project.catalog(lang, document.name)
    if not file.is_file():
        raise ToolkitError("no such file to import", project.shown(file))
    if file.suffix.lower() != ".txt":
        report = import_exchange(file, po_path, overwrite)
        return _imported(project, report, ())
    catalog = catalogs.read_catalog(po_path)
    alignment = align_translation(document, file, project.root)
    segments = {s.key: s for s in document.segments()}
    units = [Incoming(pair.key, segments[pair.key].text, pair.text, review=True) for pair in alignment.pairs]
    report = merge_translations(catalog, po_path, file, units, [], overwrite)
    return _imported(project, report, alignment.unaligned)


def _imported(project: Project, report: ImportReport, unaligned: tuple[str, ...]) -> Report:
    """Summarise an import with the project's paths in every line."""
    shown = msgspec.structs.replace(
        report, path=Path(project.shown(report.path)), source=Path(project.shown(report.source))
    )
    return Report((f"{shown.path}: {shown.summary()}",), unaligned + shown.warnings())
