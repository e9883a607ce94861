"""The one exception for problems a user can fix."""

from __future__ import annotations

from pathlib import Path


class ToolkitError(Exception):
    """A problem the user can fix: bad seed, missing catalog, unknown language.

    It prints as one line, `path:line: message`, the form editors and CI read.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message
