"""What the command line prints and how it ends, shared by `cli` (click) and `shortcut` (no click).

Nothing here imports click: `shortcut` runs the commonest build without
it, and must print and leave exactly as `cli` does.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from toolkit.errors import ToolkitError

FORMATS = ("pdf", "epub", "docx", "html")
"""The build's `--format` choices: `render.FORMATS`, named here so that the command line need not import it."""


class Echo(Protocol):
    """Print MESSAGE and a line break on standard output, or on standard error with ERR: `click.echo`'s signature."""

    def __call__(self, message: str, *, err: bool = False) -> Any: ...


def echo(message: str, *, err: bool = False) -> None:
    """`click.echo` for text: the line, flushed at once."""
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n")
    stream.flush()


def check_root(root: Path) -> None:
    """Raise the one-line error for a project folder that is not one."""
    if not root.is_dir():  # checked here, not by click, so that it is one line like every other error
        raise ToolkitError("not a folder" if root.exists() else "no such project folder", root)


def error_line(error: ToolkitError, root: Path | None) -> str:
    r"""The `Error:` line of ERROR; a file inside the project ROOT is named as from its folder.

    A value given with a newline keeps the error one line:

    >>> error_line(ToolkitError("unknown language 'es\nfr'"), None)
    "Error: unknown language 'es\\nfr'"
    """
    if error.path and root is not None:
        from toolkit.commands.catalog import Project

        error.path = Project(root).shown(Path(error.path))
    return f"Error: {one_line(str(error))}"


def one_line(message: str) -> str:
    """MESSAGE with its line breaks written as escapes."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def build(
    root: Path, langs: Sequence[str], formats: Sequence[str], out: Path | None, strict: bool, quiet: bool, echo: Echo
) -> None:
    """Make the editions, and print what the build verb prints."""
    from toolkit.commands.build import build as build_editions
    from toolkit.commands.catalog import Project

    # On a terminal each edition is reported as it is done; elsewhere (logs,
    # CI) the same lines come once at the end. --quiet leaves only warnings.
    live = not quiet and sys.stdout.isatty()

    def progress(result: Any, done: int, total: int) -> None:
        if live:
            echo(f"[{done}/{total}] {result.summary()}")

    report = build_editions(Project(root), list(langs), list(formats), out, strict, progress=progress)
    for warning in report.warnings:
        echo(warning, err=True)
    if not quiet:
        summary = report.summary().splitlines()
        echo("\n".join(summary[-1:] if live else summary))


def leave(status: int) -> None:
    """Leave with STATUS as soon as the output is out.

    Python's own exit would free, one by one, every object still alive (the
    modules', a build's documents and sources): 6 ms of a letter's 0.28 s
    build, for memory the system takes back at once. Every file a command
    writes is closed by then; only the standard streams are left to flush.
    """
    # Should Python's exit run after all, its collector would walk every
    # object first (16 ms of the letter's build); frozen, they are not.
    gc.freeze()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that has gone (`| head`): Python's exit reports it, as for any command
        raise SystemExit(status) from None
    os._exit(status)
