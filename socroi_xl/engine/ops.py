"""Excel's operators on scalars, per-row columns and grids: ``+ - * / ^ & = <> < > <= >=``,
unary minus and ``%``.

Operands arrive already reduced by the evaluator (a multi-cell range in an ordinary formula is
implicitly intersected before it gets here; in an array formula it arrives whole). Two arrays
are paired element by element as Excel pairs them (:func:`~.values.expand`: a one-row or
one-column array repeats, beyond the smaller one's edge ``#N/A``). A per-row column
(:class:`~.values.Rows`, a column run) gives a per-row column.

Numbers take a numpy path (one pass over the column, no Python loop); a column holding
text or errors goes through :func:`socroi_xl.xl.coerce.numbers`, which reads numeric text
as Excel does and marks the rest ``#VALUE!``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import DIV0, NUM, VALUE, XLError
from ..xl.coerce import merge_codes, numbers, result
from .values import (
    E_DIV0,
    E_NUM,
    E_VALUE,
    MAX_TEXT,
    Err,
    Grid,
    Rows,
    arithmetic_number,
    as_array,
    check_mix,
    emap,
    excel_shape,
    expand,
    is_blank,
    num,
    scalar_of,
    text,
)


def _scalar_arith(op: str, a: Any, b: Any) -> Any:
    if type(a) is XLError:
        return a
    if type(b) is XLError:
        return b
    try:
        x, y = num(a), num(b)
    except Err as e:
        return e.err
    try:
        if op == "+":
            r = _snap(x + y, x, y)
        elif op == "-":
            r = _snap(x - y, x, y)
        elif op == "*":
            r = x * y
        elif op == "/":
            if y == 0:
                return E_DIV0
            r = x / y
        else:
            if x == 0 and y == 0:
                return E_NUM  # Excel: 0^0 is #NUM!
            if x == 0 and y < 0:
                return E_DIV0
            if x < 0 and y != math.floor(y) and _odd_root(y):
                r = -((-x) ** y)  # (-8)^(1/3) is -2 (IronCalc's POWER.xlsx, Excel-saved)
            else:
                r = x**y
            if isinstance(r, complex):
                return E_NUM
    except (OverflowError, ZeroDivisionError):
        return E_NUM
    return r if math.isfinite(r) else E_NUM


def _odd_root(y: float) -> bool:
    """Whether ``y`` is 1/k for an odd whole k (``^(1/3)``): a negative number has that root."""
    k = 1.0 / y
    return abs(k - round(k)) <= 1e-9 * abs(k) and round(k) % 2 == 1


#: A sum or difference this small relative to its operands is rounding noise: 0, as Excel
#: and LibreOffice show it (LibreOffice's rtl::math::approxSub uses the same 2**-48).
_SNAP = 2.0**-48


def _snap(r: float, x: float, y: float) -> float:
    return 0.0 if r != 0.0 and abs(r) <= max(abs(x), abs(y)) * _SNAP else r


def _snap_array(r: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    tiny = (np.abs(r) <= np.maximum(np.abs(x), np.abs(y)) * _SNAP) & (r != 0)
    if tiny.any():
        r = np.where(tiny, 0.0, r)
    return r


def _read(x: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Numbers of an array operand with blanks as 0."""
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        return (np.where(np.isnan(x), 0.0, x) if np.isnan(x).any() else x), None
    arr = x if isinstance(x, np.ndarray) else np.asarray([x], dtype=object).reshape(())
    v, c = numbers(arr)
    if c is not None:  # date text ("2024-01-15") is a number in Excel arithmetic
        flat, codes = arr.ravel(), c.ravel()
        for i in np.flatnonzero(codes == VALUE):
            cell = flat[i]
            if isinstance(cell, str) and type(cell) is not XLError:
                d = arithmetic_number(cell)
                if d is not None:
                    v.ravel()[i] = d
                    codes[i] = 0
        if not codes.any():
            c = None
    v = np.where(np.isnan(v), 0.0, v)
    return v, c


def _operands(n: int | None, a: Any, b: Any) -> tuple[np.ndarray | None, np.ndarray | None, tuple[int, ...] | None]:
    """The arrays behind two operands brought to one shape (None, None, None: both scalars)."""
    A, B = as_array(a), as_array(b)
    if A is None and B is None:
        return None, None, None
    present = [x for x in (A, B) if x is not None]
    check_mix(n, present)
    if present[0].ndim == 1:
        shape: tuple[int, ...] = (max(len(x) for x in present),)
        return A, B, shape
    shape = excel_shape(*(x.shape for x in present))
    A = None if A is None else expand(A, shape)
    B = None if B is None else expand(B, shape)
    return A, B, shape


def _wrap(out: Any) -> Any:
    """An operator's array result as a value: a 1-D array is per row, a 2-D one a grid."""
    if isinstance(out, np.ndarray):
        return Rows(out) if out.ndim == 1 else Grid(out)
    return out


