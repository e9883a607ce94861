"""SOURCE_DATE_EPOCH: read in one place, and a value that is not a number of seconds is one clean error."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.epoch import ZIP_EPOCH, source_date_epoch, source_epoch
from toolkit.errors import ToolkitError

from .conftest import Run, snapshot

VERBS = {
    "extract": ("extract",),
    "update": ("update",),
    "init": ("init", "--lang", "fr"),
    "build": ("build", "--lang", "es", "--format", "docx"),
}


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "1e9", "99999999999999", "1\n2"])
@pytest.mark.parametrize("verb", VERBS)
def test_a_date_that_is_not_seconds_is_one_error_line(
    letter_project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, verb: str, value: str
):
    (letter_project / "locale" / "letter.pot").unlink()  # so that extract and update would write it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    before = snapshot(letter_project)
    result = run(letter_project, *VERBS[verb])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970")
    assert snapshot(letter_project) == before


def test_the_date_of_a_generated_file(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")
    assert source_date_epoch() == 1700000000 == source_epoch("2018-12-07")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert source_date_epoch() is None
    assert source_epoch("2018-12-07") == 1544140800
    assert source_epoch("") == source_epoch("1970-01-02") == ZIP_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "x")
    with pytest.raises(ToolkitError, match="not 'x'"):
        source_epoch("2018-12-07")
