"""Read an xlsx package into columns for the evaluator: :func:`read_book` → :class:`Book`.

The package layer :mod:`socroi_xl.xlsx` does the reading (safety limits, parts and
relationships, Transitional or Strict, any element prefix, any valid layout of the
sheet XML, linear time); this module arranges what it reads the way the evaluator uses
it. A sheet's values are held column by column (:attr:`Sheet.columns`): a float64 array
indexed by row number (NaN for blank) when the column holds only numbers, else an object
array of ``float``/``str``/``bool``/:class:`~socroi_xl.errors.XLError`/``None``. Columns
are read from the XML the first time the evaluator asks for them, several in one pass.

A large sheet (over :data:`STREAM_MIN`) is decompressed (by ISA-L) and, on Linux with a
second core, a forked child (:mod:`socroi_xl.xlsx.ahead`) reads the columns its formulas
name from those bytes and checks the sheet while this process cuts it around its formula
cells, so that the two passes run side by side.

What the evaluator can read, besides the cells (plain attributes):

* ``book.date1904`` — the workbook uses the 1904 date system (``<workbookPr date1904>``);
* ``book.externals`` — external links by their number in formulas (``[1]Sheet1!A1`` is
  ``book.externals[1].value("Sheet1", 1, 1)``; see :class:`~socroi_xl.xlsx.externals.ExternalBook`):
  the values Excel cached from the linked files;
* ``book.warnings`` — what the reader wants said (a stored number that is not finite, a
  macro sheet whose formulas are not recalculated);
* ``sheet.hidden_rows`` / ``sheet.hidden_cols`` — sorted numbers of hidden rows and
  columns (rows hidden by hand and rows filtered out alike; ``sheet.autofilter`` is the
  sheet's AutoFilter range, ``table.autofilter`` a table's; ``sheet.filtered_rows`` the
  hidden rows a filter hides) and
  ``sheet.rows_hidden_by_default`` (then rows without a ``<row>`` element are hidden too),
  for SUBTOTAL and AGGREGATE;
* ``sheet.formulas.dynamic`` — per formula cell, True when Excel marked it as a
  dynamic-array formula (cell metadata ``cm`` → ``XLDAPR`` in ``xl/metadata.xml``);
  its ``<f t="array" ref>`` is the extent of the spill Excel last saw;
* ``sheet.declare_spill(row, col, last_row, last_col)`` — the evaluator's way to say that
  the array result of the formula at (row, col) now covers that extent: the writer
  sets the ``ref``, writes the cells of the new extent (adding cells and rows) and clears
  the cached values of cells of the old extent outside the new one, as Excel 365 does.
  The values of the extent are the ones put in the sheet's columns (:meth:`Sheet.put`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from ..xl.refs import MAX_COL, MAX_ROW, col_index
from ..xlsx import ahead as _ahead
from ..xlsx.cells import (
    STRIDE,
    Decoder,
    attributes,
    grammar,
    read_columns,
)
from ..xlsx.externals import ExternalBook, external_from_xml
from ..xlsx.layout import Layout, columns_up_to, layout_problem, locate, to_utf8
from ..xlsx.metadata import dynamic_array_cms, rich_errors
from ..xlsx.package import Package
from ..xlsx.safety import WorkbookError
from ..xlsx.sharedstrings import read_shared_strings
from ..xlsx.sheetprops import read_props
from ..xlsx.stream import read_and_cut
from ..xlsx.tables import TableInfo, table_from_xml
from ..xlsx.text import unescape
from ..xlsx.workbook import read_workbook
from ..xlsx.worksheet import Worksheet, formula_count
from ..xlsx.xmlsafe import XMLError, check_well_formed

__all__ = ["STRIDE", "Book", "FormulaCells", "LazyColumns", "RereadNeeded", "Sheet", "Table", "formula_attrs", "read_book"]

#: Sheets larger than this (uncompressed) are read with a child process beside (when there is
#: a second core): decompressed, then cut here while the child reads and checks them.
STREAM_MIN = 8 << 20
#: Column letters of references in a formula text (``E2``, ``$E$2:$F9``, ``E:F``); other
#: sheets' references are skipped. A guess is enough: a column the child did not read is
#: read here, and one it read needlessly is not used.
_REF_COLS = re.compile(
    r"(?<![A-Za-z0-9_.!\]])\$?([A-Z]{1,3})\$?[0-9]+(?::\$?([A-Z]{1,3})\$?[0-9]+)?(?![A-Za-z0-9_(])"
    r"|(?<![A-Za-z0-9_.!\]])\$?([A-Z]{1,3}):\$?([A-Z]{1,3})(?![A-Za-z0-9_(])"
)


@dataclass
class Table(TableInfo):
    """An Excel table (ListObject) as the evaluator uses it: where it is, its column names
    (see :class:`~socroi_xl.xlsx.tables.TableInfo`), and :meth:`column`."""

    def column(self, name: str) -> int | None:
        """Sheet column number of the table column ``name`` (case-insensitive)."""
        low = name.strip().lower()
        for i, col in enumerate(self.columns):
            if col.strip().lower() == low:
                return self.c1 + i
        return None


@dataclass(frozen=True)
class PivotPart:
    """A pivot table of a sheet as stored (its definition and its cache definition, read by
    GETPIVOTDATA when a formula asks: :mod:`.functions.lookup_getpivotdata`)."""

    sheet: str
    part: str
    xml: bytes
    cache_part: str
    cache_xml: bytes
    #: why the parts could not be read ("": they were); GETPIVOTDATA names it in a warning
    problem: str = ""


def _pivot_part(pkg: Package, sheet: str, target: str) -> PivotPart:
    """A pivot table's parts, or why they cannot be read (the workbook is read all the same)."""
    try:
        cache = pkg.related(target, "pivotCacheDefinition")
        if not cache:
            return PivotPart(sheet, target, b"", "", b"", "it has no cache definition")
        return PivotPart(sheet, target, pkg.read(target), cache[0], pkg.read(cache[0]))
    except WorkbookError as exc:
        return PivotPart(sheet, target, b"", "", b"", str(exc))


