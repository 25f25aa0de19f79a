"""Formula cells grouped into *runs*, the unit the evaluator computes.

A run is consecutive cells of one column whose formulas are the same when written relative
to their own row (Excel's shared formulas, or a column filled down): it is parsed once and
evaluated once, on whole numpy columns. An array formula (legacy ``{=...}`` or a dynamic
array, which spills) is a run of its own anchored at its top-left cell.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import XLError
from ..xl.refs import col_letters, parse_range
from ..xl.shift import RowTemplate, relative_key
from .datatables import DataTable
from .package import Book, Sheet, formula_attrs
from .parser import Node, ParseError, Resolver, parse

E_NAME = XLError("#NAME?")


@dataclass(eq=False)
class Run:
    """Formula cells evaluated together: rows r1..r2 of one column, or an array formula."""

    sheet: Sheet
    col: int
    r1: int
    r2: int
    text: str
    node: Node | None
    error: XLError | None = None
    #: (r1, c1, r2, c2) of an array formula's range as the file gives it (for a dynamic
    #: array: its spill range when the file was saved)
    array: tuple[int, int, int, int] | None = None
    #: a dynamic-array formula (Excel 365): its result spills from the anchor
    dynamic: bool = False
    #: a what-if data table (``<f t="dataTable">``): its layout (:mod:`.datatables`)
    table: DataTable | None = None
    deps: list[int] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.r2 - self.r1 + 1

    def cell(self, row: int | None = None) -> str:
        """``Sheet!A1`` of the run's first cell (or of ``row``)."""
        return f"{self.sheet.name}!{col_letters(self.col)}{self.r1 if row is None else row}"

    def span(self) -> str:
        """``Sheet!A1:A9`` (or ``Sheet!A1``) of the run's cells."""
        if self.n == 1:
            return self.cell()
        return f"{self.cell()}:{col_letters(self.col)}{self.r2}"


def dynamic_flags(sheet: Sheet) -> np.ndarray | None:
    """Which formula cells of a sheet are dynamic arrays (the reader's
    ``FormulaCells.dynamic``, from Excel 365's cell metadata), or None when none is."""
    fc = sheet.formulas
    flags = getattr(fc, "dynamic", None)
    if flags is None or len(flags) != len(fc.rows) or not np.any(flags):
        return None
    return np.asarray(flags, bool)


def build_runs(book: Book, resolver: Resolver, warnings: list[str], data_table_cells: list[int] | None = None) -> list[Run]:
    """Every formula of the workbook as runs, in sheet order (warnings appended: unreadable
    and empty formulas, data tables that cannot be read; ``data_table_cells[0]`` counts the
    cells of those tables, which keep their saved values). A data table is a run of its
    own covering its result range (:mod:`.datatables`)."""
    data_table_cells = data_table_cells if data_table_cells is not None else [0]
    data_tables: list[str] = []
    runs: list[Run] = []
    cache: dict[Any, Node | ParseError] = {}
    for sheet in book.sheets:
        fc = sheet.formulas
        if fc is None or not len(fc.rows):
            continue
        shared: dict[str, tuple[str, int, int]] = {}
        ids: dict[Any, int] = {}
        dyn = dynamic_flags(sheet)
        # one look-up per distinct <f> attribute string: shared-formula copies share it
        attr_ids = {a: j for j, a in enumerate(dict.fromkeys(fc.attrs))}
        aid = np.fromiter(map(attr_ids.__getitem__, fc.attrs), np.int64, len(fc.attrs))
        infos = [formula_attrs(a) for a in attr_ids]
        per_attr = np.full(len(infos), -2, np.int64)  # key id, or -2: decide per cell
        tables: list[int] = []
        for j, info in enumerate(infos):
            if info.get("t") == "shared":
                per_attr[j] = ids.setdefault(("s", info.get("si", "")), len(ids))
            elif info.get("t") == "dataTable":
                per_attr[j] = -1
                tables.append(j)
        kid = per_attr[aid]
        for i in np.flatnonzero(np.isin(aid, tables)).tolist() if tables else ():  # what-if data tables
            info = infos[aid[i]]
            try:
                table = DataTable.from_attrs(info)
            except ValueError as exc:  # unreadable: the saved values are kept
                cell = f"{sheet.name}!{col_letters(int(fc.cols[i]))}{int(fc.rows[i])}"
                data_tables.append(f"{cell}: data table keeps its saved values ({exc})")
                try:
                    r1, c1, r2, c2 = parse_range(info.get("ref", ""))
                    data_table_cells[0] += (r2 - r1 + 1) * (c2 - c1 + 1)
                except ValueError:
                    data_table_cells[0] += 1
                continue
            row, col = int(fc.rows[i]), int(fc.cols[i])
            run = Run(sheet, col, row, row, "TABLE()", table.node(sheet.name), array=(table.r1, table.c1, table.r2, table.c2), table=table)
            if (table.r1, table.c1) != (row, col):
                run.node, run.error = None, E_NAME
                warnings.append(f"{run.cell()}: data table range {info.get('ref', '')} does not start at its cell (result #NAME?)")
            runs.append(run)
        if dyn is not None:  # a dynamic array is a run of its own
            for i in np.flatnonzero(np.asarray(dyn, bool)).tolist():
                if kid[i] != -1 and fc.texts[i] is not None:
                    kid[i] = -2
        has_text = np.fromiter(map(operator.is_not, fc.texts, itertools.repeat(None)), bool, len(fc.texts))
        is_array = np.array([info.get("t") == "array" for info in infos], bool)[aid]
        is_dyn = np.asarray(dyn, bool) if dyn is not None else np.zeros(len(kid), bool)
        undecided = kid == -2
        # the common case at once: text, not an array formula, not dynamic
        plain = np.flatnonzero(undecided & has_text & ~is_array & ~is_dyn).tolist()
        dplain: list[int] = []  # dynamic arrays that did not spill when saved: grouped too
        extents = None
        for i in np.flatnonzero(undecided & ~(has_text & ~is_array & ~is_dyn)).tolist():
            info = infos[aid[i]]
            if fc.texts[i] is None:  # <f/> that is not a shared-formula copy
                if extents is None:
                    extents = _array_extents(fc, infos, aid, is_array)
                row, col = int(fc.rows[i]), int(fc.cols[i])
                if any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in extents):
                    kid[i] = -1  # a cell of an array's (spill) range: Excel 365 writes <f ca="1"/>
                else:  # nothing to evaluate
                    kid[i] = ids.setdefault(("e", i), len(ids))
            elif is_array[i] and not (is_dyn[i] and _one_cell(info.get("ref", ""))):
                kid[i] = ids.setdefault(("a", i, info.get("ref", "")), len(ids))
            elif is_dyn[i]:
                dplain.append(i)
            else:
                plain.append(i)
        if plain:
            _plain_keys(fc, plain, kid, ids, "r")
        if dplain:
            _plain_keys(fc, dplain, kid, ids, "d")
        for i in np.flatnonzero(has_text & (kid >= 0) & np.isin(aid, np.flatnonzero(per_attr >= 0))).tolist():  # shared masters
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
            if key[0] == "e":
                run = Run(sheet, col, row, row, "", None, E_NAME)
                warnings.append(f"{run.cell()}: empty formula (result #NAME?)")
                runs.append(run)
                continue
            if key[0] == "s":
                master = shared.get(key[1])
                if master is None:
                    continue
                text, mr, mc = master
                node = _parse(cache, resolver, ("s", sheet.name, key[1]), text, sheet, mr, mc)
            else:
                text = fc.texts[int(order[s])] or ""
                ck = (sheet.name, key[1], col if "[" in text else None) if key[0] in "rd" else None
                node = _parse(cache, resolver, ck, text, sheet, row, col)
            run = Run(sheet, col, row, int(r[e]), text, None, dynamic=key[0] == "d")
            if isinstance(node, ParseError):
                run.error = E_NAME
                warnings.append(f"{run.cell()}: cannot read formula ={text} ({node})")
            else:
                run.node = node
            if key[0] == "a":
                i = int(order[s])
                run.dynamic = bool(dyn is not None and dyn[i])
                try:
                    run.array = parse_range(key[2]) if key[2] else (row, col, row, col)
                except ValueError:
                    run.array = (row, col, row, col)
                if run.array[:2] != (row, col):
                    run.array = (row, col, row, col)
                run.r2 = row
            runs.append(run)
    warnings.extend(data_tables)
    return runs


