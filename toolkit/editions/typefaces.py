"""Which fonts the PDF of a language is set in, and what to say when none has its letters.

Typst's own Libertinus Serif covers Latin, Greek, Cyrillic and Hebrew, and
the shipped Amiri covers Arabic script. Any other script takes the system's
Noto font for it (Debian: fonts-noto-core, fonts-noto-cjk), or the font the
sidecar names for the language (`[fonts] ja = "..."`). Typst is given those
font files only, never the whole system's fonts, so an edition is set in
the same fonts on every machine that has them, and a letter no given font
has fails the PDF with one line naming the language and the remedy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.locales import lang_script, language_name, script_name

FONTS_DIR = Path(__file__).parent / "fonts"
"""Fonts shipped with the toolkit (Amiri, SIL OFL 1.1), for the scripts Typst's own fonts lack."""

SCRIPT_FONTS = {"Arab": ("Amiri", ("Amiri-Regular.ttf", "Amiri-Bold.ttf"))}
"""Shipped font family and files per script (ISO 15924) that Libertinus Serif does not cover.

Libertinus covers Latin, Greek, Cyrillic and Hebrew; the PDF falls back to
Amiri (all four styles in `fonts/`) for any text in its script, and an EPUB
in a language written in it embeds the upright styles (about 450 KB
compressed; reading systems slant them for italics).
"""

BASE_FAMILIES = ("Libertinus Serif", "Amiri")
"""Typst's own serif and the shipped Arabic face: every PDF has them."""

COVERED_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl", "Hebr", "Arab"})
"""Scripts the base families set."""

ITALIC_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl", "Arab"})
"""Scripts set in italics where the editions slant text (Arabic in the shipped Amiri Slanted).

Others have no italic fonts here, nor the convention: a renderer would slant
Chinese or Devanagari itself, and Typst would set only the Latin letters
among them in italics. The editions set those languages upright.
"""


@lru_cache(maxsize=256)
def has_italics(tag: str) -> bool:
    """Whether the editions slant text in the language TAG (a language of unknown script is slanted).

    >>> has_italics("es-MX"), has_italics("ru"), has_italics("ar"), has_italics("ja-JP"), has_italics("he")
    (True, True, True, False, False)
    """
    script = lang_script(tag)
    return not script or script in ITALIC_SCRIPTS


_CJK = {"Hans": "SC", "Hant": "TC", "Jpan": "JP", "Kore": "KR"}
"""Noto's CJK fonts are one family per convention: Simplified and Traditional Chinese, Japanese, Korean."""

_NOTO_NAMES = {"Beng": "Bengali", "Orya": "Oriya", "Mymr": "Myanmar"}
"""Where Noto names a script otherwise than CLDR does."""

PACKAGES = "fonts-noto-core and fonts-noto-cjk"
"""The Debian packages with the Noto fonts this module looks for."""


def noto_families(script: str) -> list[str]:
    """Noto families that set SCRIPT (ISO 15924), serif first.

    >>> noto_families("Jpan"), noto_families("Thai")
    (['Noto Serif CJK JP', 'Noto Sans CJK JP'], ['Noto Serif Thai', 'Noto Sans Thai'])
    """
    if script in _CJK:
        return [f"Noto {style} CJK {_CJK[script]}" for style in ("Serif", "Sans")]
    name = _NOTO_NAMES.get(script, script_name(script))
    return [f"Noto {style} {name}" for style in ("Serif", "Sans")]


@lru_cache(maxsize=1)
def system_fonts() -> dict[str, tuple[str, ...]]:
    """The font files of each family installed on the system, as Typst finds them (about 0.1 s, once)."""
    import typst

    files: dict[str, list[str]] = {}
    for font in typst.Fonts(include_system_fonts=True, include_embedded_fonts=False).fonts():
        if font.path:
            files.setdefault(font.family, [])
            if font.path not in files[font.family]:
                files[font.family].append(font.path)
    return {family: tuple(sorted(paths)) for family, paths in files.items()}


def pdf_fonts(
    langs: Sequence[str], named: Mapping[str, str] | None = None, sidecar: str = ""
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The font families of a PDF in LANGS, in order of preference, and the system font files they need.

    Args:
        langs: the edition's languages (two for a parallel edition), as catalog folders name them.
        named: a family per language, as the sidecar's `[fonts]` names it; it comes first.
        sidecar: the sidecar's path, for the message when that font is missing.

    Raises:
        ToolkitError: the sidecar names a font that is not installed.
    """
    first: list[str] = []
    last: list[str] = []
    files: list[str] = []
    for lang in langs:
        family = (named or {}).get(lang, "")
        if family:
            found = system_fonts().get(family)
            if not found:
                raise ToolkitError(
                    f"[fonts] {lang} = '{family}': no such font is installed; install it or name another", sidecar
                )
            first.append(family)
            files.extend(found)
            continue
        script = lang_script(lang)
        if not script or script in COVERED_SCRIPTS:
            continue
        for candidate in noto_families(script):
            found = system_fonts().get(candidate)
            if found:
                last.append(candidate)
                files.extend(found)
                break
    families = dict.fromkeys([*first, *BASE_FAMILIES, *last])
    return tuple(families), tuple(dict.fromkeys(files))


def lacks_script_font(lang: str, named: Mapping[str, str] | None = None) -> bool:
    """Whether the PDF in LANG may lack a font for the language's own script: none installed, or one named instead.

    Then letters no font has are most likely the language's own, and the
    remedy is a font, not an edit of the text.
    """
    script = lang_script(lang)
    if not script or script in COVERED_SCRIPTS:
        return False
    return bool((named or {}).get(lang)) or not any(system_fonts().get(family) for family in noto_families(script))


def no_font_message(lang: str, chars: Sequence[str], sidecar: str) -> str:
    """One line: which language, which letters no font has, and what to do.

    >>> print(no_font_message("th", ["ส"], "a.toml"))
    ... # doctest: +NORMALIZE_WHITESPACE
    no font has the Thai (th) letters 'ส'; install fonts-noto-core and fonts-noto-cjk,
    or name an installed font in a.toml as [fonts] th = "Family"
    """
    shown = "".join(chars[:12]) + ("…" if len(chars) > 12 else "")
    return (
        f"no font has the {language_name(lang)} ({lang}) letters '{shown}'; install {PACKAGES}, "
        f'or name an installed font in {sidecar or "the sidecar"} as [fonts] {lang} = "Family"'
    )


_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed with font')


def missing_font_message(typst_error: str, langs: Sequence[str], sidecar: str) -> str | None:
    """One line for a Typst error that no font has some letters, or None for another error."""
    found = _MISSING_GLYPH.search(typst_error)
    if not found:
        return None
    lang = next((lang for lang in langs if lang_script(lang) not in COVERED_SCRIPTS), langs[-1])
    return no_font_message(lang, [found.group(1)], sidecar)
