"""Segments <-> gettext catalogs: write the POT, create, merge and read PO files.

The catalogs are `pofile`'s `Catalog` and `Entry` values; with it, the
only module that touches babel.messages (for a new catalog's plural forms).
"""

from __future__ import annotations

import os
import re
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from toolkit.catalogs.pofile import (
    Catalog,
    Entry,
    check_syntax,
    format_catalog,
    parse_catalog,
    parse_gnu_catalog,
    parse_references,
)
from toolkit.document.model import NOTE_TOKEN, Segment, word_count
from toolkit.epoch import source_date_epoch
from toolkit.errors import ToolkitError
from toolkit.files import decode_utf8, read_input, write_if_changed

FUZZY_THRESHOLD = 0.7
"""Smallest difflib ratio for a fuzzy match between msgids."""

MAX_FUZZY_CANDIDATES = 32
"""How many old entries, nearest in length, a new key is compared with."""

MAX_FULL_COMPARISONS = 3
"""How many of those, the likeliest first, get the costly full difflib ratio."""

_TEMPLATE_COMMENT = (
    "SOME DESCRIPTIVE TITLE.\n"
    "Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
    "This file is distributed under the same license as the PACKAGE package.\n"
    "FIRST AUTHOR <EMAIL@ADDRESS>, YEAR."
)
_DATE_FIELD = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


# -- The template --------------------------------------------------------------


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(source_date_epoch()))


def _template(segments: Sequence[Segment], domain: str, date: str) -> Catalog:
    metadata = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    entries = (
        Entry(
            msgctxt=segment.key,
            msgid=segment.text,
            comment=segment.comment,
            # As they read back (a path with a space is two references),
            # so this template merges as the file written from it would.
            occurrences=tuple(parse_references(f"{segment.source}:{segment.line}")) if segment.source else (),
        )
        for segment in segments
    )
    return Catalog(tuple(entries), metadata, _TEMPLATE_COMMENT, ("fuzzy",))


