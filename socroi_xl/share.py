"""``socroi share``: a recalculated copy any client can open.

A client without the add-in (or Google Sheets, LibreOffice, Numbers, a mail preview that
recalculates) shows ``#NAME?`` for every SOCROI function. The shared copy is the workbook
recalculated by the engine, in which

* every cell whose formula calls a SOCROI function, and every formula cell that depends on
  one (directly or through other cells, defined names, table columns or a spill range),
  keeps its computed value and loses its formula;
* every other formula stays live, with the engine's value as its cached value;
* ``fullCalcOnLoad`` is not set, so Excel shows the stored figures on open;
* charts, tables, styles, names, other sheets and every other part are copied unchanged.

Freezing the dependents too means every figure downstream of a SOCROI result is exactly the
engine's, whatever the client's spreadsheet does with error values or recalculation. A
formula that depends on a SOCROI result only through ``INDIRECT`` or ``OFFSET`` cannot be
traced; such formulas are frozen as well whenever the workbook has any frozen cell.

What cannot be frozen (a conditional format or data validation rule calling a SOCROI
function, a defined name calling one) is named in a warning.
"""

from __future__ import annotations

import functools
import re
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import range_boundaries

from .atomic import replacing
from .excel.classic import CONF_SHEET, XLSX_MAIN
from .registry import REGISTRY
from .xl.refs import MAX_COL, MAX_ROW, col_index, col_letters, parse_cell
from .xl.shift import shift
from .xlsx.ns import MAIN, PKG_REL, REL

CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"
TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
_M = f"{{{MAIN}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
_SOCROI = frozenset(REGISTRY)
#: Functions whose references are computed at run time: their precedents cannot be traced.
_DYNAMIC = frozenset({"INDIRECT", "OFFSET"})
_SHEET_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$")
_STRUCT = re.compile(r"^([A-Za-z_\\][\w.]*)?\[(.*)\]$", re.S)
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass
class ShareResult:
    """What :func:`share_path` wrote.

    Attributes
    ----------
    path : Path
        The shared copy.
    frozen : int
        Formula cells that now hold their value only (SOCROI calls and their dependents).
    live : int
        Formula cells left live.
    warnings : list of str
        The engine's warnings, and what could not be frozen.
    """

    path: Path
    frozen: int
    live: int
    warnings: list[str] = field(default_factory=list)


Rect = tuple[str, int, int, int, int]  # sheet, first row, first col, last row, last col
Move = tuple[bool, bool, bool, bool]  # which of a Rect's bounds are relative (first row, first col, last row, last col)


@dataclass
class _Formula:
    sheet: str
    row: int
    col: int
    text: str
    element: etree._Element  # the <c>
    covers: tuple[int, int, int, int]  # the cells it sets: itself, or an array formula's range
    calls_socroi: bool = False
    dynamic: bool = False
    refs: list[Rect] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    shared: str | None = None  # si of a shared-formula group
    master: tuple[str, str] | None = None  # a shared member's master text and its cell

    def own_text(self) -> str:
        """The formula as this cell's own (a shared member's is the master's, moved here)."""
        if self.master is None:
            return self.text
        text, origin = self.master
        row, col, _, _ = parse_cell(origin)
        return shift(text, self.row - row, self.col - col)


@dataclass
class _Table:
    sheet: str
    ref: tuple[int, int, int, int]  # r1, c1, r2, c2
    columns: list[str]
    header_rows: int
    totals_rows: int
    part: str


