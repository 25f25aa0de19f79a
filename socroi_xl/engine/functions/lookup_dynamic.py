"""References built at evaluation time: OFFSET, INDIRECT and TRIMRANGE (with the trim
references ``A1.:.E10``, ``A1.:E10``, ``A1:.E10``, which Excel stores as ``_xlfn._TRO_ALL``,
``_TRO_LEADING`` and ``_TRO_TRAILING`` calls).

Their results are ranges the evaluator did not see when it ordered the formulas: the cells
they reach are computed on demand before they are read (a cycle through them is a circular
reference), see :meth:`~socroi_xl.engine.interp.Interpreter.make_range`.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ...errors import XLError
from ...xl.refs import MAX_COL, MAX_ROW
from ..values import E_VALUE, Areas, Err, Grid, Range, num, to_object
from .spec import MISSING, CallContext, function

E_REF = XLError("#REF!")


def _whole(x: float) -> int:
    return math.trunc(x)


@function("OFFSET", "ref, number, number, number?, number?", category="lookup", context=True, volatile=True, returns="ref")
def OFFSET(ctx: CallContext, ref: Any, rows: float, cols: float, height: Any, width: Any) -> Any:
    """Returns a reference moved by a number of rows and columns from a reference, and resized."""
    if type(ref) is XLError:
        return ref
    if isinstance(ref, Areas):
        if len(ref.ranges) != 1:
            return E_VALUE
        ref = ref.ranges[0]
    if not isinstance(ref, Range):
        return E_VALUE
    h = ref.r2 - ref.r1 + 1 if height is MISSING else _whole(height)
    w = ref.c2 - ref.c1 + 1 if width is MISSING else _whole(width)
    if h == 0 or w == 0:
        return E_REF
    r1 = ref.r1 + _whole(rows)
    c1 = ref.c1 + _whole(cols)
    # a negative height or width extends up or left from the moved corner (as LibreOffice;
    # Excel's documentation asks for positive sizes)
    r2 = r1 + h - 1 if h > 0 else r1
    if h < 0:
        r1 = r1 + h + 1
    c2 = c1 + w - 1 if w > 0 else c1
    if w < 0:
        c1 = c1 + w + 1
    if r1 < 1 or c1 < 1 or r2 > MAX_ROW or c2 > MAX_COL:
        return E_REF
    return ctx.evaluator.make_range(ref.sheet, r1, c1, r2, c2)


_PART = r"(\[-?\d+\]|\d+)?"
#: A cell (``R2C3``, ``RC[-1]``), a whole row (``R2``, ``R[-1]``, ``R``) or a whole column (``C2``).
_R1C1 = re.compile(rf"^(?:R{_PART}C{_PART}|R{_PART}|C{_PART})$", re.I)


def _r1c1_part(part: str | None, here: int, size: int) -> int | None:
    """A row or column number of R1C1 text: absolute (None outside the grid), or relative to
    ``here`` — wrapping round the grid's edge as Excel does (``R[-6]C`` in row 6 is row
    1,048,576: IronCalc's INDIRECT.xlsx, sheet WrapAroud, as Excel saved it; ``R[-1048576]C``
    is #REF! there)."""
    if part is None:
        return here
    if part.startswith("["):  # an offset of the grid's size or more is no reference: #REF!
        off = int(part[1:-1])
        return (here - 1 + off) % size + 1 if abs(off) < size else None
    n = int(part)
    return n if 1 <= n <= size else None


def r1c1_to_a1(text: str, row: int, col: int) -> str | None:
    """An R1C1 reference (``R2C3``, ``R[-1]C``, ``R1C1:R2C2``, whole rows ``R2``/``R[-4]``
    and columns ``C2``) as A1 text, relative parts taken from the calling cell; None when it
    is not R1C1, ``"#REF!"`` when an absolute part lies outside the grid."""
    from ...xl.refs import col_letters

    sheet, bang, ref = text.rpartition("!")
    out, kinds = [], set()
    for piece in ref.split(":"):
        m = _R1C1.match(piece.strip())
        if not m:
            return None
        if m.group(3) is not None or (piece.strip().upper() == "R"):  # a whole row
            r = _r1c1_part(m.group(3), row, MAX_ROW)
            kinds.add("row")
            out.append(None if r is None else f"${r}")
        elif m.group(4) is not None or piece.strip().upper() == "C":  # a whole column
            c = _r1c1_part(m.group(4), col, MAX_COL)
            kinds.add("col")
            out.append(None if c is None else f"${col_letters(c)}")
        else:
            r, c = _r1c1_part(m.group(1), row, MAX_ROW), _r1c1_part(m.group(2), col, MAX_COL)
            kinds.add("cell")
            out.append(None if r is None or c is None else f"${col_letters(c)}${r}")
    if len(kinds) > 1:
        return None
    if None in out:
        return "#REF!"
    if kinds != {"cell"} and len(out) == 1:  # one whole row or column: R2 is $2:$2
        out.append(out[0])
    return (sheet + bang if bang else "") + ":".join(out)  # type: ignore[arg-type]


