"""Excel's operators on scalars, per-row columns and arrays: ``+ - * / ^ & = <> < > <= >=``,
unary minus and ``%``.

Numbers take a numpy path (one pass over the column, no Python loop); a column holding
text or errors goes through :func:`socroi_xl.coerce.numbers`, which reads numeric text
as Excel does and marks the rest ``#VALUE!``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..coerce import merge_codes, numbers, result
from ..errors import DIV0, VALUE, XLError
from .values import (
    E_DIV0,
    E_NUM,
    E_VALUE,
    Err,
    Range,
    as_array,
    check_mix,
    emap,
    is_blank,
    num,
    scalar_of,
    text,
    text_number,
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
            if x == 0 and y < 0:
                return E_DIV0
            r = x**y
            if isinstance(r, complex):
                return E_NUM
    except (OverflowError, ZeroDivisionError):
        return E_NUM
    return r if math.isfinite(r) else E_NUM


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
                d = text_number(cell)
                if d is not None:
                    v.ravel()[i] = d
                    codes[i] = 0
        if not codes.any():
            c = None
    v = np.where(np.isnan(v), 0.0, v)
    return v, c


def arith(n: int | None, op: str, a: Any, b: Any) -> Any:
    """``a op b`` for one of ``+ - * / ^``."""
    A, B = as_array(a), as_array(b)
    if A is None and B is None:
        return _scalar_arith(op, scalar_of(a), scalar_of(b))
    check_mix(n, [x for x in (A, B) if x is not None])
    if A is not None and B is not None:
        try:
            shape = np.broadcast_shapes(A.shape, B.shape)
        except ValueError:
            return E_VALUE
    else:
        shape = (A if A is not None else B).shape
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
            if zero.any():
                codes = np.zeros(shape, np.int8) if codes is None else codes.copy()
                np.putmask(codes, zero & (codes == 0), DIV0)
            out = np.power(va, vb)
    out = np.broadcast_to(out, shape).astype(np.float64, copy=False)
    return result(np.array(out), codes, False)


def negate(n: int | None, a: Any) -> Any:
    return arith(n, "-", 0.0, a)


def percent(n: int | None, a: Any) -> Any:
    return arith(n, "/", a, 100.0)


def concat(n: int | None, a: Any, b: Any) -> Any:
    return emap(n, lambda x, y: text(x) + text(y), [a, b])


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


def _plain_numeric(x: Any) -> np.ndarray | float | None:
    """``x`` as float(s) with blanks 0 when it is purely numeric, else None."""
    if isinstance(x, Range):
        x = x.values
    if isinstance(x, np.ndarray):
        if x.dtype == np.float64:
            return np.where(np.isnan(x), 0.0, x)
        return None
    if type(x) is float:
        return 0.0 if x != x else x
    if x is None:
        return 0.0
    return None


def compare(n: int | None, op: str, a: Any, b: Any) -> Any:
    """``a op b`` for a comparison operator."""
    A, B = _plain_numeric(a), _plain_numeric(b)
    if A is not None and B is not None and (isinstance(A, np.ndarray) or isinstance(B, np.ndarray)):
        arrays = [x for x in (as_array(a), as_array(b)) if x is not None]
        check_mix(n, arrays)
        try:
            np.broadcast_shapes(*(x.shape for x in arrays))
        except ValueError:
            return E_VALUE
        return _NP_CMP[op](A, B)
    # blank cells in float arrays must compare as blank (equal to ""), so go element-wise
    return emap(n, lambda x, y: compare_scalar(op, x, y), [a, b], propagate=False)


def binary(n: int | None, op: str, a: Any, b: Any) -> Any:
    if op in ("+", "-", "*", "/", "^"):
        return arith(n, op, a, b)
    if op == "&":
        return concat(n, a, b)
    return compare(n, op, a, b)
