"""Line breaking: catalogs in any script are wrapped where msgcat wraps them, checked against msgcat itself."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toolkit.catalogs import pofile
from toolkit.catalogs.linebreak import can_break_before, char_width, line_break_class

SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyzÁéñüçßø",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשתםןףץ\u05b0\u05b4\u05bc",
    "arabic": "ابتثجحخدذرسشصضطظعغفقكلمنهويءة\u064e\u0650\u0651",
    "chinese": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年",
    "devanagari": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह\u093e\u093f\u0940\u0941\u094d\u0902\u0903",
    "thai": "กขคงจฉชซญดตถทนบปผพฟมยรลวสหอฮ\u0e31\u0e34\u0e35\u0e48\u0e49\u0e33",
}
PUNCTUATION = (
    list("-‐־,.;:!?()[]\"'«»“”…—–/%$0123456789")
    + list("。，、「」（）：；！？")
    + list("،؛؟٫١٢")
    + ["।", "॥", "\u0e2f"]
)

words = st.one_of(*(st.text(alphabet, min_size=1, max_size=12) for alphabet in SCRIPTS.values()))
tokens = st.one_of(words, words, st.sampled_from(PUNCTUATION))
texts = st.lists(st.tuples(tokens, st.sampled_from([" ", " ", ""])), min_size=1, max_size=40).map(
    lambda parts: "".join(token + gap for token, gap in parts).strip()
)


def msgcat(text: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.po"
        path.write_bytes(text.encode())
        return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout


def _catalog(strings: list[str]) -> bytes:
    entries = [
        pofile.Entry(msgctxt=f"k{number}", msgid=text or "x", msgstr=text) for number, text in enumerate(strings)
    ]
    return pofile.format_catalog(pofile.Catalog(tuple(entries), {"Content-Type": "text/plain; charset=UTF-8"}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=4))
@example(["שלום " * 12 + "בית-ספר " * 6 + "כיתה־א " * 5])
@example(["你好，世界。" * 10 + "「引号」（括号）" * 4])
@example(["नमस्ते दुनिया। " * 8 + "मैं ठीक हूँ॥ " * 4])
@example(["مرحبا، بالعالم؟ " * 9])
@example(["สวัสดีครับ ทดสอบ " * 7])
def test_catalogs_in_every_script_are_wrapped_as_msgcat_wraps_them(strings: list[str]):
    written = _catalog(strings)
    assert msgcat(written.decode()) == written


def test_the_rules_libunistring_adds_to_the_pairs():
    # A Hebrew letter keeps a hyphen after it on its line (UAX #14 LB21a); a Latin one does not.
    assert not can_break_before("בית-ספר", 4) and can_break_before("abc-def", 4)
    # No break before closing CJK punctuation, nor inside an opening bracket.
    assert [i for i in range(5) if can_break_before("你好。世界", i)] == [1, 3, 4]
    # A combining mark stays with its letter; after a space it may start a line.
    assert not can_break_before("a\u0301b", 1) and can_break_before("a \u0301b", 2)
    # The two regional indicators of one flag stay together.
    flags = "\U0001f1ea\U0001f1f8\U0001f1f2\U0001f1fd"
    assert [i for i in range(4) if can_break_before(flags, i)] == [2]
    assert line_break_class("\u0e01") == "AL" and char_width("\u1160") == 0
