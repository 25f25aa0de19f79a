"""Information functions: IS..., NA, ERROR.TYPE, TYPE, ISREF, ISFORMULA, ISEVEN, ISODD, CELL,
INFO, SHEET, SHEETS. (N and T are with the text functions.)"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import E_NA, E_VALUE, Areas, Err, Grid, Range, num
from .lookup_reference import _sheet_formulas, formula_at, quote_sheet
from .spec import MISSING, CallContext, function


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and type(v) is not XLError


@function("ISBLANK", "any", category="information")
def ISBLANK(v: Any) -> bool:
    """TRUE if the value is an empty cell."""
    return v is None


@function("ISNUMBER", "any", category="information")
def ISNUMBER(v: Any) -> bool:
    """TRUE if the value is a number."""
    return type(v) is float


@function("ISTEXT", "any", category="information")
def ISTEXT(v: Any) -> bool:
    """TRUE if the value is text."""
    return _is_text(v)


@function("ISNONTEXT", "any", category="information")
def ISNONTEXT(v: Any) -> bool:
    """TRUE if the value is not text (a blank cell is not text)."""
    return not _is_text(v)


@function("ISLOGICAL", "any", category="information")
def ISLOGICAL(v: Any) -> bool:
    """TRUE if the value is a logical value."""
    return type(v) is bool


@function("ISERROR", "any", category="information")
def ISERROR(v: Any) -> bool:
    """TRUE if the value is any error value."""
    return type(v) is XLError


@function("ISNA", "any", category="information")
def ISNA(v: Any) -> bool:
    """TRUE if the value is the #N/A error."""
    return type(v) is XLError and v == "#N/A"


@function("ISERR", "any", category="information")
def ISERR(v: Any) -> bool:
    """TRUE if the value is an error other than #N/A."""
    return type(v) is XLError and v != "#N/A"


@function("NA", "", category="information")
def NA() -> XLError:
    """Returns the error value #N/A."""
    return E_NA


#: ERROR.TYPE's numbers (Excel 365 adds the dynamic-array and data-type errors after 8).
ERROR_NUMBERS = {
    "#NULL!": 1, "#DIV/0!": 2, "#VALUE!": 3, "#REF!": 4, "#NAME?": 5, "#NUM!": 6, "#N/A": 7,
    "#GETTING_DATA": 8, "#SPILL!": 9, "#CONNECT!": 10, "#BLOCKED!": 11, "#UNKNOWN!": 12,
    "#FIELD!": 13, "#CALC!": 14,
}


@function("ERROR.TYPE", "any", category="information")
def ERROR_TYPE(v: Any) -> float:
    """Returns the number of an error value (1 #NULL!, 2 #DIV/0!, 3 #VALUE!, 4 #REF!, 5 #NAME?,
    6 #NUM!, 7 #N/A, ...); #N/A when the value is not an error."""
    if type(v) is XLError and str(v) in ERROR_NUMBERS:
        return float(ERROR_NUMBERS[str(v)])
    raise Err(E_NA)


def _in_array_formula(ctx: CallContext) -> bool:
    """Whether the calling cell belongs to an array formula (legacy or dynamic)."""
    ev = ctx.evaluator
    for run in getattr(ev, "runs", ()) if ev is not None else ():
        if run.array and run.sheet.name == ctx.sheet:
            r1, c1, r2, c2 = run.array
            if r1 <= ctx.row <= r2 and c1 <= ctx.col <= c2:
                return True
    return False


@function("TYPE", "array", category="information", context=True)
def TYPE(ctx: CallContext, v: Grid) -> float:
    """Returns the type of a value: 1 number (or blank), 2 text, 4 logical, 16 error, 64 array."""
    if isinstance(v, Range):
        if v.size > 1:  # a multi-cell reference: an array in an array formula (Excel's saved
            if _in_array_formula(ctx):  # values), else #VALUE! (LibreOffice agrees)
                return 64.0
            raise Err(E_VALUE)
    elif v.size > 1:
        return 64.0
    x = v.cell(0, 0)
    if type(x) is XLError:
        return 16.0
    if type(x) is bool:
        return 4.0
    if isinstance(x, str):
        return 2.0
    return 1.0


@function("ISREF", "ref", category="information")
def ISREF(v: Any) -> bool:
    """TRUE if the value is a reference."""
    return isinstance(v, (Range, Areas))


def _integer_part(v: Any) -> float:
    """ISEVEN/ISODD's argument: a number (blank 0, numeric text read); logicals #VALUE!."""
    if type(v) is bool:
        raise Err(E_VALUE)
    x = num(v)
    if not math.isfinite(x):
        raise Err(E_VALUE)
    return math.trunc(x)


@function("ISEVEN", "value", category="information")
def ISEVEN(v: Any) -> bool:
    """TRUE if the number (truncated) is even."""
    return _integer_part(v) % 2 == 0


@function("ISODD", "value", category="information")
def ISODD(v: Any) -> bool:
    """TRUE if the number (truncated) is odd."""
    return _integer_part(v) % 2 == 1


