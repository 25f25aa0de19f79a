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
        ws["B4"] = '=AND(TRUE,"x")'             # text typed in is an error: #VALUE!
        ws["B5"] = '=SUM("x",1)'                # #VALUE!

    v = frame(tmp_path, fill)
    assert v["B1"] == 3.0
    assert v["B2"] == 2.0
    assert v["B3"] is True
    assert v["B4"] == "#VALUE!"
    assert v["B5"] == "#VALUE!"


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
