"""The one function contract (socroi_xl.engine.functions.spec / dispatch), read like its spec.

Expected values are Excel's documented behaviour, worked out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate
from socroi_xl.engine.functions import SPECS
from socroi_xl.engine.functions.spec import MISSING, Grid, function, parse_signature


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


def test_signature_kinds_and_modifiers():
    ps = parse_signature("number, text=\"x\", value?, array...")
    assert [p.kind for p in ps] == ["number", "text", "value", "array"]
    assert ps[1].default == "x" and ps[2].default is MISSING and ps[3].repeat
    with pytest.raises(ValueError):
        parse_signature("number?, number")  # a required argument after an optional one
    with pytest.raises(ValueError):
        parse_signature("float")  # not a kind


def test_every_declared_function_has_a_category_and_summary():
    for name, spec in SPECS.items():
        assert spec.summary, name
        assert spec.category, name


def test_a_function_cannot_be_declared_twice():
    with pytest.raises(ValueError):
        function("ROUND", "number, number", category="math")(lambda x, d: x)


def test_implicit_intersection_in_an_ordinary_formula(tmp_path):
    # A1:A3 = 1.4, 2.6, 3.5. ROUND over the range in an ordinary formula takes the cell of
    # the formula's own row: B2 -> ROUND(A2) = 3; in row 5 there is no such cell: #VALUE!.
    v = run(tmp_path, {"A1": 1.4, "A2": 2.6, "A3": 3.5, "B2": "=ROUND(A1:A3,0)", "B5": "=ROUND(A1:A3,0)"})
    assert v["B2"] == 3.0
    assert v["B5"] == "#VALUE!"


def test_intersection_with_a_one_row_range_takes_the_formula_column(tmp_path):
    # A1:C1 = 1.5, 2.5, 3.5; =ROUND(A1:C1,0) in B4 takes B1: 2.5 -> 3 (half away from zero).
    v = run(tmp_path, {"A1": 1.5, "B1": 2.5, "C1": 3.5, "B4": "=ROUND(A1:C1,0)"})
    assert v["B4"] == 3.0


def test_array_formula_lifts_the_function_over_the_range(tmp_path):
    # {=ROUND(A1:A3,0)} in B1:B3: 1.4 -> 1, 2.6 -> 3, 3.5 -> 4.
    v = run(tmp_path, {"A1": 1.4, "A2": 2.6, "A3": 3.5, "B1": ArrayFormula("B1:B3", "=ROUND(A1:A3,0)")})
    assert (v["B1"], v["B2"], v["B3"]) == (1.0, 3.0, 4.0)


def test_array_argument_lifts_inside_an_ordinary_formula(tmp_path):
    # SUMPRODUCT takes arrays: ROUND(A1:A3,0) is {1;3;4} inside it, whatever the row: 8.
    v = run(tmp_path, {"A1": 1.4, "A2": 2.6, "A3": 3.5, "B7": "=SUMPRODUCT(ROUND(A1:A3,0))"})
    assert v["B7"] == 8.0


def test_arrays_of_different_sizes_broadcast_with_na_beyond_the_smaller(tmp_path):
    # Excel: {1,2,3} with {1,2} element by element is 3 wide; the third has no partner: #N/A.
    # A one-element array repeats. {=MOD({7,8,9},{4,5})} -> 3, 3, #N/A ; {=MOD({7,8,9},2)} -> 1, 0, 1.
    v = run(tmp_path, {
        "A1": ArrayFormula("A1:C1", "=MOD({7,8,9},{4,5})"),
        "A2": ArrayFormula("A2:C2", "=MOD({7,8,9},2)"),
    })
    assert (v["A1"], v["B1"], v["C1"]) == (3.0, 3.0, "#N/A")
    assert (v["A2"], v["B2"], v["C2"]) == (1.0, 0.0, 1.0)


def test_omitted_optional_argument_takes_its_default_but_a_blank_cell_is_a_value(tmp_path):
    # LEFT("abc") omits the count: 1 -> "a". LEFT("abc", C1) with C1 blank: the count is 0 -> "".
    v = run(tmp_path, {"A1": "=LEFT(\"abc\")", "A2": "=LEFT(\"abc\",C1)"})
    assert v["A1"] == "a"
    assert v["A2"] == ""


def test_wrong_number_of_arguments_is_value_error(tmp_path):
    v = run(tmp_path, {"A1": "=ROUND(1)", "A2": "=MOD(1,2,3)"})
    assert v["A1"] == "#VALUE!" and v["A2"] == "#VALUE!"


def test_errors_propagate_leftmost_first_except_for_any(tmp_path):
    # MOD(#N/A, 1/0): the first error met is the first argument's: #N/A.
    # ISERROR receives the error (kind any): TRUE.
    v = run(tmp_path, {"A1": "=MOD(NA(),1/0)", "A2": "=ISERROR(1/0)", "A3": "=ISNUMBER(\"1\")"})
    assert v["A1"] == "#N/A"
    assert v["A2"] is True
    assert v["A3"] is False  # text "1" is text, not a number, to ISNUMBER


def test_python_errors_become_excel_errors(tmp_path):
    # MOD(5,0) divides by zero: #DIV/0!; SQRT(-1): #NUM!.
    v = run(tmp_path, {"A1": "=MOD(5,0)", "A2": "=SQRT(-1)"})
    assert v["A1"] == "#DIV/0!"
    assert v["A2"] == "#NUM!"


def test_filled_down_column_evaluated_per_row_equals_cell_by_cell(tmp_path):
    # A1:A6 mixes numbers, numeric text, text, a logical and a blank; B = ROUND(A,0) filled
    # down: 2.5 -> 3, "1.5" -> 2 (numeric text), "x" -> #VALUE!, TRUE -> 1, blank -> 0, -2.5 -> -3.
    cells = {"A1": 2.5, "A2": "1.5", "A3": "x", "A4": True, "A6": -2.5}
    cells.update({f"B{r}": f"=ROUND(A{r},0)" for r in range(1, 7)})
    v = run(tmp_path, cells)
    assert [v[f"B{r}"] for r in range(1, 7)] == [3.0, 2.0, "#VALUE!", 1.0, 0.0, -3.0]


def test_vector_path_agrees_with_scalar_path():
    # The numpy implementation of ROUND must give what the one-cell definition gives.
    spec = SPECS["ROUND"]
    xs = np.array([0.5, 1.5, 2.675, -2.5, 1e-9, 123.456, -0.0004])
    fast = spec.vector(xs, 2.0)
    slow = [spec.func(float(x), 2.0) for x in xs]
    assert fast.tolist() == slow


def test_text_longer_than_a_cell_holds_is_value_error(tmp_path):
    # Excel's cell limit is 32,767 characters: REPT-like growth through CONCAT of a long
    # text with itself (20,000 + 20,000) exceeds it.
    long = "x" * 20000
    v = run(tmp_path, {"A1": long, "B1": "=CONCAT(A1,A1)", "B2": "=LEN(CONCAT(A1,\"y\"))"})
    assert v["B1"] == "#VALUE!"
    assert v["B2"] == 20001.0


def test_grid_reads_blank_as_none():
    g = Grid(np.array([[1.0, np.nan], [np.nan, 2.0]]))
    assert g.cells() == [1.0, None, None, 2.0]
    assert g.numbers().tolist() == [1.0, 2.0]


def test_numbers_arguments_take_ranges_whole_but_intersect_expressions(tmp_path):
    # A test-only function adding its numbers. A1:A3 = 1, 2, 3; in row 2:
    # TEST_NUMSUM(A1:A3) = 6 (a range whole), TEST_NUMSUM(A1:A3*10) = A2*10 = 20 (as SUM and
    # MEDIAN in Excel and LibreOffice), {=TEST_NUMSUM(A1:A3*10)} = 60 (an array formula).
    from openpyxl.worksheet.formula import ArrayFormula

    @function("TEST_NUMSUM", "numbers...", category="math")
    def numsum(*parts: np.ndarray) -> float:
        "Sum of the numbers (test only)."
        return float(sum(p.sum() for p in parts))

    try:
        v = run(tmp_path, {"A1": 1, "A2": 2, "A3": 3, "B2": "=TEST_NUMSUM(A1:A3)", "C2": "=TEST_NUMSUM(A1:A3*10)",
                           "D2": ArrayFormula("D2", "=TEST_NUMSUM(A1:A3*10)"), "E2": "=TEST_NUMSUM(A1:A3,{1,2})"})
        assert v["B2"] == 6.0 and v["C2"] == 20.0 and v["D2"] == 60.0 and v["E2"] == 9.0
    finally:
        SPECS.pop("TEST_NUMSUM")


def test_analysis_toolpak_functions_refuse_a_range_for_one_value(tmp_path):
    # Excel saved these in formulas' test.xlsx (DATE & TIME!AG9:AW9, ENGINEERING!AH16:AW16,
    # MATH & TRIG!AH70:AW70, INFORMATION!AH9): a range of several cells where an Analysis
    # ToolPak function expects one value is #VALUE! — not intersected with the formula's
    # row, not taken cell by cell in an array formula; a one-cell range is its value, and
    # an array (+range) is taken element by element: EOMONTH(+B1:D1,0) is the ends of month
    # of 2024-01-10, -11, -12 (serials 45301..45303): 45322 each
    cells = {"B1": 45301, "C1": 45302, "D1": 45303,
             "B2": "=EDATE(B1:D1,1)",           # column B is inside B:D: still #VALUE!
             "E2": "=SQRTPI(B1)",               # one cell: sqrt(45301*pi)
             "A5": 1, "A6": 2, "B6": "=ISEVEN(A5:A6)"}  # row 6 is inside A5:A6: #VALUE!
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    ws["B3"] = ArrayFormula("B3:D3", "=EOMONTH(B1:D1,0)")
    ws["B4"] = ArrayFormula("B4:D4", "=EOMONTH(+B1:D1,0)")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert v["B2"] == "#VALUE!" and v["B6"] == "#VALUE!"
    assert v["E2"] == pytest.approx((45301 * np.pi) ** 0.5)
    assert [v["B3"], v["C3"], v["D3"]] == ["#VALUE!"] * 3
    assert [v["B4"], v["C4"], v["D4"]] == [45322.0] * 3
    # other functions intersect as before: ROUND(B1:D1) in column C is ROUND(C1)
    assert run(tmp_path, {"B1": 1.5, "C1": 2.5, "D1": 3.5, "C2": "=ROUND(B1:D1,0)"})["C2"] == 3.0


@pytest.mark.parametrize("n", [1, 5])
def test_arguments_are_read_left_to_right_in_a_column_run_too(tmp_path, n):
    # IronCalc's FLOOR_CEILING.xlsx (saved by Excel): =FLOOR($A30,W$2) with A30 = "@" and
    # W2 = #DIV/0! is #VALUE! (the first argument fails first), with A = 10 it is #DIV/0!;
    # the same whether the column is one cell or a filled-down run
    cells: dict[str, object] = {"W1": "=1/0"}
    for r in range(2, 2 + n):
        cells[f"A{r}"] = "@" if r % 2 == 0 else 10
        cells[f"W{r}"] = f"=FLOOR($A{r},W$1)"
    v = run(tmp_path, cells)
    for r in range(2, 2 + n):
        assert v[f"W{r}"] == ("#VALUE!" if r % 2 == 0 else "#DIV/0!"), r


def test_a_lifted_function_returning_an_array_gives_its_first_element(tmp_path):
    # formulas' test.xlsx LOOKUP!AE16:AE18 (saved by Excel): DROP over an array of column
    # counts is DROP once per element, each giving its top-left value: {5;6;5}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = ArrayFormula("A1:A3", "=_xlfn.DROP({1,2,3;4,5,6;7,8,9},1,{1;2;1})")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    assert df["value"].tolist() == [5.0, 6.0, 5.0]


def test_unary_plus_keeps_a_value_and_turns_a_reference_into_values(tmp_path):
    # =+"abc" is "abc" (no conversion to a number); =+C1 is C1's value
    v = run(tmp_path, {"C1": 7, "B5": '=+"abc"', "C5": "=+C1", "D5": "=-+C1"})
    assert v["B5"] == "abc" and v["C5"] == 7.0 and v["D5"] == -7.0


def test_the_is_functions_fill_a_legacy_array_formulas_range(tmp_path):
    # formulas' test.xlsx, INFORMATION sheet (saved by Excel): with M:Q = #DIV/0!, #NAME?,
    # #NULL!, #NUM!, #REF!, {=ISTEXT(M18:Q18)} over the nine cells AO18:AW18 is FALSE in all
    # nine, {=ISNONTEXT(M13:Q13)} TRUE in all nine, {=ISNA(C12:Q12)} over sixteen cells TRUE in
    # the sixteenth: beyond the range's edge these functions see #N/A; a function passing errors
    # on, ERROR.TYPE and VALUETOTEXT give #N/A there as before (here M1:Q1 = #DIV/0!, #VALUE!, #NULL!, #NUM!, #REF!)
    wb = openpyxl.Workbook()
    ws = wb.active
    for col, f in zip("MNOPQ", ("=1/0", "=VALUE(\"a\")", "=A1:A2 B1:B2", "=SQRT(-1)", "=#REF!"), strict=True):
        ws[f"{col}1"] = f
    ws["A3"] = ArrayFormula("A3:I3", "=ISTEXT(M1:Q1)")
    ws["A4"] = ArrayFormula("A4:I4", "=ISNONTEXT(M1:Q1)")
    ws["A5"] = ArrayFormula("A5:F5", "=ISNA(M1:Q1)")
    ws["A6"] = ArrayFormula("A6:F6", "=ROUND({1.5,2.5},0)")
    ws["A7"] = ArrayFormula("A7:F7", "=ERROR.TYPE(M1:Q1)")  # INFORMATION!AW4: #N/A beyond
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert [v[f"{c}3"] for c in "ABCDEFGHI"] == [False] * 9
    assert [v[f"{c}4"] for c in "ABCDEFGHI"] == [True] * 9
    assert [v[f"{c}5"] for c in "ABCDEF"] == [False] * 5 + [True]
    assert [v[f"{c}6"] for c in "ABCDEF"] == [2.0, 3.0] + ["#N/A"] * 4
    assert [v[f"{c}7"] for c in "ABCDEF"] == [2.0, 3.0, 1.0, 6.0, 4.0, "#N/A"]


def test_n_reads_a_range_by_its_first_cell_in_an_array_formula(tmp_path):
    # formulas' test.xlsx INFORMATION!AH19:AW19 (saved by Excel): {=N(C19:Q19)} with C19 = 4
    # is 4 in all sixteen cells; an array constant is taken element by element (N of "a" 0)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C1"], ws["D1"], ws["E1"] = 4, 1, "x"
    ws["A3"] = ArrayFormula("A3:E3", "=N(C1:E1)")
    ws["A4"] = ArrayFormula("A4:C4", '=N({1,"a",TRUE})')
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert [v[f"{c}3"] for c in "ABCDE"] == [4.0] * 5
    assert [v["A4"], v["B4"], v["C4"]] == [1.0, 0.0, 1.0]
