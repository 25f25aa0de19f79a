"""Calling a declared function (:mod:`.spec`) with evaluated arguments: the one place where
arguments are coerced, errors propagate, ranges are intersected or lifted element by element,
filled-down columns are evaluated row by row, and results are made cell values.

The evaluator hands over its values as they are while a formula is evaluated (see
:mod:`socroi_xl.engine.values`): Python scalars, :class:`Grid` (a computed array),
:class:`Range` (a reference: also a grid of its cells), :class:`Areas` (several references),
:class:`Rows` (one value per row of a column run).

**Implicit intersection.** In an ordinary (non-array) formula, a multi-cell range given
where a single value is expected is reduced to the cell in the formula's own row (a
one-column range) or column (a one-row range); no such cell is ``#VALUE!``. In an array
formula, or inside an argument that takes an array (``SUMPRODUCT(YEAR(A1:A3))``), the
function is applied to every cell instead.

**Results.** A function's array result is a :class:`Grid`; a per-row computation over a
column run gives :class:`Rows`; a reference (``returns="ref"``) stays a :class:`Range`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import (
    E_DIV0,
    E_NUM,
    E_VALUE,
    MAX_TEXT,
    Areas,
    Err,
    Fallback,
    Grid,
    Lambda,
    Range,
    Rows,
    TooLarge,
    boolean,
    excel_shape,
    expand,
    intersect,
    is_blank,
    num,
    numeric_cells,
    pack,
    scalar_of,
    text,
)
from .spec import FILLS_ARRAY_RANGE, MISSING, CallContext, FunctionSpec, Settings

E_CALC = XLError("#CALC!")
#: Most elements a function is applied to one by one in an array evaluation (beyond: the
#: cell is #VALUE! with a warning; the numpy fast path has no limit).
MAX_ELEMENTS = 2_000_000

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
    if isinstance(out, Range):
        return out if spec.returns == "ref" else _array_result(out.values)
    if isinstance(out, Grid):
        return _array_result(out.values)
    if isinstance(out, np.ndarray) and out.ndim >= 1:
        return _array_result(out)
    if isinstance(out, Areas) and spec.returns == "ref":
        return out
    return cell_result(out)


def _array_result(arr: np.ndarray) -> Grid:
    """An array result as a grid of cell values."""
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or not arr.size:
        return Grid(np.array([[E_CALC]], dtype=object))  # Excel: an empty array is #CALC!
    if arr.dtype == np.float64:
        if np.isfinite(arr[~np.isnan(arr)]).all():
            return Grid(arr)
        arr = arr.astype(object)
    flat = [cell_result(None if (type(x) is float and x != x) else x) for x in arr.ravel().tolist()]
    return Grid(pack(flat, arr.shape))


class _Lift:
    """How one argument takes part in a call: fixed, per element of a 2-D array, or per row
    (or an error that is the result unless an argument before it, taken element by element
    or per row, fails first: Excel reads the arguments left to right)."""

    __slots__ = ("how", "value")

    def __init__(self, how: str, value: Any) -> None:
        self.how = how  # "fixed", "grid" (2-D ndarray), "rows" (1-D ndarray) or "error"
        self.value = value


def _numbers(v: Any, was_ref: bool) -> np.ndarray:
    """The numbers of one ``numbers`` argument as SUM reads them (raises Err): from ranges
    and arrays only their numbers (an error in them is the result), typed values coerced."""
    if isinstance(v, Areas):
        parts = [_numbers(r, True) for r in v.ranges]
        return np.concatenate(parts) if parts else np.empty(0)
    if isinstance(v, Range) and v.size > 1:
        parts, keys = [], []
        width = v.c2 - v.c1 + 1
        for j, col in v.columns():  # column by column: a range of any size
            arr = col.reshape(-1, 1)
            if arr.dtype == object:
                for x in col.tolist():
                    if type(x) is XLError:
                        raise Err(x)
            vals, mask = numeric_cells(arr)
            m = mask.ravel()
            parts.append(vals.ravel()[m])
            keys.append(np.flatnonzero(m) * width + j)
        if not parts:
            return np.empty(0)
        out = np.concatenate(parts)
        if len(parts) > 1:  # in reading order, row by row: NPV(G3,H3:I4) is NPV(G3,H3,I3,H4,I4)
            out = out[np.argsort(np.concatenate(keys), kind="stable")]  # (pycel's npv.xlsx B3)
        return out
    if isinstance(v, Grid) and not isinstance(v, Range):
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
    if isinstance(v, Lambda):
        raise Err(E_CALC)
    if is_blank(v) or (was_ref and type(v) is not float):
        return np.empty(0)
    return np.array([num(v)])


def _prepare(spec: FunctionSpec, args: list[Any], missing: tuple[bool, ...], refs: tuple[bool, ...], ctx: Any) -> list[_Lift] | XLError:
    """Each argument coerced, or marked for lifting; an error argument ends the call."""
    array_mode = bool(getattr(ctx, "array", False))
    out: list[_Lift] = []

    def failed(err: XLError) -> XLError | None:
        """An argument that is an error: the result where the arguments before it coerce
        (decided element by element when one of them is lifted) and, when an argument after
        it is lifted, in every element of the lifted shape (``POWER(NA(),A1:C1)`` spills three
        ``#N/A``: IronCalc's error_broadcast.xlsx, as Excel saved it)."""
        out.append(_Lift("error", err))
        return None

    for i, raw in enumerate(args):
        p = spec.param(i)
        if i < len(missing) and missing[i]:
            if p.optional and not spec.empty_is_blank:
                out.append(_Lift("fixed", p.default))
                continue
            raw = None
        t = type(raw)
        if t is Rows and raw.values.ndim == 2:
            raise Fallback()
        kind = p.kind
        if kind == "ref" or kind == "refvalue":
            ok = t is Range or t is Areas or t is XLError
            out.append(_Lift("fixed", raw if ok else E_VALUE if kind == "ref" else scalar_of(raw)))
            continue
        if kind == "function":  # a LAMBDA (or a function passed by name)
            if t is Range and raw.size == 1:
                raw = raw.cell(0, 0)
                t = type(raw)
            if t is not Lambda:
                return raw if t is XLError else E_VALUE
            out.append(_Lift("fixed", raw))
            continue
        if kind == "numbers":
            if t is Rows:
                out.append(_Lift("rows", raw.values))
            else:
                out.append(_Lift("fixed", ("numbers", raw, i < len(refs) and refs[i])))
            continue
        if kind == "array":
            if t is Range or t is Grid:
                out.append(_Lift("fixed", raw))
            elif t is Rows:
                out.append(_Lift("rows", raw.values))
            elif t is Areas:
                if len(raw.ranges) != 1:
                    return E_VALUE
                out.append(_Lift("fixed", raw.ranges[0]))
            elif t is Lambda:
                return E_CALC
            elif isinstance(raw, np.ndarray):
                out.append(_Lift("fixed", Grid(raw)) if raw.ndim != 1 else _Lift("rows", raw))
            else:
                out.append(_Lift("fixed", Grid(np.array([[scalar_of(raw)]], dtype=object))))
            continue
        # scalar kinds
        if t is Areas:
            if len(raw.ranges) != 1:
                return E_VALUE
            raw, t = raw.ranges[0], Range
        if t is Range:
            if raw.r1 == raw.r2 and raw.c1 == raw.c2:
                raw = raw.cell(0, 0)
            elif spec.refuses_ranges:  # the Analysis ToolPak's functions: #VALUE!
                err = failed(E_VALUE)
                if err is not None:
                    return err
                continue
            elif array_mode and spec.first_cell:
                raw = raw.cell(0, 0)
            elif array_mode:
                raw = raw.values
            else:
                raw = intersect(raw, ctx)
            t = type(raw)
        if t is Grid:
            raw = raw.values
        elif t is Rows:
            raw = raw.values
        elif t is Lambda:
            return E_CALC
        if isinstance(raw, np.ndarray):
            out.append(_Lift("grid" if raw.ndim == 2 else "rows", raw))
            continue
        v = scalar_of(raw)
        if type(v) is XLError and kind != "any":
            err = failed(v)
            if err is not None:
                return err
            continue
        try:
            out.append(_Lift("fixed", coerce(kind, v)))
        except Err as e:
            err = failed(e.err)
            if err is not None:
                return err
    if not any(x.how in ("grid", "rows") for x in out):  # nothing lifted: the leftmost error
        first = next((x.value for x in out if x.how == "error"), None)
        if first is not None:
            return first
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


def call(
    spec: FunctionSpec,
    args: list[Any],
    ctx: Any,
    *,
    missing: tuple[bool, ...] = (),
    refs: tuple[bool, ...] = (),
    settings: Settings | None = None,
    book: Any = None,
    evaluator: Any = None,
    pad: tuple[int, int] | None = None,
) -> Any:
    """Evaluate a declared function at ``ctx`` (one cell, or a column run of ``ctx.n`` rows).

    ``pad``: the (rows, cols) of the legacy array formula whose top function this is; for
    the functions of :data:`.spec.FILLS_ARRAY_RANGE` an argument taken element by element is
    first sized to it, #N/A beyond its edge, as Excel does."""
    nargs = len(args)
    while (nargs and nargs > spec.min_args and nargs - 1 < len(missing) and missing[nargs - 1]
           and spec.param(nargs - 1).optional and not spec.empty_is_blank):  # fmt: skip
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
    errors = {i: lift.value for i, lift in enumerate(lifts) if lift.how == "error"}
    if grid and rows:
        raise Fallback()  # a per-row value meets an array: evaluate cell by cell

    def context(row_offset: int = 0) -> CallContext | None:
        if not spec.context:
            return None
        return CallContext(ctx.sheet.name, ctx.row + row_offset, ctx.col, settings, book, evaluator)

    if rows or (spec.context and n is not None):
        if spec.returns == "ref":
            raise Fallback()  # a reference per row: evaluate cell by cell
        return Rows(_per_row(spec, lifts, vals, rows, n if n is not None else len(lifts[rows[0]].value), context, errors))
    if grid:
        return Grid(_per_element(spec, lifts, vals, grid, context(), errors, pad if spec.name in FILLS_ARRAY_RANGE else None))
    return invoke(spec, vals, context())


def _fill(spec: FunctionSpec, call_vals: list[Any], lifted: list[int], combo: Any, errors: dict[int, XLError]) -> None:
    """Put one element of each lifted argument into ``call_vals``, coerced, in argument
    order; an error argument met on the way is the result (raises :class:`Err`)."""
    if not errors:
        for i, v in zip(lifted, combo, strict=True):
            call_vals[i] = _element(spec, i, v)
        return
    first = min(errors)
    for i, v in zip(lifted, combo, strict=True):
        if i > first:
            break
        call_vals[i] = _element(spec, i, v)
    raise Err(errors[first])


def _per_row(spec: FunctionSpec, lifts: list[_Lift], vals: list[Any], rows: list[int], n: int, context: Any, errors: dict[int, XLError] | None = None) -> Any:
    """A column run: the function once per row (once per distinct row of arguments)."""
    errors = errors or {}
    if spec.vector is not None and not spec.context and not errors:
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
            _fill(spec, call_vals, rows, combo, errors)
            res = invoke(spec, call_vals, context(r))
        except Err as e:
            res = e.err
        if isinstance(res, Range):
            res = res.cell(0, 0) if res.shape == (1, 1) else E_VALUE
        elif isinstance(res, Grid):
            res = res.cell(0, 0) if res.values.size else E_VALUE
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


def _per_element(
    spec: FunctionSpec, lifts: list[_Lift], vals: list[Any], lifted: list[int], ctx: CallContext | None, errors: dict[int, XLError] | None = None, pad: tuple[int, int] | None = None
) -> np.ndarray:
    """Array evaluation: the function on every element; shapes paired as Excel pairs them
    (a one-row or one-column array repeats; beyond a smaller array's edge ``#N/A``). A
    function returning an array gives its first element in each (Excel keeps no array of
    arrays: ``DROP({1,2,3;4,5,6;7,8,9},1,{1;2;1})`` is ``{5;6;5}``, as Excel saved it in
    formulas' ``test.xlsx``)."""
    errors = errors or {}
    shapes = [lifts[i].value.shape for i in lifted]
    R, C = excel_shape(*shapes)
    if not errors and spec.vector is not None and all(s in ((R, C), (1, C), (R, 1), (1, 1)) for s in shapes):
        fast = _vector(spec, lifts, vals, lifted)
        if fast is not None:  # numbers only: #N/A beyond the edge gives #N/A, no padding needed
            return np.broadcast_to(fast, (R, C)).copy() if fast.shape != (R, C) else fast
    if pad is not None:
        R, C = max(R, pad[0]), max(C, pad[1])
    if R * C > MAX_ELEMENTS:
        raise TooLarge(f"{spec.name} over {R * C:,} elements")
    columns = [expand(lifts[i].value, (R, C)) for i in lifted]
    out: list[Any] = []
    call_vals = list(vals)
    for r in range(R):
        for c in range(C):
            res: Any = None
            try:
                _fill(spec, call_vals, lifted, [col[r, c] for col in columns], errors)
                res = invoke(spec, call_vals, ctx)
            except Err as e:
                res = e.err
            if isinstance(res, Range | Areas):  # a reference inside an array: one cell's
                # value, else #VALUE! (TRIMRANGE(G135:H139,{1;3},2) in formulas' test.xlsx)
                one = isinstance(res, Range) and res.true_shape == (1, 1)
                res = E_VALUE if not one else res.values[0, 0]
                res = 0.0 if res is None else res
            elif isinstance(res, Grid):  # an array inside an array: its first element
                res = res.cell(0, 0) if res.values.size else E_VALUE
                res = 0.0 if res is None else res
            elif isinstance(res, np.ndarray):
                res = E_VALUE
            out.append(res)
    return pack(out, (R, C))


__all__ = ["MAX_TEXT", "MISSING", "call", "cell_result", "coerce", "intersect", "invoke"]
