"""Quality checks on translations: what would damage an edition, found before it is made.

Each check is a plain function of the source and its translation (or of the
catalog header) that returns problems, in the manner of babel's
`checkers.py`. `CHECKS`, the registry, gives each its id, severity and what
it finds; `check_catalog` runs them all on one catalog and returns findings
that print as `path:line: severity: [check-id] message`, the form editors
and CI read. The footnote token check is `inline.token_problem`, the very
function the build uses to refuse a translation.

To add a check:
1. write `check_<name>(source, translation, lang) -> list[str]` (one message
   per problem, none when the entry is fine; bail out early, it runs on
   every entry) or, for the header, `(metadata, lang) -> list[str]`, with a
   doctest;
2. add `Check("<id>", Severity.<...>, "<what it finds>", entry=check_<name>)`
   (or `header=`) to `CHECKS`, where its findings should come in the report;
3. add the same row to the README's table of checks (`Check.row()` prints
   it); `tests/test_checks.py` holds the two to each other.

Final punctuation and surrounding whitespace are compared by the Translate
Toolkit (`pofilter`'s `endpunc`, `startwhitespace` and `endwhitespace`),
which knows each language's punctuation (`。` ends a Chinese sentence, `؟`
an Arabic question); this is the only module that imports it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from functools import lru_cache, partial
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgspec

from toolkit.catalogs import store as catalogs
from toolkit.catalogs.store import CatalogEntry
from toolkit.document.inline import address_changes, address_problem, placeholder_problem, token_problem
from toolkit.document.model import NOTE_TOKEN, UNSAFE_CHARS
from toolkit.editions.pdf import unprintable
from toolkit.editions.typefaces import named_chars, quoted_font_remedy
from toolkit.locales import same_language
from toolkit.parallel import deal, map_forked
from toolkit.wording import counted


class Severity(Enum):
    """How bad a finding is: an error fails `toolkit check` and `build --strict`."""

    ERROR = "error"
    WARNING = "warning"


class Finding(msgspec.Struct, frozen=True):
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


# -- Checks of one entry: (source, translation, lang) -> messages ---------------

EntryFunction = Callable[[str, str, str], list[str]]
"""A check of one translated entry: (source, translation, lang) -> messages."""
HeaderFunction = Callable[[Mapping[str, str], str], list[str]]
"""A check of the catalog's header: (metadata, lang) -> messages."""


def check_tokens(source: str, translation: str, lang: str) -> list[str]:
    """The build's own token check: the tokens of SOURCE, each once, in order.

    >>> check_tokens("a[^7] b", "x b", "es")
    ['note token lost: [^7]']
    """
    problem = token_problem(source, translation)
    return [problem] if problem else []


def check_placeholders(source: str, translation: str, lang: str) -> list[str]:
    """The build's own placeholder check: each `<n>…</n>` of SOURCE once, balanced.

    >>> check_placeholders("a <1>b</1>", "x b", "es")
    ['placeholder lost: <1>']
    """
    problem = placeholder_problem(source, translation)
    return [problem] if problem else []


def check_link_address(source: str, translation: str, lang: str) -> list[str]:
    """The build's own address check: an address the source shows as a link's text stays as it is.

    >>> check_link_address("at <1>https://a.org</1>", "en <1>https://b.org</1>", "es")
    ['address changed: <1>https://a.org</1> became <1>https://b.org</1>']
    """
    problem = address_problem(source, translation)
    return [problem] if problem else []


def _codepoints(chars: list[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, _unnamed(c))}" for c in dict.fromkeys(chars))


def _unnamed(char: str) -> str:
    return "control character" if unicodedata.category(char) == "Cc" else "noncharacter"


