"""Formulas moved to another cell: relative references shift, absolute ones stay.

* :func:`shift` — a formula copied ``dr`` rows down and ``dc`` columns right, as Excel
  copies it (shared formulas, filled-down rows); a reference moved off the grid's top or
  left edge becomes ``#REF!``;
* :class:`RowTemplate` — the same formula moved down a column many times, fast;
* :func:`relative_key` — the formula written relative to its own cell (R1C1-like), so
  that copies of one formula can be grouped.

String literals, quoted sheet names and structured references are left alone; whole
columns (``C:C``) and rows (``5:5``) move too.

>>> relative_key("=IFERROR(E2/H2,\\"\\")", 2, 13) == relative_key("=IFERROR(E3/H3,\\"\\")", 3, 13)
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .refs import col_index, col_letters

# Tokens the row-relative key must leave alone (string literals, quoted sheet names,
# structured-reference brackets), then A1 cell references outside them.
_KEY_RE = re.compile(
    r'"(?:[^"]|"")*"'
    r"|'(?:[^']|'')*'"
    r"|\[(?:[^\[\]]|\[[^\]]*\])*\]"
    r"|(?<![\w.$])(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)(?![\w(!])"
)
_HAS_CELL = re.compile(r"[A-Za-z]\$?[0-9]")  # A1, and C$1 (a column-relative reference)
# Whole-column (A:C) and whole-row (2:5) references outside the same tokens: groups 1-4
# (column letters and their $) and 5-8 (row numbers and their $).
_SPAN_RE = re.compile(
    r'"(?:[^"]|"")*"'
    r"|'(?:[^']|'')*'"
    r"|\[(?:[^\[\]]|\[[^\]]*\])*\]"
    r"|(?<![\w.$:])(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![\w(!:])"
    r"|(?<![\w.$:])(\$?)([0-9]+):(\$?)([0-9]+)(?![\w(!.:])"
)
_HAS_SPAN = re.compile(r"[A-Za-z0-9]:\$?[A-Za-z0-9]")


def shift(formula: str, dr: int, dc: int) -> str:
    """A formula moved by ``dr`` rows and ``dc`` columns (relative references move).

    >>> shift("IFERROR(E2/$H$2,\\"\\")", 3, 1)
    'IFERROR(F5/$H$2,"")'
    >>> shift("SUM(B:B,$C:C,2:2)", 1, 1)
    'SUM(C:C,$C:D,3:3)'
    """
    if not dr and not dc:
        return formula

    def sub(m: re.Match[str]) -> str:
        if m.group(2) is None:
            return m.group(0)
        c = col_index(m.group(2))
        r = int(m.group(4))
        c = c if m.group(1) else c + dc
        r = r if m.group(3) else r + dr
        if c < 1 or r < 1:
            return "#REF!"
        return f"{m.group(1)}{col_letters(c)}{m.group(3)}{r}"

    def span(m: re.Match[str]) -> str:  # whole columns (C:C) and rows (5:5) move too
        if m.group(2) is not None:
            a, b = (col_index(m.group(g)) + (0 if m.group(d) else dc) for d, g in ((1, 2), (3, 4)))
            return "#REF!" if min(a, b) < 1 else f"{m.group(1)}{col_letters(a)}:{m.group(3)}{col_letters(b)}"
        if m.group(6) is not None:
            a, b = (int(m.group(g)) + (0 if m.group(d) else dr) for d, g in ((5, 6), (7, 8)))
            return "#REF!" if min(a, b) < 1 else f"{m.group(5)}{a}:{m.group(7)}{b}"
        return m.group(0)

    return _SPAN_RE.sub(span, _KEY_RE.sub(sub, formula))


def relative_key(formula: str, row: int, col: int) -> str:
    """The formula written relative to its own cell (R1C1-like), to group copies.

    Two cells whose formulas have the same key compute the same expression on their
    own rows: ``=E2/H2`` in row 2 and ``=E3/H3`` in row 3 share a key.
    """
    if _HAS_SPAN.search(formula):  # whole columns and rows first (C:C, 5:5)

        def span(m: re.Match[str]) -> str:
            if m.group(2) is not None:
                a, b = col_index(m.group(2)), col_index(m.group(4))
                return (f"C@{a}" if m.group(1) else f"C[{a - col}]") + ":" + (f"C@{b}" if m.group(3) else f"C[{b - col}]")
            if m.group(6) is not None:
                a, b = int(m.group(6)), int(m.group(8))
                return (f"R@{a}" if m.group(5) else f"R[{a - row}]") + ":" + (f"R@{b}" if m.group(7) else f"R[{b - row}]")
            return m.group(0)

        formula = _SPAN_RE.sub(span, formula)
    if not _HAS_CELL.search(formula):
        return formula

    def sub(m: re.Match[str]) -> str:
        if m.group(2) is None:
            return m.group(0)
        c = col_index(m.group(2))
        r = int(m.group(4))
        cs = f"C{c}" if m.group(1) else f"C[{c - col}]"
        rs = f"R{r}" if m.group(3) else f"R[{r - row}]"
        return rs + cs

    return _KEY_RE.sub(sub, formula)


class RowTemplate:
    """A formula cut around its relative row numbers, to write (or recognise) the same
    formula moved down a column fast.

    >>> RowTemplate("A2+$B$2*{1,2}").moved(3)
    'A5+$B$2*{1,2}'
    >>> RowTemplate("A2/B2*100%").moved_many([1, 2])
    ['A3/B3*100%', 'A4/B4*100%']
    """

    __slots__ = ("fmt", "numbers", "pct")

    def __init__(self, formula: str) -> None:
        cuts = [(m.start(4), m.end(4)) for m in _KEY_RE.finditer(formula) if m.group(4) and not m.group(3)]
        if _HAS_SPAN.search(formula):  # relative whole rows (5:5) move too
            for m in _SPAN_RE.finditer(formula):
                if m.group(6) is not None:
                    cuts.extend((m.start(g), m.end(g)) for d, g in ((5, 6), (7, 8)) if not m.group(d))
        parts, pct, numbers, pos = [], [], [], 0
        for a, b in sorted(cuts):
            parts.append(formula[pos:a].replace("{", "{{").replace("}", "}}"))
            parts.append("{}")
            pct.append(formula[pos:a].replace("%", "%%") + "%d")
            numbers.append(int(formula[a:b]))
            pos = b
        parts.append(formula[pos:].replace("{", "{{").replace("}", "}}"))
        pct.append(formula[pos:].replace("%", "%%"))
        self.fmt = "".join(parts)
        self.pct = "".join(pct)  # the same, as a %-format: many rows formatted in one call
        self.numbers = numbers

    def moved(self, dr: int) -> str:
        """The formula with its relative rows moved ``dr`` rows down."""
        return self.fmt.format(*[n + dr for n in self.numbers])

    def moved_many(self, drs: Sequence[int]) -> list[str]:
        """:meth:`moved` for each of ``drs``, in one formatting call (formula text never
        holds NUL, the separator)."""
        if not len(drs):
            return []
        flat = [n + dr for dr in drs for n in self.numbers]
        return ((self.pct + "\x00") * len(drs) % tuple(flat)).split("\x00")[:-1]


__all__ = ["RowTemplate", "relative_key", "shift"]
