"""Read a translation's inline content back: note tokens and numbered placeholders.

A segment's formatting is written in its catalog as numbered placeholders,
`<1>…</1>`, the notation of Qt, ICU and Lingui: a translator moves them with
the words they mark (emphasis onto another word, a link onto the translated
phrase) but cannot change what they mean. What placeholder 1 is (emphasis,
a link and its address) comes from the source segment, never from the
translation, so a translation can add no kind of markup its source lacks
and cannot change an address; whatever else it holds stays text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from toolkit.document.model import NOTE_TOKEN, Inline, NoteRef, Span, spans_of

PLACEHOLDER = re.compile(r"<(/?)(\d+)>")
"""An opening `<n>` or closing `</n>` placeholder."""

_TOKENS = re.compile(rf"{PLACEHOLDER.pattern}|{NOTE_TOKEN.pattern}")


def placeholders(text: str) -> list[tuple[bool, int]]:
    """The placeholders of TEXT in order, as (is_closing, number).

    >>> placeholders("a <1>b</1> <2>c")
    [(False, 1), (True, 1), (False, 2)]
    """
    return [(bool(m.group(1)), int(m.group(2))) for m in PLACEHOLDER.finditer(text)]


def counted_problems(noun: str, shown: str, lost: list[int], doubled: list[int], invented: list[int]) -> list[str]:
    """One phrase per kind of miscount, each number SHOWN as the translator writes it.

    >>> counted_problems("note token", "[^{}]", lost=[1, 2], doubled=[], invented=[3])
    ['note tokens lost: [^1] [^2]', 'note token invented: [^3]']
    """
    problems = []
    for label, numbers in (("lost", lost), ("doubled", doubled), ("invented", invented)):
        if numbers:
            plural = "s" if len(numbers) > 1 else ""
            problems.append(f"{noun}{plural} {label}: " + " ".join(shown.format(n) for n in numbers))
    return problems


def token_problem(source: str, translation: str) -> str | None:
    """Say what is wrong with the `[^n]` tokens of TRANSLATION, or None.

    The tokens must be those of SOURCE, each as often, in the same order.

    >>> token_problem("a[^1] b[^2]", "x[^1] y[^2]") is None
    True
    >>> token_problem("a[^1] b[^2]", "x[^2] y[^1]")
    'note tokens reordered: [^1] [^2] became [^2] [^1]'
    >>> token_problem("a[^1]", "x")
    'note token lost: [^1]'
    >>> token_problem("a[^1]", "x[^1][^1][^3]")
    'note token doubled: [^1]; note token invented: [^3]'
    """
    wanted = [int(n) for n in NOTE_TOKEN.findall(source)]
    found = [int(n) for n in NOTE_TOKEN.findall(translation)]
    if wanted == found:
        return None
    have, need = Counter(found), Counter(wanted)
    problems = counted_problems(
        "note token",
        "[^{}]",
        # a token missing altogether first, then one present too few times
        lost=sorted(n for n in need if have[n] == 0) + sorted(n for n in need if 0 < have[n] < need[n]),
        doubled=sorted(n for n in have if n in need and have[n] > need[n]),
        invented=sorted(n for n in have if n not in need),
    )
    if not problems:
        problems.append(
            "note tokens reordered: "
            + " ".join(f"[^{n}]" for n in wanted)
            + " became "
            + " ".join(f"[^{n}]" for n in found)
        )
    return "; ".join(problems)


def placeholder_problem(source: str, translation: str) -> str | None:
    """Say what is wrong with the placeholders of TRANSLATION, or None.

    Each placeholder of SOURCE must open and close once, properly nested;
    the order is the translator's.

    >>> placeholder_problem("a <1>b</1> <2>c</2>", "<2>c</2> a <1>b</1>") is None
    True
    >>> placeholder_problem("a <1>b</1> <2>c</2>", "a b <2>c</2><2>d</2> <3>e</3>")
    'placeholder lost: <1>; placeholder doubled: <2>; placeholder invented: <3>'
    >>> placeholder_problem("a <1>b</1>", "a <1>b<1>")
    'placeholder <1> opened twice and never closed: write the second as </1>'
    >>> placeholder_problem("<1>a <2>b</2></1>", "<1>a <2>b</1></2>")
    'placeholders unbalanced: </1> closes inside <2>'
    """
    if "<" not in source and "<" not in translation:
        return None  # most entries: no placeholder on either side
    wanted = {number for closing, number in placeholders(source) if not closing}
    found = placeholders(translation)
    opened = Counter(number for closing, number in found if not closing)
    closed = Counter(number for closing, number in found if closing)
    # `<1>b<1>`: the commonest slip, a closing tag typed without its slash.
    slips = sorted(n for n in opened if n in wanted and opened[n] == 2 and not closed[n])
    if slips:
        return "; ".join(f"placeholder <{n}> opened twice and never closed: write the second as </{n}>" for n in slips)
    problems = counted_problems(
        "placeholder",
        "<{}>",
        lost=sorted(wanted - set(opened)),
        doubled=sorted(n for n in opened if n in wanted and opened[n] > 1),
        invented=sorted({n for _, n in found} - wanted),
    )
    if problems:
        return "; ".join(problems)
    stack: list[int] = []
    for closing, number in found:
        if not closing:
            stack.append(number)
        elif not stack or stack[-1] != number:
            inside = f"inside <{stack[-1]}>" if stack else "before it opens"
            return f"placeholders unbalanced: </{number}> closes {inside}"
        else:
            stack.pop()
    if stack:
        return f"placeholders unbalanced: <{stack[-1]}> is never closed"
    return None


def read_translation(text: str, source: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """TEXT (a translation whose placeholders passed `placeholder_problem`) as inline content.

    Placeholder n takes its kind and address from the n-th span of SOURCE.

    >>> from toolkit.document.model import SpanKind
    >>> link = Span(SpanKind.LINK, ("the page",), "https://example.org")
    >>> text, span, note = read_translation("voir <1>la page</1>[^2]", ("see ", link, NoteRef(2)))
    >>> text, span.kind, span.content, span.target, note
    ('voir ', <SpanKind.LINK: 'link'>, ('la page',), 'https://example.org', NoteRef(number=2))
    """
    spans = spans_of(source)
    stack: list[tuple[int, list[Inline]]] = [(0, [])]
    position = 0
    for match in _TOKENS.finditer(text):
        if match.start() > position:
            stack[-1][1].append(text[position : match.start()])
        position = match.end()
        if match.group(3):
            stack[-1][1].append(NoteRef(int(match.group(3))))
        elif not match.group(1):
            stack.append((int(match.group(2)), []))
        else:
            number, content = stack.pop()
            model = spans[number - 1]
            stack[-1][1].append(Span(model.kind, tuple(content), model.target, model.title, model.lang))
    if position < len(text):
        stack[-1][1].append(text[position:])
    return tuple(stack[0][1])


ADDRESS = re.compile(r"(?ai:\b[a-z][a-z0-9+.-]*://|\bmailto:|\bwww\.)[^\s<>\"{}|\\^`]+")
"""A web or mail address: a scheme (or `www.`), then up to a space or a character no address holds.

