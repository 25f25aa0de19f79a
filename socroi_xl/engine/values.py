"""Values while a formula is evaluated, and Excel's rules for reading them.

A value is one of:

* a Python scalar: ``float``, ``str``, ``bool``, :class:`~socroi_xl.errors.XLError`, or
  ``None`` for a blank cell;
* a :class:`Range` (cells a reference points at, the same for every row of a run);
* a 2-D numpy array (an array computed from ranges, e.g. ``A1:A3*2``);
* a 1-D numpy array, only while a whole column run is evaluated at once: one value per
  row of the run (float64 with NaN for blank, bool, or object).

Blank is ``None`` in object arrays and NaN in float arrays (a cell never holds NaN).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..coerce import excel_serial, excel_text, number_text, parse_number_text
from ..errors import DIV0, NA, NUM, VALUE, XLError, error


class Fallback(Exception):
    """This run cannot be evaluated as whole columns; evaluate it cell by cell."""


class Err(Exception):
    """Raised inside scalar code to return an Excel error."""

    def __init__(self, err: XLError | int) -> None:
        super().__init__(str(err))
        self.err = err if isinstance(err, XLError) else error(err)


E_VALUE, E_DIV0, E_NA, E_NUM = error(VALUE), error(DIV0), error(NA), error(NUM)


class Range:
    """A rectangle of cells of one sheet (rows/cols 1-based, inclusive)."""

    __slots__ = ("sheet", "r1", "c1", "r2", "c2", "_values")

    def __init__(self, sheet: Any, r1: int, c1: int, r2: int, c2: int) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2
        self._values: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return (self.r2 - self.r1 + 1, self.c2 - self.c1 + 1)

    @property
    def values(self) -> np.ndarray:
        """The cells as a 2-D array: float64 when every column is numeric, else object."""
        if self._values is None:
            self._values = read_area(self.sheet, self.r1, self.c1, self.r2, self.c2)
        return self._values

    def cell(self, i: int, j: int) -> Any:
        """Value of the cell at 0-based offset (i, j)."""
        return scalar_of(self.values[i, j])

    def __repr__(self) -> str:
        return f"Range({self.sheet.name!r}, {self.r1}, {self.c1}, {self.r2}, {self.c2})"


def read_area(sheet: Any, r1: int, c1: int, r2: int, c2: int) -> np.ndarray:
    """Cells of an area as a 2-D array (rows beyond the used range are blank)."""
    nrows = r2 - r1 + 1
    top = min(r2, sheet.nrows)
    cols = []
    is_float = True
    for c in range(c1, c2 + 1):
        part = sheet.slice(c, r1, top) if r1 <= top else None
        if part is None:
            cols.append(None)
            continue
        if part.dtype == object:
            is_float = False
        cols.append(part)
    if is_float:
        out = np.full((nrows, c2 - c1 + 1), np.nan)
        for j, part in enumerate(cols):
            if part is not None:
                out[: len(part), j] = part
        return out
    out = np.full((nrows, c2 - c1 + 1), None, dtype=object)
    for j, part in enumerate(cols):
        if part is None:
            continue
        if part.dtype != object:
            obj = part.astype(object)
            obj[np.isnan(part)] = None
            part = obj
        out[: len(part), j] = part
    return out


def scalar_of(x: Any) -> Any:
    """A numpy element as a plain Python value (NaN -> None); a one-cell range as its value."""
    if isinstance(x, Range):
        return x.cell(0, 0) if x.shape == (1, 1) else x
    if isinstance(x, np.floating):
        x = float(x)
    elif isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, float) and x != x:
        return None
    return x


def is_blank(v: Any) -> bool:
    return v is None or (type(v) is float and v != v)


def is_err(v: Any) -> bool:
    return type(v) is XLError


def num(v: Any) -> float:
    """A value in arithmetic: blank 0, TRUE 1, numeric text its number, other text #VALUE!."""
    t = type(v)
    if t is float:
        return 0.0 if v != v else v
    if v is None:
        return 0.0
    if t is bool:
        return 1.0 if v else 0.0
    if t is XLError:
        raise Err(v)
    if isinstance(v, str):
        x = text_number(v)
        if x is None:
            raise Err(E_VALUE)
        return x
    if isinstance(v, (int, float, np.number)):
        return float(v)
    raise Err(E_VALUE)


_DATE_TEXT = ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def text_number(v: str) -> float | None:
    """The number Excel reads from text in arithmetic: numeric text, or date text as its serial."""
    x = parse_number_text(v)
    if x is not None:
        return x
    s = v.strip()
    if not s or not s[0].isalnum():
        return None
    for fmt in _DATE_TEXT:
        try:
            return excel_serial(dt.datetime.strptime(s, fmt))
        except ValueError:
            continue
    return None


def text(v: Any) -> str:
    """A value as text: blank "", numbers as Excel shows them in a formula, TRUE/FALSE."""
    if type(v) is XLError:
        raise Err(v)
    if isinstance(v, str):
        return v
    if is_blank(v):
        return ""
    if type(v) is float:
        return number_text(v)
    return excel_text(v)


