"""Name and describe segments: stable keys and translator comments.

A key is made of the segment's role and the first words of its source text,
never of a running position, so inserting or removing a paragraph leaves the
keys (and so the translations) of every other segment alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

SLUG_WORDS = 6


def slug(text: str, words: int = SLUG_WORDS) -> str:
    """Make a short id from the first words of TEXT, in lower case.

    Latin letters lose their accents, as in an ASCII id; letters of other
    scripts are kept, so that a text in Russian or Japanese is keyed by its
    words too, not by its position. A word of a script written without
    spaces keeps its first characters.

    >>> slug("Médicos del Mundo Francia – España")
    'medicos-del-mundo-francia-espana'
    >>> slug("[^7] “Special Purpose Marine Air-Ground Task Force”")
    'special-purpose-marine-air-ground-task'
    >>> slug("Правительство Мексики, «третья страна»"), slug("五月十日（土）午前九時から、緑町公園に集合")
    ('правительство-мексики-третья-страна', '五月十日-土-午前九時から緑町公園に集合')
    >>> slug("हिन्दी में रिपोर्ट"), slug("تقرير ميداني")
    ('हिन्दी-में-रिपोर्ट', 'تقرير-ميداني')
    """
    # Only the first words count: the first characters of a paragraph nearly
    # always hold one more than that, and the whole text is read only when not.
    found = _words(text[:_HEAD])
    if len(found) <= words and len(text) > _HEAD:
        found = _words(text)
    return "-".join(found[:words]) or "empty"


_HEAD = 120
_NOTE_TOKEN = re.compile(r"\[\^\d+\]")
_LONGEST = 16
"""Characters kept of a word not in Latin letters: its first ones (a Japanese sentence is one word)."""


def _words(text: str) -> list[str]:
    """The words of TEXT as keys write them: lower case, note tokens dropped.

    A character that folds to ASCII (`é`, `ﬁ`, a full-width `Ａ`) is written
    so; another Latin letter (`ß`, `ł`), a combining accent and any other
    punctuation are dropped, joining what they stood between, as keys
    always did. Letters, digits and marks of other scripts are kept; words
    are split at ASCII spaces and punctuation.
    """
    words = unicodedata.normalize("NFC", _NOTE_TOKEN.sub(" ", text)).translate(_KEY_CHARS).split()
    return [word if word.isascii() else word[:_LONGEST] for word in words]


class _KeyChars(dict[int, str]):
    """What each character becomes in a key, worked out once per character (`str.translate` asks in C)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isascii():
            kept = char.lower() if char.isalnum() else " "
        elif folded := unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode().lower():
            kept = "".join(c if c.isalnum() else " " for c in folded)
        elif "LATIN" in unicodedata.name(char, "") or 0x300 <= code < 0x370:
            kept = ""
        elif char.isalnum() or unicodedata.category(char).startswith("M"):
            kept = char.casefold()
        else:
            kept = ""
        self[code] = kept
        return kept


_KEY_CHARS = _KeyChars()


class KeyMaker:
    """Hand out keys, numbering repeats (`-2`, `-3`) so each key is unique."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def __call__(self, role: str, text: str | None = None) -> str:
        key = f"{role}:{slug(text)}" if text is not None else role
        self._seen[key] += 1
        return key if self._seen[key] == 1 else f"{key}-{self._seen[key]}"


def describe(what: str, text: str) -> str:
    r"""Write the extracted comment for a segment: what it is, then how to treat its tokens and lines.

    >>> describe("Paragraph.", "Water Board\nSpringfield")
    'Paragraph. Set in lines: each line break prints as a new line.'
    """
    notes = _NOTE_TOKEN.findall(text) if "[^" in text else []
    if notes:
        if len(notes) == 1:
            what += f" Keep the footnote token {notes[0]} once, where it belongs in your sentence."
        else:
            what += f" Keep the footnote tokens {', '.join(notes)} once each, where they belong in your sentence."
    if "\n" in text:  # an address or a poem: a translator who joins its lines joins them on the page
        what += " Set in lines: each line break prints as a new line."
    return what
