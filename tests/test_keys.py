"""Segment keys: the slug of a text's first words."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.document.keys import slug


def _slug_of_whole_text(text: str, words: int) -> str:
    folded = unicodedata.normalize("NFKD", re.sub(r"\[\^\d+\]", " ", text))
    return "-".join(re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode().lower())[:words]) or "empty"


_PIECES = st.sampled_from(
    ["a", "Bc", " ", "  ", "[^12]", "[^", "3]", "7", ".", "–", "é", "e\u0301", "ﬁ", "①", "㎏", "\u00a0", "«", "»"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=160), st.integers(1, 8))
def test_the_slug_reads_only_as_far_as_the_words_it_takes(pieces: list[str], words: int):
    # `slug` folds the first characters only, and the whole text when they hold too few words.
    text = "".join(pieces)
    assert slug(text, words) == _slug_of_whole_text(text, words)
