"""Turn what Excel (or Python) passes into arrays, the way Excel reads cells.

Every SOCROI function takes numbers, numpy arrays, lists or 2-D lists (a range from
xlwings), reads them with the rules below, broadcasts them against each other and hands
back a scalar (when every input was a scalar) or an array of the broadcast shape.

Reading a cell as a number (the same rule for every function):

=====================  ==================================================================
cell holds             read as
=====================  ==================================================================
number                 itself
blank (``None``, NaN)  blank: 0 where it is added or multiplied, ``#DIV/0!`` where it
                       divides (a blank denominator is a zero denominator)
``TRUE`` / ``FALSE``   1 / 0, as in Excel arithmetic
numeric text           the number Excel's ``VALUE`` reads: ``" 12 "``, ``"1,200"``,
                       ``"$1,200.50"``, ``"12%"`` (0.12), ``"(40)"`` (-40), ``"1e3"``
date or datetime       its Excel serial number (1900 date system)
other text, ``""``     ``#VALUE!``
an error value         that error, passed on
=====================  ==================================================================

Only cells that are not plain numbers are looked at one by one; a column of numbers is
read with no Python loop at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import CODE_OF, ERROR_OBJECTS, NUM, VALUE, first_error
from .dates import serial
from .numtext import excel_text, parse_number_text

_ERROR_TABLE = np.array(ERROR_OBJECTS, dtype=object)


def _cell_number(cell: Any) -> tuple[float, int]:
    """Read one non-numeric cell: (value, error code); blank is (nan, 0)."""
    if cell is None:
        return np.nan, 0
    if isinstance(cell, str):
        code = CODE_OF.get(cell)
        if code:
            return np.nan, code
        number = parse_number_text(cell)
        return (np.nan, VALUE) if number is None else (number, 0)
    if isinstance(cell, (bool, np.bool_)):
        return float(cell), 0
    if isinstance(cell, (dt.date, dt.datetime)):
        return serial(cell), 0
    if isinstance(cell, (int, float, np.number)):
        return float(cell), 0
    return np.nan, VALUE


def as_array(x: Any) -> np.ndarray:
    """``x`` as a numpy array, without copying one that already is."""
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "to_numpy"):  # a pandas Series or DataFrame (pandas is not imported here)
        return x.to_numpy()
    if isinstance(x, (int, float, np.number)) and not isinstance(x, bool):
        return np.asarray(x, dtype=np.float64)
    if isinstance(x, Sequence) and not isinstance(x, str):
        arr = np.asarray(x)
        # numpy turns a list mixing text with numbers or booleans into text ("True");
        # keep each cell's own Python value instead
        return np.array(x, dtype=object) if arr.dtype.kind in "US" else arr
    return np.asarray(x, dtype=object)


def numbers(x: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Read ``x`` as numbers: (float64 values with NaN for blank, error codes or None).

    The error array is ``None`` when no cell holds an error or unreadable text.

    >>> values, codes = numbers([1, None, "12", "x", "#N/A"])
    >>> values.tolist()[:3], codes.tolist()
    ([1.0, nan, 12.0], [0, 0, 0, 3, 7])
    """
    arr = as_array(x)
    if arr.dtype.kind == "f":
        return (arr if arr.dtype == np.float64 else arr.astype(np.float64)), None
    if arr.dtype.kind in "iub":
        return arr.astype(np.float64), None
    flat = arr.ravel().tolist()
    values = np.empty(len(flat), dtype=np.float64)
    codes = None
    for i, cell in enumerate(flat):
        if type(cell) is float:
            values[i] = cell
            continue
        values[i], code = _cell_number(cell)
        if code:
            if codes is None:
                codes = np.zeros(len(flat), dtype=np.int8)
            codes[i] = code
    values = values.reshape(arr.shape)
    return values, (None if codes is None else codes.reshape(arr.shape))


def texts(x: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Read ``x`` as text cells: (object array of ``str`` or ``None`` for blank, error codes).

    Numbers become the text Excel shows for them in a formula (``2024.0`` -> ``"2024"``),
    booleans ``"TRUE"``/``"FALSE"``.
    """
    arr = as_array(x)
    flat = arr.ravel()
    out = np.empty(flat.shape, dtype=object)
    codes = None
    for i, cell in enumerate(flat):
        if isinstance(cell, str):
            code = CODE_OF.get(cell)
            if code:
                codes = np.zeros(flat.shape, dtype=np.int8) if codes is None else codes
                codes[i] = code
            out[i] = cell
        elif cell is None or (isinstance(cell, float) and np.isnan(cell)):
            out[i] = None
        else:
            out[i] = excel_text(cell)
    out = out.reshape(arr.shape)
    return out, (None if codes is None else codes.reshape(arr.shape))


class ShapeError(ValueError):
    """Ranges whose shapes cannot be combined (Excel's ``#VALUE!``)."""


def broadcast(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast arrays the way Excel combines ranges, or raise :class:`ShapeError`.

    Equal shapes pair element by element, a single cell goes with every element, and a
    row with a column makes the grid (as Excel does for ``=A1:A3*B1:D1``). Anything else,
    for example a 3-cell column with a 2-cell column, is an error.
    """
    if all(a.shape == arrays[0].shape for a in arrays):
        return arrays
    try:
        return tuple(np.broadcast_arrays(*arrays))
    except ValueError as exc:
        shapes = " and ".join(str(a.shape) for a in arrays)
        raise ShapeError(f"ranges of shapes {shapes} cannot be combined") from exc


def merge_codes(shape: tuple[int, ...], *codes: np.ndarray | None) -> np.ndarray | None:
    """One error-code array of ``shape`` (``None`` if no argument had an error).

    Where several arguments hold an error, the leftmost argument's error wins.
    """
    present = [c for c in codes if c is not None]
    if not present:
        return None
    out = np.zeros(shape, dtype=np.int8)
    for c in present:
        c = np.broadcast_to(c, shape)
        np.putmask(out, out == 0, c)
    return out


def result(values: np.ndarray, codes: np.ndarray | None, scalar: bool) -> Any:
    """Finish a computation: error codes become error values, and any non-finite
    number left over becomes ``#NUM!`` (Excel never shows NaN or infinity).

    Returns a float or an :class:`~socroi_xl.errors.XLError` when ``scalar``; otherwise a
    float64 array when nothing failed, or an object array mixing floats and errors.
    """
    if codes is None or not codes.any():
        # a finite total proves every element finite (one pass, nothing allocated); a total
        # of large finite numbers may overflow, which only sends them to the check below
        with np.errstate(over="ignore"):
            total = values.sum()
        if np.isfinite(total):
            return float(values) if scalar else values
        codes = np.zeros(values.shape, dtype=np.int8)
    first_error(codes, ~np.isfinite(values), NUM)
    if not codes.any():  # only the total overflowed
        return float(values) if scalar else values
    if scalar:
        code = int(codes)
        return ERROR_OBJECTS[code] if code else float(values)
    out = values.astype(object)
    bad = codes != 0
    out[bad] = _ERROR_TABLE[codes[bad]]
    return out


def is_scalar(*xs: Any) -> bool:
    """True when every argument is a single value (not a list, tuple or array)."""
    return all(
        not (isinstance(x, (list, tuple, np.ndarray)) or hasattr(x, "to_numpy"))
        or (isinstance(x, np.ndarray) and x.ndim == 0)
        for x in xs
    )