@dataclass
class FormulaCells:
    """The formula cells of a sheet, in document order."""

    rows: np.ndarray
    cols: np.ndarray
    attrs: list[bytes]  # attributes of <f ...> (without "<f")
    texts: list[str | None]  # formula text, None when empty (shared-formula child)
    #: True where the cell's formula is a dynamic array (Excel 365 cell metadata).
    dynamic: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))


class LazyColumns(dict):
    """Column number -> dense value array, read from the sheet XML the first time it is asked for.

    A formula workbook usually reads a few of its columns; only those are parsed.
    """

    def __init__(self, loader: Callable[[int], np.ndarray | None] | None = None) -> None:
        super().__init__()
        self.loader = loader

    def __missing__(self, col: int) -> np.ndarray | None:
        arr = self.loader(col) if self.loader is not None else None
        self[col] = arr
        return arr

    def get(self, col: int, default: Any = None) -> Any:  # type: ignore[override]
        arr = self[col]
        return default if arr is None else arr

    def loaded(self) -> list[tuple[int, np.ndarray]]:
        return [(c, a) for c, a in dict.items(self) if a is not None]


_EMPTY_ROWS = np.zeros(0, np.int64)


@dataclass
class Sheet:
    """One worksheet: its part name, dense value columns and formula cells."""

    name: str
    index: int
    part: str
    nrows: int = 0
    ncols: int = 0
    columns: LazyColumns = field(default_factory=LazyColumns)
    formulas: FormulaCells | None = None
    #: Formula results for columns not read yet: col -> (values, rows written mask).
    results: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    #: The worksheet XML cut around formula cells, kept for the writer.
    pieces: list[bytes] | None = None
    preloader: Callable[[list[int]], dict[int, np.ndarray | None]] | None = None
    #: Non-numeric cells of mostly numeric columns (a header, a note): col -> (sorted rows,
    #: values). The column itself stays float64, so arithmetic on it stays vectorised.
    extras: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    #: Sorted numbers of hidden columns (see the module docstring; hidden rows:
    #: :attr:`hidden_rows`, read when first asked for).
    hidden_cols: np.ndarray = field(default_factory=lambda: _EMPTY_ROWS)
    _hidden_rows: np.ndarray | None = field(default=None, repr=False)
    rows_hidden_by_default: bool = False
    autofilter: str | None = None
    #: The sheet's AutoFilter or one of its tables' has a criterion (see :attr:`filtered_rows`).
    filtering: bool = False
    _filtered_rows: np.ndarray | None = field(default=None, repr=False)
    #: ``visible``, ``hidden`` or ``veryHidden``; ``worksheet`` or ``chartsheet``.
    state: str = "visible"
    kind: str = "worksheet"
    #: Counts the stores of formula results: a cache of what an area holds (criteria codes)
    #: is valid while the count has not moved.
    version: int = 0
    #: Spills declared by the evaluator: (row, col) of the formula -> (last row, last col).
    spills: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    #: The worksheet part as read (for the writer).
    xml: Worksheet | None = None
    #: Shared with the book: a cell found unreadable while a column was read (the
    #: evaluator may have caught the error; the writer raises it before writing).
    failures: list[WorkbookError] = field(default_factory=list)
    #: The book's :meth:`Book.confirm` (the writer calls it through the sheet).
    confirm: Callable[[], None] = field(default=lambda: None, repr=False)

    @property
    def hidden_rows(self) -> np.ndarray:
        """Sorted numbers of the rows ``<row hidden="1">`` hides (read when first asked for)."""
        if self._hidden_rows is None:
            self._hidden_rows = self.xml.hidden_rows() if self.xml is not None else _EMPTY_ROWS
        return self._hidden_rows

    @hidden_rows.setter
    def hidden_rows(self, rows: Any) -> None:
        self._hidden_rows = np.asarray(rows, np.int64)

    @property
    def filtered_rows(self) -> np.ndarray:
        """Sorted numbers of the hidden rows a filter hides (SUBTOTAL 1-11 skips them, and
        counts the rows hidden by hand). The file does not say which is which; as Excel
        reads it (EPPlus' SubtotalFilters.xlsx, Excel's saved values): on a sheet whose
        AutoFilter, or one of whose tables' AutoFilter, has a criterion, every hidden row is
        filtered out, inside the filter's range or not, except a row with a custom height
        (``customHeight="1"``: hidden by hand); elsewhere no row is."""
        if self._filtered_rows is None:
            rows = self.hidden_rows
            if not self.filtering or not len(rows):
                self._filtered_rows = _EMPTY_ROWS
            else:
                by_hand = self.xml.hidden_rows(custom_height=True) if self.xml is not None else _EMPTY_ROWS
                self._filtered_rows = np.setdiff1d(rows, by_hand)
        return self._filtered_rows

    def slice(self, col: int, r1: int, r2: int) -> np.ndarray | None:
        """Rows ``r1..r2`` of a column (clipped to the stored rows), extras laid over."""
        arr = self.columns.get(col)
        if arr is None:
            return None
        part = arr[r1 : r2 + 1]
        ex = self.extras.get(col)
        if ex is not None and part.dtype == np.float64 and len(part):
            rows, objs = ex
            lo = int(np.searchsorted(rows, r1))
            hi = int(np.searchsorted(rows, r1 + len(part) - 1, "right"))
            if hi > lo:
                obj = part.astype(object)
                obj[np.isnan(part)] = None
                obj[rows[lo:hi] - r1] = objs[lo:hi]
                return obj
        return part

    def value(self, col: int, row: int) -> Any:
        """One cell's value (None for blank)."""
        arr = self.columns.get(col)
        if arr is None or row >= len(arr) or row < 0:
            return None
        ex = self.extras.get(col)
        if ex is not None:
            i = int(np.searchsorted(ex[0], row))
            if i < len(ex[0]) and ex[0][i] == row:
                return ex[1][i]
        v = arr[row]
        if isinstance(v, np.floating):
            v = float(v)
        return None if isinstance(v, float) and v != v else v

    def drop_extras(self, col: int, r1: int, r2: int) -> None:
        """Forget extras in rows ``r1..r2`` (formula results replace them)."""
        ex = self.extras.get(col)
        if ex is None:
            return
        keep = (ex[0] < r1) | (ex[0] > r2)
        if keep.all():
            return
        if keep.any():
            self.extras[col] = (ex[0][keep], ex[1][keep])
        else:
            del self.extras[col]

    def ensure_rows(self, nrows: int) -> None:
        """Grow every column to hold rows up to ``nrows``."""
        if nrows <= self.nrows:
            return
        for c, arr in self.columns.loaded():
            self.columns[c] = _grow(arr, nrows + 1)
        self.nrows = nrows

    def put(self, col: int, row: int, values: Any) -> None:
        """Store formula results for rows ``row..`` of ``col`` (a float64/object array or a list)."""
        self.version += 1
        if not isinstance(values, np.ndarray):
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            values = arr
        n = len(values)
        if col not in self.columns and self.pieces is not None:  # not read yet: kept aside, laid over when read
            res = self.results.get(col)
            if res is None:
                res = (np.full(self.nrows + 1, np.nan), np.zeros(self.nrows + 1, bool))
            store, mask = res
            if len(store) < row + n:
                store, mask = _grow(store, row + n), np.concatenate([mask, np.zeros(row + n - len(mask), bool)])
            if store.dtype == np.float64 and values.dtype != np.float64:
                obj = store.astype(object)
                obj[np.isnan(store)] = None
                store = obj
            store[row : row + n] = values
            mask[row : row + n] = True
            self.results[col] = (store, mask)
            return
        target = self.columns.get(col)
        if target is not None and target.dtype == np.float64 and values.dtype == np.float64 and len(target) >= row + n:
            self.drop_extras(col, row, row + n - 1)
            target[row : row + n] = values
            return
        column = self.object_column(col)
        if len(column) < row + n:
            column = self.columns[col] = _grow(column, row + n)
        column[row : row + n] = values

    def preload(self, cols: list[int]) -> None:
        """Read the columns not read yet in one pass (a formula usually reads several)."""
        todo = [c for c in sorted(set(cols)) if c not in self.columns]
        if len(todo) > 1 and self.preloader is not None:
            for c, arr in self.preloader(todo).items():
                dict.__setitem__(self.columns, c, arr)

    def peek(self, col: int) -> np.ndarray | None:
        """Column values for the writer: loaded column, else computed results, else read."""
        if dict.get(self.columns, col) is None and col in self.results:
            return self.results[col][0]
        return self.columns.get(col)

    def object_column(self, col: int) -> np.ndarray:
        """Column ``col`` as an object array (created blank, or converted once)."""
        arr = self.columns.get(col)
        if arr is None:
            arr = np.full(self.nrows + 1, None, dtype=object)
        elif arr.dtype != object:
            obj = arr.astype(object)
            obj[np.isnan(arr)] = None
            ex = self.extras.pop(col, None)
            if ex is not None:
                obj[ex[0]] = ex[1]
            arr = obj
        self.columns[col] = arr
        return arr

    def declare_spill(self, row: int, col: int, last_row: int, last_col: int) -> None:
        """Say that the array result of the formula at (row, col) now covers
        ``row..last_row`` × ``col..last_col`` (see the module docstring)."""
        if last_row < row or last_col < col:
            raise ValueError(f"spill extent ends before its formula cell ({row}, {col})")
        self.spills[(row, col)] = (last_row, last_col)


