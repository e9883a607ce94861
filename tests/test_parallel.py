"""A large catalog read and checked on every core: the same entries, lines and findings as on one core."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from toolkit import parallel
from toolkit.catalogs import pofile
from toolkit.catalogs.store import read_catalog
from toolkit.errors import ToolkitError

from .conftest import REPO, copy_project

pytestmark = pytest.mark.skipif(parallel.cores() < 2, reason="one core here: nothing runs beside this process")

COPIES = 110
"""Copies of the letter's Spanish entries in the large catalog: 5 MB, read in parts of 2 MB at least."""


def _large_catalog() -> str:
    """The letter's Spanish catalog with its entries copied COPIES times under new keys, and three faults planted.

    Copy 30 (in the first part) and copy 90 (in the second) each lose a
    number; copy 100 writes a note call after the stop. An obsolete entry
    with a previous msgid closes the file.
    """
    text = (REPO / "locale" / "es" / "LC_MESSAGES" / "letter.po").read_text(encoding="utf-8")
    header, _, body = text.partition('\nmsgctxt "')
    body = 'msgctxt "' + body.rstrip("\n")
    copies = []
    for copy in range(COPIES):
        entries = body.replace('msgctxt "', f'msgctxt "copy{copy}:')
        if copy in (30, 90):
            entries = entries.replace("En mayo de 2018", "En mayo de aquel año", 1)
        if copy == 100:
            entries = re.sub(r"(\w)\[\^1\]\.", r"\1.[^1]", entries, count=1)
        copies.append(entries)
    obsolete = '#~| msgid "Old text"\n#~ msgctxt "gone"\n#~ msgid "Older text"\n#~ msgstr "Texto viejo"\n'
    return header + "\n" + "\n\n".join(copies) + "\n\n" + obsolete


def test_parts_come_back_in_order_from_other_processes():
    results = parallel.map_forked(lambda part: (part, os.getpid()), [1, 2, 3])
    assert [part for part, _ in results] == [1, 2, 3]
    assert results[0][1] == os.getpid()
    assert os.getpid() not in {pid for _, pid in results[1:]}


def test_an_error_in_a_child_is_raised_here():
    def fail_on_two(part: int) -> int:
        if part == 2:
            raise ToolkitError("part two is malformed", Path("two.po"), 7)
        return part

    with pytest.raises(ToolkitError, match="part two is malformed"):
        parallel.map_forked(fail_on_two, [1, 2])


def test_a_child_that_dies_has_its_part_done_here():
    parent = os.getpid()

    def die_in_a_child(part: int) -> int:
        if os.getpid() != parent:
            os._exit(9)  # as a child killed for memory would
        return part * 10

    assert parallel.map_forked(die_in_a_child, [1, 2, 3]) == [10, 20, 30]


def test_nothing_forks_beside_another_thread():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {pid for pid in parallel.map_forked(lambda _: os.getpid(), [1, 2])} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_a_large_catalog_read_in_parts_is_read_as_one():
    """The parts' reader (GNU's layout) and the line-at-a-time reader agree on every entry and line."""
    text = _large_catalog()
    assert parallel.hands(len(text), pofile._PART_SIZE) >= 2  # read in parts, not in one
    in_parts = pofile.parse_gnu_catalog(text)
    assert in_parts is not None
    assert in_parts == pofile.parse_catalog(text)
    assert in_parts.header.startswith("Spanish translation of letter.\nThis file is distributed")
    last = in_parts.entries[-1]
    assert (last.obsolete, last.previous_msgid, last.line) == (True, "Old text", text.count("\n") - 3)


def test_a_large_catalog_out_of_layout_late_in_the_file_is_read_line_by_line(tmp_path: Path):
    text = _large_catalog()
    late = text.index('msgctxt "copy100:')
    stray = text[:late] + "\n" + text[late:]  # a second blank line between two entries
    assert pofile.parse_gnu_catalog(stray) is None
    path = tmp_path / "es.po"
    path.write_text(stray, encoding="utf-8")
    assert read_catalog(path) == pofile.parse_catalog(stray)


def test_a_duplicate_across_parts_is_refused_at_its_line(tmp_path: Path):
    text = _large_catalog()
    twice = text.replace('msgctxt "copy100:', 'msgctxt "copy1:')
    path = tmp_path / "es.po"
    path.write_text(twice, encoding="utf-8")
    with pytest.raises(ToolkitError, match="duplicate entry for msgctxt 'copy1:") as refused:
        read_catalog(path)
    second = twice.rindex("\n\n", 0, twice.index('msgctxt "copy1:', twice.index("copy99:"))) + 2
    assert refused.value.line == twice.count("\n", 0, second) + 1


def _check(root: Path, *, one_core: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(root), "check", "--lang", "es", "--json"],
        capture_output=True,
        text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None,
    )


def test_check_on_every_core_finds_what_one_core_finds(tmp_path: Path):
    root = copy_project(REPO, tmp_path / "letter")
    catalog = root / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    catalog.write_text(_large_catalog(), encoding="utf-8")
    shared, alone = _check(root, one_core=False), _check(root, one_core=True)
    assert shared.returncode == alone.returncode == 0, shared.stderr + alone.stderr
    assert shared.stdout == alone.stdout
    findings = json.loads(shared.stdout)["findings"]
    lines = catalog.read_text(encoding="utf-8").split("\n")
    planted = [(f["check"], f["key"].split(":")[0]) for f in findings if f["check"] in ("number", "note-call")]
    assert planted == [("number", "copy30"), ("number", "copy90"), ("note-call", "copy100")]
    for finding in findings:
        assert lines[finding["line"] - 1].startswith("msgstr"), finding
    assert [f["line"] for f in findings] == sorted(f["line"] for f in findings)
