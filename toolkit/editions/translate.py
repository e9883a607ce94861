"""Apply a catalog to a Document: the translated Document an edition is made from.

A translation replaces the content of its segment only when it is usable:
translated, not fuzzy, and carrying the same footnote tokens in the same
order as the source, so that note n keeps its number in every language.
Everything else falls back to the source text and is counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import msgspec

from toolkit.document.inline import address_problem, placeholder_problem, read_translation, token_problem
from toolkit.document.model import (
    UNSAFE_CHARS,
    Addressee,
    Document,
    Note,
    Segment,
    SignatoryGroup,
    map_block,
)
from toolkit.errors import ToolkitError
from toolkit.wording import counted


class TranslationReport(msgspec.Struct, frozen=True):
    """How much of a document a catalog translated, and what was refused."""

    lang: str
    catalog: str
    """The catalog file, as messages name it."""
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    token_problems: tuple[str, ...] = ()
    """One warning per segment whose translation was refused for its note tokens."""
    stripped: tuple[str, ...] = ()
    """One warning per translation printed without its control or bidi override characters."""

    def fallback_causes(self, *, zeros: bool = False) -> list[str]:
        """Why segments print their source text, one phrase per cause; none when `--strict` accepts the catalog.

        ZEROS keeps the causes no segment has, for a line that accounts for
        every fallback.

        >>> TranslationReport("es", "es.po", total=3, untranslated=1, token_problems=("…",)).fallback_causes()
        ['1 untranslated', '1 with token or placeholder problems']
        """
        causes = (
            (self.untranslated, "untranslated"),
            (self.fuzzy, "fuzzy"),
            (len(self.token_problems), "with token or placeholder problems"),
        )
        return [f"{count} {cause}" for count, cause in causes if count or zeros]


def fallback_warning(lang: str, reports: Sequence[TranslationReport]) -> str | None:
    """One line counting the segments of LANG (in all its REPORTS) that print their source text, or None.

    >>> fallback_warning("fr", [TranslationReport("fr", "fr.po", total=1, fuzzy=1)])
    'fr: warning: 1 of 1 segment uses the source text (0 untranslated, 1 fuzzy, 0 with token or placeholder problems)'
    """
    combined = TranslationReport(
        lang,
        "",
        total=sum(r.total for r in reports),
        translated=sum(r.translated for r in reports),
        fuzzy=sum(r.fuzzy for r in reports),
        untranslated=sum(r.untranslated for r in reports),
        token_problems=tuple(problem for r in reports for problem in r.token_problems),
    )
    fallback = combined.total - combined.translated
    if not fallback:
        return None
    verb = "uses" if fallback == 1 else "use"
    causes = ", ".join(combined.fallback_causes(zeros=True))
    return f"{lang}: warning: {fallback} of {counted(combined.total, 'segment')} {verb} the source text ({causes})"


def apply_translations(
    document: Document, translations: Mapping[str, tuple[str, bool]], lang: str, catalog: str = ""
) -> tuple[Document, TranslationReport]:
    """Return DOCUMENT with each segment translated from TRANSLATIONS.

    Args:
        translations: segment key (msgctxt) -> (msgstr, is_fuzzy), as
            `catalogs.translations` reads it.
        catalog: the catalog's path, for warnings.
    """
    name = catalog or f"{lang} catalog"
    counts = Counter[str]()
    problems: list[str] = []
    stripped: list[str] = []
    source = _source_tag(document, lang)

    def fall_back(segment: Segment) -> Segment:
        # The source's words keep their language: a screen reader speaks
        # them as such, and a right-to-left edition sets them left to right.
        # A default label is English whatever the source's language.
        return msgspec.structs.replace(segment, lang=segment.lang or source) if source else segment

    def translate(segment: Segment) -> Segment:
        counts["total"] += 1
        text, fuzzy = translations.get(segment.key, ("", False))
        if not text.strip() and not source:
            # A catalog of the seed's own language corrects it: what it leaves
            # empty prints the seed's words, this edition's own, no fallback.
            counts["translated"] += 1
            return segment
        if not text.strip():
            counts["untranslated"] += 1
            return fall_back(segment)
        if fuzzy:
            counts["fuzzy"] += 1
            return fall_back(segment)
        problem = (
            token_problem(segment.text, text)
            or placeholder_problem(segment.text, text)
            or address_problem(segment.text, text)
        )
        if problem:
            problems.append(f"{name}: warning: {segment.key}: {problem}; the source text is used")
            return fall_back(segment)
        counts["translated"] += 1
        # Invisible controls and bidi overrides would reorder what readers
        # see or break an edition's XML; the text is printed without them.
        found = UNSAFE_CHARS.findall(text)
        if found:
            codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
            stripped.append(f"{name}: warning: {segment.key}: removed invisible control or bidi characters {codes}")
            text = UNSAFE_CHARS.sub("", text)
        return msgspec.structs.replace(segment, content=read_translation(text, segment.content), lang="")

    translated = _map_segments(document, translate)
    # Not a segment: a line one language's editions add and another leaves out.
    translated = msgspec.structs.replace(
        translated, addressees_end=dict(document.metadata.addressees_end).get(lang, "")
    )
    report = TranslationReport(
        lang=lang,
        catalog=name,
        total=counts["total"],
        translated=counts["translated"],
        fuzzy=counts["fuzzy"],
        untranslated=counts["untranslated"],
        token_problems=tuple(problems),
        stripped=tuple(stripped),
    )
    return translated, report


def _source_tag(document: Document, lang: str) -> str:
    """The tag of DOCUMENT's own language, for the segments an edition in LANG prints untranslated; '' if the same."""
    from toolkit.locales import lang_tag, same_language

    source = document.metadata.source_lang
    if same_language(source, lang):
        return ""
    return lang_tag(source, dict(document.metadata.regions).get(source))


