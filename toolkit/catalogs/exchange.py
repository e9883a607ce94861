"""Catalogs <-> the exchange formats of CAT tools: XLIFF 1.2 and TMX 1.4.

Trados, memoQ, OmegaT and Phrase read XLIFF; translation memories travel as
TMX. The Translate Toolkit reads and writes both (it is the only importer of
`translate`); this module maps them onto catalog entries by key (msgctxt),
and writes catalogs back only through `catalogs`, so they stay GNU-identical.

Footnote tokens (`[^7]`) travel as plain text, so they come back exactly as
the translator left them; `toolkit build` checks them.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any, Literal

import msgspec
from lxml import etree
from translate.misc.xml_helpers import parse_xml
from translate.storage import tmx, xliff

from toolkit.catalogs import store as catalogs
from toolkit.catalogs.pofile import Catalog, Entry
from toolkit.errors import ToolkitError
from toolkit.files import read_input, write_if_changed
from toolkit.locales import same_language

Format = Literal["xliff", "tmx"]

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"

_XLIFF_SKELETON = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}"><file original="" source-language="en" '
    'datatype="plaintext"><body/></file></xliff>'
).encode()

_DONE_STATES = frozenset({None, "translated", "signed-off", "final"})
"""XLIFF 1.2 target states that mean a finished translation; any other asks for review."""
_UNSURE_QUALIFIERS = frozenset({"mt-suggestion", "leveraged-mt"})
"""Qualifiers of a machine translation, unsure even in a finished state unless approved.

Not `fuzzy-match`: it says where a text came from, and tools that confirm a
unit (the Translate Toolkit, so Weblate) change its state and leave it."""
_EMPTY_CODES = frozenset({"x", "bx", "ex"})
"""Inline codes that carry no text: a token a tool turned into one cannot be read back."""


class ExportReport(msgspec.Struct, frozen=True):
    """What exporting one catalog wrote."""

    path: Path
    fmt: Format
    units: int
    """Trans-units (XLIFF) or translation units (TMX) written."""
    skipped: int
    """Entries left out: untranslated or fuzzy ones, which a TMX does not hold."""
    changed: bool
    """Whether the file was (re)written."""

    def summary(self) -> str:
        """Describe the export in one line."""
        skipped = f", {self.skipped} untranslated or fuzzy left out" if self.skipped else ""
        return f"{self.units} units{skipped}" + ("" if self.changed else " (unchanged)")


class Conflict(msgspec.Struct, frozen=True):
    """An entry translated in the catalog and, differently, in the imported file."""

    key: str
    line: int
    """Line of the entry's `msgstr` in the catalog."""
    current: str
    incoming: str


class ImportReport(msgspec.Struct, frozen=True):
    """What importing an XLIFF or TMX file into one catalog did."""

    path: Path
    """The catalog."""
    source: Path
    """The imported file."""
    translated: int
    """Entries that took a finished translation."""
    fuzzy: int
    """Entries that took a translation to review: marked so, or made for an older source text."""
    unchanged: int
    """Units whose translation the catalog held already."""
    empty: int
    """Units with no translation, ignored."""
    conflicts: tuple[Conflict, ...]
    """Finished translations that differ from the incoming ones: kept, unless `overwrite`."""
    overwrite: bool
    unknown: tuple[str, ...]
    """Ids that are no key of the catalog; not added."""
    skipped: tuple[str, ...]
    """Units that could not be read, one message each."""
    changed: bool
    """Whether the catalog was rewritten."""
    review: tuple[Conflict, ...] = ()
    """Finished translations the file sends back for review, text unchanged: now fuzzy (counted in `fuzzy`)."""

    def summary(self) -> str:
        """Describe the import in one line."""
        review = f" ({len(self.review)} sent back for review)" if self.review else ""
        parts = [f"{self.translated} translated", f"{self.fuzzy} fuzzy{review}", f"{self.unchanged} unchanged"]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} {'overwritten' if self.overwrite else 'conflicts kept'}")
        if self.unknown:
            parts.append(f"{len(self.unknown)} unknown ids")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts) + ("" if self.changed else " (unchanged)")

    def warnings(self) -> tuple[str, ...]:
        """One line per conflict, unknown id and unreadable unit, in the `path:line: message` form."""
        verb = "overwritten" if self.overwrite else "kept; import with overwrite to replace it"
        lines = [
            f"{self.path}:{c.line}: {c.key!r} is translated differently in {self.source}; {verb}"
            for c in self.conflicts
        ]
        lines += [
            f"{self.path}:{r.line}: {r.key!r} is marked for review in {self.source}; now fuzzy" for r in self.review
        ]
        lines += [f"{self.source}: unknown id {key!r}, not in {self.path}; not added" for key in self.unknown]
        lines += [f"{self.source}: {message}" for message in self.skipped]
        return tuple(lines)


