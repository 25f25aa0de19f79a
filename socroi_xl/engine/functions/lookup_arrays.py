"""The array functions of Excel's Lookup & reference category (and SEQUENCE, RANDARRAY, which
Excel files under Math & trigonometry):
TRANSPOSE, CHOOSEROWS, CHOOSECOLS, TAKE, DROP, EXPAND, VSTACK, HSTACK, TOROW, TOCOL, WRAPROWS,
WRAPCOLS, FILTER, SORT, SORTBY, UNIQUE, SEQUENCE, RANDARRAY.

Each returns an array (``returns="array"``): it spills from a dynamic-array formula, fills
a legacy array formula's range, and shows its first element in an ordinary cell. A blank
cell of a range stays blank in the result (its cell reads 0, as in Excel). An empty result
is ``#CALC!``, unless the function says otherwise (FILTER's ``if_empty``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...errors import CALC, XLError, error
from ..values import E_NA, E_NUM, E_VALUE, Err, Grid, boolean, num, to_object
from .spec import MISSING, CallContext, function

E_CALC = error(CALC)
#: Largest array these functions build (a sheet's cells: 1,048,576 rows x 16,384 columns
#: would not fit in memory; Excel would say #SPILL! long before).
MAX_CELLS = 10_000_000


def _cells(g: Grid) -> np.ndarray:
    """A grid's values as a 2-D object array (blank ``None``)."""
    return to_object(g.values)


def _grid(arr: np.ndarray) -> Grid:
    if arr.size == 0:
        raise Err(E_CALC)
    return Grid(arr)


def _int(x: float) -> int:
    if not math.isfinite(x) or abs(x) > 2**31:
        raise Err(E_VALUE)
    return int(x)


def _numbers_of(g: Grid) -> list[int]:
    """Every cell of a grid as a whole number (an error cell is the result)."""
    out = []
    for v in g.cells():
        if type(v) is XLError:
            raise Err(v)
        out.append(_int(num(v)))
    return out


@function("TRANSPOSE", "array", category="lookup", returns="array")
def TRANSPOSE(a: Grid) -> Grid:
    """Returns the transpose of an array: its rows as columns."""
    return _grid(_cells(a).T.copy())


def _choose(a: Grid, picks: tuple[Grid, ...], axis: int) -> Grid:
    arr = _cells(a)
    n = arr.shape[axis]
    idx = []
    for g in picks:
        if min(g.shape) > 1:
            # the numbers are one row or one column: a 2-D block of them is #VALUE!
            # (formulas' test.xlsx, LOOKUP!AH6 and AS6, AH9 and AO9, as Excel saved them)
            raise Err(E_VALUE)
        for k in _numbers_of(g):
            if k == 0 or abs(k) > n:
                raise Err(E_VALUE)
            idx.append(k - 1 if k > 0 else n + k)
    return _grid(arr[idx, :] if axis == 0 else arr[:, idx])


@function("CHOOSEROWS", "array, array...", category="lookup", returns="array")
def CHOOSEROWS(a: Grid, *rows: Grid) -> Grid:
    """Returns the given rows of an array (negative numbers count from the end)."""
    return _choose(a, rows, 0)


@function("CHOOSECOLS", "array, array...", category="lookup", returns="array")
def CHOOSECOLS(a: Grid, *cols: Grid) -> Grid:
    """Returns the given columns of an array (negative numbers count from the end)."""
    return _choose(a, cols, 1)


def _count(v: Any, size: int) -> int | None:
    """TAKE/DROP's row or column count: None when omitted."""
    if v is MISSING:
        return None
    if type(v) is XLError:
        raise Err(v)
    return _int(num(v))


@function("TAKE", "array, value?, value?", category="lookup", returns="array")
def TAKE(a: Grid, rows: Any, cols: Any) -> Grid:
    """Returns rows or columns from the start (a negative count: the end) of an array."""
    arr = _cells(a)
    r, c = _count(rows, arr.shape[0]), _count(cols, arr.shape[1])
    if r == 0 or c == 0:
        raise Err(E_CALC)
    if r is not None:
        arr = arr[:r] if r > 0 else arr[r:]
    if c is not None:
        arr = arr[:, :c] if c > 0 else arr[:, c:]
    return _grid(arr)


