"""Work that is all Python shared over the cores, in forked processes, where the system forks safely (Linux).

Python runs one thread of Python code at a time, so reading and checking
a large catalog uses one core however many there are. A forked child
starts with the parent's memory as it is, modules and text included:
nothing is imported or sent to it, only its result comes back. Where
fork is missing (Windows), unsafe once system frameworks are loaded
(macOS) or unsafe because other threads run, everything runs in this
process, as it would on one core.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

Part = TypeVar("Part")
Result = TypeVar("Result")
Here = TypeVar("Here")


def cores() -> int:
    """How many cores this process may use now: 1 where it cannot fork safely."""
    if sys.platform != "linux":
        return 1
    try:
        threads = len(os.listdir("/proc/self/task"))  # Python's and those of native libraries alike
    except OSError:
        return 1  # no /proc: whether other threads run is unknown
    if threads > 1:
        return 1  # a child would inherit the other threads' locks, held, and no thread to release them
    return len(os.sched_getaffinity(0))


def hands(size: int, smallest: int) -> int:
    """How many hands to deal work of SIZE into: one per core, none smaller than SMALLEST, one at least.

    >>> hands(10, 20), hands(10, 1) >= 1
    (1, True)
    """
    if size < 2 * smallest:
        return 1  # too little to share: every catalog read asks, so /proc is not read for a small one
    return max(1, min(cores(), size // smallest))


def deal(items: Sequence[Part], smallest: int) -> list[Sequence[Part]]:
    """ITEMS dealt out like cards, a hand per core, none smaller than SMALLEST (so one hand at least).

    Dealt, not cut in slices: a catalog's end may be all untranslated
    entries, which cost nothing to check, and each hand gets its share.

    >>> [list(hand) for hand in deal(range(5), 2)] in ([[0, 1, 2, 3, 4]], [[0, 2, 4], [1, 3]])
    True
    """
    count = hands(len(items), smallest)
    return [items[first::count] for first in range(count)]


def map_forked(function: Callable[[Part], Result], parts: Sequence[Part], result: Any = None) -> list[Result]:
    """FUNCTION of each of PARTS, in order: the first here, the others each in a forked child meanwhile.

    A child sends its result back pickled or, given its type as RESULT,
    as msgspec's MessagePack (3 times quicker for a catalog's entries). An
    error raised in a child is raised here. A part no child could be
    started for (a limit on processes or files) or whose child died without
    answering (killed, out of memory) is done here instead.
    """
    if len(parts) < 2 or cores() < 2:
        return [function(part) for part in parts]
    children: list[tuple[int, int] | None] = []
    try:
        for part in parts[1:]:
            children.append(_fork(function, part, result))
        results = [function(parts[0])]
        for part in parts[1:]:
            child = children.pop(0)
            results.append(function(part) if child is None else _answer(*child, function, part, result))
        return results
    finally:
        for child in children:  # left only after an error: stop them
            if child is not None:
                _end(*child)


def beside(here: Callable[[], Here], there: Callable[[], Result]) -> tuple[Here, Result]:
    """What HERE and THERE give: THERE computed in a forked child while HERE runs in this process.

    `map_forked` of the two: where no child can be forked safely (`cores`),
    or none could be started, THERE runs here after HERE; an error raised
    THERE is raised here.
    """
    mine, theirs = map_forked(lambda work: work(), [here, there])
    return cast(Here, mine), cast(Result, theirs)


def _fork(function: Callable[[Part], Result], part: Part, result: Any) -> tuple[int, int] | None:
    """Start a child that computes FUNCTION(PART) and writes it to a pipe: its pid and that pipe's end.

    None when the system gives no pipe or no process.
    """
    import pickle

    import msgspec

    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid:
        os.close(writing)
        return pid, reading
    # The child: whatever happens, it leaves by os._exit, running no atexit
    # handler and flushing none of the parent's buffered output.
    try:
        os.close(reading)
        try:
            value = function(part)
            answer = b"M" + msgspec.msgpack.encode(value) if result is not None else b"P" + pickle.dumps(value, -1)
        except BaseException as error:  # the parent raises it
            answer = b"E" + pickle.dumps(error, -1)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(answer)
    finally:
        os._exit(0)


def _answer(pid: int, reading: int, function: Callable[[Part], Result], part: Part, result: Any) -> Result:
    import pickle

    import msgspec

    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        kind, body = data[:1], memoryview(data)[1:]
        value = msgspec.msgpack.decode(body, type=result) if kind == b"M" else pickle.loads(body)
    except Exception:  # no answer, or half of one: the child died
        return function(part)
    if kind == b"E":
        raise value
    return value  # type: ignore[no-any-return]


def _end(pid: int, reading: int) -> None:
    import signal

    os.close(reading)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