def export_catalog(po_path: Path, fmt: Format, out: Path, source_lang: str, target_lang: str) -> ExportReport:
    """Write the catalog at PO_PATH to OUT as XLIFF 1.2 or TMX 1.4, keyed by msgctxt.

    XLIFF holds every active entry, its state (`translated`, `needs-review-translation`
    for fuzzy, `new`) and comments; TMX holds the finished translations only.

    Raises:
        ToolkitError: as `catalogs.read_catalog`.
    """
    catalog = catalogs.read_catalog(po_path)
    entries = [entry for entry in catalog if not entry.obsolete and entry.msgctxt is not None]
    source_lang, target_lang = _bcp47(source_lang), _bcp47(target_lang)
    if fmt == "xliff":
        data, units = _to_xliff(entries, _original(entries, po_path), source_lang, target_lang), len(entries)
    elif fmt == "tmx":
        finished = [entry for entry in entries if entry.msgstr and "fuzzy" not in entry.flags]
        data, units = _to_tmx(finished, source_lang, target_lang), len(finished)
    else:
        raise ToolkitError(f"unknown exchange format {fmt!r}; expected xliff or tmx")
    return ExportReport(out, fmt, units, len(entries) - units, write_if_changed(out, data))


def import_exchange(file: Path, po_path: Path, overwrite: bool = False) -> ImportReport:
    """Bring the translations of an XLIFF or TMX file into the catalog at PO_PATH, by key.

    A unit whose source is the entry's msgid gives its translation (fuzzy if
    the unit asks for review); one made for another source gives it as fuzzy,
    with that source as the previous msgid. A finished translation in the
    catalog is replaced only with OVERWRITE; otherwise it is reported as a
    conflict. The catalog is rewritten, atomically, only if something changed.

    Raises:
        ToolkitError: FILE is missing, not well-formed XML (with its line),
            neither XLIFF 1.x nor TMX, or for another language than the catalog;
            or the catalog is unreadable. Nothing is written then.
    """
    catalog = catalogs.read_catalog(po_path)
    units, skipped = _read_units(file, catalog.metadata.get("Language", ""))
    return merge_translations(catalog, po_path, file, units, skipped, overwrite)


def merge_translations(
    catalog: Catalog,
    po_path: Path,
    file: Path,
    units: list[Incoming],
    skipped: list[str],
    overwrite: bool = False,
) -> ImportReport:
    """Give the entries of CATALOG the translations of UNITS, matched by key, and write it if changed.

    The rules of `import_exchange` apply to any source of translations
    (a CAT tool's file, an aligned plain-text translation).
    """
    active = {entry.msgctxt: entry for entry in catalog if not entry.obsolete and entry.msgctxt is not None}
    counts: Counter[str] = Counter()
    conflicts: list[Conflict] = []
    review: list[Conflict] = []
    unknown: list[str] = []
    seen: set[str] = set()
    taken: dict[str | None, Entry] = {}
    for unit in units:
        if unit.key not in active and unit.alias in active:
            unit = msgspec.structs.replace(unit, key=unit.alias)
        if unit.key in seen:
            skipped.append(f"id {unit.key!r} occurs again; the first one was taken")
            continue
        seen.add(unit.key)
        entry = active.get(unit.key)
        if entry is None:
            unknown.append(unit.key)
            continue
        if not unit.target:
            counts["empty"] += 1
            continue
        moved = unit.source != entry.msgid
        fuzzy = unit.review or moved
        finished = bool(entry.msgstr) and "fuzzy" not in entry.flags
        if finished and entry.msgstr == unit.target:
            if not unit.flagged:
                counts["unchanged"] += 1
                continue
            # A reviewer's flag on an unchanged text: the translation stays, to be reviewed.
            review.append(Conflict(unit.key, entry.msgstr_line, entry.msgstr, unit.target))
        elif finished:
            conflicts.append(Conflict(unit.key, entry.msgstr_line, entry.msgstr, unit.target))
            if not overwrite:
                continue
        elif (entry.msgstr, "fuzzy" in entry.flags) == (unit.target, fuzzy) and (
            not moved or entry.previous_msgid == unit.source
        ):
            counts["unchanged"] += 1
            continue
        taken[unit.key] = _take(entry, unit, fuzzy, moved)
        counts["fuzzy" if fuzzy else "translated"] += 1
    changed = False
    if taken:
        updated = (taken.get(entry.msgctxt, entry) if not entry.obsolete else entry for entry in catalog)
        changed = catalogs.write_catalog(catalog.with_entries(updated), po_path)
    if review and changed:
        # Report the lines the entries have now, their new flag line included.
        written = {entry.msgctxt: entry for entry in catalogs.read_catalog(po_path) if not entry.obsolete}
        review = [msgspec.structs.replace(r, line=written[r.key].msgstr_line) for r in review]
    return ImportReport(
        po_path,
        file,
        counts["translated"],
        counts["fuzzy"],
        counts["unchanged"],
        counts["empty"],
        tuple(conflicts),
        overwrite,
        tuple(unknown),
        tuple(skipped),
        changed,
        tuple(review),
    )