@function("DROP", "array, value?, value?", category="lookup", returns="array")
def DROP(a: Grid, rows: Any, cols: Any) -> Grid:
    """Returns an array without rows or columns at its start (a negative count: its end)."""
    arr = _cells(a)
    r, c = _count(rows, arr.shape[0]), _count(cols, arr.shape[1])
    if r:
        arr = arr[r:] if r > 0 else arr[:r]
    if c:
        arr = arr[:, c:] if c > 0 else arr[:, :c]
    return _grid(arr)


@function("EXPAND", "array, value, value?, any?", category="lookup", returns="array")
def EXPAND(a: Grid, rows: Any, cols: Any, pad: Any) -> Grid:
    """Expands an array to a number of rows and columns, padding with a value (#N/A)."""
    arr = _cells(a)
    h, w = arr.shape
    # a blank cell is 0 rows, not an omitted argument: EXPAND({1},H19) with H19 blank is #VALUE!
    # (formulas' test.xlsx LOOKUP!W19, as Excel saved it)
    r = h if rows is MISSING else _int(num(rows))
    c = w if cols is MISSING else _int(num(cols))
    if r < h or c < w:
        raise Err(E_VALUE)
    if r * c > MAX_CELLS:
        raise Err(E_NUM)
    out = np.empty((r, c), dtype=object)
    out.fill(E_NA if pad is MISSING else pad)
    out[:h, :w] = arr
    return _grid(out)


def _stack(parts: tuple[Grid, ...], vertical: bool) -> Grid:
    arrays = [_cells(g) for g in parts]
    across = max(a.shape[1 if vertical else 0] for a in arrays)
    padded = []
    for a in arrays:
        h, w = a.shape
        shape = (h, across) if vertical else (across, w)
        if a.shape != shape:
            full = np.empty(shape, dtype=object)
            full.fill(E_NA)
            full[:h, :w] = a
            a = full
        padded.append(a)
    return _grid(np.vstack(padded) if vertical else np.hstack(padded))


@function("VSTACK", "array...", category="lookup", returns="array")
def VSTACK(*arrays: Grid) -> Grid:
    """Appends arrays one below another (narrower ones padded with #N/A)."""
    return _stack(arrays, True)


@function("HSTACK", "array...", category="lookup", returns="array")
def HSTACK(*arrays: Grid) -> Grid:
    """Appends arrays side by side (shorter ones padded with #N/A)."""
    return _stack(arrays, False)


def _flatten(a: Grid, ignore: float, by_col: bool) -> list[Any]:
    how = _int(ignore)
    if how not in (0, 1, 2, 3):
        raise Err(E_VALUE)
    arr = _cells(a)
    flat = (arr.T if by_col else arr).ravel().tolist()
    if how & 1:
        flat = [v for v in flat if v is not None]
    if how & 2:
        flat = [v for v in flat if type(v) is not XLError]
    return flat


def _vector(values: list[Any], column: bool) -> Grid:
    if not values:
        raise Err(E_CALC)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return Grid(out.reshape(-1, 1) if column else out.reshape(1, -1))


@function("TOROW", "array, number=0, logical=False", category="lookup", returns="array")
def TOROW(a: Grid, ignore: float, by_col: bool) -> Grid:
    """Returns an array as one row (ignore 1 blanks, 2 errors, 3 both; by column on request)."""
    return _vector(_flatten(a, ignore, by_col), False)


@function("TOCOL", "array, number=0, logical=False", category="lookup", returns="array")
def TOCOL(a: Grid, ignore: float, by_col: bool) -> Grid:
    """Returns an array as one column (ignore 1 blanks, 2 errors, 3 both; by column on request)."""
    return _vector(_flatten(a, ignore, by_col), True)