def share_path(src: str | Path, dst: str | Path) -> ShareResult:
    """Recalculate ``src`` with the engine and write the shared copy to ``dst``.

    Parameters
    ----------
    src : path
        The workbook (never modified).
    dst : path
        Where the shared copy goes (written through a temporary file and an atomic rename).

    Returns
    -------
    ShareResult

    Raises
    ------
    socroi_xl.engine.WorkbookError
        ``src`` is missing, not an xlsx, damaged, encrypted or oversized.
    """
    from .engine import recalc_path

    src, dst = Path(src), Path(dst)
    with tempfile.TemporaryDirectory(prefix="socroi-share-") as tmp:
        recalculated = Path(tmp) / "recalculated.xlsx"
        result = recalc_path(src, recalculated)
        with zipfile.ZipFile(recalculated) as zf:
            parts, frozen, live, warnings = freeze(zf)
            with replacing(dst, mode_from=src) as out:
                _write_zip(zf, parts, out)
    return ShareResult(dst, frozen, live, [*result.warnings, *warnings])


def freeze(zf: zipfile.ZipFile) -> tuple[dict[str, bytes | None], int, int, list[str]]:
    """The parts of a recalculated package to replace (``None``: drop the part), the count of
    frozen and live formula cells, and warnings."""
    book = _Book(zf)
    formulas = [f for sheet in book.sheets for f in book.formulas(sheet)]
    tainted = _taint(book, formulas)
    warnings = book.warnings
    parts: dict[str, bytes | None] = {}
    frozen = 0
    for sheet in book.sheets:
        cells = [f for f in formulas if f.sheet == sheet]
        hit = [f for f in cells if id(f) in tainted]
        if not hit:
            continue
        _rewrite(cells, tainted, warnings, sheet)
        frozen += sum((f.covers[2] - f.covers[0] + 1) * (f.covers[3] - f.covers[1] + 1) for f in hit)
        parts[book.sheet_parts[sheet]] = _serialise(book.trees[sheet])
    parts.update(book.table_edits(formulas, tainted))
    parts.update(book.workbook_edits())
    remaining = [f"{f.sheet}!{col_letters(f.col)}{f.row}" for f in formulas if id(f) not in tainted and f.calls_socroi]
    if remaining:  # cannot happen: every SOCROI call is a seed; kept as a guard, never silent
        warnings.append(f"still calling SOCROI functions: {', '.join(remaining[:5])}")
    live = sum(1 for f in formulas if id(f) not in tainted)
    return parts, frozen, live, warnings


# --- reading the package ---------------------------------------------------------------------


