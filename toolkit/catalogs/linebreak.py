"""Where a line of text may end, and how many columns it takes, as GNU gettext decides both.

msgcat and msgmerge wrap a PO string with libunistring: Unicode line
breaking (UAX #14) by a table of pairs of line-break classes, and column
widths by East Asian width. `linebreak.txt`, written from libunistring 1.0
(the one gettext 0.21 links with) by `tools/make_linebreak_table.py`, holds
the class and width of every code point and the pair table; this module
applies them with the rules libunistring adds to the pairs:

- never before a space, and a space does not end the pair: `a (` is looked
  up as `a` then `(`, remembering the space ("I" in the table: a break
  only after spaces);
- a combining mark (CM) or zero width joiner (ZWJ) belongs to the character
  before it, so the pair is that character's; after a space it may start a
  line;
- never after a zero width joiner; always after a zero width space (ZW);
- never after a hyphen (HY) or break-after character (BA) that follows a
  Hebrew letter directly (UAX #14 rule LB21a: `בית-ספר` keeps together);
- regional indicators (flags) pair up: never between the two of one flag.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("linebreak.txt")
_ATTACHED = frozenset({"CM", "ZWJ"})
_ENDS = frozenset({"SP", "ZW"})


@lru_cache(maxsize=1)
def _tables() -> tuple[list[int], list[str], list[int], dict[tuple[str, str], str]]:
    """The runs (first code point, class, width) and the pair table, read once."""
    starts: list[int] = []
    classes: list[str] = []
    widths: list[int] = []
    pairs: dict[tuple[str, str], str] = {}
    columns: list[str] = []
    for line in _DATA.read_text(encoding="ascii").splitlines():
        if line.startswith("#"):
            continue
        fields = line.split()
        if fields[0] == "pairs":
            columns = fields[1:]
        elif columns:
            pairs.update(((fields[0], column), act) for column, act in zip(columns, fields[1], strict=True))
        else:
            starts.append(int(fields[0], 16))
            classes.append(fields[1])
            widths.append(int(fields[2]))
    return starts, classes, widths, pairs


_CLASS_OF: dict[str, str] = {}
"""The classes looked up so far: most text uses a few dozen characters."""


def line_break_class(char: str) -> str:
    """Return the line-break class of CHAR as gettext's wrapping sees it.

    >>> line_break_class("a"), line_break_class("א"), line_break_class("。"), line_break_class(" ")
    ('AL', 'HL', 'CL', 'SP')
    """
    found = _CLASS_OF.get(char)
    if found is None:
        starts, classes, _, _ = _tables()
        found = _CLASS_OF[char] = classes[bisect_right(starts, ord(char)) - 1]
    return found


@lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    r"""Return the columns CHAR takes: 2 for a wide one, 0 for a combining mark.

    >>> char_width("a"), char_width("中"), char_width("\u0301")
    (1, 2, 0)
    """
    starts, _, widths, _ = _tables()
    return widths[bisect_right(starts, ord(char)) - 1]


def can_break_before(text: str, index: int) -> bool:
    """Tell whether a line of TEXT may end right before INDEX (and the next start there).

    >>> [i for i in range(8) if can_break_before("a (b) c.", i)]
    [2, 6]
    >>> can_break_before("בית-ספר", 4), can_break_before("abc-def", 4)
    (False, True)
    """
    if index <= 0:
        return False
    of = _CLASS_OF.get
    after = of(text[index]) or line_break_class(text[index])
    if after in _ENDS:
        return False
    last = index - 1
    previous = of(text[last]) or line_break_class(text[last])
    spaced = previous == "SP"
    while previous == "SP":
        last -= 1
        if last < 0:
            return False
        previous = of(text[last]) or line_break_class(text[last])
    if previous == "ZW":
        return True
    if after in _ATTACHED or (previous == "ZWJ" and not spaced):
        return spaced
    # The pair is made with the character the marks before INDEX belong to.
    base, before = last, previous
    while before in _ATTACHED and base > 0:
        earlier = of(text[base - 1]) or line_break_class(text[base - 1])
        if earlier in _ENDS:
            break
        base, before = base - 1, earlier
    if before in _ATTACHED:
        before = "AL"  # marks that follow nothing
    action = _tables()[3].get((before, after), "D")
    if action == "P" or (action == "I" and not spaced):
        return False
    if spaced or base != last:
        return True
    if before in ("HY", "BA") and base > 0 and line_break_class(text[base - 1]) == "HL":
        return False
    if before == after == "RI":
        first = base
        while first > 0 and line_break_class(text[first - 1]) == "RI":
            first -= 1
        return (base - first) % 2 == 1
    return True
