"""Publish a document in several languages from gettext catalogs."""

from __future__ import annotations

from .errors import ToolkitError
from .model import Document, Segment
from .pipeline import Project, build, check, extract, init, stats, update
from .seeds import read_seed

__all__ = [
    "Document",
    "Project",
    "Segment",
    "ToolkitError",
    "build",
    "check",
    "extract",
    "init",
    "read_seed",
    "stats",
    "update",
]