def _read_xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(zf.read(name), _PARSER)


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationships of ``part``: id -> (type, target part name)."""
    path = PurePosixPath(part)
    name = str(path.parent / "_rels" / f"{path.name}.rels")
    if name not in zf.namelist():
        return {}
    out = {}
    for rel in _read_xml(zf, name).iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else _normalise(path.parent / target)
        out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return out


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for p in path.parts:
        if p == "..":
            parts.pop()
        elif p != ".":
            parts.append(p)
    return "/".join(parts)


class _Book:
    """The parts of a workbook that freezing reads and edits."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.warnings: list[str] = []
        names = zf.namelist()
        self.workbook_part = next(
            (t for typ, t in _rels(zf, "").values() if typ.endswith("/officeDocument")), "xl/workbook.xml"
        ) if "_rels/.rels" in names else "xl/workbook.xml"
        self.workbook = _read_xml(zf, self.workbook_part)
        rels = _rels(zf, self.workbook_part)
        self.workbook_rels = rels
        self.sheets: list[str] = []
        self.sheet_parts: dict[str, str] = {}
        for sheet in self.workbook.iter(f"{_M}sheet"):
            typ, target = rels.get(sheet.get(f"{{{REL}}}id", ""), ("", ""))
            if typ.endswith("/worksheet") and target in names:
                self.sheets.append(sheet.get("name", ""))
                self.sheet_parts[sheet.get("name", "")] = target
        self.trees = {s: _read_xml(zf, p) for s, p in self.sheet_parts.items()}
        self.tables: dict[str, _Table] = {}
        for sheet, part in self.sheet_parts.items():
            for typ, target in _rels(zf, part).values():
                if typ == TABLE and target in names:
                    self._read_table(sheet, target)
        # defined names: NAME (upper) -> list of (local sheet or None, formula text)
        self.names: dict[str, list[tuple[str | None, str]]] = defaultdict(list)
        for dn in self.workbook.iter(f"{_M}definedName"):
            local = dn.get("localSheetId")
            scope = self._sheet_at(int(local)) if local is not None else None
            self.names[dn.get("name", "").upper()].append((scope, dn.text or ""))
        self.name_info: dict[str, tuple[list[Rect], bool, bool]] = {}

    def _drop_local_names(self, index: int) -> None:
        """Defined names scoped to the sheet at ``index`` go; later sheets' scopes shift down."""
        names = self.workbook.find(f"{_M}definedNames")
        for dn in list(names) if names is not None else []:
            local = dn.get("localSheetId")
            if local is not None and int(local) == index:
                names.remove(dn)
            elif local is not None and int(local) > index:
                dn.set("localSheetId", str(int(local) - 1))
        if names is not None and len(names) == 0:
            self.workbook.remove(names)
        for view in self.workbook.iter(f"{_M}workbookView"):
            for attr in ("activeTab", "firstSheet"):
                if int(view.get(attr, "0")) >= index and int(view.get(attr, "0")) > 0:
                    view.set(attr, str(int(view.get(attr)) - 1))

    def _sheet_at(self, index: int) -> str | None:
        sheets = list(self.workbook.iter(f"{_M}sheet"))
        return sheets[index].get("name") if 0 <= index < len(sheets) else None

    def _read_table(self, sheet: str, part: str) -> None:
        root = _read_xml(self.zf, part)
        c1, r1, c2, r2 = range_boundaries(root.get("ref", "A1"))
        columns = [c.get("name", "") for c in root.iter(f"{_M}tableColumn")]
        header = int(root.get("headerRowCount", "1"))
        totals = int(root.get("totalsRowCount", "0") or 0)
        for key in (root.get("displayName"), root.get("name")):
            if key:
                self.tables[key.upper()] = _Table(sheet, (r1, c1, r2, c2), columns, header, totals, part)

    # formulas ------------------------------------------------------------------------------

    def formulas(self, sheet: str) -> list[_Formula]:
        """Every formula cell of ``sheet``. A shared formula's members get the master's
        operands shifted to their place (no text is made for them unless needed)."""
        out: list[_Formula] = []
        masters: dict[str, _Formula] = {}
        pending: list[tuple[etree._Element, str, int, int]] = []
        for f in self.trees[sheet].iter(f"{_M}f"):
            c = f.getparent()
            m = _CELL.match(c.get("r", ""))
            if m is None:
                self.warnings.append(f"{sheet}: a formula cell without its address; left as it is")
                continue
            row, col = int(m.group(2)), col_index(m.group(1))
            kind = f.get("t", "normal")
            if kind == "dataTable":
                continue  # a what-if table: Excel fills it; never calls a function by name
            covers = (row, col, row, col)
            if kind == "array" and f.get("ref"):
                c1, r1, c2, r2 = range_boundaries(f.get("ref"))
                covers = (r1, c1, r2, c2)
            si = f.get("si") if kind == "shared" else None
            if si is not None and not f.text:
                pending.append((c, si, row, col))
                continue
            text = f.text or ""
            operands, calls, dynamic = _parse(text)
            formula = _Formula(sheet, row, col, text, c, covers, shared=si, calls_socroi=calls, dynamic=dynamic)
            for op in operands:
                self._operand(op, sheet, row, formula.refs, formula.names, formula.moves)
            if si is not None:
                masters[si] = formula
            out.append(formula)
        for c, si, row, col in pending:
            m = masters.get(si)
            if m is None:
                self.warnings.append(f"{sheet}!{c.get('r')}: shared formula without its master; left as it is")
                continue
            dr, dc = row - m.row, col - m.col
            f = _Formula(sheet, row, col, "", c, (row, col, row, col), shared=si,
                         calls_socroi=m.calls_socroi, dynamic=m.dynamic, names=m.names,
                         master=(m.text, f"{col_letters(m.col)}{m.row}"))
            f.refs = [r for r in (_moved(rect, mv, dr, dc) for rect, mv in zip(m.refs, m.moves, strict=True)) if r]
            out.append(f)
        return out

    def references(self, text: str, sheet: str, row: int) -> tuple[list[Rect], set[str], bool, bool]:
        """Ranges and names ``text`` refers to, whether it calls a SOCROI function, whether it
        computes references at run time (INDIRECT, OFFSET)."""
        operands, calls, dynamic = _parse(text)
        rects: list[Rect] = []
        names: set[str] = set()
        for op in operands:
            self._operand(op, sheet, row, rects, names)
        return rects, names, calls, dynamic

    def _operand(self, value: str, sheet: str, row: int, rects: list[Rect], names: set[str],
                 moves: list[Move] | None = None) -> None:
        """Add what the operand ``value`` refers to; ``moves`` gets, per range, which of its
        row/column bounds are relative (they move when the formula is filled elsewhere)."""
        moves = [] if moves is None else moves
        value = value.rstrip("#")  # a spill reference A1# depends on its anchor
        m = _SHEET_REF.match(value)
        target = sheet
        if m:
            target = (m.group(1) or m.group(2)).replace("''", "'")
            value = m.group(3)
            if ":" in target:  # 3-D reference Sheet1:Sheet3!A1: every sheet between
                first, last = target.split(":", 1)
                order = self.sheets
                if first in order and last in order:
                    for s in order[order.index(first): order.index(last) + 1]:
                        _area(s, value, rects, moves)
                return
        if target.startswith("["):  # another workbook: nothing of this one
            return
        sm = _STRUCT.match(value)
        if sm:
            self._structured(sm.group(1), sm.group(2), sheet, row, rects, moves)
            return
        if value.upper() in self.names and not _CELL.match(value):
            names.add(value.upper())
            return
        _area(target, value, rects, moves)

    def _structured(self, table: str | None, inner: str, sheet: str, row: int, rects: list[Rect],
                    moves: list[Move]) -> None:
        found = self.tables.get((table or "").upper())
        if found is None and not table:  # [@Col] inside its own table
            found = next((t for t in self.tables.values()
                          if t.sheet == sheet and t.ref[0] <= row <= t.ref[2]), None)
        if found is None:
            return
        r1, c1, r2, c2 = found.ref
        low = inner.lower()
        picked = [i for i, col in enumerate(found.columns)
                  if f"[{col.lower()}]" in f"[{low}]" or low.lstrip("@").strip("[]") == col.lower()]
        cols = [c1 + i for i in picked] or list(range(c1, c2 + 1))
        this_row = "#this row" in low or inner.startswith("@")
        if this_row:
            first = last = row
        else:
            first = r1 if ("#headers" in low or "#all" in low) else r1 + found.header_rows
            last = r2 if ("#totals" in low or "#all" in low) else r2 - found.totals_rows
        for c in cols:
            rects.append((found.sheet, first, c, last, c))
            moves.append((this_row, False, this_row, False))

    def name_refs(self, name: str, seen: frozenset[str] = frozenset()) -> tuple[list[Rect], bool, bool]:
        """What a defined name refers to (through other names too), whether its formula calls
        a SOCROI function, whether it is dynamic."""
        if name in self.name_info:
            return self.name_info[name]
        rects: list[Rect] = []
        calls = dynamic = False
        for scope, text in self.names.get(name, []):
            r, inner, c, d = self.references(text, scope or (self.sheets[0] if self.sheets else ""), 1)
            rects += r
            calls |= c
            dynamic |= d
            for other in inner - seen - {name}:
                r2, c2, d2 = self.name_refs(other, seen | {name})
                rects += r2
                calls |= c2
                dynamic |= d2
        if calls:
            self.warnings.append(
                f"defined name {name} calls a SOCROI function: its cells are frozen, but a client "
                "without the add-in sees #NAME? where the name is used in a new formula"
            )
        self.name_info[name] = (rects, calls, dynamic)
        return self.name_info[name]

    # edits ---------------------------------------------------------------------------------

    def table_edits(self, formulas: list[_Formula], tainted: set[int]) -> dict[str, bytes]:
        """Tables whose calculated column holds frozen cells lose that column's
        ``calculatedColumnFormula`` (Excel would otherwise fill new rows with it)."""
        edits: dict[str, bytes] = {}
        by_part: dict[str, set[int]] = defaultdict(set)
        for f in formulas:
            if id(f) not in tainted:
                continue
            for t in self.tables.values():
                if t.sheet == f.sheet and t.ref[0] <= f.row <= t.ref[2] and t.ref[1] <= f.col <= t.ref[3]:
                    by_part[t.part].add(f.col - t.ref[1])
        for part, cols in by_part.items():
            root = _read_xml(self.zf, part)
            changed = False
            for i, column in enumerate(root.iter(f"{_M}tableColumn")):
                calc = column.find(f"{_M}calculatedColumnFormula")
                if i in cols and calc is not None:
                    column.remove(calc)
                    changed = True
            if changed:
                edits[part] = _serialise(root)
        return edits

    def workbook_edits(self) -> dict[str, bytes | None]:
        """The workbook-level edits of a shared copy.

        * no ``fullCalcOnLoad``: Excel shows the stored figures;
        * no calculation chain (it lists cells that lost their formula; Excel rebuilds it);
        * an ``.xlsx``: no VBA project (every SOCROI cell is a value, a client needs no
          macros) and no ``xlwings.conf`` sheet (it names a path on the author's computer).
        """
        edits: dict[str, bytes | None] = {}
        wb = PurePosixPath(self.workbook_part)
        rels_name = str(wb.parent / "_rels" / f"{wb.name}.rels")
        rels = _read_xml(self.zf, rels_name)
        types = _read_xml(self.zf, CONTENT_TYPES)
        changed: set[str] = set()
        calc = self.workbook.find(f"{_M}calcPr")
        if calc is not None and "fullCalcOnLoad" in calc.attrib:
            del calc.attrib["fullCalcOnLoad"]
            changed.add(self.workbook_part)
        dropped = {i for i, (typ, _) in self.workbook_rels.items() if typ in (CALC_CHAIN, VBA_PROJECT)}
        if any(typ == VBA_PROJECT for typ, _ in self.workbook_rels.values()):
            for override in types.iter(f"{{{CT}}}Override"):
                if override.get("PartName", "").lstrip("/") == self.workbook_part:
                    override.set("ContentType", XLSX_MAIN)
                    changed.add(CONTENT_TYPES)
        sheets = self.workbook.find(f"{_M}sheets")
        for index, sheet in enumerate(list(sheets) if sheets is not None else []):
            if sheet.get("name", "").lower() == CONF_SHEET and len(sheets) > 1:
                sheets.remove(sheet)
                dropped.add(sheet.get(f"{{{REL}}}id", ""))
                self._drop_local_names(index)
                changed.add(self.workbook_part)
                break
        gone: list[str] = []
        for rel in list(rels):
            if rel.get("Id") in dropped:
                rels.remove(rel)
                changed.add(rels_name)
                gone.append(self.workbook_rels[rel.get("Id")][1])
        for part in list(gone):  # what a dropped part relates to (a project's signatures) goes too
            path = PurePosixPath(part)
            own = str(path.parent / "_rels" / f"{path.name}.rels")
            if own in self.zf.namelist():
                gone += [t for _, t in _rels(self.zf, part).values()]
                edits[own] = None
        for part in gone:
            edits[part] = None
        for override in list(types.iter(f"{{{CT}}}Override")):
            if override.get("PartName", "").lstrip("/") in gone:
                types.remove(override)
                changed.add(CONTENT_TYPES)
        if not any(n.endswith(".bin") and n not in gone for n in self.zf.namelist()):
            for default in list(types.iter(f"{{{CT}}}Default")):
                if default.get("Extension", "").lower() == "bin":
                    types.remove(default)
                    changed.add(CONTENT_TYPES)
        trees = {self.workbook_part: self.workbook, rels_name: rels, CONTENT_TYPES: types}
        edits.update({name: _serialise(trees[name]) for name in changed})
        for sheet in self.sheet_parts:
            for rule in ("cfRule", "dataValidation"):
                for el in self.trees[sheet].iter(f"{_M}{rule}"):
                    for formula in el.iter(f"{_M}formula", f"{_M}formula1", f"{_M}formula2"):
                        if self.references(formula.text or "", sheet, 1)[2]:
                            kind = "conditional format" if rule == "cfRule" else "data validation"
                            self.warnings.append(
                                f"{sheet}: a {kind} rule calls a SOCROI function; a client without "
                                "the add-in cannot evaluate it"
                            )
        return edits


