"""The `build` verb: catalogs in, PDF, EPUB 3 and DOCX editions out.

Stages, in order:
0. compare a digest of the raw inputs (seed, sidecar and catalog bytes,
   options, code) and of the editions with the stamp of the last build: when
   nothing changed, return its report without parsing anything (this is why
   the heavy modules are imported inside `_build`);
1. read every seed and every catalog, and translate, before making anything,
   so a bad catalog (or `--strict` refusing one) leaves all editions as they were;
2. build one Pandoc AST per document and language;
3. make the editions in parallel, skipping those whose inputs did not change.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from toolkit.editions.render import (
    DEFAULT_FORMATS,
    FORMATS,
    EditionJob,
    EditionResult,
    EditionSource,
    EditionSpec,
    Progress,
    cache_key,
)
from toolkit.editions.translate import TranslationReport, fallback_warning
from toolkit.errors import ToolkitError
from toolkit.files import remove_stale_temporaries, write_atomic
from toolkit.wording import counted

if TYPE_CHECKING:
    from toolkit.commands.catalog import Project
    from toolkit.document.model import Document


class BuildReport(msgspec.Struct, frozen=True):
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
            lines.append(f"{counted(len(self.editions), 'edition')} up to date; nothing rebuilt")
        else:
            lines.append(f"{built} of {counted(len(self.editions), 'edition')} built")
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
        langs: locale codes, or `all` for every language with a catalog and the seeds' own.
        formats: some of `pdf`, `epub`, `docx`, `html`; none means the first three.
        out: the output root; `<project>/outputs` by default.
        strict: refuse a language whose catalog is incomplete, fuzzy, has
            token or placeholder problems or fails `toolkit check` with an error,
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
    wanted = [f for f in FORMATS if f in formats] if formats else list(DEFAULT_FORMATS)
    out_dir = out if out is not None else project.root / "outputs"
    regions = dict(regions or {})
    remove_stale_temporaries(out_dir, depth=2)  # <out>/<lang>/, <out>/.cache/<lang>/

    stamp = _Stamp(project, out_dir, {"langs": sorted(langs), "formats": wanted, "strict": strict, "regions": regions})
    recalled = stamp.recall()
    if recalled is not None:
        for done, edition in enumerate(recalled.editions, start=1):
            if progress is not None:
                progress(edition, done, len(recalled.editions))
        return recalled
    # The inputs as the build is about to read them: a catalog saved while
    # the editions are made is then seen as changed by the next build.
    read = stamp.inputs_now()
    report = _build(project, langs, wanted, out_dir, strict, regions, progress)
    stamp.record(report, read)
    return report


def _build(
    project: Project,
    langs: Sequence[str],
    wanted: list[str],
    out_dir: Path,
    strict: bool,
    regions: Mapping[str, str],
    progress: Progress | None,
) -> BuildReport:
    from toolkit.editions.render import render_editions

    seeds = project.seeds()
    read = functools.partial(_read, project, seeds, langs, strict)
    if sum(seed.stat().st_size for seed in seeds) < READ_BESIDE_BELOW:
        from toolkit.parallel import beside

        load = functools.partial(_load_for_editions, project, langs)
        _, (documents, singles, pairs, translation) = beside(load, read)
    else:
        documents, singles, pairs, translation = read()
    if "pdf" in wanted:
        unprintable = _unprintable_entries(project, documents, translation.documents)
        if unprintable:
            raise ToolkitError("; ".join(unprintable))
    warnings = [*(w for d in documents for w in d.warnings), *translation.warnings]
    sources: list[_Source] = []
    for document in documents:
        for lang in singles:
            sources.append(_single_source(project, document, lang, translation, wanted, regions, warnings))
        for pair in pairs:
            sources.append(_pair_source(document, pair, translation, wanted, regions, warnings))
    results = render_editions(_jobs(project, documents, sources, wanted, out_dir), out_dir, progress)
    return BuildReport(tuple(results), tuple(dict.fromkeys(warnings)), translation.reports)


READ_BESIDE_BELOW = 1 << 16
"""Seeds of fewer bytes than this in all are read and translated in a forked child (`parallel.beside`).

