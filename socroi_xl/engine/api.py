"""The engine's Python API: :func:`evaluate` a workbook, :func:`recalc_path` one.

>>> from socroi_xl.engine import recalc_path, evaluate   # doctest: +SKIP
>>> result = recalc_path("clients/acme.xlsx", "out/acme.xlsx")   # doctest: +SKIP
>>> result.formulas, result.errors, result.headline["SocialROI"]   # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..xl import dates
from ..xl.refs import col_letters
from ..xl.shift import RowTemplate, shift
from ..xlsx.package import Package
from ..xlsx.safety import WorkbookError, open_package
from ..xlsx.workbook import read_workbook
from .package import Book, RereadNeeded, read_book
from .writer import cell_values, count_errors, write_package

if TYPE_CHECKING:  # pandas is imported by evaluate() only: recalculation does not need it
    import pandas as pd

    from .evaluator import Evaluator, Iteration
    from .functions import Settings
    from .user_udfs import UserFunctions


@dataclass
class RecalcResult:
    """What :func:`recalc_path` did.

    Attributes
    ----------
    path : Path
        The file written.
    formulas : int
        Formula cells computed (every cell of an array formula's range counts).
    errors : int
        Formula cells whose value is an Excel error.
    warnings : list of str
        Unknown functions, circular references, unreadable formulas.
    headline : dict
        Values of the workbook-level names ``Headline_*`` (key without the prefix), in order.
    unevaluated : int
        Formula cells the engine could not evaluate faithfully (unknown function, unreadable
        formula, circular reference, engine gap, or reading such a cell); each is named in
        ``warnings`` and shows an error. ``strict=True`` makes any of them a failure.
    """

    path: Path
    formulas: int
    errors: int
    warnings: list[str] = field(default_factory=list)
    headline: dict[str, Any] = field(default_factory=dict)
    unevaluated: int = 0


class UnevaluatedError(WorkbookError):
    """``strict`` recalculation of a workbook with formulas the engine could not evaluate."""


def settings_for(book: Book, today: Any = None, seed: int | None = None, charset: str = "windows-1252") -> Settings:
    """The evaluation settings: the workbook's date system, the pinned clock and seed.

    ``today`` is a :class:`datetime.date`, :class:`datetime.datetime` or ISO text
    (``"2026-12-01"``, ``"2026-12-01T09:30"``); TODAY() and NOW() read it instead of the
    clock. ``seed`` makes RAND, RANDBETWEEN and RANDARRAY repeatable. ``charset`` is the
    character set of CHAR and CODE (see :func:`charset_of`).
    """
    from .functions import Settings

    return Settings(date1904=bool(getattr(book, "date1904", False)), today=parse_today(today), seed=seed, charset=charset)


def charset_of(zf: zipfile.ZipFile, path: str | os.PathLike[str]) -> str:
    """The character set CHAR and CODE use in the Excel that saved the workbook:
    ``"mac-roman"`` when its extended properties (``docProps/app.xml``) name Excel for Mac
    (``<Application>Microsoft Macintosh Excel</Application>``), else ``"windows-1252"``.

    Microsoft documents CHAR's character set as the platform's: the Macintosh character set
    on a Mac, ANSI (Windows-1252) on Windows; a workbook recalculated on the platform that
    saved it keeps its values.
    """
    pkg = Package(zf, path)
    for rel in pkg.rels(""):
        if rel.kind == "extended-properties" and not rel.external and pkg.has(rel.target):
            for el in pkg.xml(rel.target):
                if el.tag.rsplit("}", 1)[-1] == "Application" and "macintosh" in (el.text or "").lower():
                    return "mac-roman"
    return "windows-1252"


def parse_today(today: Any) -> dt.datetime | None:
    """``today`` (date, datetime or ISO text) as a datetime; ``None`` stays ``None``.

    >>> parse_today("2026-12-01")
    datetime.datetime(2026, 12, 1, 0, 0)
    """
    if today is None or isinstance(today, dt.datetime):
        return today
    if isinstance(today, dt.date):
        return dt.datetime(today.year, today.month, today.day)
    try:
        return dt.datetime.fromisoformat(str(today).strip())
    except ValueError as exc:
        raise ValueError(f"not a date: {today!r} (expected YYYY-MM-DD)") from exc


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: reading creates millions of small acyclic
    objects and the collector's passes over them cost more than the parsing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compute(
    zf: zipfile.ZipFile, path: str | os.PathLike[str], today: Any = None, seed: int | None = None, strict: bool = False, careful: bool = False,
    user: UserFunctions | None = None,
) -> tuple[Book, Evaluator]:
    try:  # large sheets are checked on the second core meanwhile, unless careful
        book = read_book(zf, confirm=careful)
    except WorkbookError:
        raise
    except (ValueError, KeyError, SyntaxError) as exc:  # malformed XML or layout
        raise WorkbookError(path, f"not a readable workbook ({exc})".replace("\n", " ")) from exc
    try:  # whatever stops the evaluation, the sheets' child processes end with it
        book.path = os.fspath(path)  # type: ignore[attr-defined]  # CELL("filename") reads it
        # the evaluator (and its 500 functions) is imported once the sheets are read: meanwhile
        # the child process of a large sheet already reads its columns on the second core
        from .evaluator import Evaluator

        ev = Evaluator(book, settings_for(book, today, seed, charset_of(zf, path)), iteration_of(zf, path))
        ev.user_functions = user
        ev.run_all()
        if user is not None:
            ev.warnings.extend(user.warnings())
        if strict and ev.problems:
            shown = "; ".join(ev.warnings[:3]) + (" ..." if len(ev.warnings) > 3 else "")
            raise UnevaluatedError(path, f"strict: {ev.problems} formula cell(s) could not be evaluated ({shown})")
    except BaseException:
        book.close()
        raise
    return book, ev


def iteration_of(zf: zipfile.ZipFile, path: str | os.PathLike[str]) -> Iteration | None:
    """The iterative calculation the workbook enables (``<calcPr iterate="1" ...>``), or None.

    The engine's reader (``package.py``) does not keep ``<calcPr>``: the workbook part is
    read again here with :func:`socroi_xl.xlsx.workbook.read_workbook` (it is small).
    """
    from .evaluator import Iteration

    return Iteration.from_calc(read_workbook(Package(zf, path)).calc)


def _arrays(ev: Evaluator, spills: bool = True) -> dict[str, list[tuple[int, int, int, int]]]:
    """Per sheet, the ranges array formulas fill: a legacy array formula's range, a dynamic
    array's spill range (as computed now; left out without ``spills``)."""
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    for run in ev.runs:
        if run.array and not run.dynamic:
            out.setdefault(run.sheet.name, []).append(run.array)
    for (sheet, _row, _col), extent in ev.spills.items() if spills else ():
        if extent is not None and extent[:2] != extent[2:]:
            out.setdefault(sheet, []).append(extent)
    return out


def _declare_spills(ev: Evaluator) -> None:
    """Tell the writer each dynamic array's extent now (a blocked one is its cell alone):
    it sets the formula's ``ref``, writes the range and clears what the old one left."""
    for (name, row, col), extent in ev.spills.items():
        sheet = ev.book.sheet(name)
        if sheet is not None:
            sheet.declare_spill(row, col, *((row, col) if extent is None else extent[2:]))


def _formula_cells(ev: Evaluator) -> list[tuple[Any, np.ndarray, np.ndarray]]:
    """Per sheet: (sheet, rows, cols) of every formula cell, array ranges included."""
    out = []
    arrays = _arrays(ev)
    for sheet in ev.book.sheets:
        fc = sheet.formulas
        rows = [] if fc is None else [fc.rows]
        cols = [] if fc is None else [fc.cols.astype(np.int64)]
        for r1, c1, r2, c2 in arrays.get(sheet.name, []):
            rr, cc = np.mgrid[r1 : r2 + 1, c1 : c2 + 1]
            keep = (rr != r1) | (cc != c1)
            rows.append(rr[keep].ravel())
            cols.append(cc[keep].ravel())
        if len(rows) > 1:  # a cell of a range that is also a formula cell (<f ca="1"/>): once
            r, c = np.concatenate(rows), np.concatenate(cols)
            o = np.lexsort((c, r))
            r, c = r[o], c[o]
            keep = np.ones(len(r), bool)
            keep[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
            out.append((sheet, r[keep], c[keep]))
        elif rows and len(rows[0]):  # the formula cells alone: each once already
            out.append((sheet, rows[0], cols[0]))
    return out


def _headline(ev: Evaluator) -> dict[str, Any]:
    from .evaluator import Ctx
    from .parser import Name
    from .values import scalar_of

    out: dict[str, Any] = {}
    if not ev.book.sheets:
        return out
    for name in ev.book.name_order:
        if not name.lower().startswith("headline_"):
            continue
        ctx = Ctx(ev.book.sheets[0], 1, 1, None)
        value = ev.top(ev.ev(Name(name.upper(), None), ctx), ctx)
        value = scalar_of(value)
        if isinstance(value, (np.floating, np.integer)):
            value = float(value)
        out[name[len("headline_") :]] = value
    return out


def _user_functions(src: str | os.PathLike[str], modules: Sequence[str | os.PathLike[str]], workbook: bool) -> UserFunctions | None:
    """The user's xlwings functions asked for (None: none asked for, the default)."""
    if not modules and not workbook:
        return None
    from .user_udfs import UserUdfError
    from .user_udfs import load as load_user_functions

    try:
        return load_user_functions(modules, src, workbook)
    except UserUdfError as exc:
        raise WorkbookError(src, str(exc)) from exc


@contextlib.contextmanager
def _date_texts(src: str | os.PathLike[str], order: str) -> Iterator[list[str]]:
    """Date text such as ``1/2/2026`` read month-first (``order="mdy"``, en-US) or day-first
    (``"dmy"``) inside; yields the texts read month-first although day-first was possible."""
    if order not in DATE_ORDERS:
        raise WorkbookError(src, f"date order {order!r} is not one of {', '.join(DATE_ORDERS)}")
    seen: list[str] = []
    order_token, seen_token = dates.DATE_ORDER.set(order), dates.AMBIGUOUS.set(seen)
    try:
        yield seen
    finally:
        dates.AMBIGUOUS.reset(seen_token)
        dates.DATE_ORDER.reset(order_token)


def _ambiguous_dates(seen: list[str]) -> list[str]:
    """The warning for date texts read month-first that a day-first locale reads otherwise."""
    if not seen:
        return []
    distinct = list(dict.fromkeys(seen))
    shown = ", ".join(repr(t) for t in distinct[:3]) + (" ..." if len(distinct) > 3 else "")
    return [f"{len(distinct)} date text(s) read month-first as in en-US ({shown}), which a day-first locale reads as "
            "another date: if the workbook was made for one, recalculate with --date-order dmy"]  # fmt: skip


#: The orders of day and month in date text the engine reads (see :mod:`socroi_xl.xl.dates`).
DATE_ORDERS = ("mdy", "dmy")


def recalc_path(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str] | None = None,
    *,
    today: Any = None,
    seed: int | None = None,
    strict: bool = False,
    udf_modules: Sequence[str | os.PathLike[str]] = (),
    workbook_udfs: bool = False,
    date_order: str = "mdy",
) -> RecalcResult:
    """Recalculate the workbook ``src`` and write it, with the computed values, to ``dst``.

    Parameters
    ----------
    src : path
        The workbook to read (never modified unless ``dst`` is the same file).
    dst : path, optional
        Where to write; defaults to ``src`` (in place, through a temporary file and an
        atomic rename).
    today : date, datetime or str, optional
        Pin the clock of TODAY() and NOW() (``"2026-12-01"``); default: the real clock.
    seed : int, optional
        Seed of RAND, RANDBETWEEN and RANDARRAY (repeatable results).
    strict : bool
        Fail (:class:`UnevaluatedError`, nothing written) when any formula cell could not be
        evaluated faithfully, instead of writing it as an error with a warning.
    udf_modules : sequence of path or str
        Python modules whose xlwings functions (``@xw.func``) the formulas call: a ``.py``
        path, or a module name looked for beside the workbook, then on the Python path.
        **Their code runs** (see :mod:`socroi_xl.engine.user_udfs`): only modules you trust.
    workbook_udfs : bool
        Also import the modules classic xlwings would for this workbook (its
        ``xlwings.conf`` sheet's ``UDF Modules``, else the module named like the workbook,
        beside it). Their code runs too.
    date_order : {"mdy", "dmy"}
        How date text such as ``"1/2/2026"`` reads (DATEVALUE, VALUE, arithmetic): month
        first as Excel in en-US (the default), or day first as Excel in en-GB and most of
        Europe. The file does not record the locale; text read month-first that day-first
        would read otherwise is named in a warning.

    Returns
    -------
    RecalcResult

    Raises
    ------
    WorkbookError
        The file is missing, not an xlsx, damaged, encrypted or oversized.
    UnevaluatedError
        ``strict`` and some formula could not be evaluated (a :class:`WorkbookError`).
    """
    dst = Path(src if dst is None else dst)
    user = _user_functions(src, udf_modules, workbook_udfs)
    with _no_gc(), _date_texts(src, date_order) as ambiguous, open_package(src) as zf:
        for careful in (False, True):  # again, the careful way, if a sheet read on trust was odd
            try:  # written first: the writer finishes the package's checks before the rename
                book, ev = _compute(zf, src, today, seed, strict, careful, user)
                try:
                    _declare_spills(ev)
                    write_package(zf, book, _arrays(ev, spills=False), dst)
                finally:  # the writer ends them once it has confirmed the book; else here
                    book.close()
            except RereadNeeded:
                if careful:
                    raise
                continue
            except ValueError as exc:
                raise WorkbookError(src, f"cannot write the values ({exc})") from exc
            break
        ev.warnings.extend(_ambiguous_dates(ambiguous))
        count, errors = 0, 0
        for sheet, rows, cols in _formula_cells(ev):
            count += len(rows)
            errors += count_errors(sheet, rows, cols)
        result = RecalcResult(dst, count, errors, list(book.warnings) + list(ev.warnings), _headline(ev), ev.problems)
        book.release()  # now, by reference counting: not by the cyclic collector _no_gc resumes
    return result


def evaluate(
    path: str | os.PathLike[str], *, today: Any = None, seed: int | None = None, strict: bool = False,
    udf_modules: Sequence[str | os.PathLike[str]] = (), workbook_udfs: bool = False, date_order: str = "mdy",
) -> pd.DataFrame:
    """Evaluate every formula of a workbook without writing anything.

    ``today``, ``seed``, ``strict``, ``udf_modules``, ``workbook_udfs`` and ``date_order`` as
    for :func:`recalc_path`.

    Returns
    -------
    pandas.DataFrame
        Columns ``sheet``, ``cell``, ``formula`` (text with ``=``) and ``value`` (float,
        str, bool, :class:`~socroi_xl.errors.XLError` or None), one row per formula
        cell (every cell of an array formula's range too), sheets in workbook order and
        cells in reading order. ``df.attrs["warnings"]`` holds the warnings,
        ``df.attrs["unevaluated"]`` the count of cells that could not be evaluated.
    """
    import pandas as pd

    user = _user_functions(path, udf_modules, workbook_udfs)
    with _no_gc(), _date_texts(path, date_order) as ambiguous, open_package(path) as zf:
        book, ev = _compute(zf, path, today, seed, strict, careful=True, user=user)
        ev.warnings.extend(_ambiguous_dates(ambiguous))
    texts = _texts(ev)
    frames = []
    for sheet, rows, cols in _formula_cells(ev):
        vals = cell_values(sheet, rows, cols)
        letters = {int(c): col_letters(int(c)) for c in np.unique(cols)}
        cells = [f"{letters[c]}{r}" for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
        tx = texts.get(sheet.name, {})
        formulas = [tx.get((r, c), "") for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
        frames.append(pd.DataFrame({"sheet": sheet.name, "cell": cells, "formula": formulas, "value": pd.Series(vals, dtype=object)}))
    if frames:
        df = pd.concat(frames, ignore_index=True)
    else:
        df = pd.DataFrame({"sheet": [], "cell": [], "formula": [], "value": pd.Series([], dtype=object)})
    df.attrs["warnings"] = list(ev.book.warnings) + list(ev.warnings)
    df.attrs["unevaluated"] = ev.problems
    return df


def _texts(ev: Evaluator) -> dict[str, dict[tuple[int, int], str]]:
    """Formula text of every formula cell (shared-formula copies shifted from their master)."""
    from .package import formula_attrs

    out: dict[str, dict[tuple[int, int], str]] = {}
    filled = _arrays(ev)
    for sheet in ev.book.sheets:
        fc = sheet.formulas
        if fc is None:
            continue
        extents = {(a[0], a[1]): a for a in filled.get(sheet.name, [])}
        d: dict[tuple[int, int], str] = {}
        masters: dict[str, tuple[str, int, int]] = {}
        info_cache: dict[bytes, dict[str, str]] = {}
        pending = []
        for i, (attrs, text) in enumerate(zip(fc.attrs, fc.texts, strict=True)):
            r, c = int(fc.rows[i]), int(fc.cols[i])
            info = info_cache.get(attrs)
            if info is None:
                info = info_cache[attrs] = formula_attrs(attrs)
            if text is not None:
                d[(r, c)] = "=" + text
                if info.get("t") == "shared":
                    masters.setdefault(info.get("si", ""), (text, r, c))
                extent = extents.get((r, c))
                if extent is not None:
                    r1, c1, r2, c2 = extent
                    for rr in range(r1, r2 + 1):
                        for cc in range(c1, c2 + 1):
                            d.setdefault((rr, cc), "=" + text)
            elif info.get("t") == "shared":
                pending.append((info.get("si", ""), r, c))
        templates: dict[str, Any] = {}
        for si, r, c in pending:
            m = masters.get(si)
            if m is None:
                continue
            if c != m[2]:
                d[(r, c)] = "=" + shift(m[0], r - m[1], c - m[2])
                continue
            tpl = templates.get(si)
            if tpl is None:
                tpl = templates[si] = RowTemplate(m[0])
            d[(r, c)] = "=" + tpl.moved(r - m[1])
        out[sheet.name] = d
    return out
