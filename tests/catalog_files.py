"""Write a template or merge a catalog on disk in one call, as the verbs do for each seed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from toolkit.catalogs import store
from toolkit.catalogs.pofile import Catalog
from toolkit.document.model import Segment
from toolkit.files import write_atomic, write_if_changed


def write_template(segments: Sequence[Segment], path: Path, domain: str) -> bool:
    """Write the gettext template of SEGMENTS to PATH; return whether the file changed."""
    data, _ = store.make_template(segments, path, domain)
    return data is not None and write_if_changed(path, data)


def update_catalog(template: Path | Catalog, path: Path) -> store.UpdateReport:
    """Merge TEMPLATE into the catalog at PATH and write it if it changed."""
    data, report = store.merge_catalog(template, path)
    if data is not None:
        write_atomic(path, data)
    return report
