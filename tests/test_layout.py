"""The package's layout: every module imports on its own, and `__init__` files stay empty."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "toolkit"
MODULES = sorted(
    ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    for path in PACKAGE.rglob("*.py")
    if path.name not in ("__init__.py", "__main__.py")
)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_on_its_own(module: str) -> None:
    # A fresh interpreter per module: an import that only works after another module was loaded fails here.
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_init_files_import_nothing() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        code = [line for line in init.read_text().splitlines() if line.strip() and not line.startswith(("#", '"""'))]
        assert not any(line.startswith(("import ", "from ")) for line in code), init


def test_catalog_checks_take_from_the_editions_only_the_pdf_fonts() -> None:
    # The checks share the build's token check through document/inline.py; of the editions stage they
    # ask only the PDF's compile which characters no font of the PDF has.
    code = "import sys, toolkit.catalogs.checks; print(' '.join(m for m in sys.modules if m.startswith('toolkit.')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    editions = {name for name in done.stdout.split() if name.startswith("toolkit.editions")}
    assert editions == {"toolkit.editions", "toolkit.editions.pdf", "toolkit.editions.typefaces"}
