"""References: 3-D (``Sheet1:Sheet3!A1``), the union ``(A1,B1)`` and intersection (a space)
operators, the range operator between references, external references (the values saved in
the link part), table column names with spaces, line breaks and escaped brackets.

Expected values are hand-computed in the comments; LibreOffice 7.4 gives the same for each
of them (checked while writing these tests) unless a comment says otherwise.
"""

from __future__ import annotations

import zipfile

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table

from socroi_xl.engine import evaluate
from socroi_xl.engine.evaluator import Evaluator
from socroi_xl.engine.package import read_book
from socroi_xl.errors import XLError


def values(path) -> dict[str, object]:
    df = evaluate(path)
    out = {f"{s}!{c}": v for s, c, v in zip(df["sheet"], df["cell"], df["value"], strict=True)}
    out["warnings"] = df.attrs["warnings"]
    return out


def three_sheets(tmp_path, formulas: dict[str, str]):
    wb = openpyxl.Workbook()
    s = wb.active
    s.title = "S"
    t2, t3 = wb.create_sheet("T2"), wb.create_sheet("T 3")
    s["A1"], s["B1"] = 1, 2
    t2["A1"], t2["B1"] = 10, 20
    t3["A1"], t3["B1"] = 100, 200
    for ref, f in formulas.items():
        s[ref] = f
    path = tmp_path / "three.xlsx"
    wb.save(path)
    return values(path)


def test_three_d_references(tmp_path):
    v = three_sheets(tmp_path, {
        "C1": "=SUM('S:T 3'!A1)",          # 1 + 10 + 100 = 111
        "C2": "=SUM(S:'T 3'!A1:B1)",       # 111 + 222 = 333
        "C3": "=COUNT(T2:'T 3'!A1:B1)",    # 4 numbers
        "C4": "=AVERAGE(S:'T 3'!B1)",      # (2 + 20 + 200) / 3 = 74
        "C5": "=MAX(S:'T 3'!A1)",          # 100
        "C6": "=S:'T 3'!A1",               # not one value: #VALUE!
        "C7": "=SUM('T 3:S'!A1)",          # the sheets in either order: 111
        "C8": "=COUNTA(S:'T 3'!A1:B1)",    # 6
    })
    assert [v[f"S!C{i}"] for i in (1, 2, 3, 4, 5)] == [111.0, 333.0, 4.0, 74.0, 100.0]
    assert v["S!C6"] == "#VALUE!" and isinstance(v["S!C6"], XLError)
    assert v["S!C7"] == 111.0 and v["S!C8"] == 6.0


def test_three_d_reference_is_a_dependency_on_every_sheet(tmp_path):
    # T2!A1 is a formula (=5*2 = 10): the 3-D sum must see it computed: 1 + 10 + 100.
    wb = openpyxl.Workbook()
    s = wb.active
    s.title = "S"
    t2, t3 = wb.create_sheet("T2"), wb.create_sheet("T3")
    s["A1"], t3["A1"] = 1, 100
    s["B1"] = "=SUM(S:T3!A1)"
    t2["A1"] = "=5*2"
    path = tmp_path / "d.xlsx"
    wb.save(path)
    assert values(path)["S!B1"] == 111.0