def _wrap(v: Grid, count: float, pad: Any, by_rows: bool) -> Grid:
    arr = _cells(v)
    if arr.shape[0] != 1 and arr.shape[1] != 1:
        raise Err(E_VALUE)
    k = _int(count)
    if k < 1:
        raise Err(E_NUM)
    flat = arr.ravel().tolist()
    n = -(-len(flat) // k)
    out = np.empty(n * k, dtype=object)
    out.fill(E_NA if pad is MISSING else pad)
    out[: len(flat)] = flat
    out = out.reshape(n, k)
    return _grid(out if by_rows else out.T.copy())


@function("WRAPROWS", "array, number, any?", category="lookup", returns="array")
def WRAPROWS(v: Grid, count: float, pad: Any) -> Grid:
    """Wraps a row or column into rows of a number of values (the last padded, #N/A)."""
    return _wrap(v, count, pad, True)


@function("WRAPCOLS", "array, number, any?", category="lookup", returns="array")
def WRAPCOLS(v: Grid, count: float, pad: Any) -> Grid:
    """Wraps a row or column into columns of a number of values (the last padded, #N/A)."""
    return _wrap(v, count, pad, False)


# --- FILTER, SORT, SORTBY, UNIQUE -------------------------------------------------------------------
@function("FILTER", "array, array, array?", category="lookup", returns="array")
def FILTER(a: Grid, include: Grid, if_empty: Any) -> Any:
    """Returns the rows (or columns) of an array for which the include array is TRUE."""
    arr = _cells(a)
    inc = _cells(include)
    h, w = arr.shape
    if inc.shape[1] == 1 and inc.shape[0] == h:
        axis = 0
    elif inc.shape[0] == 1 and inc.shape[1] == w:
        axis = 1
    else:
        raise Err(E_VALUE)
    keep = []
    for v in inc.ravel().tolist():
        if type(v) is XLError:
            raise Err(v)
        keep.append(boolean(v))
    out = arr[np.array(keep, bool), :] if axis == 0 else arr[:, np.array(keep, bool)]
    if out.size == 0:
        if if_empty is MISSING:
            raise Err(E_CALC)
        return if_empty.cell(0, 0) if if_empty.size == 1 else if_empty
    return Grid(out)


_GROUP = {float: 0, str: 1, bool: 2, XLError: 3}


def _sort_key(v: Any) -> tuple[int, Any]:
    """Excel's sort order: numbers, text (case-insensitive), FALSE, TRUE, errors (ascending;
    errors by their number: formulas' test.xlsx LOOKUP!U118:AI118 and IronCalc's SORT.xlsx,
    saved by Excel)."""
    t = type(v)
    if t is XLError:  # by error number: #NULL!, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #N/A
        return (3, v.code)
    if t is bool:
        return (2, v)
    if isinstance(v, str):
        return (1, v.lower())
    return (0, float(v))


def _sorted_order(keys: list[list[Any]], orders: list[int]) -> list[int]:
    """Row order sorting by several key columns (stable; blanks last whatever the order)."""
    idx = list(range(len(keys[0]) if keys else 0))
    for col, order in reversed(list(zip(keys, orders, strict=True))):
        desc = order < 0
        idx.sort(key=lambda i, c=col, d=desc: ((0,) if d else (1,)) if c[i] is None else ((1,) if d else (0,)) + _sort_key(c[i]), reverse=desc)
    return idx


def _orders(g: Any, n: int) -> list[int]:
    if g is MISSING:
        return [1] * n
    vals = _numbers_of(g)
    if any(v not in (1, -1) for v in vals):
        raise Err(E_VALUE)
    if len(vals) == 1:
        return vals * n
    if len(vals) != n:
        raise Err(E_VALUE)
    return vals


@function("SORT", "array, array?, array?, logical=False", category="lookup", returns="array")
def SORT(a: Grid, index: Any, order: Any, by_col: bool) -> Grid:
    """Sorts the rows (or columns) of an array by one or more of its columns (rows),
    ascending (1) or descending (-1)."""
    arr = _cells(a)
    lines = arr.T if by_col else arr
    width = lines.shape[1]
    which = [1] if index is MISSING else _numbers_of(index)
    if any(k < 1 or k > width for k in which):
        raise Err(E_VALUE)
    orders = _orders(order, len(which))
    keys = [lines[:, k - 1].tolist() for k in which]
    idx = _sorted_order(keys, orders)
    out = lines[idx, :]
    return _grid(out.T.copy() if by_col else out)


@function("SORTBY", "array, array...", category="lookup", returns="array")
def SORTBY(a: Grid, *by: Grid) -> Grid:
    """Sorts an array by other arrays (each with its order: 1 ascending, -1 descending)."""
    arr = _cells(a)
    h, w = arr.shape
    keys, orders = [], []
    pairs = list(by)
    for i in range(0, len(pairs), 2):
        k = _cells(pairs[i])
        order = _orders(pairs[i + 1], 1)[0] if i + 1 < len(pairs) else 1
        if k.shape[1] == 1 and k.shape[0] == h:
            axis = 0
        elif k.shape[0] == 1 and k.shape[1] == w:
            axis = 1
        else:
            raise Err(E_VALUE)
        if keys and axis != keys[0][0]:
            raise Err(E_VALUE)
        keys.append((axis, k.ravel().tolist()))
        orders.append(order)
    axis = keys[0][0]
    idx = _sorted_order([k for _, k in keys], orders)
    return _grid(arr[idx, :] if axis == 0 else arr[:, idx])


def _same(v: Any) -> Any:
    """A value as UNIQUE compares it (text case-insensitively; blank apart)."""
    if isinstance(v, str) and type(v) is not XLError:
        return (1, v.lower())
    if type(v) is XLError:
        return (3, str(v))
    if type(v) is bool:
        return (2, v)
    return (0, v)


@function("UNIQUE", "array, logical=False, logical=False", category="lookup", returns="array")
def UNIQUE(a: Grid, by_col: bool, exactly_once: bool) -> Grid:
    """Returns the distinct rows (or columns) of an array, or those that occur exactly once."""
    arr = _cells(a)
    lines = arr.T if by_col else arr
    seen: dict[tuple, list[int]] = {}
    for i, row in enumerate(lines.tolist()):
        seen.setdefault(tuple(_same(v) for v in row), []).append(i)
    keep = [rows[0] for rows in seen.values() if not exactly_once or len(rows) == 1]
    out = lines[keep, :]
    return _grid(out.T.copy() if by_col else out)


# --- SEQUENCE, RANDARRAY ------------------------------------------------------------------------------
def _size(rows: float, cols: float) -> tuple[int, int]:
    r, c = _int(rows), _int(cols)
    if r < 0 or c < 0:
        raise Err(E_VALUE)
    if r == 0 or c == 0:
        raise Err(E_CALC)
    if r * c > MAX_CELLS:
        raise Err(E_NUM)
    return r, c


@function("SEQUENCE", "number=1, number=1, number=1, number=1", category="math", returns="array")
def SEQUENCE(rows: float, cols: float, start: float, step: float) -> np.ndarray:
    """Returns an array of sequential numbers (rows, columns, start, step), row by row."""
    # rows written empty is 1, as the others: SEQUENCE(,12,,2.5) is 1, 3.5 ... 28.5 in one
    # row (IronCalc's SEQUENCE.xlsx, saved by Excel)
    r, c = _size(rows, cols)
    return (start + step * np.arange(r * c, dtype=np.float64)).reshape(r, c)


@function("RANDARRAY", "number=1, number=1, number=0, number=1, logical=False", category="math", context=True, volatile=True, returns="array")
def RANDARRAY(ctx: CallContext, rows: float, cols: float, lo: float, hi: float, whole: bool) -> np.ndarray:
    """Returns an array of random numbers between a minimum and a maximum (whole numbers on
    request); repeatable with a pinned seed."""
    r, c = _size(rows, cols)
    if lo > hi:
        raise Err(E_VALUE)
    if whole:
        a, b = math.ceil(lo), math.floor(hi)
        if a > b:
            raise Err(E_VALUE)
        draws = [a + math.floor(ctx.settings.random() * (b - a + 1)) for _ in range(r * c)]
    else:
        draws = [lo + ctx.settings.random() * (hi - lo) for _ in range(r * c)]
    return np.array(draws, dtype=np.float64).reshape(r, c)