def check_control_chars(source: str, translation: str, lang: str) -> list[str]:
    r"""Invisible control and bidi override characters, which no edition prints.

    >>> check_control_chars("a", "a\u202eb", "es")
    ['invisible character U+202E RIGHT-TO-LEFT OVERRIDE; remove it (the build strips it)']
    """
    # All that UNSAFE_CHARS finds is unprintable, and most text is printable throughout.
    if translation.isprintable():
        return []
    found = UNSAFE_CHARS.findall(translation)
    if not found:
        return []
    plural = "s" if len(set(found)) > 1 else ""
    return [
        f"invisible character{plural} {_codepoints(found)}; remove {'them' if plural else 'it'} "
        f"(the build strips {'them' if plural else 'it'})"
    ]


def check_font_coverage(source: str, translation: str, lang: str) -> list[str]:
    """Characters no font of the PDF in LANG has (an emoji, say): Typst refuses them, and the language gets no edition.

    A letter of a script the text quotes beyond the language's (a Korean
    name in Hangul) is not one when its Noto font is installed: the PDF
    takes that font as well (`pdf.unprintable`, as the build asks it).

    >>> check_font_coverage("Hello", "Hola 😀", "es")
    ["no font of the PDF has '😀' (U+1F600 GRINNING FACE); replace or remove it, or the PDF cannot be made"]
    """
    if translation.isascii():
        return []
    missing = unprintable(translation, [lang])
    if not missing:
        return []
    them = "them" if len(missing) > 1 else "it"
    remedy = quoted_font_remedy(missing, [lang]) or f"replace or remove {them}, or the PDF cannot be made"
    return [f"no font of the PDF has {named_chars(missing)}; {remedy}"]


# A number: digits with optional thousands separators and decimals, which
# languages write differently (1,000.5 / 1.000,5 / 1 000,5 / ١٬٠٠٠٫٥), so
# only the digits are compared, as values: an Arabic, Persian, Devanagari
# or full-width 2018 is 2018. (`\d\d*`, not `\d+`: Python's regex engine
# tries a repeat at every position of the text, a single digit far sooner.)
_NUMBER = re.compile(r"\d\d*(?:[.,\u00a0\u202f\u2009 \u066c]\d{3})*(?:[.,\u066b]\d+)?")


def _find_numbers(text: str) -> list[str]:
    # The digits of a [^n] token are not a number.
    return _NUMBER.findall(NOTE_TOKEN.sub(" ", text) if "[^" in text else text)


def _digits(numbers: list[str]) -> Counter[str]:
    return Counter(_value(n) for n in numbers)


def _value(number: str) -> str:
    """The digits of NUMBER in ASCII, whatever script wrote them.

    >>> _value("1,000"), _value("٢٠١٨"), _value("２０１８"), _value("२०१८")
    ('1000', '2018', '2018', '2018')
    """
    if number.isascii() and number.isdigit():
        return number
    return "".join(str(unicodedata.decimal(c)) for c in number if c.isdecimal())


