"""The PO file format as GNU gettext writes it: the catalog's own types, a writer, a syntax check, two parsers.

A catalog is read once into frozen `Entry` and `Catalog` values that carry
their line numbers, plural forms and obsolete entries, and written back
byte for byte as GNU gettext 0.21 writes it (`msgcat FILE` leaves it
unchanged). A file in GNU's layout is read an entry at a time by one
regular expression (`parse_gnu_catalog`), a large one in parts on every
core (`toolkit.parallel`); any other goes through the syntax check, which
refuses what GNU refuses (an unterminated string, an escape it does not
know), and a parser that reads a line at a time.
polib, in the tests, is the independent reader both are held to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache, partial
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

import msgspec

from toolkit.catalogs.linebreak import can_break_before, char_width, line_break_class
from toolkit.errors import ToolkitError
from toolkit.parallel import hands, map_forked

PAGE_WIDTH = 79
"""GNU's default page width for wrapping strings."""


class Entry(msgspec.Struct, frozen=True):
    """One entry of a catalog, as read from its file or made for it."""

    msgid: str
    msgstr: str = ""
    """The translation; empty for a plural entry, whose forms are in `msgstr_plural`."""
    msgctxt: str | None = None
    """The entry's key (a segment's stable key); None when the entry has none."""
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    """The forms of a plural entry's translation, `msgstr[0]` first."""
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    """The source a fuzzy translation was made for (`#| msgid`)."""
    previous_msgid_plural: str | None = None
    tcomment: str = ""
    """The translator comment (`# ...`)."""
    comment: str = ""
    """The extracted comment (`#. ...`)."""
    occurrences: tuple[tuple[str, str], ...] = ()
    """The references (`#: file:line`), as (file, line) pairs; the line may be empty."""
    flags: tuple[str, ...] = ()
    obsolete: bool = False
    """Kept as `#~`: the key left the template."""
    line: int = 0
    """The entry's first line in its file (0 for an entry not read from a file)."""
    msgstr_line: int = 0
    """The line of its `msgstr` (or `msgstr[0]`) keyword: where a translator fixes the translation."""

    @property
    def translation(self) -> str:
        """The msgstr, or a plural entry's first form: empty when GNU counts the entry untranslated."""
        return (self.msgstr_plural[0] if self.msgstr_plural else "") if self.msgid_plural else self.msgstr

    @property
    def fuzzy(self) -> bool:
        """Marked fuzzy and translated (GNU drops the flag of an untranslated entry)."""
        return "fuzzy" in self.flags and self.translation != ""


class Catalog(msgspec.Struct, frozen=True):
    """A catalog or template: its header and its entries, obsolete ones included, in file order."""

    entries: tuple[Entry, ...] = ()
    metadata: Mapping[str, str] = msgspec.field(default_factory=dict)
    """The header entry's fields (`Language`, `Content-Type`, ...), in their order."""
    header: str = ""
    """The translator comment before the header entry (the file's title and licence)."""
    header_flags: tuple[str, ...] = ()
    """The header entry's flags: `fuzzy` in a template."""

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> Entry:
        return self.entries[index]

    def with_entries(self, entries: Iterable[Entry]) -> Catalog:
        """The same header with ENTRIES."""
        return msgspec.structs.replace(self, entries=tuple(entries))


# -- Writing exactly as GNU gettext does -------------------------------------

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')


def _escape(text: str) -> str:
    r"""Write TEXT as the inside of a PO string.

    >>> print(_escape('say "hi"\n'))
    say \"hi\"\n
    """
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def _can_break_before(portion: str, index: int) -> bool:
    """Whether PORTION (escaped) may break before INDEX, as msgcat breaks it.

    Where Unicode line breaking allows (`linebreak`), but never inside an
    escape, nor before the escaped newline that ends a portion.

    >>> [i for i in range(12) if _can_break_before('Hola, "mundo"', i)]
    [6]
    """
    if not can_break_before(portion, index):
        return False
    backslashes = 0
    while backslashes < index and portion[index - 1 - backslashes] == "\\":
        backslashes += 1
    if backslashes % 2:
        return False  # the character a backslash escapes
    return not (index == len(portion) - 2 and portion.endswith("\\n"))


