"""Files: reading them with one-line errors, how messages name them, and writing them atomically.

A file is written as a temporary file renamed over the target. The
temporary file's name carries the writer's process id, so a later run can
tell what a killed run left behind from what a running one is writing.
"""

from __future__ import annotations

import errno
import os
import re
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


def cannot_write(error: OSError, path: Path | str) -> ToolkitError:
    """The one-line error for a file or folder that could not be written (read-only, full, not a folder)."""
    why = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        why += "; free some space and run the command again"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why += "; choose a folder you can write to"
    elif error.errno in (errno.ENOTDIR, errno.EEXIST):
        why = "a file stands where a folder must be"
    return ToolkitError(f"cannot write: {why}", path)


def temporary_prefix(name: str) -> str:
    """The start of the name of a temporary file or folder made for NAME by this process."""
    return f".{name}.toolkit-{os.getpid()}."


_TEMPORARY = re.compile(r"^\..+\.toolkit-(\d+)\.[^.]+\.tmp$")
"""`.<name>.toolkit-<pid>.<random>.tmp`, as `write_temporary` and `dist` name what they write first."""


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, under another user
    return True


def remove_stale_temporaries(folder: Path, depth: int = 0) -> None:
    """Remove the temporary files and folders that killed runs left in FOLDER and DEPTH levels of folders below it.

    Only names this module makes are considered, and a run still going (a
    build at the same time) keeps its own. DEPTH stays small: FOLDER may be
    any folder a user names with --out.
    """
    patterns = [".*.tmp", *("/".join(["*"] * level + [".*.tmp"]) for level in range(1, depth + 1))]
    try:
        found = [path for pattern in patterns for path in folder.glob(pattern)]
    except OSError:
        return
    for path in found:
        match = _TEMPORARY.match(path.name)
        if match is None or _running(int(match.group(1))):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                import shutil

                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            pass  # left for a run that can remove it


def write_temporary(path: Path, data: bytes) -> str:
    """Write DATA to a new temporary file beside PATH, with the mode PATH would get; return its name.

    The name is unique per process and thread; rename it over PATH with `os.replace`.

    Raises:
        ToolkitError: the folder cannot be made or written (read-only, full, a file in the way).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = _NEW_FILE_MODE
        import tempfile  # here, not at start-up: with shutil, 4-6 ms a build need not wait for

        handle, name = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path.name), suffix=".tmp")
    except OSError as error:
        raise cannot_write(error, path) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(name, mode)
    except BaseException as error:
        Path(name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise cannot_write(error, path) from None
        raise
    return name


def replace(temporary: str, path: Path) -> None:
    """Rename TEMPORARY over PATH, removing TEMPORARY if that fails.

    Raises:
        ToolkitError: the rename failed (a folder stands at PATH, the file system went read-only).
    """
    try:
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise cannot_write(error, path) from None
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace PATH with DATA in one rename, keeping the mode of the file it replaces.

    A reader sees the old file or the new one, never part of either.

    Raises:
        ToolkitError: PATH cannot be written.
    """
    replace(write_temporary(path, data), path)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace PATH atomically with DATA unless it already holds those bytes; return whether it did."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing, or no file: writing says why if it cannot
    write_atomic(path, data)
    return True


def shown_path(path: Path, root: Path) -> str:
    """PATH as messages show it: relative to ROOT (the project) when inside it.

    A link is named where it is, not where it points.
    """
    try:
        return (path.absolute().parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
