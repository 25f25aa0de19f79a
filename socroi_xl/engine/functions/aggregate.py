"""Statistics of a function's arguments as SUM, COUNT, AVERAGE, MIN and MAX read them:
ranges (only their numbers), typed values (coerced), per-row columns of a run and one-row
blocks moving with the row, all in one pass. Shared by the math and statistical modules."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import (
    E_DIV0,
    E_NUM,
    E_VALUE,
    Err,
    Range,
    RowBlock,
    as_array,
    first_error,
    is_blank,
    num,
    numeric_cells,
    scalar_of,
    to_object,
)

#: Ranges larger than this are read column by column (only their used part).
SPARSE = 1_000_000


class _Stats:
    """Running sum / count / min / max / non-blank count, scalar or per row."""

    def __init__(self) -> None:
        self.sum: Any = 0.0
        self.count: Any = 0
        self.min: Any = math.inf
        self.max: Any = -math.inf
        self.counta: Any = 0
        self.err: Any = None  # XLError or object array (per row) or None

    def add_numbers(self, vals: Any, mask: Any) -> None:
        if isinstance(vals, np.ndarray) and vals.ndim == 2:
            if mask.any():
                sel = vals[mask]
                # one after the other in reading order, as Excel adds: AVERAGE(B7:C15,B16:C17,
                # D8:D16) over 9999999999, -9999999999, 1.00001... is -4.089355473190933E-09 in
                # POI's FormulaEvalTestData_Copy.xlsx (EverythingTests!D180), not a pairwise sum's
                if isinstance(self.sum, np.ndarray):  # per-row sums so far
                    self.sum = self.sum + float(np.cumsum(sel)[-1])
                else:
                    self.sum = float(np.cumsum(np.concatenate(([self.sum], sel)))[-1])
                self.count = self.count + int(mask.sum())
                self.min = np.minimum(self.min, sel.min())
                self.max = np.maximum(self.max, sel.max())
            return
        self.sum = self.sum + np.where(mask, vals, 0.0)
        self.count = self.count + mask.astype(np.int64)
        self.min = np.minimum(self.min, np.where(mask, vals, math.inf))
        self.max = np.maximum(self.max, np.where(mask, vals, -math.inf))


def _aggregate(n: int | None, args: list[Any], refs: tuple[bool, ...], counting: bool = False) -> _Stats | XLError:
    """Statistics of the arguments. ``counting`` (COUNT, COUNTA): text that is not a number
    and errors given directly are not errors, just not numbers."""
    st = _Stats()
    if any(isinstance(a, RowBlock) for a in args):  # one per-row argument per column of the block
        flat_args, flat_refs = [], []
        for a, is_ref in zip(args, refs, strict=False):
            if isinstance(a, RowBlock):
                flat_args.extend(a.values[:, j] for j in range(a.values.shape[1]))
                flat_refs.extend([True] * a.values.shape[1])
            else:
                flat_args.append(a)
                flat_refs.append(is_ref)
        args, refs = flat_args, tuple(flat_refs)
    for a, is_ref in zip(args, refs, strict=False):
        if isinstance(a, Range) and a.size > SPARSE:  # a huge range: column by column
            for _j, col in a.columns():
                err = None if counting else first_error(col)
                if err is not None:
                    return err
                vals, mask = numeric_cells(col.reshape(-1, 1))
                st.add_numbers(vals, mask)
                st.counta += int(np.count_nonzero(~np.isnan(col))) if col.dtype == np.float64 else sum(1 for v in col.tolist() if not is_blank(v))
            continue
        arr = as_array(a)
        if arr is not None and not (n is not None and arr.ndim == 1):
            err = None if counting else first_error(arr)  # COUNT and COUNTA count around errors
            if err is not None:
                return err
            vals, mask = numeric_cells(arr)
            st.add_numbers(vals, mask)
            flat = arr.ravel()
            st.counta += int(np.count_nonzero(~np.isnan(arr))) if arr.dtype == np.float64 else sum(1 for v in flat if not is_blank(v))
            continue
        if arr is not None:  # per-row column of a run
            obj = arr
            if obj.dtype == np.float64:
                mask = ~np.isnan(obj)
                st.add_numbers(np.where(mask, obj, 0.0), mask)
                st.counta = st.counta + mask.astype(np.int64)
                continue
            lst = to_object(obj).tolist()
            vals = np.zeros(len(lst))
            mask = np.zeros(len(lst), bool)
            errs = np.empty(len(lst), dtype=object)
            nonblank = np.zeros(len(lst), np.int64)
            for i, v in enumerate(lst):
                if is_blank(v):
                    continue
                nonblank[i] = 1
                if type(v) is XLError:
                    if not counting:
                        errs[i] = v
                elif type(v) is float:
                    vals[i], mask[i] = v, True
                elif not is_ref:
                    try:
                        vals[i], mask[i] = num(v), True
                    except Err as e:
                        if not counting:
                            errs[i] = e.err
            st.add_numbers(vals, mask)
            st.counta = st.counta + nonblank
            if any(e is not None for e in errs):
                if isinstance(st.err, np.ndarray):
                    st.err = np.where(st.err == None, errs, st.err)  # noqa: E711
                else:
                    st.err = errs
            continue
        v = scalar_of(a)
        if is_blank(v):
            if not is_ref:
                st.counta += 1
            continue
        st.counta += 1
        if type(v) is XLError:
            if counting:
                continue
            return v
        if type(v) is float:
            _add_scalar(st, v)
        elif not is_ref:
            try:
                _add_scalar(st, num(v))
            except Err as e:
                if not counting:
                    return e.err
    return st


def _add_scalar(st: _Stats, v: float) -> None:
    st.sum = st.sum + v
    st.count = st.count + 1
    st.min = np.minimum(st.min, v)
    st.max = np.maximum(st.max, v)


def _finish(st: _Stats, value: Any, bad: Any = None, bad_err: XLError = E_DIV0) -> Any:
    """Per-row or scalar result with errors applied."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = float(value)
    if isinstance(bad, np.ndarray) and bad.ndim == 0:
        bad = bool(bad)
    if isinstance(value, np.ndarray) or isinstance(st.err, np.ndarray) or isinstance(bad, np.ndarray):
        shape = next(x.shape for x in (value, st.err, bad) if isinstance(x, np.ndarray))
        out = np.broadcast_to(np.asarray(value, dtype=np.float64), shape).astype(object)
        if bad is not None:
            out[np.broadcast_to(bad, shape)] = bad_err
        nonfinite = ~np.isfinite(np.broadcast_to(np.asarray(value, dtype=np.float64), shape))
        if nonfinite.any():
            out[nonfinite] = E_NUM
        if isinstance(st.err, np.ndarray):
            m = st.err != None  # noqa: E711
            out[m] = st.err[m]
        if all(type(x) is float for x in out.tolist()):
            return out.astype(np.float64)
        return out
    if bad:
        return bad_err
    value = float(value)
    return value if math.isfinite(value) else E_NUM