def _columns(portion: str) -> list[int] | None:
    """Columns before each character of PORTION (and after the last); None when they are the indices."""
    # Most text has no wide or zero-width character: one look at each distinct one.
    if portion.isascii() or all(char_width(char) == 1 for char in set(portion)):
        return None
    return [0, *accumulate(map(char_width, portion))]


@lru_cache(maxsize=1)
def _run() -> frozenset[str]:
    """Letters and digits (AL and NU) up to U+052F: never a break between two of them.

    Made when a string is first wrapped, not on import: reading a catalog
    (`check`, `build`) needs no line-breaking table.
    """
    return frozenset(chr(code) for code in range(0x530) if line_break_class(chr(code)) in ("AL", "NU"))


def _break_in(portion: str, positions: range) -> int | None:
    """The first of POSITIONS before which PORTION may break."""
    run = _run()
    for index in positions:
        # Inside a word, the common case, without the pair table.
        if portion[index] in run and portion[index - 1] in run:
            continue
        if _can_break_before(portion, index):
            return index
    return None


def _fill(portion: str, columns: list[int] | None, width: int, start: int) -> list[int]:
    """Where to break PORTION, as libunistring's greedy width breaking does, the first line starting at column START.

    Each line takes the last possible break that fits, or the first one
    after it when none does. The pair table is consulted only there,
    backwards from the line's last column: a handful of characters per line.
    """
    size = len(portion)
    breaks: list[int] = []
    line, offset = 0, start
    while True:
        last_column = (line if columns is None else columns[line]) + width - offset
        if (size if columns is None else columns[size]) <= last_column:
            return breaks
        fits = min(last_column if columns is None else bisect_right(columns, last_column) - 1, size - 1)
        found = _break_in(portion, range(fits, line, -1))
        if found is None:
            found = _break_in(portion, range(max(fits, line) + 1, size))
            if found is None:
                return breaks
        breaks.append(found)
        line, offset = found, 0


def _wrap(name: str, value: str, prefix: str = "", wrap: bool = True) -> list[str]:
    r"""Write `name "value"` as GNU's `wrap()` does: 79 columns, breaks after spaces and `\n`.

    >>> _wrap("msgid", "One\nTwo")
    ['msgid ""', '"One\\n"', '"Two"']
    """
    if (
        wrap
        and "\n" not in value
        and len(prefix) + len(name) + len(value) <= PAGE_WIDTH - 3
        and value.isascii()
        and not _NEEDS_ESCAPE.search(value)
    ):
        # Fits on its line as it is: nothing to escape or break.
        return [f'{prefix}{name} "{value}"']
    return list(_wrap_lines(name, value, prefix, wrap))


@lru_cache(maxsize=1 << 16)
def _wrap_lines(name: str, value: str, prefix: str, wrap: bool) -> tuple[str, ...]:
    # Cached: `update` wraps the msgids it has just wrapped for the template.
    portions = [_escape(part) for part in re.findall(r"[^\n]*\n|[^\n]+", value)] or [""]
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if wrap else 1 << 30) - 1 - after_break
    lines: list[str] = []
    first = True
    for number, portion in enumerate(portions):
        start = len(prefix) + 1 - after_break + (len(name) + 1 if first else 0)
        columns = _columns(portion)
        end = len(portion) if columns is None else columns[-1]
        breaks = _fill(portion, columns, width, start) if start + end > width else []
        if first and portion and (number < len(portions) - 1 or start > width or breaks):
            lines.append(f'{prefix}{name} ""')
            first, start = False, 0
            breaks = _fill(portion, columns, width, start) if end > width else []
        head = f"{prefix}{name} " if first else prefix
        first = False
        cuts = [0, *breaks, len(portion)]
        pieces = [portion[a:b] for a, b in pairwise(cuts)]
        lines.append(f'{head}"{pieces[0]}"')
        lines.extend(f'{prefix}"{piece}"' for piece in pieces[1:])
    return tuple(lines)


def _comment_lines(mark: str, text: str) -> list[str]:
    return [f"{mark} {line}" if line else mark for line in text.split("\n")] if text else []


