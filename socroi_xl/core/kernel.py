"""The shared mechanics of a SOCROI function: read, check, compute, finish.

A metric reads its arguments with :func:`read`, states the domain of each one through
:meth:`Args.num` (a value that is added or multiplied: a blank counts 0) or
:meth:`Args.den` (a value that divides: a blank or zero gives ``#DIV/0!``), computes on
plain float arrays and hands the array to :meth:`Args.result`.

The domain rules, the same for every function:

* ``ANY`` — any number.
* ``NONNEG`` — a count or an amount of money spent: negative gives ``#NUM!``.
* ``FRACTION`` — a margin, rate or retention: outside 0–1 gives ``#NUM!``.

Precedence, element by element: an error already in an input (leftmost argument
first), then ``#VALUE!`` for unreadable text, then ``#NUM!`` for a value outside its
domain, then ``#DIV/0!``. The common case (every value fine) costs one comparison per
argument and no Python loop.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DIV0, NUM, VALUE, XLError, error, first_error
from ..xl.coerce import ShapeError, broadcast, is_scalar, merge_codes, numbers, result

ANY = "any"
NONNEG = "nonneg"
FRACTION = "fraction"


def _outside(v: np.ndarray, domain: str) -> np.ndarray:
    """Mask of values outside ``domain``; NaN (blank) is never outside."""
    if domain == NONNEG:
        return v < 0
    if domain == FRACTION:
        return (v < 0) | (v > 1)
    return np.zeros(v.shape, dtype=bool)


def _all_within(v: np.ndarray, domain: str, strict: bool) -> bool:
    """True when every value is in ``domain`` and none is blank (NaN); ``strict`` also
    excludes zero. One allocation-free pass: ``min``/``max`` propagate NaN, and a NaN
    compares false, so a blank always falls through to the element-by-element rules."""
    if v.size == 0:
        return True
    low = v.min()
    if domain == ANY:
        return not np.isnan(low) and (not strict or bool((v != 0).all()))
    if not (low > 0 if strict else low >= 0):
        return False
    return domain != FRACTION or bool(v.max() <= 1)


class Args:
    """Numeric arguments read, broadcast to one shape, with one error-code array."""

    __slots__ = ("values", "codes", "shape", "scalar")

    def __init__(self, values: tuple[np.ndarray, ...], codes: np.ndarray | None, scalar: bool):
        self.values = values
        self.codes = codes
        self.shape = values[0].shape if values else ()
        self.scalar = scalar

    def _codes(self) -> np.ndarray:
        if self.codes is None:
            self.codes = np.zeros(self.shape, dtype=np.int8)
        return self.codes

    def num(self, i: int, domain: str = ANY) -> np.ndarray:
        """Argument ``i`` as a multiplicand: blank reads 0, out of ``domain`` is ``#NUM!``."""
        v = self.values[i]
        if _all_within(v, domain, strict=False):
            return v
        first_error(self._codes(), _outside(v, domain), NUM)
        return np.where(np.isnan(v), 0.0, v)

    def den(self, i: int, domain: str = ANY) -> np.ndarray:
        """Argument ``i`` as a divisor: blank or zero is ``#DIV/0!``, out of ``domain`` ``#NUM!``."""
        v = self.values[i]
        if _all_within(v, domain, strict=True):
            return v
        codes = self._codes()
        first_error(codes, _outside(v, domain), NUM)
        first_error(codes, (v == 0) | np.isnan(v), DIV0)
        return v

    def fail(self, mask: np.ndarray, code: int) -> None:
        """Mark elements where ``mask`` holds with error ``code`` (unless already failed)."""
        if mask.any():
            first_error(self._codes(), np.broadcast_to(mask, self.shape), code)

    def result(self, values: np.ndarray) -> Any:
        """Finish: errors and non-finite numbers become error values; scalar in, scalar out."""
        return result(np.asarray(values, dtype=np.float64), self.codes, self.scalar)

    def total(self, values: np.ndarray) -> Any:
        """Finish an aggregate: the first error in reading order, else the float total."""
        if self.codes is not None and self.codes.any():
            return error(int(self.codes.ravel()[np.flatnonzero(self.codes)[0]]))
        total = float(np.sum(values))
        return total if np.isfinite(total) else error(NUM)


def read(*args: Any) -> Args | XLError:
    """Read numeric arguments and broadcast them; ``#VALUE!`` if their shapes clash."""
    scalar = is_scalar(*args)
    read_ = [numbers(a) for a in args]
    try:
        values = broadcast(*(v for v, _ in read_))
    except ShapeError:
        return error(VALUE)
    shape = values[0].shape if values else ()
    codes = merge_codes(shape, *(c for _, c in read_))
    return Args(values, codes, scalar)


def quiet() -> np.errstate:
    """Silence numpy's warnings: undefined elements are reported as Excel errors instead."""
    return np.errstate(divide="ignore", invalid="ignore", over="ignore")
