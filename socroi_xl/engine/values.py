"""Values while a formula is evaluated, and Excel's rules for reading them.

A value is one of:

* a Python scalar: ``float``, ``str``, ``bool``, :class:`~socroi_xl.errors.XLError`, or
  ``None`` for a blank cell;
* a :class:`Grid`: a rectangle of values (shape, values, errors), the one array value of the
  engine — an array constant, an operator over ranges, a function's array result;
* a :class:`Range`: a reference to a rectangle of cells of one sheet. A range *is* a grid
  (its cells, read lazily) that also knows where it is (ROW, OFFSET, SUM's rule that text in
  references is ignored);
* :class:`Areas`: a reference to several rectangles (the union operator ``(A1,C1)``, a 3-D
  reference ``Sheet1:Sheet3!A1``), taken by the functions that accept references;
* :class:`Rows`: only while a column run is evaluated at once, one value per row of the run
  (a 1-D array), or one one-row range per row (an ``(n, width)`` array: ``SUM(C2:H2)``
  filled down);
* :class:`Lambda`: a function value (``LAMBDA(x, x+1)``), invoked by the evaluator.

Blank is ``None`` in object arrays and NaN in float arrays (a cell never holds NaN).
Functions see grids (:class:`Grid`); the evaluator's operators and the function dispatcher
read any of these with :func:`as_array` / :func:`scalar_of`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import DIV0, NA, NUM, VALUE, XLError, error
from ..xl.dates import text_number
from ..xl.numtext import excel_text, number_text, parse_number_text

__all__ = [
    "Areas", "Err", "Fallback", "Grid", "Lambda", "Range", "RowBlock", "Rows", "TooLarge", "arithmetic_number",
    "as_array", "boolean", "excel_shape", "expand", "first_error", "is_blank", "num",
    "number_text", "numeric_cells", "pack", "scalar_of", "text", "to_object",
]

#: Longest text a cell holds (Excel's limit): a longer result is ``#VALUE!``.
MAX_TEXT = 32767

#: Most cells a range may hold in memory at once (float64: 8 bytes each, 400 MB); a
#: larger range is read column by column where a function allows it, else ``#VALUE!``
#: in the one cell with a warning (see :class:`TooLarge`).
MAX_CELLS = 50_000_000


class Fallback(BaseException):
    """This run cannot be evaluated as whole columns; evaluate it cell by cell.

    (A ``BaseException``, as :class:`TooLarge` and the evaluator's ``Circular``: signals to
    the evaluator that no function's ``except Exception`` may turn into a value.)"""


class Err(Exception):
    """Raised inside scalar code to return an Excel error."""

    def __init__(self, err: XLError | int) -> None:
        super().__init__(str(err))
        self.err = err if isinstance(err, XLError) else error(err)


class TooLarge(BaseException):
    """A range too large to hold in memory was asked for whole (the cell gets ``#VALUE!``
    and a warning; the rest of the workbook is evaluated)."""


E_VALUE, E_DIV0, E_NA, E_NUM = error(VALUE), error(DIV0), error(NA), error(NUM)


# --- grids -----------------------------------------------------------------------------------
class Grid:
    """A rectangle of values: a range's cells or a computed array, always 2-D.

    ``values`` is a 2-D numpy array, ``float64`` (blank cells NaN) or ``object`` (blank
    ``None``; numbers ``float``, text ``str``, logicals ``bool``, errors ``XLError``).
    ``ref`` is the :class:`Range` it was read from, or ``None`` for a computed array.
    """

    __slots__ = ("values", "ref")

    def __init__(self, values: np.ndarray, ref: Any = None) -> None:
        if values.ndim == 1:
            values = values.reshape(1, -1)
        elif values.ndim == 0:
            values = values.reshape(1, 1)
        self.values = values
        self.ref = ref

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape  # type: ignore[return-value]

    @property
    def rows(self) -> int:
        return self.shape[0]

    @property
    def cols(self) -> int:
        return self.shape[1]

    @property
    def size(self) -> int:
        r, c = self.shape
        return r * c

    def cell(self, i: int, j: int) -> Any:
        """The value at 0-based (i, j) as a plain Python value (blank ``None``)."""
        return scalar_of(self.values[i, j])

    def cells(self) -> list[Any]:
        """Every value in reading order (row by row), blank ``None``."""
        if self.values.dtype == np.float64:
            return [None if x != x else x for x in self.values.ravel().tolist()]
        return [None if (type(x) is float and x != x) else x for x in self.values.ravel().tolist()]

    def column(self, j: int) -> list[Any]:
        return [self.cell(i, j) for i in range(self.rows)]

    def row(self, i: int) -> list[Any]:
        return [self.cell(i, j) for j in range(self.cols)]

    def vector(self) -> list[Any]:
        """A one-row or one-column grid as a list (any other shape: its cells row by row)."""
        return self.cells()

    def first_error(self) -> Any:
        """The first error in reading order, or ``None``."""
        return first_error(self.values)

    def numbers(self) -> np.ndarray:
        """The numeric cells (not text, logicals or blanks) as a 1-D float64 array."""
        vals, mask = numeric_cells(self.values)
        return vals[mask].ravel()

    def __repr__(self) -> str:
        return f"Grid({self.values!r}, ref={self.ref!r})"


class Range(Grid):
    """A rectangle of cells of one sheet (rows/cols 1-based, inclusive): a reference, and
    the grid of its cells (read when first asked for).

    ``guard``, when set, is called with the range before its cells are read: the evaluator
    uses it to compute, first, formula cells a reference built at evaluation time reaches
    (OFFSET, INDIRECT, a spill) or that a cycle's cells need.
    """

    __slots__ = ("sheet", "r1", "c1", "r2", "c2", "_values", "guard", "full")

    def __init__(
        self, sheet: Any, r1: int, c1: int, r2: int, c2: int, guard: Callable[[Range], None] | None = None, full: tuple[int, int] | None = None
    ) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2
        self._values: np.ndarray | None = None
        self.guard = guard
        #: for a whole column or row (``A:A``, ``1:1``), bounded here to the sheet's used
        #: area: the (rows, cols) it really covers (the rest of it is blank)
        self.full = full

    @property
    def true_shape(self) -> tuple[int, int]:
        """The shape the reference covers in Excel (``A:A``: 1,048,576 rows); ``shape`` and
        ``values`` stop at the sheet's used area, the rest being blank."""
        return self.full if self.full is not None else self.shape

    @property  # type: ignore[override]
    def ref(self) -> Range:
        return self

    @property
    def shape(self) -> tuple[int, int]:
        return (self.r2 - self.r1 + 1, self.c2 - self.c1 + 1)

    @property  # type: ignore[override]
    def values(self) -> np.ndarray:
        """The cells as a 2-D array: float64 when every column is numeric, else object."""
        if self._values is None:
            if self.guard is not None:
                self.guard(self)
            if self.size > MAX_CELLS:
                raise TooLarge(f"{self.describe()} has {self.size:,} cells")
            self._values = read_area(self.sheet, self.r1, self.c1, self.r2, self.c2)
        return self._values

    def used_shape(self) -> tuple[int, int]:
        """Rows and columns of the part of the range inside the sheet's used area."""
        bottom = min(self.r2, max(self.sheet.nrows, 0))
        right = min(self.c2, max(self.sheet.ncols, 0))
        return (max(bottom - self.r1 + 1, 0), max(right - self.c1 + 1, 0))

    def used_values(self) -> np.ndarray:
        """The cells inside the sheet's used area (the rest of the range is blank)."""
        if self.guard is not None:
            self.guard(self)
        h, w = self.used_shape()
        if h * w > MAX_CELLS:
            raise TooLarge(f"{self.describe()} uses {h * w:,} cells")
        if not h or not w:
            return np.empty((h, w))
        return read_area(self.sheet, self.r1, self.c1, self.r1 + h - 1, self.c1 + w - 1)

    def columns(self) -> Any:
        """``(column offset, values of that column inside the used area)`` for each column
        of the range that holds anything: a sparse walk over a range of any size."""
        if self.guard is not None:
            self.guard(self)
        h, w = self.used_shape()
        if not h:
            return
        preload = getattr(self.sheet, "preload", None)
        for j in range(w):
            if preload is not None and j % 256 == 0 and w > 1:  # read 256 columns in one pass
                preload(list(range(self.c1 + j, self.c1 + min(j + 256, w))))
            part = self.sheet.slice(self.c1 + j, self.r1, self.r1 + h - 1)
            if part is not None and len(part):
                yield j, part

    def cell(self, i: int, j: int) -> Any:
        """Value of the cell at 0-based offset (i, j)."""
        if self._values is not None:
            return scalar_of(self._values[i, j])
        if self.guard is not None:
            self.guard(Range(self.sheet, self.r1 + i, self.c1 + j, self.r1 + i, self.c1 + j))
        return self.sheet.value(self.c1 + j, self.r1 + i)

    def describe(self) -> str:
        from ..xl.refs import col_letters

        return f"{self.sheet.name}!{col_letters(self.c1)}{self.r1}:{col_letters(self.c2)}{self.r2}"

    def __repr__(self) -> str:
        return f"Range({self.sheet.name!r}, {self.r1}, {self.c1}, {self.r2}, {self.c2})"


class Areas:
    """Several references taken together: ``(A1:B2,D4)`` or ``Sheet1:Sheet3!A1``."""

    __slots__ = ("ranges",)

    def __init__(self, ranges: tuple[Range, ...]) -> None:
        self.ranges = ranges

    def __repr__(self) -> str:
        return f"Areas({self.ranges!r})"


class Rows:
    """While a column run is evaluated: one value per row (``values`` 1-D, float64 with NaN
    for blank, bool, or object), or one one-row range per row (``values`` 2-D, ``(n,
    width)``: a range that moves with the row, such as ``SUM(C2:H2)`` filled down)."""

    __slots__ = ("values",)

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    @property
    def block(self) -> bool:
        return self.values.ndim == 2

    def __repr__(self) -> str:
        return f"Rows({self.values!r})"


#: The former name of a per-row block of one-row ranges.
RowBlock = Rows


class Lambda:
    """A function value: ``LAMBDA(x, [y], body)`` with the names bound where it was made."""

    __slots__ = ("params", "optional", "body", "scope", "name")

    def __init__(self, params: tuple[str, ...], optional: tuple[bool, ...], body: Any, scope: Any, name: str = "LAMBDA") -> None:
        self.params, self.optional, self.body, self.scope, self.name = params, optional, body, scope, name

    def __repr__(self) -> str:
        return f"Lambda({', '.join(self.params)})"


def read_area(sheet: Any, r1: int, c1: int, r2: int, c2: int) -> np.ndarray:
    """Cells of an area as a 2-D array (rows beyond the used range are blank)."""
    nrows = r2 - r1 + 1
    top = min(r2, sheet.nrows)
    cols = []
    is_float = True
    preload = getattr(sheet, "preload", None)
    last = min(c2, max(sheet.ncols, c1))
    if preload is not None and last > c1 and r1 <= top:  # several columns: read them in passes of 256
        for a in range(c1, last + 1, 256):
            preload(list(range(a, min(a + 255, last) + 1)))
    for c in range(c1, c2 + 1):
        part = sheet.slice(c, r1, top) if r1 <= top and c <= max(sheet.ncols, c1) else None
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


# --- reading values ---------------------------------------------------------------------------
def scalar_of(x: Any) -> Any:
    """A numpy element as a plain Python value (NaN -> None); a one-cell range or grid as
    its value; anything else unchanged."""
    t = type(x)
    if t is float:
        return None if x != x else x
    if t is Range:
        return x.cell(0, 0) if x.r1 == x.r2 and x.c1 == x.c2 else x
    if t is Grid:
        return x.cell(0, 0) if x.values.size == 1 else x
    if isinstance(x, np.floating):
        x = float(x)
        return None if x != x else x
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, np.integer):
        return float(x)
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
        x = arithmetic_number(v)
        if x is None:
            raise Err(E_VALUE)
        return x
    if isinstance(v, (int, float, np.number)):
        return float(v)
    raise Err(E_VALUE)


