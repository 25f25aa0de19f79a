"""Engine: Excel's reading rules inside long columns, where the engine works on whole arrays.

A column of numbers with a header, a stray text cell or a date typed as text must give,
row by row, what Excel gives for one cell. Expected values are hand-computed.
"""

from __future__ import annotations

import openpyxl
import pytest

from socroi_xl.engine import evaluate
from socroi_xl.engine.values import number_text
from socroi_xl.errors import XLError

N = 500  # rows: long enough to be evaluated as one column run


def frame(tmp_path, fill) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    fill(ws)
    path = tmp_path / "b.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def test_numeric_column_with_header_and_stray_text(tmp_path):
    def fill(ws):
        ws.append(["Spend", "Clicks", "CPC", "Double"])
        for r in range(2, N + 2):
            ws.append([r, 2, f"=IFERROR(A{r}/B{r},\"-\")", f"=A{r}*2"])
        ws["A10"] = "n/a"            # text in a number column
        ws["B20"] = 0                # a zero divisor
        ws["A30"] = "1,500"          # numeric text
        ws["A40"] = "2024-01-15"     # date text: serial 45306
        ws["F1"] = "=SUM(A:A)"       # whole column: the header and text cells are ignored
        ws["F2"] = "=COUNT(A:A)"
        ws["F3"] = "=COUNTA(A:A)"

    v = frame(tmp_path, fill)
    assert v["C2"] == 1.0 and v["D2"] == 4.0           # 2/2, 2*2
    assert v["C10"] == "-" and v["D10"] == "#VALUE!"   # "n/a"/2 is caught by IFERROR; "n/a"*2 is not
    assert isinstance(v["D10"], XLError)
    assert v["C20"] == "-" and v["D20"] == 40.0        # 20/0 -> "-", 20*2
    assert v["C30"] == 750.0 and v["D30"] == 3000.0    # "1,500" reads 1500
    assert v["C40"] == 22653.0 and v["D40"] == 90612.0  # 45306/2, 45306*2
    # rows 2..501 sum to (2+501)*500/2 = 125750; minus 10, 30, 40 (text cells) = 125670
    assert v["F1"] == 125670.0
    assert v["F2"] == 497.0   # 500 numbers minus 3 text cells
    assert v["F3"] == 501.0   # header + 500 cells


def test_blank_and_boolean_cells_in_a_run(tmp_path):
    def fill(ws):
        for r in range(1, N + 1):
            ws[f"A{r}"] = r
            ws[f"C{r}"] = f"=A{r}+B{r}"
            ws[f"D{r}"] = f'=IF(B{r}="","blank",B{r})'
        ws["B5"] = True
        ws["B6"] = "x"

    v = frame(tmp_path, fill)
    assert v["C1"] == 1.0                               # blank B is 0
    assert v["D1"] == "blank"                           # blank equals ""
    assert v["C5"] == 6.0 and v["D5"] is True           # TRUE is 1 in arithmetic
    assert v["C6"] == "#VALUE!" and v["D6"] == "x"


def test_count_and_logic_arguments(tmp_path):
    def fill(ws):
        ws["A1"], ws["A2"] = True, "12"
        ws["B1"] = '=COUNT("12",3,TRUE,"x")'   # numeric text, number, logical typed in: 3
        ws["B2"] = '=COUNTA("",3,A9)'           # "" counts, A9 is blank: 2
        ws["B3"] = "=AND(A1,A2)"                # text in a reference is ignored: TRUE
        ws["B4"] = '=AND("x")'                  # text typed in is ignored: no logical value, #VALUE!
        ws["B6"] = '=AND(TRUE,"x")'             # ... so TRUE (values Excel saved: AND(TRUE,"0") is TRUE)
        ws["B5"] = '=SUM("x",1)'                # #VALUE!

    v = frame(tmp_path, fill)
    assert v["B1"] == 3.0
    assert v["B2"] == 2.0
    assert v["B3"] is True
    assert v["B4"] == "#VALUE!"
    assert v["B5"] == "#VALUE!"
    assert v["B6"] is True


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (2024.0, "2024"),
        (0.5, "0.5"),
        (-3.25, "-3.25"),
        (0.1 + 0.2, "0.3"),            # 15 significant digits
        (1e20, "1E+20"),
        (2.0**53, "9.00719925474099E+15"),
        (1e-6, "0.000001"),
        (123456789012345.0, "123456789012345"),
    ],
)
def test_number_as_text(x, text):
    assert number_text(x) == text