def make_template(segments: Sequence[Segment], path: Path, domain: str) -> tuple[bytes | None, Catalog]:
    """The bytes of the template of SEGMENTS for PATH (None when PATH holds them already), and the template.

    POT-Creation-Date comes from SOURCE_DATE_EPOCH when it is set; otherwise
    an unchanged template keeps the date it has, so the file is not touched.
    """
    if source_date_epoch() is None and path.exists():
        found = _DATE_FIELD.search(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            template = _template(segments, domain, found.group(1))
            if format_catalog(template) == path.read_bytes():
                return None, template
    template = _template(segments, domain, _now())
    data = format_catalog(template)
    return (None if _holds(path, data) else data), template


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


# -- Reading, with errors that name the file and line --------------------------

_POLIB_LINE = re.compile(r"line (\d+)")


def _missing(path: Path) -> str:
    if path.suffix == ".pot":
        return "no such template; run `toolkit extract`"
    lang = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else "xx"
    return f"no such catalog; run `toolkit init --lang {lang}`"


def _read_any_layout(text: str, path: Path) -> Catalog:
    check_syntax(text, path)
    try:
        return parse_catalog(text)
    except ValueError as error:
        found = _POLIB_LINE.search(str(error))
        detail = str(error)[found.end() :].strip(" ):") if found else str(error)
        message = "syntax error" + (f": {detail}" if detail else "") + "; see `msgfmt --check`"
        raise ToolkitError(message, path, int(found.group(1)) if found else None) from None


def read_catalog(path: Path) -> Catalog:
    """Read the catalog or template at PATH, refusing malformed input.

    Raises:
        ToolkitError: the file is missing, is not UTF-8, is not valid PO
            syntax, or defines the same msgctxt and msgid twice. When PATH
            is a link to another file, the error gives the line but not its
            text: a catalog linked to /etc/passwd must not print it.
    """
    try:
        return _read_catalog(path)
    except ToolkitError as error:
        target = os.path.realpath(path)
        if error.line is None or target == os.path.abspath(path):
            raise
        raise ToolkitError(
            f"not a catalog GNU gettext reads (see `msgfmt --check`); it is a link to {target}, "
            "whose lines are not shown",
            error.path,
            error.line,
        ) from None


def _to_utf8(data: bytes) -> str:
    """How to make the catalog DATA, which is not UTF-8, UTF-8: by the charset its header declares, if another."""
    charset = re.search(rb"charset=([\w.:-]+)", data[:4096])
    declared = charset.group(1).decode("ascii") if charset else "UTF-8"
    if declared.upper().replace("-", "") == "UTF8":
        return "save the file as UTF-8"
    return f"its header declares {declared}: convert it with `msgconv -t UTF-8`"


def _read_catalog(path: Path) -> Catalog:
    data = read_input(path, path, "catalog", _missing(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = decode_utf8(data, path, "not UTF-8 (byte 0x{byte}); " + _to_utf8(data))  # raises, at its line
    # Most catalogs are laid out as GNU tools write them, and read quickest so.
    catalog = parse_gnu_catalog(text)
    if catalog is None:
        catalog = _read_any_layout(text, path)
    if not catalog.metadata:
        # Without a header nothing says the file is UTF-8 or in which language.
        raise ToolkitError(
            'no header; a catalog starts with msgid "" and a msgstr holding Content-Type and Language (see `msginit`)',
            path,
            1,
        )
    seen: set[tuple[str | None, str, bool]] = set()
    for entry in catalog:
        ident = (entry.msgctxt, entry.msgid, entry.obsolete)
        if ident in seen:
            raise ToolkitError(f"duplicate entry for msgctxt {entry.msgctxt!r}; remove one of them", path, entry.line)
        seen.add(ident)
    return catalog


def write_catalog(catalog: Catalog, path: Path) -> bool:
    """Write CATALOG to PATH as GNU gettext would, atomically; return whether the file changed.

    A catalog read with `read_catalog` and written back unchanged is byte-identical.
    """
    return write_if_changed(path, format_catalog(catalog))


class CatalogEntry(msgspec.Struct, frozen=True):
    """One active entry of a catalog, as the checks see it."""

    key: str | None
    """The msgctxt."""
    source: str
    translation: str
    fuzzy: bool
    line: int
    """Line of the `msgstr` keyword, for messages."""
    comment: str = ""
    """The translator comment (`# ...`)."""


def read_entries(path: Path) -> tuple[dict[str, str], list[CatalogEntry]]:
    """Read the header fields and the active (not obsolete) entries of the catalog at PATH.

    Raises:
        ToolkitError: as `read_catalog`.
    """
    catalog = read_catalog(path)
    entries = [
        CatalogEntry(entry.msgctxt, entry.msgid, entry.translation, entry.fuzzy, entry.msgstr_line, entry.tcomment)
        for entry in catalog
        if not entry.obsolete
    ]
    return dict(catalog.metadata), entries


# -- Catalogs per language -----------------------------------------------------


def init_catalog(template_path: Path, lang: str, path: Path) -> None:
    """Create the catalog for LANG at PATH from the template, with a full header.

    Raises:
        ToolkitError: the catalog exists already, or LANG is unknown to Babel.
    """
    if path.exists():
        raise ToolkitError("catalog exists already; use `toolkit update` to refresh it", path)
    write_if_changed(path, new_catalog(read_catalog(template_path), lang, path))


def new_catalog(template: Catalog, lang: str, path: Path) -> bytes:
    """The catalog for LANG that `init_catalog` writes at PATH from TEMPLATE.

    Raises:
        ToolkitError: LANG is unknown to Babel.
    """
    # Babel is needed here alone; imported here, the other verbs start quicker.
    from babel.messages.plurals import get_plural

    from toolkit.locales import parse_lang

    locale = parse_lang(lang)
    meta = template.metadata
    domain = meta.get("Project-Id-Version", path.stem)
    header = (
        f"{locale.english_name} translation of {domain}.\nThis file is distributed under the same license as {domain}."
    )
    metadata = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": meta.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": meta.get("POT-Creation-Date", _now()),
        "PO-Revision-Date": meta.get("POT-Creation-Date", _now()),
        "Last-Translator": "",
        "Language-Team": locale.english_name or lang,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": str(get_plural(lang)),
    }
    catalog = Catalog(tuple(entry for entry in template if not entry.obsolete), metadata, header)
    return format_catalog(catalog)


class UpdateReport(msgspec.Struct, frozen=True):
    """What merging the template into one catalog did."""

    path: Path
    kept: int
    """Entries whose key and msgid are unchanged."""
    fuzzied: int
    """Translations kept but marked fuzzy: changed msgid, or taken from a similar entry."""
    added: int
    """New keys left untranslated."""
    obsoleted: int
    """Translated entries whose key left the template (kept as `#~`)."""
    revived: int
    """Obsolete entries whose key came back."""
    changed: bool
    """Whether the file was rewritten."""

    def summary(self) -> str:
        """Describe the update in one line."""
        return (
            f"{self.kept} kept, {self.fuzzied} newly fuzzy, {self.added} new, "
            f"{self.obsoleted} obsolete, {self.revived} revived" + ("" if self.changed else " (unchanged)")
        )


class _Candidates:
    """Translated entries a new key may take its translation from, by key prefix."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        # Per prefix, entries sorted by msgid length, so a lookup only visits
        # the few nearest in length: the search stays bounded on big catalogs.
        groups: dict[str, list[tuple[int, int, Entry]]] = {}
        for order, entry in enumerate(entries):
            if entry.translation:
                groups.setdefault(_prefix(entry.msgctxt), []).append((len(entry.msgid), order, entry))
        self._groups = {prefix: sorted(group, key=lambda item: item[:2]) for prefix, group in groups.items()}
        self._lengths = {prefix: [item[0] for item in group] for prefix, group in self._groups.items()}
        self._orders = {prefix: [item[:2] for item in group] for prefix, group in self._groups.items()}
        self._exact: dict[tuple[str, str], list[tuple[int, int, Entry]]] = {}
        for prefix, group in self._groups.items():
            for item in sorted(group, key=lambda item: item[1]):
                self._exact.setdefault((prefix, item[2].msgid), []).append(item)
        self._used: set[int] = set()

    def take(self, key: str, msgid: str) -> Entry | None:
        """Remove and return the most similar entry, if similar enough."""
        prefix = _prefix(key)
        group, lengths = self._groups.get(prefix, []), self._lengths.get(prefix, [])
        size = len(msgid)
        same = self._exact.get((prefix, msgid))
        if same:
            # A moved segment: nothing to compare.
            return self._remove(prefix, same[0])
        # The same words in another role (a paragraph made a list item, a heading the title): still theirs.
        other = next((p for p in sorted(self._groups) if p != prefix and self._exact.get((p, msgid))), None)
        if other is not None:
            return self._remove(other, self._exact[(other, msgid)][0])
        # ratio <= 2*min/(a+b): lengths outside [low, high] cannot reach the threshold.
        low = size * FUZZY_THRESHOLD / (2 - FUZZY_THRESHOLD)
        high = size * (2 - FUZZY_THRESHOLD) / FUZZY_THRESHOLD
        below, above = bisect_left(lengths, size) - 1, bisect_left(lengths, size)
        nearest: list[int] = []
        while len(nearest) < MAX_FUZZY_CANDIDATES:
            down = below >= 0 and lengths[below] >= low
            up = above < len(lengths) and lengths[above] <= high
            if not (down or up):
                break
            if down and (not up or size - lengths[below] <= lengths[above] - size):
                nearest.append(below)
                below -= 1
            else:
                nearest.append(above)
                above += 1
        import difflib  # here, not at the top: building and checking never match fuzzily

        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(msgid)
        # quick_ratio bounds ratio from above: rank by it, then pay for
        # the full ratio only for the few most promising.
        ranked: list[tuple[float, int, int]] = []
        for index in nearest:
            matcher.set_seq1(group[index][2].msgid)
            if (quick := matcher.quick_ratio()) >= FUZZY_THRESHOLD:
                ranked.append((-quick, group[index][1], index))
        best: tuple[float, int, int] | None = None
        for _, order, index in sorted(ranked)[:MAX_FULL_COMPARISONS]:
            matcher.set_seq1(group[index][2].msgid)
            ratio = matcher.ratio()
            if ratio >= FUZZY_THRESHOLD and (best is None or (ratio, -order) > (best[0], -best[1])):
                best = (ratio, order, index)
        if best is None:
            return None
        return self._remove(prefix, group[best[2]])

    def _remove(self, prefix: str, item: tuple[int, int, Entry]) -> Entry:
        index = bisect_left(self._orders[prefix], item[:2])
        for table in (self._groups, self._lengths, self._orders):
            del table[prefix][index]
        self._exact[(prefix, item[2].msgid)].remove(item)
        self._used.add(id(item[2]))
        return item[2]

    def used(self, entry: Entry) -> bool:
        """Tell whether ENTRY's translation went to a new key."""
        return id(entry) in self._used


def _prefix(key: str | None) -> str:
    return (key or "").split(":", 1)[0]


def _carry(old: Entry, new: Entry, *, matched: bool = False) -> Entry:
    """Return NEW with OLD's translation, flags, translator comment and previous msgid.

    MATCHED says OLD is another key's entry with similar words, which makes
    the result fuzzy. A translation moves between a plural and a singular
    entry by its first form, and is then fuzzy.
    """
    reshaped = bool(old.msgid_plural) != bool(new.msgid_plural)
    numbers = renumbering(old.msgid, new.msgid)
    msgstr, forms = renumbered(old.msgstr, numbers), tuple(renumbered(form, numbers) for form in old.msgstr_plural)
    if reshaped:
        msgstr = renumbered(old.translation, numbers)
        forms = (msgstr, *([""] * (max(len(new.msgstr_plural), 2) - 1))) if new.msgid_plural else ()
    # Only the notes' numbers changed (a note inserted or lost before it): the renumbered translation is right.
    changed = old.msgid != new.msgid and renumbered(old.msgid, numbers) != new.msgid
    to_review = (matched or changed or reshaped) and bool(old.translation)
    flags = _fuzzy(old.flags) if to_review else old.flags
    previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    if to_review and "fuzzy" not in old.flags:
        # Made fuzzy now, as msgmerge --previous does: the source the translation was
        # made for (with the old msgctxt, though it is the key). An entry fuzzy already
        # keeps the one it names, or none; a finished one keeps what its tool left.
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    if previous[1] is not None:  # numbered as the translation is, so that it differs from the msgid by words alone
        previous = (previous[0], renumbered(previous[1], numbers), previous[2])
    return msgspec.structs.replace(
        new,
        msgstr=msgstr if not new.msgid_plural else "",
        msgstr_plural=forms,
        tcomment=old.tcomment,
        flags=flags,
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
    )


def renumbering(old: str, new: str) -> dict[str, str]:
    """The note numbers of OLD mapped to NEW's, when both call as many notes (in reading order), else none.

    >>> renumbering("A[^3] b[^4].", "A[^4] b[^5] c."), renumbering("A[^3].", "A[^4] b[^5].")
    ({'3': '4', '4': '5'}, {})
    """
    before, after = NOTE_TOKEN.findall(old), NOTE_TOKEN.findall(new)
    return dict(zip(before, after, strict=True)) if len(before) == len(after) and before != after else {}


def renumbered(text: str, numbers: dict[str, str]) -> str:
    """TEXT with its note tokens renumbered by NUMBERS (all at once: 3->4 and 4->5 do not chain).

    >>> renumbered("B[^4] y A[^3].", {"3": "4", "4": "5"})
    'B[^5] y A[^4].'
    """
    if not numbers:
        return text
    return NOTE_TOKEN.sub(lambda m: f"[^{numbers.get(m.group(1), m.group(1))}]", text)


def _fuzzy(flags: tuple[str, ...]) -> tuple[str, ...]:
    """FLAGS with `fuzzy` first.

    >>> _fuzzy(("no-wrap",)), _fuzzy(("no-wrap", "fuzzy"))
    (('fuzzy', 'no-wrap'), ('fuzzy', 'no-wrap'))
    """
    return ("fuzzy", *(flag for flag in flags if flag != "fuzzy"))


def merge_catalog(template: Path | Catalog, path: Path) -> tuple[bytes | None, UpdateReport]:
    """Merge TEMPLATE into the catalog at PATH, matching entries by key (msgctxt); write nothing.

    Return the catalog's new bytes (None when PATH holds them already) and the report.
    Like `msgmerge --previous`: a changed msgid keeps its translation as fuzzy,
    a key that leaves the template keeps its translation as obsolete, and a new
    key may take the translation of a similar old entry, as fuzzy.

    Every translation of the catalog survives: taken by the template entry
    of its key (same msgid first, fuzzy when the msgid changed), or by a new
    key as a fuzzy match, or else kept as obsolete, which the report counts.
    """
    if isinstance(template, Path):
        template = read_catalog(template)
    catalog = read_catalog(path)
    news = [entry for entry in template if not entry.obsolete]
    # Live entries before obsolete ones, each group in file order.
    olds = [entry for entry in catalog if not entry.obsolete] + [entry for entry in catalog if entry.obsolete]
    claimed = _claim(news, olds)
    taken = {id(old) for old in claimed.values()}
    wanted = {entry.msgctxt for entry in news}
    candidates = _Candidates(
        old for old in olds if id(old) not in taken and old.msgctxt not in wanted and not old.msgid_plural
    )
    counts: Counter[str] = Counter()
    merged: list[Entry] = []
    for index, new in enumerate(news):
        entry, outcomes = _merge_entry(new, claimed.get(index), candidates)
        merged.append(entry)
        counts.update(outcomes)
    # Nothing translated is lost: what no key claims stays, obsolete, at the end.
    left = [old for old in olds if id(old) not in taken and not candidates.used(old)]
    gone = [
        msgspec.structs.replace(old, obsolete=True, occurrences=(), comment="")
        for old in left
        if not old.obsolete and old.translation
    ]
    stale = [old for old in left if old.obsolete]
    metadata = dict(catalog.metadata)
    if "POT-Creation-Date" in template.metadata:
        metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    data = format_catalog(msgspec.structs.replace(catalog, entries=(*merged, *gone, *stale), metadata=metadata))
    changed = not _holds(path, data)
    report = UpdateReport(
        path, counts["kept"], counts["fuzzied"], counts["added"], len(gone), counts["revived"], changed
    )
    return (data if changed else None), report


def _merge_entry(new: Entry, old: Entry | None, candidates: _Candidates) -> tuple[Entry, tuple[str, ...]]:
    """The merged entry for the template entry NEW, and what befell it (as `UpdateReport` counts).

    OLD is the entry its key claimed, if any; else it may take a similar
    entry from CANDIDATES, as fuzzy; else it comes untranslated.
    """
    if old is not None:
        moved = old.msgctxt != new.msgctxt
        entry = _carry(old, new, matched=moved)
        revived = ("revived",) if old.obsolete else ()
        reshaped = bool(old.msgid_plural) != bool(new.msgid_plural)
        if entry.translation and "fuzzy" in entry.flags and (old.msgid != new.msgid or reshaped or moved):
            return entry, (*revived, "fuzzied")
        return entry, revived or ("kept",)
    if not new.msgid_plural and (similar := candidates.take(new.msgctxt or "", new.msgid)) is not None:
        return _carry(similar, new, matched=True), ("fuzzied",)
    # The template's entry as it is: no translation, no flags.
    return msgspec.structs.replace(new, msgstr="", msgstr_plural=("",) * len(new.msgstr_plural)), ("added",)


def _claim(news: list[Entry], olds: list[Entry]) -> dict[int, Entry]:
    """Which old entry each template entry (by index in NEWS) carries on, matched by its key.

    First the entry with the same msgctxt and msgid; then, for a template
    entry none has, one of its role with the same msgid under another key
    (a key numbered by position, `note:3` or `paragraph:yes-2`, that moved
    when a note or a like paragraph was inserted before it); then one with
    the same msgctxt: translated before untranslated, live before obsolete,
    and plural only with plural.
    """
    exact: dict[tuple[str | None, str], list[Entry]] = {}
    moved: dict[tuple[str, str], list[Entry]] = {}
    keyed: dict[str, list[Entry]] = {}
    for old in olds:
        exact.setdefault((old.msgctxt, old.msgid), []).append(old)
        if old.msgctxt is not None:
            keyed.setdefault(old.msgctxt, []).append(old)
            if old.translation:
                moved.setdefault((_prefix(old.msgctxt), old.msgid), []).append(old)
    for group in keyed.values():
        group.sort(key=lambda old: not old.translation)  # stable: live before obsolete stays
    claimed: dict[int, Entry] = {}
    taken: set[int] = set()
    for pass_ in ("exact", "moved", "keyed"):
        for index, new in enumerate(news):
            if index in claimed:
                continue
            if pass_ == "exact":
                found = exact.get((new.msgctxt, new.msgid), [])
            elif pass_ == "moved":
                found = moved.get((_prefix(new.msgctxt), new.msgid), []) if new.msgctxt is not None else []
            else:
                found = keyed.get(new.msgctxt or "", [])
            for old in found:
                # The same msgid carries over, plural or not; another only to an entry of its shape.
                if id(old) not in taken and (pass_ == "exact" or bool(old.msgid_plural) == bool(new.msgid_plural)):
                    claimed[index] = old
                    taken.add(id(old))
                    break
    return claimed


# -- What the rest of the toolkit reads ----------------------------------------


class CatalogStats(msgspec.Struct, frozen=True):
    """How much of a catalog is translated, in entries and in source words."""

    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int

    @property
    def total(self) -> int:
        """Entries in the catalog, obsolete ones excluded."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent_translated(self) -> float:
        """Share of entries translated and not fuzzy, 0–100 (0 for an empty catalog)."""
        return 100.0 * self.translated / self.total if self.total else 0.0


def catalog_stats(path: Path) -> CatalogStats:
    """Count translated, fuzzy and untranslated entries (and their words) at PATH."""
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for entry in read_catalog(path):
        if entry.obsolete:
            continue
        state = "untranslated" if not entry.translation else "fuzzy" if entry.fuzzy else "translated"
        counts[state][0] += 1
        counts[state][1] += word_count(entry.msgid)
    return CatalogStats(
        counts["translated"][0],
        counts["fuzzy"][0],
        counts["untranslated"][0],
        counts["translated"][1],
        counts["fuzzy"][1],
        counts["untranslated"][1],
    )


def translations(path: Path) -> dict[str, tuple[str, bool]]:
    """Map each key (msgctxt) at PATH to its translation and whether it is fuzzy."""
    return {
        entry.msgctxt: (entry.msgstr, entry.fuzzy)
        for entry in read_catalog(path)
        if not entry.obsolete and entry.msgctxt is not None
    }