Meanwhile the build's own process loads what making the editions needs
(`_load_for_editions`): a letter's build ends about 20 ms sooner, 6% (41
builds each way, alternating). A book's documents would take longer to send back.
"""


def _read(
    project: Project, seeds: Sequence[Path], langs: Sequence[str], strict: bool
) -> tuple[list[Document], list[str], list[tuple[str, str]], _Translation]:
    """The documents of SEEDS, the languages and pairs to build (`_split_langs`), and each document in each."""
    documents = [project.read(seed) for seed in seeds]
    singles, pairs = _split_langs(project, langs, documents)
    translation = _translate(project, documents, [*singles, *(lang for pair in pairs for lang in pair)], strict)
    return documents, singles, pairs, translation


def _load_for_editions(project: Project, langs: Sequence[str]) -> None:
    """Load the modules that make the editions' sources, and Babel's data of the languages to build."""
    import toolkit.editions.pandoc
    import toolkit.editions.structure
    import toolkit.editions.typst_source  # noqa: F401
    from toolkit.locales import load_locales

    load_locales([lang for lang in langs if lang != "all"] or project.langs())


class _Translation(msgspec.Struct, frozen=True):
    """Every document in every language the build needs, and what translating them found."""

    documents: Mapping[tuple[str, str], Document]
    """The translated document, by (language, document name)."""
    reports: tuple[TranslationReport, ...]
    warnings: tuple[str, ...]


class _Source(msgspec.Struct, frozen=True):
    """One edition's content, ready for every format: a language (or pair) of one document."""

    lang: str
    """The language, or the pair as `es+en`."""
    domain: str
    tags: tuple[str, ...]
    """The language tag of each language, the edition's own first."""
    source: EditionSource
    epoch: int
    printed_langs: tuple[str, ...]
    """The languages whose letters its PDF prints (`font_langs`)."""
    quoted_scripts: tuple[str, ...] = ()
    """The scripts its text quotes beyond those languages' (`font_scripts`): their fonts follow."""


def _translate(project: Project, documents: Sequence[Document], langs: Sequence[str], strict: bool) -> _Translation:
    """Translate every document into each of LANGS, all before anything is made.

    Raises:
        ToolkitError: a catalog is missing or malformed, or `strict` refuses
            some (each refusal named, all in one message).
    """
    from toolkit.catalogs import store as catalogs
    from toolkit.editions.translate import apply_translations
    from toolkit.locales import same_language

    reports: list[TranslationReport] = []
    warnings: list[str] = []
    refused: list[str] = []
    translated: dict[tuple[str, str], Document] = {}
    for lang in dict.fromkeys(langs):
        lang_reports = []
        for document in documents:
            path = project.catalog(lang, document.name)
            if not path.exists() and same_language(document.metadata.source_lang, lang):
                # The seed's own language needs no catalog: its edition is the seed's text.
                total = sum(1 for _ in document.segments())
                lang_reports.append(TranslationReport(lang, project.shown(path), total=total, translated=total))
                translated[lang, document.name] = document
                continue
            if not path.exists():
                raise ToolkitError(
                    f"no catalog for '{lang}'; create it with `toolkit init --lang {lang}`", project.shown(path)
                )
            result, report = apply_translations(document, catalogs.translations(path), lang, project.shown(path))
            lang_reports.append(report)
            refusal = _strict_refusal(project, path, lang, report) if strict else None
            if refusal is not None:
                refused.append(refusal)
                continue
            translated[lang, document.name] = result
        reports.extend(lang_reports)
        warnings.extend(_lang_warnings(lang, lang_reports))
    if refused:
        raise ToolkitError("; ".join(refused))
    return _Translation(translated, tuple(reports), tuple(warnings))