def arithmetic_number(v: str) -> float | None:
    """The number Excel reads from text in arithmetic: numeric text (spaces around it allowed:
    ``" 10 "`` is 10), or date or time text as its serial (:func:`socroi_xl.xl.dates.text_number`)
    — but not with spaces around it (``" 2024-01-10 "`` is ``#VALUE!`` in arithmetic: Excel
    saved so in IronCalc's FLOOR_CEILING.xlsx and MROUND_TRUNC_INT.xlsx)."""
    if v != v.strip():
        return parse_number_text(v)
    return text_number(v)


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


def as_array(v: Any) -> np.ndarray | None:
    """The array behind a value: a grid's or multi-cell range's 2-D values, a per-row
    column's 1-D values; ``None`` for a scalar or a one-cell range."""
    t = type(v)
    if t is Range:
        return None if v.r1 == v.r2 and v.c1 == v.c2 else v.values
    if t is Grid:
        return v.values
    if t is Rows:
        if v.values.ndim == 2:
            raise Fallback()
        return v.values
    if isinstance(v, np.ndarray):
        return v
    if t is Areas:
        raise Err(E_VALUE)
    return None


def check_mix(n: int | None, arrays: list[np.ndarray]) -> None:
    """While evaluating a run, a per-row value cannot meet a range: go cell by cell."""
    if n is not None and len(arrays) > 1:
        dims = {a.ndim for a in arrays}
        if 1 in dims and 2 in dims:
            raise Fallback()


