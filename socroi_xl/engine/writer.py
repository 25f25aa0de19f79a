"""Write computed values into a copy of the package, touching nothing else.

Only the ``<v>`` (and the ``t`` attribute) of formula cells change, plus the cells of
array-formula ranges and of dynamic-array spills the evaluator declared
(:meth:`~socroi_xl.engine.package.Sheet.declare_spill`: the formula's ``ref`` is set to
the new extent, its cells written — cells and rows added where missing — and cells of
the old extent outside the new one cleared); ``workbook.xml`` gets
``<calcPr fullCalcOnLoad="1"/>`` so Excel recalculates on open. Every other member is
copied with the same name, order, date, attributes, compression method and uncompressed
bytes (:func:`socroi_xl.xlsx.package.copy_package`). A sheet whose XML had to be
normalised to be read (:mod:`socroi_xl.xlsx.normalise`) is written in the regular
layout. The output is written to a temporary file in the destination's folder and moved
into place (:func:`socroi_xl.atomic.replacing`) only after every check of the package has
finished (:meth:`~socroi_xl.engine.package.Book.confirm`), so the destination is either
the old file or the complete new one, never one computed from a part found broken.

Values are stored as Excel stores them (:func:`socroi_xl.xlsx.rebuild.storable`): a
number that is not finite is ``#NUM!``, text over 32,767 characters ``#VALUE!``.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import replacing
from ..errors import XLError
from ..xl.refs import cell_ref
from ..xlsx.cells import STRIDE
from ..xlsx.package import copy_package
from ..xlsx.rebuild import encode, set_f_attr, storable, with_full_calc
from ..xlsx.safety import read_member
from ..xlsx.text import MAX_TEXT
from .package import Book, Sheet, formula_attrs

__all__ = ["cell_values", "count_errors", "encode", "write_package"]

_NUM = XLError("#NUM!")


def cell_values(sheet: Sheet, rows: np.ndarray, cols: np.ndarray, *, confirm: bool = True) -> list[Any]:
    """Values of cells (rows[i], cols[i]) from the sheet's columns, as Excel would store them.

    With ``confirm`` (the default) the book's checks are finished first
    (:meth:`~socroi_xl.engine.package.Book.confirm`): nothing computed from a part is
    reported before the part is known to be well-formed.
    """
    if confirm:
        sheet.confirm()
    if sheet.failures:
        raise sheet.failures[0]
    out = np.empty(len(rows), dtype=object)
    for c in np.unique(cols):
        mask = cols == c
        arr = sheet.peek(int(c))
        if arr is None:
            out[mask] = None
            continue
        rr = rows[mask]
        if rr.max() >= len(arr):
            arr = np.concatenate([arr, np.full(int(rr.max()) + 1 - len(arr), np.nan if arr.dtype != object else None)])
        vals = arr[rr]
        over = _laid_over(sheet, int(c), rr) if vals.dtype == np.float64 else None
        if over is not None and over[1].any():
            obj = vals.astype(object)
            obj[np.isnan(vals)] = None
            obj[over[1]] = over[0]
            vals = obj
        if vals.dtype == np.float64:
            lst = vals.tolist()
            if np.isinf(vals).any():
                out[mask] = [None if x != x else x if x - x == 0 else _NUM for x in lst]
            else:
                out[mask] = [None if x != x else x for x in lst]
        else:
            out[mask] = [storable(v) for v in vals.tolist()]
    return out.tolist()


def _extras_of(sheet: Sheet, col: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The values laid over a loaded column's numbers (text, logicals, errors), if any."""
    return sheet.extras.get(col) if dict.get(sheet.columns, col) is not None else None


