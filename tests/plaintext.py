"""Write a Document back in the seed's plain-text conventions.

The inverse of `seeds.read_seed`, for the structure a reader finds: what
`write_plain_text` writes, `read_seed` reads into the same blocks. It gives
a translated document as a plain-text edition, the form translations made
before the catalogs existed usually take, so `toolkit import` can be tested
on a translation whose catalog is known.
"""

from __future__ import annotations

from toolkit.document.model import Block, BlockKind, Document, NoteRef, Segment, Span


def _text(segment: Segment) -> str:
    assert not any(isinstance(run, Span) for run in segment.content), f"{segment.key}: plain text has no spans"
    return "".join(f"[{run.number}]" if isinstance(run, NoteRef) else str(run) for run in segment.content)


def write_plain_text(document: Document) -> str:
    """Return DOCUMENT as a plain-text seed: blocks, blank lines, `[n]` markers and notes."""
    blocks: list[str] = []
    if document.credit:
        blocks.append(_text(document.credit))
    blocks.extend(_text(s) for s in document.editor_note)
    blocks.extend(f"{_text(a.name)}\n{_text(a.role)}" for a in document.addressees)
    for block in document.body + document.closing:
        assert isinstance(block, Block), f"plain text has no {type(block).__name__}"
        prefix = f"{block.number}. " if block.kind is BlockKind.LIST_ITEM else ""
        blocks.append(prefix + _text(block.segment))
    blocks.extend("; ".join(_text(o) for o in group.organisations) for group in document.signatories)
    for note in document.notes:
        first, *rest = note.paragraphs
        blocks.append(f"[{note.number}] {_text(first)}")
        blocks.extend(_text(p) for p in rest)
    return "\n\n".join(blocks) + "\n"
