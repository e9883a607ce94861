"""Which fonts the PDF of a language is set in, and what to say when none has its letters.

Typst's own Libertinus Serif covers Latin, Greek, Cyrillic and Hebrew, and
the shipped Amiri covers Arabic script. Any other script takes the system's
Noto font for it (Debian: fonts-noto-core, fonts-noto-cjk), or the font the
sidecar names for the language (`[fonts] ja = "..."`). So does a script the
text quotes beyond its languages' (a Korean name in Hangul in an English
letter): its script is read from the characters' Unicode names, and its
Noto font (or `[fonts] Kore = "..."`) follows the languages' fonts. Typst
is given those font files only, never the whole system's fonts, so an
edition is set in the same fonts on every machine that has them, and a
letter no given font has fails the PDF with one line naming the remedy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
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

FULL_WIDTH_PUNCTUATION = frozenset({"Hans", "Hant", "Jpan"})
"""The scripts whose punctuation is the CJK font's: full-width quotation marks, ellipsis and dashes (“……”——)."""


def cjk_punctuation(langs: Sequence[str]) -> bool:
    """Whether a PDF in LANGS (`font_langs`) takes its quotation marks, ellipses and dashes from its CJK font.

    Libertinus has them too, narrow: in Chinese or Japanese text they are
    full-width. Not when another language shares the edition (a parallel
    es+zh, an English paragraph that fell back), whose quotes are Latin.

    >>> [cjk_punctuation(langs) for langs in (["zh"], ["ja", "zh_TW"], ["zh", "es"], ["ko"])]
    [True, True, False, False]
    """
    return bool(langs) and all(lang_script(lang) in FULL_WIDTH_PUNCTUATION for lang in langs)


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

_NOTO_NAMES = {"Beng": "Bengali", "Orya": "Oriya", "Mymr": "Myanmar", "Cans": "Canadian Aboriginal", "Nkoo": "NKo"}
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


_NAME_SCRIPTS = {
    "BENGALI": "Beng",
    "ORIYA": "Orya",
    "NKO": "Nkoo",
    "CANADIAN SYLLABICS": "Cans",
    "HANGUL": "Kore",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "BOPOMOFO": "Hant",
    "CJK": "Hani",
}
"""Where a character's Unicode name begins otherwise than CLDR names its script, and the CJK scripts.

Noto's CJK fonts are one per convention (`_CJK`): Hangul takes the Korean
one, kana the Japanese one, Bopomofo the Traditional Chinese one; Han is
shared and chosen by `han_script`.
"""

_CJK_BLOCKS = (
    (0x2E80, 0x2FE0),  # CJK and Kangxi radicals
    (0x2FF0, 0x3040),  # ideographic description, CJK symbols and punctuation
    (0x3190, 0x31A0),  # kanbun
    (0x31C0, 0x31F0),  # CJK strokes
    (0x3200, 0x3400),  # enclosed CJK letters, CJK compatibility
    (0xFE30, 0xFE50),  # CJK compatibility forms
    (0xFF00, 0xFFF0),  # half- and full-width forms
)
"""Blocks of punctuation and forms the CJK fonts set, whose names name no script ('IDEOGRAPHIC FULL STOP')."""


@lru_cache(maxsize=1)
def _scripts_by_name() -> dict[str, str]:
    """ISO 15924 codes by the upper-case English name CLDR gives the script, as Unicode names begin with it."""
    from babel import Locale

    # Z codes are no script (Common, Symbols, Emoji), Han's variants are chosen by `han_script`.
    names = {
        name.upper(): code
        for code, name in Locale("en").scripts.items()
        if len(code) == 4 and not code.startswith("Z") and code not in {"Hans", "Hant", "Hanb", "Jpan", "Kore"}
    }
    return names | _NAME_SCRIPTS


@lru_cache(maxsize=4096)
def char_script(char: str) -> str:
    """The script (ISO 15924) of the letter CHAR, as its Unicode name begins; 'Hani' for Han, '' for none.

    >>> [char_script(c) for c in "a한习あक「😀"]
    ['Latn', 'Kore', 'Hani', 'Jpan', 'Deva', 'Hani', '']
    """
    code = ord(char)
    # Most of a text in a Latin script, answered without CLDR's names of
    # scripts, which take 4 ms to load (the same answers: `test_typefaces`).
    if code < 0x250:  # Basic Latin to Latin Extended-B
        return "Latn" if unicodedata.name(char, "").startswith("LATIN ") else ""
    if 0x2000 <= code < 0x2070:  # General Punctuation: dashes, quotation marks, spaces
        return ""
    if any(start <= code < end for start, end in _CJK_BLOCKS):
        return "Hani"
    return _named_script(char)


def _named_script(char: str) -> str:
    """The script CHAR's Unicode name begins with, or ''."""
    words = unicodedata.name(char, "").replace("-", " ").split()
    table = _scripts_by_name()
    for size in (3, 2, 1):
        script = table.get(" ".join(words[:size]))
        if script and len(words) > size:
            return script
    return ""


_HAN = frozenset(_CJK)
"""The scripts whose font sets Han: Noto's CJK fonts."""