def _grow(arr: np.ndarray, size: int) -> np.ndarray:
    out = np.full(size, np.nan) if arr.dtype != object else np.full(size, None, dtype=object)
    out[: len(arr)] = arr
    return out


@dataclass
class Book:
    """Everything the evaluator needs from a package."""

    sheets: list[Sheet]
    names: dict[tuple[int | None, str], str]  # (local sheet index or None, NAME) -> text
    name_order: list[str]
    tables: dict[str, Table]
    workbook_part: str
    date1904: bool = False
    externals: dict[int, ExternalBook] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Cells found unreadable while the evaluator read columns (see :meth:`confirm`).
    failures: list[WorkbookError] = field(default_factory=list)
    #: Checks still running (a large sheet's well-formedness, checked by a child process).
    pending: list[Callable[[], None]] = field(default_factory=list)
    #: Child processes working on large sheets (ended by :meth:`confirm`).
    aheads: list[_ahead.Ahead] = field(default_factory=list)
    #: The pivot tables of the sheets (GETPIVOTDATA reads them).
    pivots: list[PivotPart] = field(default_factory=list)

    def confirm(self) -> None:
        """Finish every check of the package and raise what it found.

        A large sheet's well-formedness is checked on the second core while the book is
        read and evaluated; nothing computed from it may be written or reported before
        this returns. It also raises the first :class:`WorkbookError` met while columns
        were read lazily (whatever the evaluator did with it: the book is refused, never
        half-read). The writer and :func:`~socroi_xl.engine.writer.cell_values` call it.
        """
        try:
            while self.pending:
                check = self.pending.pop(0)
                try:
                    check()
                except WorkbookError as exc:
                    self.failures.insert(0, exc)
                    self.pending.clear()
        finally:
            self.close()
        if self.failures:
            raise self.failures[0]

    def close(self) -> None:
        """End and reap the child processes still working on this book's sheets (whatever
        stopped its use: done, an error, an interrupt). Idempotent."""
        for child in self.aheads:
            child.close()

    def release(self) -> None:
        """Let go of what the sheets hold (their XML, its pieces, their columns and results)
        once the book has been written and counted. The book's objects refer to one another
        (the evaluator's runs to their sheets, each sheet to the book's :meth:`confirm`), so
        without this a large sheet's million pieces wait for the cyclic garbage collector:
        a full pass over them when collection resumes, and another at exit (0.1 s for a
        100,000-row sheet). A column asked for afterwards is an error, never a blank."""
        self.close()
        self.pending.clear()
        for sheet in self.sheets:
            if sheet.xml is not None:
                sheet.xml.close()
            sheet.pieces = sheet.formulas = sheet.preloader = None
            sheet.columns = LazyColumns(_released)
            sheet.results.clear()
            sheet.extras.clear()

    def sheet(self, name: str) -> Sheet | None:
        low = name.lower()
        for s in self.sheets:
            if s.name.lower() == low:
                return s
        return None


