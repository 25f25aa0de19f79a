"""Complex-number functions (COMPLEX, IMSUM, IMSQRT...): complex numbers are text such as
``"3+4i"`` or ``"-2.5j"``, as Excel writes them (parts in Excel's General number format)."""

from __future__ import annotations

import cmath
import math
import re
from decimal import Decimal
from typing import Any

from ...errors import XLError
from ..values import E_NUM, E_VALUE, Err
from .atp import atp_args
from .spec import Grid, function

_NUM = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_COMPLEX = re.compile(rf"^([+-]?{_NUM})?(?:([+-])({_NUM})?([ij]))?$")
_IMAG_ONLY = re.compile(rf"^([+-]?)({_NUM})?([ij])$")


def parse(v: Any) -> tuple[complex, str | None]:
    """A complex argument (text or number) and its suffix (``None`` when it had none)."""
    if type(v) is float:
        return complex(v, 0.0), None
    if v is None:
        return 0j, None
    if type(v) is bool:
        raise Err(E_VALUE)
    s = str(v).strip()
    if s == "":
        return 0j, None
    m = _IMAG_ONLY.match(s)
    if m:
        mag = float(m.group(2)) if m.group(2) else 1.0
        return complex(0.0, -mag if m.group(1) == "-" else mag), m.group(3)
    m = _COMPLEX.match(s)
    if not m or (m.group(1) is None and m.group(2) is None):
        raise Err(E_NUM)
    re_part = float(m.group(1)) if m.group(1) else 0.0
    if m.group(2) is None:
        return complex(re_part, 0.0), None
    im = float(m.group(3)) if m.group(3) else 1.0
    return complex(re_part, -im if m.group(2) == "-" else im), m.group(4)


def _clean(x: float) -> float:
    """A part as Excel keeps it: 15 significant digits (tiny noise stays, as in Excel)."""
    if not math.isfinite(x):
        raise Err(E_NUM)
    return float(f"{x:.15g}") if x else 0.0


def _part(x: float) -> str:
    """A coefficient as Excel writes it in a complex number: up to 15 significant digits,
    ``E-17`` style exponents."""
    s = f"{x:.15g}"
    if "e" in s:
        mant, exp = s.split("e")
        fixed = format(Decimal(s), "f")
        if int(exp) < 0 and len(fixed.lstrip("-")) <= 21:
            # written out when that takes 21 characters at most: COMPLEX(1E-18,0) is
            # "0.000000000000000001", COMPLEX(1E-20,0) "1E-20" (IronCalc's COMPLEXs.xlsx),
            # 8.28846662730513E-15 stays so (SheetJS' formula_stress_test.xlsx, IMDIV),
            # 6.92442674613868E-05 is "0.0000692442674613868" (formulas' test.xlsx, IMCOT)
            return fixed
        return f"{mant}E{exp[0]}{int(exp[1:]):02d}"
    return s


def fmt(z: complex, suffix: str = "i") -> str:
    """A complex number as Excel's text: ``"3+4i"``, ``"i"``, ``"-2.5"``, ``"0"``."""
    a, b = _clean(z.real), _clean(z.imag)
    if b == 0:
        return _part(a)
    im = "" if abs(b) == 1 else _part(abs(b))
    sign = "-" if b < 0 else "+"
    if a == 0:
        return f"{'-' if b < 0 else ''}{im}{suffix}"
    return f"{_part(a)}{sign}{im}{suffix}"


def _one(v: Any) -> tuple[complex, str]:
    z, s = parse(v)
    return z, s or "i"


def _suffix(*sfx: str | None, mixed: XLError = E_VALUE) -> str:
    """The suffix of a result; ``mixed`` when the arguments mix "i" and "j"."""
    got = {s for s in sfx if s}
    if len(got) > 1:
        raise Err(mixed)
    return got.pop() if got else "i"


@function("COMPLEX", "value?, value?, text=\"i\"", category="engineering")
@atp_args(0, 1)
def COMPLEX(re_part: float, im_part: float, suffix: str) -> str:
    """Converts real and imaginary coefficients into a complex number (text)."""
    s = suffix or "i"
    if s not in ("i", "j"):
        raise Err(E_VALUE)
    return fmt(complex(re_part, im_part), s)


@function("IMREAL", "value", category="engineering")
def IMREAL(v: Any) -> float:
    """Returns the real coefficient of a complex number."""
    return parse(v)[0].real


@function("IMAGINARY", "value", category="engineering")
def IMAGINARY(v: Any) -> float:
    """Returns the imaginary coefficient of a complex number."""
    return parse(v)[0].imag


@function("IMABS", "value", category="engineering")
def IMABS(v: Any) -> float:
    """Returns the absolute value (modulus) of a complex number."""
    return abs(parse(v)[0])