# --- implicit intersection ---------------------------------------------------------------------
def cells(tmp_path, values: dict[str, object], names: dict[str, str] | None = None) -> dict[str, object]:
    """Evaluate a one-sheet workbook (sheet "S"); ``("B1:B3", "=...")`` is an array formula."""
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.formula import ArrayFormula

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, v in values.items():
        ws[ref] = ArrayFormula(v[0], v[1]) if isinstance(v, tuple) else v
    for name, text in (names or {}).items():
        wb.defined_names[name] = DefinedName(name, attr_text=text)
    path = tmp_path / "s.xlsx"
    wb.save(path)
    df = evaluate(path)
    out = dict(zip(df["cell"], df["value"], strict=True))
    out["warnings"] = df.attrs["warnings"]
    return out


def test_a_range_in_arithmetic_takes_the_cell_in_the_formulas_row(tmp_path):
    # A1:A3 = 1, 2, 3. =A1:A3*10 in B2 -> A2*10 = 20; in B5 no row of the range: #VALUE!.
    # LibreOffice 7.4 gives the same (checked while writing this test).
    v = cells(tmp_path, {"A1": 1, "A2": 2, "A3": 3, "B2": "=A1:A3*10", "B5": "=A1:A3*10",
                         "C1": "=A1:A3", "C2": "=SUM(A1:A3*10)", "C3": "=SUMPRODUCT(A1:A3*10)",
                         "D1": '=IF(A1:A3>1,"big","small")', "D2": '=IF(A1:A3>1,"big","small")',
                         "E3": '=A1:A3&"x"', "E4": "=-A1:A3"})
    assert v["B2"] == 20.0
    assert v["B5"] == "#VALUE!" and isinstance(v["B5"], XLError)
    assert v["C1"] == 1.0                      # a result that is a range: the row's cell
    assert v["C2"] == 20.0                     # SUM of the intersected value (not an array formula)
    assert v["C3"] == 60.0                     # SUMPRODUCT takes arrays: 10+20+30
    assert (v["D1"], v["D2"]) == ("small", "big")
    assert v["E3"] == "3x"
    assert v["E4"] == "#VALUE!"                 # row 4 is outside A1:A3


def test_a_one_row_range_takes_the_cell_in_the_formulas_column(tmp_path):
    # A10:C10 = 1, 2, 3; =A10:C10+1 in column B -> B10+1 = 3; in column D: #VALUE!.
    v = cells(tmp_path, {"A10": 1, "B10": 2, "C10": 3, "B12": "=A10:C10+1", "D12": "=A10:C10+1"})
    assert v["B12"] == 3.0
    assert v["D12"] == "#VALUE!"


def test_intersection_in_a_filled_down_column(tmp_path):
    # =$A$1:$A$3*10 filled down B1:B500: rows 1-3 -> 10, 20, 30; every row below: #VALUE!
    values = {"A1": 1, "A2": 2, "A3": 3}
    values.update({f"B{r}": "=$A$1:$A$3*10" for r in range(1, 501)})
    v = cells(tmp_path, values)
    assert [v["B1"], v["B2"], v["B3"]] == [10.0, 20.0, 30.0]
    assert {v[f"B{r}"] for r in range(4, 501)} == {"#VALUE!"}


def test_array_formulas_take_ranges_whole(tmp_path):
    # {=A1:A3*10} over C1:C3: 10, 20, 30 (no intersection in an array formula)
    v = cells(tmp_path, {"A1": 1, "A2": 2, "A3": 3, "C1": ("C1:C3", "=A1:A3*10"),
                         "D1": ("D1", "=SUM(A1:A3*10)")})
    assert [v["C1"], v["C2"], v["C3"]] == [10.0, 20.0, 30.0]
    assert v["D1"] == 60.0


def test_arrays_of_different_sizes_pair_as_excel_pairs_them(tmp_path):
    # {1,2,3}+{1,2}: 2, 4, #N/A (the third has no partner); a one-row array with a one-column
    # array makes the grid: {1,2}+{10;20} = {11,12;21,22}.
    v = cells(tmp_path, {"A1": ("A1:C1", "={1,2,3}+{1,2}"), "A3": ("A3:B4", "={1,2}+{10;20}")})
    assert (v["A1"], v["B1"], v["C1"]) == (2.0, 4.0, "#N/A")
    assert (v["A3"], v["B3"], v["A4"], v["B4"]) == (11.0, 12.0, 21.0, 22.0)


# --- Excel's limits ---------------------------------------------------------------------------
def test_zero_to_the_power_zero_is_num_error(tmp_path):
    # Excel: =0^0 and POWER(0,0) are #NUM! (LibreOffice gives 1); 0^-1 is #DIV/0!.
    v = cells(tmp_path, {"A1": "=0^0", "A2": "=0^-1", "A3": "=2^0", "A4": ("A4:B4", "={0,2}^0")})
    assert v["A1"] == "#NUM!" and v["A2"] == "#DIV/0!" and v["A3"] == 1.0
    assert (v["A4"], v["B4"]) == ("#NUM!", 1.0)