def han_script(langs: Sequence[str], scripts: Iterable[str] = ()) -> str:
    """The convention Han characters are set in: Chinese, Japanese or Korean, by the languages first.

    Han is shared by Chinese, Japanese and Korean, whose fonts draw some
    characters differently. The first of LANGS (the edition's, then the
    source's) written with Han decides; else kana among the text's SCRIPTS
    make it Japanese; else it is Simplified Chinese, the most written.

    >>> han_script(["en"]), han_script(["en", "ja"]), han_script(["zh_TW"]), han_script(["en"], ["Jpan"])
    ('Hans', 'Jpan', 'Hant', 'Jpan')
    """
    for lang in langs:
        script = lang_script(lang)
        if script in _HAN:
            return script
    return "Jpan" if "Jpan" in scripts else "Hans"


def quoted_scripts(chars: Iterable[str], langs: Sequence[str], source_lang: str = "") -> tuple[str, ...]:
    """The scripts of CHARS that neither the base fonts nor the fonts of LANGS set, in the order the PDF takes them.

    Han's convention (`han_script`, by LANGS, then SOURCE_LANG) comes first,
    so that a Chinese name is drawn in Chinese forms although the Korean
    or Japanese font found for other letters has its characters too; the
    others follow by code, so the order does not depend on the text's.

    >>> quoted_scripts("Kim 김 and Xi 习 in हिंदी", ["en"])
    ('Hans', 'Deva', 'Kore')
    """
    found = {char_script(char) for char in set(chars)} - {""}
    han = han_script([*langs, *([source_lang] if source_lang else [])], found) if "Hani" in found else ""
    own = COVERED_SCRIPTS | {lang_script(lang) for lang in langs}
    others = sorted(found - own - {"Hani", han})
    return (han, *others) if han and han not in own else tuple(others)


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
    langs: Sequence[str], named: Mapping[str, str] | None = None, sidecar: str = "", scripts: Sequence[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The font families of a PDF in LANGS, in order of preference, and the system font files they need.

    Args:
        langs: the edition's languages (two for a parallel edition), as catalog folders name them.
        named: a family per language, as the sidecar's `[fonts]` names it; it comes first. A script's
            code (`[fonts] Deva = "..."`) names the font of a script the text quotes.
        sidecar: the sidecar's path, for the message when that font is missing.
        scripts: the scripts the text quotes beyond its languages' (`quoted_scripts`): each one's
            font follows the languages' fonts, for the letters none of those has.

    Raises:
        ToolkitError: the sidecar names a font that is not installed.
    """
    first: list[str] = []
    last: list[str] = []
    files: list[str] = []
    for lang in langs:
        family = (named or {}).get(lang, "")
        if family:
            first.append(family)
            files.extend(_named_font(lang, family, sidecar))
            continue
        script = lang_script(lang)
        if script and script not in COVERED_SCRIPTS:
            last.extend(_noto_font(script, files))
    for script in scripts:
        family = (named or {}).get(script, "")
        if family:
            last.append(family)
            files.extend(_named_font(script, family, sidecar))
        else:
            last.extend(_noto_font(script, files))
    families = dict.fromkeys([*first, *BASE_FAMILIES, *last])
    return tuple(families), tuple(dict.fromkeys(files))


def _named_font(key: str, family: str, sidecar: str) -> tuple[str, ...]:
    """The files of the FAMILY the sidecar's `[fonts] KEY` names."""
    found = system_fonts().get(family)
    if not found:
        raise ToolkitError(
            f"[fonts] {key} = '{family}': no such font is installed; install it or name another", sidecar
        )
    return found


def _noto_font(script: str, files: list[str]) -> list[str]:
    """The first installed Noto family of SCRIPT, as a list of none or one; its files go to FILES."""
    for candidate in noto_families(script):
        found = system_fonts().get(candidate)
        if found:
            files.extend(found)
            return [candidate]
    return []


def script_font_missing(script: str, named: Mapping[str, str] | None = None) -> bool:
    """Whether no Noto font of SCRIPT is installed and the sidecar names none: its letters need one installed."""
    return not (named or {}).get(script) and not any(system_fonts().get(family) for family in noto_families(script))


def quoted_font_remedy(
    chars: Sequence[str], langs: Sequence[str], named: Mapping[str, str] | None = None, sidecar: str = ""
) -> str | None:
    """What to do about CHARS no font of the PDF in LANGS has, when they are letters of a quoted script with no font.

    None when they are not (an emoji, a letter the installed font lacks):
    then only an edit of the text helps.

    >>> print(quoted_font_remedy(["\U00016a70"], ["en"], {}, "a.toml"))
    ... # doctest: +NORMALIZE_WHITESPACE
    no Tangsa font is installed (Noto Sans Tangsa): install fonts-noto-core and fonts-noto-cjk,
    or name an installed font in a.toml as [fonts] Tnsa = "Family"
    """
    scripts = {quoted_scripts(char, langs) for char in chars}
    if len(scripts) != 1:
        return None
    (found,) = scripts
    if len(found) != 1 or not script_font_missing(found[0], named):
        return None
    code = found[0]
    shown = {"Hans": "Simplified Chinese", "Hant": "Traditional Chinese"}.get(code, script_name(code))
    return (
        f"no {shown} font is installed ({noto_families(code)[-1]}): install {PACKAGES}, "
        f'or name an installed font in {sidecar or "the sidecar"} as [fonts] {code} = "Family"'
    )


def named_chars(chars: Iterable[str]) -> str:
    """CHARS as the messages about fonts show them, comma-separated.

    >>> named_chars("😀")
    "'😀' (U+1F600 GRINNING FACE)"
    """
    return ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)


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
