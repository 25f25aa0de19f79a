"""XIRR to the last digit Excel saved: a bracket from the guess, halved 26 times.

Every expected value below is the value Excel saved in a public workbook (the workbooks are
not in this repository; the few numbers are copied here as data, with their cells):

* formulas' ``test/test_files/test.xlsx`` (vinci1it2000/formulas), sheet FINANCIAL: flows
  C55:G55 = -10, 1, 5, 0.0001, 4.5 on days C54:G54 = 1, 99, 55, 4, 9;
* SheetJS' ``test_files/formula_stress_test.xlsx``, sheet Finance, B11;
* IronCalc's ``xlsx/tests/calc_tests/FINANCIAL/XIRR.xlsx``, Sheet1, R2 and R19.

The exact root of formulas' flows is 0.59931975575305...; Excel saves 80439335 / 2**27 for
a guess of 1 or 4 (the bracket [0.5, 1] halved 26 times), a value no Newton step gives.
"""

from __future__ import annotations

import openpyxl

from socroi_xl.engine import evaluate

FLOWS = [-10, 1, 5, 0.0001, 4.5]
DAYS = [1, 99, 55, 4, 9]


def run(tmp_path, cells: dict[str, object]) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def flows(extra: dict[str, object]) -> dict[str, object]:
    cells: dict[str, object] = {}
    for i, (v, d) in enumerate(zip(FLOWS, DAYS, strict=True), start=1):
        cells[f"A{i}"], cells[f"B{i}"] = v, d
    return {**cells, **extra}


def test_xirr_is_the_midpoint_excel_saved_for_each_guess(tmp_path):
    v = run(tmp_path, flows({
        "C1": "=XIRR(A1:A5,B1:B5)",          # FINANCIAL!AD54: guess 10%, bracket [0.4, 0.8]
        "C2": "=XIRR(A1:A5,B1:B5,1)",        # FINANCIAL!AH54 (guess D55 = 1): [0.5, 1]
        "C3": "=XIRR(A1:A5,B1:B5,4)",        # FINANCIAL!V55 (guess F56 = 4): [0.5, 1] again
        "C4": "=XIRR(A1:A5,B1:B5,32015)",    # FINANCIAL!X54 (guess 32015, a date): halved 15 times first
        "C5": '=XIRR(A1:A5,B1:B5,"1")',      # FINANCIAL!X55 (guess I55, the text "1")
    }))
    assert v["C1"] == 0.59931975007057214
    assert v["C2"] == 0.59931974858045578 == 80439335 / 2**27
    assert v["C3"] == 0.59931974858045578
    assert v["C4"] == 0.59931975404310833
    assert v["C5"] == 0.59931974858045578


def test_xirr_with_a_negative_guess_misses_a_positive_rate(tmp_path):
    # FINANCIAL!S55: XIRR(..., -0.1) is #NUM! in Excel although 59.9% is a rate
    v = run(tmp_path, flows({"C1": "=XIRR(A1:A5,B1:B5,-0.1)"}))
    assert v["C1"] == "#NUM!"


def test_xirr_other_workbooks_as_excel_saved_them(tmp_path):
    v = run(tmp_path, {
        # SheetJS formula_stress_test.xlsx, Finance!E10:H10 and E11:H11, B11: bracket [3.2, 6.4]
        "A1": -10000, "A2": 3000, "A3": 4200, "A4": 6800,
        "B1": 41275, "B2": 41306, "B3": 41334, "B4": 41365,
        "C1": "=XIRR(A1:A4,B1:B4)",
        # IronCalc XIRR.xlsx, Sheet1!A2:F2 and H2:M2, R2: bracket [0.8, 1.6]
        "D1": -20, "D2": 5, "D3": 5, "D4": 5, "D5": 5, "D6": 5,
        "E1": 44958, "E2": 44986, "E3": 45017, "E4": 45078, "E5": 45108, "E6": 45139,
        "F1": "=XIRR(D1:D6,E1:E6)",
        # IronCalc XIRR.xlsx, Sheet1!A19:F19 and H19:M19, R19
        "G1": -20, "G2": 5, "G3": 12, "G4": 1, "G5": 7, "G6": 5,
        "H1": 45292, "H2": 45323, "H3": 45353, "H4": 45386, "H5": 45782, "H6": 46179,
        "I1": "=XIRR(G1:G6,H1:H6)",
    })
    assert v["C1"] == 5.3152377605438241
    assert v["F1"] == 1.1859161972999572
    assert v["I1"] == 0.9825324892997742


def test_xirr_of_a_negative_rate_is_within_excel_tolerance(tmp_path):
    # IronCalc XIRR.xlsx, Sheet1!A5:F5 and H5:M5, R5: Excel saved -0.48679569587111476; how
    # Excel brackets a negative rate from a positive guess is not known: the engine's rate
    # (Newton's method) is within Excel's documented 0.000001 percent of it
    v = run(tmp_path, {
        "A1": -20, "A2": 5, "A3": 5, "A4": 7, "A5": -10, "A6": 5,
        "B1": 45292, "B2": 45323, "B3": 45353, "B4": 45386, "B5": 45782, "B6": 46179,
        "C1": "=XIRR(A1:A6,B1:B6)",
    })
    assert abs(v["C1"] - -0.48679569587111476) < 1e-8
