"""`python -m toolkit` and the `toolkit` command: a plain build through `shortcut`, anything else through click.

A command spends its first tenth of a second creating objects it keeps
(modules, classes, functions, then the document): at Python's default
threshold of 700 the collector walks them over and over, finding nothing
to free (10 ms of a letter's 0.43 s cold build, measured). A threshold of
50,000 allocations keeps it for the cycles a long run does make.
"""

import gc

gc.set_threshold(50_000, 10, 10)

import sys  # noqa: E402  # after the threshold: the imports are most of those objects

from toolkit.console import leave  # noqa: E402
from toolkit.shortcut import run  # noqa: E402


def main() -> None:
    """Run the command line given to the `toolkit` command."""
    status = run(sys.argv[1:])
    if status is None:
        from toolkit.cli import main as command_line

        command_line()
    else:
        leave(status)


if __name__ == "__main__":
    main()