def check_numbers(source: str, translation: str, lang: str) -> list[str]:
    """Numbers of the source the translation lacks (written in words, or lost).

    >>> check_numbers("In 2018, 1,000 people", "En 2018, 1.000 personas", "es")
    []
    >>> check_numbers("From 2016 to 2018[^3]", "De 2016 a 2019[^3]", "es")
    ['translation lacks the number 2018']
    >>> check_numbers("In 2018, 42 people", "في عام ٢٠١٨، ٤٢ شخصًا", "ar")
    []
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
    shown = [n for n in numbers if _value(n) in missing]
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
    marks = _QUOTE_MARKS.findall(text)
    if not marks:
        return []
    return [family for family in _QUOTE_FAMILIES if sum(map(marks.count, family)) % 2]


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


def check_addresses(source: str, translation: str, lang: str) -> list[str]:
    """A web or mail address of the source's text that the translation lost or changed: the editions link it.

    >>> check_addresses("Details at https://example.org/report.", "Detalles en https://example.org/informe.", "es")
    ["address missing: https://example.org/report (the editions link the source's; another is printed unlinked)"]
    """
    return [
        f"address missing: {address} (the editions link the source's; another is printed unlinked)"
        for address in address_changes(source, translation)
    ]


def check_whitespace(source: str, translation: str, lang: str) -> list[str]:
    """Leading or trailing whitespace that differs from the source.

    >>> check_whitespace("Hello ", "Hola", "es")
    ['trailing whitespace differs from the source']
    """
    problems = []
    for name, where, end in (("startwhitespace", "leading", slice(1)), ("endwhitespace", "trailing", slice(-1, None))):
        # Most entries have none on either side: no need to ask pofilter.
        if not source[end].isspace() and not translation[end].isspace():
            continue
        if not _pofilter(name, source, translation, lang):
            problems.append(f"{where} whitespace differs from the source")
    return problems


def check_line_breaks(source: str, translation: str, lang: str) -> list[str]:
    r"""A line break (a newline: an address's or a poem's lines) lost or added: each prints as a new line.

    >>> check_line_breaks("Water Board\n12 River Road", "Junta del Agua, Calle del Río 12", "es")
    ['line breaks differ: 1 in the source, 0 in the translation; each prints as a new line']
    """
    if "\n" not in source and "\n" not in translation:
        return []
    wanted, found = source.count("\n"), translation.count("\n")
    if wanted == found:
        return []
    return [f"line breaks differ: {wanted} in the source, {found} in the translation; each prints as a new line"]


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

    The source may be in any language: its stop is read as the English one
    it stands for (`。` as `.`), which the Translate Toolkit, whose sources
    are English, then writes as the target language does. A source in Thai
    or Lao, which end sentences with no stop, is not compared.

    >>> check_end_punctuation("Why?", "¿Por qué?", "es"), check_end_punctuation("the end.[^3]", "el fin[^3]", "es")
    ([], ['final punctuation differs: the source ends with ".", the translation without punctuation'])
    >>> check_end_punctuation("集合してください。", "Gather.", "en"), check_end_punctuation("صحيح؟", "Right?", "en")
    ([], [])
    >>> check_end_punctuation("Three wells are dry.", "三口井已干涸.", "zh")
    ['final punctuation differs: the source ends with ".", the translation with "." where zh writes "。"']
    """
    # Most entries end with the same stop, one the target language writes alike: decided from the ends.
    source_stop, translation_stop = _stop(source).translate(SOURCE_STOPS), _stop(translation)
    if not source_stop or not translation_stop:
        return []
    if source_stop == translation_stop and _native_stop(source_stop, lang) == source_stop:
        return []
    source_end, translation_end = _ending(source), _ending(translation)
    if not source_end or not translation_end or unicodedata.name(source_end[-1], "").startswith(("THAI ", "LAO ")):
        return []
    english_end = source_end[:-1] + source_end[-1].translate(SOURCE_STOPS)
    if english_end[-1] == translation_end[-1] and _native_stop(english_end[-1], lang) == english_end[-1]:
        return []
    if _script_full_stop(english_end[-1], translation_end[-1], lang) or _pofilter(
        "endpunc", english_end, translation_end, lang
    ):
        return []
    native = _native_stop(english_end[-1], lang)
    hint = f' where {lang} writes "{native}"' if native not in (english_end[-1], translation_end[-1]) else ""
    return [
        f"final punctuation differs: the source ends {_end_name(source_end)}, "
        f"the translation {_end_name(translation_end)}{hint}"
    ]


@lru_cache(maxsize=1024)
def _native_stop(stop: str, lang: str) -> str:
    """How LANG writes the English STOP at the end of a sentence, as the Translate Toolkit has it (`.` -> `。` in zh).

    Where a script has a full stop of its own (the danda), the period is written too.

    >>> _native_stop(".", "zh"), _native_stop(".", "es"), _native_stop("?", "ar"), _native_stop(".", "ne")
    ('。', '.', '؟', '.')
    """
    from translate.lang import factory

    from toolkit.locales import lang_script

    if stop == "." and lang_script(lang) in SCRIPT_FULL_STOPS:
        return stop
    return factory.getlanguage(lang).punctranslate(stop)[-1:] or stop


