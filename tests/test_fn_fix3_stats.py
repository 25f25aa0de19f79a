"""Statistical functions at the edges Excel's saved values show.

HYPGEOM.DIST, cumulative, past the possible counts: formulas' ``test/test_files/test.xlsx``
(vinci1it2000/formulas), sheet STATISTICAL, row 54, as Excel saved it: AG54
``HYPGEOM.DIST(C54:Q54,2,3,3,1)`` with C54 = 0 is 0 (two draws from three successes give
two, so "at most 0" never happens) where Microsoft's page says #NUM!; the array AH54:AW54
``HYPGEOM.DIST(C54:Q54,3,2,30,1)`` is 1 for 5, 3 and 4 successes (at most 2 can be drawn)
and 0.806896551724138 for 0 (hand computation: C(28,3)/C(30,3) = 3276/4060). The probability
of one impossible count stays #NUM! (S54: ``HYPGEOM.DIST(5,10,30,7,FALSE)``, sample larger
than the population).
"""

from __future__ import annotations

import openpyxl

from socroi_xl.engine import evaluate


def run(tmp_path, cells: dict[str, object]) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def test_cumulative_hypgeom_past_the_possible_counts_is_0_or_1(tmp_path):
    v = run(tmp_path, {
        "A1": "=HYPGEOM.DIST(0,2,3,3,TRUE)",   # AG54: 0
        "A2": "=HYPGEOM.DIST(5,3,2,30,TRUE)",  # AI54: 1
        "A3": "=HYPGEOM.DIST(3,3,2,30,TRUE)",  # AK54: 1
        "A4": "=HYPGEOM.DIST(4,3,2,30,TRUE)",  # AL54: 1
        "A5": "=HYPGEOM.DIST(0,3,2,30,TRUE)",  # AH54: 0.806896551724138
        "A6": "=HYPGEOM.DIST(5,10,30,7,FALSE)",  # S54: #NUM!
        "A7": "=HYPGEOM.DIST(0,2,3,3,FALSE)",  # an impossible count's probability: #NUM!
    })
    assert (v["A1"], v["A2"], v["A3"], v["A4"]) == (0.0, 1.0, 1.0, 1.0)
    assert abs(v["A5"] - 3276 / 4060) < 1e-15
    assert (v["A6"], v["A7"]) == ("#NUM!", "#NUM!")


def _array_book(tmp_path, data: dict[str, object], formulas: dict[str, tuple[str, str]]):
    from openpyxl.worksheet.formula import ArrayFormula

    wb = openpyxl.Workbook()
    ws = wb.active
    for ref, value in data.items():
        ws[ref] = value
    for ref, (area, text) in formulas.items():
        ws[ref] = ArrayFormula(area, text)
    path = tmp_path / "arrays.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def test_linest_leaves_out_a_constant_x_column(tmp_path):
    # pycel's tests/fixtures/stats.xlsx, sheet Stats, as Excel saved it: y = 1, 3, 6, 9, 12
    # (J5:N5) on a constant x (J6:N6 = 1): LINEST is {0, 6.2} (G5:H5, the mean of y as
    # intercept), TREND at 2.5 and 3.5 is 6.2 twice (E5:F5); the least-norm answer would
    # split 6.2 between slope and intercept (3.1, 3.1)
    v = _array_book(tmp_path, {
        **{f"{c}1": x for c, x in zip("ABCDE", [1, 3, 6, 9, 12], strict=True)},
        **{f"{c}2": 1 for c in "ABCDE"},
        "A3": 2.5, "B3": 3.5,
    }, {"G1": ("G1:H1", "=LINEST(A1:E1,A2:E2)"), "G2": ("G2:H2", "=TREND(A1:E1,A2:E2,A3:B3)")})
    assert (v["G1"], v["H1"]) == (0.0, 6.2)
    assert (v["G2"], v["H2"]) == (6.2, 6.2)


