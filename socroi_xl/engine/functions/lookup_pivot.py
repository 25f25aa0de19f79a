"""GROUPBY and PIVOTBY (Excel 365): a summary of data grouped along one axis (GROUPBY) or two
(PIVOTBY), each group's values aggregated by a LAMBDA or a function passed by name (``SUM``,
``AVERAGE``, ``COUNT``, ``PERCENTOF``...).

How the result is laid out, as Excel 365 saves it (the cells of vinci1it2000/formulas'
``test/test_files/test.xlsx``, sheets LOOKUP and EXTRA, saved by Excel 16; see the tests):

* **Groups.** Each distinct combination of the row fields (and of the column fields) is a
  group (text compared without case, as UNIQUE does; the first spelling shows); several fields make a hierarchy, sorted level by level (ascending unless the sort
  order names the level negatively; numbers before text, text without case, then FALSE, TRUE,
  errors, blanks last). A sort order past the fields (``fields + j``) sorts the last level,
  inside its parent, by the aggregate of value column ``j`` over the whole other axis.
* **Totals.** ``total_depth`` 1 adds a total ("Total"), 2 or more also subtotals of the first
  ``depth - 1`` levels (the grand total then reads "Grand Total"); negative: before the rows
  they total. A subtotal's label is its group's fields, the deeper ones ``""``. A depth beyond
  the number of fields is ``#VALUE!``. GROUPBY's default is 1; PIVOTBY's, every level.
* **Headers.** ``field_headers`` 0: none; 1: the first row holds headers, not shown; 3: shown;
  omitted: there are headers when the first value is text and the second a number, shown by
  PIVOTBY when there are several fields or value columns (never by GROUPBY). PIVOTBY's column
  fields head the columns (one row per level); shown headers add a row with the column field
  names (joined with ", ") and a row with the row field and value names.
* **Cells.** A value column's cells of a group go to the function as a one-column array; an
  empty combination is ``""``. A function of two arguments (PERCENTOF) also gets the cells it
  is relative to: ``relative_to`` 0 the column's total (default), 1 the row's, 2 the grand
  total, 3 the parent column group's, 4 the parent row group's.
* ``filter_array`` keeps the data rows where its first column is TRUE (an error there is the
  result); GROUPBY's ``field_relationship`` 1 sorts the fields as independent columns (no
  subtotals).

Not evaluated: generated headers (``field_headers`` 2: the cell is ``#VALUE!`` with a
warning, how Excel names them not being known here from a saved workbook), and a vector of
functions (``HSTACK(SUM, AVERAGE)``: HSTACK cannot hold functions in this engine, the function
argument is ``#CALC!`` and so is the result).

Whole columns (``A:A``) are read to the end of the sheet, as Excel does: the rows past the data
are one group of blanks, kept as a count rather than a million rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cmp_to_key
from typing import Any

import numpy as np

from ...errors import CALC, XLError, error
from ..values import (
    E_VALUE,
    Areas,
    Err,
    Grid,
    Lambda,
    Range,
    boolean,
    num,
    scalar_of,
    text,
    to_object,
)
from .lookup_arrays import _sort_key
from .spec import MISSING, SPECS, CallContext, function

E_CALC = error(CALC)
#: What an empty combination of row and column groups shows.
EMPTY = ""
Key = tuple[Any, ...]


def _int_arg(v: Any, default: int) -> int:
    if v is MISSING:
        return default
    if not math.isfinite(v) or abs(v) > 2**31:
        raise Err(E_VALUE)
    return math.trunc(v)


def _data(g: Any) -> tuple[np.ndarray, int]:
    """An argument's cells as a 2-D object array (blank None), and the rows it covers: a whole
    column stops at the used area, the rows past it being blank."""
    arr = to_object(g.values)
    rows = g.true_shape[0] if isinstance(g, Range) else arr.shape[0]
    return arr, rows


def _pad(arr: np.ndarray, rows: int) -> np.ndarray:
    """``arr`` with blank rows added up to ``rows``."""
    if arr.shape[0] >= rows:
        return arr
    return np.vstack([arr, np.full((rows - arr.shape[0], arr.shape[1]), None, dtype=object)])


def _sort_spec(g: Any, k: int, kv: int) -> list[int]:
    """Signed 1-based sort indices (fields, then value columns); ``#VALUE!`` if invalid."""
    if g is MISSING:
        return [1] if k else []
    out = []
    for v in g.cells():
        if type(v) is XLError:
            raise Err(v)
        out.append(_int_arg(num(v), 1))
    if any(s == 0 or abs(s) > k + kv for s in out) or len({abs(s) for s in out}) != len(out):
        raise Err(E_VALUE)
    if len(out) > 1 and any(abs(s) > k for s in out):
        raise Err(E_VALUE)  # a vector sorts by fields only
    return out


