"""The PO file format as GNU gettext writes it: a serializer, a syntax check and two fast parsers.

Catalogs come out byte for byte as GNU gettext 0.21 writes them (`msgcat
FILE` leaves them unchanged), which polib's writer does not do. Reading,
a file in that layout is read an entry at a time by one regular
expression (`parse_gnu_catalog`); any other goes through the syntax check,
which refuses what polib would let through (an unterminated string is
read as text), and a parser that reads a line at a time. Both build the
objects polib builds, four to eight times quicker than polib on a
book-length catalog; entries with plural forms, which no segment has, are
left to polib.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import polib

from toolkit.catalogs.linebreak import can_break_before, char_width, line_break_class
from toolkit.errors import ToolkitError

PAGE_WIDTH = 79
"""GNU's default page width for wrapping strings."""


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


# Letters and digits (AL and NU) up to U+052F: never a break between two of them.
_RUN = frozenset(chr(code) for code in range(0x530) if line_break_class(chr(code)) in ("AL", "NU"))


def _break_in(portion: str, positions: range) -> int | None:
    """The first of POSITIONS before which PORTION may break."""
    run = _RUN
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
        pieces = [portion[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
        lines.append(f'{head}"{pieces[0]}"')
        lines.extend(f'{prefix}"{piece}"' for piece in pieces[1:])
    return tuple(lines)


def _comment_lines(mark: str, text: str) -> list[str]:
    return [f"{mark} {line}" if line else mark for line in text.split("\n")] if text else []


def _format_entry(entry: polib.POEntry) -> list[str]:
    """Write one entry as GNU's `message_print` (or `message_print_obsolete`) does."""
    wrap = "no-wrap" not in entry.flags
    # GNU drops the fuzzy flag of an untranslated entry: there is nothing to check.
    fuzzy = "fuzzy" in entry.flags and first_translation(entry) != ""
    flags = ["fuzzy"] if fuzzy else []
    flags += [flag for flag in entry.flags if flag != "fuzzy"]
    lines = _comment_lines("#", entry.tcomment or "")
    if entry.obsolete:
        if not first_translation(entry):
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
        for index, form in sorted(entry.msgstr_plural.items()):
            lines += _wrap(f"msgstr[{index}]", form, prefix, wrap)
    else:
        lines += _wrap("msgstr", entry.msgstr, prefix, wrap)
    return lines


def first_translation(entry: polib.POEntry) -> str:
    """The msgstr of ENTRY, or the first form of a plural entry's: empty when it is untranslated, as GNU decides."""
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def is_translated(entry: polib.POEntry) -> bool:
    """Tell whether ENTRY is translated as GNU counts it: a msgstr, or the first form of a plural one.

    (GNU writes no obsolete entry that is not, and no fuzzy flag on one.)
    """
    return first_translation(entry) != ""


def format_catalog(catalog: polib.POFile) -> bytes:
    """Serialise CATALOG: header entry, entries, then obsolete entries."""
    header = _comment_lines("#", (catalog.header or "").rstrip("\n"))
    if catalog.metadata_is_fuzzy:
        header.append("#, fuzzy")
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
_PLURAL_FORM = re.compile(r"msgstr\[(\d+)\]")


def _follows(last: str) -> tuple[str, ...]:
    found = _PLURAL_FORM.fullmatch(last)
    return (f"msgstr[{int(found.group(1)) + 1}]",) if found else _NEXT[last]


def _set(entry: polib.POEntry, field: str, text: str, extend: bool) -> None:
    """Set (or EXTEND) FIELD of ENTRY: an attribute, or `msgstr[N]`, a form of the plural msgstr."""
    form = _PLURAL_FORM.fullmatch(field)
    if form:
        index = int(form.group(1))
        entry.msgstr_plural[index] = (entry.msgstr_plural.get(index, "") if extend else "") + text
    else:
        setattr(entry, field, (getattr(entry, field) or "" if extend else "") + text)


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
_GNU_ENTRIES = tuple(
    (_gnu_entry(mark, previous), [f'"\n{previous if "previous" in name else mark}"' for name in _FIELDS], obsolete)
    for mark, previous, obsolete in (("", "#| ", False), ("#~ ", "#~| ", True))
)
"""An active and an obsolete entry: the pattern, what joins the lines of each field, and whether obsolete."""


def _match_gnu_entry(text: str, at: int) -> tuple[re.Match[str], list[str], bool] | None:
    for pattern, joins, obsolete in _GNU_ENTRIES:
        found = pattern.match(text, at)
        if found:
            return found, joins, obsolete
    return None


def _field_value(lines: str | None, join: str) -> str | None:
    """The text of a field's string lines (None for a field not there), joined by removing JOIN."""
    if lines is None:
        return None
    value = lines[1:-1].replace(join, "")
    return _unescape(value) if "\\" in value else value


def _comment_text(group: str, skip: int) -> list[str]:
    """The lines of a group of comment lines, each without its first SKIP characters."""
    return [line[skip:] for line in group[:-1].split("\n")] if group else []


def parse_gnu_catalog(text: str) -> polib.POFile | None:
    """Parse TEXT if it is laid out as GNU tools (and this module) write catalogs; None if not.

    One regular expression reads each entry: comments in GNU's order, then
    the previous and current msgctxt, msgid and msgstr, each string alone
    on its line, one blank line between entries. It reads what
    `parse_catalog` reads, twice as quick, and all it accepts
    `check_syntax` accepts too, so that check is not needed; any other
    layout, a plural entry or a stray line, returns None, for
    `check_syntax` and `parse_catalog` to read.
    """
    entries: list[polib.POEntry] = []
    header: list[str] = []
    at, line, size = 0, 1, len(text)
    while at < size:
        matched = _match_gnu_entry(text, at)
        if matched is None:
            return None
        found, joins, obsolete = matched
        translator = _comment_text(found["translator"], 0)
        if not entries:
            # Translator comments before anything else belong to the file.
            header, translator = [comment[2:] for comment in translator], []
        try:
            previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr = map(_field_value, found.group(*_FIELDS), joins)
        except BadEscape:
            return None  # for `parse_catalog` to report with its line
        entry = polib.POEntry(
            previous_msgctxt=previous_msgctxt,
            previous_msgid=previous_msgid,
            msgctxt=msgctxt,
            msgid=msgid,
            msgstr=msgstr,
            tcomment="\n".join(map(_translator_comment, translator)),
            comment="\n".join(_comment_text(found["extracted"], 3)),
            occurrences=parse_references(" ".join(_comment_text(found["references"], 3))),
            flags=[flag.strip() for flags in _comment_text(found["flags"], 3) for flag in flags.split(",")],
            obsolete=obsolete,
            linenum=line + len(header) if not entries else line,
        )
        entry.msgstr_linenum = line + text.count("\n", at, found.start("msgstr"))  # type: ignore[attr-defined]  # read by catalogs.msgstr_line
        entries.append(entry)
        line += text.count("\n", at, found.end())
        at = found.end()
    return _catalog(header, entries)


def parse_catalog(text: str) -> polib.POFile:
    """Parse TEXT, already passed by `check_syntax`, into the catalog polib would read.

    Each entry also gets `msgstr_linenum`, the line of its `msgstr` (or
    `msgstr[0]`) keyword; polib's `linenum` is the entry's first line.

    Raises:
        PoSyntaxError: keywords out of order, or a string continuing nothing.
    """
    entries: list[polib.POEntry] = []
    entry: polib.POEntry | None = None
    last = ""  # the last keyword of the entry: "", msgctxt, msgid or msgstr
    field = ""  # the attribute a continuation line extends
    at_start = True  # translator comments before anything else belong to the file
    # The comment lines of the file's header and of the entry being read: a
    # comment may begin with an empty line ("#" or "#.") and must keep it.
    header: list[str] = []
    translator: list[str] = []
    extracted: list[str] = []

    def close() -> None:
        if entry is not None:
            if last != "msgstr" and not _PLURAL_FORM.fullmatch(last) and last:
                raise PoSyntaxError(f"line {entry.linenum}: entry without a msgstr")
            if last:
                entries.append(entry)

    def open_entry(number: int) -> polib.POEntry:
        close()
        translator.clear()
        extracted.clear()
        return polib.POEntry(linenum=number)

    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        obsolete = line.startswith("#~")
        if obsolete or line.startswith("#|"):
            rest = line[2:]
            previous = rest.startswith("|") or line.startswith("#|")
            marker = line[: 3 if obsolete and previous else 2]
            line = rest[1:].lstrip() if obsolete and previous else rest.lstrip()
            if not line:
                raise PoSyntaxError(
                    f"line {number}: `{marker}` with nothing after it; remove the line, or finish the entry it marks"
                )
            kind = "previous" if previous else "keyword"
        elif line.startswith("#"):
            kind = line[:2] if line[1:2] in (".", ":", ",") else "#"
        else:
            kind = "keyword"

        if kind in ("previous", "keyword"):
            word = '"' if line.startswith('"') else line.split(None, 1)[0]
            if word == '"':
                if entry is None or not field:
                    raise PoSyntaxError(f"line {number}: a string that continues nothing")
                _set(entry, field, _line_value(line, number), extend=True)
                continue
            at_start = False
            if kind == "previous":
                if entry is None or last == "msgstr" or _PLURAL_FORM.fullmatch(last):
                    entry, last = open_entry(number), ""
                elif last:
                    raise PoSyntaxError(f"line {number}: a previous {word} after the entry's {last}")
                field = f"previous_{word}"
            else:
                ended = last == "msgstr" or _PLURAL_FORM.fullmatch(last)
                if entry is None or (ended and word in ("msgctxt", "msgid")):
                    entry, last = open_entry(number), ""
                if word not in _follows(last):
                    raise PoSyntaxError(f"line {number}: {word} " + (f"after {last}" if last else "opening an entry"))
                last = field = word
                if word in ("msgstr", "msgstr[0]"):
                    entry.msgstr_linenum = number  # type: ignore[attr-defined]  # read by catalogs.msgstr_line
            entry.obsolete = entry.obsolete or obsolete
            _set(entry, field, _line_value(line, number), extend=False)
            continue

        # A comment opens the next entry, or belongs to the file's header.
        if kind == "#" and at_start:
            header.append(line[2:])
            continue
        at_start = False
        if entry is None or last == "msgstr" or _PLURAL_FORM.fullmatch(last):
            entry, last, field = open_entry(number), "", ""
        elif last:
            raise PoSyntaxError(f"line {number}: a comment inside an entry, after its {last}")
        _read_comment(entry, kind, line, translator, extracted)
    if entry is not None and last:
        close()
    return _catalog(header, entries)


def _read_comment(entry: polib.POEntry, kind: str, line: str, translator: list[str], extracted: list[str]) -> None:
    """Add the comment LINE, of KIND (`#`, `#.`, `#:` or `#,`), to ENTRY, as polib reads it."""
    if kind == "#":
        translator.append(_translator_comment(line))
        entry.tcomment = "\n".join(translator)
    elif kind == "#.":
        extracted.append(line[3:])
        entry.comment = "\n".join(extracted)
    elif kind == "#:":
        entry.occurrences += parse_references(line[3:])
    else:
        entry.flags += [flag.strip() for flag in line[3:].split(",")]


def _translator_comment(line: str) -> str:
    comment = line.lstrip("#")
    return comment[1:] if comment.startswith(" ") else comment


def _catalog(header: list[str], entries: list[polib.POEntry]) -> polib.POFile:
    """The catalog of ENTRIES: the first with an empty msgid and no msgctxt is its header."""
    catalog = polib.POFile(wrapwidth=PAGE_WIDTH)
    catalog.header = "\n".join(header)
    for item in entries:
        if item.msgid == "" and item.msgctxt is None and not item.obsolete and not catalog.metadata:
            catalog.metadata_is_fuzzy = item.flags
            key = None
            for part in item.msgstr.splitlines():
                try:
                    key, value = part.split(":", 1)
                    catalog.metadata[key] = value.strip()
                except ValueError:
                    if key is not None:
                        catalog.metadata[key] += "\n" + part.strip()
            continue
        catalog.append(item)
    return catalog
