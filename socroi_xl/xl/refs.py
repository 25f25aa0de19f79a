"""A1 references: Excel's grid, column letters, cell addresses and areas.

One place for the A1 grammar, used by the xlsx package layer, the engine, the importers
and the templates.

>>> col_index("A"), col_index("AB"), col_letters(28), cell_ref(7, 2)
(1, 28, 'AB', 'B7')
>>> parse_cell("$B$12"), parse_range("C3:A1")
((12, 2, True, True), (1, 1, 3, 3))
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Excel's grid.
MAX_ROW = 1_048_576
MAX_COL = 16_384

#: A single-cell A1 reference, anchored or not (upper case, as files store them).
CELL_RE = re.compile(r"^(\$?)([A-Z]{1,3})(\$?)([0-9]+)$")


@lru_cache(maxsize=4096)
def col_index(letters: str) -> int:
    """1-based column number of column letters (``"AB"`` → 28); anything but one to
    three ASCII letters is a :class:`ValueError`."""
    letters = letters.upper()
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        raise ValueError(f"not column letters: {letters!r}")
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def col_letters(index: int) -> str:
    """Column letters of a 1-based column number (28 → ``"AB"``)."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_ref(row: int, col: int) -> str:
    """``"B7"`` for row 7, column 2."""
    return f"{col_letters(col)}{row}"


def parse_cell(text: str) -> tuple[int, int, bool, bool] | None:
    """``(row, col, row_absolute, col_absolute)`` of an A1 cell address, or None."""
    m = CELL_RE.match(text.upper())
    if not m:
        return None
    return int(m.group(4)), col_index(m.group(2)), bool(m.group(3)), bool(m.group(1))


def parse_range(text: str) -> tuple[int, int, int, int]:
    """``(row1, col1, row2, col2)`` of an absolute area such as ``A1:S101`` or ``B3``."""
    first, _, last = text.replace("$", "").partition(":")
    a = parse_cell(first)
    b = parse_cell(last) if last else a
    if a is None or b is None:
        raise ValueError(f"not a cell area: {text!r}")
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


__all__ = ["CELL_RE", "MAX_COL", "MAX_ROW", "cell_ref", "col_index", "col_letters", "parse_cell", "parse_range"]