class _Axis:
    """The groups of one axis: each data row's key, and the ordered entries (a leaf key, or a
    total: a prefix shorter than the fields)."""

    def __init__(self, keys: list[Key], k: int, depth: int, sort: list[int], table: bool = False, blank_tail: int = 0) -> None:
        self.k, self.depth, self.sort, self.table = k, depth, sort, table
        # entries are keys compared as Excel groups them (text without case, 1 apart from
        # TRUE): prefix -> data rows, and prefix -> what it shows (the first spelling)
        self.rows: dict[Key, list[int]] = {}
        self.shown: dict[Key, Key] = {}
        for i, key in enumerate(keys):
            norm = tuple(_norm(v) for v in key)
            for L in range(k + 1):  # a group shows its parent's spelling, then its own
                self.shown.setdefault(norm[:L], self.shown[norm[: L - 1]] + key[L - 1 : L] if L else ())
                self.rows.setdefault(norm[:L], []).append(i)
        if blank_tail:  # blank rows after the keys (a whole column past the used area)
            norm = tuple(_norm(None) for _ in range(k))
            tail = range(len(keys), len(keys) + blank_tail)
            for L in range(k + 1):
                self.shown.setdefault(norm[:L], self.shown[norm[: L - 1]] + (None,) if L else ())
                self.rows.setdefault(norm[:L], []).extend(tail)
        self.size = len(keys) + blank_tail
        self.leaves = [p for p in self.rows if len(p) == k]

    def total_label(self) -> str:
        return "Grand Total" if abs(self.depth) > 1 else "Total"

    def order(self, by_value: Callable[[Key, int], Any]) -> list[Key]:
        """The entries in output order; ``by_value(entry, j)`` is an entry's aggregate of
        value column ``j`` over the other axis (for a sort by values)."""
        k = self.k
        value_sort = next((s for s in self.sort if abs(s) > k), None)
        desc = {abs(s) - 1 for s in self.sort if s < 0 and abs(s) <= k}

        def by_agg(entry: Key) -> Any:
            return by_value(entry, abs(value_sort) - k - 1) if value_sort is not None else None

        if self.table:
            leaves = list(self.leaves)
            if value_sort is not None:
                leaves.sort(key=cmp_to_key(lambda a, b: _cmp(by_agg(a), by_agg(b), value_sort < 0)))
            else:
                named = [abs(s) - 1 for s in self.sort]
                prio = named + [i for i in range(k) if i not in named]
                shown = self.shown
                leaves.sort(key=cmp_to_key(lambda a, b: next((c for i in prio if (c := _cmp(shown[a][i], shown[b][i], i in desc))), 0)))
            out = leaves
        else:
            out = self._tree((), by_agg if value_sort is not None else None, value_sort is not None and value_sort < 0, desc)
        if self.depth > 0:
            out.append(())
        elif self.depth < 0:
            out.insert(0, ())
        return out

    def _tree(self, prefix: Key, by_agg: Callable[[Key], Any] | None, agg_desc: bool, desc: set[int]) -> list[Key]:
        level = len(prefix)
        children = [p for p in self.rows if len(p) == level + 1 and p[:level] == prefix]
        last = {p: self.shown[p][-1] for p in children}
        if level == self.k - 1 and by_agg is not None:
            children.sort(key=cmp_to_key(lambda a, b: _cmp(by_agg(a), by_agg(b), agg_desc) or _cmp(last[a], last[b], False)))
        else:
            children.sort(key=cmp_to_key(lambda a, b: _cmp(last[a], last[b], level in desc)))
        out: list[Key] = []
        for child in children:
            if level + 1 == self.k:
                out.append(child)
                continue
            sub = self._tree(child, by_agg, agg_desc, desc)
            if level + 1 < abs(self.depth):  # a subtotal of this level
                sub = [*sub, child] if self.depth > 0 else [child, *sub]
            out.extend(sub)
        return out

    def label(self, entry: Key, level: int) -> Any:
        """What the header of ``entry`` shows for field ``level``."""
        if level < len(entry):
            v = self.shown[entry][level]
            return EMPTY if v is None else v
        if not entry and level == 0:
            return self.total_label()
        return EMPTY


def _norm(v: Any) -> Any:
    """A key as GROUPBY compares it: text without case, other values with their type (1 is
    not TRUE)."""
    return v.lower() if isinstance(v, str) else (type(v), v)


