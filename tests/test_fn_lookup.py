"""Lookup & reference functions: Microsoft's documentation examples (support.microsoft.com,
"<NAME> function", the example table of each), Excel's documented error codes, and cases
worked out by hand in the comments. No expected value comes from running the engine.

The array functions (FILTER, SORT, TAKE...) are in tests/test_fn_lookup_arrays.py."""

from __future__ import annotations

import time

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate


def run(tmp_path, cells: dict[str, object], sheets: dict[str, dict[str, object]] | None = None, name: str = "book.xlsx") -> dict[str, object]:
    """Write ``cells`` (sheet "S") and other ``sheets`` into a workbook, evaluate it, return
    {"A1": value} for S and {"Sheet!A1": value} for the others."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    for title, more in (sheets or {}).items():
        other = wb.create_sheet(title)
        for ref, value in more.items():
            other[ref] = value
    path = tmp_path / name
    wb.save(path)
    df = evaluate(path)
    return {(c if s == "S" else f"{s}!{c}"): v for s, c, v in zip(df["sheet"], df["cell"], df["value"], strict=True)}


def array(ref: str, formula: str) -> ArrayFormula:
    return ArrayFormula(ref, formula)


# --- MATCH ----------------------------------------------------------------------------------------
FRUIT = {"A1": "Product", "B1": "Count", "A2": "Bananas", "B2": 25, "A3": "Oranges", "B3": 38,
         "A4": "Apples", "B4": 40, "A5": "Pears", "B5": 41}


def test_match_documented_example(tmp_path):
    v = run(tmp_path, {**FRUIT,
        "D1": "=MATCH(39,B2:B5,1)",   # largest value <= 39 is 38, position 2
        "D2": "=MATCH(41,B2:B5,0)",   # exact: 4
        "D3": "=MATCH(40,B2:B5,-1)",  # the range is not in descending order: #N/A
        "D4": '=MATCH("app*",A2:A5,0)',  # wildcard: Apples, position 3
        "D5": '=MATCH("ORANGES",A2:A5,0)',  # case-insensitive: 2
    })
    assert (v["D1"], v["D2"], v["D3"], v["D4"], v["D5"]) == (2.0, 4.0, "#N/A", 3.0, 2.0)


def test_match_empty_match_type_is_exact_and_omitted_is_approximate(tmp_path):
    # MATCH(x, r, ) is match type 0 (an empty argument is 0); MATCH(x, r) is type 1.
    # B2:B5 = 25, 38, 40, 41: 39 exact is #N/A, approximate is 2; a blank cell as match type
    # is 0 too.
    v = run(tmp_path, {**FRUIT, "D1": "=MATCH(39,B2:B5,)", "D2": "=MATCH(39,B2:B5)", "D3": "=MATCH(39,B2:B5,Z9)"})
    assert (v["D1"], v["D2"], v["D3"]) == ("#N/A", 2.0, "#N/A")


def test_match_rules_and_errors(tmp_path):
    v = run(tmp_path, {
        "A1": 1, "A2": "b", "A3": True, "A4": None, "A5": 3, "B1": 1, "B2": 2, "C1": "=1/0",
        "D1": "=MATCH(TRUE,A1:A5,0)",      # a logical matches a logical only: 3
        "D2": "=MATCH(3,A1:A5,1)",         # binary search over the numbers 1, 3: 3 at position 5
        "D3": "=MATCH(1,A1:B2,0)",         # a 2-D lookup array: #N/A
        "D4": "=MATCH(Z1,A1:A5,0)",        # a blank lookup value matches nothing: #N/A
        "D5": "=MATCH(C1,A1:A5,0)",        # an error lookup value is the result
        "D6": '=MATCH(1,A1:A5,"x")',       # match type not a number: #VALUE!
        "D7": "=MATCH(2,{1,2,2,2,3},1)",   # equal values: the last of them, 4
        "D8": "=MATCH(2,{3,2,2,1},-1)",    # descending: the last value >= 2, position 3
        "D9": '=MATCH("~*",{"a","*","b"},0)',  # ~* is a literal asterisk: 2
        "D10": "=MATCH(5,A1:A5,5)",        # any positive match type is 1: 3 is the largest <= 5
    })
    assert v["D1"] == 3.0 and v["D2"] == 5.0 and v["D3"] == "#N/A" and v["D4"] == "#N/A"
    assert v["D5"] == "#DIV/0!" and v["D6"] == "#VALUE!" and v["D7"] == 4.0 and v["D8"] == 3.0
    assert v["D9"] == 2.0 and v["D10"] == 5.0


def test_match_lifts_over_an_array_of_lookup_values(tmp_path):
    # {=MATCH({41;25;99},B2:B5,0)}: 4, 1, #N/A
    v = run(tmp_path, {**FRUIT, "D1": array("D1:D3", "=MATCH({41;25;99},B2:B5,0)")})
    assert (v["D1"], v["D2"], v["D3"]) == (4.0, 1.0, "#N/A")


# --- VLOOKUP, HLOOKUP ------------------------------------------------------------------------------
DENSITY = {  # the VLOOKUP documentation example: density, viscosity, temperature
    "A1": "Density", "B1": "Viscosity", "C1": "Temperature",
    **{f"{c}{r}": v for r, row in enumerate([
        (0.457, 3.55, 500), (0.525, 3.25, 400), (0.606, 2.93, 300), (0.675, 2.75, 250),
        (0.746, 2.57, 200), (0.835, 2.38, 150), (0.946, 2.17, 100), (1.09, 1.95, 50),
        (1.29, 1.71, 0)], start=2) for c, v in zip("ABC", row, strict=True)},
}


def test_vlookup_documented_example(tmp_path):
    v = run(tmp_path, {**DENSITY,
        "E1": "=VLOOKUP(1,A2:C10,2)",          # approximate: 0.946 is the largest <= 1: 2.17
        "E2": "=VLOOKUP(1,A2:C10,3,TRUE)",     # same row, third column: 100
        "E3": "=VLOOKUP(0.7,A2:C10,3,FALSE)",  # no exact 0.7: #N/A
        "E4": "=VLOOKUP(0.1,A2:C10,2,TRUE)",   # smaller than every density: #N/A
        "E5": "=VLOOKUP(2,A2:C10,2,TRUE)",     # beyond the last: the last row, 1.71
    })
    assert (v["E1"], v["E2"], v["E3"], v["E4"], v["E5"]) == (2.17, 100.0, "#N/A", "#N/A", 1.71)


def test_vlookup_empty_range_lookup_is_exact_and_error_codes(tmp_path):
    v = run(tmp_path, {**DENSITY,
        "E1": "=VLOOKUP(1,A2:C10,2,)",    # an empty range_lookup is FALSE: no exact 1, #N/A
        "E2": "=VLOOKUP(0.606,A2:C10,0,FALSE)",  # col_index_num < 1: #VALUE!
        "E3": "=VLOOKUP(0.606,A2:C10,4,FALSE)",  # beyond the table's columns: #REF!
        "E4": '=VLOOKUP(0.606,A2:C10,"x",FALSE)',  # not a number: #VALUE!
        "E5": "=VLOOKUP(0.606,A2:C10,2.9,FALSE)",  # truncated to 2: 2.93
        "E6": "=VLOOKUP(0.606,A2:C10,3,FALSE)&\"\"",  # text of 300: "300"
        "F1": 1, "F2": None, "G1": "a",
        "E7": "=VLOOKUP(1,F1:G2,2,FALSE)",  # the value found: "a"
        "E8": "=VLOOKUP(1,F1:F2,1,FALSE)&\"|\"",  # F1 itself: "1|"
    })
    assert (v["E1"], v["E2"], v["E3"], v["E4"], v["E5"], v["E6"]) == ("#N/A", "#VALUE!", "#REF!", "#VALUE!", 2.93, "300")
    assert v["E7"] == "a" and v["E8"] == "1|"


def test_vlookup_of_an_empty_cell_is_blank_not_zero_text(tmp_path):
    # VLOOKUP returns the found cell's value: an empty cell shows 0, but &"" makes "" (the
    # usual trick), as Excel does.
    v = run(tmp_path, {"A1": "k", "E1": '=VLOOKUP("k",A1:B1,2,FALSE)', "E2": '=VLOOKUP("k",A1:B1,2,FALSE)&""'})
    assert v["E1"] == 0.0 and v["E2"] == ""


def test_hlookup_documented_example(tmp_path):
    v = run(tmp_path, {
        "A1": "Axles", "B1": "Bearings", "C1": "Bolts", "A2": 4, "B2": 4, "C2": 9,
        "A3": 5, "B3": 7, "C3": 10, "A4": 6, "B4": 8, "C4": 11,
        "E1": '=HLOOKUP("Axles",A1:C4,2,TRUE)',      # 4
        "E2": '=HLOOKUP("Bearings",A1:C4,3,FALSE)',  # 7
        "E3": '=HLOOKUP("B",A1:C4,3,TRUE)',          # "B" sorts before "Bearings": Axles, row 3: 5
        "E4": '=HLOOKUP("Bolts",A1:C4,4)',           # 11
        "E5": '=HLOOKUP(3,{1,2,3;"a","b","c";"d","e","f"},2,TRUE)',  # "c"
        "E6": '=HLOOKUP("Bolts",A1:C4,5,FALSE)',     # row_index beyond the table: #REF!
    })
    assert (v["E1"], v["E2"], v["E3"], v["E4"], v["E5"], v["E6"]) == (4.0, 7.0, 5.0, 11.0, "c", "#REF!")


def test_vlookup_lifts_over_lookup_values_and_column_numbers(tmp_path):
    v = run(tmp_path, {**DENSITY,
        "E1": array("E1:E2", "=VLOOKUP({0.457;1.29},A2:C10,3,FALSE)"),  # 500, 0
        "F1": array("F1:G1", "=VLOOKUP(0.525,A2:C10,{2,3},FALSE)"),     # 3.25, 400
    })
    assert (v["E1"], v["E2"], v["F1"], v["G1"]) == (500.0, 0.0, 3.25, 400.0)


# --- INDEX ----------------------------------------------------------------------------------------
def test_index_documented_examples_and_error_codes(tmp_path):
    v = run(tmp_path, {
        "A2": "Apples", "B2": "Lemons", "A3": "Bananas", "B3": "Pears",
        "D1": "=INDEX(A2:B3,2,2)",   # Pears
        "D2": "=INDEX(A2:B3,2,1)",   # Bananas
        "D3": "=INDEX({1,2;3,4},2,2)",  # 4
        "D4": "=INDEX(A2:B3,-1,1)",  # a negative row: #VALUE!
        "D5": "=INDEX(A2:B3,1,-1)",  # a negative column: #VALUE!
        "D6": "=INDEX(A2:B3,3,1)",   # beyond the rows: #REF!
        "D7": "=INDEX(A2:B3,1,3)",   # beyond the columns: #REF!
        "D8": '=INDEX(A2:B3,"x",1)',  # #VALUE!
        "D9": "=INDEX({1,2,3},2)",   # one row: the number is the column, 2
        "D10": "=SUM(INDEX(A5:C6,0,2))",  # a whole column as a reference: 20+50 = 70
        "A5": 10, "B5": 20, "C5": 30, "A6": 40, "B6": 50, "C6": 60,
        "D11": "=SUM(INDEX(A5:C6,1,1):B6)",  # INDEX as an end of a range: A5:B6 = 120
        "D12": "=INDEX(A5:C6,2,1.9)",  # truncated: row 2, column 1: 40
        "D13": "=INDEX((A5:C6,A2:B3),1,1,2)",  # the second area's first cell: Apples
    })
    assert (v["D1"], v["D2"], v["D3"]) == ("Pears", "Bananas", 4.0)
    assert (v["D4"], v["D5"], v["D6"], v["D7"], v["D8"]) == ("#VALUE!", "#VALUE!", "#REF!", "#REF!", "#VALUE!")
    assert (v["D9"], v["D10"], v["D11"], v["D12"]) == (2.0, 70.0, 120.0, 40.0)
    assert v["D13"] == "Apples"


def test_index_array_form_spills_a_column(tmp_path):
    # INDEX({1,2;3,4},0,2) is the second column, {2;4}
    v = run(tmp_path, {"A1": array("A1:A2", "=INDEX({1,2;3,4},0,2)"), "B1": array("B1:B2", "=INDEX({1,2;3,4},{1;2},1)")})
    assert (v["A1"], v["A2"], v["B1"], v["B2"]) == (2.0, 4.0, 1.0, 3.0)


# --- LOOKUP ----------------------------------------------------------------------------------------
COLORS = {"A1": "Frequency", "B1": "Color",
          **{f"A{i}": f for i, f in enumerate([4.14, 4.19, 5.17, 5.77, 6.39], start=2)},
          **{f"B{i}": c for i, c in enumerate(["red", "orange", "yellow", "green", "blue"], start=2)}}


def test_lookup_vector_form_documented_example(tmp_path):
    v = run(tmp_path, {**COLORS,
        "D1": "=LOOKUP(4.19,A2:A6,B2:B6)",  # orange
        "D2": "=LOOKUP(5.75,A2:A6,B2:B6)",  # the largest <= 5.75 is 5.17: yellow
        "D3": "=LOOKUP(7.66,A2:A6,B2:B6)",  # blue
        "D4": "=LOOKUP(0,A2:A6,B2:B6)",     # below the smallest: #N/A
        "D5": "=LOOKUP(5.2,A2:A6)",         # no result vector: the value found, 5.17
    })
    assert (v["D1"], v["D2"], v["D3"], v["D4"], v["D5"]) == ("orange", "yellow", "blue", "#N/A", 5.17)


def test_lookup_array_form_documented_example(tmp_path):
    v = run(tmp_path, {
        "D1": '=LOOKUP("C",{"a","b","c","d";1,2,3,4})',  # wider than tall: first row, last row: 3
        "D2": '=LOOKUP("bump",{"a",1;"b",2;"c",3})',     # taller: first column; "b" <= "bump": 2
        "D3": "=LOOKUP(2,{1,2;4,5})",  # square: first column {1;4}, 1 <= 2: last column, 2
        # the last-match idiom: 1/(condition) is 1 or #DIV/0!; 2 is larger than every 1, so the
        # binary search ends on the last 1 (row 3): "c"
        "A1": "x", "A2": "y", "A3": "x", "B1": "a", "B2": "b", "B3": "c",
        "D4": '=LOOKUP(2,1/(A1:A3="x"),B1:B3)',
    })
    assert (v["D1"], v["D2"], v["D3"], v["D4"]) == (3.0, 2.0, 2.0, "c")


# --- XLOOKUP, XMATCH -------------------------------------------------------------------------------
def test_xmatch_documented_examples(tmp_path):
    v = run(tmp_path, {
        "C3": "Apple", "C4": "Grape", "C5": "Pear", "C6": "Banana", "C7": "Cherry",
        "D1": "=_xlfn.XMATCH(4,{5,4,3,2,1})",        # documentation example 4: 2
        "D2": "=_xlfn.XMATCH(4.5,{5,4,3,2,1},1)",    # next larger is 5: 1
        # example 1: "Gra" exact or next larger text: grape is the smallest text > "gra": 2
        "D3": '=_xlfn.XMATCH("Gra",C3:C7,1)',
        "D4": '=_xlfn.XMATCH("gr*",C3:C7,2)',        # wildcard mode: Grape, 2
        "D5": '=_xlfn.XMATCH("gr*",C3:C7)',          # exact mode: * is a character, #N/A
        "D6": "=_xlfn.XMATCH(4.5,{5,4,3,2,1},-1)",   # next smaller: 4, position 2
        "D7": "=_xlfn.XMATCH(2,{1,2,3,2,1},0,-1)",   # last-to-first: position 4
        "D8": "=_xlfn.XMATCH(3,{1,2,3,4,5},0,2)",    # binary search ascending: 3
        "D9": "=_xlfn.XMATCH(3.5,{5,4,3,2,1},-1,-2)",  # binary descending, next smaller: 3 at 3
        "D10": "=_xlfn.XMATCH(3.5,{5,4,3,2,1},1,-2)",  # next larger: 4 at 2
        "D11": "=_xlfn.XMATCH(1,{1,2;3,4})",         # a 2-D lookup array: #VALUE!
        "D12": "=_xlfn.XMATCH(1,{1,2},4)",           # no match mode 4: #VALUE!
        "D13": "=_xlfn.XMATCH(1,{1,2},0,0)",         # no search mode 0: #VALUE!
        "D14": "=_xlfn.XMATCH(9,{1,2})",             # #N/A
    })
    assert (v["D1"], v["D2"], v["D3"], v["D4"], v["D5"]) == (2.0, 1.0, 2.0, 2.0, "#N/A")
    assert (v["D6"], v["D7"], v["D8"], v["D9"], v["D10"]) == (2.0, 4.0, 3.0, 3.0, 2.0)
    assert (v["D11"], v["D12"], v["D13"], v["D14"]) == ("#VALUE!", "#VALUE!", "#VALUE!", "#N/A")


def test_xlookup_modes_and_errors(tmp_path):
    v = run(tmp_path, {
        "A1": "China", "A2": "India", "A3": "Brazil", "B1": "CN", "B2": "IN", "B3": "BR",
        "C1": 10, "C2": 30, "C3": 20, "D1": "x", "D2": "y", "D3": "z",
        "F1": '=_xlfn.XLOOKUP("Brazil",A1:A3,B1:B3)',                 # BR
        "F2": '=_xlfn.XLOOKUP("Chile",A1:A3,B1:B3,"not found")',      # if_not_found
        "F3": '=_xlfn.XLOOKUP("Chile",A1:A3,B1:B3)',                  # #N/A
        "F4": "=_xlfn.XLOOKUP(25,C1:C3,D1:D3,,-1)",    # exact or next smaller: 20, z
        "F5": "=_xlfn.XLOOKUP(25,C1:C3,D1:D3,,1)",     # next larger: 30, y
        "F6": "=_xlfn.XLOOKUP(35,C1:C3,D1:D3,,1)",     # nothing larger: #N/A
        "F7": '=_xlfn.XLOOKUP("B*",A1:A3,B1:B3,,2)',   # wildcard: BR
        "F8": '=_xlfn.XLOOKUP("B*",A1:A3,B1:B3)',      # exact: #N/A
        "F9": "=_xlfn.XLOOKUP(10,C1:C3,D1:D2)",        # return array of another length: #VALUE!
        "F10": "=SUM(_xlfn.XLOOKUP(30,C1:C3,C1:D3))",  # a whole row, as a reference: 30 (text ignored)
        "F11": '=_xlfn.XLOOKUP("India",A1:A3,C1:C3)*2',  # 60
    })
    assert (v["F1"], v["F2"], v["F3"], v["F4"], v["F5"], v["F6"]) == ("BR", "not found", "#N/A", "z", "y", "#N/A")
    assert (v["F7"], v["F8"], v["F9"], v["F10"], v["F11"]) == ("BR", "#N/A", "#VALUE!", 30.0, 60.0)


def test_xlookup_returns_a_row_that_spills_in_an_array_formula(tmp_path):
    v = run(tmp_path, {"A1": 1, "A2": 2, "B1": "a", "C1": "b", "B2": "c", "C2": "d",
                       "E1": array("E1:F1", "=_xlfn.XLOOKUP(2,A1:A2,B1:C2)")})
    assert (v["E1"], v["F1"]) == ("c", "d")


def test_a_lookup_costs_the_same_in_a_long_column_once_it_is_indexed():
    # A filled-down MATCH/VLOOKUP searches the same column for every row: the column is read
    # and indexed once, so each further lookup costs the same in a 100,000-row column as in a
    # 1,000-row one (reading the column per lookup made a 20,000-row VLOOKUP/MATCH/INDEX table
    # take 32 s). Both measured in the same run; a per-lookup read would be ~100x slower.
    import numpy as np

    from socroi_xl.engine.functions import FUNCTIONS

    match, vlookup = FUNCTIONS["MATCH"][0], FUNCTIONS["VLOOKUP"][0]

    def timed(n: int) -> float:
        column = np.array([f"k{i}" for i in range(n)], dtype=object).reshape(-1, 1)
        match(None, ["k0", column, 0.0], ())  # the first lookup indexes the column
        vlookup(None, ["k0", column, 1.0, False], ())
        t0 = time.perf_counter()
        for i in range(0, 1000):
            assert match(None, [f"k{i}", column, 0.0], ()) == float(i + 1)
            assert vlookup(None, [f"k{i}", column, 1.0, False], ()) == f"k{i}"
        return time.perf_counter() - t0

    small, large = timed(1000), timed(100_000)
    assert large < 3 * small + 0.05, (large, small)


# --- ROW, COLUMN, ROWS, COLUMNS, ADDRESS, AREAS ------------------------------------------------------
def test_row_column_documented_examples(tmp_path):
    v = run(tmp_path, {
        "B5": "=ROW()",          # the formula's own row: 5
        "B6": "=ROW(C10)",       # 10
        "C7": "=COLUMN()",       # 3
        "B8": "=COLUMN(D10)",    # 4
        "B9": "=COLUMN(C3:D6)",  # the first column of the range in a single cell: 3
        "B10": "=ROWS(C1:E4)",   # 4
        "B11": "=COLUMNS({1,2,3;4,5,6})",  # 3
        "D1": array("D1:D3", "=ROW(A1:A3)*10"),   # {10;20;30}
        "E1": array("E1:G1", "=COLUMN(B1:D1)"),   # {2,3,4}
        "B12": "=SUM(ROW(A1:A4))",  # a range in a single cell: ROW gives its first row: 1
        "B13": "=SUMPRODUCT(ROW(A1:A4))",  # an array argument: 1+2+3+4 = 10
    })
    assert (v["B5"], v["B6"], v["C7"], v["B8"], v["B9"], v["B10"], v["B11"]) == (5.0, 10.0, 3.0, 4.0, 3.0, 4.0, 3.0)
    assert (v["D1"], v["D2"], v["D3"], v["E1"], v["F1"], v["G1"]) == (10.0, 20.0, 30.0, 2.0, 3.0, 4.0)
    assert v["B13"] == 10.0


def test_row_filled_down_gives_each_row(tmp_path):
    cells = {f"A{r}": "=ROW()-1" for r in range(2, 40)}
    cells.update({f"B{r}": f"=ROW(C{r})" for r in range(2, 40)})
    v = run(tmp_path, cells)
    assert [v[f"A{r}"] for r in range(2, 40)] == [float(r - 1) for r in range(2, 40)]
    assert [v[f"B{r}"] for r in range(2, 40)] == [float(r) for r in range(2, 40)]


def test_address_documented_examples(tmp_path):
    v = run(tmp_path, {
        "A1": "=ADDRESS(2,3)",           # $C$2
        "A2": "=ADDRESS(2,3,2)",         # C$2
        "A3": "=ADDRESS(2,3,2,FALSE)",   # R2C[3]
        "A4": '=ADDRESS(2,3,1,FALSE,"[Book1]Sheet1")',  # '[Book1]Sheet1'!R2C3
        "A5": '=ADDRESS(2,3,1,FALSE,"EXCEL SHEET")',    # 'EXCEL SHEET'!R2C3
        "A6": "=ADDRESS(2,3,3)",         # $C2
        "A7": "=ADDRESS(2,3,4)",         # C2
        "A8": "=ADDRESS(0,1)",           # row 0: #VALUE!
        "A9": "=ADDRESS(1,16385)",       # beyond the last column XFD: #VALUE!
        "A10": "=ADDRESS(1,1,0)",        # abs_num 0: #VALUE!
        "A11": '=ADDRESS(1,1,1,TRUE,"Data")',  # Data!$A$1
        "A12": "=ADDRESS(3,28,3,FALSE)",  # R[3]C28
        "A13": '=ADDRESS(1,1,1,TRUE,"it\'s")',  # quotes doubled inside quotes: 'it''s'!$A$1
        # Excel's saved values: another workbook in A1 style is not quoted (POI's
        # FormulaEvalTestData); a blank cell as sheet_text gives "!" (formulas' test.xlsx)
        "A14": '=ADDRESS(2,3,3,TRUE,"[Book1]Sheet1")',  # [Book1]Sheet1!$C2
        "A15": "=ADDRESS(1,3,1,TRUE,Z99)",   # !$C$1
    })
    assert (v["A14"], v["A15"]) == ("[Book1]Sheet1!$C2", "!$C$1")
    assert [v[f"A{i}"] for i in range(1, 8)] == ["$C$2", "C$2", "R2C[3]", "'[Book1]Sheet1'!R2C3", "'EXCEL SHEET'!R2C3", "$C2", "C2"]
    assert (v["A8"], v["A9"], v["A10"]) == ("#VALUE!", "#VALUE!", "#VALUE!")
    assert (v["A11"], v["A12"], v["A13"]) == ("Data!$A$1", "R[3]C28", "'it''s'!$A$1")


def test_address_round_trips_through_indirect(tmp_path):
    v = run(tmp_path, {"A1": '=INDIRECT(ADDRESS(2,2,1,TRUE,"My Data"))'}, {"My Data": {"B2": 42}})
    assert v["A1"] == 42.0


def test_areas_documented_example(tmp_path):
    v = run(tmp_path, {"A1": "=AREAS(B2:D4)", "A2": "=AREAS((B2:D4,E5,F6:I9))", "A3": "=AREAS(B2:D4 B2)"})
    assert (v["A1"], v["A2"], v["A3"]) == (1.0, 3.0, 1.0)


# --- FORMULATEXT, HYPERLINK -----------------------------------------------------------------------------
def test_formulatext_shows_the_formula_as_the_formula_bar_does(tmp_path):
    v = run(tmp_path, {
        "A1": "=_xlfn.XOR(TRUE,FALSE)", "A2": 5, "A3": "=SUM(A2,1)",
        "B1": "=_xlfn.FORMULATEXT(A1)",   # no _xlfn. prefix: =XOR(TRUE,FALSE)
        "B2": "=_xlfn.FORMULATEXT(A2)",   # not a formula: #N/A
        "B3": "=_xlfn.FORMULATEXT(A3:A4)",  # the top-left cell: =SUM(A2,1)
        "B4": "=_xlfn.FORMULATEXT(B4)",   # itself, no circular reference: =_xlfn... shown bare
        "C1": array("C1:C2", "=A2:A3*2"),
        "B5": "=_xlfn.FORMULATEXT(C2)",   # a cell of a legacy array formula: {=A2:A3*2}
    })
    assert (v["B1"], v["B2"], v["B3"]) == ("=XOR(TRUE,FALSE)", "#N/A", "=SUM(A2,1)")
    assert v["B4"] == "=FORMULATEXT(B4)" and v["B5"] == "{=A2:A3*2}"


def test_formulatext_of_a_filled_down_shared_formula(tmp_path):
    # a shared formula (as Excel writes a filled-down column): each copy shows its own row
    import xlsxwriter

    path = tmp_path / "shared.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for r in range(3):
        ws.write(r, 0, r + 1)
        ws.write_formula(r, 1, f"=A{r + 1}*2")
    ws.write_formula("C1", "=_xlfn.FORMULATEXT(B3)")
    wb.close()
    df = evaluate(path)
    got = dict(zip(df["cell"], df["value"], strict=True))
    assert got["C1"] == "=A3*2"


def test_hyperlink_value_is_its_friendly_name(tmp_path):
    v = run(tmp_path, {"A1": '=HYPERLINK("http://example.com/report.xlsx","Click for report")',
                       "A2": '=HYPERLINK("http://example.com")', "A3": '=HYPERLINK("#S!A1",42)+1'})
    assert (v["A1"], v["A2"], v["A3"]) == ("Click for report", "http://example.com", 43.0)


@pytest.mark.parametrize("formula", ["=ROW(1)", "=COLUMN(\"A1\")", "=AREAS(1)", "=_xlfn.FORMULATEXT(1)"])
def test_reference_functions_refuse_values(tmp_path, formula):
    # ROW, COLUMN, AREAS and FORMULATEXT take references only: a value is #VALUE!
    assert run(tmp_path, {"A1": formula})["A1"] == "#VALUE!"


def test_a_range_given_as_the_lookup_value_is_intersected_in_an_ordinary_formula(tmp_path):
    # =VLOOKUP($A$1:$A$3,...) in row 2 looks up A2 only (implicit intersection, as Excel does
    # in a formula that is not an array formula); in row 5 there is no A5 in the range:
    # #VALUE!. Filled down rows 1-3, each row its own value. In an array formula: every value.
    table = {"D1": "a", "E1": 1, "D2": "b", "E2": 2, "D3": "c", "E3": 3}
    v = run(tmp_path, {**table, "A1": "c", "A2": "a", "A3": "b",
                       "B1": "=VLOOKUP($A$1:$A$3,$D$1:$E$3,2,FALSE)", "B2": "=VLOOKUP($A$1:$A$3,$D$1:$E$3,2,FALSE)",
                       "B3": "=VLOOKUP($A$1:$A$3,$D$1:$E$3,2,FALSE)", "B5": "=VLOOKUP($A$1:$A$3,$D$1:$E$3,2,FALSE)",
                       "C1": "=MATCH(A:A,$D$1:$D$3,0)", "C2": "=MATCH(A:A,$D$1:$D$3,0)",
                       "F1": array("F1:F3", "=VLOOKUP(A1:A3,D1:E3,2,FALSE)")})
    assert (v["B1"], v["B2"], v["B3"], v["B5"]) == (3.0, 1.0, 2.0, "#VALUE!")
    assert (v["C1"], v["C2"]) == (3.0, 1.0)
    assert (v["F1"], v["F2"], v["F3"]) == (3.0, 1.0, 2.0)


def test_xlookup_compares_across_types_and_searches_as_excel_does(tmp_path):
    # Values saved by Excel (IronCalc's XLOOKUP.xlsx, MIT): across types Excel's order holds
    # (numbers < text < logicals), so the next value smaller than FALSE is the text "ala" and
    # the next smaller than "qwerty" too; a binary search returns the first of equal values
    # in ascending data and the last in descending data; next smaller/larger without an
    # exact match: the neighbours where the search ends.
    asc = [1, 2, 3, 4, 5, 5, 5, 6, 7, 7, 7, 8, 9]
    cells = {f"A{i}": x for i, x in enumerate([2, 5, 4, 5, 3, True, "ala"], start=1)}
    cells.update({f"B{i}": x for i, x in enumerate("abcdefg", start=1)})
    cells.update({f"C{i}": x for i, x in enumerate(asc, start=1)})
    cells.update({f"D{i}": x for i, x in enumerate(asc[::-1], start=1)})
    cells.update({f"E{i}": chr(96 + i) for i in range(1, 14)})
    cases = {
        "F1": ('=_xlfn.XLOOKUP(FALSE,A1:A7,B1:B7,,-1)', "g"),
        "F2": ('=_xlfn.XLOOKUP("qwerty",A1:A7,B1:B7,,-1)', "g"),
        "F3": ("=_xlfn.XLOOKUP(10,A1:A7,B1:B7,,-1)", "b"),       # the first 5
        "F4": ("=_xlfn.XLOOKUP(10,A1:A7,B1:B7,,-1,-1)", "d"),    # from the end: the last 5
        "F5": ("=_xlfn.XLOOKUP(1,A1:A7,B1:B7,,-1)", "#N/A"),     # nothing smaller than 1
        "F6": ("=_xlfn.XLOOKUP(5,C1:C13,E1:E13,,-1,2)", "e"),    # ascending: the first 5 (C5)
        "F7": ("=_xlfn.XLOOKUP(7.1,C1:C13,E1:E13,,-1,2)", "k"),  # the last 7 (C11)
        "F8": ("=_xlfn.XLOOKUP(7.1,C1:C13,E1:E13,,1,2)", "l"),   # 8 (C12)
        "F9": ("=_xlfn.XLOOKUP(5,D1:D13,E1:E13,,-1,-2)", "i"),   # descending: the last 5 (D9)
        "F10": ("=_xlfn.XLOOKUP(7.1,D1:D13,E1:E13,,-1,-2)", "c"),  # the first 7 (D3)
        "F11": ("=_xlfn.XLOOKUP(6.8,D1:D13,E1:E13,,1,-2)", "e"),   # the last 7 (D5)
        "F12": ('=_xlfn.XLOOKUP("b*",B1:B7,A1:A7,,2,2)', "#VALUE!"),  # wildcards with a binary search
        "F13": ('=_xlfn.XMATCH("[A-Z][a-z]+y",{"Spain";"Italy";"France";"Germany"},3)', 2.0),  # regular expression
        "F14": ("=_xlfn.XMATCH(42,{1;42},3)", "#N/A"),           # a number never matches an expression
        "F15": ('=_xlfn.XMATCH(4.1,{"c bau c",4.1,"a",1.1},0,2)', 2.0),  # halving over an unsorted array
    }
    v = run(tmp_path, {**cells, **{k: f for k, (f, _) in cases.items()}})
    for cell, (_, want) in cases.items():
        assert v[cell] == want, (cell, v[cell], want)


def test_xlookup_of_an_empty_lookup_value_finds_an_empty_cell(tmp_path):
    # Excel: XLOOKUP of an empty cell (or an empty argument) matches the first empty cell of
    # the lookup array; the empty result cell reads 0 (IronCalc's XLOOKUP.xlsx, Excel-saved)
    v = run(tmp_path, {"A1": "a", "A2": "b", "A4": "d", "B1": 1, "B2": 2, "B3": 3, "B4": 4,
                       "D1": '=_xlfn.XLOOKUP(Z1,A1:A4,B1:B4,"none")', "D2": "=_xlfn.XLOOKUP(,A1:A4,B1:B4)",
                       "D3": '=_xlfn.XLOOKUP(Z1,A1:A2,B1:B2,"none")'})
    assert (v["D1"], v["D2"], v["D3"]) == (3.0, 3.0, "none")


def test_xmatch_modes_blank_and_error_lookup_values_as_excel_saved_them(tmp_path):
    # Values saved by Excel (formulas' test.xlsx, LOOKUP sheet, rows 162-186): modes are
    # rounded down (-1.1 is the descending binary search -2); a descending binary search halves
    # the array as it stands (an unsorted array may still give the exact match); with no
    # empty cell to find, an empty lookup value ranks above every value (match mode -1 finds
    # the greatest); an error as lookup value is the result, before bad modes and
    # if_not_found
    cases = {
        "B1": ('=_xlfn.XLOOKUP(2.1,{-1.1,2.1,3.1,4.1},{"L","ML","MR","R"},1,-1,-1.1)', "ML"),
        "B2": ('=_xlfn.XLOOKUP(-1.1,{-1.1,2.1,3.1,4.1},{"L","ML","MR","R"},1,1,-1.1)', "R"),
        "B3": ('=_xlfn.XLOOKUP(4,{-1.1,2.1,3.1,4.1},{"L","ML","MR","R"},1,2,-1.1)', "#VALUE!"),
        "B4": ('=_xlfn.XMATCH(4.1,{TRUE,4.1,FALSE,"c bau c"},-1,-2)', 2.0),
        "B5": ('=_xlfn.XMATCH("*b?u*",{TRUE,4.1,FALSE,"c bau c"},-1,-2)', 2.0),
        "B6": ("=_xlfn.XMATCH(Z1,{FALSE,2.1,TRUE,4.1},-1)", 3.0),      # TRUE, the greatest
        "B7": ("=_xlfn.XMATCH(Z1,{TRUE,4.1,FALSE,1.1},-1,2)", 4.0),    # a binary search ends last
        "B8": ('=_xlfn.XMATCH(Z1,{TRUE,4.1,FALSE,"c bau c"},-1,-2)', 1.0),  # ... descending, first
        "B9": ("=_xlfn.XMATCH(Z1,{-1.1,2.1,3.1,4.1},1)", "#N/A"),      # nothing above it
        "B10": ('=_xlfn.XLOOKUP(NA(),{"a",2.1,"b",4.1},{"L","ML","MR","R"},1)', "#N/A"),
        "B11": ('=_xlfn.XLOOKUP(1/0,{-1.1,2.1},{"L","ML"},1,1,3)', "#DIV/0!"),
        "B12": ("=_xlfn.XMATCH(1/0,{4.1,3.1,2.1,1.1},2,2)", "#DIV/0!"),
    }
    v = run(tmp_path, {k: f for k, (f, _) in cases.items()})
    for cell, (_, want) in cases.items():
        assert v[cell] == want, (cell, v[cell], want)


def test_approximate_lookups_as_excel_saved_them(tmp_path):
    # Excel's saved values: pycel's lookup.xlsx (an empty lookup value is 0 in approximate
    # searches; MATCH -1 on data whose first value is smaller: #N/A; a 2-D result array
    # #N/A), POI's FormulaEvalTestData (a binary search stops at an equal value: "DOUBLE"
    # among unsorted labels), IronCalc's HVLOOKUP.xlsx (a number as table is a 1x1 table,
    # text #VALUE!) and calamine's errors.xlsx (not found: #N/A before the column index)
    cells = {**{f"B{r}": r - 5 for r in range(5, 10)}, **{f"C{r}": x for r, x in zip(range(5, 10), "aeiou", strict=True)},
             "C6": "e", "D5": None, "E5": "=1/0", "F5": 1,
             "H1": "DOUBLE", "I1": "BLANK", "J1": "STRING", "K1": "REF", "L1": "AREA", "H2": 1.1, "I2": 2.2}
    cases = {
        "A1": ("=LOOKUP(Z1,B5:C9)", "a"),          # empty: 0, the first row
        "A2": ("=VLOOKUP(Z1,B5:C9,2)", "a"),
        "A3": ("=HLOOKUP(Z1,B5:F5,1)", 0.0),
        "A4": ("=MATCH(Z1,B5:B9,-1)", 1.0),        # the first value equals 0
        "A5": ("=MATCH(2,B5:B9,-1)", "#N/A"),      # the first value is smaller than 2
        "A6": ("=MATCH(-1,B5:B9,-1)", 5.0),
        "A7": ("=LOOKUP(2,B5:C9,E5:F9)", "#N/A"),  # a result of two columns
        "A8": ('=LOOKUP("DOUBLE",H1:L1,H2:L2)', 1.1),
        "A9": ('=VLOOKUP("Aranda",3,1)', "#N/A"),
        "A10": ('=VLOOKUP("Aranda","Nothing",1)', "#VALUE!"),
        "A11": ("=VLOOKUP(Z1,Z1,Z1,3)", "#N/A"),   # not found; the index 0 is not reached
    }
    v = run(tmp_path, {**cells, **{k: f for k, (f, _) in cases.items()}})
    for cell, (_, want) in cases.items():
        assert v[cell] == want, (cell, v[cell], want)


def test_index_lifted_and_two_dimensional_references_as_excel_saved_them(tmp_path):
    # formulas' test.xlsx (LOOKUP sheet, rows 52-54; Excel's saved values): a 2-D reference
    # with only a row number is #REF!; lifted over an array of row numbers, each whole row
    # found gives its first value; a 1x1 array of row numbers is lifted too
    v = run(tmp_path, {
        "A1": 1, "B1": 2, "C1": 3, "A2": 4, "B2": 5, "C2": 6,
        "E1": "=INDEX(A1:C2,2)",                                # #REF!
        "E2": "=INDEX({2,3;4,5},2)",                            # an array's row: 4 (first shown)
        "F1": array("F1:G2", "=INDEX({2,3;4,5},{1,2})"),        # 2, 4 / 2, 4
        "F4": array("F4:G4", "=INDEX({2,3;4,5},{1})"),          # 2, 2
        "F5": array("F5:G5", "=INDEX({2,3;4,5},1)"),            # the row: 2, 3
    })
    assert (v["E1"], v["E2"]) == ("#REF!", 4.0)
    assert (v["F1"], v["G1"], v["F2"], v["G2"]) == (2.0, 4.0, 2.0, 4.0)
    assert (v["F4"], v["G4"], v["F5"], v["G5"]) == (2.0, 2.0, 2.0, 3.0)


def test_approximate_search_over_mixed_and_blank_cells_as_excel_saved_it(tmp_path):
    # Excel's binary search halves the whole array: formulas' test.xlsx (LOOKUP rows 56-73),
    # pycel's lookup.xlsx (LookupBlanks) and POI's test data, Excel's saved values
    cells = {f"A{r}": v for r, v in zip(range(5, 13), [1, 2, 3, None, 5, 6, 7, 8], strict=True)}
    cells.update({f"{c}1": v for c, v in zip("CDEFGH", ["INTEGRAL", "DOUBLE", "BLANK", "STRING", "REF", "AREA"], strict=True)})
    cells.update({f"{c}2": v for c, v in zip("CDEFGHI", [1, 2, 3, 4, 5, 6, 7], strict=True)})
    cases = {
        "K1": ("=LOOKUP(TRUE,{TRUE,4.1,FALSE,1.1})", False),   # a number in the middle: on past it
        "K2": ('=LOOKUP("b",{"b",4.1,"a",1.1})', "a"),
        "K3": ('=MATCH("*b?u*",{"",4.1,"a",1.1})', 1.0),       # "" before the middle number
        "K4": ('=MATCH("*b?u*",{"c bau c",4.1,"a",1.1})', "#N/A"),
        "K5": ("=LOOKUP(4.1,{TRUE,4.1,FALSE,1.1})", 4.1),      # equal in the middle: found
        "K6": ("=MATCH(1,A1:A16)", 5.0),                       # blank cells around the numbers
        "K7": ("=MATCH(9,A1:A16)", 12.0),
        "K8": ("=MATCH(0,A1:A16)", "#N/A"),
        "K9": ('=HLOOKUP("STRING",C1:I2,2,TRUE)', 4.0),        # the trailing blank counts
    }
    v = run(tmp_path, {**cells, **{k: f for k, (f, _) in cases.items()}})
    for cell, (_, want) in cases.items():
        assert v[cell] == want, (cell, v[cell], want)
