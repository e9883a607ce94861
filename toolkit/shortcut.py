"""`toolkit build` without click: the command line users type most, read and run here.

Importing click and making the command line of it is the longest step
before a build starts: without it a letter's cold build ends 23 ms sooner,
7% (41 builds each way, alternating). So the `toolkit` command gives its
arguments here first. Anything this module does not read exactly as click
would goes to click untouched: `--help`, `--version`, `--debug`, another
verb, an option or a form of one it does not know, a value click might
refuse or read otherwise (empty, starting with a dash, a file named as the
output folder). click stays the command line's one definition;
`tests/test_shortcut.py` holds this reading to click's own.
"""

# No `from __future__ import annotations`: a NamedTuple compiles each of
# its annotations given as a string, 3 ms for BuildLine's at every start.
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from toolkit.console import FORMATS, build, check_root, echo, error_line
from toolkit.errors import ToolkitError


class BuildLine(NamedTuple):
    """A build's command line, as click gives it to `cli.cli` and `cli.build`."""

    root: Path
    langs: tuple[str, ...]
    formats: tuple[str, ...]
    out: Path | None
    strict: bool
    quiet: bool


_GROUP_OPTIONS = {"-C": "root", "--project": "root"}
_BUILD_OPTIONS = {"--lang": "langs", "--format": "formats", "--out": "out"}
_BUILD_FLAGS = {"--strict": "strict", "--quiet": "quiet", "-q": "quiet"}


def read_build(args: Sequence[str]) -> BuildLine | None:
    """ARGS as click reads them, when they are `[-C ROOT] build [OPTIONS]` in a form it reads alike; else None.

    >>> read_build(["build", "--lang", "es", "--lang=en", "-q"])
    BuildLine(root=PosixPath('.'), langs=('es', 'en'), formats=(), out=None, strict=False, quiet=True)
    >>> read_build(["build", "--help"]) is None, read_build(["check"]) is None
    (True, True)
    """
    if "_TOOLKIT_COMPLETE" in os.environ:  # click's shell completion at work
        return None
    values: dict[str, list[str]] = {}
    flags: set[str] = set()
    words = iter(args)
    verb = False
    for word in words:
        if word == "build" and not verb:
            verb = True
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        options = _BUILD_OPTIONS if verb else _GROUP_OPTIONS
        if name in options:
            value = value if equals else next(words, "")
            if not value or value.startswith("-"):
                return None
            values.setdefault(options[name], []).append(value)
        elif verb and name in _BUILD_FLAGS and not equals:
            flags.add(_BUILD_FLAGS[name])
        else:
            return None
    formats = tuple(values.get("formats", ()))
    if not verb or not set(formats) <= set(FORMATS):
        return None
    # click keeps the last value of an option given twice.
    root, out = values.get("root", ["."])[-1], values.get("out", [""])[-1]
    if not _takes(root, folder=False) or (out and not _takes(out, folder=True)):
        return None
    langs = tuple(values.get("langs", ()))
    return BuildLine(Path(root), langs, formats, Path(out) if out else None, "strict" in flags, "quiet" in flags)


def _takes(path: str, folder: bool) -> bool:
    """Whether click's `Path` type takes PATH as it is: absent, or readable and, for a FOLDER, not a file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True  # absent: the command says so, as one line
    except ValueError:  # a NUL byte
        return False
    return os.access(path, os.R_OK) and not (folder and stat.S_ISREG(mode))


def run(args: Sequence[str]) -> int | None:
    """Run ARGS when `read_build` reads them, and give the exit status `cli` would; None to leave them to click."""
    line = read_build(args)
    if line is None:
        return None
    project: Path | None = None
    try:
        check_root(line.root)
        project = line.root  # files inside it are named from it
        build(line.root, line.langs, line.formats, line.out, line.strict, line.quiet, echo)
    except ToolkitError as error:
        echo(error_line(error, project), err=True)
        return 2
    except KeyboardInterrupt:
        echo("\nAborted!", err=True)  # as click says it
        return 1
    except BrokenPipeError:  # a reader that has gone (`| head`): click leaves with 1, and says nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