def _laid_over(sheet: Sheet, col: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The values laid over a loaded column's numbers (:func:`_extras_of`) at ``rows``: (those
    values, the mask of the rows they cover), or None when nothing is laid over it."""
    ex = _extras_of(sheet, col)
    if ex is None or not len(ex[0]):
        return None
    pos = np.minimum(np.searchsorted(ex[0], rows), len(ex[0]) - 1)
    hit = ex[0][pos] == rows
    return np.asarray(ex[1], dtype=object)[pos[hit]], hit


def count_errors(sheet: Sheet, rows: np.ndarray, cols: np.ndarray) -> int:
    """How many of the cells (rows[i], cols[i]) :func:`cell_values` gives as an Excel error
    (the book's checks finished first, as there), counted without building those values:
    in a column of numbers an error is a result that is not finite (stored as ``#NUM!``;
    NaN is a blank there); the values laid over it, or held in an object column, are
    counted by :func:`_errors_in`.
    """
    sheet.confirm()
    if sheet.failures:
        raise sheet.failures[0]
    errors = 0
    for c in np.unique(cols):
        arr = sheet.peek(int(c))
        if arr is None:
            continue
        rr = rows[cols == c]
        rr = rr[rr < len(arr)]  # past the column's end: blank
        if arr.dtype != np.float64:
            errors += _errors_in(arr[rr])
            continue
        vals = arr[rr]
        over = _laid_over(sheet, int(c), rr)
        if over is not None:
            errors += _errors_in(over[0])
            vals = vals[~over[1]]
        errors += int(np.isinf(vals).sum())
    return errors


def _errors_in(values: np.ndarray) -> int:
    """How many of ``values`` (an object array) :func:`storable` makes an Excel error: the
    errors themselves, numbers that are not finite, text over Excel's length limit. The
    types are told apart in C (a 100,000-cell column in milliseconds); other kinds of value
    (numpy scalars, say) go through :func:`storable` one by one."""
    if not len(values):
        return 0
    kinds = np.fromiter(map(id, map(type, values.tolist())), np.int64, len(values))

    def of(kind: type) -> np.ndarray:
        return kinds == id(kind)

    known = of(XLError)
    errors = int(known.sum())
    floats = of(float)
    if floats.any():
        errors += int((~np.isfinite(values[floats].astype(np.float64))).sum())
    texts = of(str)
    if texts.any():
        errors += sum(1 for v in values[texts].tolist() if len(v) > MAX_TEXT)
    known |= floats | texts | of(bool) | of(type(None))
    if not known.all():
        errors += sum(1 for v in values[~known].tolist() if type(storable(v)) is XLError)
    return errors


def _area(ref: str | None, row: int, col: int) -> tuple[int, int, int, int]:
    from ..xl.refs import parse_range

    if not ref:
        return row, col, row, col
    try:
        return parse_range(ref)
    except ValueError:
        return row, col, row, col


def _array_cells(sheet: Sheet, arrays: list[tuple[int, int, int, int]]) -> tuple[dict[int, dict[int, Any]], set[tuple[int, int]]]:
    """Cells to write (other than formula cells) for array ranges and declared spills, and
    cells to clear; spill anchors get their new ``ref`` in the sheet's pieces."""
    wanted: dict[int, dict[int, Any]] = {}
    clear: set[tuple[int, int]] = set()
    areas = [(a, None) for a in arrays if (a[2] - a[0]) or (a[3] - a[1])]
    fc = sheet.formulas
    if sheet.spills and fc is not None and sheet.pieces is not None:
        for (row, col), (r2, c2) in sheet.spills.items():
            hit = np.flatnonzero((fc.rows == row) & (fc.cols == col))
            if not len(hit):
                raise ValueError(f"sheet {sheet.name!r}: spill declared at {cell_ref(row, col)}, which holds no formula")
            i = int(hit[0])
            info = formula_attrs(fc.attrs[i])
            old = _area(info.get("ref"), row, col)
            new = (row, col, r2, c2)
            ref = cell_ref(row, col) if (r2, c2) == (row, col) else f"{cell_ref(row, col)}:{cell_ref(r2, c2)}"
            j = STRIDE * i + 5
            piece = set_f_attr(sheet.pieces[j], "ref", ref)
            if info.get("t") != "array":  # not marked by Excel: written as an array formula
                piece = set_f_attr(piece, "t", "array")
            sheet.pieces[j] = piece
            areas.append((new, old))
    for (r1, c1, r2, c2), old in areas:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) == (r1, c1):
                    continue
                if dict.get(sheet.columns, c) is not None:
                    v = sheet.value(c, r)
                else:
                    arr = sheet.peek(c)
                    v = arr[r] if arr is not None and r < len(arr) else None
                wanted.setdefault(r, {})[c] = None if (isinstance(v, float) and v != v) else v
        if old is not None:
            o1, d1, o2, d2 = old
            for r in range(o1, o2 + 1):
                for c in range(d1, d2 + 1):
                    if not (r1 <= r <= r2 and c1 <= c <= c2):
                        clear.add((r, c))
    return wanted, clear


def write_package(src: zipfile.ZipFile, book: Book, arrays: dict[str, list[tuple[int, int, int, int]]], dst: str | os.PathLike[str]) -> None:
    """Write ``src`` with the computed values to ``dst`` (temp file + atomic rename)."""
    dst = Path(dst)
    if book.failures:
        book.confirm()  # raises: the checks' answer first (a sheet read on trust), else the failure
    replaced: dict[str, Any] = {}
    for sheet in book.sheets:
        fc = sheet.formulas
        ws = sheet.xml
        if not sheet.part or ws is None or fc is None or not len(fc.rows) or sheet.pieces is None:
            continue
        if len(sheet.pieces) != STRIDE * len(fc.rows) + 1:
            raise ValueError(f"sheet {sheet.name!r}: its formula cells changed since they were read")
        wanted, clear = _array_cells(sheet, arrays.get(sheet.name, []))
        ws.pieces = sheet.pieces
        values = cell_values(sheet, fc.rows, fc.cols.astype(np.int64), confirm=False)
        if not wanted and not clear:
            replaced[sheet.part] = ws.chunks(values)
        else:
            replaced[sheet.part] = ws.patch(ws.rebuild(values), wanted, clear)
    if book.workbook_part:
        replaced[book.workbook_part] = with_full_calc(read_member(src, book.workbook_part))
    with replacing(dst) as tmp:  # a replaced file keeps its permissions
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as out:
            copy_package(src, out, replaced)
        book.confirm()  # checks still running end before the file replaces anything

