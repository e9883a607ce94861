"""How messages count things: "1 edition", "3 editions"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """COUNT and NOUN in the number that agrees with it: NOUN + "s", or PLURAL when given.

    >>> counted(1, "edition"), counted(3, "edition"), counted(1, "entry", "entries"), counted(0, "entry", "entries")
    ('1 edition', '3 editions', '1 entry', '0 entries')
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