# --- formula text ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _parse(text: str) -> tuple[tuple[str, ...], bool, bool]:
    """The range operands of a formula (openpyxl's tokenizer), whether it calls a SOCROI
    function, whether it computes references at run time (INDIRECT, OFFSET). Cached: a
    column of formulas repeats few distinct texts."""
    try:
        tokens = Tokenizer(f"={text}").items
    except Exception:  # openpyxl cannot read it: untraceable, so treated as depending on anything
        return (), bool(re.search(r"SOCROI", text, re.I)), True
    operands: list[str] = []
    calls = dynamic = False
    for tok in tokens:
        if tok.type == Token.FUNC and tok.subtype == Token.OPEN:
            fname = tok.value[:-1].upper()
            for prefix in ("_XLUDF.", "_XLL.", "_XLFN."):
                fname = fname.removeprefix(prefix)
            calls |= fname in _SOCROI
            dynamic |= fname in _DYNAMIC
        elif tok.type == Token.OPERAND and tok.subtype == Token.RANGE:
            operands.append(tok.value)
    return tuple(operands), calls, dynamic


def _area(sheet: str, value: str, rects: list[Rect], moves: list[Move]) -> None:
    """Add the A1 area ``value`` (a cell, a range, whole columns or rows) on ``sheet``."""
    bounds = []
    for part in value.split(":"):
        p = _PART.match(part)
        if p is None:
            return  # not an area (an unknown name): refers to no cell
        if p.group(2):
            bounds.append((int(p.group(4)), col_index(p.group(2)), not p.group(3), not p.group(1)))
        elif p.group(6):  # whole column
            bounds.append((None, col_index(p.group(6)), False, not p.group(5)))
        else:  # whole row
            bounds.append((int(p.group(8)), None, not p.group(7), False))
    if len(bounds) > 2:
        return
    (ra, ca, rra, cra), (rb, cb, rrb, crb) = bounds[0], bounds[-1]
    if ra is not None and rb is not None and ra > rb:
        ra, rb, rra, rrb = rb, ra, rrb, rra
    if ca is not None and cb is not None and ca > cb:
        ca, cb, cra, crb = cb, ca, crb, cra
    rects.append((sheet, ra or 1, ca or 1, rb or MAX_ROW, cb or MAX_COL))
    moves.append((rra and ra is not None, cra and ca is not None, rrb and rb is not None, crb and cb is not None))


