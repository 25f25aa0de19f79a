"""Calling a declared function (:mod:`.spec`) with evaluated arguments: the one place where
arguments are coerced, errors propagate, ranges are intersected or lifted element by element,
filled-down columns are evaluated row by row, and results are made cell values.

The evaluator hands over its values as they are while a formula is evaluated (see
:mod:`socroi_xl.engine.values`): Python scalars, :class:`Range`, 2-D arrays (computed
arrays), 1-D arrays (one value per row of a column run), :class:`RowBlock`.

**Implicit intersection.** In an ordinary (non-array) formula, a multi-cell range given
where a single value is expected is reduced to the cell in the formula's own row (a
one-column range) or column (a one-row range); no such cell is ``#VALUE!``. In an array
formula, or inside an argument that takes an array (``SUMPRODUCT(YEAR(A1:A3))``), the
function is applied to every cell instead.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import (
    E_DIV0,
    E_NA,
    E_NUM,
    E_VALUE,
    Err,
    Fallback,
    Range,
    RowBlock,
    boolean,
    is_blank,
    num,
    numeric_cells,
    pack,
    scalar_of,
    text,
)
from .spec import MISSING, CallContext, FunctionSpec, Grid, Settings

#: Longest text a cell holds (Excel's limit): a longer result is ``#VALUE!``.
MAX_TEXT = 32767

_DEFAULT_SETTINGS = Settings()


def coerce(kind: str, v: Any) -> Any:
    """A scalar argument as its kind wants it (raises :class:`Err` for Excel errors)."""
    if kind == "number":
        return num(v)
    if kind == "text":
        return text(v)
    if kind == "logical":
        return boolean(v)
    if type(v) is float and v != v:
        return None
    if isinstance(v, np.generic):
        return scalar_of(v)
    return v


def cell_result(out: Any) -> Any:
    """A function's return value as a cell value (Excel's limits applied)."""
    t = type(out)
    if t is float:
        return out if math.isfinite(out) else E_NUM
    if t is bool or t is XLError or out is None:
        return out
    if t is str:
        return out if len(out) <= MAX_TEXT else E_VALUE
    if isinstance(out, (bool, np.bool_)):
        return bool(out)
    if isinstance(out, (int, np.integer)):
        return float(out)
    if isinstance(out, np.floating):
        x = float(out)
        return x if math.isfinite(x) else E_NUM
    if isinstance(out, str):
        return str(out) if len(out) <= MAX_TEXT else E_VALUE
    return out


def invoke(spec: FunctionSpec, vals: list[Any], ctx: CallContext | None) -> Any:
    """Call the scalar implementation once; Python errors become Excel errors."""
    try:
        out = spec.func(ctx, *vals) if spec.context else spec.func(*vals)
    except Err as e:
        return e.err
    except ZeroDivisionError:
        return E_DIV0
    except (ValueError, OverflowError):
        return E_NUM
    if isinstance(out, Grid):
        return _array_result(out.values)
    if isinstance(out, np.ndarray) and out.ndim >= 1:
        return _array_result(out)
    if isinstance(out, Range):
        return out if spec.returns == "ref" else _array_result(out.values)
    return cell_result(out)


def _array_result(arr: np.ndarray) -> np.ndarray:
    """An array result as a 2-D array of cell values."""
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.dtype == np.float64:
        if np.isfinite(arr[~np.isnan(arr)]).all():
            return arr
        arr = arr.astype(object)
    flat = [cell_result(None if (type(x) is float and x != x) else x) for x in arr.ravel().tolist()]
    return pack(flat, arr.shape)


def intersect(r: Range, ctx: Any) -> Any:
    """The implicit intersection of a multi-cell range with the calling cell (or, for a
    column run, with each of its rows: a per-row column)."""
    rows, cols = r.shape
    n = getattr(ctx, "n", None)
    if n is None:
        if cols == 1 and r.r1 <= ctx.row <= r.r2:
            return r.cell(ctx.row - r.r1, 0)
        if rows == 1 and r.c1 <= ctx.col <= r.c2:
            return r.cell(0, ctx.col - r.c1)
        return E_VALUE
    if cols == 1:
        out = np.empty(n, dtype=object)
        out.fill(E_VALUE)
        rr = np.arange(ctx.row, ctx.row + n)
        inside = (rr >= r.r1) & (rr <= r.r2)
        if inside.any():
            vals = r.values[:, 0]
            sel = vals[rr[inside] - r.r1]
            out[inside] = [None if (type(x) is float and x != x) else x for x in sel.tolist()]
        return out
    if rows == 1 and r.c1 <= ctx.col <= r.c2:
        return r.cell(0, ctx.col - r.c1)
    return E_VALUE


class _Lift:
    """How one argument takes part in a call: fixed, per element of a 2-D array, or per row."""

    __slots__ = ("how", "value")

    def __init__(self, how: str, value: Any) -> None:
        self.how = how  # "fixed", "grid" (2-D ndarray) or "rows" (1-D ndarray)
        self.value = value


def _numbers(v: Any, was_ref: bool) -> np.ndarray:
    """The numbers of one ``numbers`` argument as SUM reads them (raises Err)."""
    if isinstance(v, Range):
        v = v.values
    if isinstance(v, np.ndarray):
        arr = v if v.ndim == 2 else v.reshape(1, -1)
        if arr.dtype == object:
            for x in arr.ravel().tolist():
                if type(x) is XLError:
                    raise Err(x)
        vals, mask = numeric_cells(arr)
        return vals[mask].ravel()
    v = scalar_of(v)
    if type(v) is XLError:
        raise Err(v)
    if is_blank(v) or (was_ref and type(v) is not float):
        return np.empty(0)
    return np.array([num(v)])


def _prepare(spec: FunctionSpec, args: list[Any], missing: tuple[bool, ...], refs: tuple[bool, ...], ctx: Any) -> list[_Lift] | XLError:
    """Each argument coerced, or marked for lifting; an error argument ends the call."""
    array_mode = bool(getattr(ctx, "array", False))
    out: list[_Lift] = []
    for i, raw in enumerate(args):
        p = spec.param(i)
        if i < len(missing) and missing[i]:
            if p.optional:
                out.append(_Lift("fixed", p.default))
                continue
            raw = None
        if isinstance(raw, RowBlock):
            raise Fallback()
        kind = p.kind
        if kind == "ref":
            out.append(_Lift("fixed", raw if isinstance(raw, Range) else (raw if type(raw) is XLError else E_VALUE)))
            continue
        if kind == "numbers":
            if isinstance(raw, np.ndarray) and raw.ndim == 1:
                out.append(_Lift("rows", raw))
            else:
                out.append(_Lift("fixed", ("numbers", raw, i < len(refs) and refs[i])))
            continue
        if kind == "array":
            if isinstance(raw, Range):
                out.append(_Lift("fixed", Grid(raw.values, raw)))
            elif isinstance(raw, np.ndarray) and raw.ndim == 2:
                out.append(_Lift("fixed", Grid(raw)))
            elif isinstance(raw, np.ndarray) and raw.ndim == 1:
                out.append(_Lift("rows", raw))
            else:
                v = scalar_of(raw)
                out.append(_Lift("fixed", Grid(np.array([[v]], dtype=object))))
            continue
        # scalar kinds
        if isinstance(raw, Range):
            if raw.shape == (1, 1):
                raw = raw.cell(0, 0)
            elif array_mode:
                raw = raw.values
            else:
                raw = intersect(raw, ctx)
        if isinstance(raw, np.ndarray):
            out.append(_Lift("grid" if raw.ndim == 2 else "rows", raw))
            continue
        v = scalar_of(raw)
        if type(v) is XLError and kind != "any":
            return v
        try:
            out.append(_Lift("fixed", coerce(kind, v)))
        except Err as e:
            return e.err
    return out


def _element(spec: FunctionSpec, i: int, v: Any) -> Any:
    """One element of a lifted argument, coerced (raises Err)."""
    kind = spec.param(i).kind
    if kind == "array":
        return Grid(np.array([[scalar_of(v)]], dtype=object))
    if kind == "numbers":
        return _numbers(v, True)
    v = scalar_of(v)
    if type(v) is XLError and kind != "any":
        raise Err(v)
    return coerce(kind, v)


def _fixed(spec: FunctionSpec, lifts: list[_Lift]) -> list[Any]:
    """Values of the fixed arguments (numbers arguments read now)."""
    vals = []
    for lift in lifts:
        v = lift.value
        if lift.how == "fixed" and type(v) is tuple and len(v) == 3 and v[0] == "numbers":
            v = _numbers(v[1], v[2])
        vals.append(v)
    return vals


def call(spec: FunctionSpec, args: list[Any], ctx: Any, *, missing: tuple[bool, ...] = (), refs: tuple[bool, ...] = (), settings: Settings | None = None, book: Any = None, evaluator: Any = None) -> Any:
    """Evaluate a declared function at ``ctx`` (one cell, or a column run of ``ctx.n`` rows)."""
    nargs = len(args)
    while nargs and nargs > spec.min_args and nargs - 1 < len(missing) and missing[nargs - 1] and spec.param(nargs - 1).optional:
        nargs -= 1  # F(a,) is F(a)
    if nargs < spec.min_args or (spec.max_args is not None and nargs > spec.max_args):
        return E_VALUE
    args = args[:nargs]
    prepared = _prepare(spec, args, missing, refs, ctx)
    if type(prepared) is XLError:
        return prepared
    lifts: list[_Lift] = prepared  # type: ignore[assignment]
    try:
        vals = _fixed(spec, lifts)
    except Err as e:
        return e.err
    vals.extend(p.default for p in spec.params[nargs:] if not p.repeat)  # omitted: defaults
    settings = settings or _DEFAULT_SETTINGS
    n = getattr(ctx, "n", None)
    grid = [i for i, lift in enumerate(lifts) if lift.how == "grid"]
    rows = [i for i, lift in enumerate(lifts) if lift.how == "rows"]
    if grid and rows:
        raise Fallback()  # a per-row value meets an array: evaluate cell by cell

    def context(row_offset: int = 0) -> CallContext | None:
        if not spec.context:
            return None
        return CallContext(ctx.sheet.name, ctx.row + row_offset, ctx.col, settings, book, evaluator)

    if rows or (spec.context and n is not None):
        return _per_row(spec, lifts, vals, rows, n if n is not None else len(lifts[rows[0]].value), context)
    if grid:
        return _per_element(spec, lifts, vals, grid, context())
    return invoke(spec, vals, context())


def _per_row(spec: FunctionSpec, lifts: list[_Lift], vals: list[Any], rows: list[int], n: int, context: Any) -> Any:
    """A column run: the function once per row (once per distinct row of arguments)."""
    if spec.vector is not None and not spec.context:
        fast = _vector(spec, lifts, vals, rows)
        if fast is not None:
            return fast
    columns = [lifts[i].value.tolist() for i in rows]
    cache: dict[tuple, Any] = {}
    pure = not spec.context and not spec.volatile
    out: list[Any] = []
    call_vals = list(vals)
    for r in range(n):
        combo = tuple(col[r] for col in columns)
        key = tuple((type(v), v) for v in combo) if pure else None
        if key is not None:
            try:
                hit = cache.get(key, cache)
            except TypeError:
                hit, key = cache, None
            if hit is not cache:
                out.append(hit)
                continue
        try:
            for i, v in zip(rows, combo, strict=True):
                call_vals[i] = _element(spec, i, v)
            res = invoke(spec, call_vals, context(r))
        except Err as e:
            res = e.err
        if isinstance(res, np.ndarray):
            res = scalar_of(res[0, 0]) if res.size else E_VALUE
        elif isinstance(res, Range):
            res = res.cell(0, 0) if res.shape == (1, 1) else E_VALUE
        if key is not None:
            cache[key] = res
        out.append(res)
    return pack(out, (n,))


def _vector(spec: FunctionSpec, lifts: list[_Lift], vals: list[Any], lifted: list[int]) -> np.ndarray | None:
    """The numpy implementation, when every lifted argument is a plain number column."""
    arrays = []
    for i in lifted:
        a = lifts[i].value
        if a.dtype != np.float64 or spec.param(i).kind != "number":
            return None
        arrays.append(np.where(np.isnan(a), 0.0, a))
    call_vals = list(vals)
    for i, a in zip(lifted, arrays, strict=True):
        call_vals[i] = a
    with np.errstate(all="ignore"):
        out = spec.vector(*call_vals)  # type: ignore[misc]
    if out is None:
        return None
    out = np.asarray(out)
    if out.dtype == np.float64 and not np.isfinite(out).all():
        obj = out.astype(object)
        obj[~np.isfinite(out)] = E_NUM
        return obj
    return out


def _per_element(spec: FunctionSpec, lifts: list[_Lift], vals: list[Any], lifted: list[int], ctx: CallContext | None) -> Any:
    """Array evaluation: the function on every element; shapes broadcast as Excel does
    (a one-row or one-column array repeats; beyond a smaller array's edge ``#N/A``)."""
    shapes = [lifts[i].value.shape for i in lifted]
    R = max(s[0] for s in shapes)
    C = max(s[1] for s in shapes)
    if spec.vector is not None and all(s in ((R, C), (1, C), (R, 1), (1, 1)) for s in shapes):
        fast = _vector(spec, lifts, vals, lifted)
        if fast is not None:
            return np.broadcast_to(fast, (R, C)).copy() if fast.shape != (R, C) else fast
    out: list[Any] = []
    call_vals = list(vals)
    for r in range(R):
        for c in range(C):
            res: Any = None
            try:
                for i, s in zip(lifted, shapes, strict=True):
                    rr = 0 if s[0] == 1 else r
                    cc = 0 if s[1] == 1 else c
                    if rr >= s[0] or cc >= s[1]:
                        res = E_NA
                        break
                    call_vals[i] = _element(spec, i, lifts[i].value[rr, cc])
                if res is None:
                    res = invoke(spec, call_vals, ctx)
            except Err as e:
                res = e.err
            if isinstance(res, (np.ndarray, Range)):
                res = E_VALUE  # an array inside an array
            out.append(res)
    return pack(out, (R, C))


__all__ = ["MISSING", "call", "cell_result", "coerce", "intersect", "invoke"]
