"""Engine: what-if data tables (``<f t="dataTable">``, Excel's Data > What-If Analysis > Data
Table) computed as Excel computes them: each result is the table's formula with the input
cell(s) holding the substituted value(s).

Expected values are hand computations (in the comments) checked against the values Excel
saved in ClosedXML's test workbooks (``ClosedXML.Tests/Resource/Other/Formulas/
DataTableFormula-Excel-Input.xlsx`` and LibreOffice's ``data-table/one-variable.xlsx`` and
``multi-table.xlsx`` carried by ClosedXML, layouts reproduced here).
"""

from __future__ import annotations

import openpyxl
from openpyxl.worksheet.formula import DataTableFormula

from socroi_xl.engine import evaluate, recalc_path


def values(path) -> tuple[dict[str, object], list[str], int]:
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True)), df.attrs["warnings"], df.attrs["unevaluated"]


def test_one_variable_table_down_a_column(tmp_path):
    # DataTableFormula-Excel-Input.xlsx, sheet "1D Row": A1 = 0.5, C3 = A1*10, the values
    # 1..5 in B4:B8 put into A1 one at a time: C4:C8 = 10, 20, 30, 40, 50 (Excel saved these)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 0.5
    ws["C3"] = "=A1*10"
    for r, x in enumerate([1, 2, 3, 4, 5], start=4):
        ws.cell(r, 2, x)
    ws["C4"] = DataTableFormula("C4:C8", r1="A1")
    ws["E1"] = "=SUM(C4:C8)"  # reads the table: 150
    ws["E2"] = "=A1+C3"  # after the table the input cell is 0.5 again: 0.5 + 5 = 5.5
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v, warnings, unevaluated = values(path)
    assert [v[f"C{r}"] for r in range(4, 9)] == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert v["C3"] == 5.0
    assert v["E1"] == 150.0
    assert v["E2"] == 5.5
    assert warnings == [] and unevaluated == 0


def test_one_variable_table_along_a_row_through_intermediate_formulas(tmp_path):
    # one-variable.xlsx (LibreOffice's test, saved by Excel): A2 = 1, B2 = 2, C2 = A2*B2,
    # D5 = C2; the values 10..50 in E4:I4 put into B2: E5:I5 = 1*10 ... 1*50
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A2"], ws["B2"], ws["C2"] = 1, 2, "=A2*B2"
    ws["D5"] = "=C2"
    for c, x in zip("EFGHI", [10, 20, 30, 40, 50], strict=True):
        ws[f"{c}4"] = x
    ws["E5"] = DataTableFormula("E5:I5", dtr=True, r1="B2")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v, _, _ = values(path)
    assert [v[f"{c}5"] for c in "EFGHI"] == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert v["C2"] == 2.0 and v["D5"] == 2.0  # the input cell put back: 1*2


def test_two_variable_table(tmp_path):
    # multi-table.xlsx (saved by Excel): A3 = D1*E1, row input cell D1 takes B3:M3 (1..12),
    # column input cell E1 takes A4:A15 (1..12): a multiplication table, B5 = 1*2 = 2,
    # C5 = 2*2 = 4, M15 = 12*12 = 144
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["D1"], ws["E1"] = 1, 1
    ws["A3"] = "=D1*E1"
    for k in range(1, 13):
        ws.cell(3, 1 + k, k)
        ws.cell(3 + k, 1, k)
    ws["B4"] = DataTableFormula("B4:M15", dt2D=True, dtr=True, r1="D1", r2="E1")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    out = tmp_path / "out.xlsx"
    result = recalc_path(path, out)
    got = openpyxl.load_workbook(out, data_only=True).active
    assert got["B4"].value == 1 and got["B5"].value == 2 and got["C5"].value == 4
    assert got["M15"].value == 144 and got["F9"].value == 5 * 6
    assert result.unevaluated == 0


def test_two_variable_table_of_text(tmp_path):
    # DataTableFormula-Excel-Input.xlsx, sheet "2D": B4 = B1 & B2, row input cell B2 takes
    # C4:D4, column input cell B1 takes B5:B8: C5 = B5 & C4
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"], ws["B2"] = "Z", "1"
    ws["B4"] = "=B1 & B2"
    ws["C4"], ws["D4"] = "2", "3"
    for r, x in enumerate("ABCD", start=5):
        ws[f"B{r}"] = x
    ws["C5"] = DataTableFormula("C5:D8", dt2D=True, dtr=True, r1="B2", r2="B1")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v, _, _ = values(path)
    assert [[v[f"{c}{r}"] for c in "CD"] for r in range(5, 9)] == [["A2", "A3"], ["B2", "B3"], ["C2", "C3"], ["D2", "D3"]]
    assert v["B4"] == "Z1"


def test_a_deleted_input_cell_makes_every_result_ref(tmp_path):
    # DataTableFormula-Excel-Input.xlsx, sheet "1D Row - Deleted Input": Excel saved #REF!
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C2"] = "=#REF!*3"
    for r in (3, 4, 5):
        ws[f"B{r}"] = r - 2
    ws["C3"] = DataTableFormula("C3:C5", dtr=True, del1=True, r1="B1")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v, _, _ = values(path)
    assert [v[f"C{r}"] for r in (3, 4, 5)] == ["#REF!"] * 3


def test_a_table_whose_formula_cannot_be_evaluated_is_not_silent(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 1
    ws["C3"] = "=NOSUCHFUNCTION(A1)"
    ws["B4"], ws["B5"] = 1, 2
    ws["C4"] = DataTableFormula("C4:C5", r1="A1")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v, warnings, unevaluated = values(path)
    assert v["C4"] == v["C5"] == "#NAME?"
    assert unevaluated >= 3 and any("NOSUCHFUNCTION" in w for w in warnings)