SOURCE_STOPS = str.maketrans(
    {"。": ".", "．": ".", "｡": ".", "？": "?", "！": "!", "؟": "?", "۔": ".", "।": ".", "॥": ".", "།": ".", "။": "."}
    | {"።": ".", "։": ".", "។": "."}
)
"""The stops of other scripts, as the English ones they stand for: a source's end is compared as if English."""
SCRIPT_FULL_STOPS = {"Deva": "।", "Beng": "।", "Guru": "।", "Orya": "।", "Tibt": "།"}
"""The full stop of scripts whose languages end a sentence with their own: the danda, the Tibetan shad.

The Translate Toolkit knows the danda for Bengali, Punjabi and Odia, but
not for Hindi, Marathi or Nepali, nor the shad: without this, every
sentence of a Hindi catalog would be warned about.
"""


def _script_full_stop(source_stop: str, translation_stop: str, lang: str) -> bool:
    """Whether a source's "." is LANG's own full stop in the translation.

    >>> _script_full_stop(".", "।", "hi"), _script_full_stop(".", "।", "es")
    (True, False)
    """
    from toolkit.locales import lang_script

    return source_stop == "." and translation_stop == SCRIPT_FULL_STOPS.get(lang_script(lang))


CALL_BEFORE_PUNCTUATION = frozenset({"es", "ca", "fr", "it"})
"""Languages whose typography sets a note's call before the punctuation it meets ("Unidos¹.",
"rechazado”²." in the Ortografía de la RAE; French, Catalan and Italian set it so too)."""

# `[.,;:][.,;:]*` rather than `[.,;:]+`, which is tried twice as slowly at every position.
_CALL_AFTER_STOP = re.compile(r"([.,;:][.,;:]*)([”’»›\)\]]*)((?:\[\^\d+\])+)")


def check_note_call_placement(source: str, translation: str, lang: str) -> list[str]:
    """A note call after the punctuation where the language sets it before (after a closing quote, though).

    >>> check_note_call_placement("States.[^1]", "Estados Unidos.[^1] Luego", "es")
    ['note call [^1] after "."; Spanish sets it before the punctuation: "Unidos[^1]."']
    >>> check_note_call_placement("it.”[^2]", "rechazado.”[^2]", "es_MX"), check_note_call_placement("", "x.[^2]", "en")
    (['note call [^2] after ".”"; Spanish sets it before the punctuation: "rechazado”[^2]."'], [])
    """
    base = lang.split("_")[0].split("-")[0]
    if "[^" not in translation or base not in CALL_BEFORE_PUNCTUATION:
        return []
    from toolkit.locales import language_name

    problems = []
    for found in _CALL_AFTER_STOP.finditer(translation):
        stop, closing, calls = found.groups()
        word = translation[: found.start()].rsplit(None, 1)[-1] if translation[: found.start()].strip() else ""
        problems.append(
            f'note call {calls} after "{stop}{closing}"; {language_name(base)} sets it before the punctuation: '
            f'"{word}{closing}{calls}{stop}"'
        )
    return problems


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


# -- Checks of the header: (metadata, lang) -> messages ---------------------------


def check_header_language(metadata: Mapping[str, str], lang: str) -> list[str]:
    """A header that declares no language, or another one than the catalog's folder.

    >>> check_header_language({"Language": "fr"}, "es")
    ['the header says Language: fr, but the catalog is in the folder of es']
    """
    declared = metadata.get("Language", "").strip()
    if not declared:
        return [f"the header has no Language; write `Language: {lang}`"]
    if not same_language(declared, lang):
        return [f"the header says Language: {declared}, but the catalog is in the folder of {lang}"]
    return []


_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*")