def _format_entry(entry: Entry) -> list[str]:
    """Write one entry as GNU's `message_print` (or `message_print_obsolete`) does."""
    wrap = "no-wrap" not in entry.flags
    # GNU drops the fuzzy flag of an untranslated entry: there is nothing to check.
    fuzzy = entry.fuzzy
    flags = ["fuzzy"] if fuzzy else []
    flags += [flag for flag in entry.flags if flag != "fuzzy"]
    lines = _comment_lines("#", entry.tcomment or "")
    if entry.obsolete:
        if not entry.translation:
            return []
        if fuzzy:
            lines.append("#, fuzzy")
        prefix, previous = "#~ ", "#~| "
    else:
        lines += _comment_lines("#.", entry.comment or "")
        references = [f"{file}:{line}" if line else file for file, line in entry.occurrences]
        if references:
            lines.append("#:")
            for reference in references:
                if len(lines[-1]) > 2 and len(lines[-1]) + 1 + len(reference) > PAGE_WIDTH:
                    lines.append("#:")
                lines[-1] += f" {reference}"
        if flags:
            lines.append("#, " + ", ".join(flags))
        prefix, previous = "", "#| "
    if entry.previous_msgctxt is not None:
        lines += _wrap("msgctxt", entry.previous_msgctxt, previous, wrap)
    if entry.previous_msgid is not None:
        lines += _wrap("msgid", entry.previous_msgid, previous, wrap)
    if entry.previous_msgid_plural is not None:
        lines += _wrap("msgid_plural", entry.previous_msgid_plural, previous, wrap)
    if entry.msgctxt is not None:
        lines += _wrap("msgctxt", entry.msgctxt, prefix, wrap)
    lines += _wrap("msgid", entry.msgid, prefix, wrap)
    if entry.msgid_plural:
        lines += _wrap("msgid_plural", entry.msgid_plural, prefix, wrap)
        for index, form in enumerate(entry.msgstr_plural):
            lines += _wrap(f"msgstr[{index}]", form, prefix, wrap)
    else:
        lines += _wrap("msgstr", entry.msgstr, prefix, wrap)
    return lines


def format_catalog(catalog: Catalog) -> bytes:
    """Serialise CATALOG: header entry, entries, then obsolete entries."""
    header = _comment_lines("#", catalog.header.rstrip("\n"))
    if catalog.header_flags:
        flags = sorted(catalog.header_flags, key=lambda flag: flag != "fuzzy")
        header.append("#, " + ", ".join(flags))
    metadata = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    blocks = [header + _wrap("msgid", "") + _wrap("msgstr", metadata)]
    blocks += [_format_entry(entry) for entry in catalog if not entry.obsolete]
    blocks += [_format_entry(entry) for entry in catalog if entry.obsolete]
    return "\n\n".join("\n".join(block) for block in blocks if block).encode() + b"\n"


# -- Reading ------------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+{_STRING}[ \t]*")
_CONTINUATION = re.compile(rf"[ \t]*{_STRING}[ \t]*")
_OPENS_STRING = re.compile(r'(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?[ \t]*"')


_LINE_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_GOOD_LINE = (
    rf"(?:(?:#~\|*|#\|)?[ \t\r]*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+"
    rf"{_LINE_STRING}|{_LINE_STRING})?[ \t\r]*|#(?![~|])[^\n]*)"
)
_GOOD_LINES = re.compile(rf"^{_GOOD_LINE}$", re.MULTILINE)
"""One line `check_syntax` accepts (most of those it accepts), anchored to the line."""


def check_syntax(text: str, path: Path) -> None:
    """Reject what polib lets through: unterminated strings and stray lines."""
    # One regex pass in C: when every line is a plain good one, there is
    # nothing to look at line by line.
    if _GOOD_LINES.subn("", text)[1] == text.count("\n") + 1:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        # Obsolete (#~) and previous (#|, #~|) lines carry strings too.
        if line.startswith("#~"):
            body = line[2:].lstrip("|").strip()
        elif line.startswith("#|"):
            body = line[2:].strip()
        elif line.startswith("#"):
            continue
        else:
            body = line.strip()
        if not body or _KEYWORD_LINE.fullmatch(body) or _CONTINUATION.fullmatch(body):
            continue
        if _OPENS_STRING.match(body):
            raise ToolkitError(f"unterminated string, or text after it: {body[:40]}", path, number)
        if body.startswith(_CONFLICT_MARKERS):
            raise ToolkitError(
                f"{body[:40]!r} marks a merge conflict; keep one side of it and delete the markers", path, number
            )
        raise ToolkitError(f"unexpected line {body[:40]!r}; expected a comment, a keyword or a string", path, number)


