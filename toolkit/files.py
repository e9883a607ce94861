"""Files: reading them with one-line errors, how messages name them, and writing them atomically.

A file is written as a temporary file renamed over the target.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from toolkit.errors import ToolkitError


def read_input(path: Path, shown: str | Path, kind: str, missing: str) -> bytes:
    """The bytes of PATH, an input file of KIND (`seed`, `catalog`) shown in messages as SHOWN.

    Raises:
        ToolkitError: MISSING when there is no such file, `cannot read the KIND: why` when it cannot be read.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ToolkitError(missing, shown) from None
    except OSError as error:
        raise ToolkitError(f"cannot read the {kind}: {error.strerror or error}", shown) from None


def decode_utf8(data: bytes, shown: str | Path, message: str) -> str:
    """DATA as UTF-8 text.

    Raises:
        ToolkitError: MESSAGE at the line of the first byte that is not
            UTF-8; `{byte}` in MESSAGE stands for that byte, in hex.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ToolkitError(message.format(byte=f"{data[error.start]:02x}"), shown, line) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()
"""Mode of a new file: what `open()` would give (mkstemp gives 0600)."""


def write_temporary(path: Path, data: bytes) -> str:
    """Write DATA to a new temporary file beside PATH, with the mode PATH would get; return its name.

    The name is unique per process and thread; rename it over PATH with `os.replace`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return name


def write_atomic(path: Path, data: bytes) -> None:
    """Replace PATH with DATA in one rename, keeping the mode of the file it replaces.

    A reader sees the old file or the new one, never part of either.
    """
    name = write_temporary(path, data)
    try:
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace PATH atomically with DATA unless it already holds those bytes; return whether it did."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def shown_path(path: Path, root: Path) -> str:
    """PATH as messages show it: relative to ROOT (the project) when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