def _strict_refusal(project: Project, path: Path, lang: str, report: TranslationReport) -> str | None:
    """Why `--strict` refuses the catalog at PATH, or None when it accepts it."""
    from toolkit.catalogs.checks import check_catalog
    from toolkit.editions.translate import check_strict

    try:
        check_strict(report)
    except ToolkitError as error:
        return str(error)
    errors = check_catalog(path, lang, project.shown(path)).errors
    if errors:
        return (
            f"{project.shown(path)}: --strict: {lang} fails `toolkit check` with {len(errors)} "
            f"error{'s' * (len(errors) != 1)}; first: {errors[0]}"
        )
    return None


def _tag(lang: str, document: Document, regions: Mapping[str, str]) -> str:
    from toolkit.locales import lang_tag

    return lang_tag(lang, regions.get(lang) or dict(document.metadata.regions).get(lang))


def _single_source(
    project: Project,
    document: Document,
    lang: str,
    translation: _Translation,
    wanted: Sequence[str],
    regions: Mapping[str, str],
    warnings: list[str],
) -> _Source:
    """The edition of DOCUMENT in LANG; its warnings go to WARNINGS."""
    from toolkit.editions.pandoc import to_pandoc_ast, web_alternates, web_navigation
    from toolkit.editions.render import edition_identifier
    from toolkit.editions.structure import linked_addresses
    from toolkit.epoch import source_epoch
    from toolkit.locales import long_date

    tag = _tag(lang, document, regions)
    ast, ast_warnings = to_pandoc_ast(
        translation.documents[lang, document.name],
        tag,
        long_date(document.metadata.date, lang),
        edition_identifier(document.name, lang),
        linked_addresses(document),
    )
    warnings.extend(ast_warnings)
    if "html" in wanted:  # the web page links to the page of every language the project has, the seed's own too
        from toolkit.locales import normalize_lang

        own = [normalize_lang(document.metadata.source_lang)] if document.metadata.source_lang else []
        catalogs = [other for other in project.langs() if project.catalog(other, document.name).exists()]
        langs_of = sorted({*catalogs, *own})
        pairs_of = [pair for pair in document.metadata.bilingual if lang in pair.split("+")]
        ast["meta"]["web-nav"] = web_navigation(document.name, lang, langs_of, pairs_of)
        ast["meta"]["web-alternates"] = web_alternates(document.name, langs_of)
    # Serialised once for every format; the AST is dropped on return, so the
    # Typst compile later shares the process with its JSON only.
    translated = translation.documents[lang, document.name]
    return _Source(
        lang,
        document.name,
        (tag,),
        EditionSource.of(ast, wanted),
        source_epoch(document.metadata.date),
        *_printed([lang], translated),
    )


def _pair_source(
    document: Document,
    pair: tuple[str, str],
    translation: _Translation,
    wanted: Sequence[str],
    regions: Mapping[str, str],
    warnings: list[str],
) -> _Source:
    """The parallel edition of DOCUMENT in the two languages of PAIR; its warnings go to WARNINGS."""
    from toolkit.editions.bilingual import to_bilingual_ast
    from toolkit.editions.render import edition_identifier
    from toolkit.editions.structure import linked_addresses
    from toolkit.epoch import source_epoch
    from toolkit.locales import long_date

    tags = (_tag(pair[0], document, regions), _tag(pair[1], document, regions))
    dates = (long_date(document.metadata.date, pair[0]), long_date(document.metadata.date, pair[1]))
    name = "+".join(pair)
    ast, ast_warnings = to_bilingual_ast(
        translation.documents[pair[0], document.name],
        translation.documents[pair[1], document.name],
        tags,
        dates,
        edition_identifier(document.name, name),
        linked_addresses(document),
    )
    warnings.extend(ast_warnings)
    translated = [translation.documents[lang, document.name] for lang in pair]
    return _Source(
        name,
        document.name,
        tags,
        EditionSource.of(ast, wanted),
        source_epoch(document.metadata.date),
        *_printed(pair, *translated),
    )


