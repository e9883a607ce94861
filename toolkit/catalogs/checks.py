"""Quality checks on translations: what would damage an edition, found before it is made.

Each check is a plain function of the source and its translation (or of the
catalog header) that returns problems, in the manner of babel's
`checkers.py`. `check_catalog` runs them all on one catalog and returns
findings that print as `path:line: severity: [check-id] message`, the form
editors and CI read. The footnote token check is `translate.token_problem`,
the very function the build uses to refuse a translation.

Final punctuation and surrounding whitespace are compared by the Translate
Toolkit (`pofilter`'s `endpunc`, `startwhitespace` and `endwhitespace`),
which knows each language's punctuation (`。` ends a Chinese sentence, `؟`
an Arabic question); this is the only module that imports it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.catalogs import store as catalogs
from toolkit.document.model import NOTE_TOKEN, UNSAFE_CHARS
from toolkit.editions.translate import token_problem


class Severity(Enum):
    """How bad a finding is: an error fails `toolkit check` and `build --strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a catalog."""

    path: str
    """The catalog, as messages show it."""
    line: int
    severity: Severity
    check: str
    """The check's id, such as `footnote-token`."""
    message: str
    key: str | None = None
    """The entry's msgctxt; None for the header."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity.value}: [{self.check}] {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity.value,
            "check": self.check,
            "message": self.message,
            "key": self.key,
        }


CHECKS: dict[str, tuple[Severity, str]] = {
    "footnote-token": (Severity.ERROR, "a [^n] token missing, doubled, added, altered or moved out of order"),
    "control-char": (Severity.ERROR, "control characters or bidirectional overrides (U+202A-U+202E, U+2066-U+2069)"),
    "header-language": (Severity.ERROR, "Language missing, or another language than the catalog's folder"),
    "header-charset": (Severity.ERROR, "Content-Type does not declare charset=UTF-8"),
    "header-plural-forms": (Severity.WARNING, "no Plural-Forms"),
    "number": (Severity.WARNING, "a number of the source missing from the translation"),
    "brackets": (Severity.WARNING, "unbalanced parentheses, brackets or braces"),
    "quotes": (Severity.WARNING, "unbalanced quotation marks"),
    "whitespace": (Severity.WARNING, "leading or trailing whitespace differs from the source"),
    "end-punctuation": (Severity.WARNING, "final punctuation differs from the source"),
    "markup": (Severity.WARNING, "HTML, Markdown, Typst, LaTeX or Pandoc markup the source lacks (printed as text)"),
    "untranslated": (Severity.ERROR, "no translation (reported only under --strict)"),
    "fuzzy": (Severity.ERROR, "marked fuzzy (reported only under --strict)"),
}
"""Every check: id -> (severity, what it finds). The README lists the same."""


# -- Checks of one entry: (source, translation, lang) -> messages ---------------

Check = Callable[[str, str, str], list[str]]


def check_tokens(source: str, translation: str, lang: str) -> list[str]:
    """The build's own token check: the tokens of SOURCE, each once, in order.

    >>> check_tokens("a[^7] b", "x b", "es")
    ['note token lost: [^7]']
    """
    problem = token_problem(source, translation)
    return [problem] if problem else []


def _codepoints(chars: list[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in dict.fromkeys(chars))


def check_control_chars(source: str, translation: str, lang: str) -> list[str]:
    """Invisible control and bidi override characters, which no edition prints.

    >>> check_control_chars("a", "a\\u202eb", "es")
    ['invisible character U+202E RIGHT-TO-LEFT OVERRIDE; remove it (the build strips it)']
    """
    found = UNSAFE_CHARS.findall(translation)
    if not found:
        return []
    plural = "s" if len(set(found)) > 1 else ""
    return [
        f"invisible character{plural} {_codepoints(found)}; remove {'them' if plural else 'it'} "
        f"(the build strips {'them' if plural else 'it'})"
    ]


# A number: digits with optional thousands separators and decimals, which
# languages write differently (1,000.5 / 1.000,5 / 1 000,5), so only the
# digits are compared.
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d{3})*(?:[.,]\d+)?")


def _find_numbers(text: str) -> list[str]:
    # The digits of a [^n] token are not a number.
    return _NUMBER.findall(NOTE_TOKEN.sub(" ", text) if "[^" in text else text)


def _digits(numbers: list[str]) -> Counter[str]:
    return Counter(n if n.isdigit() else re.sub(r"\D", "", n) for n in numbers)


def check_numbers(source: str, translation: str, lang: str) -> list[str]:
    """Numbers of the source the translation lacks (written in words, or lost).

    >>> check_numbers("In 2018, 1,000 people", "En 2018, 1.000 personas", "es")
    []
    >>> check_numbers("From 2016 to 2018[^3]", "De 2016 a 2019[^3]", "es")
    ['translation lacks the number 2018']
    """
    numbers = _find_numbers(source)
    if not numbers:
        return []
    written = _find_numbers(translation)
    # Most translations write the source's numbers as they are.
    if numbers == written:
        return []
    missing = _digits(numbers) - _digits(written)
    if not missing:
        return []
    shown = [n for n in numbers if re.sub(r"\D", "", n) in missing]
    plural = "s" if len(set(shown)) > 1 else ""
    return [f"translation lacks the number{plural} {', '.join(dict.fromkeys(shown))}"]


_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_BRACKET_CHARS = re.compile(r"[()\[\]{}]")


def _brackets(text: str) -> str:
    # Only the brackets matter, and those of a [^n] token do not count.
    return "".join(_BRACKET_CHARS.findall(NOTE_TOKEN.sub("", text) if "[^" in text else text))


def _unbalanced_brackets(brackets: str) -> str | None:
    stack: list[str] = []
    for char in brackets:
        if char in _BRACKETS:
            stack.append(char)
        elif not stack or _BRACKETS[stack.pop()] != char:
            return f"'{char}' closes nothing open"
    return f"'{stack[-1]}' is never closed" if stack else None


def check_brackets(source: str, translation: str, lang: str) -> list[str]:
    """Parentheses, brackets or braces left open or closed twice (when the source has them balanced).

    >>> check_brackets("a (b) c[^1]", "a (b c[^1]", "es")
    ["unbalanced brackets: '(' is never closed"]
    """
    brackets = _brackets(translation)
    # Most translations have none, or the source's.
    if not brackets:
        return []
    source_brackets = _brackets(source)
    if brackets == source_brackets or _unbalanced_brackets(source_brackets) is not None:
        return []
    problem = _unbalanced_brackets(brackets)
    return [f"unbalanced brackets: {problem}"] if problem else []


# Each family of double quotation marks pairs within itself whichever way a
# language points them (“…” en, „…“ de, „…” pl, ”…” sv, «…» es, »…« da), so
# a balanced text has an even count of each. Single quotes double as
# apostrophes and are left alone.
_QUOTE_FAMILIES = ('"', "“”„‟", "«»", "‹›")
_QUOTE_MARKS = re.compile("[" + "".join(_QUOTE_FAMILIES) + "]")


def _odd_quotes(text: str) -> list[str]:
    marks = "".join(_QUOTE_MARKS.findall(text))
    if not marks:
        return []
    return [family for family in _QUOTE_FAMILIES if sum(marks.count(q) for q in family) % 2]


def check_quotes(source: str, translation: str, lang: str) -> list[str]:
    """Quotation marks opened and not closed (when the source's are balanced).

    >>> check_quotes("He said “no”.", "Dijo «no».", "es")
    []
    >>> check_quotes("He said “no”.", "Dijo «no.", "es")
    ['unbalanced quotation marks: «»']
    """
    odd = _odd_quotes(translation)
    if not odd or _odd_quotes(source):
        return []
    return [f"unbalanced quotation marks: {' '.join(odd)}"] if odd else []


@lru_cache(maxsize=64)
def _checker(lang: str) -> Any:
    from translate.filters import checks as tt

    return tt.StandardChecker(tt.CheckerConfig(targetlanguage=lang.split("_")[0]))


def _pofilter(name: str, source: str, translation: str, lang: str) -> bool:
    """Whether the Translate Toolkit's check NAME passes."""
    from translate.filters.checks import FilterFailure

    try:
        getattr(_checker(lang), name)(source, translation)
    except FilterFailure:
        return False
    return True


def check_whitespace(source: str, translation: str, lang: str) -> list[str]:
    """Leading or trailing whitespace that differs from the source.

    >>> check_whitespace("Hello ", "Hola", "es")
    ['trailing whitespace differs from the source']
    """
    problems = []
    for name, where, strip in (("startwhitespace", "leading", str.lstrip), ("endwhitespace", "trailing", str.rstrip)):
        # Most entries have none on either side: no need to ask pofilter.
        if len(strip(source)) == len(source) and len(strip(translation)) == len(translation):
            continue
        if not _pofilter(name, source, translation, lang):
            problems.append(f"{where} whitespace differs from the source")
    return problems


_CLOSING_CHARS = "\"'“”„‟«»‹›‘’)]"
_CLOSING = re.compile(rf"[\s{re.escape(_CLOSING_CHARS)}]+$")
# The same, read on the reversed text: whitespace, closing marks and [^n]
# tokens after the stop, then the dots of a stop written as dots.
_CLOSING_BACKWARDS = re.compile(rf"(?:\]\d+\^\[|[\s{re.escape(_CLOSING_CHARS)}])*")
_DOTS_BACKWARDS = re.compile(r"(?:\.|\]\d+\^\[)*")


def _ending(text: str) -> str:
    # Notes and closing quotes go either side of the stop ("said.”[^3]" in
    # English, "dijo»[^3]." in Spanish); only the stop is compared.
    return _CLOSING.sub("", NOTE_TOKEN.sub("", text.rstrip()).rstrip()).replace("...", "…")


def _stop(text: str) -> str:
    """The last character of `_ending(TEXT)`, found from the end of TEXT alone.

    >>> _stop("said....”[^3] "), _stop("dijo»[^3]…"), _stop("")
    ('.', '…', '')
    """
    backwards = text[::-1]
    at = _CLOSING_BACKWARDS.match(backwards).end()  # type: ignore[union-attr]
    dots = _DOTS_BACKWARDS.match(backwards, at).group().count(".")  # type: ignore[union-attr]
    if dots:
        # `_ending` writes each "..." as "…", from the left.
        return "." if dots % 3 else "…"
    return backwards[at : at + 1]


def check_end_punctuation(source: str, translation: str, lang: str) -> list[str]:
    """Final punctuation that differs from the source, as the target language writes it.

    >>> check_end_punctuation("Why?", "¿Por qué?", "es"), check_end_punctuation("the end.[^3]", "el fin[^3]", "es")
    ([], ['final punctuation differs: the source ends with ".", the translation without punctuation'])
    """
    # Most entries end with the same stop: decided from the ends of the texts.
    source_stop, translation_stop = _stop(source), _stop(translation)
    if not source_stop or not translation_stop or source_stop == translation_stop:
        return []
    source_end, translation_end = _ending(source), _ending(translation)
    if not source_end or not translation_end or source_end[-1] == translation_end[-1]:
        return []
    if _pofilter("endpunc", source_end, translation_end, lang):
        return []
    return [
        f"final punctuation differs: the source ends {_end_name(source_end)}, "
        f"the translation {_end_name(translation_end)}"
    ]


def _end_name(text: str) -> str:
    last = text[-1]
    return f'with "{last}"' if unicodedata.category(last).startswith("P") else "without punctuation"


# Markup that Pandoc, Typst, LaTeX or a browser would act on, were the text
# not printed as text: worth a translator's second look all the same.
_MARKUP = {
    "HTML tag": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"),
    "Markdown link or image": re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)"),
    "Pandoc raw attribute": re.compile(r"\{=[A-Za-z0-9_-]+\}"),
    "Typst code": re.compile(r"#[A-Za-z_][A-Za-z0-9_-]*[(\[]"),
    "LaTeX command": re.compile(r"\\[A-Za-z]+\s*[{\[]"),
}
_MARKUP_STARTS = ("<", "](", "{=", "#", "\\")


def check_markup(source: str, translation: str, lang: str) -> list[str]:
    """Markup in the translation that the source does not have; the editions print it as text.

    >>> check_markup("Hello", "<b>Hola</b>", "es")
    ['HTML tag <b> is printed as text, not applied']
    """
    # Each kind needs one of these, and most translations have none.
    if not any(start in translation for start in _MARKUP_STARTS):
        return []
    problems = []
    for kind, pattern in _MARKUP.items():
        new = [m for m in pattern.findall(translation) if m not in pattern.findall(source)]
        if new:
            problems.append(f"{kind} {new[0][:40]} is printed as text, not applied")
    return problems


ENTRY_CHECKS: dict[str, Check] = {
    "footnote-token": check_tokens,
    "control-char": check_control_chars,
    "number": check_numbers,
    "brackets": check_brackets,
    "quotes": check_quotes,
    "whitespace": check_whitespace,
    "end-punctuation": check_end_punctuation,
    "markup": check_markup,
}
"""The checks run on every translated entry, by id, in the order reported."""


# -- Checks of the header --------------------------------------------------------


def check_header(metadata: dict[str, str], lang: str) -> list[tuple[str, Severity, str]]:
    """Header problems: (check id, severity, message).

    >>> header = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    >>> [(check, message) for check, _, message in check_header(header, "es")]
    [('header-plural-forms', 'the header has no Plural-Forms; add the one `msginit` writes for es')]
    """
    found: list[tuple[str, Severity, str]] = []
    declared = metadata.get("Language", "").strip()
    want, have = lang.replace("-", "_").lower(), declared.replace("-", "_").lower()
    if not declared:
        found.append(("header-language", Severity.ERROR, f"the header has no Language; write `Language: {lang}`"))
    elif have.split("_")[0] != want.split("_")[0]:
        found.append(
            (
                "header-language",
                Severity.ERROR,
                f"the header says Language: {declared}, but the catalog is in the folder of {lang}",
            )
        )
    elif have != want:
        found.append(
            (
                "header-language",
                Severity.WARNING,
                f"the header says Language: {declared}, the folder {lang}; make them the same",
            )
        )
    charset = re.search(r"charset=([^\s;]+)", metadata.get("Content-Type", ""))
    if not charset or charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        shown = charset.group(1) if charset else "none"
        found.append(
            (
                "header-charset",
                Severity.ERROR,
                f"the header declares charset {shown}; catalogs are UTF-8: "
                "write `Content-Type: text/plain; charset=UTF-8`",
            )
        )
    if not metadata.get("Plural-Forms", "").strip():
        found.append(
            (
                "header-plural-forms",
                Severity.WARNING,
                f"the header has no Plural-Forms; add the one `msginit` writes for {lang}",
            )
        )
    return found


# -- One catalog ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogCheck:
    """What the checks found in one catalog, and how much of it they could look at."""

    lang: str
    path: str
    findings: tuple[Finding, ...] = ()
    checked: int = 0
    """Translated, not fuzzy entries: those an edition uses."""
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def summary(self) -> str:
        """One line of counts.

        >>> CatalogCheck("es", "es.po", checked=3, fuzzy=1).summary()
        'es.po: 3 entries checked, 0 errors, 0 warnings; 1 fuzzy, 0 untranslated'
        """
        return (
            f"{self.path}: {self.checked} entries checked, {len(self.errors)} error{'s' * (len(self.errors) != 1)}, "
            f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}; "
            f"{self.fuzzy} fuzzy, {self.untranslated} untranslated"
        )


def waived(comment: str) -> set[str]:
    """Return the checks a translator comment waives: `skip-check: number, end-punctuation`.

    Pology's `skip-rule:` convention, in the translator comment because GNU
    tools keep those (msgcat and msgmerge drop flags they do not know).

    >>> sorted(waived("skip-check: end-punctuation, number"))
    ['end-punctuation', 'number']
    """
    found = re.findall(r"^\s*skip-check:\s*(.+)$", comment, re.MULTILINE)
    return {name.strip() for line in found for name in line.split(",") if name.strip()}


def check_catalog(path: Path, lang: str, shown: str = "", strict: bool = False) -> CatalogCheck:
    """Run every check on the catalog at PATH for language LANG.

    Only translated, not fuzzy entries are checked: they are what an edition
    prints. Fuzzy and untranslated entries are counted, and under STRICT
    each is an error too.

    Raises:
        ToolkitError: the catalog is missing, unreadable or malformed.
    """
    shown = shown or str(path)
    metadata, entries = catalogs.read_entries(path)
    findings = [
        Finding(shown, 1, severity, check, message) for check, severity, message in check_header(metadata, lang)
    ]
    checked = fuzzy = untranslated = 0
    for entry in entries:
        if not entry.translation:
            untranslated += 1
            if strict:
                findings.append(Finding(shown, entry.line, Severity.ERROR, "untranslated", "no translation", entry.key))
            continue
        if entry.fuzzy:
            fuzzy += 1
            if strict:
                findings.append(
                    Finding(
                        shown,
                        entry.line,
                        Severity.ERROR,
                        "fuzzy",
                        "marked fuzzy; review it and remove the flag",
                        entry.key,
                    )
                )
            continue
        checked += 1
        skipped = waived(entry.comment) if entry.comment else set()
        for check, function in ENTRY_CHECKS.items():
            if CHECKS[check][0] is Severity.WARNING and check in skipped:
                continue
            for message in function(entry.source, entry.translation, lang):
                findings.append(Finding(shown, entry.line, CHECKS[check][0], check, message, entry.key))
    return CatalogCheck(lang, shown, tuple(findings), checked, fuzzy, untranslated)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `toolkit check` found in every catalog it looked at."""

    catalogs: tuple[CatalogCheck, ...] = field(default=())

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for c in self.catalogs for f in c.findings)

    @property
    def failed(self) -> bool:
        """True when any catalog has an error."""
        return any(c.errors for c in self.catalogs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "failed": self.failed,
            "catalogs": [
                {
                    "lang": c.lang,
                    "path": c.path,
                    "checked": c.checked,
                    "fuzzy": c.fuzzy,
                    "untranslated": c.untranslated,
                    "errors": len(c.errors),
                    "warnings": len(c.warnings),
                }
                for c in self.catalogs
            ],
            "findings": [f.as_dict() for f in self.findings],
        }


__all__ = ["CHECKS", "CatalogCheck", "CheckReport", "Finding", "Severity", "check_catalog", "check_header"]
