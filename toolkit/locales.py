"""Languages: what Babel knows about them (the only Babel importer outside catalogs).

Babel is imported by the functions that need it, so a module that only
compares language tags (`same_language`) starts without it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit.errors import ToolkitError

if TYPE_CHECKING:
    from babel import Locale


def same_language(tag: str | None, lang: str) -> bool:
    """Tell whether language tag TAG names LANG's language, whatever the region and separator.

    The one test of "same language?" for catalog headers, XLIFF and TMX
    language attributes and the PDF's declared language.

    >>> same_language("es-MX", "es"), same_language("ES", "es_MX"), same_language("fr", "es"), same_language("", "es")
    (True, True, False, False)
    """
    return bool(tag) and _language(tag or "") == _language(lang)


def _language(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


def _subtags(lang: str) -> tuple[str, str, str]:
    """The language, script and territory LANG names (`zh-Hant-TW`, `sr@latin`), as written.

    >>> _subtags("zh-Hant-TW"), _subtags("pt_br"), _subtags("es-419"), _subtags("sr_RS@latin")
    (('zh', 'Hant', 'TW'), ('pt', '', 'BR'), ('es', '', '419'), ('sr', 'Latn', 'RS'))
    """
    parts = _script_for_modifier(lang).replace("-", "_").split("_")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    regions = (p for p in parts[1:] if (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit()))
    territory = next((p.upper() for p in regions), "")
    return parts[0].lower(), script, territory


def _script_for_modifier(lang: str) -> str:
    """LANG with a gettext modifier naming a script (`sr@latin`, `uz@cyrillic`) written as that script's subtag.

    >>> _script_for_modifier("sr@latin"), _script_for_modifier("sr_RS@latin"), _script_for_modifier("es_MX")
    ('sr_Latn', 'sr_Latn_RS', 'es_MX')

    Raises:
        ToolkitError: a modifier that names no script (`ca@valencia`): Babel has no data for it.
    """
    if "@" not in lang:
        return lang
    from babel import Locale

    code, _, modifier = lang.partition("@")
    script = {name.lower(): key for key, name in Locale("en").scripts.items()}.get(modifier.lower())
    if script is None:
        raise ToolkitError(
            f"unknown language '{lang}': the modifier @{modifier} names no script; "
            "use a locale code Babel knows, such as sr_Latn for sr@latin"
        )
    language, _, rest = code.replace("-", "_").partition("_")
    return "_".join(part for part in (language, script, rest) if part)


def parse_lang(lang: str) -> Locale:
    """Return Babel's locale for LANG (`es`, `es_MX`, `pt-BR`, `zh_TW`).

    Raises:
        ToolkitError: Babel knows no such locale.
    """
    from babel import Locale, UnknownLocaleError

    wanted = _script_for_modifier(lang).replace("-", "_")
    try:
        locale = Locale.parse(wanted)
    except (UnknownLocaleError, ValueError, TypeError):
        locale = None
    # Babel fills in likely subtags (es_ZZ -> es_ES, zh_TW -> zh_Hant_TW): a
    # script it adds is welcome, a territory or script it had to change is
    # one it does not know.
    _, script, territory = _subtags(wanted)
    if locale is None or (territory and locale.territory != territory) or (script and locale.script != script):
        raise ToolkitError(f"unknown language '{lang}'; use a locale code Babel knows, such as es, en, es_MX or pt_BR")
    return locale


def normalize_lang(lang: str) -> str:
    """Check LANG and return it in the form gettext folders use, without a script Babel only implies.

    >>> normalize_lang("pt-BR"), normalize_lang("zh-tw"), normalize_lang("sr_Latn"), normalize_lang("sr@latin")
    ('pt_BR', 'zh_TW', 'sr_Latn', 'sr_Latn')
    """
    locale = parse_lang(lang)
    script = _subtags(lang)[1]
    return "_".join(part for part in (locale.language, script, locale.territory, locale.variant) if part)


def region_apart(lang: str) -> tuple[str, str]:
    """LANG as a catalog folder names it, and the region it names apart when that region changes only the paper.

    A document in `en-GB` is in English, for British readers; one in `zh-TW`
    keeps its region, which also says its script (Traditional).

    >>> region_apart("en-GB"), region_apart("pt_BR"), region_apart("zh-TW"), region_apart("es")
    (('en', 'GB'), ('pt', 'BR'), ('zh_TW', ''), ('es', ''))
    """
    normalized = normalize_lang(lang)
    language, script, territory = _subtags(normalized)
    bare = "_".join(part for part in (language, script) if part)
    if not territory or lang_script(bare) != lang_script(normalized):
        return normalized, ""
    return bare, territory


def language_name(lang: str) -> str:
    """Return the English name of LANG, for catalog headers.

    >>> language_name("es")
    'Spanish'
    """
    return parse_lang(lang).english_name or lang


def _likely(lang: str) -> list[str]:
    """The likely subtags of LANG's language (and script, when it names one), as Babel has them."""
    from babel.core import get_global

    language, script, _ = _subtags(lang)
    table = get_global("likely_subtags")
    likely = table.get(f"{language}_{script}") if script else None
    return str(likely or table.get(language, "")).split("_")