@function("IMARGUMENT", "value", category="engineering")
def IMARGUMENT(v: Any) -> float:
    """Returns the argument theta, an angle in radians."""
    z = parse(v)[0]
    if z == 0:
        raise ZeroDivisionError
    return cmath.phase(z)


@function("IMCONJUGATE", "value", category="engineering")
def IMCONJUGATE(v: Any) -> str:
    """Returns the complex conjugate of a complex number."""
    z, s = _one(v)
    return fmt(z.conjugate(), s)


def _unary(name: str, f: Any, doc: str, domain: Any = None) -> None:
    def impl(v: Any) -> str:
        z, s = _one(v)
        if domain is not None and not domain(z):
            raise Err(E_NUM)
        try:
            return fmt(f(z), s)
        except (ZeroDivisionError, ValueError, OverflowError):
            raise Err(E_NUM) from None

    impl.__name__ = name
    impl.__doc__ = doc
    function(name, "value", category="engineering")(impl)


_unary("IMEXP", cmath.exp, "Returns the exponential of a complex number.")
_unary("IMLN", cmath.log, "Returns the natural logarithm of a complex number.", lambda z: z != 0)
_unary("IMLOG10", cmath.log10, "Returns the base-10 logarithm of a complex number.", lambda z: z != 0)
_unary("IMLOG2", lambda z: cmath.log(z) / math.log(2), "Returns the base-2 logarithm of a complex number.", lambda z: z != 0)
_unary("IMSQRT", cmath.sqrt, "Returns the square root of a complex number.")
_unary("IMSIN", cmath.sin, "Returns the sine of a complex number.")
_unary("IMCOS", cmath.cos, "Returns the cosine of a complex number.")
_unary("IMTAN", cmath.tan, "Returns the tangent of a complex number.")
_unary("IMSINH", cmath.sinh, "Returns the hyperbolic sine of a complex number.")
_unary("IMCOSH", cmath.cosh, "Returns the hyperbolic cosine of a complex number.")
_unary("IMCOT", lambda z: 1 / cmath.tan(z), "Returns the cotangent of a complex number.", lambda z: z != 0)
_unary("IMCSC", lambda z: 1 / cmath.sin(z), "Returns the cosecant of a complex number.", lambda z: z != 0)
_unary("IMCSCH", lambda z: 1 / cmath.sinh(z), "Returns the hyperbolic cosecant of a complex number.", lambda z: z != 0)
_unary("IMSEC", lambda z: 1 / cmath.cos(z), "Returns the secant of a complex number.")
_unary("IMSECH", lambda z: 1 / cmath.cosh(z), "Returns the hyperbolic secant of a complex number.")


@function("IMPOWER", "value, number", category="engineering")
def IMPOWER(v: Any, n: float) -> str:
    """Returns a complex number raised to a power."""
    z, s = _one(v)
    if z == 0:
        if n <= 0:
            raise Err(E_NUM)
        return fmt(0j, s)
    r, t = abs(z), cmath.phase(z)
    return fmt(cmath.rect(r**n, t * n), s)


@function("IMDIV", "value, value", category="engineering")
def IMDIV(a: Any, b: Any) -> str:
    """Returns the quotient of two complex numbers."""
    (za, sa), (zb, sb) = parse(a), parse(b)
    sfx = _suffix(sa, sb, mixed=E_NUM)  # "3.1+2j" and "-3+2i": #NUM! (formulas' test.xlsx, ENGINEERING!T38)
    if zb == 0:
        raise Err(E_NUM)
    return fmt(za / zb, sfx)


@function("IMSUB", "value, value", category="engineering")
def IMSUB(a: Any, b: Any) -> str:
    """Returns the difference of two complex numbers."""
    (za, sa), (zb, sb) = parse(a), parse(b)
    return fmt(za - zb, _suffix(sa, sb, mixed=E_NUM))  # #NUM! (formulas' test.xlsx, ENGINEERING!T51)


def _all(grids: tuple[Grid, ...]) -> tuple[list[complex], str]:
    zs: list[complex] = []
    sfx: list[str | None] = []
    for g in grids:
        err = g.first_error()
        if err is not None:
            raise Err(err)
        for v in g.cells():
            if v is None and g.ref is not None:
                continue
            z, s = parse(v)  # TRUE: #VALUE! (IMPRODUCT(TRUE,"yvj"), formulas' test.xlsx ENGINEERING!X44)
            zs.append(z)
            sfx.append(s)
    return zs, _suffix(*sfx)


@function("IMSUM", "array...", category="engineering")
def IMSUM(*grids: Grid) -> str:
    """Returns the sum of complex numbers."""
    zs, s = _all(grids)
    return fmt(sum(zs, 0j), s)


@function("IMPRODUCT", "array...", category="engineering")
def IMPRODUCT(*grids: Grid) -> str:
    """Returns the product of complex numbers."""
    zs, s = _all(grids)
    out = 1 + 0j
    for z in zs:
        out *= z
    return fmt(out, s)
