"""Align an existing plain-text translation with its seed, block by block.

Publishers often hold a translation made before the catalogs existed. It is
read with the seed reader, so it is understood by the same conventions, and
its parts are paired with the seed's by structure: the credit, the editor's
note, the addressees, the running text (paragraphs and list items, in
order), the signatories group by group, and the notes by their `[n]`
labels. A pair is trusted only when its kinds agree and the translation's
`[n]` markers are among the source's; in a stretch whose block counts
differ, nothing is guessed and each block is reported with its line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec

from toolkit.document.model import Block, Document, Segment
from toolkit.document.readers.plaintext import read_seed


class Aligned(msgspec.Struct, frozen=True):
    """A translation for one segment, and where in the translation it was found."""

    key: str
    text: str
    """Catalog form: note markers become `[^n]` tokens."""
    line: int


class Alignment(msgspec.Struct, frozen=True):
    """What an existing translation gives, and what could not be paired."""

    pairs: tuple[Aligned, ...]
    unaligned: tuple[str, ...]
    """One `path:line: message` per block left unpaired."""


def align_translation(source: Document, translation_path: Path, root: Path) -> Alignment:
    """Pair the blocks of the plain-text translation at TRANSLATION_PATH with SOURCE's segments."""
    translation = read_seed(translation_path, root)
    unaligned: list[str] = []
    shown = translation.source

    candidates: list[tuple[Segment, Segment]] = []

    def pair(mine: Segment, theirs: Segment) -> None:
        extra = set(theirs.note_refs) - set(mine.note_refs)
        if extra:
            markers = ", ".join(f"[{n}]" for n in sorted(extra))
            unaligned.append(f"{shown}:{theirs.line}: {markers} not in the source block at {mine.source}:{mine.line}")
            return
        candidates.append((mine, theirs))

    def pair_lists(what: str, mine: list[Segment], theirs: list[Segment]) -> None:
        if len(mine) == len(theirs):
            for a, b in zip(mine, theirs, strict=True):
                pair(a, b)
            return
        for segment in theirs:
            unaligned.append(f"{shown}:{segment.line}: {what}: {len(theirs)} here, {len(mine)} in the source")
        if not theirs and mine:
            unaligned.append(f"{shown}: {what}: none here, {len(mine)} in the source")

    pair_lists("credit line", _opt(source.credit), _opt(translation.credit))
    pair_lists("editor's note paragraphs", list(source.editor_note), list(translation.editor_note))
    pair_lists("addressee names", [a.name for a in source.addressees], [a.name for a in translation.addressees])
    pair_lists("addressee roles", [a.role for a in source.addressees], [a.role for a in translation.addressees])
    # A plain-text translation is read as the letter is: paragraphs and items only.
    running = [b for b in source.body + source.closing if isinstance(b, Block)]
    theirs_running = [b for b in translation.body + translation.closing if isinstance(b, Block)]
    _pair_running_text(tuple(running), tuple(theirs_running), pair, unaligned, shown)
    for index, group in enumerate(source.signatories):
        theirs = translation.signatories[index].organisations if index < len(translation.signatories) else ()
        pair_lists(f"organisations of signatory group {index + 1}", list(group.organisations), list(theirs))
    notes = {note.number: note for note in translation.notes}
    for note in source.notes:
        found = notes.pop(note.number, None)
        if found is None:
            where = f"{note.paragraphs[0].source}:{note.line}"
            unaligned.append(f"{shown}: note {note.number} of the source ({where}) is not in the translation")
            continue
        pair_lists(f"paragraphs of note {note.number}", list(note.paragraphs), list(found.paragraphs))
    for number, extra in sorted(notes.items()):
        unaligned.append(f"{shown}:{extra.line}: note {number} is not in the source")
    pairs, odd = _by_length(candidates)
    for source_segment, their_segment in odd:
        unaligned.append(
            f"{shown}:{their_segment.line}: not paired with {source_segment.source}:{source_segment.line}: "
            "their lengths differ too much "
            "for a translation (merged or split paragraphs?)"
        )
    return Alignment(tuple(Aligned(m.key, t.text, t.line) for m, t in pairs), tuple(unaligned))


