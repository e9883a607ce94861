"""Make a book-length project from the letter: N copies of its body, and a Spanish catalog.

The seed is written in the seed's own plain-text form, so the real reader
parses it: the credit, editor's note and addressees come once, then the body
(the paragraphs before the closing the sidecar names) N times, the closing
and the signatories once, and the notes N times. Every copy's notes are
renumbered (1, 2, 3, ... across the book, the letter's missing note 5
skipped) and referenced by `[n]` markers in the text: the notes the letter's
sidecar anchors get a marker inserted after their anchor text, and the
generated sidecar keeps everything but the anchors.

The Spanish catalog takes each entry's translation and translator comment
from the letter's own Spanish catalog, its footnote tokens renumbered to the
copy's notes; the baseline's Pandoc Markdown is written from that filled
catalog, so both sides work on the same Spanish text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "seeds" / "letter.txt"
SIDECAR = ROOT / "seeds" / "letter.toml"
SPANISH = ROOT / "locale" / "es" / "LC_MESSAGES" / "letter.po"

NOTE_LABEL = re.compile(r"^\[(\d+)\]\s*")
MARKER = re.compile(r"\[(\d+)\]")
TOKEN = re.compile(r"\[\^(\d+)\]")
ANCHOR = re.compile(r'^\[notes\.(\d+)\]\s*\n(?:#[^\n]*\n)*after\s*=\s*("(?:[^"\\]|\\.)*")', re.MULTILINE)

EDITED_WORDS = ("urge you to reject", "urge you to refuse")
"""The one-word edit `update` is timed after, made in the middle copy of the body."""


@dataclass(frozen=True)
class Letter:
    """The letter cut into the parts the book repeats or keeps once."""

    front: list[str]
    body: list[str]
    closing: list[str]
    signatories: list[str]
    notes: list[str]
    anchors: dict[int, str]
    numbers: list[int]
    """The note numbers the letter defines, in order."""


@dataclass(frozen=True)
class Book:
    """A book project made for the timed tasks, and what they need to know of it."""

    project: Path
    pristine: Path
    """The files as made (seed, template, catalog, their edited forms), for the tasks to restore."""
    catalog: Path
    entries: int
    seed_bytes: int


def _blocks(text: str) -> list[str]:
    return [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]


def read_letter() -> Letter:
    """Cut the letter's seed where the reader would: addressees, closing, signatories, notes."""
    blocks = _blocks(LETTER.read_text("utf-8"))
    sidecar = SIDECAR.read_text("utf-8")
    closing = re.search(r'^closing\s*=\s*"([^"]*)"', sidecar, re.MULTILINE)
    anchors = {int(n): json.loads(text) for n, text in ANCHOR.findall(sidecar)}
    notes_at = next(i for i, b in enumerate(blocks) if NOTE_LABEL.match(b))
    closing_at = next(i for i, b in enumerate(blocks) if closing and b.startswith(closing.group(1)))
    signatories_at = next(i for i in range(closing_at, notes_at) if blocks[i].count(";") >= 2)
    # The body starts after the last addressee (a block of two short lines).
    addressees = [i for i, b in enumerate(blocks[:closing_at]) if len(b.splitlines()) == 2 and len(b) < 200]
    body_at = max(addressees) + 1
    numbers = [int(NOTE_LABEL.match(b).group(1)) for b in blocks[notes_at:] if NOTE_LABEL.match(b)]  # type: ignore[union-attr]
    return Letter(
        blocks[:body_at],
        blocks[body_at:closing_at],
        blocks[closing_at:signatories_at],
        blocks[signatories_at:notes_at],
        blocks[notes_at:],
        anchors,
        numbers,
    )


def _renumber(copy: int, letter: Letter) -> dict[int, int]:
    per_copy = len(letter.numbers)
    return {number: copy * per_copy + index + 1 for index, number in enumerate(letter.numbers)}


def _renumber_markers(text: str, mapping: dict[int, int]) -> str:
    """TEXT with the number of each `[n]` marker replaced by MAPPING's."""
    return MARKER.sub(lambda m: f"[{mapping[int(m.group(1))]}]", text)


