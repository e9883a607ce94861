"""A large catalog read and checked on every core: the same entries, lines and findings as on one core."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, copy_project
from .parallel_cases import CASES, large_catalog

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="not Linux, or one core: everything runs in the one process",
)


def test_a_fresh_process_may_use_every_core():
    """What the cases below need: no thread but its own in a command's process (this one has Typst's after a PDF)."""
    fresh = subprocess.run(
        [sys.executable, "-c", "from toolkit import parallel; print(parallel.cores())"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(fresh.stdout) == len(os.sched_getaffinity(0)) >= 2


@pytest.mark.parametrize("case", sorted(CASES))
def test_in_a_fresh_process(case: str):
    done = subprocess.run(
        [sys.executable, "-m", "tests.parallel_cases", case], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _check(root: Path, *, one_core: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(root), "check", "--lang", "es", "--json"],
        capture_output=True,
        text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None,
    )


def test_check_on_every_core_finds_what_one_core_finds(tmp_path: Path):
    root = copy_project(REPO, tmp_path / "letter")
    catalog = root / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    catalog.write_text(large_catalog(), encoding="utf-8")
    shared, alone = _check(root, one_core=False), _check(root, one_core=True)
    assert shared.returncode == alone.returncode == 0, shared.stderr + alone.stderr
    assert shared.stdout == alone.stdout
    findings = json.loads(shared.stdout)["findings"]
    lines = catalog.read_text(encoding="utf-8").split("\n")
    planted = [(f["check"], f["key"].split(":")[0]) for f in findings if f["check"] in ("number", "note-call")]
    assert planted == [("number", "copy30"), ("number", "copy90"), ("note-call", "copy100")]
    for finding in findings:
        assert lines[finding["line"] - 1].startswith("msgstr"), finding
    assert [f["line"] for f in findings] == sorted(f["line"] for f in findings)
