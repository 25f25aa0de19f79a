"""Math & trigonometry functions."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..values import E_NUM, E_VALUE, Err, first_error, num, numeric_cells, scalar_of
from .aggregate import aggregate_function, array2d
from .criteria import criteria_function
from .legacy import FUNCTIONS, fn
from .spec import function

# --- rounding ------------------------------------------------------------------------------
#: Excel rounds the decimal it shows: a relative nudge of 1e-14 makes 2.675 round to 2.68.
_NUDGE = 1e-14


def _round_scalar(mode: str, x: float, digits: float) -> float:
    m = 10.0 ** math.trunc(digits)
    a = abs(x) * m
    if mode == "round":
        r = math.floor(a + 0.5 + a * _NUDGE)
    elif mode == "up":
        r = math.ceil(a - a * _NUDGE)
    else:
        r = math.floor(a + a * _NUDGE)
    return math.copysign(r / m, x) if x and r else 0.0


def _round_vector(mode: str, x: Any, digits: Any) -> np.ndarray | None:
    if isinstance(digits, np.ndarray):
        return None
    m = 10.0 ** math.trunc(digits)
    a = np.abs(x) * m
    if mode == "round":
        r = np.floor(a + 0.5 + a * _NUDGE)
    elif mode == "up":
        r = np.ceil(a - a * _NUDGE)
    else:
        r = np.floor(a + a * _NUDGE)
    out = np.sign(x) * r / m
    return np.where(out == 0, 0.0, out)


@function("ROUND", "number, number", category="math", vector=lambda x, d: _round_vector("round", x, d))
def ROUND(x: float, digits: float) -> float:
    """Rounds a number to a number of digits (half away from zero)."""
    return _round_scalar("round", x, digits)


@function("ROUNDUP", "number, number", category="math", vector=lambda x, d: _round_vector("up", x, d))
def ROUNDUP(x: float, digits: float) -> float:
    """Rounds a number away from zero."""
    return _round_scalar("up", x, digits)


@function("ROUNDDOWN", "number, number", category="math", vector=lambda x, d: _round_vector("down", x, d))
def ROUNDDOWN(x: float, digits: float) -> float:
    """Rounds a number toward zero."""
    return _round_scalar("down", x, digits)


@function("ABS", "number", category="math", vector=np.abs)
def ABS(x: float) -> float:
    """Returns the absolute value of a number."""
    return abs(x)


@function("INT", "number", category="math", vector=np.floor)
def INT(x: float) -> float:
    """Rounds a number down to the nearest integer."""
    return float(math.floor(x))


@function("SIGN", "number", category="math", vector=np.sign)
def SIGN(x: float) -> float:
    """Returns the sign of a number: 1, 0 or -1."""
    return float(np.sign(x))


@function("SQRT", "number", category="math")
def SQRT(x: float) -> float:
    """Returns a positive square root (``#NUM!`` for a negative number)."""
    if x < 0:
        raise Err(E_NUM)
    return math.sqrt(x)


@function("MOD", "number, number", category="math")
def MOD(x: float, y: float) -> float:
    """Returns the remainder of a division, with the sign of the divisor."""
    if y == 0:
        raise ZeroDivisionError
    return x - y * math.floor(x / y)


# --- sums (hand-vectorised: see .legacy) ------------------------------------------------------
FUNCTIONS["SUM"] = (aggregate_function("SUM"), "vector")
FUNCTIONS["SUMIF"] = (criteria_function("SUM", False), "rowwise")
FUNCTIONS["SUMIFS"] = (criteria_function("SUM", True), "rowwise")


@fn("SUBTOTAL", "rowwise")
def _subtotal(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    """SUBTOTAL(function_num, ref, ...) for 1-5 and 9 (and 101-105, 109: hidden rows are not known here)."""
    if len(args) < 2:
        return E_VALUE
    try:
        k = int(num(scalar_of(args[0])))
    except Err as e:
        return e.err
    name = {1: "AVERAGE", 2: "COUNT", 3: "COUNTA", 4: "MAX", 5: "MIN", 9: "SUM"}.get(k % 100 if k > 100 else k)
    if name is None:
        return E_VALUE
    return FUNCTIONS[name][0](None, args[1:], refs[1:])


@fn("SUMPRODUCT", "rowwise")
def _sumproduct(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if not args:
        return E_VALUE
    arrays = [array2d(a) for a in args]
    shape = arrays[0].shape
    total = None
    for arr in arrays:
        if arr.shape != shape:
            return E_VALUE
        err = first_error(arr)
        if err is not None:
            return err
        vals, _mask = numeric_cells(arr)
        total = vals if total is None else total * vals
    s = float(np.sum(total))
    return s if math.isfinite(s) else E_NUM

