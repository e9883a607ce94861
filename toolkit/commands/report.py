"""What a verb did, as the CLI prints it: one line per file touched, and warnings."""

from __future__ import annotations

import msgspec


class Report(msgspec.Struct, frozen=True):
    """What a verb did: one line per file touched, and warnings.

    The verbs that write catalogs or bundles return one: extract, init,
    update, export, import and dist. `build` returns a `BuildReport`, which
    keeps the editions it made so that `dist` can validate and bundle them;
    `check` and `stats` return their findings and counts, which the CLI can
    also print as JSON.
    """

    lines: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """The lines, one per row."""
        return "\n".join(self.lines)