def arith(n: int | None, op: str, a: Any, b: Any) -> Any:
    """``a op b`` for one of ``+ - * / ^``."""
    A, B, shape = _operands(n, a, b)
    if shape is None:
        return _scalar_arith(op, scalar_of(a), scalar_of(b))
    va, ca = _read(A if A is not None else scalar_of(a))
    vb, cb = _read(B if B is not None else scalar_of(b))
    codes = merge_codes(shape, ca, cb)
    with np.errstate(all="ignore"):
        if op == "+":
            out = _snap_array(va + vb, va, vb)
        elif op == "-":
            out = _snap_array(va - vb, va, vb)
        elif op == "*":
            out = va * vb
        elif op == "/":
            zero = np.broadcast_to(vb == 0, shape)
            if zero.any():
                codes = np.zeros(shape, np.int8) if codes is None else codes.copy()
                np.putmask(codes, zero & (codes == 0), DIV0)
            out = va / vb
        else:
            zero = np.broadcast_to((va == 0) & (vb < 0), shape)
            both = np.broadcast_to((va == 0) & (vb == 0), shape)
            if zero.any() or both.any():
                codes = np.zeros(shape, np.int8) if codes is None else codes.copy()
                np.putmask(codes, zero & (codes == 0), DIV0)
                np.putmask(codes, both & (codes == 0), NUM)
            with np.errstate(invalid="ignore"):
                out = np.power(va, vb)
            root = np.broadcast_to((va < 0) & (vb != np.floor(vb)), shape)
            if root.any():  # an odd root of a negative number is negative, as Excel gives it
                a, b = np.broadcast_to(va, shape)[root], np.broadcast_to(vb, shape)[root]
                odd = np.array([_odd_root(float(y)) for y in b.tolist()], bool)
                out = np.array(np.broadcast_to(out, shape), dtype=np.float64)
                vals = out[root]
                vals[odd] = -np.power(-a[odd], b[odd])
                out[root] = vals
    out = np.broadcast_to(out, shape).astype(np.float64, copy=False)
    return _wrap(result(np.array(out), codes, False))


def negate(n: int | None, a: Any) -> Any:
    return arith(n, "-", 0.0, a)


def percent(n: int | None, a: Any) -> Any:
    return arith(n, "/", a, 100.0)


def _join(x: Any, y: Any) -> str:
    out = text(x) + text(y)
    if len(out) > MAX_TEXT:
        raise Err(E_VALUE)
    return out


def concat(n: int | None, a: Any, b: Any) -> Any:
    return _wrap(emap(n, _join, [a, b]))


_RANK_NUM, _RANK_TEXT, _RANK_BOOL = 0, 1, 2


def _rank(v: Any) -> tuple[int, Any]:
    if type(v) is bool:
        return _RANK_BOOL, v
    if isinstance(v, str):
        return _RANK_TEXT, v.lower()
    return _RANK_NUM, float(v)


def compare_scalar(op: str, a: Any, b: Any) -> Any:
    """Excel comparison: numbers < text < logicals; text case-insensitive; blank is 0, "" or FALSE."""
    if type(a) is XLError:
        return a
    if type(b) is XLError:
        return b
    if is_blank(a) and is_blank(b):
        a = b = 0.0
    elif is_blank(a):
        a = "" if isinstance(b, str) else (False if type(b) is bool else 0.0)
    elif is_blank(b):
        b = "" if isinstance(a, str) else (False if type(a) is bool else 0.0)
    ra, va = _rank(a)
    rb, vb = _rank(b)
    if ra != rb:
        va, vb = ra, rb
    if op == "=":
        return va == vb
    if op == "<>":
        return va != vb
    if op == "<":
        return va < vb
    if op == ">":
        return va > vb
    if op == "<=":
        return va <= vb
    return va >= vb


_NP_CMP = {
    "=": np.equal,
    "<>": np.not_equal,
    "<": np.less,
    ">": np.greater,
    "<=": np.less_equal,
    ">=": np.greater_equal,
}


def compare(n: int | None, op: str, a: Any, b: Any) -> Any:
    """``a op b`` for a comparison operator."""
    A, B, shape = _operands(n, a, b)
    if shape is None:
        return compare_scalar(op, scalar_of(a), scalar_of(b))
    va = A if A is not None else scalar_of(a)
    vb = B if B is not None else scalar_of(b)
    fa = _plain_numeric(va)
    fb = _plain_numeric(vb)
    if fa is not None and fb is not None:
        return _wrap(np.broadcast_to(_NP_CMP[op](fa, fb), shape).copy())
    # blank cells in float arrays must compare as blank (equal to ""), so go element-wise
    return _wrap(emap(n, lambda x, y: compare_scalar(op, x, y), [_raw(va), _raw(vb)], propagate=False))


def _raw(v: Any) -> Any:
    return (Rows(v) if v.ndim == 1 else Grid(v)) if isinstance(v, np.ndarray) else v


def _plain_numeric(x: Any) -> np.ndarray | float | None:
    """``x`` as float(s) with blanks 0 when it is purely numeric, else None."""
    if isinstance(x, np.ndarray):
        if x.dtype == np.float64:
            return np.where(np.isnan(x), 0.0, x)
        return None
    if type(x) is float:
        return 0.0 if x != x else x
    if x is None:
        return 0.0
    return None


def binary(n: int | None, op: str, a: Any, b: Any) -> Any:
    if op in ("+", "-", "*", "/", "^"):
        return arith(n, op, a, b)
    if op == "&":
        return concat(n, a, b)
    return compare(n, op, a, b)
