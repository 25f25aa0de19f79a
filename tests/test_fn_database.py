"""Database functions: Microsoft's example (support.microsoft.com, "DAVERAGE function" and the
other D-function pages share one table), Excel's criteria rules ("Filter by using advanced
criteria": rows are OR, a row's cells AND, text alone matches what begins with it, computed
criteria), and hand computations in the comments. The cross-check against LibreOffice 7.4
is tests/golden/fn_db.json."""

from __future__ import annotations

import math

import openpyxl

from socroi_xl.engine import evaluate


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


TREES = {
    "A1": "Tree", "B1": "Height", "C1": "Age", "D1": "Yield", "E1": "Profit", "F1": "Height",
    "A2": '="=Apple"', "B2": ">10", "F2": "<16", "A3": '="=Pear"',
    "A5": "Tree", "B5": "Height", "C5": "Age", "D5": "Yield", "E5": "Profit",
    **{f"{c}{r}": v for r, row in enumerate([
        ("Apple", 18, 20, 14, 105), ("Pear", 12, 12, 10, 96), ("Cherry", 13, 14, 9, 105),
        ("Apple", 14, 15, 10, 75), ("Pear", 9, 8, 8, 76.8), ("Apple", 8, 9, 6, 45)], start=6)
       for c, v in zip("ABCDE", row, strict=True)},
}


def test_documented_example(tmp_path):
    v = run(tmp_path, {**TREES,
        "H1": '=DCOUNT(A5:E11,"Age",A1:F2)',      # apple trees 10 to 16 high: 1
        "H2": '=DCOUNTA(A5:E11,"Profit",A1:F2)',  # 1
        "H3": '=DMAX(A5:E11,"Profit",A1:A3)',     # apples and pears: 105
        "H4": '=DMIN(A5:E11,"Profit",A1:B2)',     # apples over 10: 75
        "H5": '=DSUM(A5:E11,"Profit",A1:A2)',     # apples: 225
        "H6": '=DSUM(A5:E11,"Profit",A1:F2)',     # apples 10 to 16 high: 75
        "H7": '=DPRODUCT(A5:E11,"Yield",A1:F2)',  # 10
        "H8": '=DAVERAGE(A5:E11,"Yield",A1:B2)',  # 12
        "H9": "=DAVERAGE(A5:E11,3,A5:E11)",       # every tree's age: 13
        "H10": '=DSTDEV(A5:E11,"Yield",A1:A3)',   # 2.96647939483827
        "H11": '=DSTDEVP(A5:E11,"Yield",A1:A3)',  # 2.65329983228432
        "H12": '=DVAR(A5:E11,"Yield",A1:A3)',     # 8.8
        "H13": '=DVARP(A5:E11,"Yield",A1:A3)',    # 7.04
        "H14": '=DGET(A5:E11,"Yield",A1:A3)',     # more than one record: #NUM!
    })
    assert [v[f"H{i}"] for i in range(1, 10)] == [1.0, 1.0, 105.0, 75.0, 225.0, 75.0, 10.0, 12.0, 13.0]
    assert math.isclose(v["H10"], 2.96647939483827, rel_tol=1e-13)
    assert math.isclose(v["H11"], 2.65329983228432, rel_tol=1e-13)
    assert math.isclose(v["H12"], 8.8, rel_tol=1e-13) and math.isclose(v["H13"], 7.04, rel_tol=1e-13)
    assert v["H14"] == "#NUM!"


def test_criteria_rules(tmp_path):
    v = run(tmp_path, {**TREES,
        "J1": "Tree", "J2": "Ap",                  # text alone: begins with, the apples
        "K1": "Tree", "K2": '="=Ap"',              # the text =Ap: exactly Ap, none
        "L1": "Tree", "L2": "Cherry", "L3": "Pear",  # OR: cherry and pears
        "M1": "Tree", "M2": "*r*",                 # wildcards: every tree with an r
        "N1": "Profit", "N2": "<>105",             # not 105
        "O1": "Tree", "O2": None,                  # a blank condition: every record
        "P1": "Height", "P2": ">=12", "Q1": "Height", "Q2": "<=14",  # AND on one column
        "H1": '=DSUM(A5:E11,"Profit",J1:J2)',      # 105+75+45 = 225
        "H2": '=DCOUNT(A5:E11,"Age",L1:L3)',       # 3
        "H3": '=DSUM(A5:E11,"Profit",M1:M2)',      # Pear, Cherry, Pear: 96+105+76.8 = 277.8
        "H4": '=DSUM(A5:E11,"Yield",N1:N2)',       # 10+10+8+6 = 34
        "H5": '=DSUM(A5:E11,"Yield",O1:O2)',       # all: 57
        "H6": '=DCOUNT(A5:E11,"Height",P1:Q2)',    # 12, 13, 14: 3
        "H7": '=DGET(A5:E11,"Tree",A1:F2)',        # the one apple 10-16 high: Apple
        "H8": '=DGET(A5:E11,"Tree",K1:K2)',        # none: #VALUE!
        "H9": '=DSUM(A5:E11,"Bogus",J1:J2)',       # no such field: #VALUE!
        "H10": "=DCOUNT(A5:E11,,L1:L3)",           # no field: the records, 3
        "H11": '=DCOUNTA(A5:E11,"tree",L1:L3)',    # labels compare case-insensitively: 3
        "H12": '=DMAX(A5:E11,"Profit",K1:K2)',     # no record: 0
        "H13": '=DAVERAGE(A5:E11,"Profit",K1:K2)',  # no record: #DIV/0!
    })
    assert (v["H1"], v["H2"], v["H3"], v["H4"], v["H5"], v["H6"]) == (225.0, 3.0, 277.8, 34.0, 57.0, 3.0)
    assert (v["H7"], v["H8"], v["H9"], v["H10"], v["H11"], v["H12"], v["H13"]) == ("Apple", "#VALUE!", "#VALUE!", 3.0, 3.0, 0.0, "#DIV/0!")