def _released(col: int) -> np.ndarray | None:
    raise AssertionError(f"column {col} asked for after the book was released")


def formula_attrs(attrs: bytes) -> dict[str, str]:
    """The attributes of an ``<f>`` element as a dict."""
    return attributes(attrs)


class RereadNeeded(WorkbookError):
    """A large sheet read on trust turned out not to be in the regular layout: read the
    book again with ``read_book(..., confirm=True)`` (the engine's API does)."""


def read_book(zf: zipfile.ZipFile | Package, *, cells: bool = True, confirm: bool = True) -> Book:
    """Read the workbook structure and (with ``cells``) every sheet's cells.

    With ``confirm=False`` a large sheet is read on trust while a child process on the
    second core checks it (well-formed, in the regular layout, every ``<f>`` found); the
    checks finish in :meth:`Book.confirm`, which must be called before anything computed
    is written or reported (the writer does). It raises :class:`RereadNeeded` in the rare
    case of a sheet whose layout changes past its first cells: then read again with
    ``confirm=True``, which checks everything before returning.

    Raises
    ------
    WorkbookError
        Any part that cannot be read, with the part and the reason.
    """
    pkg = zf if isinstance(zf, Package) else Package(zf)
    pending: list[Callable[[], None]] = []
    aheads: list[_ahead.Ahead] = []
    try:
        book = _read_book(pkg, cells, pending, aheads, trust=not confirm)
    except BaseException as exc:
        try:
            for check in pending:  # a sheet that is not well-formed explains any failure here
                check()
        finally:
            for child in aheads:
                child.close()
        if isinstance(exc, XMLError):
            raise WorkbookError(pkg.path, str(exc)) from None
        raise
    book.pending.extend(pending)
    book.aheads.extend(aheads)
    if confirm:
        book.confirm()
    return book


