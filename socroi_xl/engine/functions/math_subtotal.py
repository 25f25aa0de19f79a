"""SUBTOTAL and AGGREGATE, with Excel's rules for what they leave out.

* Cells that are themselves SUBTOTAL or AGGREGATE formulas are skipped (no double counting);
  AGGREGATE's options 4-7 keep them.
* SUBTOTAL 101-111 and AGGREGATE options 1, 3, 5, 7 skip hidden rows. The rows come from the
  sheet when the workbook reader provides them (``Sheet.hidden_rows``; rows hidden by a filter,
  ``Sheet.filtered_rows``, are skipped by every SUBTOTAL, as Microsoft's SUBTOTAL page says,
  and by AGGREGATE only with the options that skip hidden rows: its page lists no other
  rule, option 4 "ignore nothing"). A sheet without that information has no hidden rows.
* AGGREGATE options 2, 3, 6, 7 skip error values; otherwise the first error is the result.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import E_VALUE, Err, numeric_cells
from .spec import CallContext, Grid, function
from .statistical import kth, median, mode, percentile, quartile, variance

_NESTED = re.compile(r"(?<![\w.])(?:_xlfn\.)?(SUBTOTAL|AGGREGATE)\s*\(", re.I)
_NESTED_CACHE: weakref.WeakKeyDictionary[Any, dict[str, list[tuple[int, int, int, int]]]] = weakref.WeakKeyDictionary()


def _nested_areas(ctx: CallContext, sheet_name: str) -> list[tuple[int, int, int, int]]:
    """Areas (r1, c1, r2, c2) of the sheet's formula cells that call SUBTOTAL or AGGREGATE."""
    ev = ctx.evaluator
    if ev is None:
        return []
    try:
        cache = _NESTED_CACHE.setdefault(ev, {})
    except TypeError:
        cache = {}
    if sheet_name not in cache:
        areas = []
        for run in getattr(ev, "runs", ()):
            if run.sheet.name != sheet_name or not _NESTED.search(run.text or ""):
                continue
            if run.array is not None:
                areas.append(run.array)
            else:
                areas.append((run.r1, run.col, run.r2, run.col))
        cache[sheet_name] = areas
    return cache[sheet_name]


def _row_set(v: Any, r1: int, r2: int) -> np.ndarray:
    """A per-row mask (rows r1..r2) from a reader's hidden-row record: a set of row numbers,
    a boolean array indexed by row, or an array of row numbers."""
    n = r2 - r1 + 1
    mask = np.zeros(n, bool)
    if v is None:
        return mask
    if isinstance(v, np.ndarray) and v.dtype == bool:
        top = min(r2 + 1, len(v))
        if top > r1:
            mask[: top - r1] = v[r1:top]
        return mask
    rows = np.fromiter((int(r) for r in v), np.int64) if not isinstance(v, np.ndarray) else v.astype(np.int64)
    sel = rows[(rows >= r1) & (rows <= r2)]
    mask[sel - r1] = True
    return mask


def _kept(ctx: CallContext, g: Grid, skip_hidden: bool, skip_nested: bool, skip_filtered: bool = True) -> np.ndarray:
    """The cells of one argument that take part, as a flat object array (rows a filter hides
    left out with ``skip_filtered``, every hidden row with ``skip_hidden``)."""
    vals = g.values
    r = g.ref
    if r is None:
        return vals.ravel()
    keep = np.ones(vals.shape, bool)
    sheet = r.sheet
    hidden = _row_set(getattr(sheet, "filtered_rows", None), r.r1, r.r2) if skip_filtered else np.zeros(r.r2 - r.r1 + 1, bool)
    if skip_hidden:
        hidden |= _row_set(getattr(sheet, "hidden_rows", None), r.r1, r.r2)
    keep[hidden, :] = False
    if skip_nested:
        for (a1, b1, a2, b2) in _nested_areas(ctx, sheet.name):
            i1, i2 = max(a1, r.r1), min(a2, r.r2)
            j1, j2 = max(b1, r.c1), min(b2, r.c2)
            if i1 <= i2 and j1 <= j2:
                keep[i1 - r.r1 : i2 - r.r1 + 1, j1 - r.c1 : j2 - r.c1 + 1] = False
    return vals[keep]


def _numbers(cells: np.ndarray, skip_errors: bool) -> np.ndarray:
    if cells.dtype == object:
        errs = [x for x in cells.tolist() if type(x) is XLError]
        if errs:
            if not skip_errors:
                raise Err(errs[0])
            cells = np.array([x for x in cells.tolist() if type(x) is not XLError], dtype=object)
    vals, mask = numeric_cells(cells)
    return vals[mask]


def _counta(cells: np.ndarray, skip_errors: bool) -> float:
    if cells.dtype == np.float64:
        return float(np.count_nonzero(~np.isnan(cells)))
    return float(sum(1 for x in cells.tolist() if x is not None and not (type(x) is float and x != x)
                     and not (skip_errors and type(x) is XLError)))