# -- Writing -------------------------------------------------------------------


def _bcp47(lang: str) -> str:
    """Write a gettext locale code as XLIFF and TMX want it.

    >>> _bcp47("pt_BR")
    'pt-BR'
    """
    return lang.replace("_", "-")


def _original(entries: list[Entry], po_path: Path) -> str:
    """Name the seed the catalog translates: where most of its entries come from."""
    files = Counter(file for entry in entries for file, _ in entry.occurrences if not file.endswith(".toml"))
    return files.most_common(1)[0][0] if files else f"seeds/{po_path.stem}.txt"


def _to_xliff(entries: list[Entry], original: str, source_lang: str, target_lang: str) -> bytes:
    # The Translate Toolkit is typed only in part; its stores are Any here.
    store: Any = xliff.xlifffile(io.BytesIO(_XLIFF_SKELETON))
    filenode = next(store.document.getroot().iterchildren(store.namespaced("file")))
    filenode.set("original", original)
    filenode.set("source-language", source_lang)
    filenode.set("target-language", target_lang)
    for entry in entries:
        unit = store.UnitClass(entry.msgid)
        unit.setid(entry.msgctxt)
        unit.xmlelement.set("resname", entry.msgctxt)
        unit.settarget(entry.msgstr, lang=target_lang)
        _set_state(unit, entry)
        unit.addnote(entry.comment, origin="developer")
        unit.addnote(entry.tcomment, origin="translator")
        if "fuzzy" in entry.flags and entry.msgstr and entry.previous_msgid is not None:
            # As the Translate Toolkit's po2xliff writes `#| msgid`: the
            # source the translation was made for, and that translation.
            unit.addalttrans(entry.msgstr, origin="previous", lang=target_lang, sourcetxt=entry.previous_msgid)
            unit.addnote(f"The source text changed; the translation was made for: {entry.previous_msgid}", "toolkit")
        for file, line in entry.occurrences:
            # Unnamed: a context-group name must be unique in its <file>.
            group = etree.SubElement(unit.xmlelement, unit.namespaced("context-group"), purpose="location")
            for kind, text in [("sourcefile", file)] + ([("linenumber", line)] if line else []):
                etree.SubElement(group, unit.namespaced("context"), {"context-type": kind}).text = text
        store.addunit(unit)
    # Units are made in the Toolkit's XLIFF 1.1 namespace and moved into 1.2;
    # drop the declaration they leave behind.
    etree.cleanup_namespaces(store.document)
    return bytes(store)


