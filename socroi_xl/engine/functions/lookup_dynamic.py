"""References built at evaluation time: OFFSET and INDIRECT.

Their results are ranges the evaluator did not see when it ordered the formulas: the cells
they reach are computed on demand before they are read (a cycle through them is a circular
reference), see :meth:`~socroi_xl.engine.interp.Interpreter.make_range`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ...errors import XLError
from ..values import E_VALUE, Areas, Err, Range
from .spec import MISSING, CallContext, function

E_REF = XLError("#REF!")
MAX_ROW, MAX_COL = 1048576, 16384


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


_R1C1 = re.compile(r"^R(\[-?\d+\]|\d+)?C(\[-?\d+\]|\d+)?$", re.I)


def _r1c1_part(part: str | None, here: int) -> int | None:
    if part is None:
        return here
    if part.startswith("["):
        return here + int(part[1:-1])
    return int(part)


def r1c1_to_a1(text: str, row: int, col: int) -> str | None:
    """An R1C1 reference (``R2C3``, ``R[-1]C``, ``R1C1:R2C2``) as A1 text, relative parts
    taken from the calling cell; None when it is not R1C1."""
    from ..refs import col_letters

    sheet, bang, ref = text.rpartition("!")
    out = []
    for piece in ref.split(":"):
        m = _R1C1.match(piece.strip())
        if not m:
            return None
        r = _r1c1_part(m.group(1), row)
        c = _r1c1_part(m.group(2), col)
        if r is None or c is None or not (1 <= r <= MAX_ROW and 1 <= c <= MAX_COL):
            return "#REF!"
        out.append(f"${col_letters(c)}${r}")
    return (sheet + bang if bang else "") + ":".join(out)


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
