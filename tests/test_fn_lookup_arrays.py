"""The array functions (TRANSPOSE, CHOOSEROWS/COLS, TAKE, DROP, EXPAND, VSTACK, HSTACK, TOROW,
TOCOL, WRAPROWS, WRAPCOLS, FILTER, SORT, SORTBY, UNIQUE, SEQUENCE, RANDARRAY): the whole array
result, through a legacy array formula (openpyxl's ArrayFormula, the range given) and through
a dynamic-array formula that spills (XlsxWriter writes them as Excel 365 does).

Expected values are the examples of Microsoft's documentation (support.microsoft.com, "<NAME>
function") where they are given as text, else worked out by hand from the documented rules
in the comments. LibreOffice 7.4 has none of these functions but TRANSPOSE."""

from __future__ import annotations

import re

import openpyxl
import pytest
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate

NA = "#N/A"


def run(tmp_path, cells: dict[str, object]) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        if isinstance(value, tuple):  # (range, formula): a legacy array formula
            ws[ref] = ArrayFormula(value[0], value[1])
        else:
            ws[ref] = value
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def block(v: dict[str, object], ref: str) -> list[list[object]]:
    """The values of a rectangle, row by row."""
    c1, r1, c2, r2 = range_boundaries(ref)
    return [[v.get(f"{get_column_letter(c)}{r}") for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]


def arr(tmp_path, formula: str, shape: tuple[int, int], data: dict[str, object] | None = None) -> list[list[object]]:
    """A formula entered as a legacy array formula over a range of ``shape`` at K1."""
    last = f"{get_column_letter(10 + shape[1])}{shape[0]}"
    v = run(tmp_path, {**(data or {}), "K1": (f"K1:{last}", formula)})
    return block(v, f"K1:{last}")


M3 = "{1,2,3;4,5,6;7,8,9}"


def test_take_documented_examples(tmp_path):
    assert arr(tmp_path, f"=_xlfn.TAKE({M3},2)", (2, 3)) == [[1, 2, 3], [4, 5, 6]]
    assert arr(tmp_path, f"=_xlfn.TAKE({M3},,2)", (3, 2)) == [[1, 2], [4, 5], [7, 8]]
    assert arr(tmp_path, f"=_xlfn.TAKE({M3},-2)", (2, 3)) == [[4, 5, 6], [7, 8, 9]]
    assert arr(tmp_path, f"=_xlfn.TAKE({M3},2,-2)", (2, 2)) == [[2, 3], [5, 6]]
    assert arr(tmp_path, f"=_xlfn.TAKE({M3},5)", (3, 3)) == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]  # more than there is: all
    assert arr(tmp_path, f"=_xlfn.TAKE({M3},0)", (1, 1)) == [["#CALC!"]]  # 0 rows: an empty array


def test_drop_documented_examples(tmp_path):
    assert arr(tmp_path, f"=_xlfn.DROP({M3},2,2)", (1, 1)) == [[9]]
    assert arr(tmp_path, f"=_xlfn.DROP({M3},2)", (1, 3)) == [[7, 8, 9]]
    assert arr(tmp_path, f"=_xlfn.DROP({M3},,2)", (3, 1)) == [[3], [6], [9]]
    assert arr(tmp_path, f"=_xlfn.DROP({M3},-2)", (1, 3)) == [[1, 2, 3]]
    assert arr(tmp_path, f"=_xlfn.DROP({M3},3)", (1, 1)) == [["#CALC!"]]  # nothing left


def test_expand_documented_examples(tmp_path):
    assert arr(tmp_path, "=_xlfn.EXPAND({1,2;3,4},3,3)", (3, 3)) == [[1, 2, NA], [3, 4, NA], [NA, NA, NA]]
    assert arr(tmp_path, '=_xlfn.EXPAND({1,2;3,4},3,3,"-")', (3, 3)) == [[1, 2, "-"], [3, 4, "-"], ["-", "-", "-"]]
    assert arr(tmp_path, "=_xlfn.EXPAND({1,2;3,4},1,3)", (1, 1)) == [["#VALUE!"]]  # fewer rows than the array


