"""What-if data tables (Data > What-If Analysis > Data Table, ``{=TABLE(r1,r2)}``), computed as
Excel computes them.

A data table is stored as one formula cell, the top-left cell of its result range, written
``<f t="dataTable" ref="C4:C8" dt2D="0" dtr="0" r1="A1"/>`` (ECMA-376 §18.3.1.40); the other
cells of the range hold plain values. Its attributes:

* ``ref``: the result cells;
* ``dt2D``: a two-variable table; ``dtr``: a one-variable table laid out along a row;
* ``r1``: the input cell (of a two-variable table: the row input cell); ``r2``: the column
  input cell of a two-variable table; ``del1``/``del2``: that input cell was deleted.

Where the formulas and the values to substitute are, around the result range (rows
``r1..r2``, columns ``c1..c2``):

================  ========================================  ===============================
table             values put into the input cell            formulas (each result reads)
================  ========================================  ===============================
one-variable,     the column left of the range               the row above the range, one
column (dtr=0)    (row ``r`` of the result)                  per result column
one-variable,     the row above the range                    the column left of the range,
row (dtr=1)       (column ``c`` of the result)               one per result row
two-variable      row input cell: the row above; column      the corner cell above-left
                  input cell: the column left
================  ========================================  ===============================

Each result is the formula's value with the input cell(s) holding the substituted value(s):
the evaluator puts them in, computes again the formulas between the input cells and the
table's formulas (the *cone*: what reads the input cells and what the formulas read), reads
the formulas, and at the end puts the input cells back and computes the cone once more. A
deleted input cell makes every result ``#REF!`` (as Excel saved ClosedXML's
``DataTableFormula-Excel-Input.xlsx``). A table whose substitutions would cost more than
:data:`MAX_TABLE_WORK` cell evaluations keeps the values saved in the file, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import XLError
from ..xl.refs import parse_cell, parse_range
from .parser import Call, Ref

E_REF = XLError("#REF!")
#: Most cell evaluations (substitutions x formula cells recomputed) a data table may take;
#: beyond, the table keeps its saved values and a warning names it.
MAX_TABLE_WORK = 2_000_000


@dataclass(frozen=True)
class DataTable:
    """A data table's layout (1-based rows and columns, see the module docstring)."""

    r1: int
    c1: int
    r2: int
    c2: int
    two_d: bool
    along_row: bool
    input1: tuple[int, int] | None  # (row, col); None when deleted
    input2: tuple[int, int] | None
    deleted: bool

    @classmethod
    def from_attrs(cls, info: dict[str, str]) -> DataTable:
        """The table an ``<f t="dataTable" ...>`` element describes (``ValueError`` when its
        range or input cells cannot be read)."""
        r1, c1, r2, c2 = parse_range(info.get("ref", ""))
        two_d = _flag(info.get("dt2D"))
        along_row = _flag(info.get("dtr"))
        deleted = _flag(info.get("del1")) or (two_d and _flag(info.get("del2")))
        input1 = _cell(info.get("r1"))
        input2 = _cell(info.get("r2")) if two_d else None
        if not deleted and (input1 is None or (two_d and input2 is None)):
            raise ValueError(f"data table {info.get('ref', '')}: input cell missing or unreadable")
        if r1 < 2 or c1 < 2:
            raise ValueError(f"data table {info.get('ref', '')}: no room for its formulas and values")
        return cls(r1, c1, r2, c2, two_d, along_row, input1, input2, deleted)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.r2 - self.r1 + 1, self.c2 - self.c1 + 1)

    def formula_area(self) -> tuple[int, int, int, int]:
        """(r1, c1, r2, c2) of the formulas the results read."""
        if self.two_d:
            return (self.r1 - 1, self.c1 - 1, self.r1 - 1, self.c1 - 1)
        if self.along_row:
            return (self.r1, self.c1 - 1, self.r2, self.c1 - 1)
        return (self.r1 - 1, self.c1, self.r1 - 1, self.c2)

    def value_areas(self) -> list[tuple[int, int, int, int]]:
        """The cells holding the values substituted (a row above, a column left, or both)."""
        above = (self.r1 - 1, self.c1, self.r1 - 1, self.c2)
        left = (self.r1, self.c1 - 1, self.r2, self.c1 - 1)
        if self.two_d:
            return [above, left]
        return [above] if self.along_row else [left]

    def node(self, sheet: str) -> Call:
        """An expression tree naming every cell the table reads (formulas, values, input
        cells), so that the static order computes them before the table."""
        areas = [self.formula_area(), *self.value_areas()]
        areas += [(cell[0], cell[1], cell[0], cell[1]) for cell in (self.input1, self.input2) if cell is not None]
        refs = tuple(Ref(sheet, a, b, c, d, True, True, True, True, True) for a, b, c, d in areas)
        return Call("TABLE", refs)


def _flag(text: str | None) -> bool:
    return (text or "").strip().lower() in ("1", "true")


