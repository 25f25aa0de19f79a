"""Engine: references and workbook structure.

Tables with structured references, defined names, cross-sheet and whole-column
references, legacy array formulas, Excel's shared formulas (sheet XML written by hand),
column runs evaluated on whole columns, SOCROI functions through the registry, circular
references and unknown functions. Expected values are hand-computed in the comments.
"""

from __future__ import annotations

import math
import zipfile

import numpy as np
import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table

from socroi_xl.engine import evaluate, recalc_path
from socroi_xl.engine import evaluator as evaluator_module
from socroi_xl.errors import XLError


def values(path) -> dict[str, object]:
    df = evaluate(path)
    return {f"{s}!{c}": v for s, c, v in zip(df["sheet"], df["cell"], df["value"], strict=True)}


def campaigns_book(path, rows=None, totals=False):
    """A Campaigns table (A1:E..) plus a Summary sheet; returns the workbook (unsaved)."""
    rows = rows or [
        ("Facebook", "Paid", 100.0, 2000, 20),
        ("Instagram", "Organic", 0.0, 5000, 50),
        ("Facebook", "Paid", 300.0, 4000, 0),
        ("LinkedIn", "Paid", 50.0, 1000, 10),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Campaigns"
    ws.append(["Platform", "Type", "Spend", "Impressions", "Clicks", "CPM", "CPC"])
    for i, row in enumerate(rows, start=2):
        ws.append([*row, "=IFERROR([@Spend]/[@Impressions]*1000,\"\")", f"=IFERROR(C{i}/E{i},\"\")"])
    last = len(rows) + 1
    ref = f"A1:G{last + 1}" if totals else f"A1:G{last}"
    if totals:
        ws.append(["Total", None, "=SUBTOTAL(109,[Spend])", None, None, None, None])
    table = Table(displayName="Campaigns", ref=ref)
    if totals:
        table.totalsRowCount = 1
    ws.add_table(table)
    return wb


def test_structured_references_and_names(tmp_path):
    wb = campaigns_book(tmp_path)
    s = wb.create_sheet("My Summary")
    s["A1"] = "=SUM(Campaigns[Spend])"                        # 100+0+300+50 = 450
    s["A2"] = "=SUMIFS(Campaigns[Spend],Campaigns[Type],\"Paid\")"  # 100+300+50 = 450
    s["A3"] = "=COUNTA(Campaigns[#Data])"                     # 4 rows x 7 columns, none blank = 28
    s["A4"] = "=SUM(Campaigns[[Spend]:[Impressions]])"        # 450 + 12000 = 12450
    s["A5"] = "=Campaigns[[#Headers],[Clicks]]"               # header text: Clicks
    s["A6"] = "=TotalSpend/2"                                 # defined name -> 'My Summary'!A1 = 450 -> 225
    s["A7"] = "=SUM(Campaigns!C:C)"                           # whole column: header text ignored, 450
    s["A8"] = "=SUMPRODUCT(Campaigns[Spend],Campaigns[Clicks])"  # 100*20+0+300*0+50*10 = 2500
    s["A9"] = "=Headline_Spend"                               # 450
    wb.defined_names["TotalSpend"] = DefinedName("TotalSpend", attr_text="'My Summary'!$A$1")
    wb.defined_names["Headline_Spend"] = DefinedName("Headline_Spend", attr_text="'My Summary'!$A$1")
    wb.defined_names["Headline_Clicks"] = DefinedName("Headline_Clicks", attr_text="SUM(Campaigns!$E$2:$E$5)")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v = values(path)
    # per-row formulas: [@Spend]/[@Impressions]*1000 = 50, 0, 75, 50; C/E: 5, 0, #DIV/0!->"", 5
    assert [v[f"Campaigns!F{r}"] for r in range(2, 6)] == [50.0, 0.0, 75.0, 50.0]
    assert [v[f"Campaigns!G{r}"] for r in range(2, 6)] == [5.0, 0.0, "", 5.0]
    assert v["My Summary!A1"] == 450.0
    assert v["My Summary!A2"] == 450.0
    assert v["My Summary!A3"] == 28.0
    assert v["My Summary!A4"] == 12450.0
    assert v["My Summary!A5"] == "Clicks"
    assert v["My Summary!A6"] == 225.0
    assert v["My Summary!A7"] == 450.0
    assert v["My Summary!A8"] == 2500.0
    assert v["My Summary!A9"] == 450.0
    result = recalc_path(path, tmp_path / "out.xlsx")
    # headline: names starting Headline_, in the order defined, prefix removed; 20+50+0+10 = 80
    assert result.headline == {"Spend": 450.0, "Clicks": 80.0}


def test_file_form_of_this_row_and_totals(tmp_path):
    """Excel stores [@Spend] as Campaigns[[#This Row],[Spend]]; totals rows are outside #Data."""
    wb = campaigns_book(tmp_path, totals=True)
    ws = wb["Campaigns"]
    for r in range(2, 6):
        ws[f"F{r}"] = "=Campaigns[[#This Row],[Spend]]*2"
    s = wb.create_sheet("S")
    s["A1"] = "=SUM(Campaigns[Spend])"              # data rows only: 450
    s["A2"] = "=Campaigns[[#Totals],[Spend]]*2"     # the totals cell, SUBTOTAL(109,[Spend]) = 450: 900
    s["A3"] = "=ROWS(Campaigns[#All])"              # header + 4 + totals = 6
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v = values(path)
    assert [v[f"Campaigns!F{r}"] for r in range(2, 6)] == [200.0, 0.0, 600.0, 100.0]
    assert v["S!A1"] == 450.0
    assert v["Campaigns!C6"] == 450.0
    assert v["S!A2"] == 900.0
    assert v["S!A3"] == 6.0


def test_cross_sheet_array_formulas_and_spills(tmp_path):
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "Data 2024"
    for i, (x, y) in enumerate([(1, 10), (2, 20), (3, 30)], start=1):
        a[f"A{i}"], a[f"B{i}"] = x, y
    s = wb.create_sheet("Out")
    s["A1"] = "='Data 2024'!A3*'Data 2024'!B1"                 # 3*10 = 30
    s["B1"] = ArrayFormula("B1:B3", "='Data 2024'!A1:A3*'Data 2024'!B1:B3")  # 10, 40, 90
    s["C1"] = ArrayFormula("C1:C4", "='Data 2024'!A1:A3*2")     # 2, 4, 6, then #N/A (range larger)
    s["D1"] = ArrayFormula("D1", "=SUM('Data 2024'!A1:A3*'Data 2024'!B1:B3)")  # 10+40+90 = 140
    s["E1"] = ArrayFormula("E1:E3", "=SOCROI_FUNNEL('Data 2024'!B1:B3)")  # step rates: 20/10, 30/20 = 2, 1.5
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v = values(path)
    assert v["Out!A1"] == 30.0
    assert [v["Out!B1"], v["Out!B2"], v["Out!B3"]] == [10.0, 40.0, 90.0]
    assert [v["Out!C1"], v["Out!C2"], v["Out!C3"]] == [2.0, 4.0, 6.0]
    assert v["Out!C4"] == "#N/A" and isinstance(v["Out!C4"], XLError)
    assert v["Out!D1"] == 140.0
    # SOCROI_FUNNEL spills n-1 = 2 rates; the third cell of the range is #N/A
    assert math.isclose(v["Out!E1"], 2.0) and math.isclose(v["Out!E2"], 1.5)
    assert v["Out!E3"] == "#N/A"
    # every cell of an array range is written, including cells openpyxl never created
    recalc_path(path, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["Out"]
    assert [ws["B2"].value, ws["B3"].value, ws["C4"].value, ws["E2"].value] == [40, 90, "#N/A", 1.5]


SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Spend</t></is></c><c r="B1" t="inlineStr"><is><t>Clicks</t></is></c></row>
<row r="2"><c r="A2"><v>10</v></c><c r="B2"><v>4</v></c><c r="C2"><f t="shared" ref="C2:D5" si="0">A2/B2</f><v>0</v></c><c r="D2"><f t="shared" si="0"/><v>0</v></c><c r="E2"><f t="shared" ref="E2:E5" si="1">IFERROR(A2/$B$3,"n/a")&amp;"x"</f></c></row>
<row r="3"><c r="A3"><v>20</v></c><c r="B3"><v>0</v></c><c r="C3"><f t="shared" si="0"/><v>0</v></c><c r="D3"><f t="shared" si="0"/><v>0</v></c><c r="E3"><f t="shared" si="1"/></c></row>
<row r="4"><c r="A4"><v>30</v></c><c r="B4"><v>5</v></c><c r="C4"><f t="shared" si="0"/><v>0</v></c><c r="D4"><f>SUM(A2:A4)</f><v>0</v></c><c r="E4"><f t="shared" si="1"/></c></row>
<row r="5"><c r="A5"><v>40</v></c><c r="B5"><v>8</v></c><c r="C5"><f t="shared" si="0"/><v>0</v></c><c r="D5"><f t="shared" si="0"/><v>0</v></c><c r="E5"><f t="shared" si="1"/></c></row>
</sheetData></worksheet>"""


def test_shared_formulas_written_by_hand(tmp_path):
    """Excel's <f t="shared">: the master's text applies to every copy, shifted."""
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    base = tmp_path / "base.xlsx"
    wb.save(base)
    path = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = SHEET.encode()
            dst.writestr(info, data)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    f = dict(zip(df["cell"], df["formula"], strict=True))
    # C = A/B: 10/4 = 2.5, 20/0 = #DIV/0!, 30/5 = 6, 40/8 = 5
    assert [v["C2"], v["C3"], v["C4"], v["C5"]] == [2.5, "#DIV/0!", 6.0, 5.0]
    # D = B/C (shifted one column): 4/2.5 = 1.6, 0/#DIV/0! = #DIV/0!, D4 is its own formula
    # SUM(A2:A4) = 60, D5 = 8/5 = 1.6
    assert [v["D2"], v["D3"], v["D4"], v["D5"]] == [1.6, "#DIV/0!", 60.0, 1.6]
    # E = IFERROR(A/$B$3,"n/a")&"x"; $B$3 is 0, so every row is n/ax
    assert [v["E2"], v["E5"]] == ["n/ax", "n/ax"]
    assert f["D3"] == "=B3/C3" and f["E5"] == '=IFERROR(A5/$B$3,"n/a")&"x"'
    out = tmp_path / "out.xlsx"
    recalc_path(path, out)
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    # the formulas stay, only values change; text results are t="str", errors t="e"
    assert '<c r="D3" t="e"><f t="shared" si="0"/><v>#DIV/0!</v></c>' in xml
    assert '<c r="E5" t="str"><f t="shared" si="1"/><v>n/ax</v></c>' in xml
    assert '<f t="shared" ref="C2:D5" si="0">A2/B2</f><v>2.5</v>' in xml


def test_column_run_is_evaluated_once(tmp_path, monkeypatch):
    """A filled-down column of 2,000 rows is one vectorised evaluation, not 2,000."""
    wb = openpyxl.Workbook()
    ws = wb.active
    n = 2000
    for r in range(1, n + 1):
        ws[f"A{r}"] = r
        ws[f"B{r}"] = f"=A{r}*2+$A$1"          # 2r + 1
        ws[f"C{r}"] = f"=SOCROI_CPM(A{r},B{r})"  # r/(2r+1)*1000
    path = tmp_path / "t.xlsx"
    wb.save(path)
    calls = []
    real = evaluator_module.Evaluator.eval_cell
    monkeypatch.setattr(evaluator_module.Evaluator, "eval_cell", lambda self, run, row: calls.append(row) or real(self, run, row))
    df = evaluate(path)
    assert calls == []  # no cell-by-cell evaluation
    b = df[df.cell.str.startswith("B")]["value"].to_numpy(dtype=float)
    c = df[df.cell.str.startswith("C")]["value"].to_numpy(dtype=float)
    r = np.arange(1, n + 1)
    assert np.array_equal(b, 2 * r + 1.0)
    assert np.allclose(c, r / (2 * r + 1) * 1000, rtol=1e-12)


def test_running_total_is_not_a_cycle(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = 1, "=A1"
    for r in range(2, 6):
        ws[f"A{r}"] = r
        ws[f"B{r}"] = f"=B{r - 1}+A{r}"   # running total: 1, 3, 6, 10, 15
    ws["C1"] = "=SUM($A$1:A1)"
    for r in range(2, 6):
        ws[f"C{r}"] = f"=SUM($A$1:A{r})"  # a range that grows with the row: 1, 3, 6, 10, 15
    path = tmp_path / "t.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert [v[f"B{r}"] for r in range(1, 6)] == [1.0, 3.0, 6.0, 10.0, 15.0]
    assert [v[f"C{r}"] for r in range(1, 6)] == [1.0, 3.0, 6.0, 10.0, 15.0]
    assert df.attrs["warnings"] == []


def test_circular_references_and_unknown_functions(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"] = "=B1+1"      # A1 -> B1 -> A1: a cycle
    ws["B1"] = "=A1*2"
    ws["C1"] = "=C1"        # refers to itself
    ws["D1"] = "=A1+5"      # depends on the cycle: gets its error
    ws["E1"] = "=CUBEVALUE(\"cube\")+1"   # not supported: #NAME?
    ws["F1"] = "=_xldudf_SOCROI_CPC(300,400)"  # add-in prefix stripped: 0.75
    ws["G1"] = "=IFERROR(NOSUCH(1),\"fallback\")"  # IFERROR catches #NAME?
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = recalc_path(path, tmp_path / "out.xlsx")
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert v["A1"] == v["B1"] == v["C1"] == v["D1"] == "#VALUE!"
    assert v["E1"] == "#NAME?"
    assert v["F1"] == 0.75
    # Excel knows NOSUCH no better, but a function the engine does not know may be one
    # Excel knows: "fallback" would be a plausible value that hides it
    assert v["G1"] == "#NAME?"
    warnings = " | ".join(result.warnings)
    assert "circular reference: 3 cell(s)" in warnings and "S!C1" in warnings
    assert "unknown function CUBEVALUE" in warnings and "NOSUCH" in warnings and "S!G1" in warnings
    assert result.formulas == 7
    assert result.errors == 6  # A1, B1, C1, D1, E1, G1


@pytest.mark.parametrize("n", [1, 600])
def test_blank_text_bool_in_columns(tmp_path, n):
    """The same semantics whether a formula is one cell or a column run."""
    wb = openpyxl.Workbook()
    ws = wb.active
    samples = [None, "7", "abc", True, 45292, "#N/A"]
    # openpyxl stores "#N/A" as an error cell. Row by row:
    # =A+1: blank 1, "7"+1 = 8, "abc" #VALUE!, TRUE+1 = 2, 45293, the error passes: #N/A
    # =A&"": "", "7", "abc", "TRUE", "45292", #N/A
    # =A="": TRUE for blank only (error: #N/A)
    expected_plus = [1.0, 8.0, "#VALUE!", 2.0, 45293.0, "#N/A"]
    expected_text = ["", "7", "abc", "TRUE", "45292", "#N/A"]
    expected_eq = [True, False, False, False, False, "#N/A"]
    rows = n * len(samples) if n > 1 else len(samples)
    for r in range(1, rows + 1):
        value = samples[(r - 1) % len(samples)]
        if value is not None:
            ws[f"A{r}"] = value
        ws[f"B{r}"] = f"=A{r}+1"
        ws[f"C{r}"] = f'=A{r}&""'
        ws[f"D{r}"] = f'=A{r}=""'
    path = tmp_path / "t.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    for r in (1, 2, 3, 4, 5, 6, rows - 5, rows):
        k = (r - 1) % len(samples)
        is_error = k == 5
        assert v[f"B{r}"] == expected_plus[k]
        assert v[f"C{r}"] == expected_text[k] and isinstance(v[f"C{r}"], XLError) == is_error
        if is_error:
            assert v[f"D{r}"] == "#N/A" and isinstance(v[f"D{r}"], XLError)
        else:
            assert v[f"D{r}"] is expected_eq[k]


def test_row_totals_are_evaluated_as_columns(tmp_path, monkeypatch):
    """SUM(B2:D2) filled down: a one-row range moving with the row, evaluated once."""
    wb = openpyxl.Workbook()
    ws = wb.active
    n = 400
    for r in range(1, n + 1):
        ws.append([f"row {r}", r, 2 * r, None if r % 5 else "note", f"=SUM(B{r}:D{r})", f"=AVERAGE(B{r}:D{r})",
                   f"=COUNTA(A{r}:D{r})", f"=MAX(B{r}:C{r})-MIN(B{r}:D{r})", f"=B{r}/SUM(B{r}:C{r})"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    calls = []
    real = evaluator_module.Evaluator.eval_cell
    monkeypatch.setattr(evaluator_module.Evaluator, "eval_cell", lambda self, run, row: calls.append(row) or real(self, run, row))
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    # row r: B = r, C = 2r, D blank or the text "note" (ignored by the aggregates)
    assert v["E7"] == 21.0                        # 7 + 14
    assert v["F7"] == 10.5                        # (7 + 14) / 2
    assert v["G7"] == 3.0 and v["G10"] == 4.0     # A, B, C (+ D when it holds "note")
    assert v["H7"] == 7.0                         # 14 - 7
    assert math.isclose(v["I7"], 1 / 3)           # 7 / 21
    assert v["E400"] == 1200.0
    assert calls == []                             # no cell-by-cell fallback


def test_moving_ranges_elsewhere_fall_back_to_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 51):
        ws.append([r, 2 * r, f"=SUMPRODUCT(A{r}:B{r},A{r}:B{r})", f"=SOCROI_PPC_VALUE(A{r}:B{r},A{r}:B{r})",
                   f"=INDEX(A{r}:B{r},2)"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v = dict(zip(*[evaluate(path)[k] for k in ("cell", "value")], strict=True))
    # r^2 + (2r)^2 = 5 r^2 for both; INDEX picks the second cell, 2r
    assert [v["C3"], v["D3"], v["E3"]] == [45.0, 45.0, 6.0]
    assert [v["C50"], v["D50"], v["E50"]] == [12500.0, 12500.0, 100.0]


def test_cached_value_with_attributes_is_replaced_once(tmp_path):
    """A cached <v xml:space="preserve"> is replaced, not left beside the new value."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1"><v>5</v></c><c r="B1" t="str"><f>A1&amp;" x"</f><v xml:space="preserve"> old </v></c></row>'
        "</sheetData></worksheet>"
    )
    wb = openpyxl.Workbook()
    base = tmp_path / "base.xlsx"
    wb.save(base)
    path = tmp_path / "v.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename))
    recalc_path(path, tmp_path / "out.xlsx")
    out = zipfile.ZipFile(tmp_path / "out.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="B1" t="str"><f>A1&amp;" x"</f><v>5 x</v></c>' in out


def test_whole_column_and_row_references_are_relative_like_cells(tmp_path):
    # =H:H in B50 and in A50 name different columns (H and H): each cell its own; =SUM(5:5)
    # in A5 and A6 are different rows (5 and 5, written the same, moved as text they would
    # be 5:5 and 6:6): the text is the same, the references are not the same relatively.
    # H49:H53 = 1..5, row 5 = 10, 20 in C5, D5; row 6 = 1 in C6.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for r in range(49, 54):
        ws[f"H{r}"] = r - 48
    ws["C5"], ws["D5"], ws["C6"] = 10, 20, 1
    ws["B50"] = "=H:H"           # H50 = 2
    ws["A51"] = "=H:H"           # H51 = 3 (same text, another column: the same absolute column H)
    ws["E5"] = "=SUM(C5:D5)"     # 30
    ws["F7"] = "=SUM(5:5)"       # C5+D5+E5 = 10+20+30 = 60
    ws["F8"] = "=SUM(5:5)"       # the same row 5: 60 (not row 6)
    path = tmp_path / "wc.xlsx"
    wb.save(path)
    v = values(path)
    assert v["S!B50"] == 2.0 and v["S!A51"] == 3.0
    assert v["S!F7"] == 60.0 and v["S!F8"] == 60.0


def test_filled_down_formulas_with_breaks_are_each_their_own(tmp_path):
    """Formulas written out in full (as openpyxl writes them) are grouped by comparing each
    cell with the one above moved down, many rows at a time: a cell that breaks the pattern
    (another formula, another reference, a gap) must still compute its own formula."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 201):
        ws[f"A{r}"] = r
        if r == 70:
            continue  # a gap: C69 and C71 are not neighbours
        ws[f"C{r}"] = f"=A{r}*2"
    ws["C40"] = "=A40*3"     # another formula: 120
    ws["C41"] = "=A40*2"     # not moved with its row: 80, not 82
    ws["C150"] = "=A150*2%"  # a literal % in the formula: 150*0.02 = 3
    for r in range(1, 30):
        ws[f"D{r}"] = f"=C{r}+1"  # another column right after: 2r+1
    path = tmp_path / "fill.xlsx"
    wb.save(path)
    got = values(path)
    expected = {f"Sheet!C{r}": 2.0 * r for r in range(1, 201) if r != 70}
    expected.update({"Sheet!C40": 120.0, "Sheet!C41": 80.0, "Sheet!C150": 3.0})
    expected.update({f"Sheet!D{r}": 2.0 * r + 1 for r in range(1, 30)})
    assert got == expected