_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
# GNU reads the escapes of C: the named ones, up to three octal digits, or
# \x and hex digits, each one byte of the UTF-8 text.
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))", re.DOTALL)
_BYTE_ESCAPE = re.compile(r"\\[0-7x]")
_NEXT = {
    "": ("msgctxt", "msgid"),
    "msgctxt": ("msgid",),
    "msgid": ("msgstr", "msgid_plural"),
    "msgid_plural": ("msgstr[0]",),
    "msgstr": (),
}
"""Which keyword may follow which within an entry (`msgstr[N]` is followed by `msgstr[N+1]`)."""
_CONFLICT_MARKERS = ("<<<<<<< ", "=======", ">>>>>>> ", "|||||||")
"""The lines git (and other tools) leave where two versions of a file met: no PO syntax."""
_PLURAL_FORM = re.compile(r"msgstr\[(\d+)\]")


def _follows(last: str) -> tuple[str, ...]:
    found = _PLURAL_FORM.fullmatch(last)
    return (f"msgstr[{int(found.group(1)) + 1}]",) if found else _NEXT[last]


class _Draft:
    """An entry while the line parser reads it: the fields of `Entry`, growing line by line."""

    def __init__(self, line: int) -> None:
        self.fields: dict[str, Any] = {"msgid": "", "line": line}
        self.forms: list[str] = []
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []

    def set(self, field: str, text: str, extend: bool) -> None:
        """Set (or EXTEND) FIELD: an attribute of `Entry`, or `msgstr[N]`, a form of a plural translation."""
        form = _PLURAL_FORM.fullmatch(field)
        if form:
            if not extend:
                self.forms.append("")
            self.forms[-1] += text
        else:
            self.fields[field] = (self.fields.get(field) or "" if extend else "") + text

    def comment(self, kind: str, line: str) -> None:
        """Add the comment LINE, of KIND (`#`, `#.`, `#:` or `#,`)."""
        if kind == "#":
            self.translator.append(_translator_comment(line))
        elif kind == "#.":
            self.extracted.append(line[3:])
        elif kind == "#:":
            self.occurrences += parse_references(line[3:])
        else:
            self.flags += [flag.strip() for flag in line[3:].split(",")]

    def freeze(self) -> Entry:
        return Entry(
            **self.fields,
            msgstr_plural=tuple(self.forms),
            tcomment="\n".join(self.translator),
            comment="\n".join(self.extracted),
            occurrences=tuple(self.occurrences),
            flags=tuple(self.flags),
        )


class PoSyntaxError(ValueError):
    """A line out of the PO grammar; the message starts `line N:` as polib's do."""


class BadEscape(ValueError):
    """An escape GNU gettext refuses (msgfmt: "invalid control sequence")."""


def _char(escape: re.Match[str]) -> str:
    octal, hexadecimal, other = escape.groups()
    if octal is not None or hexadecimal is not None:
        byte = int(octal, 8) if octal is not None else int(hexadecimal, 16)
        # A byte above ASCII waits, as a lone surrogate, for the bytes of its character.
        return chr(byte & 0xFF) if byte & 0xFF < 0x80 else chr(0xDC00 + (byte & 0xFF))
    if other in _UNESCAPES:
        return _UNESCAPES[other]
    shown = f"\\{other}" if other else "a backslash at the end of a string"
    raise BadEscape(
        f"{shown} is no escape GNU gettext reads: write \\\\ for a backslash; "
        'GNU reads \\n \\t \\" \\\\ \\a \\b \\f \\r \\v, octal \\101 and hex \\x41'
    )