def check_header_plural_expression(metadata: Mapping[str, str], lang: str) -> list[str]:
    """A Plural-Forms that GNU msgfmt refuses: malformed, or choosing a form the catalog does not have.

    >>> check_header_plural_expression({"Plural-Forms": "nplurals=2; plural=n == 1 ? 0 : 2 +;"}, "he")
    ["the header's Plural-Forms has a broken expression: n == 1 ? 0 : 2 + (unexpected end of plural form)"]
    >>> check_header_plural_expression({"Plural-Forms": "nplurals=2; plural=(n==1) ? 0 : (n<5) ? 1 : 2;"}, "ru")
    ["the header's Plural-Forms chooses form 2 (for n = 5), but nplurals=2 counts forms 0 to 1"]
    """
    value = metadata.get("Plural-Forms", "")
    if not value.strip():
        return []  # `header-plural-forms` says so
    found = _PLURAL_FORMS.fullmatch(value)
    if not found:
        return [f"the header's Plural-Forms is not `nplurals=N; plural=EXPRESSION;`: {value.strip()}"]
    import gettext  # its C-expression reader is the standard library's, as GNU's grammar

    count, expression = int(found.group(1)), found.group(2)
    try:
        plural = gettext.c2py(expression)
        chosen = [(plural(n), n) for n in range(1000)]
    except (ValueError, ZeroDivisionError, RecursionError) as error:
        return [f"the header's Plural-Forms has a broken expression: {expression} ({error})"]
    beyond = next(((form, n) for form, n in chosen if not 0 <= form < count), None)
    if beyond is None:
        return []
    return [
        f"the header's Plural-Forms chooses form {beyond[0]} (for n = {beyond[1]}), "
        f"but nplurals={count} counts forms 0 to {count - 1}"
    ]


def check_header_region(metadata: Mapping[str, str], lang: str) -> list[str]:
    """A header whose language is the folder's but written with another region (or none).

    >>> check_header_region({"Language": "es_MX"}, "es")
    ['the header says Language: es_MX, the folder es; make them the same']
    """
    declared = metadata.get("Language", "").strip()
    if not same_language(declared, lang) or declared.replace("-", "_").lower() == lang.replace("-", "_").lower():
        return []
    return [f"the header says Language: {declared}, the folder {lang}; make them the same"]