def _set_state(unit: Any, entry: Entry) -> None:
    """Mark UNIT finished, fuzzy or untranslated so that other tools read it so.

    Finished is `approved="yes"` with `state="translated"`: the Translate
    Toolkit and Weblate read a unit without approval as fuzzy, and CAT tools
    (Trados, memoQ, OmegaT, Phrase) take `translated` as done. Fuzzy is
    `state="needs-translation"` with `state-qualifier="fuzzy-match"`, as the
    Translate Toolkit's po2xliff writes it: Weblate reads `needs-review-*` as
    translated, but this as needing edit, and the qualifier tells a CAT tool
    the target is a match to work on, not a translation.
    """
    target = unit.xmlelement.find(unit.namespaced("target"))
    unit.xmlelement.attrib.pop("approved", None)
    if not entry.msgstr:
        target.set("state", "new")
    elif "fuzzy" in entry.flags:
        target.set("state", "needs-translation")
        target.set("state-qualifier", "fuzzy-match")
    else:
        unit.xmlelement.set("approved", "yes")
        target.set("state", "translated")


def _to_tmx(entries: list[Entry], source_lang: str, target_lang: str) -> bytes:
    store: Any = tmx.tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    store.addheader()
    header = next(store.document.getroot().iterchildren(store.namespaced("header")))
    # Each unit is a whole block (a paragraph, heading, list item), the memory
    # was made from gettext PO catalogs, and its text is plain (TMX 1.4 spells
    # the types in lower case).
    header.set("creationtool", "toolkit")
    header.set("creationtoolversion", _version())
    header.set("segtype", "paragraph")
    header.set("o-tmf", "PO")
    header.set("datatype", "plaintext")
    for entry in entries:
        unit = store.addsourceunit(entry.msgid, source_lang)
        # Appended, not set: the Toolkit would replace the source's tuv when
        # both are in one language (an English edition of an English seed).
        unit.xmlelement.append(unit.createlanguageNode(target_lang, entry.msgstr, "target"))
        unit.xmlelement.set("tuid", entry.msgctxt)
        # The Translate Toolkit and Pootle read the key from this property.
        unit.setcontext(entry.msgctxt)
    return bytes(store)