def _array_extents(fc: Any, infos: list[dict[str, str]], aid: np.ndarray, is_array: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The ranges of the array formulas of a sheet, as the file gives them."""
    out = []
    for i in np.flatnonzero(is_array).tolist():
        ref = infos[aid[i]].get("ref", "")
        try:
            out.append(parse_range(ref))
        except ValueError:
            continue
    return out


def _one_cell(ref: str) -> bool:
    try:
        r1, c1, r2, c2 = parse_range(ref) if ref else (1, 1, 1, 1)
    except ValueError:
        return True
    return r1 == r2 and c1 == c2


def _parse(cache: dict, resolver: Resolver, key: Any, text: str, sheet: Sheet, row: int, col: int) -> Node | ParseError:
    if key is not None and key in cache:
        return cache[key]
    try:
        node: Node | ParseError = parse(text, sheet.name, row, col, resolver)
    except ParseError as exc:
        node = exc
    except Exception as exc:  # noqa: BLE001 - any tokenizer failure is a formula we cannot read
        node = ParseError(f"{type(exc).__name__}: {exc}")
    if key is not None:
        cache[key] = node
    return node


def _plain_keys(fc: Any, cells: list[int], kid: np.ndarray, ids: dict[Any, int], tag: str) -> None:
    """Group keys of plain (non-shared) formula cells.

    The exact key is the formula written relative to its cell (:func:`relative_key`, a
    regex substitution per cell). A filled-down column is recognised faster: a cell whose
    formula is the run's first formula with its relative row numbers moved by the row
    distance (:class:`RowTemplate`, compared as text) belongs to that run.
    """
    idx = np.asarray(cells, dtype=np.int64)
    order = idx[np.lexsort((fc.rows[idx], fc.cols[idx]))].tolist()
    rows, cols = fc.rows.tolist(), fc.cols.tolist()
    texts = fc.texts
    n = len(order)
    pos = 0
    while pos < n:
        i = order[pos]
        text = texts[i]
        row, col = rows[i], cols[i]
        key_id = kid[i] = ids.setdefault((tag, relative_key(text, row, col)), len(ids))
        template = RowTemplate(text)
        pos += 1
        last = row
        window = 16  # the cells below, a growing window at a time, compared in bulk
        while pos < n:
            span = order[pos : pos + window]
            drs = [rows[j] - row for j in span]
            k = 0  # how many continue the run: same column, the next rows, the formula moved
            for j, moved in zip(span, template.moved_many(drs), strict=True):
                if cols[j] != col or rows[j] != last + 1 or texts[j] != moved:
                    break
                last += 1
                k += 1
            kid[span[:k]] = key_id
            pos += k
            if k < len(span):
                break
            window = min(window * 2, 4096)