def check_header_charset(metadata: Mapping[str, str], lang: str) -> list[str]:
    """A header that does not declare UTF-8.

    >>> check_header_charset({"Content-Type": "text/plain; charset=UTF-8"}, "es")
    []
    """
    charset = re.search(r"charset=([^\s;]+)", metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower().replace("_", "-") in ("utf-8", "utf8"):
        return []
    shown = charset.group(1) if charset else "none"
    return [f"the header declares charset {shown}; catalogs are UTF-8: write `Content-Type: text/plain; charset=UTF-8`"]


def check_header_plural_forms(metadata: Mapping[str, str], lang: str) -> list[str]:
    """A header without Plural-Forms.

    >>> check_header_plural_forms({}, "es")
    ['the header has no Plural-Forms; add the one `msginit` writes for es']
    """
    if metadata.get("Plural-Forms", "").strip():
        return []
    return [f"the header has no Plural-Forms; add the one `msginit` writes for {lang}"]


# -- The registry -------------------------------------------------------------------


class Check(msgspec.Struct, frozen=True):
    """One check: its id, how bad a finding is, what it finds, and the function that looks."""

    id: str
    """What a finding prints in brackets and a translator waives: `footnote-token`."""
    severity: Severity
    finds: str
    """What it finds, word for word the third column of the README's table of checks."""
    entry: EntryFunction | None = None
    """Run on each translated, not fuzzy entry."""
    header: HeaderFunction | None = None
    """Run once on the catalog's header."""
    strict_only: bool = False
    """Reported only under `--strict` (the state of an entry, found by `check_catalog` itself)."""

    def row(self) -> str:
        """The check's row in the README's table.

        >>> CHECKS["fuzzy"].row()
        '| `fuzzy` | error under `--strict` | an entry marked fuzzy (otherwise counted) |'
        """
        severity = self.severity.value + (" under `--strict`" if self.strict_only else "")
        return f"| `{self.id}` | {severity} | {self.finds} |"


def _registry(*checks: Check) -> dict[str, Check]:
    registry = {check.id: check for check in checks}
    assert len(registry) == len(checks), "two checks with one id"
    return registry


CHECKS = _registry(
    Check(
        "footnote-token",
        Severity.ERROR,
        "a `[^n]` token missing, doubled, added, altered or reordered (the same test the build applies)",
        entry=check_tokens,
    ),
    Check(
        "placeholder",
        Severity.ERROR,
        "a `<n>…</n>` formatting placeholder lost, doubled, invented or unbalanced (the build's test too)",
        entry=check_placeholders,
    ),
    Check(
        "link-address",
        Severity.ERROR,
        "an address the source shows as a link's text (`<https://…>`) changed (the build's test too)",
        entry=check_link_address,
    ),
    Check(
        "control-char",
        Severity.ERROR,
        "control characters (C0 and C1), bidirectional overrides/isolates (U+202A–U+202E, U+2066–U+2069) "
        "and noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …), which XML and EPUBCheck refuse; "
        "the build strips them with a warning",
        entry=check_control_chars,
    ),
    Check(
        "font",
        Severity.ERROR,
        "a character no font of the PDF has (an emoji, say; a quoted script's letter takes that script's "
        "installed Noto font): Typst cannot print it, and the build stops",
        entry=check_font_coverage,
    ),
    Check(
        "header-language",
        Severity.ERROR,
        "`Language` missing or of another language than the folder",
        header=check_header_language,
    ),
    Check(
        "header-region",
        Severity.WARNING,
        "`Language` of the folder's language but another region (`es_MX` in `es/`)",
        header=check_header_region,
    ),
    Check("header-charset", Severity.ERROR, "`Content-Type` not `charset=UTF-8`", header=check_header_charset),
    Check("header-plural-forms", Severity.WARNING, "no `Plural-Forms`", header=check_header_plural_forms),
    Check(
        "header-plural-expression",
        Severity.ERROR,
        "`Plural-Forms` that GNU `msgfmt` refuses: not `nplurals=N; plural=EXPRESSION;`, or a form beyond N",
        header=check_header_plural_expression,
    ),
    Check(
        "number",
        Severity.WARNING,
        "a number of the source missing from the translation (separators and script ignored: 1,000 = 1.000 = ١٬٠٠٠)",
        entry=check_numbers,
    ),
    Check(
        "address",
        Severity.WARNING,
        "a web or mail address of the source's text (`https://…`, `www.…`, `name@example.org`) missing or changed: "
        "the editions link the source's addresses only, so one written instead is printed without its link",
        entry=check_addresses,
    ),
    Check("brackets", Severity.WARNING, "unbalanced `()`, `[]`, `{}`", entry=check_brackets),
    Check(
        "quotes",
        Severity.WARNING,
        "unbalanced double quotation marks, any language's style (“” „“ «» ‹›)",
        entry=check_quotes,
    ),
    Check(
        "whitespace", Severity.WARNING, "leading or trailing whitespace differs from the source", entry=check_whitespace
    ),
    Check(
        "line-break",
        Severity.WARNING,
        "a line break (an address's or a poem's lines) lost or added: each prints as a new line",
        entry=check_line_breaks,
    ),
    Check(
        "end-punctuation",
        Severity.WARNING,
        "final punctuation differs, as the target language writes it (`¿…?`, `。`)",
        entry=check_end_punctuation,
    ),
    Check(
        "note-call",
        Severity.WARNING,
        "a note call after the punctuation in a language that sets it before (Spanish: `Unidos[^1].`, "
        "`rechazado”[^2].`), with the fix",
        entry=check_note_call_placement,
    ),
    Check(
        "markup",
        Severity.WARNING,
        "HTML, Markdown links/images, Typst, LaTeX or Pandoc raw markup the source lacks: "
        "it is printed as text, never applied",
        entry=check_markup,
    ),
    Check("untranslated", Severity.ERROR, "an entry with no translation (otherwise counted)", strict_only=True),
    Check("fuzzy", Severity.ERROR, "an entry marked fuzzy (otherwise counted)", strict_only=True),
)
"""Every check, by id, in the order its findings are reported; the README's table lists the same."""

_ENTRY_CHECKS = tuple(
    (check.id, check.severity, check.severity is Severity.WARNING, check.entry)
    for check in CHECKS.values()
    if check.entry is not None
)
"""Each entry check as the loop over every entry wants it: id, severity, whether a comment may waive it, function."""
_HEADER_CHECKS = tuple((check, check.header) for check in CHECKS.values() if check.header is not None)
_UNTRANSLATED, _FUZZY = CHECKS["untranslated"].severity, CHECKS["fuzzy"].severity


def check_header(metadata: Mapping[str, str], lang: str) -> list[tuple[str, Severity, str]]:
    """Run every header check: (check id, severity, message).

    >>> header = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    >>> [(check, message) for check, _, message in check_header(header, "es")]
    [('header-plural-forms', 'the header has no Plural-Forms; add the one `msginit` writes for es')]
    """
    return [(check.id, check.severity, message) for check, run in _HEADER_CHECKS for message in run(metadata, lang)]


# -- One catalog ----------------------------------------------------------------


class CatalogCheck(msgspec.Struct, frozen=True):
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
            f"{self.path}: {counted(self.checked, 'entry', 'entries')} checked, {counted(len(self.errors), 'error')}, "
            f"{counted(len(self.warnings), 'warning')}; "
            f"{self.fuzzy} fuzzy, {self.untranslated} untranslated"
        )


