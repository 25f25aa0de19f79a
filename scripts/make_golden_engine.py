"""Golden workbook for the evaluator's own semantics, recalculated by LibreOffice (the
independent engine) and compared with ours cell by cell by ``tests/test_faithful.py``:
implicit intersection, the reference operators (range, union, intersection), 3-D
references, OFFSET and INDIRECT (Microsoft's documentation example included), names,
long sums, array pairing, table column names with escapes.

One case per row: a label in column E, its formula in F (so the formula's row matters for
implicit intersection, which is tested here). The recalculation and the golden JSON are
``scripts/make_golden.py``'s; :data:`EXCEL_VALUES` lists the cases where Excel's documented
value differs from LibreOffice's (the JSON holds Excel's; ``libreoffice`` keeps LO's).

Usage::

    .venv/bin/python scripts/make_golden_engine.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import openpyxl
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

ROOT = Path(__file__).resolve().parents[1]


def _make_golden():
    spec = importlib.util.spec_from_file_location("socroi_make_golden", ROOT / "scripts" / "make_golden.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


#: scripts/make_golden.py: the recalculation, the golden records and the helpers shared by
#: the function corpora.
MG = _make_golden()


CASES = [
    # implicit intersection: A1:A40 holds 1.5*row; the case in row r reads row r
    ("intersect column", "=A1:A40*10"),
    ("intersect result", "=A1:A40"),
    ("intersect text", '=A1:A40&"!"'),
    ("intersect outside", "=A1:A3*10"),
    ("intersect in SUM", "=SUM(A1:A40*2)"),
    ("intersect IF", '=IF(B1:B40>10,"big","small")'),
    ("intersect row range", "=A45:Z45+1"),
    ("intersect row range outside", "=G45:Z45+1"),
    ("intersect unary", "=-A1:A40"),
    ("intersect compare", "=A1:A40>20"),
    ("intersect percent", "=A1:A40%"),
    ("sumproduct whole", "=SUMPRODUCT(A1:A10*B1:B10)"),
    ("sumproduct condition", "=SUMPRODUCT((B1:B40>30)*A1:A40)"),
    ("max expression", "=MAX(A1:A40*3)"),
    # reference operators
    ("union sum", "=SUM((A1:A3,B1:B3))"),
    ("union count", "=COUNT((A1:A3,A45:C45),B1)"),
    ("intersection op", "=SUM(A1:B10 B5:C6)"),
    ("intersection single", "=A1:B10 B5"),
    ("intersection empty", "=A1:A3 B1:B3"),
    ("range op chain", "=SUM(A1:A2:B3)"),
    ("range of INDEX", "=SUM(INDEX(A1:B10,2,1):INDEX(A1:B10,4,2))"),
    # 3-D references
    ("3d sum", "=SUM(Refs:Two!A1)"),
    ("3d average", "=AVERAGE(One:Two!A1:A3)"),
    ("3d count", "=COUNT(Refs:Two!B1:B2)"),
    ("3d max", "=MAX(Refs:Two!A2)"),
    # OFFSET (Microsoft's example on sheet One: B6:C8 = 4, 10 / 8, 3 / 3, 6)
    ("offset doc cell", "=OFFSET(One!D3,3,-2,1,1)"),
    ("offset doc sum", "=SUM(OFFSET(One!D3:F5,3,-2,3,3))"),
    ("offset doc off sheet", "=OFFSET(One!D3,-3,-3)"),
    ("offset sum", "=SUM(OFFSET(A1,2,0,3,1))"),
    ("offset base size", "=SUM(OFFSET(A1:B1,1,0))"),
    ("offset rows", "=ROWS(OFFSET(A1,0,0,7,2))"),
    # INDIRECT
    ("indirect a1", '=INDIRECT("A"&3)'),
    ("indirect r1c1", '=INDIRECT("R4C2",FALSE)'),
    ("indirect sheet", '=INDIRECT("One!B6")'),
    ("indirect quoted sheet", "=INDIRECT(\"'One'!C8\")"),
    ("indirect range", '=SUM(INDIRECT("A1:A"&5))'),
    ("indirect name", '=SUM(INDIRECT("Nums"))'),
    ("indirect bad", '=INDIRECT("!!")'),
    ("indirect relative r1c1", '=INDIRECT("R[-1]C[-4]",FALSE)'),
    # names, long sums, arithmetic rules
    ("name", "=SUM(Nums)*2"),
    ("name chain", "=Chain30"),
    ("long sum", "=" + "+".join(f"A{r}" for r in range(1, 41)) + "+" + "+".join(f"B{r}" for r in range(1, 41))),
    ("power zero", "=0^0"),
    ("broadcast grid", "=SUMPRODUCT({1,2,3}+{1;2})"),
    ("array pairing", "=SUMPRODUCT(IFERROR({1,2,3}+{1,2},100))"),
    # tables with special column names
    ("table trailing space", "=SUM(T[[Spend ]])"),
    ("table line break", "=SUM(T[[Line\nBreak]])"),
    ("table escaped brackets", "=SUM(T[Price '[USD']])"),
    ("table escaped hash", "=SUM(T[['#Units]])"),
    ("table escaped quote", "=SUM(T[[It''s]])"),
    ("table column range", "=SUM(T[[Spend ]:[Price '[USD']]])"),
]

#: (workbook, case label) -> (Excel's value, why), where LibreOffice gives another value.
EXCEL_VALUES = {
    ("engine_refs", "intersection empty"): (
        {"error": "#NULL!"},
        "Excel: the intersection of ranges that do not intersect is #NULL! (support.microsoft.com, "
        "'How to correct a #NULL! error'); LibreOffice gives #REF!",
    ),
    ("engine_refs", "offset doc off sheet"): (
        {"error": "#REF!"},
        "Microsoft's OFFSET example: =OFFSET(D3,-3,-3) 'returns an error, because the reference is to "
        "a non-existent range on the worksheet' (#REF!); LibreOffice gives #VALUE!",
    ),
    ("engine_refs", "array pairing"): (
        106.0,
        "Excel pairs arrays of different sizes up to the largest, #N/A beyond the smaller one's edge "
        "(J. Walkenbach, Excel Formulas, 'Understanding array expansion'): {1,2,3}+{1,2} = {2,4,#N/A}, "
        "IFERROR makes it {2,4,100}, sum 106; LibreOffice truncates to the smaller array (6)",
    ),
    ("engine_refs", "power zero"): (
        {"error": "#NUM!"},
        "Excel: 0^0 is #NUM! (support.microsoft.com, POWER function and the ^ operator); LibreOffice gives 1",
    ),
}


def build_engine_refs() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Refs"
    for r in range(1, 41):
        ws.cell(r, 1, 1.5 * r)
        ws.cell(r, 2, r)
    for c in range(1, 27):
        ws.cell(45, c, c * 100)
    one, two = wb.create_sheet("One"), wb.create_sheet("Two")
    for r, (b, c) in enumerate([(4, 10), (8, 3), (3, 6)], start=6):
        one.cell(r, 2, b)
        one.cell(r, 3, c)
    for i, sheet in enumerate((one, two), start=1):
        for r in range(1, 4):
            sheet.cell(r, 1, 10 * i + r)
        sheet.cell(1, 2, 7 * i)
    t = wb.create_sheet("Tables")
    t.append(["Spend ", "Line\nBreak", "Price [USD]", "#Units", "It's"])
    t.append([10, 1, 100, 5, 7])
    t.append([20, 2, 200, 6, 8])
    t.add_table(Table(displayName="T", ref="A1:E3"))
    ws.cell(1, 5, "case")
    ws.cell(1, 6, "formula")
    for i, (label, formula) in enumerate(CASES, start=2):
        ws.cell(i, 5, label)
        ws.cell(i, 6, formula)
    wb.defined_names["Nums"] = DefinedName("Nums", attr_text="Refs!$A$1:$A$5")
    wb.defined_names["Chain1"] = DefinedName("Chain1", attr_text="1")
    for k in range(2, 31):
        wb.defined_names[f"Chain{k}"] = DefinedName(f"Chain{k}", attr_text=f"Chain{k - 1}+1")
    return wb


CORPUS = {"engine_refs": build_engine_refs}


def apply_lists(name: str, record: dict, wb: openpyxl.Workbook) -> dict:
    """Put Excel's values into a golden record."""
    return MG.apply_lists(name, record, MG._labels(wb, record["formulas"]), EXCEL_VALUES)


def main(argv: list[str] | None = None) -> int:
    return MG.corpus_main("make_golden_engine", __doc__, CORPUS, "socroi-golden-engine-", apply_lists, argv)


if __name__ == "__main__":
    raise SystemExit(main())