def excel_shape(*shapes: tuple[int, ...]) -> tuple[int, int]:
    """The shape of an element-wise result over arrays of these (2-D) shapes, as Excel sizes
    it: as large as the largest in each direction."""
    return max(s[0] for s in shapes), max(s[1] for s in shapes)


def expand(arr: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A 2-D array brought to ``shape`` the way Excel pairs arrays element by element: a
    one-row or one-column array repeats; beyond a smaller array's edge ``#N/A``."""
    if arr.shape == shape:
        return arr
    R, C = shape
    h, w = arr.shape
    if (h == 1 or h == R) and (w == 1 or w == C):
        return np.broadcast_to(arr, shape)
    rr = np.arange(R) if h != 1 else np.zeros(R, np.int64)
    cc = np.arange(C) if w != 1 else np.zeros(C, np.int64)
    src = to_object(arr)
    out = np.empty(shape, dtype=object)
    out.fill(E_NA)
    ri = rr[rr < h] if h != 1 else rr
    ci = cc[cc < w] if w != 1 else cc
    out[np.ix_(np.arange(len(ri)), np.arange(len(ci)))] = src[np.ix_(ri, ci)]
    return out


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
    """Apply a scalar function element by element over arrays and scalars, the arrays
    paired as Excel pairs them (:func:`expand`); per-row columns stay per row."""
    arrays = [as_array(a) for a in args]
    idx = [i for i, a in enumerate(arrays) if a is not None]
    if not idx:
        return call(f, tuple(scalar_of(a) for a in args), propagate)
    check_mix(n, [arrays[i] for i in idx])
    if arrays[idx[0]].ndim == 1:
        shape: tuple[int, ...] = (max(len(arrays[i]) for i in idx),)
        lists = {i: to_object(arrays[i]).tolist() for i in idx}
    else:
        shape = excel_shape(*(arrays[i].shape for i in idx))
        lists = {i: to_object(expand(arrays[i], shape)).ravel().tolist() for i in idx}
    cols = [lists[i] if i in lists else itertools.repeat(scalar_of(args[i])) for i in range(len(args))]
    out = [call(f, vals, propagate) for vals in zip(*cols, strict=False)]
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
    if arr.dtype.kind == "f":
        out[np.isnan(arr)] = None
    return out


def intersect(r: Range, ctx: Any) -> Any:
    """The implicit intersection of a multi-cell range with the calling cell (or, for a
    column run, with each of its rows: a per-row column)."""
    rows, cols = r.true_shape
    n = getattr(ctx, "n", None)
    if r.guard is not None:
        r.guard(r)
    col_ok = cols == 1 or r.c1 <= ctx.col <= r.c1 + cols - 1
    j = 0 if cols == 1 else ctx.col - r.c1
    if n is None:
        if rows == 1:
            return (r.cell(0, j) if j < r.shape[1] else None) if col_ok else E_VALUE
        if r.r1 <= ctx.row <= r.r1 + rows - 1 and col_ok:  # beyond the used area: blank
            return r.cell(ctx.row - r.r1, j) if ctx.row <= r.r2 and j < r.shape[1] else None
        return E_VALUE
    if rows == 1:
        return (r.cell(0, j) if j < r.shape[1] else None) if col_ok else E_VALUE
    if not col_ok:
        return E_VALUE
    top, bottom = ctx.row, ctx.row + n - 1
    if r.full is not None and r.r1 <= top and bottom <= r.r1 + rows - 1 and j < r.shape[1]:
        r = Range(r.sheet, r.r1, r.c1, r.r1 + rows - 1, r.c2, r.guard)  # the whole column
    if r.r1 <= top and bottom <= r.r2:  # every row of the run inside the range
        part = r.sheet.slice(r.c1 + j, top, min(bottom, r.sheet.nrows)) if top <= r.sheet.nrows else None
        if part is None:
            return Rows(np.full(n, np.nan))
        if len(part) < n:
            full = np.full(n, np.nan) if part.dtype != object else np.full(n, None, dtype=object)
            full[: len(part)] = part
            part = full
        return Rows(part)
    out = np.empty(n, dtype=object)
    out.fill(E_VALUE)
    rr = np.arange(top, bottom + 1)
    inside = (rr >= r.r1) & (rr <= r.r2)
    if inside.any():
        lo, hi = int(rr[inside][0]), int(rr[inside][-1])
        sub = Range(r.sheet, lo, r.c1 + j, hi, r.c1 + j, r.guard).values[:, 0]
        out[inside] = to_object(sub).tolist()
    return Rows(out)


def grid_of(v: Any) -> Grid:
    """Any value as a grid (a scalar as 1x1; a range stays the range)."""
    t = type(v)
    if t is Range or t is Grid:
        return v
    if isinstance(v, np.ndarray):
        return Grid(v)
    if t is Areas:
        raise Err(E_VALUE)
    return Grid(np.array([[scalar_of(v)]], dtype=object))