def _cmp(a: Any, b: Any, desc: bool) -> int:
    """Excel's sort order of two values (blanks, and empty aggregates, last either way)."""
    a_blank, b_blank = a is None or a == EMPTY, b is None or b == EMPTY
    if a_blank or b_blank:
        return int(a_blank) - int(b_blank)
    ka, kb = _sort_key(a), _sort_key(b)
    c = (ka > kb) - (ka < kb)
    return -c if desc else c


class _Pivot:
    """One GROUPBY or PIVOTBY call."""

    def __init__(self, ctx: CallContext, func: Lambda, relative_to: int) -> None:
        from ..context import Ctx

        ev = ctx.evaluator
        self.call = ev.call_lambda
        self.here = Ctx(ev.sheet_named(ctx.sheet), ctx.row, ctx.col, None, True, None)
        self.func = func
        self.two = _takes_total(func)
        self.relative_to = relative_to
        self.cache: dict[tuple, Any] = {}

    def aggregate(self, values: np.ndarray, rows: _Axis, cols: _Axis, r: Key, c: Key, j: int) -> Any:
        key = (r, c, j)
        hit = self.cache.get(key, self.cache)
        if hit is not self.cache:
            return hit
        idx = _common(rows, cols, r, c)
        if not idx:
            out: Any = EMPTY
        else:
            args: list[Any] = [Grid(values[idx, j : j + 1])]
            if self.two:
                tr, tc = {0: ((), c), 1: (r, ()), 2: ((), ()), 3: (r, c[:-1]), 4: (r[:-1], c)}[self.relative_to]
                args.append(Grid(values[_common(rows, cols, tr, tc), j : j + 1]))
            out = _one_value(self.call(self.func, args, self.here))
        self.cache[key] = out
        return out


def _common(rows: _Axis, cols: _Axis, r: Key, c: Key) -> list[int]:
    """The data rows in row group ``r`` and column group ``c``."""
    a, b = rows.rows.get(r, []), cols.rows.get(c, [])
    if len(a) > len(b):
        a, b = b, a
    if len(b) == rows.size:  # the whole data (a grand total): no need to compare
        return a
    s = set(b)
    return [i for i in a if i in s]


def _takes_total(func: Lambda) -> bool:
    """Whether the function takes the cells it is relative to as a second argument."""
    if func.body is None:  # a function passed by name
        spec = SPECS.get(func.name)
        return spec is not None and spec.min_args == 2 and spec.max_args == 2
    required = sum(1 for o in func.optional if not o)
    return required == 2


def _one_value(v: Any) -> Any:
    """The function's result where one cell is expected (an array there: #CALC!)."""
    if isinstance(v, Areas):
        return E_CALC
    if isinstance(v, Grid):  # a range or an array
        return v.cell(0, 0) if v.size == 1 else E_CALC
    if isinstance(v, Lambda):
        return E_CALC
    v = scalar_of(v)
    return 0.0 if v is None else v


def _fields(arr: np.ndarray) -> list[Key]:
    return [tuple(scalar_of(x) for x in row) for row in arr.tolist()]


def _is_text(v: Any) -> bool:
    return isinstance(v, str)