def test_text_longer_than_a_cell_from_the_ampersand_is_value_error(tmp_path):
    # Excel's cell limit is 32,767 characters: 20,000 & 20,000 exceeds it; 20,000 & "y" does not.
    long = "x" * 20000
    v = cells(tmp_path, {"A1": long, "B1": "=A1&A1", "B2": '=LEN(A1&"y")'})
    assert v["B1"] == "#VALUE!"
    assert v["B2"] == 20001.0


def test_a_thousand_term_sum_evaluates(tmp_path):
    # =A1+A2+...+A1000 (5,893 characters) with A_k = k: 1000*1001/2 = 500500; and a
    # 1,000-term sum of ones (3,000 characters with "=" ) = 1000. No recursion limit.
    formula = "=" + "+".join(f"A{k}" for k in range(1, 1001))
    ones = "=" + "+".join(["1"] * 1000)
    values = {f"A{k}": k for k in range(1, 1001)}
    values.update({"B1": formula, "B2": ones, "B3": "=" + "-".join(["1"] * 1000)})
    v = cells(tmp_path, values)
    assert v["B1"] == 500500.0
    assert v["B2"] == 1000.0
    assert v["B3"] == -998.0  # 1 - 999 ones
    assert not v["warnings"]


def test_a_chain_of_a_thousand_defined_names_evaluates(tmp_path):
    # Chain1 = 1, Chain_k = Chain_(k-1)+1: Chain1000 = 1000; Chain500*2 = 1000.
    names = {"Chain1": "1"}
    names.update({f"Chain{k}": f"Chain{k - 1}+1" for k in range(2, 1001)})
    v = cells(tmp_path, {"A1": "=Chain1000", "A2": "=Chain500*2"}, names)
    assert v["A1"] == 1000.0
    assert v["A2"] == 1000.0
    assert not v["warnings"]


def test_a_name_that_refers_to_itself_is_an_error_with_a_warning(tmp_path):
    v = cells(tmp_path, {"A1": "=LOOP+1"}, {"LOOP": "LOOP2*2", "LOOP2": "LOOP+1"})
    assert v["A1"] == "#VALUE!"
    assert any("circular defined name" in w for w in v["warnings"])


# --- whole columns --------------------------------------------------------------------------
def test_whole_columns_count_their_blank_rows_and_line_up_across_sheets(tmp_path):
    # A1:A4 = a, b, a, 5 and T2!A1:A3 = 1, 2, 3. A whole column has 1,048,576 rows: the blank
    # ones below the data count where a criterion matches a blank (LibreOffice 7.4 gives the
    # same values): "" -> 1,048,576 - 4 = 1,048,572; "<>a" -> 1,048,576 - 2 = 1,048,574.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    t2 = wb.create_sheet("T2")
    for r, v in enumerate(["a", "b", "a", 5], start=1):
        ws[f"A{r}"] = v
    for r in (1, 2, 3):
        t2[f"A{r}"] = r
        ws[f"B{r}"] = r
    ws["C1"] = '=COUNTIF(A:A,"")'
    ws["C2"] = '=COUNTIF(A:A,"<>a")'
    ws["C3"] = '=SUMIFS(T2!A:A,A:A,"a")'                 # rows 1 and 3 of the other sheet: 1 + 3
    ws["C4"] = '=SUMPRODUCT(COUNTIF(A:A,{"a","b"}))'     # an array of criteria: 2 + 1
    ws["C5"] = '=COUNTIFS(A:A,"<>",T2!A:A,">1")'         # rows 2, 3: 2
    ws["C6"] = '=AVERAGEIF(A:A,"a",T2!A:A)'              # (1 + 3) / 2
    ws["C7"] = '=SUMIF(A:A,"a",B1)'                      # B1 resized to B:B: 1 + 3
    ws["C1000"] = "=A:A"                                 # row 1000 of column A: blank, 0 (not #VALUE!)
    path = tmp_path / "w.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = {c: x for s, c, x in zip(df["sheet"], df["cell"], df["value"], strict=True) if s == "S"}
    assert v["C1"] == 1048572.0 and v["C2"] == 1048574.0
    assert v["C3"] == 4.0 and v["C4"] == 3.0 and v["C5"] == 2.0 and v["C6"] == 2.0 and v["C7"] == 4.0
    assert v["C1000"] == 0.0


