"""Where the external programs the toolkit runs are: Pandoc, for the readers and the editions alike."""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """Where the Pandoc binary of pypandoc-binary lives.

    Found beside pypandoc without importing it: its import (urllib, email,
    ssl) and its search, which runs `pandoc --version` on each candidate,
    cost every build and every manuscript read about 50 ms. pypandoc is asked only when the
    bundled binary is missing or `PYPANDOC_PANDOC` names another Pandoc.
    """
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin and not os.environ.get("PYPANDOC_PANDOC"):
        bundled = Path(spec.origin).parent / "files" / ("pandoc.exe" if sys.platform == "win32" else "pandoc")
        if os.access(bundled, os.X_OK):
            return str(bundled)
    import pypandoc

    return str(pypandoc.get_pandoc_path())
