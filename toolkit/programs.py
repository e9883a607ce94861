"""Where the external programs the toolkit runs are: Pandoc, for the readers and the editions alike."""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def bundled_pandoc() -> str | None:
    """The Pandoc binary pypandoc-binary ships, unless `PYPANDOC_PANDOC` names another Pandoc or it is missing.

    Found beside pypandoc without importing it: its import (urllib, email,
    ssl) and its search, which runs `pandoc --version` on each candidate,
    cost every build and every manuscript read about 50 ms.
    """
    spec = importlib.util.find_spec("pypandoc")
    if spec is None or not spec.origin or os.environ.get("PYPANDOC_PANDOC"):
        return None
    bundled = Path(spec.origin).parent / "files" / ("pandoc.exe" if sys.platform == "win32" else "pandoc")
    return str(bundled) if os.access(bundled, os.X_OK) else None


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """Where the Pandoc to run is: the bundled one (`bundled_pandoc`), else wherever pypandoc finds one."""
    bundled = bundled_pandoc()
    if bundled is not None:
        return bundled
    import pypandoc

    return str(pypandoc.get_pandoc_path())