def test_linest_of_an_exact_fit_has_zero_errors(tmp_path):
    # pycel's stats.xlsx, Stats!D45:E49 = LINEST(B33:B35,C33:C35,TRUE,TRUE) with y = 1, 2, 3
    # and x = 2, 3, 4 (y = x - 1 exactly), as Excel saved it: slope 1, intercept -1, standard
    # errors 0, r2 1, standard error of y 0, F #NUM! (0 residual), df 1, ssreg 2, ssresid 0
    v = _array_book(tmp_path, {"A1": 1, "A2": 2, "A3": 3, "B1": 2, "B2": 3, "B3": 4},
                    {"D1": ("D1:E5", "=LINEST(A1:A3,B1:B3,TRUE,TRUE)")})
    got = [[v[f"{c}{r}"] for c in "DE"] for r in range(1, 6)]
    assert got == [[1.0, -1.0], [0.0, 0.0], [1.0, 0.0], ["#NUM!", 1.0], [2.0, 0.0]]


def test_linest_checks_sizes_before_values(tmp_path):
    # pycel's stats.xlsx, LinestArrayExp!B29 = LINEST(B2:B14,A2:A13^{1,2}) is #REF! as Excel
    # saved it: 13 y's for 12 rows of x's, although the 13th y is blank
    v = _array_book(tmp_path, {**{f"A{r}": r for r in range(1, 13)}, **{f"B{r}": r * r for r in range(1, 13)}},
                    {"D1": ("D1", "=LINEST(B1:B13,A1:A12^{1,2})"), "D2": ("D2", "=LINEST(B1:B13,A1:A13^{1,2})")})
    assert v["D1"] == "#REF!"
    assert v["D2"] == "#VALUE!"  # the sizes match: the blank is not a number (B28: #VALUE!)


def test_variance_has_the_digits_excel_saves(tmp_path):
    # Excel's VAR is (q - s*s/n)/(n-1) and VAR.P (n*q - s*s)/(n*n) from the running sums s and
    # q of the numbers and their squares: the last digit differs from the exact value's.
    # SheetJS' test_files/formula_stress_test.xlsx, Statistical!B110:B111 (1, 2, 4, 8, 16, 32,
    # 30): VAR 171.57142857142856 (exact: 171.571428571428571..., nearest double ...858) and
    # VAR.P 147.0612244897959; LibreOffice's functions-excel-2010.xlsx (ClosedXML's copy),
    # Sheet2!L22:M22 = AGGREGATE(10 and 11, 4, C1:C11): 939.01382419233744, 853.6489310839429
    data = [15, 77, 30, 28, 31, 96, 77, 53, 34, 12.545454545454545, 91]
    v = run(tmp_path, {
        **{f"A{i}": x for i, x in enumerate([1, 2, 4, 8, 16, 32, 30], start=1)},
        **{f"B{i}": x for i, x in enumerate(data, start=1)},
        "C1": "=VAR(A1:A7)", "C2": "=VAR.P(A1:A7)", "C3": "=STDEV.S(A1:A7)",
        "C4": "=VAR.S(B1:B11)", "C5": "=VAR.P(B1:B11)",
        "C6": "=AGGREGATE(10,4,B1:B11)", "C7": "=AGGREGATE(11,4,B1:B11)",
    })
    assert (v["C1"], v["C2"]) == (171.57142857142856, 147.0612244897959)
    assert v["C3"] == 171.57142857142856 ** 0.5
    assert (v["C4"], v["C5"]) == (939.01382419233744, 853.6489310839429)
    assert (v["C6"], v["C7"]) == (939.01382419233744, 853.6489310839429)


def test_variance_of_numbers_far_from_zero_keeps_its_digits(tmp_path):
    # the one-pass formula would give 0 for 1E8+1, 1E8+2, 1E8+3 (hand computation: the
    # variance is 1, the population variance 2/3); there the two-pass formula is used
    v = run(tmp_path, {"A1": 1e8 + 1, "A2": 1e8 + 2, "A3": 1e8 + 3,
                       "B1": "=VAR.S(A1:A3)", "B2": "=VAR.P(A1:A3)", "B3": "=VAR.S(5,5,5)"})
    assert v["B1"] == 1.0 and abs(v["B2"] - 2 / 3) < 1e-15 and v["B3"] == 0.0
