"""Lookup functions: MATCH, XMATCH, INDEX, VLOOKUP, HLOOKUP, XLOOKUP, LOOKUP, ROWS, COLUMNS.

MATCH, INDEX, VLOOKUP, HLOOKUP, XLOOKUP, ROWS and COLUMNS are hand-vectorised
(``raw="rowwise"``): a filled-down lookup is called once per distinct lookup value, the
searched column indexed once (:mod:`.lookup_search`), and an empty argument is told from an
omitted one, as Excel does (``VLOOKUP(x, t, 2, )`` is an exact match, ``MATCH(x, r, )``
too). Given an array where one value is expected (an array formula), they are applied to
each element. (CHOOSE is evaluated lazily by the evaluator; the reference functions are in
:mod:`.lookup_reference`, the array functions in :mod:`.lookup_arrays`.)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import (
    E_NA,
    E_VALUE,
    Areas,
    Err,
    Fallback,
    Grid,
    Range,
    Rows,
    boolean,
    num,
    pack,
    scalar_of,
)
from .legacy import E_REF, FUNCTIONS, fn
from .lookup_search import _INDEX_CACHE, Vector, grid2d, line_of, vector_of
from .spec import MISSING, function

__all__ = ["_INDEX_CACHE"]


# --- helpers ----------------------------------------------------------------------------------
def _lifted(args: list[Any], which: tuple[int, ...], one: Callable[[list[Any]], Any], single: bool = False) -> Any:
    """Apply ``one`` to each element of the arguments in ``which`` that are arrays (2-D,
    paired as Excel pairs them; a 1x1 array too when ``single``), or once when none is. A
    range moving with the row of a filled-down run (``INDEX(A2:B2, 2)``) is evaluated cell
    by cell."""
    if any(type(a) is Rows for a in args):
        raise Fallback()
    arrays = {}
    for i in which:
        if i < len(args):
            a = args[i]
            if isinstance(a, np.ndarray) and a.ndim == 2 and (a.size != 1 or single):
                arrays[i] = a
            elif isinstance(a, Range) and a.size > 1:
                arrays[i] = a.values
    if not arrays:
        vals = list(args)
        for i in which:
            if i < len(vals) and isinstance(vals[i], (np.ndarray, Range)):
                vals[i] = scalar_of(grid2d(vals[i])[0, 0])
        return one(vals)
    from ..values import excel_shape, expand

    shape = excel_shape(*(a.shape for a in arrays.values()))
    cols = {i: expand(a, shape) for i, a in arrays.items()}
    out = []
    vals = list(args)
    for r in range(shape[0]):
        for c in range(shape[1]):
            for i, a in cols.items():
                vals[i] = scalar_of(a[r, c])
            try:
                res = one(vals)
            except Err as e:
                res = e.err
            if isinstance(res, Range):
                res = res.cell(0, 0) if res.size == 1 else E_VALUE
            elif isinstance(res, (np.ndarray, Grid)):  # an array for one element: its first
                res = scalar_of(grid2d(res)[0, 0])  # value (formulas' test.xlsx, Excel-saved)
            out.append(res)
    return pack(out, shape)


def _whole(v: Any) -> int:
    """A position argument as a whole number (truncated)."""
    x = num(scalar_of(v))
    if x != x or abs(x) > 2**31:
        raise Err(E_VALUE)
    return int(x)


def _mode(v: Any) -> int:
    """An XLOOKUP/XMATCH match or search mode: rounded down, as Excel does (-1.1 is -2)."""
    x = num(scalar_of(v))
    if x != x or abs(x) > 2**31:
        raise Err(E_VALUE)
    return math.floor(x)


def _position(value: Any, vec: Vector, mode: int) -> int:
    """0-based position for MATCH-like searches (mode 0 exact with wildcards, 1, -1)."""
    if type(value) is XLError:
        raise Err(value)
    if mode == 0:
        i = vec.wild(value) if isinstance(value, str) else vec.exact(value)
    else:  # an empty lookup value is 0 here (Excel's saved values, pycel's lookup.xlsx)
        i = vec.approx(0.0 if value is None else value, descending=mode < 0)
    if i is None:
        raise Err(E_NA)
    return i


# --- ROWS, COLUMNS ----------------------------------------------------------------------------
def _dims(axis: int) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if len(args) != 1:
            return E_VALUE
        a = args[0]
        if type(a) is XLError:
            return a
        if type(a) is Areas:  # several areas (formulas' test.xlsx, Excel-saved)
            return E_REF
        # a whole column is 1,048,576 rows, not its used part: ROWS(C:C) (IronCalc's ROW_COLUM.xlsx
        # ROWS_COLUMNS!A6, as Excel saved it)
        shape = a.true_shape if isinstance(a, Range) else a.shape if isinstance(a, np.ndarray) else (1, 1)
        if len(shape) == 1:
            shape = (shape[0], 1)
        return float(shape[axis])

    return impl


FUNCTIONS["ROWS"] = (_dims(0), "rowwise")
FUNCTIONS["COLUMNS"] = (_dims(1), "rowwise")


# --- MATCH, VLOOKUP, HLOOKUP -------------------------------------------------------------------
@fn("MATCH", "rowwise")
def _match(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not 2 <= len(args) <= 3:
        return E_VALUE
    src = args[1]
    if type(src) is XLError:
        return src

    def one(a: list[Any]) -> Any:
        # omitted: 1; an empty argument or a blank cell: 0; any other number by its sign
        mode = 1 if len(a) < 3 else _whole(a[2]) if a[2] is not None else 0
        vec, _ = vector_of(src)
        return float(_position(a[0], vec, (mode > 0) - (mode < 0)) + 1)

    try:
        return _lifted(args, (0, 2), one)
    except Err as e:
        return e.err


def _table_lookup(horizontal: bool) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if not 3 <= len(args) <= 4:
            return E_VALUE
        src = args[1]
        if type(src) is XLError:
            return src
        if not isinstance(src, (Range, np.ndarray)):
            if isinstance(src, str):
                return E_VALUE  # text is no table (Excel: #VALUE!) ...
            src = np.array([[src]], dtype=object)  # ... a number or a logical value a 1x1 one

        def one(a: list[Any]) -> Any:
            table = grid2d(src)
            width = table.shape[0] if horizontal else table.shape[1]
            col = _whole(a[2])
            # omitted: approximate; an empty argument or a blank cell: FALSE, exact
            approx = True if len(a) < 4 else boolean(scalar_of(a[3]))
            vec = line_of(src, 0, horizontal)
            i = _position(a[0], vec, 1 if approx else 0)  # not found: #N/A, before the index
            if col < 1:  # is checked (calamine's errors.xlsx, Excel-saved)
                raise Err(E_VALUE)
            if col > width:
                raise Err(E_REF)
            return scalar_of(table[col - 1, i] if horizontal else table[i, col - 1])

        try:
            return _lifted(args, (0, 2, 3), one)
        except Err as e:
            return e.err

    return impl


FUNCTIONS["VLOOKUP"] = (_table_lookup(False), "rowwise")
FUNCTIONS["HLOOKUP"] = (_table_lookup(True), "rowwise")


# --- INDEX ------------------------------------------------------------------------------------
@fn("INDEX", "rowwise")
def _index(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not 2 <= len(args) <= 4:
        return E_VALUE
    src = args[0]
    if type(src) is XLError:
        return src

    def one(a: list[Any]) -> Any:
        src = args[0]
        area = _whole(a[3]) if len(a) > 3 and a[3] is not None else 1
        if type(src) is Areas:  # INDEX((A1:A3,C1:C3),1,1,2): the area numbered area_num
            if not 1 <= area <= len(src.ranges):
                raise Err(E_REF)
            src = src.ranges[area - 1]
        elif area != 1:
            raise Err(E_REF)  # one area: area_num 1 only
        rows, cols = src.shape if isinstance(src, (Range, np.ndarray)) else (1, 1)
        r = _whole(a[1]) if a[1] is not None else 0
        c = _whole(a[2]) if len(a) > 2 and a[2] is not None else 0
        if r < 0 or c < 0:
            raise Err(E_VALUE)
        if len(a) == 2 and rows == 1 and cols > 1:  # INDEX(one row, n): the n-th column
            r, c = 1, r
        elif len(a) == 2 and rows > 1 and cols > 1 and isinstance(src, Range):
            raise Err(E_REF)  # a 2-D reference needs both numbers (Excel's saved values)
        if r > rows or c > cols:
            raise Err(E_REF)
        if r == 0 and c == 0:
            return src
        if isinstance(src, Range):
            r1, r2 = (src.r1, src.r2) if r == 0 else (src.r1 + r - 1, src.r1 + r - 1)
            c1, c2 = (src.c1, src.c2) if c == 0 else (src.c1 + c - 1, src.c1 + c - 1)
            return Range(src.sheet, r1, c1, r2, c2, src.guard)
        arr = grid2d(src)
        if r == 0:
            return arr[:, c - 1 : c]
        if c == 0:
            return arr[r - 1 : r, :]
        return scalar_of(arr[r - 1, c - 1])

    try:  # INDEX(array, {1}) lifts over the 1x1 array (formulas' test.xlsx, Excel-saved)
        return _lifted(args, (1, 2, 3), one, single=True)
    except Err as e:
        return e.err


# --- XLOOKUP, XMATCH ---------------------------------------------------------------------------
def _xposition(value: Any, vec: Vector, match_mode: int, search_mode: int) -> int:
    """0-based position for XMATCH and XLOOKUP (match modes 0, -1, 1, 2 wildcards, 3 regular
    expression; search modes 1, -1, 2, -2); raises #N/A, or #VALUE! for modes that do not
    exist and for wildcards or expressions with a binary search."""
    if type(value) is XLError:  # before the modes are checked
        raise Err(value)
    if match_mode not in (0, -1, 1, 2, 3) or search_mode not in (1, -1, 2, -2):
        raise Err(E_VALUE)
    if match_mode >= 2 and search_mode in (2, -2):
        raise Err(E_VALUE)
    reverse = search_mode == -1
    if value is None:  # an empty cell; else, as Excel ranks it, above every value
        i = vec.blank(reverse)
        if i is None and match_mode == -1:
            i = vec.greatest(reverse) if search_mode in (1, -1) else vec.binary_last(descending=search_mode == -2)
    elif match_mode == 3:
        i = vec.regex(value, reverse) if isinstance(value, str) else None
    elif match_mode == 2:
        i = vec.wild(value, reverse) if isinstance(value, str) else vec.exact(value, reverse)
    elif search_mode in (2, -2):
        i = vec.binary(value, match_mode, descending=search_mode == -2)
    elif match_mode == 0:
        i = vec.exact(value, reverse)
    else:
        i = vec.nearest(value, larger=match_mode == 1, reverse=reverse)
    if i is None:
        raise Err(E_NA)
    return i


@function("XMATCH", "any, array, number=0, number=1", category="lookup")
def XMATCH(value: Any, lookup: Grid, match_mode: float, search_mode: float) -> float:
    """Returns the position of a value in a row or column (exact, next smaller or larger,
    wildcard; first-to-last, last-to-first or binary search)."""
    vec, _ = vector_of(lookup, strict=True)
    return float(_xposition(value, vec, _mode(match_mode), _mode(search_mode)) + 1)


@fn("XLOOKUP", "rowwise")
def _xlookup(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not 3 <= len(args) <= 6:
        return E_VALUE
    src, ret = args[1], args[2]
    for a in (src, ret):
        if type(a) is XLError:
            return a
    missing = args[3] if len(args) > 3 else None

    def one(a: list[Any]) -> Any:
        if type(a[0]) is XLError:  # the lookup value's error, not if_not_found
            raise Err(a[0])
        match_mode = _mode(a[4]) if len(a) > 4 and a[4] is not None else 0
        search_mode = _mode(a[5]) if len(a) > 5 and a[5] is not None else 1
        vec, is_row = vector_of(src, strict=True)
        rows, cols = ret.shape if isinstance(ret, (Range, np.ndarray)) else (1, 1)
        if (cols if is_row else rows) != len(vec):
            raise Err(E_VALUE)
        try:
            i = _xposition(a[0], vec, match_mode, search_mode)
        except Err as e:
            if e.err == "#N/A" and missing is not None:
                return missing
            raise
        if isinstance(ret, Range):
            if is_row:
                return Range(ret.sheet, ret.r1, ret.c1 + i, ret.r2, ret.c1 + i, ret.guard)
            return Range(ret.sheet, ret.r1 + i, ret.c1, ret.r1 + i, ret.c2, ret.guard)
        arr = grid2d(ret)
        out = arr[:, i : i + 1] if is_row else arr[i : i + 1, :]
        return scalar_of(out[0, 0]) if out.size == 1 else out

    try:
        return _lifted(args, (0, 4, 5), one)
    except Err as e:
        return e.err


# --- LOOKUP -----------------------------------------------------------------------------------
@function("LOOKUP", "any, array, array?", category="lookup")
def LOOKUP(value: Any, lookup: Grid, result: Any) -> Any:
    """Looks a value up in a sorted row or column (or the first row or column of an array)
    and returns the value at the same position in another row or column (or the last)."""
    if type(value) is XLError:
        raise Err(value)
    rows, cols = lookup.shape
    if result is MISSING and rows > 1 and cols > 1:
        horizontal = cols > rows  # array form: search the first row of a wide array
        vec = line_of(lookup, 0, horizontal)
        i = _position(value, vec, 1)
        arr = lookup.values
        return scalar_of(arr[-1, i] if horizontal else arr[i, -1])
    horizontal = rows == 1 and cols > 1
    vec = line_of(lookup, 0, horizontal)
    i = _position(value, vec, 1)
    if result is MISSING:
        return scalar_of(lookup.values[0, i] if horizontal else lookup.values[i, 0])
    r_rows, r_cols = result.shape
    if r_rows > 1 and r_cols > 1:
        raise Err(E_NA)  # the result must be one row or column
    along_row = r_rows == 1 and (r_cols > 1 or horizontal)
    if (r_cols if along_row else r_rows) > i:
        return result.cell(0, i) if along_row else result.cell(i, 0)
    if isinstance(result, Range):  # a shorter result reference reads on past its end
        r, c = (result.r1, result.c1 + i) if along_row else (result.r1 + i, result.c1)
        return Range(result.sheet, r, c, r, c, result.guard).cell(0, 0)
    raise Err(E_NA)
