"""The cases of `test_parallel`, each run in a fresh Python as a command runs (`python -m tests.parallel_cases NAME`).

Not in the test process itself: once a test there has compiled a PDF,
Typst's threads run in it, and `parallel` forks nothing beside threads.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from pathlib import Path

from toolkit import parallel
from toolkit.catalogs import pofile
from toolkit.catalogs.store import read_catalog
from toolkit.errors import ToolkitError

REPO = Path(__file__).resolve().parent.parent

COPIES = 110
"""Copies of the letter's Spanish entries in the large catalog: 5 MB, read in parts of 2 MB at least."""


def large_catalog() -> str:
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


def parts_come_back_in_order_from_other_processes() -> None:
    results = parallel.map_forked(lambda part: (part, os.getpid()), [1, 2, 3])
    assert [part for part, _ in results] == [1, 2, 3]
    assert results[0][1] == os.getpid()
    assert os.getpid() not in {pid for _, pid in results[1:]}


def an_error_in_a_child_is_raised_here() -> None:
    def fail_on_two(part: int) -> int:
        if part == 2:
            raise ToolkitError("part two is malformed", Path("two.po"), 7)
        return part

    try:
        parallel.map_forked(fail_on_two, [1, 2])
    except ToolkitError as error:
        assert (error.message, error.path, error.line) == ("part two is malformed", "two.po", 7)
    else:
        raise AssertionError("no error")


def a_child_that_dies_has_its_part_done_here() -> None:
    parent = os.getpid()

    def die_in_a_child(part: int) -> int:
        if os.getpid() != parent:
            os._exit(9)  # as a child killed for memory would
        return part * 10

    assert parallel.map_forked(die_in_a_child, [1, 2, 3]) == [10, 20, 30]


def a_part_no_child_can_be_started_for_is_done_here() -> None:
    import resource

    parent = os.getpid()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    open_files = {int(fd) for fd in os.listdir("/proc/self/fd")}
    lowest_free = min(set(range(len(open_files) + 1)) - open_files)
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowest_free, hard))  # no new file, so no pipe: EMFILE
    try:
        assert parallel.map_forked(lambda part: (part, os.getpid()), [1, 2]) == [(1, parent), (2, parent)]
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def nothing_forks_beside_another_thread() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert set(parallel.map_forked(lambda _: os.getpid(), [1, 2])) == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def beside_runs_there_in_another_process() -> None:
    assert parallel.beside(os.getpid, os.getpid)[0] == os.getpid() != parallel.beside(os.getpid, os.getpid)[1]


def an_error_beside_is_raised_here() -> None:
    def malformed() -> int:
        raise ToolkitError("the catalog is malformed", Path("es.po"), 7)

    try:
        parallel.beside(os.getpid, malformed)
    except ToolkitError as error:
        assert (error.message, error.path, error.line) == ("the catalog is malformed", "es.po", 7)
    else:
        raise AssertionError("no error")


def an_error_here_ends_the_child_beside() -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    try:
        parallel.beside(interrupted, lambda: threading.Event().wait())  # a child that would never answer
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("no interrupt")
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return  # no child left, running or unreaped
    raise AssertionError("a child is left")


def a_large_catalog_read_in_parts_is_read_as_one() -> None:
    """The parts' reader (GNU's layout) and the line-at-a-time reader agree on every entry and line."""
    text = large_catalog()
    assert parallel.hands(len(text), pofile._PART_SIZE) >= 2  # read in parts, not in one
    in_parts = pofile.parse_gnu_catalog(text)
    assert in_parts is not None
    assert in_parts == pofile.parse_catalog(text)
    assert in_parts.header.startswith("Spanish translation of letter.\nThis file is distributed")
    last = in_parts.entries[-1]
    assert (last.obsolete, last.previous_msgid, last.line) == (True, "Old text", text.count("\n") - 3)


def a_large_catalog_out_of_layout_late_in_the_file_is_read_line_by_line() -> None:
    text = large_catalog()
    late = text.index('msgctxt "copy100:')
    stray = text[:late] + "\n" + text[late:]  # a second blank line between two entries
    assert pofile.parse_gnu_catalog(stray) is None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "es.po"
        path.write_text(stray, encoding="utf-8")
        assert read_catalog(path) == pofile.parse_catalog(stray)


def a_duplicate_across_parts_is_refused_at_its_line() -> None:
    text = large_catalog()
    twice = text.replace('msgctxt "copy100:', 'msgctxt "copy1:')
    second = twice.rindex("\n\n", 0, twice.index('msgctxt "copy1:', twice.index("copy99:"))) + 2
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "es.po"
        path.write_text(twice, encoding="utf-8")
        try:
            read_catalog(path)
        except ToolkitError as error:
            assert error.message.startswith("duplicate entry for msgctxt 'copy1:"), error
            assert error.line == twice.count("\n", 0, second) + 1, error.line
        else:
            raise AssertionError("no error")


CASES = {
    case.__name__: case
    for case in (
        parts_come_back_in_order_from_other_processes,
        an_error_in_a_child_is_raised_here,
        a_child_that_dies_has_its_part_done_here,
        a_part_no_child_can_be_started_for_is_done_here,
        nothing_forks_beside_another_thread,
        beside_runs_there_in_another_process,
        an_error_beside_is_raised_here,
        an_error_here_ends_the_child_beside,
        a_large_catalog_read_in_parts_is_read_as_one,
        a_large_catalog_out_of_layout_late_in_the_file_is_read_line_by_line,
        a_duplicate_across_parts_is_refused_at_its_line,
    )
}

if __name__ == "__main__":
    CASES[sys.argv[1]]()