def _unescape(body: str) -> str:
    r"""BODY, the inside of a PO string, with GNU's C escapes undone.

    >>> _unescape(r'say \"hi\"\n'), _unescape(r"\101\x41\303\251")
    ('say "hi"\n', 'AAé')

    Raises:
        BadEscape: an escape GNU refuses, or escaped bytes that are not UTF-8.
    """
    text = _ESCAPE.sub(_char, body)
    if not _BYTE_ESCAPE.search(body):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode()
    except UnicodeError:
        raise BadEscape("escaped bytes (\\ooo or \\xhh) that are not UTF-8 text") from None


def _value(line: str) -> str:
    """The text of the string literal on LINE, with GNU's C escapes undone."""
    body = line[line.index('"') + 1 : line.rindex('"')]
    return _unescape(body) if "\\" in body else body


def _line_value(line: str, number: int) -> str:
    try:
        return _value(line)
    except BadEscape as error:
        raise PoSyntaxError(f"line {number}: {error}") from None


def parse_references(text: str) -> list[tuple[str, str]]:
    """The (file, line) pairs of a `#:` comment, split at whitespace as polib and GNU read them.

    >>> parse_references("seeds/a.txt:12 README")
    [('seeds/a.txt', '12'), ('README', '')]
    """
    references = []
    for occurrence in text.split():
        file, _, where = occurrence.rpartition(":")
        references.append((file, where) if file and where.isdigit() else (occurrence, ""))
    return references


def _gnu_entry(mark: str, previous: str) -> re.Pattern[str]:
    """One entry as GNU tools write it, each field's lines marked by MARK, the previous msgid's by PREVIOUS.

    Comments come in GNU's order: translator, extracted, references, flags.
    """
    string = _LINE_STRING

    def field(keyword: str, name: str, mark: str) -> str:
        return rf"{re.escape(mark)}{keyword} (?P<{name}>{string}(?:\n{re.escape(mark)}{string})*)\n"

    return re.compile(
        r"(?P<translator>(?:#(?:[^.:,~|\n][^\n]*)?\n)*)"
        r"(?P<extracted>(?:#\.[^\n]*\n)*)"
        r"(?P<references>(?:#:[^\n]*\n)*)"
        r"(?P<flags>(?:#,[^\n]*\n)*)"
        + f"(?:{field('msgctxt', 'previous_msgctxt', previous)})?"
        + f"(?:{field('msgid', 'previous_msgid', previous)})?"
        + f"(?:{field('msgctxt', 'msgctxt', mark)})?"
        + field("msgid", "msgid", mark)
        + field("msgstr", "msgstr", mark)
        + r"(?:\n|\Z)"
    )


_FIELDS = ("previous_msgctxt", "previous_msgid", "msgctxt", "msgid", "msgstr")
_GROUPS = ("translator", "extracted", "references", "flags", *_FIELDS)


@lru_cache(maxsize=2)
def _gnu_entry_of(obsolete: bool) -> tuple[re.Pattern[str], list[str]]:
    """An active or an obsolete entry: its pattern, and what joins the lines of each field.

    Compiled when first asked (1.8 ms each): most catalogs have no obsolete entry.
    """
    mark, previous = ("#~ ", "#~| ") if obsolete else ("", "#| ")
    return _gnu_entry(mark, previous), [f'"\n{previous if "previous" in name else mark}"' for name in _FIELDS]


def _field_values(fields: Iterable[str | None], joins: list[str]) -> list[str | None]:
    """The text of each field's string lines (None for a field not there), joined by removing its join.

    Raises:
        BadEscape: as `_unescape`.
    """
    values = []
    for lines, join in zip(fields, joins, strict=True):
        if lines is not None:
            lines = lines[1:-1].replace(join, "")
            if "\\" in lines:
                lines = _unescape(lines)
        values.append(lines)
    return values


def _after_marks(group: str) -> list[str]:
    """The lines of a group of comment lines, each after its three-character mark (`#. `)."""
    return [line[3:] for line in group[:-1].split("\n")]


_PART_SIZE = 2_000_000
"""The least text worth a forked process of its own: 2 MB take 60 ms to read here, and a 4 MB
catalog is read in 0.09 s on two cores against 0.12 s on one (sending entries back costs the rest)."""