def _moved(rect: Rect, move: Move, dr: int, dc: int) -> Rect | None:
    """``rect`` as a formula filled ``dr`` rows and ``dc`` columns away sees it (``None``:
    off the sheet, Excel's #REF!)."""
    sheet, r1, c1, r2, c2 = rect
    r1, c1, r2, c2 = r1 + dr * move[0], c1 + dc * move[1], r2 + dr * move[2], c2 + dc * move[3]
    return (sheet, r1, c1, r2, c2) if r1 >= 1 and c1 >= 1 and r2 <= MAX_ROW and c2 <= MAX_COL else None


_PART = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$|^(\$?)([A-Za-z]{1,3})$|^(\$?)(\d+)$")


# --- dependency closure ----------------------------------------------------------------------


def _taint(book: _Book, formulas: list[_Formula]) -> set[int]:
    """ids of the formulas to freeze: SOCROI calls and every formula depending on one."""
    tainted: set[int] = set()
    cells: dict[str, set[tuple[int, int]]] = defaultdict(set)

    def mark(f: _Formula) -> None:
        tainted.add(id(f))
        r1, c1, r2, c2 = f.covers
        cells[f.sheet].update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))

    deps: dict[int, list[Rect]] = {}
    for f in formulas:
        rects = list(f.refs)
        calls, dynamic = f.calls_socroi, f.dynamic
        for name in f.names:
            r, c, d = book.name_refs(name)
            rects += r
            calls |= c
            dynamic |= d
        f.calls_socroi, f.dynamic = calls, dynamic
        deps[id(f)] = rects
        if calls:
            mark(f)
    changed = True
    while changed:
        changed = False
        for f in formulas:
            if id(f) in tainted:
                continue
            if (f.dynamic and tainted) or any(_hits(rect, cells) for rect in deps[id(f)]):
                mark(f)
                changed = True
    return tainted