def _read_book(pkg: Package, cells: bool, pending: list[Callable[[], None]], aheads: list[_ahead.Ahead], trust: bool) -> Book:
    info = read_workbook(pkg)
    warnings: list[str] = []
    sheets: list[Sheet] = []
    for i, ref in enumerate(info.sheets):
        if not ref.part:  # Excel itself writes such entries for sheets it could not keep
            warnings.append(f"sheet {ref.name!r} has no part (its relationship is missing or points nowhere): read as empty")
        elif ref.kind in ("macrosheet", "dialogsheet"):
            data = pkg.read(ref.part)
            if b"<f" in data or b":f>" in data or b":f " in data:
                warnings.append(f"sheet {ref.name!r} is an Excel 4 {ref.kind}: its formulas are not recalculated")
        part = ref.part if ref.kind == "worksheet" else ""
        sheets.append(Sheet(name=ref.name, index=i, part=part, state=ref.state, kind=ref.kind))
    names: dict[tuple[int | None, str], str] = {}
    order: list[str] = []
    for dn in info.names:
        names[(dn.local_sheet, dn.name.upper())] = dn.text
        if dn.local_sheet is None:
            order.append(dn.name)
    book = Book(sheets, names, order, {}, info.part, info.date1904, warnings=warnings)
    for n, part in enumerate(info.external_links, start=1):
        if part:
            target = next((r.target for r in pkg.rels(part) if r.external), "")
            book.externals[n] = external_from_xml(pkg.read(part), part, n, target)
    sst = np.empty(0, dtype=object)
    if info.shared_strings:
        sst = read_shared_strings(pkg.read(info.shared_strings), info.shared_strings)
    dynamic = dynamic_array_cms(pkg.read(info.metadata), info.metadata) if info.metadata else set()
    rich = _rich_errors(pkg, info.part, info.metadata)
    for sheet in sheets:
        if not sheet.part:
            continue
        for target in pkg.related(sheet.part, "table"):
            t = table_from_xml(pkg.read(target), target, sheet.name)
            key = t.name.upper()
            if key in book.tables:
                raise WorkbookError(pkg.path, f"two tables named {t.name!r}")
            book.tables[key] = Table(**{f.name: getattr(t, f.name) for f in fields(t)})
            sheet.filtering = sheet.filtering or t.filtering
        for target in pkg.related(sheet.part, "pivotTable"):
            book.pivots.append(_pivot_part(pkg, sheet.name, target))
        if cells:
            _read_cells(pkg, sheet, sst, book, dynamic, pending, aheads, trust, rich)
    return book