def test_count_and_counta_count_around_errors(tmp_path):
    # A1:A4 = 1, #N/A, "x", 3: COUNT 2 (numbers), COUNTA 4 (an error is a value), SUM #N/A.
    # Row blocks in a column run: rows 1-300 hold (r, #N/A, "t"): COUNT = 1, COUNTA = 3, SUM = #N/A.
    values: dict[str, object] = {"A1": 1, "A2": "=NA()", "A3": "x", "A4": 3,
                                 "C1": "=COUNT(A1:A4)", "C2": "=COUNTA(A1:A4)", "C3": "=SUM(A1:A4)"}
    for r in range(1, 301):
        values.update({f"E{r}": r, f"F{r}": "=NA()", f"G{r}": "t",
                       f"H{r}": f"=COUNT(E{r}:G{r})", f"I{r}": f"=COUNTA(E{r}:G{r})", f"J{r}": f"=SUM(E{r}:G{r})"})
    v = cells(tmp_path, values)
    assert (v["C1"], v["C2"], v["C3"]) == (2.0, 4.0, "#N/A")
    assert {v[f"H{r}"] for r in range(1, 301)} == {1.0}
    assert {v[f"I{r}"] for r in range(1, 301)} == {3.0}
    assert {v[f"J{r}"] for r in range(1, 301)} == {"#N/A"}


def test_date_text_with_spaces_around_it_is_not_a_number(tmp_path):
    # IronCalc's MROUND_TRUNC_INT.xlsx and FLOOR_CEILING.xlsx (saved by Excel): " 10 " is 10
    # in arithmetic, "2024-01-10" is 45301, but " 2024-01-10 " is #VALUE! (INT!B28)
    def fill(ws):
        ws["A1"], ws["A2"], ws["A3"] = " 10 ", "2024-01-10", " 2024-01-10 "
        for r in (1, 2, 3):
            ws[f"B{r}"] = f"=A{r}+0"
            ws[f"C{r}"] = f"=INT(A{r})"

    v = frame(tmp_path, fill)
    assert [v["B1"], v["B2"], v["B3"]] == [10.0, 45301.0, "#VALUE!"]
    assert [v["C1"], v["C2"], v["C3"]] == [10.0, 45301.0, "#VALUE!"]


def test_time_text_in_arithmetic_and_odd_roots_of_negative_numbers(tmp_path):
    # IronCalc's MINUS_MINUS.xlsx, MAX_MIN.xlsx and POWER.xlsx (saved by Excel): --"12:00" is
    # 0.5 and MAX("12:00",0.4) 0.5 (time text is read as TIMEVALUE reads it); (-8)^(1/3) and
    # POWER(-8,1/3) are -2 (Excel saved -1.9999999999999998); (-8)^(2/3) stays #NUM!
    def fill(ws):
        ws["A1"], ws["A2"] = '=--"12:00"', '=MAX("12:00",0.4)'
        ws["A3"], ws["A4"], ws["A5"] = "=(-8)^(1/3)", "=POWER(-8,1/3)", "=(-8)^(2/3)"
        for r in (6, 7):  # the same in a filled-down column
            ws[f"B{r}"], ws[f"C{r}"] = -8, 1 / 3
            ws[f"A{r}"] = f"=B{r}^C{r}"

    v = frame(tmp_path, fill)
    assert (v["A1"], v["A2"]) == (0.5, 0.5)
    assert v["A3"] == pytest.approx(-2.0) and v["A4"] == pytest.approx(-2.0) and v["A5"] == "#NUM!"
    assert v["A6"] == pytest.approx(-2.0) and v["A7"] == pytest.approx(-2.0)


def test_let_names_and_lambda_parameters_keep_references(tmp_path):
    # IronCalc's MAX_MIN.xlsx and ISREF.xlsx (saved by Excel): LAMBDA(x,MAX(x))("h") is
    # #VALUE! (MAX of the text "h") but LAMBDA(x,MAX(x))(A2) with text in A2 is 0 (a reference:
    # its text is skipped); LET(x,K1,ISREF(x)) and LAMBDA(x,ISREF(x))(K1) are TRUE; the name
    # still reads as K1's value (x*2), also filled down a column
    def fill(ws):
        ws["A2"], ws["K1"] = "text", 21
        ws["A1"] = '=_xlfn.LAMBDA(_xlpm.x,MAX(_xlpm.x))("h")'
        ws["B1"] = "=_xlfn.LAMBDA(_xlpm.x,MAX(_xlpm.x))(A2)"
        ws["C1"] = "=_xlfn.LET(_xlpm.x,K1,ISREF(_xlpm.x))"
        ws["D1"] = "=_xlfn.LAMBDA(_xlpm.x,ISREF(_xlpm.x))(K1)"
        for r in range(1, 4):
            ws[f"E{r}"] = f"=_xlfn.LET(_xlpm.x,K{r},_xlpm.x*2)"
        ws["K2"], ws["K3"] = 1, 2

    v = frame(tmp_path, fill)
    assert (v["A1"], v["B1"], v["C1"], v["D1"]) == ("#VALUE!", 0.0, True, True)
    assert (v["E1"], v["E2"], v["E3"]) == (42.0, 2.0, 4.0)