def test_choose_rows_and_columns(tmp_path):
    # CHOOSEROWS(array, 1, 3, 5, 1) from the documentation: rows 1, 3, 5 and 1 again
    data = {f"A{r}": r * 10 for r in range(1, 7)}
    assert arr(tmp_path, "=_xlfn.CHOOSEROWS(A1:A6,1,3,5,1)", (4, 1), data) == [[10], [30], [50], [10]]
    assert arr(tmp_path, "=_xlfn.CHOOSEROWS(A1:A6,{1,2},-1)", (3, 1), data) == [[10], [20], [60]]  # -1: the last
    assert arr(tmp_path, f"=_xlfn.CHOOSECOLS({M3},3,1)", (3, 2)) == [[3, 1], [6, 4], [9, 7]]
    assert arr(tmp_path, f"=_xlfn.CHOOSECOLS({M3},4)", (1, 1)) == [["#VALUE!"]]  # beyond: #VALUE!
    assert arr(tmp_path, f"=_xlfn.CHOOSEROWS({M3},0)", (1, 1)) == [["#VALUE!"]]  # 0: #VALUE!


def test_stacks_pad_with_na(tmp_path):
    assert arr(tmp_path, "=_xlfn.VSTACK({1,2},{3,4},{5,6})", (3, 2)) == [[1, 2], [3, 4], [5, 6]]
    assert arr(tmp_path, "=_xlfn.HSTACK({1;2},{3;4})", (2, 2)) == [[1, 3], [2, 4]]
    assert arr(tmp_path, "=_xlfn.VSTACK({1,2,3},{4,5})", (2, 3)) == [[1, 2, 3], [4, 5, NA]]
    assert arr(tmp_path, '=_xlfn.HSTACK({1;2},"x")', (2, 2)) == [[1, "x"], [2, NA]]


def test_torow_tocol_ignore_and_scan_order(tmp_path):
    data = {"A1": 1, "B1": None, "A2": "=1/0", "B2": 4}
    # A1:B2 = 1, blank / #DIV/0!, 4. By row: 1, blank, #DIV/0!, 4
    assert arr(tmp_path, "=_xlfn.TOCOL(A1:B2)", (4, 1), data) == [[1], [0], ["#DIV/0!"], [4]]
    assert arr(tmp_path, "=_xlfn.TOCOL(A1:B2,1)", (3, 1), data) == [[1], ["#DIV/0!"], [4]]  # no blanks
    assert arr(tmp_path, "=_xlfn.TOCOL(A1:B2,3)", (2, 1), data) == [[1], [4]]  # no blanks, no errors
    assert arr(tmp_path, "=_xlfn.TOROW(A1:B2,2,TRUE)", (1, 3), data) == [[1, 0, 4]]  # by column: 1, #DIV/0!, blank, 4
    assert arr(tmp_path, "=_xlfn.TOROW(A1:B2,4)", (1, 1), data) == [["#VALUE!"]]  # ignore 4: #VALUE!


def test_wraprows_wrapcols_documented_examples(tmp_path):
    data = {f"{c}1": c for c in "ABCDEFG"}
    assert arr(tmp_path, "=_xlfn.WRAPROWS(A1:G1,3)", (3, 3), data) == [["A", "B", "C"], ["D", "E", "F"], ["G", NA, NA]]
    assert arr(tmp_path, '=_xlfn.WRAPROWS(A1:G1,3,"x")', (3, 3), data) == [["A", "B", "C"], ["D", "E", "F"], ["G", "x", "x"]]
    assert arr(tmp_path, "=_xlfn.WRAPCOLS(A1:G1,3)", (3, 3), data) == [["A", "D", "G"], ["B", "E", NA], ["C", "F", NA]]
    assert arr(tmp_path, f"=_xlfn.WRAPROWS({M3},2)", (1, 1)) == [["#VALUE!"]]  # not one row or column
    assert arr(tmp_path, "=_xlfn.WRAPROWS(A1:G1,0)", (1, 1), data) == [["#NUM!"]]  # wrap_count < 1


def test_transpose(tmp_path):
    data = {"A1": 1, "A2": "b", "A3": True}
    assert arr(tmp_path, "=TRANSPOSE(A1:A3)", (1, 3), data) == [[1, "b", True]]
    assert arr(tmp_path, "=TRANSPOSE({1,2;3,4;5,6})", (2, 3)) == [[1, 3, 5], [2, 4, 6]]


REGIONS = {  # A1:C7 with headers: region, name, sales
    "A1": "Region", "B1": "Rep", "C1": "Sales",
    "A2": "East", "B2": "Tom", "C2": 200, "A3": "West", "B3": "Ann", "C3": 500,
    "A4": "East", "B4": "Joe", "C4": 300, "A5": "North", "B5": "Kim", "C5": 150,
    "A6": "West", "B6": "Sue", "C6": 500, "A7": "east", "B7": "Eve", "C7": 120,
}


