"""Evaluate every formula of a workbook, a column run at a time.

Formula cells are grouped into *runs* (:mod:`.runs`): consecutive cells of one column whose
formulas are the same when written relative to their own row. A run is evaluated once, on
whole numpy columns (:mod:`.interp`); an array formula is a run covering its range. Runs are
ordered by their references (:mod:`.graph`, Tarjan's strongly connected components).

* A run whose formula cannot be evaluated on whole columns (a range that moves with the row,
  such as ``SUM($E$2:E2)``, a reference built at evaluation time) is evaluated cell by cell;
  the result is the same.
* Runs that refer to each other (a running total) are split into cells, ordered cell by cell;
  a cell whose value is needed while it is being computed is a circular reference: it and
  the cells of the cycle get ``#VALUE!`` and a warning (Excel shows 0 with a warning; a
  silent 0 would pass for a real figure, so an error it is) — unless the workbook enables
  iterative calculation (:class:`Iteration`): then the cells of each cycle are computed
  again and again in sheet order from their saved values, as Excel does, until the
  largest change is within the workbook's limit or its number of iterations is reached.
* References built at evaluation time (OFFSET, INDIRECT, ``A1#``) reach cells that are
  computed on demand first; a cycle through them is a circular reference too.
* A dynamic-array formula (Excel 365) spills its array result from its cell; a spill onto
  a non-empty cell is ``#SPILL!``. When spill ranges differ from the ones saved in the file,
  the workbook is evaluated again with the new ranges (formulas reading a spilled range must
  see it whole).

**Never silent.** A formula the engine cannot evaluate (unknown function, unreadable text, an
engine gap, a range too large, a circular reference) is named in a warning with its cells,
and *tainted*: it shows ``#NAME?`` (or its error), whatever wraps it (``IFERROR(FOO(),0)``
is not 0), and so does every formula that reads a tainted cell. :attr:`Evaluator.problems`
counts the cells; ``strict`` recalculation fails on any.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import SPILL, XLError, error
from ..xl.refs import MAX_COL, MAX_ROW, col_letters
from .context import Circular, Ctx, Scope  # noqa: F401 - Ctx and Scope are part of this module's API
from .datatables import DataTables, TableTooLarge
from .functions import _INDEX_CACHE, Settings
from .graph import Graph, calls_in, refs_of, tarjan
from .interp import E_NAME, Interpreter
from .lambdas import E_CALC
from .package import Book, Sheet
from .parser import Call, Name, Node
from .runs import Run, build_runs
from .values import (
    E_NA,
    E_VALUE,
    Areas,
    Fallback,
    Grid,
    Lambda,
    Range,
    Rows,
    TooLarge,
    as_array,
    scalar_of,
    to_object,
)

E_CIRC = XLError("#VALUE!")
E_SPILL = error(SPILL)
#: Functions whose references are built at evaluation time: a run calling one is evaluated
#: cell by cell (its cells may need one another).
DYNAMIC_REFS = frozenset(("OFFSET", "INDIRECT", "ANCHORARRAY"))
PENDING, RUNNING, DONE = 0, 1, 2
MAX_PASSES = 3


@dataclass(frozen=True)
class Iteration:
    """Excel's iterative calculation, as a workbook enables it (``<calcPr iterate="1"
    iterateCount="100" iterateDelta="0.001"/>``, Excel's defaults): each cycle of circular
    references is computed ``count`` times at most, stopping once no number changed by more
    than ``delta``."""

    count: int = 100
    delta: float = 0.001

    @classmethod
    def from_calc(cls, calc: dict[str, str]) -> Iteration | None:
        """The iteration a workbook's ``<calcPr>`` attributes ask for, or None (off).

        >>> Iteration.from_calc({"iterate": "1", "iterateCount": "15"})
        Iteration(count=15, delta=0.001)
        >>> Iteration.from_calc({"iterateCount": "15"}) is None
        True
        """
        if calc.get("iterate", "").strip().lower() not in ("1", "true"):
            return None
        try:
            count = int(float(calc.get("iterateCount", "100")))
        except ValueError:
            count = 100
        try:
            delta = float(calc.get("iterateDelta", "0.001"))
        except ValueError:
            delta = 0.001
        return cls(min(max(count, 1), 32767), delta if math.isfinite(delta) and delta >= 0 else 0.001)


class Evaluator(DataTables, Interpreter):
    """Holds the workbook, its runs and the evaluation state."""

    def __init__(self, book: Book, settings: Settings | None = None, iteration: Iteration | None = None) -> None:
        settings = settings or Settings(date1904=bool(getattr(book, "date1904", False)))
        super().__init__(book, settings)
        self.warnings: list[str] = []
        self.circular: list[str] = []
        #: iterative calculation of circular references (None: cycles are errors)
        self.iteration = iteration
        #: cycles computed by iteration: (cells, iterations done, largest last change)
        self.iterated: list[tuple[list[str], int, float]] = []
        self._data_tables = [0]
        self.runs: list[Run] = build_runs(book, self.resolver, self.warnings, self._data_tables)
        self.unreadable = sum(run.n for run in self.runs if run.node is None)
        self._refs_cache: dict[int, list[Any]] = {}
        self.graph = Graph(self.runs, self._sheets, self.refs_of)
        self._taint_sorted: dict[tuple[str, int], np.ndarray] = {}
        self.dependent_taint = 0
        self.dependents: list[str] = []
        self.spill_blocked: list[str] = []
        self._depth = 0
        self._file_extents: dict[tuple[str, int, int], tuple[int, int, int, int] | None] = {}

    # --- dependencies ----------------------------------------------------------------------
    def refs_of(self, node: Node) -> list[Any]:
        """Every reference in a tree, names expanded."""
        return refs_of(node, self._expand, self._refs_cache)

    def _expand(self, name: Name) -> Node | None:
        target = self.name_node(name, None)
        return target if isinstance(target, Node) else None

    def areas(self, run: Run, node: Node | None = None, r1: int | None = None, r2: int | None = None) -> list[tuple[Sheet, int, int, int, int]]:
        return self.graph.areas(run, r1, r2)

    def order(self) -> list[list[int]]:
        """Runs grouped into strongly connected components, precedents first."""
        all_areas = self.graph.dependencies()
        wanted: dict[int, tuple[Sheet, set[int]]] = {}
        for areas in all_areas:
            for sheet, _r1, c1, _r2, c2 in areas:
                if c2 - c1 < 64:
                    wanted.setdefault(id(sheet), (sheet, set()))[1].update(range(c1, c2 + 1))
        for sheet, cols in wanted.values():
            sheet.preload(sorted(c for c in cols if c <= max(sheet.ncols, 1)))
        return tarjan(len(self.runs), lambda v: self.runs[v].deps)

    def find_runs(self, areas: list[tuple[Sheet, int, int, int, int]]) -> list[int]:
        return self.graph.find_runs(areas)

    # --- evaluation --------------------------------------------------------------------------
    def run_all(self) -> None:
        """Evaluate every run; then, if a spill wrote cells the order did not know of and
        another formula reads them, again with the new spill ranges (a few times at most)."""
        self._file_extents = {(run.sheet.name, run.r1, run.col): run.array for run in self.runs if run.dynamic and run.array}
        known: dict = dict(self._file_extents)
        for attempt in range(MAX_PASSES):
            self._pass()
            new = {k: v for k, v in self.spills.items() if v is not None and v[:2] != v[2:]}
            fresh = {k: v for k, v in new.items() if not _within(v, known.get(k))}
            if not fresh or not self._read_elsewhere(fresh):
                break
            if attempt == MAX_PASSES - 1:
                self.internal.setdefault("spill ranges still changing after several passes", "")
                break
            known.update(new)
            self._prepare_next_pass(new)
        self._finish()

    def _read_elsewhere(self, spills: dict) -> bool:
        """True when a formula other than the spilling one refers to a cell of these spills."""
        regions = [(k, v) for k, v in spills.items()]
        for run in self.runs:
            for sheet, r1, c1, r2, c2 in self.graph.areas(run):
                for (sname, ar, ac), v in regions:
                    if sheet.name == sname and (run.r1, run.col) != (ar, ac) and _overlap(v, (r1, c1, r2, c2)):
                        return True
        return False

    def _pass(self) -> None:
        comps = self.order()
        self._comps = comps
        self._comp_of = [0] * len(self.runs)
        for ci, comp in enumerate(comps):
            for r in comp:
                self._comp_of[r] = ci
        self._comp_state = [PENDING] * len(comps)
        self._run_state = [PENDING] * len(self.runs)
        self._cell_state: dict[int, np.ndarray] = {}
        self._dynamic_runs = self._find_dynamic_runs()
        for ci in range(len(comps)):
            if self._comp_state[ci] == PENDING:
                self.compute_comp(ci)
        _INDEX_CACHE.clear()

    def _prepare_next_pass(self, grown: dict) -> None:
        """Spill ranges differ from the file's: index them as written cells and evaluate again."""
        extra = []
        for (sname, row, col), extent in grown.items():
            for i, run in enumerate(self.runs):
                if run.sheet.name == sname and run.col == col and run.r1 <= row <= run.r2 and run.dynamic:
                    if run.array:
                        run.array = extent
                    else:
                        extra.append((run.sheet, *extent, i))
                    break
        self._file_extents = {**self._file_extents, **grown}
        self.graph.reindex(extra)
        self.spills.clear()
        self.circular.clear()
        self.iterated.clear()
        self.dependents.clear()
        self.dependent_taint = 0
        self.taint.clear()
        self._taint_sorted.clear()
        self.spill_blocked.clear()

    def _find_dynamic_runs(self) -> set[int]:
        out = set()
        for i, run in enumerate(self.runs):
            if run.node is not None and calls_in(run.node, self._expand) & DYNAMIC_REFS:
                out.add(i)
        return out

    def compute_comp(self, ci: int) -> None:
        """Evaluate component ``ci`` once its precedents are (an explicit stack, not recursion).

        Asked for on demand while another component is being evaluated, a precedent may be
        that one, still running: then this component is evaluated cell by cell with guarded
        reads, which compute (or report as circular) exactly the cells it needs."""
        stack = [ci]
        while stack:
            c = stack[-1]
            if self._comp_state[c] == DONE:
                stack.pop()
                continue
            pending = []
            guarded = False
            for r in self._comps[c]:
                for d in self.runs[r].deps:
                    dc = self._comp_of[d]
                    if dc != c and self._comp_state[dc] != DONE:
                        if self._comp_state[dc] == RUNNING:
                            guarded = True
                        else:
                            pending.append(dc)
            if pending:
                stack.extend(dict.fromkeys(pending))
                continue
            stack.pop()
            self._comp_state[c] = RUNNING
            try:
                comp = self._comps[c]
                if len(comp) == 1 and comp[0] not in self.runs[comp[0]].deps:
                    self.eval_run(self.runs[comp[0]], comp[0], guarded)
                else:
                    self.eval_cycle(comp)
            finally:
                self._comp_state[c] = DONE

    def eval_run(self, run: Run, rid: int | None = None, guarded: bool = False) -> None:
        rid = self.runs.index(run) if rid is None else rid
        self._run_state[rid] = RUNNING
        try:
            if run.node is None:
                self.store(run, run.r1, run.n, run.error or E_NAME)
                self._taint_rows(run, run.r1, run.r2)
                return
            if guarded or run.array or run.n == 1 or rid in self._dynamic_runs:
                self.eval_cells(rid, guarded=guarded)
                return
            ctx = Ctx(run.sheet, run.r1, run.col, run.n, run.dynamic)
            self.tainted = self.read_taint = False
            noted = {k: dict(v) for k, v in self.unknown.items()}, dict(self.internal)
            try:
                raw = self.ev(run.node, ctx)
                if run.dynamic and isinstance(raw, (Grid, Range, Areas)) and not (isinstance(raw, Grid) and raw.values.size == 1):
                    raise Fallback()  # every cell would spill: cell by cell
                value = self.top(raw, ctx)
                if self.tainted:  # find out which rows, cell by cell
                    raise Fallback()
            except (Fallback, Circular):
                self.forget_names()
                self.unknown, self.internal = noted  # the cells say which rows, exactly
                self.eval_cells(rid, guarded=False, batch=not run.dynamic)
                return
            except (TooLarge, RecursionError, MemoryError) as exc:
                self.forget_names()
                value = self._gap(exc, Ctx(run.sheet, run.r1, run.col, run.n))
                self._taint_rows(run, run.r1, run.r2)
            self.forget_names()
            self.store(run, run.r1, run.n, value)
            if run.dynamic:
                for r in range(run.r1, run.r2 + 1):
                    self.spills[(run.sheet.name, r, run.col)] = (r, run.col, r, run.col)
        finally:
            self._run_state[rid] = DONE

    def eval_cells(self, rid: int, guarded: bool, batch: bool = False, rows: list[int] | None = None) -> None:
        """Evaluate a run cell by cell (in row order, or ``rows``), storing each cell as it is
        computed (later cells, or references built at evaluation time, may read it)."""
        run = self.runs[rid]
        state = self._cell_state.get(rid)
        if state is None:
            state = self._cell_state[rid] = np.zeros(run.n, np.int8)
        order = range(run.r1, run.r2 + 1) if rows is None else rows
        batch = batch and rid not in self._dynamic_runs and not guarded and rows is None
        out = np.empty(run.n, dtype=object) if batch else None
        for r in order:
            if state[r - run.r1] != PENDING:
                continue
            value = self._cell(rid, run, r, state, guarded)
            if out is not None:
                out[r - run.r1] = value
            else:
                self._store_cell(run, r, value)
        if out is not None:
            self.store(run, run.r1, run.n, out)
        if (state == DONE).all():
            self._run_state[rid] = DONE

    def _cell(self, rid: int, run: Run, r: int, state: np.ndarray, guarded: bool) -> Any:
        """One cell's value (a circular reference through it: #VALUE! and a warning)."""
        state[r - run.r1] = RUNNING
        prev = self.guarding
        self.guarding = guarded
        self._depth += 1
        try:
            value = self.eval_cell(run, r)
        except Circular as c:
            self.circular.append(run.cell(r))
            self._store_cell(run, r, E_CIRC)
            state[r - run.r1] = DONE
            self._taint_rows(run, r, r)
            if c.key != (rid, r) and self._depth > 1:
                raise
            return E_CIRC
        finally:
            self.guarding = prev
            self._depth -= 1
        state[r - run.r1] = DONE
        return value

    def eval_cell(self, run: Run, row: int) -> Any:
        """The value of one cell of a run (an array formula: its whole array)."""
        if run.node is None:
            self._taint_rows(run, row, row)
            return run.error or E_NAME
        if run.table is not None:
            return self._table_cell(run)
        ctx = Ctx(run.sheet, row, run.col, None, bool(run.array) or run.dynamic)
        self.tainted = self.read_taint = False
        if run.array and not run.dynamic and type(run.node) is Call:
            r1, c1, r2, c2 = run.array  # type: ignore[misc]
            self.array_target = (r2 - r1 + 1, c2 - c1 + 1)
        try:
            value = self.ev(run.node, ctx)
            if not (run.array or run.dynamic):
                value = self.top(value, ctx)
        except Fallback:  # cannot happen in cell mode; keep the engine total
            value = self._gap(RuntimeError("column evaluation in a single cell"), ctx)
        except (TooLarge, RecursionError, MemoryError) as exc:
            value = self._gap(exc, ctx)
        finally:
            self.forget_names()
            self.array_target = None
        if self.tainted and not self.read_taint:
            self._taint_rows(run, row, row)
            return _tainted_value(value)
        if self.read_taint:
            self._taint_rows(run, row, row)
            self.dependent_taint += 1
            self.dependents.append(run.cell(row))
            return _tainted_value(value)
        return value

    def _table_cell(self, run: Run) -> Any:
        """A data table's results (:mod:`.datatables`); one too costly to compute keeps the
        values saved in the file, named in a warning and counted as not evaluated."""
        self.tainted = self.read_taint = False
        try:
            value = self.eval_table(run)
        except TableTooLarge as exc:
            r1, c1, r2, c2 = run.array  # type: ignore[misc]
            self.warnings.append(f"{exc}: it keeps its saved values")
            self._data_tables[0] += (r2 - r1 + 1) * (c2 - c1 + 1)
            return Range(run.sheet, r1, c1, r2, c2).values
        finally:
            self.forget_names()
        if self.read_taint:
            self._taint_rows(run, run.r1, run.r1)
            self.dependent_taint += 1
            self.dependents.append(run.cell())
            return _tainted_value(value)
        return value

    def _gap(self, exc: BaseException, ctx: Ctx) -> Any:
        """A formula the engine could not evaluate (too large, too deep): #VALUE! and a warning."""
        if isinstance(exc, TooLarge):
            self.too_large.setdefault(str(exc), ctx.where())
        elif isinstance(exc, RecursionError):
            self.internal.setdefault("formula nested too deeply to evaluate", ctx.where())
        else:
            self.internal.setdefault(f"{type(exc).__name__}: {exc}", ctx.where())
        self.tainted = True
        return E_VALUE

    def eval_cycle(self, comp: list[int]) -> None:
        """Runs that refer to each other: split into cells, ordered cell by cell (cells of a
        true cycle are evaluated with guarded reads: a cell needed while it is computed is a
        circular reference)."""
        cells: list[tuple[int, int]] = [(rid, r) for rid in sorted(comp) for r in range(self.runs[rid].r1, self.runs[rid].r2 + 1)]
        pos: dict[tuple[str, int], tuple[list[int], list[int], list[int]]] = {}
        for i, (rid, r) in enumerate(cells):
            run = self.runs[rid]
            if run.array:
                ar1, ac1, ar2, ac2 = run.array
                cols, rows = list(range(ac1, ac2 + 1)), (ar1, ar2)
            else:
                cols, rows = [run.col], (r, r)
            for c in cols:
                entry = pos.setdefault((run.sheet.name, c), ([], [], []))
                entry[0].append(rows[0])
                entry[1].append(rows[1])
                entry[2].append(i)
        lookup: dict[tuple[str, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for key, (starts, ends, ids) in pos.items():
            o = np.argsort(starts, kind="stable")
            lookup[key] = (np.asarray(starts)[o], np.maximum.accumulate(np.asarray(ends)[o]), np.asarray(ids)[o])
        deps: list[list[int]] = []
        for rid, r in cells:
            d: list[int] = []
            for sheet, r1, c1, r2, c2 in self.graph.areas(self.runs[rid], r, r):
                cols = range(c1, c2 + 1) if c2 - c1 < 256 else [c for (s, c) in lookup if s == sheet.name and c1 <= c <= c2]
                for c in cols:
                    hit = lookup.get((sheet.name, c))
                    if hit is None:
                        continue
                    starts, reach, ids = hit
                    lo = np.searchsorted(reach, r1, "left")
                    hi = np.searchsorted(starts, r2, "right")
                    d.extend(ids[lo:hi].tolist())
            deps.append(d)
        for rid in comp:
            self._run_state[rid] = RUNNING
            self._cell_state.setdefault(rid, np.zeros(self.runs[rid].n, np.int8))
        for order in tarjan(len(cells), lambda v: deps[v]):
            true_cycle = len(order) > 1 or order[0] in deps[order[0]]
            if true_cycle and self.iteration is not None:
                self._iterate([cells[v] for v in order])
                continue
            for v in sorted(order, key=lambda v: cells[v]):
                rid, r = cells[v]
                state = self._cell_state[rid]
                if state[r - self.runs[rid].r1] != PENDING:
                    continue
                run = self.runs[rid]
                value = self._cell(rid, run, r, state, guarded=true_cycle)
                self._store_cell(run, r, value)
        for rid in comp:
            self._run_state[rid] = DONE

    def _iterate(self, members: list[tuple[int, int]]) -> None:
        """Excel's iterative calculation of one cycle of cells: every cell computed in
        sheet order (sheets in workbook order, rows top to bottom, then columns), each
        reading the values its cycle holds now (at first the values saved in the file,
        blank 0), again until no number changed by more than the workbook's maximum
        change, or the maximum number of iterations is reached."""
        it = self.iteration
        assert it is not None
        runs = self.runs
        members = sorted(members, key=lambda m: (runs[m[0]].sheet.index, m[1], runs[m[0]].col))
        for rid, r in members:
            self._cell_state[rid][r - runs[rid].r1] = DONE  # read as they are, never "circular"
        prev = self.guarding
        self.guarding = True  # cells outside the cycle reached on demand are computed first
        done, change = 0, math.inf
        try:
            while done < it.count:
                done += 1
                change = 0.0
                for rid, r in members:
                    run = runs[rid]
                    before = run.sheet.value(run.col, r) if r <= run.sheet.nrows else None
                    try:
                        value = self.eval_cell(run, r)
                    except Circular:  # a reference built at evaluation time met a running cell
                        self.circular.append(run.cell(r))
                        self._taint_rows(run, r, r)
                        value = E_CIRC
                    self._store_cell(run, r, value)
                    change = max(change, _change(before, run.sheet.value(run.col, r)))
                if change <= it.delta:
                    break
        finally:
            self.guarding = prev
        self.iterated.append(([runs[rid].cell(r) for rid, r in members], done, change))

    # --- on-demand evaluation (references built at evaluation time, cycles) ----------------
    def guard(self, rng: Range) -> None:
        self.demand(rng.sheet, rng.r1, rng.c1, rng.r2, rng.c2)
        if self.taint:
            self.note_read(rng.sheet, rng.r1, rng.c1, rng.r2, rng.c2)

    def note_read(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int) -> None:
        """The formula being evaluated reads these cells: a tainted one taints it (in a
        column run: the run goes cell by cell, to find which rows)."""
        if self._area_tainted(sheet.name, r1, c1, r2, c2):
            self.tainted = self.read_taint = True

    def demand_cell(self, sheet: Sheet, row: int, col: int) -> None:
        self.demand(sheet, row, col, row, col)

    def demand(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int) -> None:
        """Compute the formula cells of an area that are not computed yet."""
        if not hasattr(self, "_run_state"):
            return
        for rid in self.graph.find_runs([(sheet, r1, c1, r2, c2)]):
            st = self._run_state[rid]
            if st == DONE:
                continue
            run = self.runs[rid]
            cells = self._cell_state.get(rid)
            if cells is not None:  # evaluated cell by cell: the rows asked for
                lo, hi = (run.r1, run.r1) if run.array else (max(r1, run.r1), min(r2, run.r2))
                for r in range(lo, hi + 1):
                    s = cells[r - run.r1]
                    if s == RUNNING:
                        raise Circular((rid, r))
                    if s == PENDING:
                        self.eval_cells(rid, guarded=self.guarding, rows=[r])
                continue
            if st == RUNNING:
                raise Circular(("run", rid))
            ci = self._comp_of[rid]
            if self._comp_state[ci] == RUNNING:
                raise Circular(("comp", ci))
            prev = self.guarding
            self.guarding = False
            try:
                self.compute_comp(ci)
            finally:
                self.guarding = prev

    # --- storing results ------------------------------------------------------------------------
    def _store_cell(self, run: Run, row: int, value: Any) -> None:
        if run.array or run.dynamic:
            if run.dynamic:
                self.spill(run, row, value)
            else:
                self.store(run, row, 1, value)
        else:
            self.store(run, row, 1, value)

    def spill(self, run: Run, row: int, value: Any) -> None:
        """Write a dynamic-array formula's result from its cell: an array fills the range
        below and to the right (``#SPILL!`` in the cell when that range holds anything)."""
        sheet, col = run.sheet, run.col
        key = (sheet.name, row, col)
        old = self._file_extents.get(key)
        t = type(value)
        if t is Areas:
            value = E_VALUE
        elif t is Lambda:
            value = E_CALC
        arr = value.values if isinstance(value, Grid) else None
        full = value.true_shape if isinstance(value, Range) and value.full is not None else None
        if (arr is None or arr.size == 1) and (full is None or full == (1, 1)):
            v = scalar_of(arr[0, 0]) if arr is not None else scalar_of(value)
            self._clear_extent(sheet, old, (row, col, row, col))
            self.spills[key] = (row, col, row, col)
            self._put(sheet, row, col, _cell_value(v))
            return
        h, w = full if full is not None else arr.shape  # a whole row or column spills whole
        extent = (row, col, row + h - 1, col + w - 1)
        if extent[2] > MAX_ROW or extent[3] > MAX_COL or self._blocked(run, extent):
            self.spills[key] = None
            self.spill_blocked.append(run.cell(row))
            self._clear_extent(sheet, old, (row, col, row, col))
            self._put(sheet, row, col, E_SPILL)
            return
        self._clear_extent(sheet, old, extent)
        self.spills[key] = extent
        sheet.ensure_rows(extent[2])
        src = to_object(arr)
        if src.shape != (h, w):  # the blank part of a whole row or column: blank cells show 0
            padded = np.full((h, w), None, dtype=object)
            padded[: min(h, src.shape[0]), : min(w, src.shape[1])] = src[:h, :w]
            src = padded
        for j in range(w):
            sheet.put(col + j, row, _obj([_cell_value(v) for v in src[:, j].tolist()]))
        sheet.ncols = max(sheet.ncols, extent[3])

    def _put(self, sheet: Sheet, row: int, col: int, v: Any) -> None:
        sheet.ensure_rows(row)
        sheet.put(col, row, np.full(1, v) if type(v) is float else _obj([v]))

    def _clear_extent(self, sheet: Sheet, old: tuple[int, int, int, int] | None, new: tuple[int, int, int, int]) -> None:
        """Blank the cells of a former spill range the new one does not cover."""
        if old is None:
            return
        r1, c1, r2, c2 = old
        bottom, right = min(r2, sheet.nrows), min(c2, max(sheet.ncols, c1))
        if bottom < r1:
            return
        for a in range(c1, right + 1, 256):  # read the columns in passes of 256
            cols = list(range(a, min(a + 255, right) + 1))
            if len(cols) > 1:
                sheet.preload(cols)
            for c in cols:
                part = sheet.slice(c, r1, bottom)
                if part is None:
                    continue
                if part.dtype == np.float64:
                    rows = (np.flatnonzero(~np.isnan(part)) + r1).tolist()
                else:
                    rows = [r1 + i for i, v in enumerate(part.tolist()) if v is not None]
                for r in rows:
                    if (r, c) == (r1, c1) or (new[0] <= r <= new[2] and new[1] <= c <= new[3]):
                        continue
                    sheet.put(c, r, _obj([None]))

    def _blocked(self, run: Run, extent: tuple[int, int, int, int]) -> bool:
        """True when a cell of the spill range (other than the formula's own) holds a value
        or a formula, or another formula's spill. Cells of spill ranges saved in the file
        hold stale values: they do not block."""
        sheet = run.sheet
        r1, c1, r2, c2 = extent
        for rid in self.graph.find_runs([(sheet, r1, c1, r2, c2)]):
            other = self.runs[rid]
            if other.array:
                if (other.r1, other.col) == (r1, c1):
                    continue  # this formula's own (former) range
                if r1 <= other.r1 <= r2 and c1 <= other.col <= c2 or not other.dynamic:
                    return True  # another formula's cell, or a legacy array's range
                continue  # another dynamic array's former range: its current spill is checked below
            lo, hi = max(other.r1, r1), min(other.r2, r2)
            if lo > hi or other.sheet is not sheet:
                continue
            if other.col == c1 and lo == hi == r1:
                continue  # only this formula's own cell
            return True
        for k, v in self.spills.items():
            if k[0] == sheet.name and k[1:] != (r1, c1) and v is not None and v[:2] != v[2:] and _overlap(v, extent):
                return True
        stale = [v for k, v in self._file_extents.items() if k[0] == sheet.name and v is not None]
        if c2 > c1:
            for a in range(c1, min(c2, max(sheet.ncols, c1)) + 1, 256):
                sheet.preload(list(range(a, min(a + 255, c2) + 1)))
        for c in range(c1, c2 + 1):
            part = sheet.slice(c, r1, min(r2, sheet.nrows)) if r1 <= sheet.nrows else None
            if part is None:
                continue
            if part.dtype == np.float64:
                rows = (np.flatnonzero(~np.isnan(part)) + r1).tolist()
            else:
                rows = [r1 + i for i, v in enumerate(part.tolist()) if v is not None and not (type(v) is float and v != v)]
            for r in rows:
                if (r, c) == (r1, c1):
                    continue
                if any(s[0] <= r <= s[2] and s[1] <= c <= s[3] for s in stale):
                    continue
                return True
        return False

    def spill_extent(self, sheet: Sheet, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The range a dynamic-array formula at (row, col) spilled into (None: not one, or
        blocked)."""
        return self.spills.get((sheet.name, row, col))

    def store(self, run: Run, row: int, n: int, value: Any) -> None:
        """Write results into the sheet's columns (blank results read 0, as Excel shows them)."""
        sheet = run.sheet
        if run.array and not run.dynamic:
            self._store_array(run, value)
            return
        if run.dynamic and n == 1:
            self.spill(run, row, value)
            return
        col = run.col
        if isinstance(value, Rows):
            value = value.values
        if isinstance(value, np.ndarray) and value.ndim == 1 and len(value) == n:
            if value.dtype == np.float64:
                sheet.put(col, row, np.where(np.isnan(value), 0.0, value))
                return
            if value.dtype == object:
                blank = np.equal(value, None)
                if blank.any():
                    value = value.copy()
                    value[blank] = 0.0
                odd = np.fromiter((type(v) not in _PLAIN for v in value.tolist()), bool, n)
                odd |= np.not_equal(value, value).astype(bool)  # NaN
                if odd.any():
                    value = value.copy()
                    value[odd] = [_cell_value(v) for v in value[odd].tolist()]
                sheet.put(col, row, value)
                return
            sheet.put(col, row, _obj([_cell_value(v) for v in value.tolist()]))
            return
        v = _cell_value(value)
        if type(v) is float:
            sheet.put(col, row, np.full(n, v))
        else:
            sheet.put(col, row, _obj([v] * n))

    def _store_array(self, run: Run, value: Any) -> None:
        """A legacy array formula: the result fills its range (extra cells #N/A, as Excel)."""
        sheet = run.sheet
        r1, c1, r2, c2 = run.array  # type: ignore[misc]
        sheet.ensure_rows(r2)
        if type(value) is Areas:
            value = E_VALUE
        arr = as_array(value) if not isinstance(value, Rows) else None
        if arr is None:
            arr = np.array([[scalar_of(value) if type(value) is not Lambda else E_CALC]], dtype=object)
        if arr.ndim == 1:
            arr = arr.reshape(-1, 1)
        h, w = r2 - r1 + 1, c2 - c1 + 1
        out = np.empty((h, w), dtype=object)
        out.fill(E_NA)
        ah, aw = arr.shape
        src = to_object(arr)
        if ah == 1 and aw == 1:
            out[:, :] = src[0, 0]
        elif ah == 1:
            out[:, : min(aw, w)] = src[0, : min(aw, w)]
        elif aw == 1:
            out[: min(ah, h), :] = src[: min(ah, h), 0:1]
        else:
            out[: min(ah, h), : min(aw, w)] = src[: min(ah, h), : min(aw, w)]
        for j in range(w):
            sheet.put(c1 + j, r1, _obj([_cell_value(v) for v in out[:, j].tolist()]))
        sheet.ncols = max(sheet.ncols, c2)

    # --- taint: values the engine could not compute faithfully --------------------------------
    def _taint_rows(self, run: Run, r1: int, r2: int) -> None:
        if run.array:
            ar1, ac1, ar2, ac2 = self.spills.get((run.sheet.name, run.r1, run.col)) or run.array
            for c in range(ac1, ac2 + 1):
                self.taint.setdefault((run.sheet.name, c), set()).update(range(ar1, ar2 + 1))
                self._taint_sorted.pop((run.sheet.name, c), None)
            return
        key = (run.sheet.name, run.col)
        self.taint.setdefault(key, set()).update(range(r1, r2 + 1))
        self._taint_sorted.pop(key, None)

    def _area_tainted(self, sname: str, a1: int, c1: int, a2: int, c2: int) -> bool:
        cols = range(c1, c2 + 1) if c2 - c1 < 256 else [k[1] for k in self.taint if k[0] == sname and c1 <= k[1] <= c2]
        for c in cols:
            key = (sname, c)
            rows = self.taint.get(key)
            if not rows:
                continue
            arr = self._taint_sorted.get(key)
            if arr is None:
                arr = self._taint_sorted[key] = np.array(sorted(rows))
            i = int(np.searchsorted(arr, a1))
            if i < len(arr) and arr[i] <= a2:
                return True
        return False

    # --- warnings ------------------------------------------------------------------------------
    def _finish(self) -> None:
        for name, cells in sorted(self.unknown.items()):
            shown = ", ".join(sorted(cells)[:5]) + (" ..." if len(cells) > 5 else "")
            if name.endswith("(a name)"):
                self.warnings.append(f"name {name.removesuffix(' (a name)')} is not defined (#NAME?, as in Excel) in {sum(cells.values())} cell(s): {shown}")
            else:
                self.warnings.append(f"unknown function {name} (result #NAME?) in {sum(cells.values())} cell(s): {shown}")
        for problem, cell in self.internal.items():
            where = f" (first at {cell})" if cell else ""
            self.warnings.append(f"could not evaluate {problem}{where}; result #VALUE! or #NAME?")
        for problem, cell in self.too_large.items():
            self.warnings.append(f"range too large to evaluate: {problem} (first at {cell}; result #VALUE!)")
        for cells, done, change in self.iterated:
            shown = ", ".join(cells[:10]) + (" ..." if len(cells) > 10 else "")
            it = self.iteration
            how = f"settled after {done} iteration(s)" if change <= it.delta else f"{done} iteration(s), the last still changing by {change:.6g}"  # type: ignore[union-attr]
            self.warnings.append(
                f"iterative calculation (the workbook enables it: at most {it.count} iterations, maximum change {it.delta:g}): "  # type: ignore[union-attr]
                f"a cycle of circular references of {len(cells)} cell(s) computed by iteration, {how}: {shown}"
            )
        if self.circular:
            cells = list(dict.fromkeys(self.circular))
            shown = ", ".join(cells[:10]) + (" ..." if len(cells) > 10 else "")
            self.warnings.append(f"circular reference: {len(cells)} cell(s) set to {E_CIRC}: {shown}")
        if self.spill_blocked:
            shown = ", ".join(self.spill_blocked[:10]) + (" ..." if len(self.spill_blocked) > 10 else "")
            self.warnings.append(f"spill blocked: {len(self.spill_blocked)} dynamic-array formula(s) show #SPILL! (cells in the way): {shown}")
        if self.dependent_taint:
            shown = ", ".join(self.dependents[:10]) + (" ..." if len(self.dependents) > 10 else "")
            self.warnings.append(
                f"{self.dependent_taint} formula cell(s) read cells the engine could not evaluate and show #NAME? (or their error): {shown}"
            )

    @property
    def problems(self) -> int:
        """Formula cells whose value the engine could not compute faithfully (data table
        cells, which keep their saved values, included)."""
        return sum(len(rows) for rows in self.taint.values()) + self._data_tables[0]


_PLAIN = frozenset((float, str, XLError, bool))


def _change(before: Any, after: Any) -> float:
    """How much a cell's value changed in an iteration (blank is 0; a change of type or of
    a value that is not a number is infinite)."""
    if before is None:
        before = 0.0
    if after is None:
        after = 0.0
    if type(before) is float and type(after) is float:
        return abs(after - before)
    return 0.0 if type(before) is type(after) and before == after else math.inf


def _within(a: tuple[int, int, int, int], b: tuple[int, int, int, int] | None) -> bool:
    return b is not None and b[0] <= a[0] and a[2] <= b[2] and b[1] <= a[1] and a[3] <= b[3]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _tainted_value(value: Any) -> Any:
    """What a tainted cell shows: its error if it is one, else #NAME?."""
    if type(value) is XLError:
        return value
    if isinstance(value, np.ndarray) and value.ndim == 1:
        out = value.astype(object)
        out[[type(v) is not XLError for v in out.tolist()]] = E_NAME
        return out
    return E_NAME


def _cell_value(v: Any) -> Any:
    """A computed value as stored in a cell: blank reads 0, numpy scalars become Python."""
    if v is None:
        return 0.0
    if isinstance(v, (Range, Grid, np.ndarray, Areas)):
        return E_VALUE
    if type(v) is Lambda:
        return E_CALC
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, (np.floating, np.integer)) or (type(v) is int):
        v = float(v)
    if type(v) is float and v != v:
        return 0.0
    if type(v) is float and v in (float("inf"), float("-inf")):
        return XLError("#NUM!")
    return v


def _obj(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _a1(row: int, col: int) -> str:
    return f"{col_letters(col)}{row}"


__all__ = ["Ctx", "Evaluator", "Iteration", "Run", "Scope", "tarjan"]