The link check asks whether a link's whole text is one; `addresses` finds
them in running text.
"""
EMAIL = re.compile(r"(?a)(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
"""A mail address written without `mailto:` (`board@example.org`), as most are."""


def addresses(text: str) -> Iterator[tuple[int, str]]:
    """Where each web or mail address of TEXT starts, and the address, without what ends the sentence after it.

    The editions set each left to right and link those of the source
    (`structure.text_nodes`); `check` asks that a translation keep the
    source's (`address_changes`).

    >>> list(addresses("See https://example.org/a_(b). Or www.x.org)» or mailto: or https://example.org/c/،"))
    [(4, 'https://example.org/a_(b)'), (34, 'www.x.org'), (60, 'https://example.org/c/')]
    >>> list(addresses("Write to board@example.org. or mailto:a.b@example.org, not to @board or a@b."))
    [(9, 'board@example.org'), (31, 'mailto:a.b@example.org')]
    """
    if not _may_hold_address(text):
        return
    found = []
    for match in ADDRESS.finditer(text):
        address = _without_stop(match.group())
        if address and address.lower() not in ("www.", "mailto:"):
            found.append((match.start(), address))
    if "@" in text:
        taken = [(start, start + len(address)) for start, address in found]
        found += [
            (match.start(), match.group())
            for match in EMAIL.finditer(text)
            if not any(start <= match.start() < end for start, end in taken)  # the user of `https://user@host/`
        ]
        found.sort()
    yield from found


def _may_hold_address(text: str) -> bool:
    """Whether TEXT has what starts an address: most text has not, and is not worth the pattern's scan.

    Searched as written, not lowered: lowering a paragraph costs more than
    these searches (`www.`, `Www.`, `WWW.`, `mailto:`, `MAILTO:`, `@`...).
    """
    return "://" in text or "ww." in text or "WW." in text or "ailto:" in text or "AILTO:" in text or "@" in text


def _without_stop(found: str) -> str:
    """FOUND without what ends the sentence after it: a stop, a comma, a closing quotation mark or bracket."""
    end = len(found)
    while end:
        char = found[end - 1]
        category = unicodedata.category(char)
        if char == ")" and found.count("(", 0, end) >= found.count(")", 0, end):
            break  # the address's own bracket, as in a Wikipedia address
        if char not in ".,;:!?'\"" and category not in ("Pe", "Pf", "Pi") and (category != "Po" or char.isascii()):
            break
        end -= 1
    return found[:end]


def link_target(address: str) -> str:
    """Where ADDRESS leads when followed: the web or a mail address, never a file on the writer's own computer.

    >>> link_target("www.example.org"), link_target("HTTPS://example.org"), link_target("mailto:a@example.org")
    ('https://www.example.org', 'HTTPS://example.org', 'mailto:a@example.org')
    >>> link_target("file:///Users/User/Desktop/report.pdf"), link_target("ftp://example.org/data")
    ('', '')
    >>> link_target("board@example.org")
    'mailto:board@example.org'
    """
    lowered = address.lower()
    if lowered.startswith("www."):
        return "https://" + address
    if lowered.startswith(("http://", "https://", "mailto:")):
        return address
    return "mailto:" + address if EMAIL.fullmatch(address) else ""


def address_changes(source: str, translation: str) -> list[str]:
    """The addresses of SOURCE's running text that TRANSLATION does not have: each edition links to them.

    An address that is a whole link's text is `address_problem`'s; a path on
    the writer's computer (`file:///…`), which no edition links, is no one's.

    >>> address_changes("See https://example.org/a or <1>https://example.org/b</1>.", "Vea https://example.org/x.")
    ['https://example.org/a']
    >>> address_changes("Write to www.example.org.", "Escriba a www.example.org.")
    []
    >>> address_changes("In https://example.org/report[^1].", "En https://example.org/report.[^1]")
    []
    >>> address_changes("At file:///Users/me/Desktop/rep", "En file:///Users/me/Desktop/report.pdf")
    []
    """
    if not _may_hold_address(source):
        return []
    # A note call is not part of the address it follows (`…/report[^1].`).
    wanted = [address for _, address in addresses(NOTE_TOKEN.sub(" ", source)) if link_target(address)]
    if not wanted:
        return []
    kept = {address for _, address in addresses(NOTE_TOKEN.sub(" ", translation))}
    linked = {text.strip() for text in _contents(source).values()}
    return list(dict.fromkeys(a for a in wanted if a not in kept and a not in linked))


def _contents(text: str) -> dict[int, str]:
    """The text between each `<n>` and `</n>` of TEXT (placeholders inside it removed)."""
    found = {}
    for match in re.finditer(r"<(\d+)>(.*?)</\1>", text, re.S):
        found[int(match.group(1))] = PLACEHOLDER.sub("", match.group(2))
    return found


def address_problem(source: str, translation: str) -> str | None:
    """Say which address shown as a link's text (`<https://…>`) TRANSLATION changed, or None.

    A link's target never reaches the catalog; an address the source prints
    as its own text does, and must stay as it is.

    >>> address_problem("at <1>https://example.org</1>.", "en <1>https://example.org</1>.") is None
    True
    >>> address_problem("at <1>https://example.org</1>.", "en <1>https://example.es</1>.")
    'address changed: <1>https://example.org</1> became <1>https://example.es</1>'
    >>> address_problem("<1>www.example.org</1>", "<1>www.ejemplo.org</1>")
    'address changed: <1>www.example.org</1> became <1>www.ejemplo.org</1>'
    >>> address_problem("<1>our site</1>", "<1>nuestro sitio</1>") is None
    True
    >>> address_problem("<1>board@example.org</1>", "<1>junta@example.org</1>")
    'address changed: <1>board@example.org</1> became <1>junta@example.org</1>'
    """
    if "<" not in source:
        return None  # no link in the source
    theirs = _contents(translation)
    for number, text in _contents(source).items():
        address = ADDRESS.fullmatch(text.strip()) or EMAIL.fullmatch(text.strip())
        if address and number in theirs and theirs[number].strip() != text.strip():
            return f"address changed: <{number}>{text}</{number}> became <{number}>{theirs[number]}</{number}>"
    return None
