"""The date written into generated files: never the clock, so the same inputs give the same bytes.

`SOURCE_DATE_EPOCH` (the reproducible-builds.org convention) is read here
alone; an edition without it takes its document's date.
"""

from __future__ import annotations

import datetime
import os

from toolkit.errors import ToolkitError

ZIP_EPOCH = 315532800
"""1980-01-01T00:00:00Z, the earliest date a ZIP can hold: the date of an edition whose document has none."""

_LATEST = 253402300799
"""9999-12-31T23:59:59Z, the latest date a catalog header or a PDF can hold."""


def source_date_epoch() -> int | None:
    """Return `SOURCE_DATE_EPOCH` in seconds, or None when it is unset or empty.

    Raises:
        ToolkitError: it is not a whole number of seconds between 1970 and 9999.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > _LATEST:
        shown = value if value.isprintable() and len(value) <= 40 else repr(value[:40])
        raise ToolkitError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (such as 1700000000), not '{shown}'"
        )
    return int(value)


def source_epoch(iso_date: str) -> int:
    """Return SOURCE_DATE_EPOCH if set, else the document's date at midnight UTC, else 1980-01-01.

    Raises:
        ToolkitError: SOURCE_DATE_EPOCH is set but not a number of seconds.
    """
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    if iso_date:
        try:
            day = datetime.date.fromisoformat(iso_date)
        except ValueError:
            return ZIP_EPOCH
        return max(ZIP_EPOCH, int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp()))
    return ZIP_EPOCH