def _read_cells(
    pkg: Package,
    sheet: Sheet,
    sst: np.ndarray,
    book: Book,
    dynamic: set[int],
    pending: list[Callable[[], None]],
    aheads: list[_ahead.Ahead],
    trust: bool,
    rich: dict[int, str],
) -> None:
    info = pkg.info(sheet.part)
    ahead = None
    trusted = False
    checks: list[Callable[[], None]] = []
    if info.file_size > STREAM_MIN and info.file_size <= pkg.limits.max_member_size:
        raw, pieces, region, ahead = _read_and_split(pkg, info, sst, book, rich)
        if ahead is not None:
            aheads.append(ahead)
        if ahead is not None and trust:  # checked by the child; confirmed before any output
            ws = Worksheet.load(raw, sheet.part, checked=True, pieces=pieces, region=region, problem=None, count=-1)
            trusted = True
        else:  # every check here, now (the child, if any, still reads the input columns)
            ws = Worksheet.load(raw, sheet.part, pieces=pieces, region=region)
    else:
        ws = Worksheet.load(pkg.read(sheet.part), sheet.part)
    scan = ws.scan
    dyn = np.zeros(len(scan.rows), bool)
    if dynamic and len(scan.rows):
        cache: dict[bytes, bool] = {}
        for i, a in enumerate(scan.cell_attrs):
            hit = cache.get(a)
            if hit is None:
                cm = attributes(a).get("cm")
                hit = cache[a] = cm is not None and cm.strip().isdigit() and int(cm) in dynamic
            dyn[i] = hit
    sheet.formulas = FormulaCells(scan.rows, scan.cols, scan.attrs, scan.texts, dyn)
    props = ws.props
    nrows = max(props.last_row, int(scan.rows.max()) if len(scan.rows) else 0)
    ncols = props.dimension[3] if props.dimension else 0  # a hint only: writers get it wrong
    if len(scan.cols):
        ncols = max(ncols, int(scan.cols.max()))
    if trusted and props.dimension and not ws.normalised:
        pass  # on trust: the child looks for cells right of <dimension> (checked by confirm)
    elif ncols < MAX_COL and _cells_beyond(ws, ncols):  # one search, no match expected
        ncols = _max_col(ws)
    if ncols > MAX_COL or nrows > MAX_ROW:
        raise WorkbookError(pkg.path, f"{sheet.part}: a cell lies outside Excel's grid (column {ncols}, row {nrows})")
    sheet.nrows, sheet.ncols = nrows, ncols
    if trusted and ahead is not None:
        part = sheet.part

        def again() -> bytes:  # the same bytes, inflated again (only if needed: rare)
            return to_utf8(pkg.read(part))

        count = formula_count(ws.data, ws.lay, len(scan.rows))  # here, while the child checks the layout
        checks.extend([_well_formed_check(pkg, part, again, ahead), _layout_check(pkg, sheet.name, ws, again, ahead, count)])
        pending.extend(checks)
        ws.release(again)  # the child has the bytes to check; the pieces are what is written
    sheet.hidden_cols = props.hidden_cols
    sheet.rows_hidden_by_default, sheet.autofilter = props.rows_hidden_by_default, props.autofilter
    sheet.filtering = sheet.filtering or props.filtering
    sheet.xml = ws
    sheet.pieces = ws.pieces
    dec = Decoder(ws.g, sst, sheet.part, book.date1904, book.warnings.append, rich)
    sheet.failures = book.failures
    sheet.confirm = book.confirm

    def load(cols: list[int]) -> dict[int, np.ndarray | None]:
        try:
            return load_columns(sheet, dec, cols, ahead)
        except XMLError as exc:  # a cell that cannot be read: the whole book is refused
            err: WorkbookError = WorkbookError(pkg.path, str(exc))
            for check in checks:  # unless the sheet, read on trust, is what is wrong
                try:
                    check()
                except WorkbookError as found:
                    err = found
                    break
            book.failures.append(err)
            raise err from None

    sheet.columns = LazyColumns(lambda col: load([col])[col])
    sheet.preloader = load


def _rich_errors(pkg: Package, workbook: str, metadata: str | None) -> dict[int, str]:
    """``vm`` → Excel 365 error of the workbook's error rich values (:func:`rich_errors`),
    from the metadata part and the rich-value parts the workbook relates; {} without them."""
    values = pkg.related(workbook, "rdRichValue")
    structures = pkg.related(workbook, "rdRichValueStructure")
    if not (metadata and values and structures):
        return {}
    return rich_errors(pkg.read(metadata), pkg.read(values[0]), pkg.read(structures[0]), metadata)