def test_filter(tmp_path):
    # the East rows (case-insensitive comparison), then the rows with sales > 250
    assert arr(tmp_path, '=_xlfn._xlws.FILTER(B2:C7,A2:A7="East")', (3, 2), REGIONS) == [["Tom", 200], ["Joe", 300], ["Eve", 120]]
    assert arr(tmp_path, "=_xlfn._xlws.FILTER(B2:B7,C2:C7>250)", (3, 1), REGIONS) == [["Ann"], ["Joe"], ["Sue"]]
    # two conditions multiplied: East and > 150: Tom, Joe
    assert arr(tmp_path, '=_xlfn._xlws.FILTER(B2:B7,(A2:A7="East")*(C2:C7>150))', (2, 1), REGIONS) == [["Tom"], ["Joe"]]
    # nothing found: if_empty, else #CALC!
    assert arr(tmp_path, '=_xlfn._xlws.FILTER(B2:B7,C2:C7>999,"none")', (1, 1), REGIONS) == [["none"]]
    assert arr(tmp_path, "=_xlfn._xlws.FILTER(B2:B7,C2:C7>999)", (1, 1), REGIONS) == [["#CALC!"]]
    # include of another height: #VALUE!; an error in include is the result
    assert arr(tmp_path, "=_xlfn._xlws.FILTER(B2:B7,C2:C6>0)", (1, 1), REGIONS) == [["#VALUE!"]]
    assert arr(tmp_path, "=_xlfn._xlws.FILTER(B2:B7,C2:C7/0>1)", (1, 1), REGIONS) == [["#DIV/0!"]]
    # columns: include is a row
    assert arr(tmp_path, "=_xlfn._xlws.FILTER(A1:C1,{TRUE,FALSE,TRUE})", (1, 2), REGIONS) == [["Region", "Sales"]]


def test_sort_and_sortby(tmp_path):
    # by sales ascending; ties keep their order (Ann before Sue)
    assert arr(tmp_path, "=_xlfn._xlws.SORT(B2:C7,2)", (6, 2), REGIONS) == [
        ["Eve", 120], ["Kim", 150], ["Tom", 200], ["Joe", 300], ["Ann", 500], ["Sue", 500]]
    # by region ascending (case-insensitive), then by sales descending
    assert arr(tmp_path, "=_xlfn._xlws.SORT(A2:C7,{1,3},{1,-1})", (6, 3), REGIONS) == [
        ["East", "Joe", 300], ["East", "Tom", 200], ["east", "Eve", 120], ["North", "Kim", 150],
        ["West", "Ann", 500], ["West", "Sue", 500]]
    # SORTBY: the names by sales descending
    assert arr(tmp_path, "=_xlfn.SORTBY(B2:B7,C2:C7,-1)", (6, 1), REGIONS) == [["Ann"], ["Sue"], ["Joe"], ["Tom"], ["Kim"], ["Eve"]]
    # a sort order other than 1 or -1: #VALUE! (documented); by_array of another size: #VALUE!
    assert arr(tmp_path, "=_xlfn.SORTBY(B2:B7,C2:C7,2)", (1, 1), REGIONS) == [["#VALUE!"]]
    assert arr(tmp_path, "=_xlfn.SORTBY(B2:B7,C2:C6)", (1, 1), REGIONS) == [["#VALUE!"]]
    # columns: sort a row by itself
    assert arr(tmp_path, "=_xlfn._xlws.SORT({3,1,2},1,1,TRUE)", (1, 3)) == [[1, 2, 3]]


def test_sort_order_of_types_and_blanks(tmp_path):
    # Excel's order: numbers, text, FALSE, TRUE, errors; blank cells last either way
    data = {"A1": "b", "A2": True, "A3": 2, "A4": None, "A5": "=NA()", "A6": False, "A7": "A", "A8": -1}
    assert arr(tmp_path, "=_xlfn._xlws.SORT(A1:A8)", (8, 1), data) == [[-1], [2], ["A"], ["b"], [False], [True], [NA], [0]]
    assert arr(tmp_path, "=_xlfn._xlws.SORT(A1:A8,1,-1)", (8, 1), data) == [[NA], [True], [False], ["b"], ["A"], [2], [-1], [0]]


