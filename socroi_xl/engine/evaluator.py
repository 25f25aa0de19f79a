"""Evaluate every formula of a workbook, a column run at a time.

Formula cells are grouped into *runs*: consecutive cells of one column whose formulas are
the same when written relative to their own row (Excel's shared formulas, or a column
filled down). A run is evaluated once, on whole numpy columns; an array formula is a run
covering its range. Runs are ordered by their references (Tarjan's strongly connected
components): a run that refers to itself (a running total) is split into cells, and
cells that truly refer to themselves are circular references — reported in a warning
and given the error ``#VALUE!`` (Excel shows 0 with a warning; a silent 0 would pass
for a real figure, so an error it is).

A run whose formula cannot be evaluated on whole columns (a range that moves with the
row, such as ``SUM($E$2:E2)``) is evaluated cell by cell; the result is the same.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import XLError
from . import ops
from .functions import _INDEX_CACHE, ARRAY_ARGS, FUNCTIONS, SPECS, Settings
from .functions.dispatch import call as call_spec
from .package import Book, Sheet, formula_attrs
from .parser import (
    ArrayConst,
    Binary,
    Call,
    Const,
    Name,
    Node,
    ParseError,
    Ref,
    Resolver,
    Unary,
    parse,
)
from .refs import _KEY_RE, relative_key
from .values import (
    E_NA,
    E_VALUE,
    Err,
    Fallback,
    Range,
    RowBlock,
    as_array,
    boolean,
    errors_mask,
    scalar_of,
    to_object,
)

E_NAME = XLError("#NAME?")
E_REF = XLError("#REF!")
E_CIRC = XLError("#VALUE!")
LAZY = {"IF", "IFERROR", "IFNA", "IFS", "CHOOSE"}


@dataclass
class Run:
    """Formula cells evaluated together: rows r1..r2 of one column, or an array formula's range."""

    sheet: Sheet
    col: int
    r1: int
    r2: int
    text: str
    node: Node | None
    error: XLError | None = None
    array: tuple[int, int, int, int] | None = None  # (r1, c1, r2, c2) of an array formula
    deps: list[int] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.r2 - self.r1 + 1


class Ctx:
    """Where a formula is being evaluated: one cell (``n`` None) or a column run; ``array``
    when ranges are taken whole (an array formula, or an argument that takes an array)
    rather than implicitly intersected with the formula's cell."""

    __slots__ = ("sheet", "row", "col", "n", "array")

    def __init__(self, sheet: Sheet, row: int, col: int, n: int | None, array: bool = False) -> None:
        self.sheet, self.row, self.col, self.n, self.array = sheet, row, col, n, array

    def as_array(self) -> Ctx:
        """The same place, evaluating ranges whole."""
        return self if self.array else Ctx(self.sheet, self.row, self.col, self.n, True)