def check_strict(report: TranslationReport) -> None:
    """Refuse a catalog that is incomplete, fuzzy or has token problems.

    Raises:
        ToolkitError: naming the catalog, what is wrong, and the first token problem.
    """
    problems = report.fallback_causes()
    if problems:
        detail = f"; first: {report.token_problems[0].split(': warning: ', 1)[-1]}" if report.token_problems else ""
        raise ToolkitError(
            f"--strict: {report.lang} is not ready to publish: "
            f"of {counted(report.total, 'segment')}, {', '.join(problems)}{detail}",
            report.catalog,
        )


def _map_segments(document: Document, translate: Callable[[Segment], Segment]) -> Document:
    """Rebuild DOCUMENT with every segment passed through TRANSLATE, in reading order."""

    def optional(segment: Segment | None) -> Segment | None:
        return translate(segment) if segment is not None else None

    return msgspec.structs.replace(
        document,
        title=optional(document.title),
        subtitle=optional(document.subtitle),
        creator=optional(document.creator),
        publisher=optional(document.publisher),
        description=optional(document.description),
        labels=tuple(translate(s) for s in document.labels),
        credit=optional(document.credit),
        editor_note=tuple(translate(s) for s in document.editor_note),
        addressees=tuple(Addressee(translate(a.name), translate(a.role)) for a in document.addressees),
        body=tuple(map_block(b, translate) for b in document.body),
        closing=tuple(msgspec.structs.replace(b, segment=translate(b.segment)) for b in document.closing),
        signatories=tuple(
            SignatoryGroup(optional(g.heading), tuple(translate(s) for s in g.organisations))
            for g in document.signatories
        ),
        notes=tuple(Note(n.number, tuple(translate(s) for s in n.paragraphs), n.line) for n in document.notes),
    )


__all__ = ["TranslationReport", "apply_translations", "check_strict", "fallback_warning"]