def test_unique(tmp_path):
    # distinct values in order of first appearance; text compared case-insensitively
    assert arr(tmp_path, '=_xlfn.UNIQUE({1;"a";"A";1;2})', (3, 1)) == [[1], ["a"], [2]]
    # rows that occur exactly once: 2 only ("a"/"A" are the same)
    assert arr(tmp_path, '=_xlfn.UNIQUE({1;"a";"A";1;2},,TRUE)', (1, 1)) == [[2]]
    # distinct rows of two columns: East/Tom... the regions alone
    assert arr(tmp_path, "=_xlfn.UNIQUE(A2:A7)", (3, 1), REGIONS) == [["East"], ["West"], ["North"]]
    assert arr(tmp_path, "=_xlfn.UNIQUE({1,1,2},TRUE)", (1, 2)) == [[1, 2]]  # by column


def test_sequence_documented_example_and_rules(tmp_path):
    # SEQUENCE(4,5): 1..20 row by row
    assert arr(tmp_path, "=_xlfn.SEQUENCE(4,5)", (4, 5)) == [[float(5 * r + c + 1) for c in range(5)] for r in range(4)]
    assert arr(tmp_path, "=_xlfn.SEQUENCE(3,1,10,-2)", (3, 1)) == [[10], [8], [6]]
    assert arr(tmp_path, "=_xlfn.SEQUENCE(2,,0.5,0.25)", (2, 1)) == [[0.5], [0.75]]  # an empty columns argument: 1
    assert arr(tmp_path, "=_xlfn.SEQUENCE(0)", (1, 1)) == [["#CALC!"]]
    assert arr(tmp_path, "=_xlfn.SEQUENCE(-1)", (1, 1)) == [["#VALUE!"]]


def test_randarray_is_repeatable_with_a_seed_and_in_bounds(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = ArrayFormula("A1:C4", "=_xlfn.RANDARRAY(4,3,5,10,TRUE)")
    ws["E1"] = ArrayFormula("E1:E5", "=_xlfn.RANDARRAY(5,1,-1,1)")
    ws["G1"] = "=_xlfn.RANDARRAY(1,1,3,2)"  # min > max: #VALUE!
    path = tmp_path / "r.xlsx"
    wb.save(path)
    first = evaluate(path, seed=7)
    second = evaluate(path, seed=7)
    assert list(first["value"]) == list(second["value"])
    got = dict(zip(first["cell"], first["value"], strict=True))
    whole = [got[f"{c}{r}"] for c in "ABC" for r in range(1, 5)]
    assert all(x == int(x) and 5 <= x <= 10 for x in whole)
    assert all(-1 <= got[f"E{r}"] < 1 for r in range(1, 6))
    assert got["G1"] == "#VALUE!"


def test_an_ordinary_cell_shows_the_first_element(tmp_path):
    v = run(tmp_path, {**REGIONS, "E1": "=_xlfn._xlws.SORT(C2:C7)", "E2": "=SUM(_xlfn.SEQUENCE(10))",
                       "E3": "=ROWS(_xlfn.UNIQUE(A2:A7))", "E4": '=COUNTA(_xlfn._xlws.FILTER(B2:B7,A2:A7="West"))'})
    # the smallest sales 120; 1+...+10 = 55; 3 regions; 2 reps in the West
    assert (v["E1"], v["E2"], v["E3"], v["E4"]) == (120.0, 55.0, 3.0, 2.0)


xlsxwriter = pytest.importorskip("xlsxwriter")


def test_dynamic_array_formulas_spill_the_whole_result(tmp_path):
    path = tmp_path / "spill.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for ref, value in REGIONS.items():
        ws.write(ref, value)
    ws.write_dynamic_array_formula("E1", "=_xlfn._xlws.SORT(_xlfn.UNIQUE(A2:A7))")
    ws.write_dynamic_array_formula("G1", "=_xlfn._xlws.FILTER(B2:C7,C2:C7>=300)")
    ws.write_dynamic_array_formula("J1", "=_xlfn.SEQUENCE(2,3)")
    ws.write_dynamic_array_formula("N1", "=_xlfn.SEQUENCE(4)")
    ws.write_formula("M1", "=SUM(_xlfn.ANCHORARRAY(N1))")  # N1# = 1..4: 10
    wb.close()
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert block(v, "E1:E3") == [["East"], ["North"], ["West"]]
    assert block(v, "G1:H3") == [["Ann", 500], ["Joe", 300], ["Sue", 500]]
    assert block(v, "J1:L2") == [[1, 2, 3], [4, 5, 6]]
    assert v["M1"] == 10.0
    assert not [w for w in df.attrs["warnings"] if re.search("unknown|not evaluated", w)]
