"""The toolkit's public verbs: extract, init, update, stats, check, and build (from its own module).

Each verb takes the project folder and returns a report; none prints or
exits, so tests call them directly and the CLI only formats what comes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from toolkit.commands.report import Report
from toolkit.errors import ToolkitError
from toolkit.files import shown_path
from toolkit.wording import counted

if TYPE_CHECKING:
    from toolkit.catalogs import store as catalogs
    from toolkit.catalogs.checks import CheckReport
    from toolkit.catalogs.pofile import Catalog
    from toolkit.document.model import Document

# Catalogs (Babel), checks and the seed reader are imported by the
# verbs that use them, and `build` lives in its own module: a build with
# nothing to do needs none of the first, the catalog verbs none of the last.


SEED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".odt", ".html")
"""What a seed may be: plain text (the letter's reader), or what Pandoc reads (the manuscript reader)."""


def seed_files(folder: Path) -> list[Path]:
    """The seeds in FOLDER, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SEED_SUFFIXES)


class Project(msgspec.Struct, frozen=True):
    """Where a project keeps its seeds, catalogs and editions."""

    root: Path

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    def seeds(self) -> list[Path]:
        """Every document of the project: `seeds/*.txt`, `.md`, `.docx`, `.odt`, `.html`, by name.

        Raises:
            ToolkitError: no seeds, or two seeds of one name (`report.md` and `report.docx`).
        """
        found = seed_files(self.seeds_dir)
        if not found:
            raise ToolkitError(
                f"no seeds found; put the documents in {self.shown(self.seeds_dir)}/ "
                f"as {', '.join(SEED_SUFFIXES)} files"
            )
        stems: dict[str, Path] = {}
        for seed in found:
            if seed.stem in stems:
                raise ToolkitError(
                    f"two seeds named '{seed.stem}' ({stems[seed.stem].name}, {seed.name}); "
                    "a document is one file: rename or remove one",
                    self.shown(seed),
                )
            stems[seed.stem] = seed
        return found

    def template(self, domain: str) -> Path:
        return self.locale_dir / f"{domain}.pot"

    def catalog(self, lang: str, domain: str) -> Path:
        return self.locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"

    def langs(self) -> list[str]:
        """Languages that have a catalog folder, by code."""
        if not self.locale_dir.is_dir():
            return []
        return sorted(p.name for p in self.locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir())

    def resolve_langs(self, langs: list[str]) -> list[str]:
        """Turn `all` and locale codes into the languages to work on."""
        if not langs or "all" in langs:
            present = self.langs()
            if not present:
                raise ToolkitError("no catalogs yet; create one with `toolkit init --lang xx`")
            return present
        from toolkit.locales import normalize_lang

        return sorted({normalize_lang(lang) for lang in langs})

    def shown(self, path: Path) -> str:
        """PATH as messages show it: relative to the project when inside it."""
        return shown_path(path, self.root)

    def read(self, seed: Path) -> Document:
        """Read SEED with the reader of its format: the only place a source format is chosen.

        Raises:
            ToolkitError: SEED cannot be read, or has no text (an empty file would make editions of a title alone).
        """
        if seed.suffix.lower() == ".txt":
            from toolkit.document.readers.plaintext import read_seed

            document = read_seed(seed, self.root)
        else:
            from toolkit.document.readers.manuscript import read_manuscript

            document = read_manuscript(seed, self.root)
        if document.empty:
            message = "the seed has no text; write the document in it, or take it out of seeds/"
            raise ToolkitError(message, self.shown(seed))
        return document


class _Collect(msgspec.Struct):
    lines: list[str] = msgspec.field(default_factory=list)
    warnings: list[str] = msgspec.field(default_factory=list)

    def report(self) -> Report:
        return Report(tuple(self.lines), tuple(dict.fromkeys(self.warnings)))


def extract(project: Project) -> Report:
    """Write the template of every seed: `locale/<domain>.pot`."""
    from toolkit.files import remove_stale_temporaries

    remove_stale_temporaries(project.locale_dir, depth=2)  # locale/<lang>/LC_MESSAGES/
    report, _, writes = _extract(project)
    _write_all(writes)
    return report


def _extract(project: Project) -> tuple[Report, dict[str, Catalog], list[tuple[Path, bytes]]]:
    """Extract, writing nothing: the report, the templates by domain and the files to write."""
    from toolkit.catalogs import store as catalogs

    out = _Collect()
    templates = {}
    writes = []
    documents = [project.read(seed) for seed in project.seeds()]
    for document in documents:
        out.warnings.extend(document.warnings)
        path = project.template(document.name)
        segments = list(document.segments())
        data, templates[document.name] = catalogs.make_template(segments, path, document.name)
        if data is not None:
            writes.append((path, data))
        unchanged = "" if data is not None else ", unchanged"
        out.lines.append(f"{project.shown(path)}: {counted(len(segments), 'segment')}{unchanged}")
    return out.report(), templates, writes


def _write_all(writes: list[tuple[Path, bytes]]) -> None:
    """Write every file of a verb, once all of them are known to be good: one bad input writes nothing."""
    from toolkit.files import write_atomic

    for path, data in writes:
        write_atomic(path, data)


def init(project: Project, langs: list[str]) -> Report:
    """Create the catalog of each language for every document that lacks one."""
    from toolkit.catalogs import store as catalogs
    from toolkit.locales import normalize_lang

    wanted = [normalize_lang(lang) for lang in langs]
    out = _Collect()
    extracted = extract(project)
    out.warnings.extend(extracted.warnings)
    for lang in wanted:
        for seed in project.seeds():
            path = project.catalog(lang, seed.stem)
            if path.exists():
                out.lines.append(f"{project.shown(path)}: exists, left as it is (use `toolkit update`)")
                continue
            catalogs.init_catalog(project.template(seed.stem), lang, path)
            out.lines.append(f"{project.shown(path)}: created")
    return out.report()


def update(project: Project) -> Report:
    """Bring every catalog in step with its seed, as msgmerge would.

    Templates are extracted first, so a corrected seed reaches the catalogs
    in one command; a new seed gets a catalog in every language present.
    Every seed and catalog is read and merged before any file is written, so
    one bad catalog leaves the templates and all the other catalogs as they were.
    """
    from toolkit.catalogs import store as catalogs
    from toolkit.files import remove_stale_temporaries

    remove_stale_temporaries(project.locale_dir, depth=2)  # locale/<lang>/LC_MESSAGES/
    out = _Collect()
    extracted, templates, writes = _extract(project)
    out.warnings.extend(extracted.warnings)
    seeds = project.seeds()
    for lang in project.langs():
        created = []
        for seed in seeds:
            path = project.catalog(lang, seed.stem)
            if not path.exists():
                writes.append((path, catalogs.new_catalog(templates[seed.stem], lang, path)))
                out.lines.append(f"{project.shown(path)}: created for the new seed {project.shown(seed)}")
                created.append(path)
                continue
            data, report = catalogs.merge_catalog(templates[seed.stem], path)
            if data is not None:
                writes.append((path, data))
            out.lines.append(f"{project.shown(path)}: {report.summary()}")
        out.warnings.extend(_unused_catalogs(project, lang, {seed.stem for seed in seeds}, created))
    if not project.langs():
        out.lines.append("no catalogs yet; create one with `toolkit init --lang xx`")
    _write_all(writes)
    return out.report()


def _unused_catalogs(project: Project, lang: str, stems: set[str], created: list[Path]) -> list[str]:
    """A warning for each catalog of LANG that no seed uses: a renamed seed's translations would go unseen.

    A seed renamed is a new domain, whose catalog starts empty, while its
    translations stay in the catalog of its old name, which nothing reads.
    """
    found = sorted((project.locale_dir / lang / "LC_MESSAGES").glob("*.po"))
    unused = [path for path in found if path.stem not in stems]
    if len(unused) == 1 and len(created) == 1:
        remedy = f"move it over {project.shown(created[0])}"
    else:
        remedy = "give it the seed's new name"
    return [
        f"{project.shown(path)}: warning: no seed is named '{path.stem}', so no edition uses its translations; "
        f"if that seed was renamed, {remedy} and run `toolkit update` again, else delete it"
        for path in unused
    ]


class LangStats(msgspec.Struct, frozen=True):
    """Translation progress of one catalog."""

    lang: str
    domain: str
    path: str
    stats: catalogs.CatalogStats


def stats(project: Project, langs: list[str]) -> list[LangStats]:
    """Count translated, fuzzy and untranslated entries of each catalog."""
    from toolkit.catalogs import store as catalogs

    result = []
    for lang in project.resolve_langs(langs):
        for seed in project.seeds():
            path = project.catalog(lang, seed.stem)
            result.append(LangStats(lang, seed.stem, project.shown(path), catalogs.catalog_stats(path)))
    return result


def check(project: Project, langs: list[str], strict: bool = False) -> CheckReport:
    """Run the translation checks on the catalog of every seed in each language.

    Args:
        strict: count fuzzy and untranslated entries as errors too.

    Raises:
        ToolkitError: an unknown language, or a catalog missing or malformed.
    """
    from toolkit.catalogs.checks import CheckReport, check_catalog

    results = []
    for lang in project.resolve_langs(langs):
        for seed in project.seeds():
            path = project.catalog(lang, seed.stem)
            results.append(check_catalog(path, lang, project.shown(path), strict))
    return CheckReport(tuple(results))
