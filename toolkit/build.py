"""The `build` verb: catalogs in, PDF, EPUB 3 and DOCX editions out.

Stages, in order:
1. read every seed and every catalog, and translate, before making anything,
   so a bad catalog (or `--strict` refusing one) leaves all editions as they were;
2. build one Pandoc AST per document and language;
3. make the editions in parallel, skipping those whose inputs did not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from . import catalogs
from .checks import check_catalog
from .editions import FORMATS, EditionResult, EditionSpec, Progress, edition_identifier, edition_path
from .editions import render_editions, source_epoch
from .errors import ToolkitError
from .locales import lang_tag, long_date
from .pandoc import Node, to_pandoc_ast
from .translate import TranslationReport, apply_translations, check_strict

if TYPE_CHECKING:
    from .pipeline import Project


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build made: one result per edition, and the warnings found."""

    editions: tuple[EditionResult, ...] = ()
    warnings: tuple[str, ...] = ()
    translations: tuple[TranslationReport, ...] = ()

    @property
    def built(self) -> tuple[EditionResult, ...]:
        return tuple(e for e in self.editions if e.built)

    def summary(self) -> str:
        """One line per edition, then a count of what was rebuilt."""
        lines = [edition.summary() for edition in self.editions]
        built = len(self.built)
        if not built:
            lines.append(f"{len(self.editions)} editions up to date; nothing rebuilt")
        else:
            lines.append(f"{built} of {len(self.editions)} editions built")
        return "\n".join(lines)


def build(
    project: Project,
    langs: Sequence[str] = ("all",),
    formats: Sequence[str] = (),
    out: Path | None = None,
    strict: bool = False,
    regions: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Make the editions of every document in each language.

    Args:
        langs: locale codes, or `all` for every language with a catalog.
        formats: some of `pdf`, `epub`, `docx`; none means all three.
        out: the output root; `<project>/outputs` by default.
        strict: refuse a language whose catalog is incomplete, fuzzy, has
            note token problems or fails `toolkit check` with an error,
            instead of falling back to the source text.
        regions: territory per language (`{"es": "MX"}`), which sets the
            edition's language tag and paper; by default the one the
            sidecar's `[regions]` names, else the locale's own territory,
            else the one Babel thinks likeliest (es -> ES).
        progress: called as each edition is done.

    Raises:
        ToolkitError: an unknown format, a missing or malformed catalog, a
            catalog `strict` refuses, or Pandoc or Typst failing.
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ToolkitError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    wanted = [f for f in FORMATS if f in formats] if formats else list(FORMATS)
    out_dir = out if out is not None else project.root / "outputs"
    regions = regions or {}

    documents = [project.read(seed) for seed in project.seeds()]
    warnings: list[str] = [w for d in documents for w in d.warnings]
    reports: list[TranslationReport] = []
    refused: list[str] = []
    asts: list[tuple[str, str, str, Node, int]] = []
    for lang in project.resolve_langs(list(langs)):
        lang_reports = []
        for document in documents:
            tag = lang_tag(lang, regions.get(lang) or dict(document.metadata.regions).get(lang))
            path = project.catalog(lang, document.name)
            if not path.exists():
                raise ToolkitError(f"no catalog for '{lang}'; create it with `toolkit init --lang {lang}`", project.shown(path))
            translated, report = apply_translations(document, catalogs.translations(path), lang, project.shown(path))
            lang_reports.append(report)
            if strict:
                try:
                    check_strict(report)
                except ToolkitError as error:
                    refused.append(str(error))
                    continue
                errors = check_catalog(path, lang, project.shown(path)).errors
                if errors:
                    refused.append(
                        f"{project.shown(path)}: --strict: {lang} fails `toolkit check` with {len(errors)} "
                        f"error{'s' * (len(errors) != 1)}; first: {errors[0]}"
                    )
                    continue
            ast, ast_warnings = to_pandoc_ast(
                translated, tag, long_date(document.metadata.date, lang), edition_identifier(document.name, lang)
            )
            warnings.extend(ast_warnings)
            asts.append((lang, document.name, tag, ast, source_epoch(document.metadata.date)))
        reports.extend(lang_reports)
        warnings.extend(_lang_warnings(lang, lang_reports))
    if refused:
        raise ToolkitError("; ".join(refused))

    jobs = []
    for lang, domain, tag, ast, epoch in asts:
        for fmt in wanted:
            path = edition_path(out_dir, lang, domain, fmt)
            jobs.append((ast, EditionSpec(domain, lang, fmt, path, tag, epoch), project.shown(path)))
    results = render_editions(jobs, out_dir, progress)
    return BuildReport(tuple(results), tuple(dict.fromkeys(warnings)), tuple(reports))


def _lang_warnings(lang: str, reports: list[TranslationReport]) -> list[str]:
    """The token problems of each catalog, then ONE line counting the language's fallbacks."""
    lines = [problem for report in reports for problem in (*report.token_problems, *report.stripped)]
    total = sum(r.total for r in reports)
    fallback = sum(r.total - r.translated for r in reports)
    if fallback:
        fuzzy = sum(r.fuzzy for r in reports)
        untranslated = sum(r.untranslated for r in reports)
        tokens = sum(len(r.token_problems) for r in reports)
        lines.append(
            f"{lang}: warning: {fallback} of {total} segments use the source text "
            f"({untranslated} untranslated, {fuzzy} fuzzy, {tokens} with note token problems)"
        )
    return lines