def _jobs(
    project: Project, documents: Sequence[Document], sources: Sequence[_Source], wanted: Sequence[str], out_dir: Path
) -> list[EditionJob]:
    """One job per source and format: what to render, where, and the fonts of a PDF."""
    from toolkit.editions.render import edition_path
    from toolkit.editions.typefaces import cjk_punctuation, pdf_fonts

    named_fonts = {document.name: dict(document.metadata.fonts) for document in documents}
    jobs = []
    for item in sources:
        for fmt in wanted:
            path = edition_path(out_dir, item.lang, item.domain, fmt)
            sidecar = project.shown(project.seeds_dir / f"{item.domain}.toml")
            families, files = (
                pdf_fonts(item.printed_langs, named_fonts[item.domain], sidecar, item.quoted_scripts)
                if fmt == "pdf"
                else ((), ())
            )
            spec = EditionSpec(
                item.domain,
                item.lang,
                fmt,
                path,
                item.tags[0],
                item.epoch,
                item.tags[1:],
                families,
                files,
                sidecar,
                fmt == "pdf" and cjk_punctuation(item.printed_langs),
            )
            jobs.append(EditionJob(item.source, spec, project.shown(path)))
    return jobs


def font_langs(langs: Sequence[str], *translated: Document) -> tuple[str, ...]:
    """The languages whose fonts a PDF in LANGS of the TRANSLATED documents needs: theirs, and the source's.

    A segment left untranslated prints the seed's own text: a Japanese
    report's English edition needs a Japanese font for what is not yet
    translated.
    """
    fell_back = [d.metadata.source_lang for d in translated if any(s.lang for s in d.segments())]
    return tuple(dict.fromkeys([*langs, *fell_back]))