def boolean(v: Any) -> bool:
    """A value as a condition: numbers non-zero, "TRUE"/"FALSE" text, other text #VALUE!."""
    t = type(v)
    if t is bool:
        return v
    if t is float:
        return v == v and v != 0.0
    if v is None:
        return False
    if t is XLError:
        raise Err(v)
    if isinstance(v, str):
        up = v.strip().upper()
        if up in ("TRUE", "FALSE"):
            return up == "TRUE"
        raise Err(E_VALUE)
    if isinstance(v, (int, float, np.number, np.bool_)):
        return bool(v)
    raise Err(E_VALUE)


def finite(x: float) -> float:
    if math.isfinite(x):
        return x
    raise Err(E_NUM)


class RowBlock:
    """While a column run is evaluated: a range that moves with the row and is one row high
    (``SUM(C2:H2)`` filled down), as an (n, width) array, row i for the run's row i.

    Only the aggregates (SUM, COUNT, COUNTA, AVERAGE, MIN, MAX) take it; anything else
    raises :class:`Fallback` and the run is evaluated cell by cell.
    """

    __slots__ = ("values",)

    def __init__(self, values: np.ndarray) -> None:
        self.values = values


def as_array(v: Any) -> np.ndarray | None:
    """The array behind a value (Range values, ndarray), or None for a scalar (or one cell)."""
    if isinstance(v, RowBlock):
        raise Fallback()
    if isinstance(v, Range):
        return None if v.r1 == v.r2 and v.c1 == v.c2 else v.values
    if isinstance(v, np.ndarray):
        return v
    return None


def check_mix(n: int | None, arrays: list[np.ndarray]) -> None:
    """While evaluating a run, a per-row value cannot meet a range: go cell by cell."""
    if n is not None and len(arrays) > 1:
        dims = {a.ndim for a in arrays}
        if 1 in dims and 2 in dims:
            raise Fallback()


def pack(out: list[Any], shape: tuple[int, ...]) -> np.ndarray:
    """Results of an element-wise computation as float64 when all are numbers, else object."""
    if out and all(type(x) is float for x in out):
        return np.array(out, dtype=np.float64).reshape(shape)
    arr = np.empty(len(out), dtype=object)
    arr[:] = out
    return arr.reshape(shape)


def call(f: Callable[..., Any], vals: tuple[Any, ...], propagate: bool = True) -> Any:
    """Call a scalar implementation; errors in arguments and :class:`Err` become values."""
    if propagate:
        for v in vals:
            if type(v) is XLError:
                return v
    try:
        out = f(*vals)
    except Err as e:
        return e.err
    except (ValueError, OverflowError, ZeroDivisionError, IndexError):
        return E_VALUE
    if type(out) is float and not math.isfinite(out):
        return E_NUM
    return out


def emap(n: int | None, f: Callable[..., Any], args: list[Any], propagate: bool = True) -> Any:
    """Apply a scalar function element by element over arrays and scalars (broadcast)."""
    arrays = [as_array(a) for a in args]
    idx = [i for i, a in enumerate(arrays) if a is not None]
    if not idx:
        return call(f, tuple(scalar_of(a) for a in args), propagate)
    check_mix(n, [arrays[i] for i in idx])
    try:
        shape = np.broadcast_shapes(*(arrays[i].shape for i in idx))
    except ValueError:
        return E_VALUE
    cols = []
    for i, a in enumerate(arrays):
        if a is None:
            cols.append(itertools.repeat(scalar_of(args[i])))
        else:
            cols.append(np.broadcast_to(a, shape).ravel().tolist())
    out = [call(f, vals, propagate) for vals in zip(*cols, strict=False)]
    if len(out) != int(np.prod(shape)):
        out = out[: int(np.prod(shape))]
    return pack(out, shape)


def errors_mask(arr: np.ndarray) -> np.ndarray:
    """Mask of the error elements of an array."""
    if arr.dtype != object:
        return np.zeros(arr.shape, dtype=bool)
    flat = arr.ravel()
    return np.fromiter((type(x) is XLError for x in flat), bool, len(flat)).reshape(arr.shape)


def first_error(arr: np.ndarray) -> XLError | None:
    """The first error of an array in reading order, or None."""
    if arr.dtype != object:
        return None
    for x in arr.ravel():
        if type(x) is XLError:
            return x
    return None


def numeric_cells(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values, mask) of the cells of an array that are numbers (not bool, not text, not blank)."""
    if arr.dtype == np.float64:
        mask = ~np.isnan(arr)
        return np.where(mask, arr, 0.0), mask
    if arr.dtype == bool:
        return np.zeros(arr.shape), np.zeros(arr.shape, bool)
    flat = arr.ravel()
    mask = np.fromiter(
        (type(x) is float and x == x or (isinstance(x, (int, np.number)) and not isinstance(x, (bool, np.bool_))) for x in flat),
        bool,
        len(flat),
    )
    vals = np.zeros(len(flat))
    if mask.any():
        vals[mask] = [float(x) for x in flat[mask]]
    return vals.reshape(arr.shape), mask.reshape(arr.shape)


def to_object(arr: np.ndarray) -> np.ndarray:
    """An array as object dtype with NaN -> None (blank)."""
    if arr.dtype == object:
        return arr
    if arr.dtype == bool:
        return arr.astype(object)
    out = arr.astype(object)
    out[np.isnan(arr)] = None
    return out