@function("ISFORMULA", "ref", category="information", context=True)
def ISFORMULA(ctx: CallContext, ref: Any) -> Any:
    """TRUE if the cell of a reference holds a formula (for a range, an array of the answers
    for its cells: Excel's saved values in formulas' test.xlsx)."""
    if type(ref) is XLError:
        raise Err(ref)
    if isinstance(ref, Areas):
        ref = ref.ranges[0]
    if not isinstance(ref, Range):
        raise Err(E_VALUE)
    if ref.r1 == ref.r2 and ref.c1 == ref.c2:
        return formula_at(ctx, ref) is not None
    formulas = _sheet_formulas(ctx.evaluator, ref.sheet) if ctx.evaluator is not None else {}
    out = np.empty((ref.r2 - ref.r1 + 1, ref.c2 - ref.c1 + 1), dtype=object)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (ref.r1 + i, ref.c1 + j) in formulas
    return out


# --- the workbook and where a formula is -----------------------------------------------------------
def unsupported(ctx: CallContext, what: str) -> XLError:
    """Name what cannot be evaluated in a warning (the cell is then not trusted, never a
    plausible value) and give ``#VALUE!``."""
    ev = ctx.evaluator
    if ev is not None:
        from ..interp import Ctx

        sheet = ev.sheet_named(ctx.sheet)
        if sheet is not None:
            ev.record_gap(what, Ctx(sheet, ctx.row, ctx.col, None))
    return E_VALUE


def workbook_path(ctx: CallContext) -> str | None:
    """The path of the workbook being evaluated, when the engine knows it."""
    p = getattr(ctx.book, "path", None) if ctx.book is not None else None
    return os.path.abspath(os.fspath(p)) if p else None


def _here(ctx: CallContext) -> Range:
    sheet = ctx.evaluator.sheet_named(ctx.sheet) if ctx.evaluator is not None else None
    if sheet is None:
        raise Err(E_VALUE)
    return Range(sheet, ctx.row, ctx.col, ctx.row, ctx.col)


def _cell_address(ctx: CallContext, r: Range) -> str:
    from ...xl.refs import col_letters

    a1 = f"${col_letters(r.c1)}${r.r1}"
    if r.sheet.name == ctx.sheet:
        return a1
    path = workbook_path(ctx)
    return f"{quote_sheet(r.sheet.name, os.path.basename(path) if path else '')}!{a1}"


_CELL_FORMAT_INFO = ("format", "color", "parentheses", "prefix", "protect", "width")


@function("CELL", "text, ref?", category="information", context=True)
def CELL(ctx: CallContext, info: str, ref: Any) -> Any:
    """Returns information about a cell: "address", "col", "row", "contents", "type",
    "filename" (of the formula's own cell when the reference is omitted)."""
    kind = info.strip().lower()
    if ref is MISSING:
        r = _here(ctx)
    else:
        if type(ref) is XLError:
            raise Err(ref)
        if isinstance(ref, Areas):
            if len(ref.ranges) != 1:
                raise Err(E_VALUE)
            ref = ref.ranges[0]
        if not isinstance(ref, Range):
            raise Err(E_VALUE)
        r = ref
    if kind == "address":
        return _cell_address(ctx, r)
    if kind == "row":
        return float(r.r1)
    if kind == "col":
        return float(r.c1)
    if kind == "contents":
        return r.cell(0, 0)
    if kind == "type":
        v = r.cell(0, 0)
        if v is None:
            return "b"
        return "l" if _is_text(v) else "v"
    if kind == "filename":
        path = workbook_path(ctx)
        if path is None:
            return unsupported(ctx, 'CELL("filename"): the workbook\'s path is not known here')
        return f"{os.path.dirname(path)}{os.sep}[{os.path.basename(path)}]{r.sheet.name}"
    if kind in _CELL_FORMAT_INFO:
        return unsupported(ctx, f'CELL("{kind}"): cell formats and column widths are not read by the engine')
    raise Err(E_VALUE)


@function("SHEET", "refvalue?", category="information", context=True)
def SHEET(ctx: CallContext, ref: Any) -> float:
    """Returns the sheet number of a reference or of a sheet named by a text (of the
    formula's sheet when omitted); a name no sheet has, or any other value, is #N/A."""
    sheets = [s.name.lower() for s in ctx.book.sheets] if ctx.book is not None else []
    if ref is MISSING:
        name = ctx.sheet
    elif isinstance(ref, Range):
        name = ref.sheet.name
    elif isinstance(ref, Areas):
        name = ref.ranges[0].sheet.name
    elif type(ref) is XLError:
        raise Err(ref)
    elif isinstance(ref, str):
        # IronCalc's tables.xlsx, as Excel saved it: SHEET("Hidden") is 3 (a hidden sheet
        # counts), SHEET("") #N/A (SHEET_SHEETS.xlsx B11)
        name = ref
    else:  # SHEET(1) and SHEET(0) are #N/A (tables.xlsx Sheet1!D6, SHEET_SHEETS.xlsx B3)
        raise Err(E_NA)
    try:
        return float(sheets.index(name.lower()) + 1)
    except ValueError:
        raise Err(E_NA) from None


@function("SHEETS", "ref?", category="information", context=True)
def SHEETS(ctx: CallContext, ref: Any) -> float:
    """Returns the number of sheets in a reference (in the workbook when omitted)."""
    if ref is MISSING:
        return float(len(ctx.book.sheets)) if ctx.book is not None else 1.0
    if type(ref) is XLError:
        raise Err(ref)
    if isinstance(ref, Areas):
        return float(len({id(r.sheet) for r in ref.ranges}))
    if isinstance(ref, Range):
        return 1.0
    raise Err(E_VALUE)