def _printed(langs: Sequence[str], *translated: Document) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The languages (`font_langs`) and the scripts they do not write that a PDF of the TRANSLATED documents prints.

    A Korean organisation's name in Hangul, a Chinese name in Han, a Hindi
    word in an English letter: each such script's font follows the
    languages' (`typefaces.quoted_scripts`); Han's convention is the
    languages', then the seed's.
    """
    from toolkit.editions.typefaces import quoted_scripts

    printed = font_langs(langs, *translated)
    chars = set("".join(segment.text for document in translated for segment in document.segments()))
    source = next((d.metadata.source_lang for d in translated if d.metadata.source_lang), "")
    return printed, quoted_scripts(chars, printed, source)


def _unprintable_entries(
    project: Project, documents: Sequence[Document], translated: Mapping[tuple[str, str], Document]
) -> list[str]:
    """One message per entry that holds a character no font of the PDF has, naming it and what to do.

    Typst would refuse the PDF, naming the character but not where it is.
    """
    from toolkit.editions.pdf import unprintable

    fonts = {d.name: dict(d.metadata.fonts) for d in documents}
    missing = {
        (lang, name): set(
            unprintable(
                "".join(s.text for s in d.segments()),
                font_langs([lang], d),
                fonts[name],
                project.shown(project.seeds_dir / f"{name}.toml"),
            )
        )
        for (lang, name), d in translated.items()
    }
    if not any(missing.values()):
        return []  # the usual build: the entries need not be looked at one by one
    sources = {(d.name, s.key): s.text for d in documents for s in d.segments()}
    texts = {(lang, name, s.key): s for (lang, name), d in translated.items() for s in d.segments()}
    from toolkit.document.fallback import FILE_NAME_TITLE
    from toolkit.editions.typefaces import lacks_script_font, named_chars, no_font_message, quoted_font_remedy

    problems = []
    for (lang, name), chars_missing in missing.items():
        # A whole script no font has is the language's own: one line for it, with the remedy.
        if chars_missing and lacks_script_font(lang, fonts[name]):
            sidecar = project.shown(project.seeds_dir / f"{name}.toml")
            problems.append(
                f"{project.shown(project.catalog(lang, name))}: {no_font_message(lang, sorted(chars_missing), sidecar)}"
            )
            missing[lang, name] = set()
    for (lang, name, key), segment in texts.items():
        found = sorted(set(segment.text) & missing[lang, name])
        if not found:
            continue
        sidecar = project.shown(project.seeds_dir / f"{name}.toml")
        if segment.source and segment.text == sources.get((name, key)):  # the seed's own text, untranslated
            where, fix = f"{segment.source}:{segment.line}", "the seed"
        else:
            where, fix = f"{project.shown(project.catalog(lang, name))}: entry {key!r}", "the translation"
        if fix == "the seed" and segment.comment == FILE_NAME_TITLE:
            problems.append(
                f"{where}: the title made from the file name has {named_chars(found)}, which no font of the PDF has; "
                f'set a title in {sidecar} as [document] title = "..."'
            )
            continue
        # Letters of a script whose font is not installed want the font; anything else (an emoji) an edit.
        printed = font_langs([lang], translated[lang, name])
        remedies: dict[str, list[str]] = {}
        for char in found:
            remedy = quoted_font_remedy([char], printed, fonts[name], sidecar)
            remedies.setdefault(remedy or "", []).append(char)
        for remedy, group in remedies.items():
            remedy = remedy or (
                f"replace or remove {'them' if len(group) > 1 else 'it'} in {fix}, "
                "or make the other formats only (--format epub --format docx)"
            )
            problems.append(f"{where}: no font of the PDF has {named_chars(group)}; {remedy}")
    return problems


def _split_langs(
    project: Project, langs: Sequence[str], documents: Sequence[Document]
) -> tuple[list[str], list[tuple[str, str]]]:
    """Split the requested languages into single ones and bilingual pairs (`es+en`).

    `all` (or nothing) means every language that has a catalog, and the
    seeds' own when they share one (a Japanese notice's edition in Japanese
    needs no catalog); pairs are built only when asked for by name.
    """
    from toolkit.locales import normalize_lang

    pairs: list[tuple[str, str]] = []
    for request in (lang for lang in langs if "+" in lang):
        parts = request.split("+")
        if len(parts) != 2 or parts[0] == parts[1]:
            raise ToolkitError(f"'{request}': a bilingual edition pairs two languages, as es+en")
        first, second = (normalize_lang(part) for part in parts)
        pairs.append((first, second))
    singles = [lang for lang in langs if "+" not in lang]
    if "all" in singles or not (singles or pairs):
        own = {normalize_lang(document.metadata.source_lang) for document in documents}
        every = set(project.langs()) | (own if len(own) == 1 else set())
        if every:
            return sorted(every), pairs
    return (project.resolve_langs(singles) if singles or not pairs else []), pairs


def _lang_warnings(lang: str, reports: list[TranslationReport]) -> list[str]:
    """The token problems of each catalog, then ONE line counting the language's fallbacks."""
    lines = [problem for report in reports for problem in (*report.token_problems, *report.stripped)]
    fallback = fallback_warning(lang, reports)
    return [*lines, fallback] if fallback else lines


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # missing, or unreadable: the build that reads it says which
        return None