@function("INDIRECT", "text, logical=True", category="lookup", context=True, volatile=True, returns="ref")
def INDIRECT(ctx: CallContext, ref_text: str, a1: bool) -> Any:
    """Returns the reference named by a text (A1 or R1C1 style, a defined name, a table column)."""
    from ..interp import Ctx
    from ..parser import Binary, Name, ParseError, Ref, parse

    text = ref_text.strip()
    if text.startswith("="):
        text = text[1:]
    if not text:
        return E_REF
    ev = ctx.evaluator
    if not a1:
        converted = r1c1_to_a1(text, ctx.row, ctx.col)
        if converted is None or converted == "#REF!":
            return E_REF
        text = converted
    try:
        node = parse(text, ctx.sheet, ctx.row, ctx.col, ev.resolver)
    except (ParseError, ValueError):
        return E_REF
    if not isinstance(node, (Ref, Name, Binary)) or (isinstance(node, Binary) and node.op not in (":", " ", ",")):
        return E_REF
    if isinstance(node, Ref) and node.book is not None:
        return E_REF  # another workbook: Excel reads it only while that workbook is open
    sheet = ev.sheet_named(ctx.sheet)
    try:
        out = ev.reference(node, Ctx(sheet, ctx.row, ctx.col, None, True))
    except Err:
        return E_REF
    if type(out) is XLError:
        return E_REF if out in ("#NAME?", "#VALUE!") else out
    for r in out.ranges if isinstance(out, Areas) else (out,) if isinstance(out, Range) else ():
        if r.r2 > MAX_ROW or r.c2 > MAX_COL:  # INDIRECT("XFE:XFE"): #REF! (IronCalc's ROW_COLUM.xlsx K21)
            return E_REF
    if isinstance(out, Range):
        return ev.make_range(out.sheet, out.r1, out.c1, out.r2, out.c2)
    if isinstance(out, Areas):
        return Areas(tuple(ev.make_range(r.sheet, r.r1, r.c1, r.r2, r.c2) for r in out.ranges))
    return E_REF


def _trim_how(v: Any) -> int:
    """TRIMRANGE's trim_rows / trim_cols: 0 none, 1 leading, 2 trailing, 3 both (default);
    a fraction, even "3.3" as text, is #VALUE! (as Excel saved it)."""
    if v is MISSING:
        return 3
    if type(v) is XLError:
        raise Err(v)
    x = num(v)
    if x not in (0.0, 1.0, 2.0, 3.0):
        raise Err(E_VALUE)
    return int(x)


def _span(filled: np.ndarray, how: int, size: int) -> tuple[int, int] | None:
    """First and last kept index (0-based) of one axis, from which lines hold a value."""
    hits = np.flatnonzero(filled)
    if not hits.size:
        return None
    first = int(hits[0]) if how in (1, 3) else 0
    last = int(hits[-1]) if how in (2, 3) else size - 1
    return first, last


def _trim(ctx: CallContext, area: Any, rows_how: int, cols_how: int) -> Any:
    if isinstance(area, Areas):
        if len(area.ranges) != 1:
            raise Err(E_VALUE)
        area = area.ranges[0]
    if isinstance(area, Range):
        vals = area.used_values()  # past the used area every cell is blank
        size = area.true_shape
    else:
        vals = area.values
        size = area.shape
    arr = to_object(vals)
    filled = np.vectorize(lambda x: x is not None, otypes=[bool])(arr) if arr.size else np.zeros(arr.shape, bool)
    rows = _span(filled.any(axis=1), rows_how, size[0])
    cols = _span(filled.any(axis=0), cols_how, size[1])
    if rows is None or cols is None:
        raise Err(E_REF)  # nothing but blanks
    (r1, r2), (c1, c2) = rows, cols
    if isinstance(area, Range):
        return ctx.evaluator.make_range(area.sheet, area.r1 + r1, area.c1 + c1, area.r1 + r2, area.c1 + c2)
    return Grid(area.values[r1 : r2 + 1, c1 : c2 + 1])


@function("TRIMRANGE", "array, value?, value?", category="lookup", context=True, returns="ref")
def TRIMRANGE(ctx: CallContext, area: Any, trim_rows: Any, trim_cols: Any) -> Any:
    """Returns a range (or array) without its blank outer rows and columns: leading (1),
    trailing (2) or both (3, the default) of each."""
    return _trim(ctx, area, _trim_how(trim_rows), _trim_how(trim_cols))


@function("_TRO_ALL", "array", category="lookup", context=True, returns="ref")
def _TRO_ALL(ctx: CallContext, area: Any) -> Any:
    """The trim reference ``A1.:.E10`` (TRIMRANGE of both ends), as Excel stores it."""
    return _trim(ctx, area, 3, 3)


@function("_TRO_LEADING", "array", category="lookup", context=True, returns="ref")
def _TRO_LEADING(ctx: CallContext, area: Any) -> Any:
    """The trim reference ``A1.:E10`` (TRIMRANGE of the leading blanks), as Excel stores it."""
    return _trim(ctx, area, 1, 1)


@function("_TRO_TRAILING", "array", category="lookup", context=True, returns="ref")
def _TRO_TRAILING(ctx: CallContext, area: Any) -> Any:
    """The trim reference ``A1:.E10`` (TRIMRANGE of the trailing blanks), as Excel stores it."""
    return _trim(ctx, area, 2, 2)