def _renumber_tokens(text: str, mapping: dict[str, str]) -> str:
    """TEXT with the number of each `[^n]` footnote token replaced by MAPPING's, where it has one."""
    return TOKEN.sub(lambda m: f"[^{mapping.get(m.group(1), m.group(1))}]", text)


def book_seed(letter: Letter, copies: int, edit_copy: int | None = None) -> str:
    """The seed text of the book; EDIT_COPY, if given, carries the one-word edit."""
    parts = list(letter.front)
    for copy in range(copies):
        mapping = _renumber(copy, letter)
        text = "\n\n".join(letter.body)
        for number, anchor in letter.anchors.items():
            if text.count(anchor) != 1:
                raise SystemExit(f"anchor of note {number} is not once in the body: {anchor!r}")
            text = text.replace(anchor, f"{anchor}[{number}]")
        text = _renumber_markers(text, mapping)
        if copy == edit_copy:
            if EDITED_WORDS[0] not in text:
                raise SystemExit(f"the edit {EDITED_WORDS[0]!r} is not in the body")
            text = text.replace(EDITED_WORDS[0], EDITED_WORDS[1], 1)
        parts.append(text)
    parts += letter.closing + letter.signatories
    for copy in range(copies):
        mapping = _renumber(copy, letter)
        for block in letter.notes:
            label = NOTE_LABEL.match(block)
            parts.append(f"[{mapping[int(label.group(1))]}] {block[label.end() :]}" if label else block)
    return "\n\n".join(parts) + "\n"


