"""Engineering functions (Excel's "Engineering" category): base conversions, bitwise
operations, DELTA, GESTEP, ERF, Bessel functions and CONVERT. The complex-number functions
(IM*) are in :mod:`.engineering_complex`, CONVERT's unit table in :mod:`.engineering_units`.
"""

from __future__ import annotations

import math

from ..values import E_NA, E_NUM, Err
from .engineering_units import convert
from .spec import function

# --- base conversions ----------------------------------------------------------------------
#: Bits of the ten-character two's complement of each base (BIN 10, OCT 30, HEX 40).
_BITS = {2: 10, 8: 30, 16: 40}
_DIGITS = "0123456789ABCDEF"


def _parse(s: str, base: int) -> int:
    """A BIN/OCT/HEX argument (text of at most 10 digits) as an integer; the top bit of a
    ten-digit value is its sign (two's complement)."""
    t = s.strip().upper() if base == 16 else s.strip()
    if len(t) > 10:
        raise Err(E_NUM)
    if not t:
        return 0
    value = 0
    for ch in t:
        d = _DIGITS.find(ch)
        if d < 0 or d >= base:
            raise Err(E_NUM)
        value = value * base + d
    bits = _BITS[base]
    if len(t) == 10 and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def _format(n: int, base: int, places: float | None) -> str:
    """An integer in BIN/OCT/HEX: negative as ten digits of two's complement; ``places``
    pads a positive value (too few places: ``#NUM!``)."""
    bits = _BITS[base]
    if not -(1 << (bits - 1)) <= n < 1 << (bits - 1):
        raise Err(E_NUM)
    if n < 0:
        n += 1 << bits
        width = 10
        places = None
    else:
        width = 0
    out = ""
    while n:
        n, d = divmod(n, base)
        out = _DIGITS[d] + out
    out = out or "0"
    if places is not None:
        p = int(places)
        if p < 0 or p > 10 or p < len(out):
            raise Err(E_NUM)
        width = p
    return out.rjust(width, "0")


def _places(v: object) -> float | None:
    from .spec import MISSING

    if v is MISSING:
        return None
    if v is None:
        return 0.0  # a blank cell: zero places, too few for any value but 0
    from ..values import num

    x = num(v)
    if x < 0:
        raise Err(E_NUM)
    return x


def _declare_conversions() -> None:
    names = {2: "BIN", 8: "OCT", 10: "DEC", 16: "HEX"}
    for src in (2, 8, 10, 16):
        for dst in (2, 8, 10, 16):
            if src == dst:
                continue
            name = f"{names[src]}2{names[dst]}"
            if src == 10:
                def f(x: float, places: object, dst: int = dst) -> str:
                    return _format(int(x), dst, _places(places))

                sig = "number, value?"
            elif dst == 10:
                def f(s: str, src: int = src) -> float:  # type: ignore[misc]
                    return float(_parse(s, src))

                sig = "text"
            else:
                def f(s: str, places: object, src: int = src, dst: int = dst) -> str:  # type: ignore[misc]
                    return _format(_parse(s, src), dst, _places(places))

                sig = "text, value?"
            f.__name__ = name
            f.__doc__ = f"Converts a {_WORDS[src]} number to {_WORDS[dst]}."
            function(name, sig, category="engineering")(f)


_WORDS = {2: "binary", 8: "octal", 10: "decimal", 16: "hexadecimal"}
_declare_conversions()


# --- bitwise --------------------------------------------------------------------------------
_BIT_LIMIT = 2.0**48


def _bits(x: float) -> int:
    if x < 0 or x >= _BIT_LIMIT or x != math.floor(x):
        raise Err(E_NUM)
    return int(x)


@function("BITAND", "number, number", category="engineering")
def BITAND(a: float, b: float) -> float:
    """Returns a bitwise AND of two numbers."""
    return float(_bits(a) & _bits(b))


@function("BITOR", "number, number", category="engineering")
def BITOR(a: float, b: float) -> float:
    """Returns a bitwise OR of two numbers."""
    return float(_bits(a) | _bits(b))


@function("BITXOR", "number, number", category="engineering")
def BITXOR(a: float, b: float) -> float:
    """Returns a bitwise exclusive OR of two numbers."""
    return float(_bits(a) ^ _bits(b))


def _shift(x: float, k: float) -> float:
    n, s = _bits(x), int(k)
    if abs(s) > 53:
        raise Err(E_NUM)
    out = n << s if s >= 0 else n >> -s
    if out >= _BIT_LIMIT:
        raise Err(E_NUM)
    return float(out)


@function("BITLSHIFT", "number, number", category="engineering")
def BITLSHIFT(x: float, k: float) -> float:
    """Returns a number shifted left by a number of bits (negative: right)."""
    return _shift(x, k)


