"""The template gives the same figures in every Excel runtime.

* Functions newer than Excel 2007 carry the ``_xlfn.`` prefix in the file (ECMA-376
  stores them so; without it Excel shows #NAME?).
* Classic xlwings returns a SOCROI error as TEXT ("#DIV/0!", xlwings#776); xlwings Lite
  and our engine return a real error. So a formula that inspects a SOCROI result must
  test it with ISNUMBER: ``ISERROR`` would see text as no error, a comparison would
  compare text, and ``SUM``, ``MATCH`` or ``COUNT`` would silently skip it — another
  figure than the engine's. Passing the result on (a reference, IF's branches, INDEX) or
  computing with it (``+``, ``*``: text in arithmetic is ``#VALUE!`` in every runtime) is
  the same everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine.package import Table
from socroi_xl.engine.parser import (
    Binary,
    Call,
    Name,
    Node,
    Ref,
    Resolver,
    Unary,
    parse,
    strip_prefix,
)

TEMPLATE = Path(__file__).resolve().parent.parent / "workbook_templates" / "social_media_roi.xlsx"
# Excel 2010+ worksheet functions that must be stored as _xlfn.NAME (a subset: the ones a
# template author is likely to type).
NEWER = ("IFNA", "IFS", "XLOOKUP", "XMATCH", "CONCAT", "TEXTJOIN", "SWITCH", "MAXIFS",
         "MINIFS", "FILTER", "UNIQUE", "SORT", "SEQUENCE", "LET", "DAYS", "ISOWEEKNUM")
BARE = re.compile(r"(?<![\w.])(" + "|".join(NEWER) + r")\(", re.IGNORECASE)


def test_newer_functions_are_stored_with_the_xlfn_prefix():
    book = openpyxl.load_workbook(TEMPLATE)
    bare = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = getattr(cell.value, "text", cell.value)
                if isinstance(text, str) and text.startswith("=") and BARE.search(text):
                    bare.append(f"{ws.title}!{cell.coordinate}: {text[:80]}")
    assert not bare, "write these as _xlfn.NAME(:\n" + "\n".join(bare)
    assert BARE.search("=IFNA(A1,0)") and not BARE.search("=_xlfn.IFNA(A1,0)")  # the test can see one


# --- a SOCROI result is inspected with ISNUMBER only -------------------------------------------------
#: Functions that see an error-as-text differently from an error, or skip text.
INSPECT = {"ISERROR", "ISERR", "ISNA", "IFERROR", "IFNA", "ERROR.TYPE", "ISTEXT", "ISNONTEXT", "ISBLANK",
           "ISLOGICAL", "N", "T", "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "COUNT", "COUNTA", "COUNTIF", "COUNTIFS",
           "COUNTBLANK", "AVERAGE", "AVERAGEIF", "AVERAGEIFS", "MIN", "MAX", "MATCH", "VLOOKUP", "HLOOKUP",
           "XLOOKUP", "SUBTOTAL", "AND", "OR", "NOT", "TEXTJOIN", "CONCAT", "CONCATENATE"}  # fmt: skip
COMPARE = {"=", "<>", "<", ">", "<=", ">=", "&"}
#: Arguments through which a value is passed on unchanged: function -> argument positions.
PASS_ON = {"IF": (1, 2), "IFS": None, "CHOOSE": None, "INDEX": (0,), "IFERROR": (0, 1), "IFNA": (0, 1)}


@dataclass(frozen=True)
class Formula:
    sheet: str
    row: int
    col: int
    text: str
    origin: tuple[str, int, int]  # the cell holding the formula (an array formula's first cell)


def _formulas(wb: openpyxl.Workbook) -> list[Formula]:
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, ArrayFormula):
                    c1, r1, c2, r2 = range_boundaries(v.ref)
                    for r in range(r1, r2 + 1):
                        for c in range(c1, c2 + 1):
                            out.append(Formula(ws.title, r, c, v.text, (ws.title, r1, c1)))
                elif isinstance(v, str) and v.startswith("="):
                    out.append(Formula(ws.title, cell.row, cell.column, v, (ws.title, cell.row, cell.column)))
    return out


class Checker:
    """Which cells may hold a SOCROI result, and which formulas inspect one unguarded."""

    def __init__(self, wb: openpyxl.Workbook) -> None:
        self.wb = wb
        tables = {}
        for ws in wb.worksheets:
            for t in ws.tables.values():
                c1, r1, c2, r2 = range_boundaries(t.ref)
                tables[t.displayName.upper()] = Table(t.displayName, ws.title, r1, c1, r2, c2, 1, 0,
                                                      [c.name for c in t.tableColumns])  # fmt: skip
        self.resolver = Resolver(tables)
        self.names = {n.upper(): next(iter(d.destinations)) for n, d in wb.defined_names.items()}
        self._cache: dict[tuple[str, str], Node] = {}
        self.formulas = _formulas(wb)
        self.trees = {f: self._parse(f) for f in self.formulas}
        self.origin = {(f.sheet, f.row, f.col): f.origin for f in self.formulas}
        self.socroi: set[tuple[str, int, int]] = set()
        self._spread()

    def _parse(self, f: Formula) -> Node:
        """The formula's tree; one parse serves every row of a formula written only with
        names and table references (a Campaigns column), whose tree has no row in it."""
        key = (f.sheet, f.text)
        if key not in self._cache:
            tree = parse(f.text, f.sheet, f.row, f.col, self.resolver)
            ranges = [t.value for t in Tokenizer(f.text).items if t.type == Token.OPERAND and t.subtype == Token.RANGE]
            if not all("[" in r or r.upper() in self.names for r in ranges):
                return tree
            self._cache[key] = tree
        return self._cache[key]

    def cells(self, node: Node, f: Formula) -> set[tuple[str, int, int]]:
        """Cells a reference or name stands for (whole columns bounded by the sheet)."""
        if isinstance(node, Name):
            dest = self.names.get(node.name.upper())
            if dest is None:
                return set()
            sheet, ref = dest
            c1, r1, c2, r2 = range_boundaries(ref.replace("$", ""))
        else:
            sheet = node.sheet or f.sheet
            r1 = node.r1 if node.r1_abs else f.row + node.r1
            r2 = node.r2 if node.r2_abs else f.row + node.r2
            c1 = node.c1 if node.c1_abs else f.col + node.c1
            c2 = node.c2 if node.c2_abs else f.col + node.c2
            if node.whole_col or node.whole_row:
                ws = self.wb[sheet]
                r1, r2 = (1, ws.max_row) if node.whole_col else (r1, r2)
                c1, c2 = (1, ws.max_column) if node.whole_row else (c1, c2)
        return {(sheet, r, c) for r in range(r1, (r2 or r1) + 1) for c in range(c1, (c2 or c1) + 1)}

    def _passes(self, node: Node, f: Formula) -> bool:
        """Can the value of ``node`` be a SOCROI result (as text in classic xlwings)?"""
        if isinstance(node, Ref | Name):
            return bool(self.cells(node, f) & self.socroi)
        if isinstance(node, Call):
            name = strip_prefix(node.name)
            if name.startswith("SOCROI"):
                return True
            if name in PASS_ON:
                positions = PASS_ON[name]
                args = node.args if positions is None else [node.args[i] for i in positions if i < len(node.args)]
                if name == "IFS":
                    args = node.args[1::2]
                return any(a is not None and self._passes(a, f) for a in args)
        return False  # operators and other functions give a number, a boolean or a real error

    def _spread(self) -> None:
        changed = True
        while changed:
            changed = False
            for f, tree in self.trees.items():
                key = (f.sheet, f.row, f.col)
                if key not in self.socroi and self._passes(tree, f):
                    self.socroi.add(key)
                    changed = True

    def _origins(self, node: Node, f: Formula) -> set:
        return {self.origin.get(c, c) for c in self.cells(node, f) & self.socroi}

    def violations(self) -> list[str]:
        return [v for f, tree in self.trees.items() for v in self._violations(f, tree)]

    def check(self, text: str, sheet: str = "Start", row: int = 1, col: int = 4) -> list[str]:
        """Violations of one more formula, as if written in (``sheet``, ``row``, ``col``)."""
        f = Formula(sheet, row, col, text, (sheet, row, col))
        return list(self._violations(f, parse(text, sheet, row, col, self.resolver)))

    def _violations(self, f: Formula, tree: Node):
        guarded = set()
        for call in _walk(tree):
            if isinstance(call, Call) and strip_prefix(call.name) == "ISNUMBER" and isinstance(call.args[0], Ref | Name):
                guarded |= self._origins(call.args[0], f)
        for where, ref in self._inspected(tree):
            if self._origins(ref, f) - guarded:
                yield (f"{f.sheet}!{openpyxl.utils.get_column_letter(f.col)}{f.row}: {where} of a SOCROI result "
                       f"without ISNUMBER: {f.text[:120]}")  # fmt: skip

    def _inspected(self, node: Node, where: str | None = None):
        """(how, reference) of every reference the formula inspects rather than passes on."""
        if isinstance(node, Ref | Name):
            if where:
                yield where, node
            return
        if isinstance(node, Binary):
            inner = f"the operator {node.op}" if node.op in COMPARE else None
            yield from self._inspected(node.left, inner)
            yield from self._inspected(node.right, inner)
        elif isinstance(node, Unary):
            yield from self._inspected(node.arg, None)
        elif isinstance(node, Call):
            name = strip_prefix(node.name)
            for i, arg in enumerate(node.args):
                if arg is None:
                    continue
                if name in INSPECT:
                    how = f"{name}()"
                elif name == "IF" and i == 0:
                    how = "IF's condition"
                else:
                    how = None  # ISNUMBER, SOCROI functions, arithmetic functions, branches passed on
                yield from self._inspected(arg, how)


def _walk(node: Node):
    yield node
    if isinstance(node, Binary):
        yield from _walk(node.left)
        yield from _walk(node.right)
    elif isinstance(node, Unary):
        yield from _walk(node.arg)
    elif isinstance(node, Call):
        for a in node.args:
            if a is not None:
                yield from _walk(a)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(openpyxl.load_workbook(TEMPLATE))


def test_every_formula_inspecting_a_socroi_result_uses_isnumber(checker) -> None:
    # the SOCROI results are found: headline cells, passed-on copies, array outputs
    names = {"Headline_SocialROI", "Headline_ROAS", "Headline_ActionValue", "SocialCredited"}
    for name in names:
        sheet, ref = next(iter(checker.wb.defined_names[name].destinations))
        c1, r1, _, _ = range_boundaries(ref.replace("$", ""))
        assert (sheet, r1, c1) in checker.socroi, name
    assert ("Periods", 64, 4) in checker.socroi  # goals: actual ROAS = Headline_ROAS, passed on
    assert ("Summary", 8, 2) in checker.socroi  # the leading figure CHOOSEs it
    assert len(checker.socroi) > 400
    assert checker.violations() == []


@pytest.mark.parametrize(
    ("formula", "caught"),
    [
        ("=IF(ISERROR(Headline_ROAS),0,Headline_ROAS)", True),  # ISERROR misses an error as text
        ("=IFERROR(Headline_SocialROI,0)", True),
        ('=IF(Headline_ROAS>=2,"Met","Below")', True),  # text >= 2 is TRUE in Excel
        ("=SUM(Pipeline!F37:F44)", True),  # SUM skips text
        ('=IF(ISNUMBER(Headline_ROAS),IF(Headline_ROAS>=2,"Met","Below"),"–")', False),
        ("=Headline_ROAS*2", False),  # arithmetic: #VALUE! everywhere
        ('=IF(Headline_TotalCost=0,"–",1)', False),  # total cost is arithmetic, not a SOCROI result
        ("=SOCROI_PAYBACK(Headline_CPA,100,0.5)", False),
    ],
)
def test_the_check_catches_what_it_should(checker, formula, caught) -> None:
    found = checker.check(formula)
    assert bool(found) == caught, found