def _beyond(data: bytes, lay: Layout, ncols: int) -> bool:
    """True when a cell lies right of column ``ncols`` (one pass, no match expected)."""
    after = rb"(?!" + columns_up_to(ncols) + rb"[0-9])" if ncols else b""  # letters not of columns 1..ncols
    pattern = re.compile(rb"<" + re.escape(lay.prefix) + rb'c r="' + after + rb"[A-Z]{1,3}[0-9]")
    return pattern.search(data, lay.body, lay.end) is not None


def _cells_beyond(ws: Worksheet, ncols: int) -> bool:
    return _beyond(ws.data, ws.lay, ncols)


def _max_col(ws: Worksheet) -> int:
    found = set(re.compile(rb"<" + re.escape(ws.g.prefix) + rb'c r="([A-Z]{1,3})[0-9]').findall(ws.data, ws.lay.body, ws.lay.end))
    return max((col_index(x.decode()) for x in found), default=0)


def _layout_check(pkg: Package, name: str, ws: Worksheet, raw: Callable[[], bytes], ahead: _ahead.Ahead, count: int) -> Callable[[], None]:
    """The check :meth:`Book.confirm` runs for a sheet read on trust: the child's layout
    check (else done here) must find none of its problems — rows and cells past the extent
    taken on trust among them (:func:`_layout_ahead`) — and the count of ``<f>`` elements
    (``count``, :func:`formula_count`) must be the formula cells read."""

    def check() -> None:
        if ws.normalised:  # read the careful way already
            return
        found, problem = ahead.get("layout")
        if not found:
            problem = _layout_ahead(raw(), ws.part)
        why = problem
        if not why and count != len(ws.scan.rows):
            why = f"{count} formulas in the XML, {len(ws.scan.rows)} read"
        if why:
            raise RereadNeeded(pkg.path, f"sheet {name!r}: its XML changes layout past its first cells ({why}); read it again")

    return check


def _layout_ahead(data: bytes, part: str) -> str | None:
    """In the child: why the sheet's cells are not in the regular layout, or None. The
    extent a sheet is read with on trust (:func:`_trusted_extent`) is checked in the same
    pass: a row numbered past the last ``<row>``, a cell right of ``<dimension>``."""
    data = to_utf8(data)
    lay = locate(data, part)
    try:
        extent = _trusted_extent(data, lay, part)
    except Exception:  # noqa: BLE001 - the careful reading names what is wrong
        return "the elements around <sheetData> could not be read"
    return layout_problem(data, lay, extent)


def _trusted_extent(data: bytes, lay: Layout, part: str) -> tuple[int, int]:
    """The last row and column :func:`_read_cells` takes on trust: the last ``<row>``'s
    number and ``<dimension>``'s last column (0: no bound), read by the same
    :func:`read_props`."""
    props = read_props(grammar(lay.prefix), data, lay, part, exact_rows=False)
    last_col = props.dimension[3] if props.dimension else 0
    return props.last_row, last_col if last_col < MAX_COL else 0


def _well_formed_ahead(data: bytes, part: str) -> str | None:
    """In the child: why the part is not well-formed XML, or None."""
    try:
        check_well_formed(to_utf8(data), part)
    except XMLError as exc:
        return str(exc)
    return None


def _well_formed_check(pkg: Package, part: str, raw: Callable[[], bytes], ahead: _ahead.Ahead) -> Callable[[], None]:
    """The check :meth:`Book.confirm` runs: the child's answer, else the check done here."""

    def check() -> None:
        found, reason = ahead.get("wellformed")
        if not found:
            pkg.check_xml(part, raw())
        elif reason is not None:
            raise WorkbookError(pkg.path, reason)

    return check


def load_columns(sheet: Sheet, dec: Decoder, cols: list[int], ahead: _ahead.Ahead | None = None) -> dict[int, np.ndarray | None]:
    """Read several columns in one pass over the sheet XML (results laid over); columns
    already read by the child process ``ahead`` are taken from it."""
    ws = sheet.xml
    assert ws is not None
    out: dict[int, np.ndarray | None] = {c: None for c in cols}
    todo = list(cols)
    if ahead is not None and not ws.normalised:
        got = _ahead_columns(ahead, dec)
        if got is not None:
            todo = []
            for c in cols:
                hit = got.pop(c, None)
                if hit is None:
                    todo.append(c)
                    continue
                arr, extras = hit
                if arr is not None and len(arr) <= sheet.nrows:
                    arr = _grow(arr, sheet.nrows + 1)
                if extras is not None:
                    sheet.extras[c] = extras
                out[c] = arr
    if todo:
        for c, (arr, extras) in ws.columns(todo, dec, sheet.nrows).items():
            if extras is not None:
                sheet.extras[c] = extras
            out[c] = arr
    return {c: _overlay(sheet, c, arr) for c, arr in out.items()}