_WAIVER = re.compile(r"^\s*skip-check:\s*(.+)$", re.MULTILINE)


def waived(comment: str) -> set[str]:
    """Return the checks a translator comment waives: `skip-check: number, end-punctuation`.

    Pology's `skip-rule:` convention, in the translator comment because GNU
    tools keep those (msgcat and msgmerge drop flags they do not know).

    >>> sorted(waived("skip-check: end-punctuation, number"))
    ['end-punctuation', 'number']
    """
    found = _WAIVER.findall(comment)
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
    header = [Finding(shown, 1, severity, check, message) for check, severity, message in check_header(metadata, lang)]
    # The checks are all Python and a large catalog has thousands of
    # entries: each core checks a hand of them (1,000 take 45 ms here).
    check_hand = partial(_check_entries, lang=lang, shown=shown, strict=strict)
    parts = map_forked(check_hand, deal(entries, 1000))
    # Back in the file's order: an entry's msgstr line is its own, and the sort keeps the order of its findings.
    found = sorted((finding for part in parts for finding in part.findings), key=attrgetter("line"))
    return CatalogCheck(
        lang,
        shown,
        (*header, *found),
        checked=sum(part.checked for part in parts),
        fuzzy=sum(part.fuzzy for part in parts),
        untranslated=sum(part.untranslated for part in parts),
    )


def _check_entries(entries: Sequence[CatalogEntry], lang: str, shown: str, strict: bool) -> CatalogCheck:
    """What the entry checks find in ENTRIES of the catalog SHOWN, and their counts."""
    findings = []
    checked = fuzzy = untranslated = 0
    for entry in entries:
        if not entry.translation:
            untranslated += 1
            if strict:
                findings.append(Finding(shown, entry.line, _UNTRANSLATED, "untranslated", "no translation", entry.key))
            continue
        if entry.fuzzy:
            fuzzy += 1
            if strict:
                findings.append(
                    Finding(
                        shown,
                        entry.line,
                        _FUZZY,
                        "fuzzy",
                        "marked fuzzy; review it and remove the flag",
                        entry.key,
                    )
                )
            continue
        checked += 1
        skipped = waived(entry.comment) if "skip-check" in entry.comment else ()
        source, translation = entry.source, entry.translation
        for check_id, severity, waivable, run in _ENTRY_CHECKS:
            if waivable and check_id in skipped:
                continue
            for message in run(source, translation, lang):
                findings.append(Finding(shown, entry.line, severity, check_id, message, entry.key))
    return CatalogCheck(lang, shown, tuple(findings), checked, fuzzy, untranslated)


class CheckReport(msgspec.Struct, frozen=True):
    """What `toolkit check` found in every catalog it looked at."""

    catalogs: tuple[CatalogCheck, ...] = ()

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


__all__ = ["CHECKS", "CatalogCheck", "Check", "CheckReport", "Finding", "Severity", "check_catalog", "check_header"]