def parse_gnu_catalog(text: str) -> Catalog | None:
    """Parse TEXT if it is laid out as GNU tools (and this module) write catalogs; None if not.

    One regular expression reads each entry: comments in GNU's order, then
    the previous and current msgctxt, msgid and msgstr, each string alone
    on its line, one blank line between entries. It reads what
    `parse_catalog` reads, twice as quick, and all it accepts
    `check_syntax` accepts too, so that check is not needed; any other
    layout, a plural entry or a stray line, returns None, for
    `check_syntax` and `parse_catalog` to read.

    In that layout a blank line ends an entry and nothing else, so a large
    file is cut at blank lines and each core reads a part (`parallel`).
    """
    count = hands(len(text), _PART_SIZE)
    starts = [0]
    for part in range(1, count):
        blank = text.find("\n\n", max(starts[-1], len(text) * part // count))
        if blank < 0:
            break
        starts.append(blank + 2)
    spans = list(pairwise([*starts, len(text)]))
    parts = map_forked(partial(_parse_gnu_part, text), spans, result=tuple[list[str], list[Entry]] | None)
    read = [part for part in parts if part is not None]
    if len(read) < len(parts):
        return None
    return _catalog(read[0][0], [entry for _, entries in read for entry in entries])


def _parse_gnu_part(text: str, span: tuple[int, int]) -> tuple[list[str], list[Entry]] | None:
    """The entries of TEXT between the offsets of SPAN, at entry boundaries, and the file's comment if SPAN starts it.

    None if the part is not in GNU's layout. (This runs for every entry of
    every catalog read: each empty comment group is skipped rather than split.)
    """
    at, size = span
    entries: list[Entry] = []
    header: list[str] = []
    line = text.count("\n", 0, at) + 1
    active, active_joins = _gnu_entry_of(obsolete=False)
    while at < size:
        found, joins = active.match(text, at, size), active_joins
        obsolete = found is None
        if found is None:
            pattern, joins = _gnu_entry_of(obsolete=True)
            found = pattern.match(text, at, size)
            if found is None:
                return None
        translator, extracted, references, flags, *fields = found.group(*_GROUPS)
        try:
            previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr = _field_values(fields, joins)
        except BadEscape:
            return None  # for `parse_catalog` to report with its line
        tcomment = ""
        if translator:
            comments = translator[:-1].split("\n")
            if entries or span[0]:
                tcomment = "\n".join(map(_translator_comment, comments))
            else:
                # Translator comments before anything else belong to the file.
                header = [comment[2:] for comment in comments]
        entries.append(
            Entry(
                msgid or "",
                msgstr or "",
                msgctxt,
                previous_msgctxt=previous_msgctxt,
                previous_msgid=previous_msgid,
                tcomment=tcomment,
                comment="\n".join(_after_marks(extracted)) if extracted else "",
                occurrences=tuple(parse_references(" ".join(_after_marks(references)))) if references else (),
                flags=tuple(flag.strip() for marked in _after_marks(flags) for flag in marked.split(","))
                if flags
                else (),
                obsolete=obsolete,
                line=line + len(header) if not entries and not span[0] else line,
                msgstr_line=line + text.count("\n", at, found.start("msgstr")),
            )
        )
        line += text.count("\n", at, found.end())
        at = found.end()
    return header, entries


def parse_catalog(text: str) -> Catalog:
    """Parse TEXT, already passed by `check_syntax`, a line at a time.

    Raises:
        PoSyntaxError: keywords out of order, a string continuing nothing,
            an escape GNU refuses.
    """
    reader = _LineReader()
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            reader.read(line, number)
    return reader.catalog()


class _LineReader:
    """What `parse_catalog` knows between two lines: the entries read, and the one being read."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.header: list[str] = []
        """The translator comment before anything else: the file's, not an entry's."""
        self.entry: _Draft | None = None
        self.last = ""
        """The entry's last keyword: "", msgctxt, msgid, msgid_plural, msgstr or msgstr[N]."""
        self.field = ""
        """The field a string on a line of its own extends."""
        self.header_done = False
        """Whether anything but a translator comment was read: later comments are an entry's."""

    def read(self, line: str, number: int) -> None:
        """Read LINE, not blank, the NUMBERth of the file."""
        if line.startswith(("#~", "#|")):
            self._marked(line, number)
        elif line.startswith("#"):
            self._comment(line, number)
        else:
            self._strings(line, number, previous=False, obsolete=False)

    def catalog(self) -> Catalog:
        """The catalog read, once every line is."""
        if self.entry is not None and self.last:
            self._close()
        return _catalog(self.header, self.entries)

    @property
    def _ended(self) -> bool:
        """Whether the entry has its msgstr, so that a keyword or a comment opens the next."""
        return self.last == "msgstr" or bool(_PLURAL_FORM.fullmatch(self.last))

    def _marked(self, line: str, number: int) -> None:
        # An obsolete (#~) or previous (#|, #~|) line carries keywords and strings too.
        obsolete = line.startswith("#~")
        previous = line.startswith(("#|", "#~|"))
        marker = line[: 3 if obsolete and previous else 2]
        body = line[len(marker) :].lstrip()
        if not body:
            raise PoSyntaxError(
                f"line {number}: `{marker}` with nothing after it; remove the line, or finish the entry it marks"
            )
        self._strings(body, number, previous, obsolete)

    def _strings(self, body: str, number: int, previous: bool, obsolete: bool) -> None:
        word = '"' if body.startswith('"') else body.split(None, 1)[0]
        if word == '"':
            if self.entry is None or not self.field:
                raise PoSyntaxError(f"line {number}: a string that continues nothing")
            self.entry.set(self.field, _line_value(body, number), extend=True)
            return
        self.header_done = True
        entry = self._previous(word, number) if previous else self._keyword(word, number)
        if obsolete:
            entry.fields["obsolete"] = True
        entry.set(self.field, _line_value(body, number), extend=False)

    def _previous(self, word: str, number: int) -> _Draft:
        entry = self.entry
        if entry is None or self._ended:
            entry = self._open(number)
        elif self.last:
            raise PoSyntaxError(f"line {number}: a previous {word} after the entry's {self.last}")
        self.field = f"previous_{word}"
        return entry

    def _keyword(self, word: str, number: int) -> _Draft:
        entry = self.entry
        if entry is None or (self._ended and word in ("msgctxt", "msgid")):
            entry = self._open(number)
        if word not in _follows(self.last):
            raise PoSyntaxError(f"line {number}: {word} " + (f"after {self.last}" if self.last else "opening an entry"))
        self.last = self.field = word
        if word in ("msgstr", "msgstr[0]"):
            entry.fields["msgstr_line"] = number
        return entry

    def _comment(self, line: str, number: int) -> None:
        kind = line[:2] if line[1:2] in (".", ":", ",") else "#"
        if kind == "#" and not self.header_done:
            self.header.append(line[2:])
            return
        self.header_done = True
        entry = self.entry
        if entry is None or self._ended:
            entry = self._open(number)
            self.field = ""
        elif self.last:
            raise PoSyntaxError(f"line {number}: a comment inside an entry, after its {self.last}")
        entry.comment(kind, line)

    def _open(self, number: int) -> _Draft:
        self._close()
        self.entry, self.last = _Draft(number), ""
        return self.entry

    def _close(self) -> None:
        if self.entry is None:
            return
        if self.last and not self._ended:
            raise PoSyntaxError(f"line {self.entry.fields['line']}: entry without a msgstr")
        if self.last:
            self.entries.append(self.entry.freeze())


def _translator_comment(line: str) -> str:
    comment = line.lstrip("#")
    return comment[1:] if comment.startswith(" ") else comment


def _catalog(header: list[str], entries: list[Entry]) -> Catalog:
    """The catalog of ENTRIES: the first with an empty msgid and no msgctxt is its header."""
    metadata: dict[str, str] = {}
    flags: tuple[str, ...] = ()
    kept = []
    for item in entries:
        if item.msgid == "" and item.msgctxt is None and not item.obsolete and not metadata:
            flags = item.flags
            key = None
            for part in item.msgstr.splitlines():
                try:
                    key, value = part.split(":", 1)
                    metadata[key] = value.strip()
                except ValueError:
                    if key is not None:
                        metadata[key] += "\n" + part.strip()
            continue
        kept.append(item)
    return Catalog(tuple(kept), metadata, "\n".join(header), flags)
