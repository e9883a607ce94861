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
    """Make a short ASCII id from the first words of TEXT.

    >>> slug("Médicos del Mundo Francia – España")
    'medicos-del-mundo-francia-espana'
    >>> slug("[^7] “Special Purpose Marine Air-Ground Task Force”")
    'special-purpose-marine-air-ground-task'
    """
    # Only the first words count: the first characters of a paragraph nearly
    # always hold one more than that, and the whole text is read only when not.
    found = _words(text[:_HEAD])
    if len(found) <= words and len(text) > _HEAD:
        found = _words(text)
    return "-".join(found[:words]) or "empty"


_HEAD = 120
_NOTE_TOKEN = re.compile(r"\[\^\d+\]")
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    """The ASCII words of TEXT, lower case, accents and note tokens dropped."""
    folded = unicodedata.normalize("NFKD", _NOTE_TOKEN.sub(" ", text))
    return _WORD.findall(folded.encode("ascii", "ignore").decode().lower())


class KeyMaker:
    """Hand out keys, numbering repeats (`-2`, `-3`) so each key is unique."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def __call__(self, role: str, text: str | None = None) -> str:
        key = f"{role}:{slug(text)}" if text is not None else role
        self._seen[key] += 1
        return key if self._seen[key] == 1 else f"{key}-{self._seen[key]}"


def describe(what: str, text: str) -> str:
    """Write the extracted comment for a segment: what it is, then how to treat its tokens."""
    notes = _NOTE_TOKEN.findall(text) if "[^" in text else []
    if notes:
        if len(notes) == 1:
            what += f" Keep the footnote token {notes[0]} once, where it belongs in your sentence."
        else:
            what += f" Keep the footnote tokens {', '.join(notes)} once each, where they belong in your sentence."
    return what