def _version() -> str:
    """This toolkit's version, as installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("toolkit")
    except PackageNotFoundError:
        return "unknown"


# -- Reading -------------------------------------------------------------------


class Incoming(msgspec.Struct, frozen=True):
    """A translation coming into a catalog from elsewhere."""

    key: str
    """The segment key: the XLIFF id, the TMX tuid."""
    source: str
    """The source text it was made for."""
    target: str
    review: bool
    """The translation comes in to be reviewed (fuzzy)."""
    alias: str | None = None
    """Another name for the key: the XLIFF resname, the TMX x-context property."""
    flagged: bool = False
    """A reviewer asks for it (an XLIFF state): a finished entry of the same text becomes fuzzy too."""


def _read_units(file: Path, lang: str) -> tuple[list[Incoming], list[str]]:
    """Read the units of FILE whose target is in LANG, and messages about units skipped."""
    data = read_input(file, file, "file", "no such file; give an XLIFF or TMX file to import")
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as error:
        raise ToolkitError(f"not well-formed XML: {error.msg}; fix it or export it again", file, error.lineno) from None
    name, version = etree.QName(root).localname, root.get("version", "")
    if name == "xliff" and not version.startswith("2"):
        return _xliff_units(file, data, lang)
    if name == "tmx":
        return _tmx_units(file, data, lang)
    if name == "xliff":
        raise ToolkitError(
            f"XLIFF {version} is not supported; export XLIFF 1.2 from the CAT tool", file, root.sourceline
        )
    raise ToolkitError(f"root element <{name}> is neither <xliff> nor <tmx>", file, root.sourceline)


def _text(node: Any) -> tuple[str, bool]:
    """Return the text of a source, target or seg, and whether some of it could not be read.

    Inline codes (<ph>, <g>, <mrk>) give their text, which is how a token a tool
    protected comes back; <x/>, <bx/> and <ex/> have none, and an entity the
    parser did not expand (it expands none from outside) has none either.
    """
    lost = any(
        isinstance(child, etree._Entity)
        or (isinstance(child.tag, str) and etree.QName(child).localname in _EMPTY_CODES)
        for child in node.iterdescendants()
    )
    return "".join(node.itertext()), lost


def _xliff_units(file: Path, data: bytes, lang: str) -> tuple[list[Incoming], list[str]]:
    store: Any = xliff.xlifffile(io.BytesIO(data))
    for filenode in store.document.getroot().iterchildren(store.namespaced("file")):
        target_lang = filenode.get("target-language")
        if lang and target_lang and not same_language(target_lang, lang):
            raise ToolkitError(
                f"the file is a translation into {target_lang}, the catalog into {lang}; "
                "import it into that language's catalog",
                file,
                filenode.sourceline,
            )
    units: list[Incoming] = []
    skipped: list[str] = []
    for unit in store.units:
        element = unit.xmlelement
        key, alias = element.get("id") or element.get("resname"), element.get("resname")
        source, target = element.find(unit.namespaced("source")), element.find(unit.namespaced("target"))
        if key is None or source is None:
            skipped.append(f"line {element.sourceline}: trans-unit without id or source; ignored")
            continue
        if target is None:
            units.append(Incoming(key, "", "", False, alias))
            continue
        source_text, _ = _text(source)
        target_text, lost = _text(target)
        if lost:
            skipped.append(
                f"line {target.sourceline}: {key!r} holds an inline code with no text "
                "(<x/>, <bx/> or <ex/>) or an entity, where a [^n] token may have been; ignored"
            )
            continue
        unsure = target.get("state-qualifier") in _UNSURE_QUALIFIERS and element.get("approved") != "yes"
        review = target.get("state") not in _DONE_STATES or unsure
        units.append(Incoming(key, source_text, target_text, review, alias, flagged=review))
    return units, skipped


def _tmx_units(file: Path, data: bytes, lang: str) -> tuple[list[Incoming], list[str]]:
    store: Any = tmx.tmxfile(io.BytesIO(data))
    header = store.document.getroot().find(store.namespaced("header"))
    default_source = header.get("srclang") if header is not None else None
    units: list[Incoming] = []
    skipped: list[str] = []
    languages: set[str] = set()
    found_target = False
    for unit in store.units:
        element = unit.xmlelement
        key, alias = element.get("tuid") or unit.getcontext(), unit.getcontext() or None
        if not key:
            skipped.append(f"line {element.sourceline}: tu without tuid; ignored")
            continue
        source_lang = element.get("srclang") or default_source or ""
        tuvs: list[tuple[str, tuple[str, bool]]] = []
        for tuv in unit.getlanguageNodes():
            tag = tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang") or ""
            seg = tuv.find(unit.namespaced("seg"))
            tuvs.append((tag, ("", False) if seg is None else _text(seg)))
            languages.add(tag)
        at = next((i for i, (tag, _) in enumerate(tuvs) if tag.lower() == source_lang.lower()), None)
        source = None if at is None else tuvs[at][1]
        # The source's own tuv is no translation (a memory from en is none into en);
        # an exact tag first (es-MX for es_MX), then any region of the language.
        others = [(tag, text) for i, (tag, text) in enumerate(tuvs) if i != at]
        target = next((text for tag, text in others if tag.lower() == _bcp47(lang).lower()), None) or next(
            (text for tag, text in others if same_language(tag, lang) and tag.lower() != source_lang.lower()), None
        )
        if target is None:
            units.append(Incoming(key, "", "", False, alias))
            continue
        found_target = True
        if source is None:
            skipped.append(
                f"line {element.sourceline}: {key!r} has no tuv in the source language "
                f"{source_lang or '(no srclang)'}; ignored"
            )
            continue
        if source[1] or target[1]:
            skipped.append(
                f"line {element.sourceline}: {key!r} holds an inline code with no text or an entity; ignored"
            )
            continue
        units.append(Incoming(key, source[0], target[0], False, alias))
    if store.units and not found_target:
        found = ", ".join(sorted(languages)) or "none"
        raise ToolkitError(
            f"no translation into {lang} (languages found: {found}); import it into that language's catalog", file
        )
    return units, skipped


# -- Applying ------------------------------------------------------------------


def _take(entry: Entry, unit: Incoming, fuzzy: bool, moved: bool) -> Entry:
    """ENTRY with the translation of UNIT, fuzzy or finished."""
    flags = tuple(flag for flag in entry.flags if flag != "fuzzy")
    # Made for another source text: say which, as msgmerge --previous does.
    previous = (entry.msgctxt, unit.source) if moved else (None, None)
    return msgspec.structs.replace(
        entry,
        msgstr=unit.target,
        flags=("fuzzy", *flags) if fuzzy else flags,
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
    )