def _summary(
    ctx: CallContext,
    row_fields: Any,
    col_fields: Any,
    values: Any,
    func: Lambda,
    field_headers: Any,
    row_depth: Any,
    row_sort: Any,
    col_depth: Any,
    col_sort: Any,
    filter_array: Any,
    relative_to: Any,
    table: bool,
) -> Grid:
    pivot = col_fields is not None
    (R, n), (V, nv) = _data(row_fields), _data(values)
    C, nc = _data(col_fields) if pivot else (np.empty((R.shape[0], 0), dtype=object), n)
    F, nf = _data(filter_array) if filter_array is not None and filter_array is not MISSING else (None, n)
    if not n == nv == nc == nf:
        raise Err(E_VALUE)
    # rows past every argument's used area are blank throughout: kept as a count
    used = max(a.shape[0] for a in (R, C, V, F) if a is not None)
    R, C, V = (_pad(a, used) for a in (R, C, V))
    kr, kc, kv = R.shape[1], C.shape[1], V.shape[1]
    for a in (R, C, V):
        for x in a.ravel().tolist():
            if isinstance(x, Lambda):
                raise Err(E_CALC)
    fh = _int_arg(field_headers, -1)
    if fh == -1:
        first = V[0, 0] if used else None
        headers = used > 1 and _is_text(first) and type(V[1, 0]) is float
        fh = 1 if headers else 0
        if pivot and (kr > 1 or kc > 1 or kv > 1):
            fh += 2
    if fh not in (0, 1, 2, 3):
        raise Err(E_VALUE)
    if fh == 2:
        raise NotImplementedError("field_headers 2 (generated headers) is not evaluated")
    has, show = fh in (1, 3), fh == 3
    names_r, names_c, names_v = (list(a[0]) if has and used else [None] * a.shape[1] for a in (R, C, V))
    skip = 1 if has and used else 0
    tail = n - used - (1 if has and not used else 0)
    keep = np.ones(used - skip, dtype=bool)
    if F is not None:
        F = _pad(F, used)
        for i, v in enumerate(F[skip:, 0].tolist()):
            if type(v) is XLError:
                raise Err(v)
            if isinstance(v, str):
                raise Err(E_VALUE)
            keep[i] = boolean(v)
        tail = 0  # a blank filter cell drops its row
    R, C, V = (a[skip:][keep] for a in (R, C, V))
    if tail:
        V = _pad(V, V.shape[0] + tail)
    if not len(V):
        raise Err(E_CALC)
    rd = _int_arg(row_depth, 1 if not pivot else kr)
    cd = _int_arg(col_depth, kc) if pivot else 0
    if abs(rd) > kr or abs(cd) > kc or (table and abs(rd) > 1):
        raise Err(E_VALUE)
    rt = _int_arg(relative_to, 0)
    if rt not in (0, 1, 2, 3, 4):
        raise Err(E_VALUE)
    rows = _Axis(_fields(R), kr, rd, _sort_spec(row_sort, kr, kv), table, tail)
    cols = _Axis(_fields(C), kc, cd, _sort_spec(col_sort, kc, kv) if pivot else [], False, tail)
    agg = _Pivot(ctx, func, rt)
    row_entries = rows.order(lambda e, j: agg.aggregate(V, rows, cols, e, (), j))
    col_entries = cols.order(lambda e, j: agg.aggregate(V, rows, cols, (), e, j)) if kc else [()]
    out: list[list[Any]] = []
    width = kr + len(col_entries) * kv
    if pivot:
        if show:
            line = [EMPTY] * width
            line[kr] = ", ".join(text(x) for x in names_c)
            out.append(line)
        for level in range(kc):
            line = [EMPTY] * kr
            for c in col_entries:
                line += [cols.label(c, level)] * kv
            out.append(line)
    if show:
        line = [EMPTY if x is None else x for x in names_r]
        for _c in col_entries:
            line += [EMPTY if x is None else x for x in names_v]
        out.append(line)
    for r in row_entries:
        line = [rows.label(r, level) for level in range(kr)]
        for c in col_entries:
            line += [agg.aggregate(V, rows, cols, r, c, j) for j in range(kv)]
        out.append(line)
    arr = np.empty((len(out), width), dtype=object)
    for i, line in enumerate(out):
        arr[i, :] = line
    return Grid(arr)


@function("GROUPBY", "array, array, function, number?, number?, array?, array?, number?", category="lookup", context=True, returns="array")
def GROUPBY(
    ctx: CallContext, row_fields: Grid, values: Grid, func: Lambda, field_headers: Any, total_depth: Any, sort_order: Any, filter_array: Any, field_relationship: Any
) -> Grid:
    """Groups rows of data by fields and aggregates each group's values with a function.

    The function is SUM, AVERAGE, PERCENTOF... passed by name, or a LAMBDA; totals, sorting
    and a filter as the module docstring says."""
    rel = _int_arg(field_relationship, 0)
    if rel not in (0, 1):
        raise Err(E_VALUE)
    return _summary(ctx, row_fields, None, values, func, field_headers, total_depth, sort_order, MISSING, MISSING, filter_array, MISSING, rel == 1)


@function(
    "PIVOTBY",
    "array, array, array, function, number?, number?, array?, number?, array?, array?, number?",
    category="lookup",
    context=True,
    returns="array",
)
def PIVOTBY(
    ctx: CallContext,
    row_fields: Grid,
    col_fields: Grid,
    values: Grid,
    func: Lambda,
    field_headers: Any,
    row_total_depth: Any,
    row_sort_order: Any,
    col_total_depth: Any,
    col_sort_order: Any,
    filter_array: Any,
    relative_to: Any,
) -> Grid:
    """Summarises data by row and column fields, aggregating each combination with a function.

    A pivot table as a formula: totals, sorting, a filter and PERCENTOF's ``relative_to`` as
    the module docstring says."""
    return _summary(
        ctx, row_fields, col_fields, values, func, field_headers, row_total_depth, row_sort_order, col_total_depth, col_sort_order, filter_array, relative_to, False
    )
