"""Database functions: DAVERAGE, DCOUNT, DCOUNTA, DGET, DMAX, DMIN, DPRODUCT, DSTDEV,
DSTDEVP, DSUM, DVAR, DVARP.

``D...(database, field, criteria)``: ``database`` is a range whose first row holds the column
labels (and at least one record: labels alone are #VALUE!); ``field`` names the column by its
label or its position (TRUE is position 1); the ``criteria`` range has labels in its first row
and conditions below. Labels match as text, case-insensitively, the first of equal labels
winning: ``"true"`` finds the label TRUE, ``"1"`` the label 1. Excel's rules:

* the conditions of one row must all hold (AND); a record matching any row is selected (OR);
  a blank condition holds for every record;
* a condition is written as SUMIF's criteria are (``">10"``, ``"<>x"``, ``"=Apple"``,
  wildcards), except that text without a comparison operator matches text that *begins*
  with it (``"Sm"`` selects Smith and Smithers; ``"=Sm"`` only Sm), date text is a date
  (``">=2024-07-01"``), and an error selects the records holding that error;
* a computed criterion: under a label that is not one of the database's (or blank), a
  formula written for the first record (``=C7>AVERAGE($C$7:$C$10)``) is evaluated for each
  record, its relative references moved to that record's row.

Only numbers in the field count for DSUM, DAVERAGE, DCOUNT, DMAX... (text and logical values
in a database are ignored, as they are in a range given to SUM).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import E_DIV0, E_NUM, E_VALUE, Err, Grid, Range, boolean, is_blank, to_object
from .criteria import criterion
from .spec import CallContext, function

_OPERATORS = ("<=", ">=", "<>", "=", "<", ">")


def _condition(v: Any) -> Callable[[Any], bool] | None:
    """The test of one criteria cell (None: holds for every record)."""
    if is_blank(v):
        return None
    if type(v) is XLError:
        return lambda x, e=v: type(x) is XLError and x == e  # selects the records holding it
    if isinstance(v, str):
        from ...xl.dates import text_number
        from ...xl.numtext import parse_number_text

        op = next((o for o in _OPERATORS if v.startswith(o)), "")
        rest = v[len(op) :]
        if rest.strip() and parse_number_text(rest) is None and rest.strip().upper() not in ("TRUE", "FALSE"):
            when = text_number(rest)
            if when is not None:  # ">=2024-07-01": a date, compared as its serial
                return criterion(op + repr(when))
            if not op:
                return criterion(v + "*")  # text alone: begins with
    return criterion(v)


def _label(v: Any) -> str | None:
    """A column label as Excel matches it: its text, case-insensitive (TRUE and "true" are
    one label, so are 1 and "1")."""
    if is_blank(v):
        return None
    if type(v) is bool:
        return "true" if v else "false"
    if type(v) is float:
        from ...xl.numtext import number_text

        return number_text(v).lower()
    return str(v).strip().lower()


def _field(db: np.ndarray, field: Any) -> int | None:
    """0-based column of ``field`` (a label or a 1-based position); None when omitted."""
    if field is None:
        return None
    if type(field) is XLError:
        raise Err(field)
    if type(field) is bool:  # a position, not the label TRUE
        field = float(field)
    if type(field) is float:
        k = math.trunc(field)
        if 1 <= k <= db.shape[1]:
            return k - 1
        raise Err(E_VALUE)
    if isinstance(field, str):
        want = field.strip().lower()
        for j, label in enumerate(db[0].tolist()):
            if _label(label) == want:
                return j
    raise Err(E_VALUE)


def _computed(ctx: CallContext, criteria: Any, i: int, j: int, rows: int) -> np.ndarray | None:
    """Truth of a computed criterion (the formula in criteria cell (i, j)) for each record,
    or None when that cell holds no formula."""
    ev = ctx.evaluator
    if ev is None or not isinstance(criteria, Range):
        return None
    from .lookup_reference import _sheet_formulas

    crow, ccol = criteria.r1 + i, criteria.c1 + j
    text = _sheet_formulas(ev, criteria.sheet).get((crow, ccol))
    if text is None or text.startswith("{"):
        return None
    from ..interp import Ctx
    from ..parser import ParseError, parse

    try:
        node = parse(text[1:], criteria.sheet.name, crow, ccol, ev.resolver)
    except (ParseError, ValueError):
        raise Err(E_VALUE) from None
    out = np.zeros(rows, bool)
    for k in range(rows):  # the formula's relative references moved down k records
        here = Ctx(criteria.sheet, crow + k, ccol, None)
        v = ev.intersect(ev.ev(node, here), here)
        v = v.cell(0, 0) if isinstance(v, Grid) else v
        if type(v) is XLError:
            raise Err(v)
        try:
            out[k] = boolean(v) if not isinstance(v, str) else False
        except Err:
            out[k] = False
    return out


def _selected(ctx: CallContext, database: Grid, criteria: Grid) -> tuple[np.ndarray, np.ndarray]:
    """(the database's values, mask of the records the criteria select)."""
    db = to_object(database.values)
    cr = to_object(criteria.values)
    if db.shape[0] < 2 or cr.shape[0] < 2:  # a database of labels alone: #VALUE!
        raise Err(E_VALUE)
    records = db[1:]
    n = records.shape[0]
    labels = {_label(lab): j for j, lab in reversed(list(enumerate(db[0].tolist())))}  # the first of equal labels
    selected = np.zeros(n, bool)
    for i in range(1, cr.shape[0]):
        row_mask = np.ones(n, bool)
        for j in range(cr.shape[1]):
            label = _label(cr[0, j])
            value = cr[i, j]
            col = labels.get(label) if label is not None else None
            if col is None:
                truth = _computed(ctx, criteria, i, j, n)
                if truth is not None:
                    row_mask &= truth
                elif not is_blank(value):
                    if type(value) is XLError:
                        raise Err(value)
                    row_mask &= bool(value) if type(value) in (bool, float) else False
                continue
            test = _condition(value)
            if test is not None:
                row_mask &= np.fromiter((test(v) for v in records[:, col].tolist()), bool, n)
        selected |= row_mask
    return db, selected


def _numbers(ctx: CallContext, database: Grid, field: Any, criteria: Grid) -> np.ndarray:
    db, sel = _selected(ctx, database, criteria)
    col = _field(db, field)
    if col is None:
        raise Err(E_VALUE)
    vals = db[1:, col][sel].tolist()
    for v in vals:
        if type(v) is XLError:
            raise Err(v)
    return np.array([v for v in vals if type(v) is float], dtype=np.float64)


def _declare(name: str, summary: str, reduce: Callable[[np.ndarray], float]) -> None:
    def impl(ctx: CallContext, database: Grid, field: Any, criteria: Grid) -> float:
        return reduce(_numbers(ctx, database, field, criteria))

    impl.__doc__ = summary
    function(name, "array, any, array", category="database", context=True)(impl)


def _average(x: np.ndarray) -> float:
    if not len(x):
        raise Err(E_DIV0)
    return float(np.mean(x))


def _spread(ddof: int, root: bool) -> Callable[[np.ndarray], float]:
    def f(x: np.ndarray) -> float:
        if len(x) <= ddof:
            raise Err(E_DIV0)
        v = float(np.var(x, ddof=ddof))
        return math.sqrt(v) if root else v

    return f


_declare("DAVERAGE", "Returns the average of the numbers in a database column for the selected records.", _average)
_declare("DSUM", "Adds the numbers in a database column for the selected records.", lambda x: float(np.sum(x)))
_declare("DMAX", "Returns the largest number in a database column for the selected records (0 when none).", lambda x: float(np.max(x)) if len(x) else 0.0)
_declare("DMIN", "Returns the smallest number in a database column for the selected records (0 when none).", lambda x: float(np.min(x)) if len(x) else 0.0)
_declare("DPRODUCT", "Multiplies the numbers in a database column for the selected records (0 when none).", lambda x: float(np.prod(x)) if len(x) else 0.0)
_declare("DSTDEV", "Estimates the standard deviation of a sample from a database column's selected records.", _spread(1, True))
_declare("DSTDEVP", "Returns the standard deviation of the population of a database column's selected records.", _spread(0, True))
_declare("DVAR", "Estimates the variance of a sample from a database column's selected records.", _spread(1, False))
_declare("DVARP", "Returns the variance of the population of a database column's selected records.", _spread(0, False))


@function("DCOUNT", "array, any, array", category="database", context=True)
def DCOUNT(ctx: CallContext, database: Grid, field: Any, criteria: Grid) -> float:
    """Counts the numbers in a database column for the selected records (the records, with no field)."""
    db, sel = _selected(ctx, database, criteria)
    col = _field(db, field)
    if col is None:
        return float(sel.sum())
    return float(sum(1 for v in db[1:, col][sel].tolist() if type(v) is float))


@function("DCOUNTA", "array, any, array", category="database", context=True)
def DCOUNTA(ctx: CallContext, database: Grid, field: Any, criteria: Grid) -> float:
    """Counts the non-blank cells in a database column for the selected records."""
    db, sel = _selected(ctx, database, criteria)
    col = _field(db, field)
    if col is None:
        return float(sel.sum())
    return float(sum(1 for v in db[1:, col][sel].tolist() if not is_blank(v)))


@function("DGET", "array, any, array", category="database", context=True)
def DGET(ctx: CallContext, database: Grid, field: Any, criteria: Grid) -> Any:
    """Returns the one value of a database column that the criteria select (#VALUE! when
    none, #NUM! when several)."""
    db, sel = _selected(ctx, database, criteria)
    col = _field(db, field)
    if col is None:
        raise Err(E_VALUE)
    hits = db[1:, col][sel].tolist()
    if not hits:
        raise Err(E_VALUE)
    if len(hits) > 1:
        raise Err(E_NUM)
    return hits[0]
