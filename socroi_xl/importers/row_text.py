"""The XML text of the rows an import appends, made a block of rows at a time.

New rows are never built as XML objects: each table column becomes a list of cell texts
(numbers in their shortest round-trip form, texts as escaped inline strings, formulas
copied or shifted row by row) and each row is one ``%`` formatting of a row template, so
100,000 rows take a fraction of a second and memory holds one block at a time. Text is
always an inline string (``t="inlineStr"``): nothing an export holds becomes a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..xl.refs import col_letters
from ..xl.shift import RowTemplate
from .sheet import MAX_TEXT, content_escape, ooxml_text, xml_number


def number_texts(values: np.ndarray) -> list[str]:
    """Each float as :func:`~.sheet.xml_number` writes it (``""`` for NaN), in bulk."""
    values = np.asarray(values, dtype=np.float64)
    out = np.full(len(values), "", dtype=object)
    finite = np.isfinite(values)
    # whole numbers below 1e16 print as integers (repr would add ".0"); repr of any other
    # finite double has no ".0" to drop (fractions show their digits, 1e16 and up an
    # exponent), so both match xml_number exactly
    whole = finite & (values == np.round(values)) & (np.abs(values) < 1e16) & ~(
        (values == 0) & np.signbit(values)
    )
    if whole.any():
        out[whole] = list(map(str, values[whole].astype(np.int64).tolist()))
    rest = finite & ~whole
    if rest.any():
        out[rest] = [xml_number(v) if v == 0 else repr(v) for v in values[rest].tolist()]
    return out.tolist()


#: The rest of an empty cell (``<c r="B5" s="3"/>``, as lxml writes it).
EMPTY = "/>"


def text_inner(text: str, prefix: str = "") -> str:
    """The rest of a text cell after ``<c r=".." s=".."``: ``t="inlineStr"``, the string
    (characters XML cannot hold as ``_xHHHH_``, escaped as lxml escapes) and ``</c>``."""
    value = ooxml_text(text[:MAX_TEXT])
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return (f' t="inlineStr"><{prefix}is><{prefix}t{space}>{content_escape(value)}'
            f"</{prefix}t></{prefix}is></{prefix}c>")


def text_cells(values: Sequence[object], prefix: str = "") -> list[str]:
    """The rest of each cell (after the style) of a text column; :data:`EMPTY` where the
    text is empty. Each distinct text is escaped once."""
    cache: dict[object, str] = {}
    out = []
    for v in values:
        got = cache.get(v)
        if got is None:
            got = EMPTY if v is None or v == "" or v != v else text_inner(str(v), prefix)
            cache[v] = got
        out.append(got)
    return out


def number_cells(values: np.ndarray, prefix: str = "") -> list[str]:
    """The rest of each cell (after the style) of a number column; :data:`EMPTY` where
    NaN."""
    values = np.asarray(values, dtype=np.float64)
    out = list(map(f"><{prefix}v>%s</{prefix}v></{prefix}c>".__mod__, number_texts(values)))
    for i in np.flatnonzero(~np.isfinite(values)).tolist():
        out[i] = EMPTY
    return out


def formula_cell(formula: str, prefix: str = "") -> str:
    """The rest of a formula cell (no cached value: a recalculation fills it)."""
    return f"><{prefix}f>{content_escape(formula)}</{prefix}f></{prefix}c>"


# -- formulas copied to new rows --------------------------------------------------------------



def row_formula(formula: str, origin_row: int) -> Callable[[int], str]:
    """A function giving ``formula`` (written in row ``origin_row``) as it reads when filled
    down to row ``r``: relative row numbers shift, absolute ones (``$5``), structured
    references and names stay (:class:`socroi_xl.xl.shift.RowTemplate`: the formula is cut
    around its row numbers once, each row is then one string formatting).
    """
    template = RowTemplate(formula)
    return lambda r: template.moved(r - origin_row)


# -- rows ---------------------------------------------------------------------------------------


@dataclass
class Column:
    """One table column of the new rows: a cell text for every row, or the same for all.

    ``style`` is the ``s`` attribute text (``' s="3"'`` or ``""``); exactly one of
    ``numbers`` (a float per row), ``texts`` (a text per row), ``formula`` (a function
    of the row number) or ``constant`` (the rest of the cell for every row, e.g.
    :data:`EMPTY` or :func:`formula_cell`) is given. Cell texts are made a block of rows
    at a time, never for the whole column at once.
    """

    index: int
    style: str
    numbers: np.ndarray | None = None
    texts: Sequence[object] | None = None
    formula: Callable[[int], str] | None = None
    constant: str | None = None


class NewRows:
    """The appended rows ``first .. first + n - 1`` as XML text, a block at a time."""

    def __init__(self, first: int, n: int, columns: list[Column], row_attributes: str,
                 prefix: str = "") -> None:
        self.first = first
        self.n = n
        self.columns = sorted(columns, key=lambda c: c.index)
        self.prefix = prefix
        p = prefix
        parts = [f'<{p}row r="%d"{row_attributes.replace("%", "%%")}>']
        self._per_row: list[Column] = []
        for col in self.columns:
            letter = col_letters(col.index)
            style = col.style.replace("%", "%%")
            if col.constant is not None:
                parts.append(f'<{p}c r="{letter}%d"{style}{col.constant.replace("%", "%%")}')
            else:
                parts.append(f'<{p}c r="{letter}%d"{style}%s')
                self._per_row.append(col)
        parts.append(f"</{p}row>")
        self._template = "".join(parts)
        self._shape = [c.constant is None for c in self.columns]

    @property
    def last(self) -> int:
        return self.first + self.n - 1

    def _contents(self, col: Column, a: int, b: int) -> list[str]:
        if col.numbers is not None:
            return number_cells(col.numbers[a:b], self.prefix)
        if col.texts is not None:
            return text_cells(col.texts[a:b], self.prefix)
        assert col.formula is not None
        return [formula_cell(col.formula(r), self.prefix)
                for r in range(self.first + a, self.first + b)]

    def text(self, a: int, b: int) -> str:
        """Rows number ``a`` to ``b - 1`` (sheet row numbers) as XML text."""
        i, j = a - self.first, b - self.first
        rows = list(range(a, b))
        contents = {id(c): self._contents(c, i, j) for c in self._per_row}
        args: list[Sequence] = [rows]
        for col, per_row in zip(self.columns, self._shape, strict=True):
            args.append(rows)
            if per_row:
                args.append(contents[id(col)])
        return "".join(map(self._template.__mod__, zip(*args, strict=True)))