def test_union_and_intersection_operators(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for r in range(1, 4):
        for c, letter in enumerate("ABC", start=1):
            ws[f"{letter}{r}"] = r * 10 + c      # A1=11 B1=12 C1=13 A2=21 ... C3=33
    ws["E1"] = "=SUM((A1,C3))"                  # 11 + 33 = 44
    ws["E2"] = "=SUM(A1:C3 B2:B3)"              # the common cells B2, B3: 22 + 32 = 54
    ws["E3"] = "=A1:C3 B2"                      # one common cell: 22
    ws["E4"] = "=A1:A3 C1:C3"                   # nothing in common: #NULL!
    ws["E5"] = "=COUNT((A1:B1,A3:C3),C1)"       # 2 + 3 + 1 = 6
    ws["E6"] = "=SUM(A1:B1:C2)"                 # the range spanning both: A1:C2 = 11+12+13+21+22+23 = 102
    ws["E7"] = "=SUM(INDEX(A1:C3,1,1):INDEX(A1:C3,2,2))"   # A1:B2 = 11+12+21+22 = 66
    ws["E8"] = "=(A1,B1)"                       # several areas as one value: #VALUE!
    path = tmp_path / "u.xlsx"
    wb.save(path)
    v = values(path)
    assert v["S!E1"] == 44.0
    assert v["S!E2"] == 54.0
    assert v["S!E3"] == 22.0
    # Excel's error for an empty intersection is #NULL! (LibreOffice gives #REF!)
    assert v["S!E4"] == "#NULL!" and isinstance(v["S!E4"], XLError)
    assert v["S!E5"] == 6.0
    assert v["S!E6"] == 102.0
    assert v["S!E7"] == 66.0
    assert v["S!E8"] == "#VALUE!"


def test_table_column_names_with_spaces_line_breaks_and_escapes(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws.append(["Spend ", "Line\nBreak", "Price [USD]", "#Units", "It's", "Plain"])
    ws.append([10, 1, 100, 5, 7, 3])
    ws.append([20, 2, 200, 6, 8, 4])
    ws.add_table(Table(displayName="T", ref="A1:F3"))
    ws["H1"] = "=SUM(T[[Spend ]])"                   # trailing space kept: 30
    ws["H2"] = "=SUM(T[Spend ])"                     # 30
    ws["H3"] = "=SUM(T[[Line\nBreak]])"              # 3
    ws["H4"] = "=SUM(T[Price '[USD']])"              # escaped brackets: 300
    ws["H5"] = "=SUM(T[['#Units]])"                  # escaped #: 11
    ws["H6"] = "=SUM(T[[It''s]])"                    # escaped quote: 15
    ws["H7"] = "=SUM(T[[Spend ]:[Price '[USD']]])"   # 30 + 3 + 300 = 333
    ws["H8"] = "=SUM(T[Plain])"                      # 7
    path = tmp_path / "t.xlsx"
    wb.save(path)
    v = values(path)
    assert [v[f"S!H{i}"] for i in range(1, 9)] == [30.0, 30.0, 3.0, 300.0, 11.0, 15.0, 333.0, 7.0]
    assert not v["warnings"]


def test_external_reference_reads_the_values_saved_in_the_link(tmp_path):
    # [1]Prices!B2 is 2.5 in the saved link part: =[1]Prices!B2*4 = 10; a cell the link part
    # does not hold: #REF! with a warning.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"] = "=[1]Prices!B2*4"
    ws["A2"] = "=SUM([1]Prices!B2:B3)"
    ws["A3"] = "=[2]Other!A1"
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        book = read_book(zf)
    from socroi_xl.xlsx.externals import ExternalBook

    book.externals = {1: ExternalBook(1, "prices.xlsx", "xl/externalLinks/externalLink1.xml", ["Prices"], {(0, 2, 2): 2.5, (0, 3, 2): 4.0})}
    ev = Evaluator(book)
    ev.run_all()
    sheet = book.sheets[0]
    assert sheet.value(1, 1) == 10.0
    assert sheet.value(1, 2) == 6.5
    assert sheet.value(1, 3) == "#REF!"
    assert any("external reference [2]" in w for w in ev.warnings)


def table_t(tmp_path, price: str, formulas: dict[str, str]) -> dict[str, object]:
    """Sheet S with table T in A1:B3 (columns ``price`` and Units: 10, 1 / 20, 2) and ``formulas``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for row in ([price, "Units"], [10, 1], [20, 2]):
        ws.append(row)
    ws.add_table(Table(displayName="T", ref="A1:B3"))
    for ref, f in formulas.items():
        ws[ref] = f
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return values(path)


def test_references_to_deleted_cells_and_escaped_brackets_in_one_bracket(tmp_path):
    # =SUM(#REF!:#REF!) and =Gone!#REF! are references to deleted cells: #REF! (as Excel
    # saved them in PhpSpreadsheet's and POI's test files). T[Price'[] is the column
    # "Price[" written with one pair of brackets: 10 + 20.
    v = table_t(tmp_path, "Price[", {
        "D1": "=SUM(#REF!:#REF!)", "D2": "=Gone!#REF!", "D3": "=SUM(T[Price'[])", "D4": "=IFERROR(SUM(#REF!:#REF!),-1)",
    })  # fmt: skip
    assert v["S!D1"] == "#REF!" and v["S!D2"] == "#REF!"
    assert v["S!D3"] == 30.0
    assert v["S!D4"] == -1.0
    assert not v["warnings"]


def test_a_table_of_another_workbook_is_ref_never_this_workbooks_table(tmp_path):
    # =SUM([1]!T[Price]) names table T of external workbook 1, whose link part keeps no table:
    # #REF! as Excel saved it (EPPlus' ExtRef.xlsx, Sheet1!F10) — not this workbook's own T,
    # which holds 10 + 20 = 30.
    v = table_t(tmp_path, "Price", {"D1": "=SUM([1]!T[Price])", "D2": "=SUM(T[Price])"})
    assert v["S!D1"] == "#REF!" and v["S!D2"] == 30.0


def test_external_reference_zero_is_this_workbook(tmp_path):
    # [0]!Total names the workbook's own defined name (POI's 56737.xlsx): 142.
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["B2"] = 142
    ws["A1"] = "=[0]!Total"
    wb.defined_names["Total"] = DefinedName("Total", attr_text="S!$B$2")
    path = tmp_path / "z.xlsx"
    wb.save(path)
    assert values(path)["S!A1"] == 142.0


def test_relative_references_in_defined_names_wrap_around_the_grid(tmp_path):
    # Excel stores a name's relative references relative to A1: XFD1048576 is one row up and
    # one column left, A1048576 one row up. Used in I9: H8 + I8 = 1 + 2 = 3; in K11: J10 + K10
    # = 2 + 3 = 5 (the values Excel saved in EPPlus's DefinedNameRelative.xlsx). Above: $H1
    # (column fixed, row relative): in I12 it is H12 = 1.
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["H8"], ws["I8"], ws["J10"], ws["K10"], ws["H12"] = 1, 2, 2, 3, 1
    ws["I9"], ws["K11"], ws["I12"] = "=RelativeName", "=RelativeName", "=RelativeRow"
    wb.defined_names["RelativeName"] = DefinedName("RelativeName", attr_text="Sheet1!XFD1048576+Sheet1!A1048576")
    wb.defined_names["RelativeRow"] = DefinedName("RelativeRow", attr_text="Sheet1!$H1")
    path = tmp_path / "rel.xlsx"
    wb.save(path)
    v = values(path)
    assert v["Sheet1!I9"] == 3.0 and v["Sheet1!K11"] == 5.0 and v["Sheet1!I12"] == 1.0


def test_several_areas_in_index_rows_and_columns(tmp_path):
    # formulas' test.xlsx, LOOKUP sheet, saved by Excel: with C52:E54 = -1.1, 2.1, 3 /
    # -2, 1.1, 2 / -2.9, 0.1, 1, {=INDEX((C52:C54,D52:D54),1,1,E52:E54)} is #REF! (no area 3),
    # 2.1 (D52), -1.1 (C52); {=INDEX((C52:C54,D52:D54),E52:E54,1,E52:E54)} is #REF!, 1.1
    # (D53), -1.1; COLUMNS and ROWS of several areas are #REF! (S15, V15, S115); Microsoft's
    # INDEX example picks an area the same way
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for r, row in zip((52, 53, 54), ((-1.1, 2.1, 3), (-2, 1.1, 2), (-2.9, 0.1, 1)), strict=True):
        for letter, x in zip("CDE", row, strict=True):
            ws[f"{letter}{r}"] = x
    ws["AQ52"] = ArrayFormula("AQ52:AQ54", "=INDEX((C52:C54,D52:D54),1,1,E52:E54)")
    ws["AS52"] = ArrayFormula("AS52:AS54", "=INDEX((C52:C54,D52:D54),E52:E54,1,E52:E54)")
    ws["A1"] = "=COLUMNS((D15:G15,I15:J15,K15:N15))"
    ws["A2"] = "=COLUMNS(((F15:G15,G15:I15,F19:G19,G19:I19) G14:G44))"  # four areas left
    ws["A3"] = "=ROWS((D115:G115,I114:J115,K115:N115))"
    ws["A4"] = "=ROWS((C52:E54))"  # one area in brackets: 3
    path = tmp_path / "areas.xlsx"
    wb.save(path)
    v = values(path)
    assert [v["S!AQ52"], v["S!AQ53"], v["S!AQ54"]] == ["#REF!", 2.1, -1.1]
    assert [v["S!AS52"], v["S!AS53"], v["S!AS54"]] == ["#REF!", 1.1, -1.1]
    assert [v["S!A1"], v["S!A2"], v["S!A3"], v["S!A4"]] == ["#REF!", "#REF!", "#REF!", 3.0]


def test_whole_columns_and_rows_have_their_full_size(tmp_path):
    # IronCalc's ROW_COLUM.xlsx (ROWS_COLUMNS sheet), saved by Excel: ROWS(C:C) 1048576,
    # COLUMNS(14:14) 16384, ROWS($AB:$AAA) 1048576 — whatever the sheet uses
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A6"], ws["B7"], ws["A8"] = "=ROWS(C:C)", "=COLUMNS(14:14)", "=ROWS($AB:$AAA)"
    path = tmp_path / "whole.xlsx"
    wb.save(path)
    v = values(path)
    assert (v["S!A6"], v["S!B7"], v["S!A8"]) == (1048576.0, 16384.0, 1048576.0)


def test_range_operator_with_a_function_at_either_end(tmp_path):
    # IronCalc's range_operator.xlsx, saved by Excel: A1:A5 = 1..5, B1:B5 = 6..10, A12:A15 =
    # 12..15: SUM(A1:OFFSET(A1,4,0)) 15, SUM(A1:OFFSET(A1,4,1)) 55, SUM(CHOOSE(1,A1,A2,A3,A4):
    # CHOOSE(4,A1,A3,A4,A5)) 15 (A1:A5), SUM(INDIRECT("A12"):INDIRECT("A15")) 54
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for r in range(1, 6):
        ws[f"A{r}"], ws[f"B{r}"] = r, r + 5
    for r in range(12, 16):
        ws[f"A{r}"] = r
    ws["D3"] = "=SUM(A1:OFFSET(A1,4,0))"
    ws["G4"] = "=SUM(A1:OFFSET(A1,4,1))"
    ws["C13"] = "=SUM(CHOOSE(1, A1,A2,A3,A4):CHOOSE(4, A1,A3,A4,A5))"
    ws["C15"] = '=SUM(INDIRECT("A12"):INDIRECT("A15"))'
    ws["D5"] = "=SUM(S!A2:OFFSET(A1,2,0))"  # a sheet-qualified start: A2:A3 = 5
    path = tmp_path / "span.xlsx"
    wb.save(path)
    v = values(path)
    assert (v["S!D3"], v["S!G4"], v["S!C13"], v["S!C15"], v["S!D5"]) == (15.0, 55.0, 15.0, 54.0, 5.0)
