"""Write toolkit/catalogs/linebreak.txt from the libunistring that GNU gettext links with.

msgcat wraps PO strings where libunistring's line breaking (UAX #14) allows,
measuring columns with libunistring's character widths; the toolkit must
break where it does. This reads both from the shared library through its
exported tables and functions (Linux, libunistring 1.0 as Debian 12 ships
it with gettext 0.21) and writes them as runs of code points:

    <first code point, hex> <line-break class> <columns>

with the classes resolved as gettext sees them in a UTF-8 catalog: AI, XX
SG and SA (Thai, Lao, Khmer, Myanmar, marks included) are AL; CB is ID;
CJ is NS. Run it
again when the GNU gettext the project matches moves on, and check the
result with `pytest tests/test_linebreak.py`.
"""

from __future__ import annotations

import ctypes
import struct
import sys
from pathlib import Path

LIBRARY = "libunistring.so.2"
# The order of libunistring 1.0's LBP_* constants (unilbrk/lbrktables.h), named by probing characters of each class.
NAMES = (
    "WJ GL B2 BA BB HY CL CP CP2 EX IN NS OP OP2 QU IS NU PO PR SY AL H2 H3 ID ID2 JL JV JT HL RI ZWJ EB EM "
    "LF CR BK CM ZW SP CB AI SA XX"
).split()
PAIRED = 33
"""The classes of the pair table: WJ to EM."""


def main() -> None:
    library = ctypes.CDLL(LIBRARY)
    raw = ctypes.string_at(ctypes.addressof(ctypes.c_char.in_dll(library, "libunistring_unilbrkprop")), 1 << 19)
    # A three-level table: 15 int offsets by bits 16+, 512 int offsets per plane by bits 7-15, bytes by bits 0-6.
    level1 = struct.unpack_from("<15i", raw, 0)
    level2_size = max(level1) + 512
    level2 = struct.unpack_from(f"<{level2_size}i", raw, 60)
    level3 = 60 + 4 * level2_size

    def lookup(code: int) -> str:
        first = level1[code >> 16] if code >> 16 < len(level1) else -1
        second = level2[first + ((code >> 7) & 511)] if first >= 0 else -1
        return NAMES[raw[level3 + second + (code & 127)]] if second >= 0 else "XX"

    for char, expected in {"A": "AL", " ": "SP", "(": "OP", "\u05d0": "HL", "\u0300": "CM", "\u4e00": "ID"}.items():
        assert lookup(ord(char)) == expected, (char, lookup(ord(char)))

    width = library.uc_width
    width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    width.restype = ctypes.c_int

    def resolved(code: int) -> tuple[str, int]:
        name = lookup(code)
        name = {"AI": "AL", "XX": "AL", "SG": "AL", "SA": "AL", "CB": "ID"}.get(name, name)
        return name, max(0, width(code, b"UTF-8"))

    table = ctypes.string_at(ctypes.addressof(ctypes.c_char.in_dll(library, "libunistring_unilbrk_table")), PAIRED**2)
    lines = ["# Line-break class and columns of each run of code points, as libunistring 1.0 has them."]
    lines.append("# Written by tools/make_linebreak_table.py; the pair table follows the runs.")
    previous = None
    for code in range(0x110000):
        value = resolved(code) if not 0xD800 <= code < 0xE000 else ("AL", 1)
        if value != previous:
            lines.append(f"{code:X} {value[0]} {value[1]}")
            previous = value
    lines.append("# pairs: the class before (row) and after (column): D break, I break only after spaces, P never")
    lines.append("pairs " + " ".join(NAMES[:PAIRED]))
    for row in range(PAIRED):
        actions = "".join(".DIP"[table[row * PAIRED + column]] for column in range(PAIRED))
        lines.append(f"{NAMES[row]} {actions}")
    target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "toolkit/catalogs/linebreak.txt")
    target.write_text("\n".join(lines) + "\n", encoding="ascii")


if __name__ == "__main__":
    main()