def _cell(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    hit = parse_cell(text.replace("$", "").strip())
    return None if hit is None else (hit[0], hit[1])


class DataTables:
    """The evaluator's part that computes data tables (mixed into
    :class:`~socroi_xl.engine.evaluator.Evaluator`)."""

    def eval_table(self, run: Any) -> Any:
        """The results of the data table ``run`` as a grid (see the module docstring)."""
        from .values import Grid

        t: DataTable = run.table
        h, w = t.shape
        if t.deleted:
            out = np.empty((h, w), dtype=object)
            out.fill(E_REF)
            return Grid(out)
        sheet = run.sheet
        cone = self._table_cone(run, t)  # type: ignore[attr-defined]
        work = sum(self.runs[i].n for i in cone) * (h * w if t.two_d else (h if not t.along_row else w))  # type: ignore[attr-defined]
        if work > MAX_TABLE_WORK:
            raise TableTooLarge(f"{run.cell()}: data table of {h * w:,} cells would compute {work:,} formula cells")
        inputs = [c for c in (t.input1, t.input2) if c is not None]
        saved = [self._peek(sheet, r, c) for r, c in inputs]
        fr1, fc1, fr2, fc2 = t.formula_area()
        out = np.empty((h, w), dtype=object)
        tainted = False
        try:
            if t.two_d:
                for i in range(h):
                    for j in range(w):
                        self._substitute(sheet, t.input1, self._peek(sheet, t.r1 - 1, t.c1 + j))
                        self._substitute(sheet, t.input2, self._peek(sheet, t.r1 + i, t.c1 - 1))
                        self._recompute(cone)
                        out[i, j] = self._peek(sheet, fr1, fc1)
                        tainted = tainted or self._area_tainted(sheet.name, fr1, fc1, fr2, fc2)  # type: ignore[attr-defined]
            elif t.along_row:
                for j in range(w):
                    self._substitute(sheet, t.input1, self._peek(sheet, t.r1 - 1, t.c1 + j))
                    self._recompute(cone)
                    for i in range(h):
                        out[i, j] = self._peek(sheet, t.r1 + i, fc1)
                    tainted = tainted or self._area_tainted(sheet.name, fr1, fc1, fr2, fc2)  # type: ignore[attr-defined]
            else:
                for i in range(h):
                    self._substitute(sheet, t.input1, self._peek(sheet, t.r1 + i, t.c1 - 1))
                    self._recompute(cone)
                    for j in range(w):
                        out[i, j] = self._peek(sheet, fr1, t.c1 + j)
                    tainted = tainted or self._area_tainted(sheet.name, fr1, fc1, fr2, fc2)  # type: ignore[attr-defined]
        finally:
            for (r, c), v in zip(inputs, saved, strict=True):
                self._substitute(sheet, (r, c), v)
            self._recompute(cone)
        if tainted:  # a formula the table reads could not be evaluated
            self.tainted = self.read_taint = True  # type: ignore[attr-defined]
        out[np.equal(out, None)] = 0.0  # a blank result shows 0, as any formula's
        return Grid(out)

    def _peek(self, sheet: Any, row: int, col: int) -> Any:
        return sheet.value(col, row) if row <= sheet.nrows else None

    def _substitute(self, sheet: Any, cell: tuple[int, int] | None, value: Any) -> None:
        if cell is None:
            return
        row, col = cell
        sheet.ensure_rows(row)
        if dict.get(sheet.columns, col) is None:  # a column never read: hold it in memory
            sheet.object_column(col)
        self._put(sheet, row, col, value)  # type: ignore[attr-defined]

    def _table_cone(self, run: Any, t: DataTable) -> list[int]:
        """The runs to compute again after a substitution, in evaluation order: those the
        table's formulas read (directly or not) that read an input cell (directly or not);
        a reference built at evaluation time (OFFSET, INDIRECT) among them is taken to
        read anything."""
        runs = self.runs  # type: ignore[attr-defined]
        sheet = run.sheet
        fr1, fc1, fr2, fc2 = t.formula_area()
        writers = set(self.graph.find_runs([(sheet, fr1, fc1, fr2, fc2)]))  # type: ignore[attr-defined]
        ancestors: set[int] = set()
        stack = list(writers)
        while stack:
            i = stack.pop()
            if i in ancestors:
                continue
            ancestors.add(i)
            stack.extend(runs[i].deps)
        inputs = [c for c in (t.input1, t.input2) if c is not None]
        own = set(self.graph.find_runs([(sheet, r, c, r, c) for r, c in inputs]))  # type: ignore[attr-defined]
        readers = set()
        for i in ancestors:
            if i in self._dynamic_runs:  # type: ignore[attr-defined]
                readers.add(i)
                continue
            for s, a, b, c, d in self.graph.areas(runs[i]):  # type: ignore[attr-defined]
                if s is sheet and any(a <= r <= c and b <= col <= d for r, col in inputs):
                    readers.add(i)
                    break
        rev: dict[int, list[int]] = {}
        for i in ancestors:
            for d in runs[i].deps:
                rev.setdefault(d, []).append(i)
        cone: set[int] = set()
        stack = list(readers)
        while stack:
            i = stack.pop()
            if i in cone or i not in ancestors:
                continue
            cone.add(i)
            stack.extend(rev.get(i, ()))
        cone -= own
        cone.discard(runs.index(run))
        comp_of = self._comp_of  # type: ignore[attr-defined]
        return sorted(cone, key=lambda i: (comp_of[i], i))

    def _recompute(self, cone: list[int]) -> None:
        """Compute the cone's runs again, in order (their states reset first)."""
        for i in cone:
            self._run_state[i] = 0  # type: ignore[attr-defined]  # PENDING
            self._cell_state.pop(i, None)  # type: ignore[attr-defined]
        for i in cone:
            if self._run_state[i] == 0:  # type: ignore[attr-defined]
                self.eval_run(self.runs[i], i)  # type: ignore[attr-defined]


class TableTooLarge(Exception):
    """A data table too costly to compute: it keeps its saved values (with a warning)."""