class Evaluator:
    """Holds the workbook, its runs and the evaluation state."""

    def __init__(self, book: Book, settings: Settings | None = None) -> None:
        self.book = book
        self.settings = settings or Settings(date1904=bool(getattr(book, "date1904", False)))
        self.resolver = Resolver(book.tables)
        self.warnings: list[str] = []
        self.unknown: dict[str, dict[str, int]] = {}  # function -> {cell or range: cells}
        self.circular: list[str] = []
        self.internal: dict[str, str] = {}
        self.runs: list[Run] = []
        self._names: dict[tuple[int | None, str], Node | XLError] = {}
        self._refs_cache: dict[int, list[Ref]] = {}
        self._sheets = {s.name.lower(): s for s in book.sheets}
        self.build_runs()

    # --- runs ----------------------------------------------------------------------------
    def build_runs(self) -> None:
        cache: dict[Any, Node | ParseError] = {}
        for sheet in self.book.sheets:
            fc = sheet.formulas
            if fc is None or not len(fc.rows):
                continue
            shared: dict[str, tuple[str, int, int]] = {}
            ids: dict[Any, int] = {}
            # one look-up per distinct <f> attribute string: shared-formula copies share it
            attr_ids = {a: j for j, a in enumerate(dict.fromkeys(fc.attrs))}
            aid = np.fromiter(map(attr_ids.__getitem__, fc.attrs), np.int64, len(fc.attrs))
            infos = [formula_attrs(a) for a in attr_ids]
            per_attr = np.full(len(infos), -2, np.int64)  # key id, or -2: decide per cell
            for j, info in enumerate(infos):
                if info.get("t") == "shared":
                    per_attr[j] = ids.setdefault(("s", info.get("si", "")), len(ids))
                elif info.get("t") == "dataTable":
                    per_attr[j] = -1
            kid = per_attr[aid]
            plain: list[int] = []
            for i in np.flatnonzero(kid == -2).tolist():
                text = fc.texts[i]
                info = infos[aid[i]]
                if text is None:
                    kid[i] = -1
                elif info.get("t") == "array":
                    kid[i] = ids.setdefault(("a", i, info.get("ref", "")), len(ids))
                else:
                    plain.append(i)
            if plain:
                _plain_keys(fc, plain, kid, ids)
            has_text = np.fromiter(map(operator.is_not, fc.texts, itertools.repeat(None)), bool, len(fc.texts))
            for i in np.flatnonzero(has_text).tolist():  # shared-formula copies have no text
                text = fc.texts[i]
                if infos[aid[i]].get("t") == "shared":
                    shared.setdefault(infos[aid[i]].get("si", ""), (text, int(fc.rows[i]), int(fc.cols[i])))
            rows, cols = fc.rows, fc.cols.astype(np.int64)
            order = np.lexsort((rows, cols))
            r, c, k = rows[order], cols[order], kid[order]
            brk = np.ones(len(r), bool)
            brk[1:] = (c[1:] != c[:-1]) | (k[1:] != k[:-1]) | (r[1:] != r[:-1] + 1)
            starts = np.flatnonzero(brk)
            ends = np.append(starts[1:], len(r)) - 1
            key_list = list(ids)
            for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
                if k[s] < 0:
                    continue
                key = key_list[k[s]]
                row, col = int(r[s]), int(c[s])
                if key[0] == "s":
                    master = shared.get(key[1])
                    if master is None:
                        continue
                    text, mr, mc = master
                    node = self._parse(cache, ("s", sheet.name, key[1]), text, sheet, mr, mc)
                else:
                    text = fc.texts[int(order[s])] or ""
                    ck = (sheet.name, key[1], col if "[" in text else None) if key[0] == "r" else None
                    node = self._parse(cache, ck, text, sheet, row, col)
                run = Run(sheet, col, row, int(r[e]), text, None)
                if isinstance(node, ParseError):
                    run.error = E_NAME
                    self.warnings.append(f"{sheet.name}!{_a1(row, col)}: cannot read formula ={text} ({node})")
                else:
                    run.node = node
                if key[0] == "a":
                    try:
                        from .refs import parse_range

                        run.array = parse_range(key[2]) if key[2] else (row, col, row, col)
                    except ValueError:
                        run.array = (row, col, row, col)
                    run.r2 = row
                self.runs.append(run)

    def _parse(self, cache: dict, key: Any, text: str, sheet: Sheet, row: int, col: int) -> Node | ParseError:
        if key is not None and key in cache:
            return cache[key]
        try:
            node: Node | ParseError = parse(text, sheet.name, row, col, self.resolver)
        except ParseError as exc:
            node = exc
        except Exception as exc:  # noqa: BLE001 - any tokenizer failure is a formula we cannot read
            node = ParseError(str(exc))
        if key is not None:
            cache[key] = node
        return node

    # --- dependencies ----------------------------------------------------------------------
    def refs_of(self, node: Node, seen: set[str] | None = None) -> list[Ref]:
        """Every reference in a tree, names expanded."""
        hit = self._refs_cache.get(id(node))
        if hit is not None:
            return hit
        out: list[Ref] = []
        stack = [node]
        seen = seen or set()
        while stack:
            x = stack.pop()
            if isinstance(x, Ref):
                out.append(x)
            elif isinstance(x, (Unary,)):
                stack.append(x.arg)
            elif isinstance(x, Binary):
                stack.extend((x.left, x.right))
            elif isinstance(x, Call):
                stack.extend(x.args)
            elif isinstance(x, Name) and x.name not in seen:
                seen.add(x.name)
                target = self.name_node(x, None)
                if isinstance(target, Node):
                    out.extend(self.refs_of(target, seen))
        self._refs_cache[id(node)] = out
        return out

    def areas(self, run: Run, node: Node | None = None, r1: int | None = None, r2: int | None = None) -> list[tuple[Sheet, int, int, int, int]]:
        """The areas a run (or rows r1..r2 of it) reads."""
        node = node or run.node
        if node is None:
            return []
        r1 = run.r1 if r1 is None else r1
        r2 = run.r2 if r2 is None else r2
        out = []
        for ref in self.refs_of(node):
            sheet = self._sheets.get(ref.sheet.lower()) if ref.sheet else run.sheet
            if sheet is None:
                continue
            if ref.whole_col:
                top, bottom = 1, max(sheet.nrows, 1)
            else:
                top = ref.r1 if ref.r1_abs else r1 + ref.r1
                bottom = ref.r2 if ref.r2_abs else r2 + ref.r2
            if ref.whole_row:
                left, right = 1, max(sheet.ncols, 1)
            else:
                left = ref.c1 if ref.c1_abs else run.col + ref.c1
                right = ref.c2 if ref.c2_abs else run.col + ref.c2
            out.append((sheet, min(top, bottom), left, max(top, bottom), right))
        return out

    def order(self) -> list[list[int]]:
        """Runs grouped into strongly connected components, precedents first."""
        index: dict[str, dict[int, tuple[list[int], list[int], list[int]]]] = {}
        by_col: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
        for i, run in enumerate(self.runs):
            if run.array:
                ar1, ac1, ar2, ac2 = run.array
                for c in range(ac1, ac2 + 1):
                    by_col.setdefault((run.sheet.name, c), []).append((ar1, ar2, i))
            else:
                by_col.setdefault((run.sheet.name, run.col), []).append((run.r1, run.r2, i))
        for (sname, c), lst in by_col.items():
            lst.sort()
            index.setdefault(sname, {})[c] = ([a for a, _, _ in lst], [b for _, b, _ in lst], [i for _, _, i in lst])
        self._index = index
        wanted: dict[int, tuple[Sheet, set[int]]] = {}
        for run in self.runs:
            areas = self.areas(run)
            run.deps = self.find_runs(areas)
            for sheet, _r1, c1, _r2, c2 in areas:
                if c2 - c1 < 64:
                    wanted.setdefault(id(sheet), (sheet, set()))[1].update(range(c1, c2 + 1))
        for sheet, cols in wanted.values():
            sheet.preload(sorted(c for c in cols if c <= max(sheet.ncols, 1)))
        return tarjan(len(self.runs), lambda v: self.runs[v].deps)

    def find_runs(self, areas: list[tuple[Sheet, int, int, int, int]]) -> list[int]:
        deps: list[int] = []
        for sheet, r1, c1, r2, c2 in areas:
            cols = self._index.get(sheet.name)
            if not cols:
                continue
            keys = range(c1, c2 + 1) if c2 - c1 < len(cols) else [c for c in cols if c1 <= c <= c2]
            for c in keys:
                entry = cols.get(c)
                if entry is None:
                    continue
                starts, ends, ids = entry
                lo = bisect.bisect_left(ends, r1)
                hi = bisect.bisect_right(starts, r2)
                deps.extend(ids[lo:hi])
        return deps

    # --- evaluation --------------------------------------------------------------------------
    def run_all(self) -> None:
        for comp in self.order():
            if len(comp) == 1 and comp[0] not in self.runs[comp[0]].deps:
                self.eval_run(self.runs[comp[0]])
            else:
                self.eval_cycle([self.runs[i] for i in comp])
        _INDEX_CACHE.clear()
        for name, cells in sorted(self.unknown.items()):
            shown = ", ".join(sorted(cells)[:5]) + (" ..." if len(cells) > 5 else "")
            self.warnings.append(f"unknown function {name} (result #NAME?) in {sum(cells.values())} cell(s): {shown}")
        for problem, cell in self.internal.items():
            self.warnings.append(f"could not evaluate {problem} (first at {cell}; result #VALUE!)")
        if self.circular:
            shown = ", ".join(self.circular[:10]) + (" ..." if len(self.circular) > 10 else "")
            self.warnings.append(f"circular reference: {len(self.circular)} cell(s) set to {E_CIRC}: {shown}")

    def eval_cycle(self, runs: list[Run]) -> None:
        """Split runs that refer to each other into cells; evaluate in order; flag true cycles."""
        cells: list[tuple[Run, int]] = [(run, r) for run in runs for r in range(run.r1, run.r2 + 1)]
        pos: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
        for i, (run, r) in enumerate(cells):
            cols = [run.col] if not run.array else list(range(run.array[1], run.array[3] + 1))
            rows = (r, r) if not run.array else (run.array[0], run.array[2])
            for c in cols:
                pos.setdefault((run.sheet.name, c), ([], []))
                pos[(run.sheet.name, c)][0].append(rows[0])
                pos[(run.sheet.name, c)][1].append(i)
        lookup: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
        for key, (rows, ids) in pos.items():
            o = np.argsort(rows, kind="stable")
            lookup[key] = (np.asarray(rows)[o], np.asarray(ids)[o])
        deps: list[list[int]] = []
        for run, r in cells:
            d: list[int] = []
            for sheet, r1, c1, r2, c2 in self.areas(run, None, r, r):
                for c in range(c1, c2 + 1):
                    hit = lookup.get((sheet.name, c))
                    if hit is None:
                        continue
                    rows, ids = hit
                    lo = np.searchsorted(rows, r1, "left")
                    hi = np.searchsorted(rows, r2, "right")
                    d.extend(ids[lo:hi].tolist())
            deps.append(d)
        for comp in tarjan(len(cells), lambda v: deps[v]):
            if len(comp) == 1 and comp[0] not in deps[comp[0]]:
                run, r = cells[comp[0]]
                self.store(run, r, 1, self.eval_cell(run, r))
            else:
                for v in comp:
                    run, r = cells[v]
                    self.circular.append(f"{run.sheet.name}!{_a1(r, run.col)}")
                    self.store(run, r, 1, E_CIRC)

    def eval_run(self, run: Run) -> None:
        if run.node is None:
            self.store(run, run.r1, run.n, run.error or E_NAME)
            return
        if run.array or run.n == 1:
            self.store(run, run.r1, 1, self.eval_cell(run, run.r1))
            return
        ctx = Ctx(run.sheet, run.r1, run.col, run.n)
        try:
            value = self.top(self.ev(run.node, ctx), ctx)
        except Fallback:
            out = np.empty(run.n, dtype=object)
            for i, r in enumerate(range(run.r1, run.r2 + 1)):
                out[i] = self.eval_cell(run, r)
            value = out
        self.store(run, run.r1, run.n, value)

    def eval_cell(self, run: Run, row: int) -> Any:
        if run.node is None:
            return run.error or E_NAME
        ctx = Ctx(run.sheet, row, run.col, None, bool(run.array))
        try:
            value = self.ev(run.node, ctx)
        except Fallback:  # cannot happen in cell mode; keep the engine total
            value = E_VALUE
        except RecursionError:
            value = E_VALUE
        if run.array:
            return value
        return self.top(value, ctx)

    def top(self, value: Any, ctx: Ctx) -> Any:
        """The value a (non-array) formula cell shows: implicit intersection of ranges."""
        if isinstance(value, RowBlock):
            raise Fallback()
        if isinstance(value, Range):
            rows, cols = value.shape
            if rows == 1 and cols == 1:
                return value.cell(0, 0)
            if ctx.n is None:
                if cols == 1 and value.r1 <= ctx.row <= value.r2:
                    return value.cell(ctx.row - value.r1, 0)
                if rows == 1 and value.c1 <= ctx.col <= value.c2:
                    return value.cell(0, ctx.col - value.c1)
                return E_VALUE
            if cols == 1:
                out = np.empty(ctx.n, dtype=object)
                out.fill(E_VALUE)
                rr = np.arange(ctx.row, ctx.row + ctx.n)
                inside = (rr >= value.r1) & (rr <= value.r2)
                vals = to_object(value.values[:, 0])
                out[inside] = vals[rr[inside] - value.r1]
                return out
            return E_VALUE
        if isinstance(value, np.ndarray) and value.ndim == 2:
            return scalar_of(value[0, 0]) if value.size else E_VALUE
        return value

    def store(self, run: Run, row: int, n: int, value: Any) -> None:
        """Write results into the sheet's columns (blank results read 0, as Excel shows them)."""
        sheet = run.sheet
        if run.array:
            r1, c1, r2, c2 = run.array
            sheet.ensure_rows(r2)
            arr = as_array(value)
            if arr is None:
                arr = np.array([[scalar_of(value)]], dtype=object)
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
            return
        col = run.col
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

    # --- expressions -------------------------------------------------------------------------
    def sheet_of(self, name: str | None, ctx: Ctx) -> Sheet | None:
        return ctx.sheet if name is None else self._sheets.get(name.lower())

    def ev(self, node: Node, ctx: Ctx) -> Any:
        t = type(node)
        if t is Const:
            return node.value
        if t is Ref:
            return self.ref(node, ctx)
        if t is Binary:
            if node.op == ":":
                return _span(self.ev(node.left, ctx), self.ev(node.right, ctx))
            return ops.binary(ctx.n, node.op, self.ev(node.left, ctx), self.ev(node.right, ctx))
        if t is Call:
            return self.call(node, ctx)
        if t is Unary:
            arg = self.ev(node.arg, ctx)
            return ops.negate(ctx.n, arg) if node.op == "-" else ops.percent(ctx.n, arg)
        if t is ArrayConst:
            return node.value
        if t is Name:
            target = self.name_node(node, ctx)
            return target if isinstance(target, XLError) else self.ev(target, ctx)
        return E_VALUE

    def name_node(self, node: Name, ctx: Ctx | None) -> Node | XLError:
        sheet = self.sheet_of(node.sheet, ctx) if ctx is not None else None
        local = sheet.index if sheet is not None else None
        for key in ((local, node.name), (None, node.name)):
            if key in self._names:
                return self._names[key]
            text = self.book.names.get(key)
            if text is not None:
                scope = self.book.sheets[key[0]] if key[0] is not None else (self.book.sheets[0] if self.book.sheets else None)
                try:
                    parsed: Node | XLError = parse(text, scope.name if scope else "", 1, 1, self.resolver)
                except Exception:  # noqa: BLE001 - an unreadable name is #NAME? where used
                    parsed = E_NAME
                self._names[key] = parsed
                return parsed
        return E_NAME

    def ref(self, node: Ref, ctx: Ctx) -> Any:
        sheet = self.sheet_of(node.sheet, ctx)
        if sheet is None:
            return E_REF
        col = node.c1 if node.c1_abs else ctx.col + node.c1
        if not node.area:
            if col < 1:
                return E_REF
            if node.r1_abs or ctx.n is None:
                row = node.r1 if node.r1_abs else ctx.row + node.r1
                if row < 1:
                    return E_REF
                if row > sheet.nrows:
                    return None
                return sheet.value(col, row)
            start = ctx.row + node.r1
            n = ctx.n
            if start < 1:
                raise Fallback()
            part = sheet.slice(col, start, min(start + n - 1, sheet.nrows)) if start <= sheet.nrows else None
            if part is None:
                return np.full(n, np.nan)
            if len(part) == n:
                return part
            out = np.full(n, np.nan) if part.dtype != object else np.full(n, None, dtype=object)
            out[: len(part)] = part
            return out
        if ctx.n is not None and not (node.r1_abs and node.r2_abs):
            if node.r1_abs or node.r2_abs or node.r1 != node.r2 or node.whole_col or node.whole_row:
                raise Fallback()
            return self.row_block(sheet, node, ctx)
        if node.whole_col:
            r1, r2 = 1, max(sheet.nrows, 1)
        else:
            r1 = node.r1 if node.r1_abs else ctx.row + node.r1
            r2 = node.r2 if node.r2_abs else ctx.row + node.r2
        if node.whole_row:
            c1, c2 = 1, max(sheet.ncols, 1)
        else:
            c1, c2 = col, node.c2 if node.c2_abs else ctx.col + node.c2
        if r1 < 1 or c1 < 1:
            return E_REF
        return Range(sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def row_block(self, sheet: Sheet, node: Ref, ctx: Ctx) -> RowBlock:
        """A one-row range moving with the row, for every row of the run at once."""
        c1 = node.c1 if node.c1_abs else ctx.col + node.c1
        c2 = node.c2 if node.c2_abs else ctx.col + node.c2
        start = ctx.row + node.r1
        if start < 1 or c1 < 1 or c2 - c1 > 255:
            raise Fallback()
        cols = []
        for c in range(min(c1, c2), max(c1, c2) + 1):
            part = self.ref(Ref(node.sheet, node.r1, c, node.r1, c, False, True, False, True, False), ctx)
            cols.append(part if isinstance(part, np.ndarray) else np.full(ctx.n, np.nan))
        if all(p.dtype == np.float64 for p in cols):
            return RowBlock(np.column_stack(cols))
        return RowBlock(np.column_stack([to_object(p) for p in cols]))

    def call(self, node: Call, ctx: Ctx) -> Any:
        name = node.name
        if name in LAZY:
            return self.lazy(name, node.args, ctx)
        entry = FUNCTIONS.get(name)
        declared = SPECS.get(name) if entry is None else None
        if declared is not None:
            return self.call_declared(declared, node, ctx)
        spec = None
        if entry is None:
            spec = _registry().get(name)
            if spec is None:
                cell = f"{ctx.sheet.name}!{_a1(ctx.row, ctx.col)}"
                if ctx.n is not None and ctx.n > 1:
                    cell += f":{_a1(ctx.row + ctx.n - 1, ctx.col)}"
                self.unknown.setdefault(name, {})[cell] = ctx.n or 1
                return E_NAME
        whole = ARRAY_ARGS.get(name, frozenset()) if spec is None else frozenset()
        if whole is None:
            args = [self.ev(a, ctx.as_array()) for a in node.args]
        else:
            args = [self.ev(a, ctx.as_array() if i in whole else ctx) for i, a in enumerate(node.args)]
        refs = tuple(isinstance(a, (Ref, Name)) for a in node.args)
        if spec is not None:
            while args and isinstance(node.args[len(args) - 1], Const) and node.args[len(args) - 1].value is None:
                args.pop()
            return self.call_udf(spec.func, args, ctx)
        impl, kind = entry
        try:
            if kind == "rowwise" and ctx.n is not None:
                return self.rowwise(lambda a: impl(None, a, refs), args, ctx)
            return impl(ctx.n, args, refs)
        except Err as e:
            return e.err
        except (Fallback, RecursionError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - an engine gap is #VALUE! in the cell, plus a warning
            self.internal.setdefault(f"{name}: {type(exc).__name__}: {exc}", f"{ctx.sheet.name}!{_a1(ctx.row if ctx.n is None else ctx.row, ctx.col)}")
            return E_VALUE

    def call_declared(self, spec: Any, node: Call, ctx: Ctx) -> Any:
        """A function declared in :mod:`.functions` (see :mod:`.functions.spec`)."""
        args = []
        for i, a in enumerate(node.args):
            if spec.takes_reference(i):
                args.append(self.reference(a, ctx))
            elif spec.array_argument(i):
                args.append(self.ev(a, ctx.as_array()))
            else:
                args.append(self.ev(a, ctx))
        missing = tuple(type(a) is Const and a.value is None for a in node.args)
        refs = tuple(isinstance(a, (Ref, Name)) for a in node.args)
        try:
            return call_spec(spec, args, ctx, missing=missing, refs=refs, settings=self.settings, book=self.book, evaluator=self)
        except (Fallback, RecursionError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - an engine gap is #VALUE! in the cell, plus a warning
            self.internal.setdefault(f"{node.name}: {type(exc).__name__}: {exc}", f"{ctx.sheet.name}!{_a1(ctx.row, ctx.col)}")
            return E_VALUE

    def reference(self, node: Node, ctx: Ctx) -> Any:
        """An argument evaluated as a reference (a :class:`Range`, even for one cell)."""
        if type(node) is Name:
            target = self.name_node(node, ctx)
            return target if isinstance(target, XLError) else self.reference(target, ctx)
        if type(node) is Ref and not node.area:
            sheet = self.sheet_of(node.sheet, ctx)
            if sheet is None:
                return E_REF
            if ctx.n is not None and not node.r1_abs:
                raise Fallback()
            row = node.r1 if node.r1_abs else ctx.row + node.r1
            col = node.c1 if node.c1_abs else ctx.col + node.c1
            if row < 1 or col < 1:
                return E_REF
            return Range(sheet, row, col, row, col)
        return self.ev(node, ctx)

    def call_udf(self, func: Any, args: list[Any], ctx: Ctx) -> Any:
        if any(isinstance(a, RowBlock) for a in args):
            raise Fallback()
        vals = [a.values if isinstance(a, Range) else a for a in args]

        def one(vs: list[Any]) -> Any:
            try:
                out = func(*vs)
            except Exception:  # noqa: BLE001 - a failing function is #VALUE! in its cell
                return E_VALUE
            if isinstance(out, np.ndarray) and out.ndim == 0:
                out = out.item()
            if isinstance(out, float) and out != out:
                return E_VALUE
            return out

        if ctx.n is not None:
            has_row = any(isinstance(v, np.ndarray) and v.ndim == 1 for v in vals)
            has_area = any(isinstance(v, np.ndarray) and v.ndim == 2 for v in vals)
            if has_row and has_area:
                return self.rowwise(one, vals, ctx)
            out = one(vals)
            if isinstance(out, np.ndarray) and out.size == ctx.n and out.ndim == 2 and has_row:
                out = out.reshape(-1)
            return out
        return one(vals)

    def rowwise(self, impl: Any, args: list[Any], ctx: Ctx) -> Any:
        """Call a one-cell implementation once per distinct combination of per-row values."""
        idx = [i for i, a in enumerate(args) if isinstance(a, np.ndarray) and a.ndim == 1]
        if not idx:
            out = impl(args)
            if isinstance(out, Range) or (isinstance(out, np.ndarray) and out.ndim == 2):
                return out
            return out
        lists = [to_object(args[i]).tolist() for i in idx]
        cache: dict[tuple, Any] = {}
        results = []
        a2 = list(args)
        for combo in zip(*lists, strict=True):
            key = tuple((type(v), v) for v in combo)
            hit = cache.get(key, cache)
            if hit is cache:
                for i, v in zip(idx, combo, strict=True):
                    a2[i] = v
                try:
                    hit = impl(a2)
                except Err as e:
                    hit = e.err
                if isinstance(hit, (Range, np.ndarray)):
                    hit = self.top(hit, Ctx(ctx.sheet, ctx.row, ctx.col, None))
                cache[key] = hit
            results.append(hit)
        return _obj(results)

    def lazy(self, name: str, args: tuple[Node, ...], ctx: Ctx) -> Any:
        n = ctx.n
        if name in ("IFERROR", "IFNA"):
            if len(args) != 2:
                return E_VALUE
            v = self.ev(args[0], ctx)
            only_na = name == "IFNA"
            arr = as_array(v)
            if arr is None:
                v = scalar_of(v)
                if type(v) is XLError and (not only_na or v == "#N/A"):
                    return _missing(self.ev(args[1], ctx))
                return v
            mask = errors_mask(arr)
            if only_na and mask.any():
                mask &= np.fromiter((x == "#N/A" for x in arr.ravel()), bool, arr.size).reshape(arr.shape)
            if not mask.any():
                return v
            alt = _missing(self.ev(args[1], ctx))
            return _select(n, ~mask, arr, alt)
        if name == "IF":
            if not 1 <= len(args) <= 3:
                return E_VALUE
            cond = self.ev(args[0], ctx)
            carr = as_array(cond)
            if carr is None:
                c = scalar_of(cond)
                if type(c) is XLError:
                    return c
                try:
                    truth = boolean(c)
                except Err as e:
                    return e.err
                if truth:
                    return _missing(self.ev(args[1], ctx)) if len(args) > 1 else True
                return _missing(self.ev(args[2], ctx)) if len(args) > 2 else False
            mask, errs = _conditions(carr)
            a = _missing(self.ev(args[1], ctx)) if len(args) > 1 else True
            if not mask.any() and errs is None:
                a = 0.0
            b = _missing(self.ev(args[2], ctx)) if len(args) > 2 else False
            out = _select(n, mask, a, b)
            if errs is not None:
                out = _select(n, errs == None, out, errs)  # noqa: E711
            return out
        if name == "IFS":
            if len(args) < 2 or len(args) % 2:
                return E_VALUE
            if n is None:
                for i in range(0, len(args), 2):
                    c = self.ev(args[i], ctx)
                    if as_array(c) is not None:
                        return self._ifs_array(args, ctx)
                    c = scalar_of(c)
                    if type(c) is XLError:
                        return c
                    try:
                        if boolean(c):
                            return _missing(self.ev(args[i + 1], ctx))
                    except Err as e:
                        return e.err
                return E_NA
            return self._ifs_array(args, ctx)
        if name == "CHOOSE":
            if len(args) < 2:
                return E_VALUE
            k = self.ev(args[0], ctx)
            karr = as_array(k)
            if karr is None:
                try:
                    i = int(_num(k))
                except Err as e:
                    return e.err
                if not 1 <= i < len(args):
                    return E_VALUE
                return _missing(self.ev(args[i], ctx))
            opts = [_missing(self.ev(a, ctx)) for a in args[1:]]
            out = E_VALUE
            for i in range(len(opts), 0, -1):
                mask = np.fromiter((_safe_int(x) == i for x in to_object(karr).ravel()), bool, karr.size).reshape(karr.shape)
                out = _select(n, mask, opts[i - 1], out)
            return out
        return E_VALUE

    def _ifs_array(self, args: tuple[Node, ...], ctx: Ctx) -> Any:
        out: Any = E_NA
        for i in range(len(args) - 2, -1, -2):
            c = self.ev(args[i], ctx)
            carr = as_array(c)
            if carr is None:
                try:
                    truth = boolean(scalar_of(c))
                except Err as e:
                    out = e.err
                    continue
                out = _missing(self.ev(args[i + 1], ctx)) if truth else out
                continue
            mask, errs = _conditions(carr)
            out = _select(ctx.n, mask, _missing(self.ev(args[i + 1], ctx)), out)
            if errs is not None:
                out = _select(ctx.n, errs == None, out, errs)  # noqa: E711
        return out


_DIGITS_SPLIT = re.compile(r"([0-9]+)")


def _plain_keys(fc: Any, cells: list[int], kid: np.ndarray, ids: dict[Any, int]) -> None:
    """Group keys of plain (non-shared) formula cells.

    The exact key is the formula written relative to its cell (:func:`relative_key`, a
    regex substitution per cell). A filled-down column is recognised faster: a cell whose
    formula is the run's first formula with exactly its relative row numbers moved by the
    row distance (compared as text, cut at its numbers) belongs to that run.
    """
    idx = np.asarray(cells, dtype=np.int64)
    order = idx[np.lexsort((fc.rows[idx], fc.cols[idx]))].tolist()
    rows, cols = fc.rows.tolist(), fc.cols.tolist()
    texts = fc.texts
    split = _DIGITS_SPLIT.split
    prev_col = prev_row = -1
    base: list[str] = []
    movers: list[tuple[int, int]] = []  # (position in the split list, base number)
    base_row = 0
    key_id = -1
    for i in order:
        text = texts[i]
        row, col = rows[i], cols[i]
        if col == prev_col and row == prev_row + 1:
            parts = split(text)
            if len(parts) == len(base):
                dr = row - base_row
                expected = base.copy()
                for pos, number in movers:
                    expected[pos] = str(number + dr)
                if parts == expected:
                    kid[i] = key_id
                    prev_row = row
                    continue
        key = ("r", relative_key(text, row, col))
        key_id = kid[i] = ids.setdefault(key, len(ids))
        prev_col, prev_row, base_row = col, row, row
        base = split(text)
        starts = {m.start(4) for m in _KEY_RE.finditer(text) if m.group(4) and not m.group(3)}
        movers = []
        offset = 0
        for pos, part in enumerate(base):
            if pos % 2 == 1 and offset in starts:
                movers.append((pos, int(part)))
            offset += len(part)


def _span(a: Any, b: Any) -> Any:
    """The range operator ``a:b`` between two references (e.g. ``INDEX(..):INDEX(..)``)."""
    if type(a) is XLError:
        return a
    if type(b) is XLError:
        return b
    if not isinstance(a, Range) or not isinstance(b, Range) or a.sheet is not b.sheet:
        return E_VALUE
    return Range(a.sheet, min(a.r1, b.r1), min(a.c1, b.c1), max(a.r2, b.r2), max(a.c2, b.c2))


def _num(v: Any) -> float:
    from .values import num

    return num(scalar_of(v))


def _safe_int(v: Any) -> int:
    try:
        return int(_num(v))
    except Err:
        return -1


def _missing(v: Any) -> Any:
    """An omitted argument used as a value reads 0."""
    return 0.0 if v is None else v


def _conditions(carr: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(truth mask, error array or None) of a condition array."""
    if carr.dtype == bool:
        return carr, None
    if carr.dtype == np.float64:
        return (carr != 0) & ~np.isnan(carr), None
    flat = carr.ravel().tolist()
    mask = np.zeros(len(flat), bool)
    errs = None
    for i, v in enumerate(flat):
        try:
            mask[i] = boolean(v)
        except Err as e:
            if errs is None:
                errs = np.full(len(flat), None, dtype=object)
            errs[i] = e.err
    return mask.reshape(carr.shape), (None if errs is None else errs.reshape(carr.shape))


def _select(n: int | None, mask: np.ndarray, a: Any, b: Any) -> Any:
    """Element-wise ``a if mask else b``."""
    A, B = as_array(a), as_array(b)
    arrays = [x for x in (mask, A, B) if x is not None]
    from .values import check_mix

    check_mix(n, arrays)
    try:
        shape = np.broadcast_shapes(*(x.shape for x in arrays))
    except ValueError:
        return E_VALUE
    av = A if A is not None else scalar_of(a)
    bv = B if B is not None else scalar_of(b)
    if _is_float(av) and _is_float(bv):
        return np.where(np.broadcast_to(mask, shape), av, bv).astype(np.float64)
    if isinstance(av, np.ndarray):
        av = to_object(av)
    if isinstance(bv, np.ndarray):
        bv = to_object(bv)
    out = np.empty(shape, dtype=object)
    out[...] = bv if not isinstance(bv, np.ndarray) else np.broadcast_to(bv, shape)
    m = np.broadcast_to(mask, shape)
    if isinstance(av, np.ndarray):
        out[m] = np.broadcast_to(av, shape)[m]
    else:
        out[m] = av
    return out


def _is_float(x: Any) -> bool:
    return (isinstance(x, np.ndarray) and x.dtype == np.float64) or type(x) is float


_PLAIN = frozenset((float, str, XLError, bool))


def _cell_value(v: Any) -> Any:
    """A computed value as stored in a cell: blank reads 0, numpy scalars become Python."""
    if v is None:
        return 0.0
    if isinstance(v, (Range, np.ndarray)):
        return E_VALUE
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
    from .refs import col_letters

    return f"{col_letters(col)}{row}"


_REG: dict | None = None


def _registry() -> dict:
    global _REG
    if _REG is None:
        try:
            from ..registry import REGISTRY

            _REG = REGISTRY
        except Exception:  # noqa: BLE001 - without the library, SOCROI names are unknown
            return {}
    return _REG


def tarjan(n: int, succ: Any) -> list[list[int]]:
    """Strongly connected components of a graph (iterative Tarjan), successors first."""
    index = [-1] * n
    low = [0] * n
    on = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on[root] = True
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if index[w] < 0:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on[w] = True
                    work.append((w, iter(succ(w))))
                    advanced = True
                    break
                if on[w]:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on[w] = False
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out