def aggregate_function(kind: str) -> Callable[..., Any]:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        if not args:
            return E_VALUE
        with np.errstate(all="ignore"):  # an infinite stored value: #NUM! below, no warning
            st = _aggregate(n, args, refs, counting=kind in ("COUNT", "COUNTA"))
        if isinstance(st, XLError):
            return st
        if kind == "SUM":
            return _finish(st, st.sum)
        if kind == "COUNT":
            return _finish(st, st.count)
        if kind == "COUNTA":
            st.err = None
            return _finish(st, st.counta)
        if kind == "AVERAGE":
            with np.errstate(all="ignore"):
                return _finish(st, np.divide(st.sum, np.maximum(st.count, 1)), np.asarray(st.count) == 0 if isinstance(st.count, np.ndarray) else st.count == 0)
        if kind == "MIN":
            return _finish(st, np.where(np.asarray(st.count) == 0, 0.0, st.min))
        return _finish(st, np.where(np.asarray(st.count) == 0, 0.0, st.max))

    return impl



def array2d(a: Any) -> np.ndarray:
    """Any value as a 2-D array (a scalar as 1x1, a vector as one row)."""
    arr = as_array(a)
    if arr is None:
        arr = np.array([[scalar_of(a)]], dtype=object)
    return arr if arr.ndim == 2 else arr.reshape(1, -1)