class _Stamp:
    """What the last successful build of these options read and made, by content.

    Stored in `<out>/.cache/build-<options digest>.json`. It holds the digest
    of every file the build read (a missing sidecar counts, as missing), of
    every edition it left in place, and the report it returned. The editions'
    own caches stay the authority on what to rebuild; the stamp only lets an
    unchanged project skip reading, translating and building the ASTs.
    """

    def __init__(self, project: Project, out_dir: Path, options: dict[str, Any]) -> None:
        from toolkit.epoch import source_date_epoch

        self.project = project
        self.out_dir = out_dir
        self.options = options
        self.epoch = source_date_epoch()  # read now: a bad value stops the build before anything is read
        self.every_lang = not options["langs"] or "all" in options["langs"]
        self.formats = options["formats"]

    @functools.cached_property
    def path(self) -> Path:
        """Where the stamp of these options is: its name is their key, made with the toolkit's code."""
        where = {"root": str(self.project.root.resolve()), "out": str(self.out_dir.resolve())}
        digest = cache_key("build", self.options, where, self.epoch)
        return self.out_dir / ".cache" / f"build-{digest[:32]}.json"

    def _layout(self) -> dict[str, Any]:
        """The seeds present and, when building every language, the languages present."""
        from toolkit.commands.catalog import seed_files

        seeds = [p.name for p in seed_files(self.project.seeds_dir)]
        every_lang = self.every_lang or "html" in self.formats  # web pages link to every language
        return {"seeds": seeds, "langs": self.project.langs() if every_lang else None}

    def _inputs(self, seeds: list[str], langs: Sequence[str]) -> list[Path]:
        files: list[Path] = []
        for name in seeds:
            seed = self.project.seeds_dir / name
            files += [seed, seed.with_suffix(".toml")]
            files += [self.project.catalog(lang, seed.stem) for lang in langs]
        # The images a manuscript shows live beside it; any file there counts.
        files += sorted(p for p in self.project.seeds_dir.rglob("*") if p.is_file() and p not in files)
        return files

    def recall(self) -> BuildReport | None:
        """The report of the last build, if it read the same bytes and its editions are untouched.

        The stamp's path holds `cache_key`, so the record was written by this
        very code: a record that does not read back is a bug, not a miss.
        """
        # No stamp at all (a first build, or its outputs removed): the key,
        # which hashes the toolkit's code, is not needed before the editions.
        if not any((self.out_dir / ".cache").glob("build-*.json")):
            return None
        try:
            record = msgspec.json.decode(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        if record["layout"] != self._layout():
            return None
        for files in (record["inputs"], record["outputs"]):
            if any(_sha256(Path(file)) != digest for file, digest in files.items()):
                return None
        return _report_from(record["report"])

    def inputs_now(self) -> tuple[dict[str, Any], dict[str, str | None]]:
        """The layout and the digest of every file a build may read, taken before it reads them."""
        layout = self._layout()
        files = self._inputs(layout["seeds"], self.project.langs())
        return layout, {str(file): _sha256(file) for file in files}

    def record(self, report: BuildReport, read: tuple[dict[str, Any], dict[str, str | None]]) -> None:
        """Remember REPORT, with the digests of what the build read (READ, from `inputs_now`) and made."""
        layout, digests = read
        langs = sorted({edition.spec.lang for edition in report.editions} | {t.lang for t in report.translations})
        record = {
            "layout": layout,
            "inputs": {str(file): digests.get(str(file)) for file in self._inputs(layout["seeds"], langs)},
            "outputs": {str(e.spec.path): _sha256(e.spec.path) for e in report.editions},
            "report": _report_to(report),
        }
        # The editions are in place; without a stamp the next build reads
        # its inputs again, which is all the stamp saves.
        with contextlib.suppress(ToolkitError):
            write_atomic(self.path, msgspec.json.format(msgspec.json.encode(record, order="sorted"), indent=1))


def _report_to(report: BuildReport) -> dict[str, Any]:
    editions = [
        {
            **{k: v for k, v in msgspec.structs.asdict(e).items() if k != "spec"},
            "built": False,
            "spec": {**msgspec.structs.asdict(e.spec), "path": str(e.spec.path)},
        }
        for e in report.editions
    ]
    return {
        "editions": editions,
        "warnings": list(report.warnings),
        "translations": [msgspec.structs.asdict(t) for t in report.translations],
    }


def _report_from(data: dict[str, Any]) -> BuildReport:
    editions = tuple(
        EditionResult(
            **{
                **e,
                "spec": EditionSpec(
                    **{
                        **e["spec"],
                        "path": Path(e["spec"]["path"]),
                        "other_tags": tuple(e["spec"].get("other_tags", ())),
                        "fonts": tuple(e["spec"].get("fonts", ())),
                        "font_files": tuple(e["spec"].get("font_files", ())),
                    }
                ),
            }
        )
        for e in data["editions"]
    )
    translations = tuple(
        TranslationReport(**{**t, "token_problems": tuple(t["token_problems"]), "stripped": tuple(t["stripped"])})
        for t in data["translations"]
    )
    return BuildReport(editions, tuple(data["warnings"]), translations)