def test_computed_criteria(tmp_path):
    # a formula under a label that is not a database column, written for the first record
    # (row 6): yields above the average yield 9.5 are 14, 10, 10: profits 105+96+75 = 276
    v = run(tmp_path, {**TREES, "J1": "Above average", "J2": "=D6>AVERAGE($D$6:$D$11)",
                       "K1": None, "K2": '=A6="Pear"',  # a blank label works too: 96+76.8
                       "H1": '=DSUM(A5:E11,"Profit",J1:J2)', "H2": '=DSUM(A5:E11,"Profit",K1:K2)'})
    assert v["H1"] == 276.0 and v["H2"] == 172.8


def test_numbers_only_and_errors(tmp_path):
    # text, logical values and blanks in the field are not numbers; an error in the selected
    # field is the result
    v = run(tmp_path, {
        "A1": "k", "B1": "v", "A2": "x", "B2": 5, "A3": "x", "B3": "7", "A4": "x", "B4": True,
        "A5": "x", "B5": None, "A6": "y", "B6": "=1/0",
        "D1": "k", "D2": "x", "E1": "k", "E2": "y",
        "H1": '=DSUM(A1:B6,"v",D1:D2)',    # only 5
        "H2": '=DCOUNT(A1:B6,"v",D1:D2)',  # 1
        "H3": '=DCOUNTA(A1:B6,"v",D1:D2)',  # 5, "7", TRUE: 3
        "H4": '=DSUM(A1:B6,"v",E1:E2)',    # #DIV/0!
    })
    assert (v["H1"], v["H2"], v["H3"], v["H4"]) == (5.0, 1.0, 3.0, "#DIV/0!")


def test_labels_dates_and_errors_as_excel_saved_them(tmp_path):
    # the cases of IronCalc's DMIN_DMAX_DAVERAGE_DSUM.xlsx and DCOUNT_DCOUNTA_DGET_DPRODUCT.xlsx
    # (xlsx/tests/calc_tests/DATABASE), values as Excel saved them
    import datetime as dt

    cells = {"A1": "Name", "B1": "Revenue", "C1": True, "D1": 1, "E1": "true", "F1": "When"}
    rows = [("Ann", 100, "a", None, "b", dt.date(2024, 1, 15)), ("Bob", 200, "b", "b", "b", dt.date(2024, 7, 8)),
            ("Cy", 300, "A", "B", "a", dt.date(2024, 8, 11)), ("Di", 400, "=NA()", "BB", 12, dt.date(2024, 11, 25))]
    for r, row in enumerate(rows, start=2):
        cells.update({f"{c}{r}": v for c, v in zip("ABCDEF", row, strict=True) if v is not None})
    v = run(tmp_path, {**cells,
        "H1": "true", "H2": "<>a",           # "true" is the label TRUE (the first): not a, A: Bob, Di
        "I1": 1, "I2": "b",                  # begins with b: b, B, BB (Bob, Cy, Di)
        "J1": "When", "J2": ">=2024-07-01",  # date text compared as a date: Bob, Cy, Di
        "K1": True, "K2": "=NA()",           # an error selects the records holding it: Di
        "L1": "TRUE", "L2": "=NA()", "L3": None,  # ... and a blank row still selects all
        "M1": '=DSUM(A1:F5,"Revenue",H1:H2)',   # 600
        "M2": '=DSUM(A1:F5,2,I1:I2)',           # 900
        "M3": '=DSUM(A1:F5,B1,J1:J2)',          # 900
        "M4": '=DSUM(A1:F5,"Revenue",K1:K2)',   # 400
        "M5": '=DCOUNTA(A1:F5,"true",L1:L3)',   # field "true": the label TRUE, 4 values
        "M6": "=DCOUNT(A1:F5,TRUE,L1:L3)",      # field TRUE: the first column, no numbers
        "M7": '=DCOUNTA(A1:F5,"1",L1:L3)',      # field "1": the label 1, 3 values
        "M8": '=DSUM(A1:F1,"Revenue",H1:H2)',   # labels without records: #VALUE!
        "M9": "=DSUM(A1:F5,1/3,L1:L3)",         # position 0: #VALUE!
    })
    assert [v[f"M{i}"] for i in range(1, 10)] == [600.0, 900.0, 900.0, 400.0, 4.0, 0.0, 3.0, "#VALUE!", "#VALUE!"]
