"""Languages: what Babel knows about them (the only Babel importer outside catalogs).

Babel is imported by the functions that need it, so a module that only
compares language tags (`same_language`) starts without it.
"""

from __future__ import annotations

import datetime
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


def parse_lang(lang: str) -> Locale:
    """Return Babel's locale for LANG (`es`, `es_MX`, `pt-BR`).

    Raises:
        ToolkitError: Babel knows no such locale.
    """
    from babel import Locale, UnknownLocaleError

    wanted = lang.replace("-", "_")
    try:
        locale = Locale.parse(wanted)
    except (UnknownLocaleError, ValueError, TypeError):
        locale = None
    # Babel fills in likely subtags (es_ZZ -> es_ES); a territory it had to
    # guess is one it does not know.
    if locale is None or str(locale).lower() != wanted.lower() and "_" in wanted and locale.territory:
        raise ToolkitError(f"unknown language '{lang}'; use a locale code Babel knows, such as es, en, es_MX or pt_BR")
    return locale


def normalize_lang(lang: str) -> str:
    """Check LANG and return it in the form gettext folders use.

    >>> normalize_lang("pt-BR")
    'pt_BR'
    """
    return str(parse_lang(lang))


def language_name(lang: str) -> str:
    """Return the English name of LANG, for catalog headers.

    >>> language_name("es")
    'Spanish'
    """
    return parse_lang(lang).english_name or lang


def likely_region(lang: str) -> str:
    """The territory LANG names, else the one Babel thinks likeliest.

    >>> likely_region("es"), likely_region("es_MX"), likely_region("pt")
    ('ES', 'MX', 'BR')
    """
    from babel.core import get_global

    locale = parse_lang(lang)
    if locale.territory:
        return str(locale.territory)
    likely = get_global("likely_subtags").get(locale.language, "")
    return str(likely).rsplit("_", 1)[-1] if "_" in likely else ""


def lang_tag(lang: str, region: str | None = None) -> str:
    """The BCP 47 tag an edition declares: language plus (given or likely) region.

    >>> lang_tag("es", "MX"), lang_tag("es"), lang_tag("pt_BR")
    ('es-MX', 'es-ES', 'pt-BR')
    """
    language = lang.replace("-", "_").split("_")[0]
    region = region or likely_region(lang)
    return f"{language}-{region}" if region else language


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


def text_direction(lang: str) -> str:
    """`rtl` for a language written right to left (CLDR's character order), else `ltr`.

    >>> text_direction("ar"), text_direction("he_IL"), text_direction("es-MX")
    ('rtl', 'rtl', 'ltr')
    """
    return "rtl" if parse_lang(lang).character_order == "right-to-left" else "ltr"


def lang_script(lang: str) -> str:
    """The script LANG is written in (ISO 15924), as Babel's likely subtags have it.

    >>> lang_script("ar"), lang_script("he"), lang_script("es_MX")
    ('Arab', 'Hebr', 'Latn')
    """
    from babel.core import get_global

    locale = parse_lang(lang)
    if locale.script:
        return str(locale.script)
    likely = str(get_global("likely_subtags").get(locale.language, ""))
    parts = likely.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else ""


def native_name(lang: str) -> str:
    """The name of LANG in LANG itself, as a language switcher shows it.

    >>> native_name("es"), native_name("en"), native_name("ar")
    ('español', 'English', 'العربية')
    """
    return parse_lang(lang).get_display_name(lang.replace("-", "_")) or lang