def likely_region(lang: str) -> str:
    """The territory LANG names, else the one Babel thinks likeliest.

    >>> likely_region("es"), likely_region("es_MX"), likely_region("pt"), likely_region("zh_Hant")
    ('ES', 'MX', 'BR', 'TW')
    """
    locale = parse_lang(lang)
    if locale.territory:
        return str(locale.territory)
    likely = _likely(lang)
    return likely[-1] if len(likely) > 1 else ""


def lang_tag(lang: str, region: str | None = None) -> str:
    """The BCP 47 tag an edition declares: language, a script the code names, and (given or likely) region.

    >>> lang_tag("es", "MX"), lang_tag("es"), lang_tag("pt_BR"), lang_tag("zh"), lang_tag("sr_Latn")
    ('es-MX', 'es-ES', 'pt-BR', 'zh-CN', 'sr-Latn-RS')
    """
    language, script, _ = _subtags(lang)
    region = region or likely_region(lang)
    return "-".join(part for part in (language, script, region) if part)


def long_date(iso: str, lang: str) -> str:
    """The date as LANG writes it in full (`7 de diciembre de 2018`), or '' without a date.

    >>> long_date("2018-12-07", "es")
    '7 de diciembre de 2018'
    """
    from babel.dates import format_date

    if not iso:
        return ""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        raise ToolkitError(f"date '{iso}' is not an ISO date (YYYY-MM-DD)") from None
    return str(format_date(day, format="long", locale=lang.replace("-", "_")))


def load_locales(langs: Iterable[str]) -> None:
    """Have Babel read now what it knows of LANGS that a build asks for: their long dates, directions and scripts.

    Babel reads a language's data when first asked (20 ms for the letter's
    Spanish, its shared data included), and a build asks for it while making
    its first edition's AST: loaded beforehand, it can be read while the
    build's documents are read in another process (`commands.build`). A pair
    (`es+en`) is its two languages; one Babel does not know is left to the
    build to report.
    """
    import babel.dates  # noqa: F401  # the long date's formatter
    from babel.core import get_global
    from babel.localedata import load

    get_global("likely_subtags")  # the scripts and regions languages imply
    for lang in (single for tag in langs for single in tag.split("+")):
        try:
            load(str(parse_lang(lang)))
        except ToolkitError:
            continue


@lru_cache(maxsize=256)
def text_direction(lang: str) -> str:
    """`rtl` for a language written right to left (CLDR's character order), else `ltr`.

    >>> text_direction("ar"), text_direction("he_IL"), text_direction("es-MX")
    ('rtl', 'rtl', 'ltr')
    >>> text_direction("pa_IN"), text_direction("pa_Arab_PK"), text_direction("ks_IN"), text_direction("ks_Deva_IN")
    ('ltr', 'rtl', 'rtl', 'ltr')
    """
    # CLDR gives the order of a language or of its script, never of a
    # territory's (true of every locale Babel has): the territory's data is
    # not loaded (es_MX is es_419 and es, 2 ms).
    language, script, _ = _subtags(lang)
    order = parse_lang(f"{language}_{script}" if script else language).character_order
    return "rtl" if order == "right-to-left" else "ltr"


def lang_script(lang: str) -> str:
    """The script LANG is written in (ISO 15924), as Babel's likely subtags have it.

    >>> lang_script("ar"), lang_script("he"), lang_script("es_MX"), lang_script("zh-TW"), lang_script("ja")
    ('Arab', 'Hebr', 'Latn', 'Hant', 'Jpan')
    """
    locale = parse_lang(lang)
    if locale.script:
        return str(locale.script)
    likely = _likely(lang)
    return likely[1] if len(likely) > 1 and len(likely[1]) == 4 else ""


def script_name(script: str) -> str:
    """The English name of SCRIPT (ISO 15924), as messages and font names use it.

    >>> script_name("Guru"), script_name("Hans")
    ('Gurmukhi', 'Simplified')
    """
    from babel import Locale

    return str(Locale("en").scripts.get(script, script))


def native_name(lang: str) -> str:
    """The name of LANG in LANG itself, as a language switcher shows it.

    >>> native_name("es"), native_name("en"), native_name("ar")
    ('español', 'English', 'العربية')
    """
    return parse_lang(lang).get_display_name(lang.replace("-", "_")) or lang