def _mean(xs: np.ndarray) -> float:
    if xs.size == 0:
        raise ZeroDivisionError
    return float(xs.mean())


_BASIC: dict[int, Callable[[np.ndarray], float]] = {
    1: _mean,
    2: lambda xs: float(xs.size),
    4: lambda xs: float(xs.max()) if xs.size else 0.0,
    5: lambda xs: float(xs.min()) if xs.size else 0.0,
    6: lambda xs: float(np.prod(xs)) if xs.size else 0.0,
    7: lambda xs: math.sqrt(variance(xs, 1)),
    8: lambda xs: math.sqrt(variance(xs, 0)),
    9: lambda xs: float(xs.sum()),
    10: lambda xs: variance(xs, 1),
    11: lambda xs: variance(xs, 0),
    12: median,
    13: lambda xs: mode(xs)[0],
}


def _reference_form(ctx: CallContext, k: int, grids: tuple[Grid, ...], hidden: bool, errors: bool, nested: bool,
                    filtered: bool = True) -> float:
    parts = [_kept(ctx, g, hidden, nested, filtered) for g in grids]
    if k == 3:
        return sum(_counta(p, errors) for p in parts)
    if k == 2:  # COUNT counts numbers; errors are not numbers
        return float(sum(_numbers(p, True).size for p in parts))
    xs = np.concatenate([_numbers(p, errors) for p in parts]) if parts else np.empty(0)
    return _BASIC[k](xs)


@function("SUBTOTAL", "number, array...", category="math", context=True)
def SUBTOTAL(ctx: CallContext, num: float, *refs: Grid) -> float:
    """Returns a subtotal (1-11 AVERAGE, COUNT, COUNTA, MAX, MIN, PRODUCT, STDEV, STDEVP, SUM,
    VAR, VARP; 101-111 the same, skipping hidden rows), skipping nested subtotals."""
    k = int(num)
    hidden = k > 100
    if hidden:
        k -= 100
    if not 1 <= k <= 11:
        raise Err(E_VALUE)
    for g in refs:
        # an error in place of a reference is the result, even for COUNT and COUNTA:
        # SUBTOTAL(2,#REF!) and SUBTOTAL(3,#REF!) are #REF! (EPPlus' FormulaTest.xlsx,
        # ValidateFormula!H19:H20, as Excel saved them)
        if g.ref is None and g.values.size == 1 and type(g.cell(0, 0)) is XLError:
            raise Err(g.cell(0, 0))
    return _reference_form(ctx, k, refs, hidden, False, True)


def _k_value(g: Grid) -> float:
    from ..values import num

    if g.values.size != 1:
        raise Err(E_VALUE)
    return num(g.cell(0, 0))


@function("AGGREGATE", "number, number, array...", category="math", context=True)
def AGGREGATE(ctx: CallContext, num: float, options: float, *args: Grid) -> Any:
    """Returns an aggregate (1-13 as SUBTOTAL plus MEDIAN, MODE.SNGL; 14-19 LARGE, SMALL,
    PERCENTILE.INC, QUARTILE.INC, PERCENTILE.EXC, QUARTILE.EXC), optionally skipping hidden
    rows, error values and nested subtotals (options 0-7)."""
    k, opt = int(num), int(options)
    if not 1 <= k <= 19 or not 0 <= opt <= 7:
        raise Err(E_VALUE)
    hidden = opt in (1, 3, 5, 7)
    errors = opt in (2, 3, 6, 7)
    nested = opt <= 3
    if not args:
        raise Err(E_VALUE)
    if k <= 13:
        return _reference_form(ctx, k, args, hidden, errors, nested, hidden)
    if len(args) != 2:
        raise Err(E_VALUE)
    xs = _numbers(_kept(ctx, args[0], hidden, nested, hidden), errors)
    kg = args[1]
    err = kg.first_error()
    if err is not None:
        raise Err(err)
    if kg.values.size > 1:
        out = np.empty(kg.shape, dtype=object)
        for (i, j), _ in np.ndenumerate(kg.values):
            try:
                out[i, j] = _array_form(k, xs, _k_value(Grid(np.array([[kg.cell(i, j)]], dtype=object))))
            except Err as e:
                out[i, j] = e.err
        return out
    return _array_form(k, xs, _k_value(kg))


def _array_form(k: int, xs: np.ndarray, kk: float) -> float:
    if k == 14:
        return kth(xs, kk, True)
    if k == 15:
        return kth(xs, kk, False)
    if k == 16:
        return percentile(xs, kk, False)
    if k == 17:
        return quartile(xs, kk, False)
    if k == 18:
        return percentile(xs, kk, True)
    return quartile(xs, kk, True)
