"""The order of evaluation: which runs read which, grouped into strongly connected
components (Tarjan), precedents first.

Dependencies are found statically, from the references written in each formula (names
expanded). References built while evaluating (OFFSET, INDIRECT, a spill ``A1#``) are not
known here: the evaluator computes what they reach on demand (see
:meth:`~.evaluator.Evaluator.demand`), and reports a cycle through them as a circular
reference.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any

from ..xl.refs import MAX_ROW
from .parser import Binary, Call, Invoke, Name, Node, Ref, Unary
from .runs import Run

Area = tuple[Any, int, int, int, int]  # (sheet, r1, c1, r2, c2)


def refs_of(
    node: Node,
    expand: Callable[[Name], Node | None],
    cache: dict[int, list[Ref]],
    skip: Callable[[str, int], bool] | None = None,
) -> list[Ref]:
    """Every reference in a tree, defined names expanded (each name once). ``skip(function,
    i)`` leaves out arguments that are taken as references without reading their cells
    (ROW(A1), OFFSET's base)."""
    hit = cache.get(id(node))
    if hit is not None:
        return hit
    out: list[Ref] = []
    stack = [node]
    seen: set = set()
    while stack:
        x = stack.pop()
        t = type(x)
        if t is Ref:
            out.append(x)
        elif t is Binary:
            stack.extend((x.left, x.right))
        elif t is Call or t is Invoke:
            if skip is not None and t is Call:
                stack.extend(a for i, a in enumerate(x.args) if not skip(x.name, i))
            else:
                stack.extend(x.args)
            if t is Invoke:
                stack.append(x.func)
            elif x.name not in seen:  # a LAMBDA kept in a defined name, called by its name
                target = expand(Name(x.name, None))
                if target is not None:
                    seen.add(x.name)
                    stack.append(target)
        elif t is Unary:
            stack.append(x.arg)
        elif t is Name and (x.sheet, x.name) not in seen:
            seen.add((x.sheet, x.name))  # type: ignore[arg-type]
            target = expand(x)
            if target is not None:
                stack.append(target)
    cache[id(node)] = out
    return out


def calls_in(node: Node, expand: Callable[[Name], Node | None]) -> set[str]:
    """The names of every function called in a tree (names expanded)."""
    out: set[str] = set()
    stack = [node]
    seen: set = set()
    while stack:
        x = stack.pop()
        t = type(x)
        if t is Call:
            out.add(x.name)
            stack.extend(x.args)
        elif t is Invoke:
            stack.append(x.func)
            stack.extend(x.args)
        elif t is Binary:
            stack.extend((x.left, x.right))
        elif t is Unary:
            stack.append(x.arg)
        elif t is Name and (x.sheet, x.name) not in seen:
            seen.add((x.sheet, x.name))
            target = expand(x)
            if target is not None:
                stack.append(target)
    return out


class Graph:
    """Runs indexed by the cells they write, and their static dependencies."""

    def __init__(self, runs: list[Run], sheets: dict[str, Any], refs: Callable[[Node], list[Ref]]) -> None:
        self.runs = runs
        self._sheets = sheets
        self._refs = refs
        self.index: dict[str, dict[int, tuple[list[int], list[int], list[int], list[int]]]] = {}
        self.extra: list[tuple[Any, int, int, int, int, int]] = []  # (sheet, r1, c1, r2, c2, run): spills
        self.reindex()

    def reindex(self, extra: Iterable[tuple[Any, int, int, int, int, int]] = ()) -> None:
        """Index every run by the cells it writes (an array formula: its whole range;
        ``extra``: spill ranges of formulas grouped in column runs)."""
        self.extra = list(extra)
        by_col: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
        for i, run in enumerate(self.runs):
            if run.array:
                ar1, ac1, ar2, ac2 = run.array
                for c in range(ac1, ac2 + 1):
                    by_col.setdefault((run.sheet.name, c), []).append((ar1, ar2, i))
            else:
                by_col.setdefault((run.sheet.name, run.col), []).append((run.r1, run.r2, i))
        for sheet, r1, c1, r2, c2, i in self.extra:
            for c in range(c1, c2 + 1):
                if c != self.runs[i].col:
                    by_col.setdefault((sheet.name, c), []).append((r1, r2, i))
                elif r2 > r1:
                    by_col.setdefault((sheet.name, c), []).append((r1 + 1, r2, i))
        index: dict[str, dict[int, tuple[list[int], list[int], list[int], list[int]]]] = {}
        for (sname, c), lst in by_col.items():
            lst.sort()
            # the running maximum of the ends is sorted (bisect on it), the true ends checked
            starts, reach, ids, ends = [], [], [], []
            for a, b, i in lst:
                starts.append(a)
                reach.append(max(b, reach[-1]) if reach else b)
                ids.append(i)
                ends.append(b)
            index.setdefault(sname, {})[c] = (starts, reach, ids, ends)
        self.index = index

    def areas(self, run: Run, r1: int | None = None, r2: int | None = None) -> list[Area]:
        """The areas a run (or rows r1..r2 of it) refers to."""
        node = run.node
        if node is None:
            return []
        r1 = run.r1 if r1 is None else r1
        r2 = run.r2 if r2 is None else r2
        out = []
        for ref in self._refs(node):
            if ref.book is not None:
                continue
            names = [ref.sheet] if ref.sheet2 is None else self._sheet_span(ref.sheet, ref.sheet2)
            for name in names:
                sheet = self._sheets.get(name.lower()) if name else run.sheet
                if sheet is None:
                    continue
                if ref.whole_col:
                    top, bottom = 1, max(sheet.nrows, 1)
                elif ref.wrap and not (ref.r1_abs and ref.r2_abs):  # a name's relative rows wrap: any row
                    top, bottom = 1, MAX_ROW
                else:
                    top = ref.row(r1, 1)
                    bottom = ref.row(r2, 2)
                if ref.whole_row:
                    left, right = 1, max(sheet.ncols, 1)
                else:
                    left, right = ref.col(run.col, 1), ref.col(run.col, 2)
                out.append((sheet, min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
        return out

    def _sheet_span(self, a: str | None, b: str | None) -> list[str]:
        names = list(self._sheets)
        try:
            i, j = names.index((a or "").lower()), names.index((b or "").lower())
        except ValueError:
            return []
        if i > j:
            i, j = j, i
        return names[i : j + 1]

    def find_runs(self, areas: Iterable[Area]) -> list[int]:
        """The runs writing any cell of the areas."""
        deps: list[int] = []
        for sheet, r1, c1, r2, c2 in areas:
            cols = self.index.get(sheet.name)
            if not cols:
                continue
            keys: Iterable[int] = range(c1, c2 + 1) if c2 - c1 < len(cols) else [c for c in cols if c1 <= c <= c2]
            for c in keys:
                entry = cols.get(c)
                if entry is None:
                    continue
                starts, reach, ids, ends = entry
                lo = bisect.bisect_left(reach, r1)
                hi = bisect.bisect_right(starts, r2)
                for k in range(lo, hi):
                    if ends[k] >= r1:
                        deps.append(ids[k])
        return deps

    def dependencies(self) -> list[list[tuple[Any, int, int, int, int]]]:
        """Set each run's ``deps``; returns the areas each run reads."""
        all_areas = []
        for run in self.runs:
            areas = self.areas(run)
            run.deps = self.find_runs(areas)
            all_areas.append(areas)
        return all_areas


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
