"""Arguments of the functions Excel took over from the Analysis ToolPak add-in (BESSELJ,
CONVERT, DEC2BIN, ERF, MROUND, QUOTIENT, WEEKNUM...): they read numbers as other functions
do, except that a logical value is ``#VALUE!`` — BESSELI(TRUE,1), CONVERT(TRUE,"C","F"),
MROUND(TRUE,0) and SQRTPI(TRUE) are #VALUE! in the values Excel saved in
vinci1it2000/formulas' test.xlsx, MULTINOMIAL(TRUE,1,2) in IronCalc's MULTINOMIAL.xlsx.

An argument left out in the middle of the call (``MROUND(,5)``, ``GCD(,5,10)``) is ``#N/A``
(IronCalc's MROUND_TRUNC_INT.xlsx and GCD_LCM.xlsx). Such a function declares those
arguments ``value?`` (so that an omitted one arrives as :data:`~.spec.MISSING`) and wraps
itself with :func:`atp_args`, naming the optional ones.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..values import E_NA, E_VALUE, Err, num
from .spec import MISSING


def atp_number(v: Any) -> float:
    """A number argument of an Analysis ToolPak function (a logical is ``#VALUE!``)."""
    if type(v) is bool:
        raise Err(E_VALUE)
    return num(v)


def atp_args(*positions: int, optional: tuple[int, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Coerce the arguments at ``positions`` (0-based, declared ``value?``) with
    :func:`atp_number` before calling the function; an omitted one is ``#N/A`` unless it is
    in ``optional`` (then it stays :data:`~.spec.MISSING`, or its default)."""

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def wrapper(*args: Any) -> Any:
            vals = list(args)
            for i in positions:
                if i >= len(vals):
                    continue
                if vals[i] is MISSING:
                    if i not in optional:
                        raise Err(E_NA)
                    continue
                vals[i] = atp_number(vals[i])
            return f(*vals)

        return wrapper

    return deco


__all__ = ["atp_args", "atp_number"]
