"""Make the footnotes a web page writes by hand into Pandoc's notes.

Pandoc's HTML reader takes only the notes of the pages it writes itself
(`role="doc-noteref"`). A page from a CMS, Wikipedia, Google Docs or Word
links a mark in the text (`<sup><a href="#fn1">1</a></sup>`, `[1]`) to a
note at the end (a list item, a `<div>` or a paragraph with that id). Read
as they are, the marks would be words and the notes an ordinary list, with
their links back (`↩`) as words. Here each mark becomes a note holding what
its id names, which leaves the end of the page with its links back.
"""

from __future__ import annotations

import re
from typing import Any

Node = dict[str, Any]

_MARK = re.compile(r"[\[(]?(\d{1,3}|[*†‡])[\])]?")
"""The words of a note's mark as pages write it: `1`, `[1]`, `(1)`, `*`."""

_BACK = re.compile(r"[\^↩↑⤴\ufe0e\ufe0f\s]+")
"""The words of a link back to the text (`↩`, Wikipedia's `^`)."""


def gather_web_notes(blocks: list[Node]) -> list[Node]:
    """BLOCKS (Pandoc's JSON AST of a web page) with each hand-written note in place of its mark."""
    bodies = _note_bodies(blocks)
    calls = [target for target in _call_targets(blocks) if target in bodies]
    if not calls:
        return blocks
    taken = set(calls)
    at_the_end = _without(blocks[-1:], taken) != blocks[-1:]
    blocks = _without(blocks, taken)
    # Where the notes stood (a rule, a heading "Notes" over them) is left with nothing to head.
    while at_the_end and blocks and (_bare(blocks[-1]) or blocks[-1]["t"] == "Header"):
        blocks = blocks[:-1]
    placed: list[Node] = _with_notes(blocks, {target: _cleaned(bodies[target]) for target in taken})
    return placed


def _words(node: Any) -> str:
    if isinstance(node, list):
        return "".join(_words(child) for child in node)
    if isinstance(node, dict):
        if node["t"] == "Str":
            return str(node["c"])
        if node["t"] in ("Space", "SoftBreak"):
            return " "
        return _words(node.get("c"))
    return ""


def _call(node: Node) -> str:
    """The id a note's mark NODE (a link, or a superscript holding one) goes to; '' when it is no mark."""
    if node["t"] == "Superscript" and len(node["c"]) == 1:
        node = node["c"][0]
    if node["t"] != "Link" or not node["c"][2][0].startswith("#"):
        return ""
    return node["c"][2][0][1:] if _MARK.fullmatch(_words(node["c"][1]).strip()) else ""


def _call_targets(node: Any) -> list[str]:
    if isinstance(node, list):
        return [target for child in node for target in _call_targets(child)]
    if isinstance(node, dict):
        target = _call(node) if node["t"] in ("Link", "Superscript") else ""
        return [target] if target else _call_targets(node.get("c"))
    return []


def _note_bodies(node: Any, bodies: dict[str, list[Node]] | None = None) -> dict[str, list[Node]]:
    """Each id that names a note's text -> its blocks: a list item's, a `<div>`'s, or a paragraph that opens with it."""
    bodies = {} if bodies is None else bodies
    if isinstance(node, list):
        for child in node:
            _note_bodies(child, bodies)
    elif isinstance(node, dict):
        kind: str = node["t"]
        content: Any = node.get("c")
        name = _body_id(node)
        if name and name not in bodies:
            if kind == "Div":
                bodies[name] = content[1]
            elif content and content[0]["t"] == "Span":  # `<li id>`: the item's words in a Span of that id
                bodies[name] = [{"t": kind, "c": content[0]["c"][1]}]
            else:  # `<p><a id="ftnt1" href="#ftnt_ref1">[1]</a> The note.</p>`: its mark is a link back
                bodies[name] = [{"t": kind, "c": content[1:]}]
        _note_bodies(content, bodies)
    return bodies


def _body_id(node: Node) -> str:
    kind: str = node["t"]
    content: Any = node.get("c")
    if kind == "Div":
        return str(content[0][0])
    if kind in ("Para", "Plain") and content and content[0]["t"] in ("Span", "Link"):
        first = content[0]
        whole = first["t"] == "Span" and len(content) == 1
        back = first["t"] == "Link" and _MARK.fullmatch(_words(first["c"][1]).strip())
        return str(first["c"][0][0]) if whole or back else ""
    return ""


def _without(blocks: list[Node], taken: set[str]) -> list[Node]:
    """BLOCKS less the notes' texts named by TAKEN, and less the lists and `<div>`s they leave empty."""
    out: list[Node] = []
    for block in blocks:
        kind: str = block["t"]
        content: Any = block.get("c")
        if _body_id(block) in taken:
            continue
        if kind == "Div":
            inside = _without(content[1], taken)
            if inside != content[1] and all(_bare(b) or b["t"] == "Header" for b in inside):
                continue  # the notes' own section: its rule and heading "Notes" head nothing now
            block = {"t": kind, "c": [content[0], inside]}
        elif kind in ("OrderedList", "BulletList"):
            items = content[1] if kind == "OrderedList" else content
            kept = [inside for item in items if (inside := _without(item, taken))]
            if not kept:
                continue
            block = {"t": kind, "c": [content[0], kept] if kind == "OrderedList" else kept}
        out.append(block)
    return out


def _bare(block: Node) -> bool:
    """Whether BLOCK shows nothing but layout: a rule, an empty paragraph or line break, a `<div>` of those."""
    if block["t"] == "HorizontalRule":
        return True
    if block["t"] in ("Para", "Plain"):
        return not _words(block["c"]).strip()
    return block["t"] == "Div" and all(_bare(b) for b in block["c"][1])


def _cleaned(node: Any) -> Any:
    """NODE without its links back to the text, and with no space left where they were."""
    if isinstance(node, list):
        kept = [_cleaned(child) for child in node if not _is_back(child)]
        while kept and isinstance(kept[0], dict) and kept[0]["t"] in ("Space", "SoftBreak"):
            kept.pop(0)
        return kept
    if isinstance(node, dict):
        return {**node, "c": _cleaned(node["c"])} if isinstance(node.get("c"), list) else node
    return node


def _is_back(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    if node["t"] == "Link" and node["c"][2][0].startswith("#"):
        words = _words(node["c"][1]).strip()
        return not words or bool(_BACK.fullmatch(words) or _MARK.fullmatch(words))
    # Wikipedia's backlink: a Span that held only such a link.
    return node["t"] == "Span" and bool(node["c"][1]) and all(_is_back(child) for child in node["c"][1])


def _with_notes(node: Any, notes: dict[str, list[Node]]) -> Any:
    """NODE with each mark of NOTES replaced by a Pandoc Note of its blocks."""
    if isinstance(node, list):
        return [_with_notes(child, notes) for child in node]
    if isinstance(node, dict):
        target = _call(node) if node["t"] in ("Link", "Superscript") else ""
        if target in notes:
            return {"t": "Note", "c": notes.pop(target)}  # a second mark of one note stays a link
        return {**node, "c": _with_notes(node["c"], notes)} if "c" in node else node
    return node