@function("BITRSHIFT", "number, number", category="engineering")
def BITRSHIFT(x: float, k: float) -> float:
    """Returns a number shifted right by a number of bits (negative: left)."""
    return _shift(x, -int(k))


# --- tests and special functions ------------------------------------------------------------
@function("DELTA", "number, number=0", category="engineering")
def DELTA(a: float, b: float) -> float:
    """Tests whether two values are equal (1) or not (0)."""
    return 1.0 if a == b else 0.0


@function("GESTEP", "number, number=0", category="engineering")
def GESTEP(x: float, step: float) -> float:
    """Returns 1 if a number is greater than or equal to a threshold value, else 0."""
    return 1.0 if x >= step else 0.0


@function("ERF", "number, number?", category="engineering")
def ERF(lo: float, hi: object) -> float:
    """Returns the error function (integrated from 0 to lower, or from lower to upper)."""
    from .spec import MISSING

    if hi is MISSING:
        return math.erf(lo)
    from ..values import num

    return math.erf(num(hi)) - math.erf(lo)


@function("ERF.PRECISE", "number", category="engineering")
def ERF_PRECISE(x: float) -> float:
    """Returns the error function integrated from 0 to x."""
    return math.erf(x)


@function("ERFC ERFC.PRECISE", "number", category="engineering")
def ERFC(x: float) -> float:
    """Returns the complementary error function integrated from x to infinity."""
    return math.erfc(x)


def _order(n: float) -> int:
    k = int(n)
    if k < 0:
        raise Err(E_NUM)
    return k


def _special():  # noqa: ANN202 - scipy on first use (start-up stays fast)
    import scipy.special

    return scipy.special


@function("BESSELJ", "number, number", category="engineering")
def BESSELJ(x: float, n: float) -> float:
    """Returns the Bessel function Jn(x)."""
    return float(_special().jv(_order(n), x))


@function("BESSELY", "number, number", category="engineering")
def BESSELY(x: float, n: float) -> float:
    """Returns the Bessel function Yn(x) (x above 0)."""
    k = _order(n)
    if x <= 0:
        raise Err(E_NUM)
    return float(_special().yv(k, x))


@function("BESSELI", "number, number", category="engineering")
def BESSELI(x: float, n: float) -> float:
    """Returns the modified Bessel function In(x)."""
    return float(_special().iv(_order(n), x))


def _poly(t: float, coefs: tuple[float, ...]) -> float:
    out = 0.0
    for c in reversed(coefs):
        out = out * t + c
    return out


def _k0_k1(x: float) -> tuple[float, float]:
    """K0(x) and K1(x) by the polynomial approximations of Abramowitz & Stegun 9.8.5-9.8.8
    (the ones Excel's results follow: BESSELK(1.5,1) = 0.277387804, not the exact
    0.2773878005)."""
    if x <= 2:
        t = (x / 3.75) ** 2
        i0 = _poly(t, (1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813))
        i1 = x * _poly(t, (0.5, 0.87890594, 0.51498869, 0.15084934, 0.02658733, 0.00301532, 0.00032411))
        h = (x / 2) ** 2
        k0 = -math.log(x / 2) * i0 + _poly(h, (-0.57721566, 0.42278420, 0.23069756, 0.03488590, 0.00262698, 0.00010750, 0.00000740))
        k1 = (x * math.log(x / 2) * i1 + _poly(h, (1.0, 0.15443144, -0.67278579, -0.18156897, -0.01919402, -0.00110404, -0.00004686))) / x
        return k0, k1
    u = 2 / x
    f = math.exp(-x) / math.sqrt(x)
    k0 = f * _poly(u, (1.25331414, -0.07832358, 0.02189568, -0.01062446, 0.00587872, -0.00251540, 0.00053208))
    k1 = f * _poly(u, (1.25331414, 0.23498619, -0.03655620, 0.01504268, -0.00780353, 0.00325614, -0.00068245))
    return k0, k1


@function("BESSELK", "number, number", category="engineering")
def BESSELK(x: float, n: float) -> float:
    """Returns the modified Bessel function Kn(x) (x above 0)."""
    k = _order(n)
    if x <= 0:
        raise Err(E_NUM)
    k0, k1 = _k0_k1(x)
    if k == 0:
        return k0
    for m in range(1, k):  # K(m+1) = K(m-1) + 2m/x K(m)
        k0, k1 = k1, k0 + 2 * m / x * k1
    return k1


@function("CONVERT", "number, text, text", category="engineering")
def CONVERT(x: float, from_unit: str, to_unit: str) -> float:
    """Converts a number from one measurement unit to another (``#N/A`` for unknown units or
    units of different quantities)."""
    out = convert(x, from_unit, to_unit)
    if out is None:
        raise Err(E_NA)
    return out


from . import engineering_complex  # noqa: E402, F401 - the IM* functions
