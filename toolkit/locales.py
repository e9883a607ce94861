"""Languages: what Babel knows about them (the only Babel importer outside catalogs)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from .errors import ToolkitError


def parse_lang(lang: str) -> Locale:
    """Return Babel's locale for LANG (`es`, `es_MX`, `pt-BR`).

    Raises:
        ToolkitError: Babel knows no such locale.
    """
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
