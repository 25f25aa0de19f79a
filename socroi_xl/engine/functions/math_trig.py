"""Math & trigonometry functions (Excel's "Math and trigonometry" category).

SUBTOTAL and AGGREGATE live in :mod:`.math_subtotal`, the matrix functions in
:mod:`.math_matrix`; SUM, SUMIF(S) and SUMPRODUCT keep their hand-vectorised
implementations (see :mod:`.legacy`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from ...errors import XLError
from ...xl import dates
from ...xl.numtext import parse_number_text
from ..values import (
    E_NA,
    E_NUM,
    E_VALUE,
    Err,
    Fallback,
    Range,
    Rows,
    first_error,
    is_blank,
    num,
    numeric_cells,
    scalar_of,
)
from .aggregate import aggregate_function, array2d
from .atp import atp_args
from .criteria import criteria_function
from .legacy import FUNCTIONS, fn
from .spec import CallContext, Grid, function

# --- rounding ------------------------------------------------------------------------------
# Excel rounds the number it shows: the scaled value snapped to 15 significant digits first,
# so that ROUND(2.675,2) is 2.68 (2.675*100 is 267.49999999999997) and TRUNC(-0.39999999999999947,1)
# is -0.3 (formulas' test.xlsx, EXTRA!C64: 3.9999999999999947 is 3.99999999999999 to 15 digits).


def _round_scalar(mode: str, x: float, digits: float) -> float:
    if digits > 308:
        return x  # no decimal left to cut: TRUNC(123456789,1000) is 123456789 (MROUND_TRUNC_INT.xlsx)
    m = 10.0 ** math.trunc(digits)
    a = abs(x) * m
    if not math.isfinite(a):
        return x  # TRUNC(9.99999E+307,5) is 9.99999E+307 (same file)
    if a < 1e15:  # beyond, a is a whole number already
        a = _approx(a)
    if mode == "round":
        r = math.floor(a + 0.5)
    elif mode == "up":
        r = math.ceil(a)
    else:
        r = math.floor(a)
    return math.copysign(r / m, x) if x and r else 0.0


def _approx_vector(a: np.ndarray) -> np.ndarray:
    """:func:`_approx` of non-negative numbers, elementwise: snapped to 15 significant
    digits (exactly so where the result is an integer, which is all rounding looks at)."""
    with np.errstate(all="ignore"):
        e = np.floor(np.log10(np.where(a > 0, a, 1.0)))
        small = (a > 0) & (e < 15) & (e > -290) & np.isfinite(a)
        scale = 10.0 ** (14 - np.where(small, e, 0.0))
        snapped = np.round(a * scale) / scale
    return np.where(small, snapped, a)


def _round_vector(mode: str, x: Any, digits: Any) -> np.ndarray | None:
    if isinstance(digits, np.ndarray) or digits > 308:
        return None
    m = 10.0 ** math.trunc(digits)
    a = np.abs(x) * m
    q = _approx_vector(a)
    if mode == "round":
        r = np.floor(q + 0.5)
    elif mode == "up":
        r = np.ceil(q)
    else:
        r = np.floor(q)
    out = np.sign(x) * r / m
    out = np.where(np.isfinite(a), out, x)  # nothing to round past the float range
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


@function("TRUNC", "number, number=0", category="math", vector=lambda x, d: _round_vector("down", x, d))
def TRUNC(x: float, digits: float) -> float:
    """Truncates a number to an integer or to a number of digits (toward zero)."""
    return _round_scalar("down", x, digits)


def _approx(q: float) -> float:
    """A quotient as Excel and LibreOffice see it before rounding it to an integer: snapped
    to 15 significant digits, so that 1.5/0.1 (15.000000000000002) is 15."""
    if q == 0 or not math.isfinite(q):
        return q
    return float(f"{q:.15g}")


def _ceil(q: float) -> float:
    return float(math.ceil(_approx(q)))


def _floor(q: float) -> float:
    return float(math.floor(_approx(q)))


def _times(k: float, sig: float) -> float:
    """k multiples of a significance, as the decimal Excel shows (7 * 0.2 is 1.4)."""
    return _approx(k * sig)


@function("CEILING ECMA.CEILING", "number, number", category="math")
def CEILING(x: float, sig: float) -> float:
    """Rounds a number up, away from zero, to the nearest multiple of significance."""
    if x == 0 or sig == 0:
        return 0.0
    if x > 0 and sig < 0:
        raise Err(E_NUM)
    # a negative number with a negative significance rounds away from zero, with a positive
    # one toward zero (up): both are ceil of the quotient times the significance
    if x < 0 and sig < 0:
        return -_times(_ceil(-x / -sig), -sig)
    return _times(_ceil(x / sig), sig)


@function("FLOOR", "number, number", category="math")
def FLOOR(x: float, sig: float) -> float:
    """Rounds a number down, toward zero, to the nearest multiple of significance."""
    if x == 0:
        return 0.0
    if sig == 0:
        raise ZeroDivisionError
    if x > 0 and sig < 0:
        raise Err(E_NUM)
    if x < 0 and sig < 0:
        return -_times(_floor(-x / -sig), -sig)
    return _times(_floor(x / sig), sig)


@function("CEILING.MATH", "number, number?, number?", category="math")
def CEILING_MATH(x: float, sig: Any, mode: Any) -> float:
    """Rounds a number up to the nearest integer or multiple of significance (mode: negative
    numbers away from zero)."""
    s = 1.0 if _omitted(sig) else abs(float(sig))
    if s == 0 or x == 0:
        return 0.0
    if x < 0 and not _omitted(mode) and mode != 0:
        return -_times(_ceil(-x / s), s)
    return _times(_ceil(x / s), s)


@function("FLOOR.MATH", "number, number?, number?", category="math")
def FLOOR_MATH(x: float, sig: Any, mode: Any) -> float:
    """Rounds a number down to the nearest integer or multiple of significance (mode:
    negative numbers toward zero)."""
    s = 1.0 if _omitted(sig) else abs(float(sig))
    if s == 0 or x == 0:
        return 0.0
    if x < 0 and not _omitted(mode) and mode != 0:
        return -_times(_floor(-x / s), s)
    return _times(_floor(x / s), s)


def _omitted(v: Any) -> bool:
    from .spec import MISSING

    return v is MISSING


@function("CEILING.PRECISE ISO.CEILING", "number, number=1", category="math")
def CEILING_PRECISE(x: float, sig: float) -> float:
    """Rounds a number up to the nearest multiple of significance, whatever the signs."""
    s = abs(sig)
    if s == 0 or x == 0:
        return 0.0
    return _times(_ceil(x / s), s)


@function("FLOOR.PRECISE", "number, number=1", category="math")
def FLOOR_PRECISE(x: float, sig: float) -> float:
    """Rounds a number down to the nearest multiple of significance, whatever the signs."""
    s = abs(sig)
    if s == 0 or x == 0:
        return 0.0
    return _times(_floor(x / s), s)


@function("MROUND", "value?, value?", category="math")
@atp_args(0, 1)
def MROUND(x: float, multiple: float) -> float:
    """Rounds a number to the nearest multiple (half away from zero)."""
    if multiple == 0:
        return 0.0
    if x * multiple < 0:
        raise Err(E_NUM)
    q = _approx(abs(x / multiple))
    return math.copysign(_approx(math.floor(q + 0.5) * abs(multiple)), x)


def _even_odd(x: float, odd: bool) -> float:
    a = math.ceil(_approx(abs(x)))
    if odd:
        if a % 2 == 0:
            a += 1
    elif a % 2:
        a += 1
    return math.copysign(float(a), x) if x else (1.0 if odd else 0.0)


@function("EVEN", "number", category="math")
def EVEN(x: float) -> float:
    """Rounds a number away from zero to the nearest even integer."""
    return _even_odd(x, False)


@function("ODD", "number", category="math")
def ODD(x: float) -> float:
    """Rounds a number away from zero to the nearest odd integer."""
    return _even_odd(x, True)


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


def _vec_domain(f: Any, ok: Any) -> Any:
    """A numpy implementation that declines (scalar path: Excel's error) outside ``ok``."""

    def vec(*xs: np.ndarray) -> np.ndarray | None:
        if not np.all(ok(*xs)):
            return None
        return f(*xs)

    return vec


@function("SQRT", "number", category="math", vector=_vec_domain(np.sqrt, lambda x: x >= 0))
def SQRT(x: float) -> float:
    """Returns a positive square root (``#NUM!`` for a negative number)."""
    if x < 0:
        raise Err(E_NUM)
    return math.sqrt(x)


@function("SQRTPI", "value?", category="math")
@atp_args(0)
def SQRTPI(x: float) -> float:
    """Returns the square root of (number * pi)."""
    if x < 0:
        raise Err(E_NUM)
    return math.sqrt(x * math.pi)


@function("MOD", "number, number", category="math")
def MOD(x: float, y: float) -> float:
    """Returns the remainder of a division, with the sign of the divisor."""
    if y == 0:
        raise ZeroDivisionError
    # the exact remainder, then given the divisor's sign: MOD(5,1E-10) is 9.999981783901343E-11
    # in Excel (IronCalc's MOD_QUOTIENT.xlsx), where x - y*INT(x/y) would give 0
    r = math.fmod(x, y)
    if r and (r < 0) != (y < 0):
        r += y
    return r


@function("QUOTIENT", "value?, value?", category="math")
@atp_args(0, 1)
def QUOTIENT(x: float, y: float) -> float:
    """Returns the integer portion of a division (toward zero)."""
    if y == 0:
        raise ZeroDivisionError
    return float(math.trunc(_approx(x / y)))


@function("POWER", "number, number", category="math")
def POWER(x: float, y: float) -> Any:
    """Returns a number raised to a power (as the ``^`` operator)."""
    from ..ops import _scalar_arith

    return _scalar_arith("^", x, y)


# --- exponentials and logarithms -------------------------------------------------------------
@function("PI", "", category="math")
def PI() -> float:
    """Returns the number pi."""
    return math.pi


@function("EXP", "number", category="math", vector=np.exp)
def EXP(x: float) -> float:
    """Returns e raised to the power of a number."""
    return math.exp(x)


@function("LN", "number", category="math", vector=_vec_domain(np.log, lambda x: x > 0))
def LN(x: float) -> float:
    """Returns the natural logarithm of a number."""
    if x <= 0:
        raise Err(E_NUM)
    return math.log(x)


@function("LOG10", "number", category="math", vector=_vec_domain(np.log10, lambda x: x > 0))
def LOG10(x: float) -> float:
    """Returns the base-10 logarithm of a number."""
    if x <= 0:
        raise Err(E_NUM)
    return math.log10(x)


@function("LOG", "number, number=10", category="math")
def LOG(x: float, base: float) -> float:
    """Returns the logarithm of a number to a base (10 by default)."""
    if x <= 0 or base <= 0:
        raise Err(E_NUM)
    if base == 1:
        raise ZeroDivisionError
    return math.log10(x) if base == 10 else math.log(x) / math.log(base)


# --- counting ------------------------------------------------------------------------------
def _nonneg_int(x: float) -> int:
    if x < 0:
        raise Err(E_NUM)
    return int(x)


@function("FACT", "number", category="math")
def FACT(x: float) -> float:
    """Returns the factorial of a number (truncated to an integer)."""
    n = _nonneg_int(x)
    if n > 170:
        raise Err(E_NUM)
    return float(math.factorial(n))


@function("FACTDOUBLE", "value?", category="math")
@atp_args(0)
def FACTDOUBLE(x: float) -> float:
    """Returns the double factorial of a number."""
    if -1 <= x < 0:
        return 1.0  # (-1)!! is 1: FACTDOUBLE(-1) in vinci1it2000/formulas' test.xlsx (Excel saved)
    n = _nonneg_int(x)
    if n > 300:
        raise Err(E_NUM)
    out = 1
    while n > 1:
        out *= n
        n -= 2
    return float(out)


@function("COMBIN", "number, number", category="math")
def COMBIN(n: float, k: float) -> float:
    """Returns the number of combinations of k items among n."""
    nn, kk = _nonneg_int(n), _nonneg_int(k)
    if kk > nn:
        raise Err(E_NUM)
    return float(math.comb(nn, kk))


@function("COMBINA", "number, number", category="math")
def COMBINA(n: float, k: float) -> float:
    """Returns the number of combinations of k items among n, with repetitions."""
    nn, kk = _nonneg_int(n), _nonneg_int(k)
    if nn == 0 and kk == 0:
        return 1.0
    if nn == 0:
        raise Err(E_NUM)
    return float(math.comb(nn + kk - 1, kk))


def _gcd_value(v: Any) -> float:
    """One GCD/LCM value: a number, or text Excel reads as one (" 10 ", "2024-01-10");
    logicals, other text and "" are ``#VALUE!``."""
    t = type(v)
    if t is XLError:
        raise Err(v)
    if t is bool:
        raise Err(E_VALUE)
    if isinstance(v, str):
        x = parse_number_text(v)
        if x is None and v == v.strip():
            x = dates.text_number(v)
        if x is None:
            raise Err(E_VALUE)
    else:
        x = float(v)
    return x


def _gcd_args(args: list[Any], refs: tuple[bool, ...]) -> list[int]:
    """GCD's and LCM's integers as Excel reads them (IronCalc's GCD_LCM.xlsx, values Excel
    saved): in a range a blank cell is 0, text is read as a number; a blank cell given on
    its own is skipped; an omitted argument (``LCM(,5)``) is ``#N/A``; nothing at all
    ``#VALUE!``; every value read before any is found negative or past 2^53 (``#NUM!``)."""
    ks: list[float] = []
    for i, a in enumerate(args):
        if isinstance(a, Rows):
            raise Fallback()
        if (isinstance(a, Range) and a.size > 1) or isinstance(a, np.ndarray):
            arr = a.values if isinstance(a, Range) else a
            for v in arr.ravel().tolist():
                ks.append(0 if is_blank(v) else _gcd_value(v))
            continue
        v = scalar_of(a)
        if is_blank(v):
            if isinstance(a, Range) or (i < len(refs) and refs[i]):
                continue
            raise Err(E_NA)
        ks.append(_gcd_value(v))
    if not ks:
        raise Err(E_VALUE)
    if any(x < 0 or x >= 2.0**53 for x in ks):
        raise Err(E_NUM)
    return [int(x) for x in ks]


def _gcd(ks: list[int]) -> float:
    return float(math.gcd(*ks))


def _lcm(ks: list[int]) -> float:
    out = 1
    for k in ks:
        if k == 0:
            return 0.0
        out = out * k // math.gcd(out, k)
    if out >= 2**53:
        raise Err(E_NUM)  # LCM(2^31-1, 2^30-1) in GCD_LCM.xlsx
    return float(out)


def _integers_function(name: str, summary: str, f: Any) -> None:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        try:
            return f(_gcd_args(args, refs))
        except Err as e:
            return e.err

    function(name, "array...", category="math", raw="rowwise", summary=summary)(impl)


_integers_function("GCD", "Returns the greatest common divisor of integers.", _gcd)
_integers_function("LCM", "Returns the least common multiple of integers.", _lcm)


def _multinomial(ks: list[int]) -> float:
    out, total = 1, 0
    for k in ks:
        total += k
        out *= math.comb(total, k)
    return float(out)


# read as GCD's integers: MULTINOMIAL(TRUE,1,2), ({TRUE,1,2}) and (A27:A28) over TRUE are
# #VALUE! in IronCalc's MULTINOMIAL.xlsx (values Excel saved)
_integers_function("MULTINOMIAL", "Returns the multinomial of a set of numbers: (a+b+...)! / (a! b! ...).", _multinomial)


# --- random ---------------------------------------------------------------------------------
@function("RAND", "", category="math", context=True, volatile=True)
def RAND(ctx: CallContext) -> float:
    """Returns a random number from 0 to 1 (the seed is pinned with ``--seed``)."""
    return ctx.settings.random()


@function("RANDBETWEEN", "number, number", category="math", context=True, volatile=True)
def RANDBETWEEN(ctx: CallContext, lo: float, hi: float) -> float:
    """Returns a random integer between two numbers (inclusive)."""
    a, b = math.ceil(lo), math.floor(hi)
    if a > b:
        raise Err(E_NUM)
    return float(a + math.floor(ctx.settings.random() * (b - a + 1)))


# --- trigonometry ---------------------------------------------------------------------------
# Excel reduces an angle by multiples of pi/2 with the x87 coprocessor's pi, pi rounded to 66
# bits (0x3.243F6A8885A308D4), not the double nearest pi: SIN(PI()) is 1.22514845490862E-16,
# TAN(PI()/2) 1.6324552277619072E+16 and SEC(PI()/2-1E-12) 999849864538.9548 in IronCalc's
# TAN.xlsx and TRIGONOMETRIC.xlsx, as Excel saved them. The reduced angle is computed exactly;
# far from a multiple of pi/2 the result is the usual one.
_PI_X87 = Fraction(0x3243F6A8885A308D4, 1 << 64)
_HALF = _PI_X87 / 2
# the x87 half pi in three doubles whose products by a quadrant number below 2^26 are exact
_H1 = float(Fraction(math.floor(_HALF * (1 << 25)), 1 << 25))
_H2 = float(Fraction(math.floor((_HALF - Fraction(_H1)) * (1 << 51)), 1 << 51))
_H3 = float(_HALF - Fraction(_H1) - Fraction(_H2))


def _quadrant(x: float) -> tuple[int, float]:
    """(quadrant mod 4, reduced angle) of ``x`` with the x87 half pi."""
    k = round(x / (math.pi / 2))
    if k == 0:
        return 0, x
    return k % 4, float(Fraction(x) - k * _HALF)


def _quadrant_vector(x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    k = np.rint(x / (math.pi / 2))
    if not (np.abs(k) < 2.0**26).all():
        return None
    r = ((x - k * _H1) - k * _H2) - k * _H3
    return np.mod(k, 4).astype(np.int64), np.where(k == 0, x, r)


def _sin_cos(x: float) -> tuple[float, float]:
    q, r = _quadrant(x)
    s, c = math.sin(r), math.cos(r)
    return ((s, c), (c, -s), (-s, -c), (-c, s))[q]


def _sin_cos_vector(x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    red = _quadrant_vector(x)
    if red is None:
        return None
    q, r = red
    s, c = np.sin(r), np.cos(r)
    sin = np.choose(q, (s, c, -s, -c))
    cos = np.choose(q, (c, -s, -c, s))
    return sin, cos


def _tan_x87(x: float) -> float:
    q, r = _quadrant(x)
    t = math.tan(r)
    if q % 2 == 0:
        return t
    if t == 0:
        raise ZeroDivisionError
    return -1.0 / t


def _vec_sin(x: np.ndarray) -> np.ndarray | None:
    sc = _sin_cos_vector(x)
    return None if sc is None else sc[0]


def _vec_cos(x: np.ndarray) -> np.ndarray | None:
    sc = _sin_cos_vector(x)
    return None if sc is None else sc[1]


def _vec_tan(x: np.ndarray) -> np.ndarray | None:
    red = _quadrant_vector(x)
    if red is None:
        return None
    q, r = red
    t = np.tan(r)
    with np.errstate(divide="ignore"):
        return np.where(q % 2 == 0, t, -1.0 / t)


@function("SIN", "number", category="math", vector=_vec_sin)
def SIN(x: float) -> float:
    """Returns the sine of an angle in radians."""
    return _sin_cos(x)[0]


@function("COS", "number", category="math", vector=_vec_cos)
def COS(x: float) -> float:
    """Returns the cosine of an angle in radians."""
    return _sin_cos(x)[1]


@function("TAN", "number", category="math", vector=_vec_tan)
def TAN(x: float) -> float:
    """Returns the tangent of an angle in radians."""
    return _tan_x87(x)


def _recip(v: float) -> float:
    if v == 0:
        raise ZeroDivisionError
    return 1.0 / v


def _trig_arg(x: float) -> float:
    """COT, CSC and SEC take angles below 2^27 in magnitude (else ``#NUM!``)."""
    if abs(x) >= 2.0**27:
        raise Err(E_NUM)
    return x


@function("COT", "number", category="math")
def COT(x: float) -> float:
    """Returns the cotangent of an angle."""
    return _recip(_tan_x87(_trig_arg(x)))


@function("CSC", "number", category="math")
def CSC(x: float) -> float:
    """Returns the cosecant of an angle."""
    return _recip(_sin_cos(_trig_arg(x))[0])


@function("SEC", "number", category="math")
def SEC(x: float) -> float:
    """Returns the secant of an angle."""
    return _recip(_sin_cos(_trig_arg(x))[1])


@function("ASIN", "number", category="math", vector=_vec_domain(np.arcsin, lambda x: np.abs(x) <= 1))
def ASIN(x: float) -> float:
    """Returns the arcsine of a number, in radians."""
    return math.asin(x)


@function("ACOS", "number", category="math", vector=_vec_domain(np.arccos, lambda x: np.abs(x) <= 1))
def ACOS(x: float) -> float:
    """Returns the arccosine of a number, in radians."""
    return math.acos(x)


@function("ATAN", "number", category="math", vector=np.arctan)
def ATAN(x: float) -> float:
    """Returns the arctangent of a number, in radians."""
    return math.atan(x)


@function("ATAN2", "number, number", category="math")
def ATAN2(x: float, y: float) -> float:
    """Returns the arctangent of the x- and y-coordinates (Excel's order: x first)."""
    if x == 0 and y == 0:
        raise ZeroDivisionError
    return math.atan2(y, x)


@function("ACOT", "number", category="math")
def ACOT(x: float) -> float:
    """Returns the arccotangent of a number (0 to pi)."""
    return math.pi / 2 - math.atan(x)


@function("SINH", "number", category="math", vector=np.sinh)
def SINH(x: float) -> float:
    """Returns the hyperbolic sine of a number."""
    return math.sinh(x)


@function("COSH", "number", category="math", vector=np.cosh)
def COSH(x: float) -> float:
    """Returns the hyperbolic cosine of a number."""
    return math.cosh(x)


@function("TANH", "number", category="math", vector=np.tanh)
def TANH(x: float) -> float:
    """Returns the hyperbolic tangent of a number."""
    return math.tanh(x)


@function("COTH", "number", category="math")
def COTH(x: float) -> float:
    """Returns the hyperbolic cotangent of a number."""
    return _recip(math.tanh(x))


@function("CSCH", "number", category="math")
def CSCH(x: float) -> float:
    """Returns the hyperbolic cosecant of a number."""
    if abs(x) > 710:
        return 0.0  # sinh overflows: CSCH(9999999999999) is 0 (IronCalc's TRIGONOMETRIC.xlsx)
    return _recip(math.sinh(x))


@function("SECH", "number", category="math")
def SECH(x: float) -> float:
    """Returns the hyperbolic secant of a number."""
    if abs(x) > 710:
        return 0.0
    return 1.0 / math.cosh(x)


@function("ASINH", "number", category="math", vector=np.arcsinh)
def ASINH(x: float) -> float:
    """Returns the inverse hyperbolic sine of a number."""
    return math.asinh(x)


@function("ACOSH", "number", category="math", vector=_vec_domain(np.arccosh, lambda x: x >= 1))
def ACOSH(x: float) -> float:
    """Returns the inverse hyperbolic cosine of a number (at least 1)."""
    return math.acosh(x)


@function("ATANH", "number", category="math", vector=_vec_domain(np.arctanh, lambda x: np.abs(x) < 1))
def ATANH(x: float) -> float:
    """Returns the inverse hyperbolic tangent of a number (between -1 and 1)."""
    if abs(x) >= 1:
        raise Err(E_NUM)
    return math.atanh(x)


@function("ACOTH", "number", category="math")
def ACOTH(x: float) -> float:
    """Returns the inverse hyperbolic cotangent of a number (magnitude above 1)."""
    if abs(x) <= 1:
        raise Err(E_NUM)
    return 0.5 * math.log((x + 1) / (x - 1))


@function("DEGREES", "number", category="math", vector=np.degrees)
def DEGREES(x: float) -> float:
    """Converts radians to degrees."""
    return math.degrees(x)


@function("RADIANS", "number", category="math", vector=np.radians)
def RADIANS(x: float) -> float:
    """Converts degrees to radians."""
    return math.radians(x)


# --- Roman and other bases -------------------------------------------------------------------
_ROMAN_VALUES = (1000, 500, 100, 50, 10, 5, 1)
_ROMAN_CLASSIC = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                  (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
#: The subtractive pairs each more concise form adds (Excel's ROMAN forms 1 to 4).
_ROMAN_EXTRA = (
    ((950, "LM"), (450, "LD"), (95, "VC"), (45, "VL")),
    ((990, "XM"), (490, "XD"), (99, "IC"), (49, "IL")),
    ((995, "VM"), (495, "VD")),
    ((999, "IM"), (499, "ID")),
)


@function("ROMAN", "number, value=0", category="math")
def ROMAN(x: float, form: Any) -> str:
    """Converts an arabic number to roman, as text (form 0 classic to 4 simplified)."""
    if form is None or type(form) is bool:
        mode = 0 if form is None or form else 4
    else:
        from ..values import num

        mode = int(num(form))
    if x < 0 or not 0 <= mode <= 4:
        raise Err(E_VALUE)
    val = int(x)
    if val >= 4000:
        raise Err(E_VALUE)
    pairs = sorted(_ROMAN_CLASSIC + sum(_ROMAN_EXTRA[:mode], ()), reverse=True)
    out: list[str] = []
    for value, letters in pairs:  # greedy: the largest symbol or pair that fits
        while val >= value:
            out.append(letters)
            val -= value
    return "".join(out)


_ARABIC = dict(zip("MDCLXVI", _ROMAN_VALUES, strict=True))


@function("ARABIC", "text", category="math")
def ARABIC(s: str) -> float:
    """Converts a roman numeral (text) to an arabic number."""
    t = s.strip().upper()
    if len(s) > 255:
        raise Err(E_VALUE)
    sign = 1.0
    if t.startswith("-"):
        sign, t = -1.0, t[1:]
    # read from the right: a numeral smaller than the largest one after it is subtracted;
    # Excel reads malformed numerals so: ARABIC("IIIIIIV") is -1, ARABIC("IILmIIC") 1046
    # (vinci1it2000/formulas' test.xlsx, values Excel saved)
    total = top = 0
    for ch in reversed(t):
        v = _ARABIC.get(ch)
        if v is None:
            raise Err(E_VALUE)
        if v < top:
            total -= v
        else:
            total, top = total + v, v
    return sign * total


_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@function("BASE", "number, number, number=0", category="math")
def BASE(x: float, radix: float, min_length: float) -> str:
    """Converts a number to text in a base (radix 2 to 36), padded to a minimum length."""
    n, r, w = int(x), int(radix), int(min_length)
    if n < 0 or x >= 2.0**53 or not 2 <= r <= 36 or not 0 <= w <= 255:
        raise Err(E_NUM)
    out = ""
    while n:
        n, d = divmod(n, r)
        out = _DIGITS[d] + out
    return (out or "0").rjust(w, "0")


@function("DECIMAL", "text, number", category="math")
def DECIMAL(s: str, radix: float) -> float:
    """Converts text representing a number in a base (2 to 36) to a decimal number."""
    r = int(radix)
    if not 2 <= r <= 36 or len(s) > 255:
        raise Err(E_NUM)
    t = s.strip()
    if r == 16 and t[:2].lower() == "0x":
        t = t[2:]
    if r == 16 and t[-1:].lower() == "h":
        t = t[:-1]
    if r == 2 and t[-1:].lower() == "b":
        t = t[:-1]
    total = 0
    for ch in t.upper():
        d = _DIGITS.find(ch)
        if d < 0 or d >= r:
            raise Err(E_NUM)
        total = total * r + d
    if total >= 2**53:
        raise Err(E_NUM)
    return float(total)


# --- products and sums of arrays -------------------------------------------------------------
@function("PRODUCT", "numbers...", category="math")
def PRODUCT(*arrays: np.ndarray) -> float:
    """Multiplies its arguments (no numbers: 0)."""
    xs = np.concatenate(arrays) if arrays else np.empty(0)
    return float(np.prod(xs)) if xs.size else 0.0


@function("SUMSQ", "numbers...", category="math")
def SUMSQ(*arrays: np.ndarray) -> float:
    """Returns the sum of the squares of the arguments."""
    xs = np.concatenate(arrays) if arrays else np.empty(0)
    return float(np.dot(xs, xs))


def pair_error(a: np.ndarray, b: np.ndarray) -> XLError | None:
    """The error two arrays read pair by pair give, as Excel's two-sample functions find it:
    in each pair the first array's cell, then the second's; a ``#NULL!`` in the first array
    drops its pair (formulas' test.xlsx, sheet STATISTICAL, values Excel saved:
    INTERCEPT(O55:S55,K55:O55) over #NULL!, #NUM!... and #VALUE!, #N/A... is #NUM!, as
    SLOPE, STEYX, COVARIANCE.P/S, PEARSON, RSQ, F.TEST, T.TEST and CHISQ.TEST on the same
    cells; INTERCEPT(J55:L55,L55:N55) over TRUE, #VALUE!... and #N/A... is #N/A)."""
    fa, fb = a.ravel().tolist(), b.ravel().tolist()
    if a.dtype != object and b.dtype != object:
        return None
    for i in range(max(len(fa), len(fb))):
        x = fa[i] if i < len(fa) else None
        y = fb[i] if i < len(fb) else None
        if type(x) is XLError:
            if x == "#NULL!":
                continue
            return x
        if type(y) is XLError:
            return y
    return None


def samples_error(a: np.ndarray, b: np.ndarray) -> XLError | None:
    """The error two independent samples give: the first array's first error (a ``#NULL!``
    passed over, as in :func:`pair_error`), else the second's (formulas' test.xlsx, sheet
    STATISTICAL, values Excel saved: F.TEST(J34:K34,L34:M34) and CHISQ.TEST(J17:K17,L17:M17)
    over TRUE, #VALUE! and #N/A, #DIV/0! are #VALUE!; F.TEST(O34:P34,Q34:R34) over
    #NULL!, #NUM! and #REF!, ... is #NUM!)."""
    if a.dtype == object:
        for x in a.ravel().tolist():
            if type(x) is XLError and x != "#NULL!":
                return x
    return first_error(b) if b.dtype == object else None


def paired(gx: Grid, gy: Grid) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of two same-sized arrays where both cells are numbers (text, logicals and
    blanks drop the pair); different sizes are ``#N/A``, an error is the result (see
    :func:`pair_error`: ``gx`` is the function's first array)."""
    ax, ay = gx.values, gy.values
    if ax.size != ay.size:
        raise Err(E_NA)
    err = pair_error(ax, ay)
    if err is not None:
        raise Err(err)
    vx, mx = numeric_cells(ax)
    vy, my = numeric_cells(ay)
    keep = (mx.ravel() & my.ravel())
    return vx.ravel()[keep], vy.ravel()[keep]


def _pairs_same_shape(gx: Grid, gy: Grid) -> tuple[np.ndarray, np.ndarray]:
    """The number pairs of SUMX2MY2, SUMX2PY2 and SUMXMY2; none at all is ``#DIV/0!`` (POI's
    FormulaEvalTestData_Copy.xlsx, values Excel saved: SUMX2PY2(B16:D16,B16:B18) over
    logicals, a blank and text is #DIV/0!)."""
    if gx.shape != gy.shape and gx.values.size != gy.values.size:
        raise Err(E_NA)
    x, y = paired(gx, gy)
    if not x.size:
        raise ZeroDivisionError
    return x, y


@function("SUMX2MY2", "array, array", category="math")
def SUMX2MY2(gx: Grid, gy: Grid) -> float:
    """Returns the sum of the differences of squares of corresponding values."""
    x, y = _pairs_same_shape(gx, gy)
    return float(np.sum(x * x - y * y))


@function("SUMX2PY2", "array, array", category="math")
def SUMX2PY2(gx: Grid, gy: Grid) -> float:
    """Returns the sum of the sums of squares of corresponding values."""
    x, y = _pairs_same_shape(gx, gy)
    return float(np.sum(x * x + y * y))


@function("SUMXMY2", "array, array", category="math")
def SUMXMY2(gx: Grid, gy: Grid) -> float:
    """Returns the sum of squares of the differences of corresponding values."""
    x, y = _pairs_same_shape(gx, gy)
    return float(np.sum((x - y) ** 2))


@function("SERIESSUM", "value, value, value, array", category="math")
@atp_args(0, 1, 2)
def SERIESSUM(x: float, n: float, m: float, coefs: Grid) -> float:
    """Returns the sum of a power series: sum of a_i * x^(n + i*m)."""
    err = coefs.first_error()
    if err is not None:
        raise Err(err)
    total = 0.0
    for i, a in enumerate(coefs.cells()):
        if type(a) is not float:
            raise Err(E_VALUE)
        power = n + i * m
        if x == 0 and power == 0:
            raise Err(E_NUM)  # 0^0: SERIESSUM(0,0,2,{1,2,3}) is #NUM! (IronCalc's SERIESSUM.xlsx)
        total += a * x**power
    return total


@function("PERCENTOF", "array, array", category="math")
def PERCENTOF(subset: Grid, total: Grid) -> float:
    """Returns the share a subset makes of a whole: SUM(subset) / SUM(whole) (Excel 365);
    an error in either is #NUM!."""
    # formulas' test.xlsx MATH & TRIG!W49:AF49, values Excel saved: PERCENTOF over cells
    # holding #VALUE!, #N/A, #DIV/0!... is #NUM! whatever the error
    if subset.first_error() is not None or total.first_error() is not None:
        raise Err(E_NUM)
    return float(np.sum(_share_numbers(subset))) / float(np.sum(_share_numbers(total)))


def _share_numbers(g: Grid) -> np.ndarray:
    """PERCENTOF's numbers: those of a range or an array; a value given directly coerced."""
    if g.ref is None and g.values.size == 1:
        v = g.cell(0, 0)
        return np.array([num(v)]) if v is not None else np.empty(0)
    return g.numbers()


# --- sums (hand-vectorised: see .legacy) ------------------------------------------------------
FUNCTIONS["SUM"] = (aggregate_function("SUM"), "vector")
FUNCTIONS["SUMIF"] = (criteria_function("SUM", False), "rowwise")
FUNCTIONS["SUMIFS"] = (criteria_function("SUM", True), "rowwise")


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


from . import math_matrix, math_subtotal  # noqa: E402, F401 - register the rest of the category