def _ahead_columns(ahead: _ahead.Ahead, dec: Decoder) -> dict[int, Any] | None:
    """The columns the child read (asked for once; its warnings passed on)."""
    cache = getattr(ahead, "taken", None)
    if cache is None:
        found, answer = ahead.get("columns")
        cache = {}
        if found:
            cache, warnings = answer
            for w in warnings:
                dec.warn(w)
        ahead.taken = cache  # type: ignore[attr-defined]
    return cache


def _overlay(sheet: Sheet, col: int, arr: np.ndarray | None) -> np.ndarray | None:
    """A freshly read column with the formula results already computed for it laid over."""
    res = sheet.results.pop(col, None)
    if res is None:
        return arr
    values, mask = res
    ex = sheet.extras.get(col)
    if ex is not None:  # cached values of formula cells are replaced by the results
        inside = ex[0] < len(mask)
        hit = np.zeros(len(ex[0]), bool)
        hit[inside] = mask[ex[0][inside]]
        if hit.any():
            if hit.all():
                del sheet.extras[col]
            else:
                sheet.extras[col] = (ex[0][~hit], ex[1][~hit])
    if arr is None:
        arr = np.full(sheet.nrows + 1, np.nan)
    if len(arr) < len(values):
        arr = _grow(arr, len(values))
    if arr.dtype == np.float64 and values.dtype == np.float64:
        arr[: len(values)][mask] = values[mask]
        return arr
    obj = arr.astype(object)
    if arr.dtype == np.float64:
        obj[np.isnan(arr)] = None
        ex = sheet.extras.pop(col, None)
        if ex is not None:
            obj[ex[0]] = ex[1]
    obj[: len(values)][mask] = values[mask]
    return obj


# -- large sheets: decompress, then cut here while a child reads input columns ------------------
def _columns_ahead(data: bytes, sst: np.ndarray, part: str, date1904: bool, rich: dict[int, str]) -> tuple[dict[int, Any], list[str]]:
    """In the child: the columns the formula texts refer to, read as :func:`load_columns`
    reads them (sized to their last cell; the parent pads them to the sheet's rows)."""
    data = to_utf8(data)
    lay = locate(data, part)
    g = grammar(lay.prefix)
    texts: set[bytes] = set()
    close = b"</" + lay.prefix + b"f>"
    end = data.find(close, lay.body, lay.end)
    while end >= 0 and len(texts) < 4096:  # shared-formula copies have no text
        texts.add(data[data.rfind(b">", 0, end) + 1 : end])
        end = data.find(close, end + len(close), lay.end)
    cols: set[int] = set()
    for raw in texts:
        for m in _REF_COLS.finditer(unescape(raw)):
            a, b = (m.group(1), m.group(2) or m.group(1)) if m.group(1) else (m.group(3), m.group(4))
            c1, c2 = sorted((col_index(a), col_index(b)))
            if c2 - c1 < 64:
                cols.update(range(c1, c2 + 1))
        if len(cols) > 64:
            return {}, []
    if not cols:
        return {}, []
    warnings: list[str] = []
    dec = Decoder(g, sst, part, date1904, warnings.append, rich)
    return read_columns(g, data, lay, sorted(cols), dec, 0), warnings


def _read_and_split(
    pkg: Package, info: zipfile.ZipInfo, sst: np.ndarray, book: Book, rich: dict[int, str]
) -> tuple[bytes, list[bytes] | None, tuple[int, int] | None, _ahead.Ahead | None]:
    """The sheet XML and its pieces cut around formula cells, the region cut; and, when a
    second core is free, the child process forked on the inflated XML before the cut, which
    reads the sheet's input columns and then checks it."""
    part = info.filename
    tasks: list[_ahead.Task] = [  # columns first: the parent needs them first
        ("columns", lambda data: _columns_ahead(data, sst, part, book.date1904, rich)),
        ("layout", lambda data: _layout_ahead(data, part)),
        ("wellformed", lambda data: _well_formed_ahead(data, part)),
    ]
    return read_and_cut(pkg, info, tasks)
