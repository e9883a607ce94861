"""`python -m toolkit` and the `toolkit` command: the command line, with the collector set for a short run.

A command spends its first tenth of a second creating objects it keeps
(modules, classes, functions, then the document): at Python's default
threshold of 700 the collector walks them over and over, finding nothing
to free (10 ms of a letter's 0.43 s cold build, measured). A threshold of
50,000 allocations keeps it for the cycles a long run does make.
"""

import gc

gc.set_threshold(50_000, 10, 10)

from toolkit.cli import main  # noqa: E402  # after the threshold: the imports are most of those objects

if __name__ == "__main__":
    main()