def _hits(rect: Rect, cells: dict[str, set[tuple[int, int]]]) -> bool:
    sheet, r1, c1, r2, c2 = rect
    marked = cells.get(sheet)
    if not marked:
        return False
    if (r2 - r1 + 1) * (c2 - c1 + 1) <= len(marked):
        return any((r, c) in marked for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
    return any(r1 <= r <= r2 and c1 <= c <= c2 for r, c in marked)


# --- writing ---------------------------------------------------------------------------------


def _rewrite(cells: list[_Formula], tainted: set[int], warnings: list[str], sheet: str) -> None:
    groups: dict[str, list[_Formula]] = defaultdict(list)
    for f in cells:
        if f.shared is not None:
            groups[f.shared].append(f)
    broken = {si for si, members in groups.items()
              if any(id(m) in tainted for m in members) and any(id(m) not in tainted for m in members)}
    for f in cells:
        c = f.element
        formula = c.find(f"{_M}f")
        if id(f) in tainted:
            _to_value(c, formula, warnings, sheet)
        elif f.shared in broken:  # a live member of a group that lost members: its own formula
            own = etree.Element(f"{_M}f")
            own.text = f.own_text()
            c.replace(formula, own)


def _to_value(c: etree._Element, formula: etree._Element, warnings: list[str], sheet: str) -> None:
    c.remove(formula)
    c.attrib.pop("cm", None)  # dynamic-array metadata belongs to the formula
    v = c.find(f"{_M}v")
    if v is None:
        warnings.append(f"{sheet}!{c.get('r')}: no computed value to keep; the cell is left empty")
        c.attrib.pop("t", None)
        return
    if c.get("t") == "str":  # a formula's text result: as a value cell it is an inline string
        c.set("t", "inlineStr")
        text = v.text or ""
        c.remove(v)
        is_ = etree.SubElement(c, f"{_M}is")
        t = etree.SubElement(is_, f"{_M}t")
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _write_zip(zf: zipfile.ZipFile, parts: dict[str, bytes | None], out: Path) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in zf.infolist():
            if info.filename in parts:
                data = parts[info.filename]
                if data is None:
                    continue
                dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
            else:
                dst.writestr(info, zf.read(info.filename))