def book_sidecar() -> str:
    """The letter's sidecar without its note anchors (the book's markers are in the text)."""
    lines = SIDECAR.read_text("utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("[notes.")), len(lines))
    tables = [line for line in lines[start:] if line.startswith("[")]
    if any(not line.startswith("[notes.") for line in tables):
        raise SystemExit(f"{SIDECAR}: expected the [notes.N] tables to come last")
    return "\n".join(lines[:start]).rstrip() + "\n"


def _normal(msgid: str) -> str:
    return TOKEN.sub("[^#]", msgid)


def fill_catalog(path: Path) -> int:
    """Give every entry of the book's catalog the letter's Spanish translation; return how many entries."""
    letter: dict[tuple[str, str], polib.POEntry] = {}
    for entry in polib.pofile(str(SPANISH)):
        if entry.msgstr and not entry.obsolete:
            role = (entry.msgctxt or "").split(":", 1)[0]
            letter.setdefault((role, _normal(entry.msgid)), entry)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        role = (entry.msgctxt or "").split(":", 1)[0]
        source = letter.get((role, _normal(entry.msgid)))
        if source is None:
            entry.msgstr = entry.msgid
            continue
        # Both msgids have the same tokens in the same places (their `_normal` forms are equal).
        mapping = dict(zip(TOKEN.findall(source.msgid), TOKEN.findall(entry.msgid), strict=True))
        entry.msgstr = _renumber_tokens(source.msgstr, mapping)
        # The translator's comments too: they waive the checks the letter's catalog waives.
        entry.tcomment = source.tcomment
    catalog.metadata["PO-Revision-Date"] = catalog.metadata.get("POT-Creation-Date", "")
    catalog.save(str(path))
    # GNU's layout, which the toolkit's writer reproduces byte for byte.
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    return len(catalog)


_ESCAPE = re.compile(r"([\\`*_<>#$@~|]|\[(?!\^\d+\]))")


def _md(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def book_markdown(catalog_path: Path, lang_tag: str) -> str:
    """An equivalent Pandoc Markdown book, written from the filled catalog in reading order."""
    meta = {"lang": lang_tag}
    out: list[str] = []
    notes: list[str] = []
    addressee: str | None = None
    for entry in polib.pofile(str(catalog_path)):
        if entry.obsolete:
            continue
        key = entry.msgctxt or ""
        role = key.split(":", 1)[0]
        text = entry.msgstr or entry.msgid
        if role == "title":
            meta["title"] = text
        elif role == "creator":
            meta["author"] = text
        elif role == "label":
            continue
        elif role == "editor-note":
            out.append("> " + _md(text))
        elif role == "addressee":
            addressee = _md(text)
        elif role == "addressee-role":
            out.append(f"| {addressee}\n| {_md(text)}")
        elif role == "item":
            out.append("1.  " + _md(text))
        elif role == "signatories":
            out.append("## " + _md(text))
        elif role == "org":
            out.append("- " + _md(text))
        elif role == "note":
            number = key.split(":", 1)[1].split(".", 1)[0]
            if "." in key.split(":", 1)[1]:
                notes.append("    " + _md(text))
            else:
                notes.append(f"[^{number}]: " + _md(text))
        else:
            out.append(_md(text))
    header = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items()) + "---\n"
    # Consecutive organisations form one list; a note's continuation stays inside it.
    body = re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", "\n\n".join(out))
    # The title opens the text as a level-1 heading, as in the toolkit's
    # editions: PDF/UA-1 wants the first heading at level 1.
    body = f"# {_md(meta.get('title', ''))}\n\n{body}"
    return header + "\n" + body + "\n\n" + "\n\n".join(notes) + "\n"


def make_project(work: Path, copies: int, python: str, env: dict[str, str]) -> Book:
    """Write the project of N copies under WORK and its Spanish catalog; return the files the tasks use."""
    letter = read_letter()
    project = work / f"book-{copies}"
    if project.exists():
        shutil.rmtree(project)
    (project / "seeds").mkdir(parents=True)
    seed = project / "seeds" / "book.txt"
    seed.write_text(book_seed(letter, copies), "utf-8")
    (project / "seeds" / "book.toml").write_text(book_sidecar().replace("seeds/letter.txt", "seeds/book.txt"), "utf-8")
    pristine = work / f"pristine-{copies}"
    if pristine.exists():
        shutil.rmtree(pristine)
    pristine.mkdir()
    (pristine / "book.txt").write_bytes(seed.read_bytes())
    (pristine / "book.edited.txt").write_text(book_seed(letter, copies, edit_copy=copies // 2), "utf-8")
    command = [python, "-m", "toolkit", "-C", str(project)]
    subprocess.run([*command, "init", "--lang", "es"], check=True, env=env, capture_output=True)
    catalog = project / "locale" / "es" / "LC_MESSAGES" / "book.po"
    entries = fill_catalog(catalog)
    # The one-msgstr change: one word added to one translation in the middle of the book.
    po = polib.pofile(str(catalog))
    middle = [e for e in po if (e.msgctxt or "").startswith("paragraph:")]
    target = middle[len(middle) // 2]
    words = target.msgstr.split(" ")
    target.msgstr = " ".join([words[0], "también", *words[1:]])
    po.save(str(pristine / "book.changed.po"))
    subprocess.run(["msgcat", "-o", str(pristine / "book.changed.po"), str(pristine / "book.changed.po")], check=True)
    shutil.copyfile(catalog, pristine / "book.po")
    shutil.copyfile(project / "locale" / "book.pot", pristine / "book.pot")
    # The template after the one-word edit, for msgmerge to merge as `update` does.
    shutil.copyfile(pristine / "book.edited.txt", seed)
    subprocess.run([*command, "extract"], check=True, env=env, capture_output=True)
    shutil.copyfile(project / "locale" / "book.pot", pristine / "book.edited.pot")
    shutil.copyfile(pristine / "book.txt", seed)
    shutil.copyfile(pristine / "book.pot", project / "locale" / "book.pot")
    markdown = pristine / "book.md"
    markdown.write_text(book_markdown(catalog, "es-MX"), "utf-8")
    return Book(project, pristine, catalog, entries, seed.stat().st_size)


if __name__ == "__main__":
    print(book_seed(read_letter(), int(sys.argv[1]) if len(sys.argv) > 1 else 2))