LENGTH_TOLERANCE = 1.8
"""How far a pair's length ratio may stray from the document's usual ratio (a merge doubles it)."""
SHORT = 60
"""Texts shorter than this (names, titles) vary too much in length to judge."""


def _by_length(
    candidates: list[tuple[Segment, Segment]],
) -> tuple[list[tuple[Segment, Segment]], list[tuple[Segment, Segment]]]:
    """Split pairs into those whose lengths look like a translation's and those that do not.

    A language runs longer or shorter than another by a steady ratio; a pair
    far from the median ratio is two paragraphs merged, or one split.
    """
    ratios = sorted(len(t.text) / len(m.text) for m, t in candidates if len(m.text) >= SHORT)
    if not ratios:
        return candidates, []
    usual = ratios[len(ratios) // 2]
    good: list[tuple[Segment, Segment]] = []
    odd: list[tuple[Segment, Segment]] = []
    for mine, theirs in candidates:
        ratio = len(theirs.text) / max(len(mine.text), 1)
        plausible = len(mine.text) < SHORT or usual / LENGTH_TOLERANCE <= ratio <= usual * LENGTH_TOLERANCE
        (good if plausible else odd).append((mine, theirs))
    return good, odd


def _opt(segment: Segment | None) -> list[Segment]:
    return [segment] if segment else []


def _pair_running_text(
    mine: tuple[Block, ...],
    theirs: tuple[Block, ...],
    pair: Callable[[Segment, Segment], None],
    unaligned: list[str],
    shown: str,
) -> None:
    """Pair paragraphs and list items, resynchronising at blocks that carry the same note markers.

    The closing is read with the body: where it starts is an English-worded
    sidecar decision a translation cannot match.
    """
    anchors = _anchors(mine, theirs)
    start_mine = start_theirs = 0
    for end_mine, end_theirs in [*anchors, (len(mine), len(theirs))]:
        stretch_mine, stretch_theirs = mine[start_mine:end_mine], theirs[start_theirs:end_theirs]
        kinds_agree = [b.kind for b in stretch_mine] == [b.kind for b in stretch_theirs]
        if kinds_agree:
            for a, b in zip(stretch_mine, stretch_theirs, strict=True):
                pair(a.segment, b.segment)
        else:
            counts = (
                f"between the same note markers the source has {len(stretch_mine)} blocks, here {len(stretch_theirs)}"
            )
            for block in stretch_theirs:
                unaligned.append(f"{shown}:{block.segment.line}: cannot pair this block: {counts}")
            for block in stretch_mine:
                where = f"{block.segment.source}:{block.segment.line}"
                unaligned.append(f"{shown}: the block at {where} is left untranslated: {counts}")
        if end_mine < len(mine):
            pair(mine[end_mine].segment, theirs[end_theirs].segment)
        start_mine, start_theirs = end_mine + 1, end_theirs + 1


def _anchors(mine: tuple[Block, ...], theirs: tuple[Block, ...]) -> list[tuple[int, int]]:
    """Index pairs of blocks both sides mark with the same note, in increasing order on both."""
    where = {n: i for i, b in enumerate(mine) for n in b.segment.note_refs}
    anchors: list[tuple[int, int]] = []
    for j, block in enumerate(theirs):
        numbers = [n for n in block.segment.note_refs if n in where]
        if not numbers:
            continue
        i = where[numbers[0]]
        if (not anchors or (i > anchors[-1][0] and j > anchors[-1][1])) and all(where[n] == i for n in numbers):
            anchors.append((i, j))
    return anchors


__all__ = ["Aligned", "Alignment", "align_translation"]
