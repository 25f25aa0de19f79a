"""Math & trigonometry functions: Excel's documentation examples (support.microsoft.com,
"<NAME> function" pages, the example table of each) and Excel's rules that LibreOffice does
not share (logical values in ranges, SUBTOTAL's nested and hidden rows). Every expected value
is the documented one or worked out by hand in the comment; none comes from running the engine.
The broad cross-check against LibreOffice is tests/golden/fn_math.json."""

from __future__ import annotations

import numpy as np
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine.functions import SPECS

from .book import close, formulas, run


def test_rounding_family_documented_examples(tmp_path):
    v = formulas(tmp_path, {}, {
        "trunc": "=TRUNC(8.9)", "trunc neg": "=TRUNC(-8.9)", "trunc frac": "=TRUNC(0.45)",  # TRUNC: 8, -8, 0
        "floor": "=FLOOR(3.7,2)", "floor nn": "=FLOOR(-2.5,-2)", "floor err": "=FLOOR(2.5,-2)",  # FLOOR: 2, -2, #NUM!
        "floor dec": "=FLOOR(1.58,0.1)", "floor small": "=FLOOR(0.234,0.01)",  # 1.5, 0.23
        "ceil": "=CEILING(2.5,1)", "ceil nn": "=CEILING(-2.5,-2)", "ceil np": "=CEILING(-2.5,2)",  # CEILING: 3, -4, -2
        "ceil dec": "=CEILING(1.5,0.1)", "ceil small": "=CEILING(0.234,0.01)",  # 1.5, 0.24
        "cm": "=CEILING.MATH(24.3,5)", "cm1": "=CEILING.MATH(6.7)", "cmneg": "=CEILING.MATH(-8.1,2)",
        "cmmode": "=CEILING.MATH(-5.5,2,-1)",  # CEILING.MATH: 25, 7, -8, -6
        "fm": "=FLOOR.MATH(24.3,5)", "fm1": "=FLOOR.MATH(6.7)", "fmneg": "=FLOOR.MATH(-8.1,2)",
        "fmmode": "=FLOOR.MATH(-5.5,2,-1)",  # FLOOR.MATH: 20, 6, -10, -4
        "cp": "=CEILING.PRECISE(-4.3,-2)", "iso": "=ISO.CEILING(4.3,-2)",  # -4, 6
        "fp": "=FLOOR.PRECISE(-3.2,-1)", "fp2": "=FLOOR.PRECISE(3.2,-1)",  # -4, 3
        "mround": "=MROUND(10,3)", "mneg": "=MROUND(-10,-3)", "mdec": "=MROUND(1.3,0.2)",
        "msign": "=MROUND(5,-2)",  # MROUND: 9, -9, 1.4, #NUM!
        "even": "=EVEN(1.5)", "even3": "=EVEN(3)", "even2": "=EVEN(2)", "evenneg": "=EVEN(-1)",  # 2, 4, 2, -2
        "odd": "=ODD(1.5)", "odd3": "=ODD(3)", "odd2": "=ODD(2)", "oddneg": "=ODD(-1)", "oddneg2": "=ODD(-2)",  # 3, 3, 3, -1, -3
    })
    expected = {
        "trunc": 8.0, "trunc neg": -8.0, "trunc frac": 0.0, "floor": 2.0, "floor nn": -2.0,
        "floor err": "#NUM!", "floor dec": 1.5, "floor small": 0.23, "ceil": 3.0, "ceil nn": -4.0,
        "ceil np": -2.0, "ceil dec": 1.5, "ceil small": 0.24, "cm": 25.0, "cm1": 7.0, "cmneg": -8.0,
        "cmmode": -6.0, "fm": 20.0, "fm1": 6.0, "fmneg": -10.0, "fmmode": -4.0, "cp": -4.0, "iso": 6.0,
        "fp": -4.0, "fp2": 3.0, "mround": 9.0, "mneg": -9.0, "mdec": 1.4, "msign": "#NUM!",
        "even": 2.0, "even3": 4.0, "even2": 2.0, "evenneg": -2.0, "odd": 3.0, "odd3": 3.0, "odd2": 3.0,
        "oddneg": -1.0, "oddneg2": -3.0,
    }
    assert v == expected


def test_powers_logs_and_counting_documented_examples(tmp_path):
    v = formulas(tmp_path, {"A2": 5, "A3": 15, "A4": 30}, {
        "power": "=POWER(5,2)", "power2": "=POWER(98.6,3.2)", "power3": "=POWER(4,5/4)",  # 25, 2401077.222, 5.656854249
        "exp": "=EXP(1)", "ln": "=LN(86)", "ln e": "=LN(EXP(3))",  # 2.718281828, 4.454347, 3
        "log": "=LOG(10)", "log8": "=LOG(8,2)", "log86": "=LOG(86,2.7182818)",  # 1, 3, 4.4543473
        "log10": "=LOG10(86)", "log10e": "=LOG10(1E+5)",  # 1.934498451, 5
        "fact": "=FACT(5)", "fact19": "=FACT(1.9)", "fact0": "=FACT(0)", "factneg": "=FACT(-1)",  # 120, 1, 1, #NUM!
        "fd6": "=FACTDOUBLE(6)", "fd7": "=FACTDOUBLE(7)",  # 48, 105
        "combin": "=COMBIN(8,2)", "combina": "=COMBINA(4,3)", "combina10": "=COMBINA(10,3)",  # 28, 20, 220
        "multi": "=MULTINOMIAL(2,3,4)",  # 1260
        "product": "=PRODUCT(A2:A4)", "product2": "=PRODUCT(A2:A4,2)",  # 2250, 4500
        "quot": "=QUOTIENT(5,2)", "quot2": "=QUOTIENT(4.5,3.1)", "quot3": "=QUOTIENT(-10,3)",  # 2, 1, -3
        "gcd": "=GCD(5,2)", "gcd2": "=GCD(24,36)", "gcd3": "=GCD(7,1)", "gcd4": "=GCD(5,0)",  # 1, 12, 1, 5
        "lcm": "=LCM(5,2)", "lcm2": "=LCM(24,36)",  # 10, 72
        "sqrtpi": "=SQRTPI(1)", "sqrtpi2": "=SQRTPI(2)",  # 1.772454, 2.506628
        "sumsq": "=SUMSQ(3,4)",  # 25
        "pi": "=PI()",
    })
    assert v["power"] == 25.0
    assert abs(v["power2"] - 2401077.222) < 1e-3 and abs(v["power3"] - 5.656854249) < 1e-9
    assert abs(v["exp"] - 2.718281828) < 1e-9 and abs(v["ln"] - 4.454347) < 1e-6 and v["ln e"] == 3.0
    assert v["log"] == 1.0 and v["log8"] == 3.0 and abs(v["log86"] - 4.4543473) < 1e-7
    assert abs(v["log10"] - 1.934498451) < 1e-9 and v["log10e"] == 5.0
    assert (v["fact"], v["fact19"], v["fact0"], v["factneg"]) == (120.0, 1.0, 1.0, "#NUM!")
    assert (v["fd6"], v["fd7"]) == (48.0, 105.0)
    assert (v["combin"], v["combina"], v["combina10"], v["multi"]) == (28.0, 20.0, 220.0, 1260.0)
    assert (v["product"], v["product2"]) == (2250.0, 4500.0)
    assert (v["quot"], v["quot2"], v["quot3"]) == (2.0, 1.0, -3.0)
    assert (v["gcd"], v["gcd2"], v["gcd3"], v["gcd4"], v["lcm"], v["lcm2"]) == (1.0, 12.0, 1.0, 5.0, 10.0, 72.0)
    assert abs(v["sqrtpi"] - 1.772454) < 1e-6 and abs(v["sqrtpi2"] - 2.506628) < 1e-6
    assert v["sumsq"] == 25.0 and v["pi"] == 3.141592653589793


def test_trigonometry_documented_examples(tmp_path):
    v = formulas(tmp_path, {}, {
        "sin": "=SIN(PI())", "sin2": "=SIN(PI()/2)", "sin30": "=SIN(30*PI()/180)",  # 0 (1.22E-16), 1, 0.5
        "cos": "=COS(1.047)", "cos60": "=COS(RADIANS(60))",  # 0.5001711, 0.5
        "tan": "=TAN(0.785)", "asin": "=ASIN(-0.5)", "acos": "=ACOS(-0.5)",  # 0.99920399, -0.523598776, 2.094395102
        "atan": "=ATAN(1)", "atan2": "=ATAN2(1,1)", "atan2b": "=ATAN2(-1,-1)",  # 0.785398163, 0.785398163, -2.35619449
        "sinh": "=SINH(1)", "cosh": "=COSH(4)", "tanh": "=TANH(-2)",  # 1.175201194, 27.30823284, -0.96402758
        "asinh": "=ASINH(-2.5)", "acosh": "=ACOSH(10)", "atanh": "=ATANH(0.76159416)",  # -1.647231146, 2.993222846, 1.00000001
        "cot": "=COT(30)", "coth": "=COTH(2)", "csc": "=CSC(15)", "csch": "=CSCH(1.5)",  # -0.156, 1.037, 1.538, 0.4696
        "sec": "=SEC(45)", "sech": "=SECH(45)", "acot": "=ACOT(2)", "acoth": "=ACOTH(6)",  # 1.90359, 5.73E-20, 0.4636, 0.168
        "degrees": "=DEGREES(PI())", "radians": "=RADIANS(270)",  # 180, 4.712389
        "cot0": "=COT(0)", "atan00": "=ATAN2(0,0)",  # #DIV/0!, #DIV/0!
    })
    approx = {
        "sin": (0.0, 1e-15), "sin2": (1.0, 1e-15), "sin30": (0.5, 1e-15), "cos": (0.5001711, 1e-7),
        "cos60": (0.5, 1e-15), "tan": (0.99920399, 1e-8), "asin": (-0.523598776, 1e-9),
        "acos": (2.094395102, 1e-9), "atan": (0.785398163, 1e-9), "atan2": (0.785398163, 1e-9),
        "atan2b": (-2.35619449, 1e-8), "sinh": (1.175201194, 1e-9), "cosh": (27.30823284, 1e-8),
        "tanh": (-0.96402758, 1e-8), "asinh": (-1.647231146, 1e-9), "acosh": (2.993222846, 1e-9),
        "atanh": (1.00000001, 1e-8), "cot": (-0.156, 1e-3), "coth": (1.037, 1e-3), "csc": (1.538, 1e-3),
        "csch": (0.4696, 1e-4), "sec": (1.90359, 1e-5), "sech": (5.73e-20, 1e-22), "acot": (0.4636, 1e-4),
        "acoth": (0.168, 1e-3), "degrees": (180.0, 1e-12), "radians": (4.712389, 1e-6),
    }
    for name, (want, tol) in approx.items():
        assert abs(v[name] - want) < tol, (name, v[name])
    assert v["cot0"] == "#DIV/0!" and v["atan00"] == "#DIV/0!"


def test_roman_arabic_base_decimal_documented_examples(tmp_path):
    v = formulas(tmp_path, {}, {
        "r0": "=ROMAN(499,0)", "r1": "=ROMAN(499,1)", "r2": "=ROMAN(499,2)", "r3": "=ROMAN(499,3)",
        "r4": "=ROMAN(499,4)",  # CDXCIX, LDVLIV, XDIX, VDIV, ID
        "rbig": "=ROMAN(4000)", "rneg": "=ROMAN(-1)",  # #VALUE! both (0-3999 only)
        "a": '=ARABIC("LVII")', "a2": '=ARABIC("mcmxii")', "aneg": '=ARABIC("-MMXI")', "aempty": '=ARABIC("")',
        "abad": '=ARABIC("ABC")',  # 57, 1912, -2011, 0, #VALUE!
        "b": "=BASE(7,2)", "b16": "=BASE(100,16)", "bpad": "=BASE(15,2,10)",  # 111, 64, 0000001111
        "d": '=DECIMAL("FF",16)', "d2": "=DECIMAL(111,2)", "d36": '=DECIMAL("zap",36)',  # 255, 7, 45745
    })
    assert [v[k] for k in ("r0", "r1", "r2", "r3", "r4")] == ["CDXCIX", "LDVLIV", "XDIX", "VDIV", "ID"]
    assert v["rbig"] == "#VALUE!" and v["rneg"] == "#VALUE!"
    assert (v["a"], v["a2"], v["aneg"], v["aempty"], v["abad"]) == (57.0, 1912.0, -2011.0, 0.0, "#VALUE!")
    assert (v["b"], v["b16"], v["bpad"]) == ("111", "64", "0000001111")
    assert (v["d"], v["d2"], v["d36"]) == (255.0, 7.0, 45745.0)


def test_sums_of_pairs_documented_example(tmp_path):
    # SUMX2MY2 / SUMX2PY2 / SUMXMY2 pages: x = 2,3,9,1,8,7,5; y = 6,5,11,7,5,4,4 -> -55, 521, 79.
    data = {}
    for i, (x, y) in enumerate(zip([2, 3, 9, 1, 8, 7, 5], [6, 5, 11, 7, 5, 4, 4], strict=True), start=1):
        data[f"A{i}"], data[f"B{i}"] = x, y
    v = formulas(tmp_path, data, {
        "my2": "=SUMX2MY2(A1:A7,B1:B7)", "py2": "=SUMX2PY2(A1:A7,B1:B7)", "xmy2": "=SUMXMY2(A1:A7,B1:B7)",
        "arr": "=SUMX2MY2({2,3,9,1,8,7,5},{6,5,11,7,5,4,4})", "sizes": "=SUMXMY2(A1:A7,B1:B6)",
        # SERIESSUM page: cos(pi/4) by four terms = 0.707103
        "series": "=SERIESSUM(PI()/4,0,2,{1,-0.5,0.041666667,-0.001388889})",
    })
    assert (v["my2"], v["py2"], v["xmy2"], v["arr"], v["sizes"]) == (-55.0, 521.0, 79.0, -55.0, "#N/A")
    assert abs(v["series"] - 0.707103) < 1e-6


def test_logicals_and_text_in_ranges_are_ignored_but_typed_ones_count(tmp_path):
    # A1:A4 = 2, TRUE, "3", blank. In a range only numbers count: PRODUCT 2, SUMSQ 4.
    # Typed directly, TRUE is 1 and "3" is 3: PRODUCT(2,TRUE,"3") = 6; "x" typed is #VALUE!.
    v = formulas(tmp_path, {"A1": 2, "A2": True, "A3": "3"}, {
        "prod": "=PRODUCT(A1:A4)", "sumsq": "=SUMSQ(A1:A4)", "typed": '=PRODUCT(2,TRUE,"3")',
        "bad": '=PRODUCT(2,"x")', "err": "=PRODUCT(A1:A2,1/0)",
    })
    assert (v["prod"], v["sumsq"], v["typed"], v["bad"], v["err"]) == (2.0, 4.0, 6.0, "#VALUE!", "#DIV/0!")


def test_matrix_functions_documented_examples(tmp_path):
    v = run(tmp_path, {
        # MMULT page: {1,3;7,2} x {2,0;0,2} = {2,6;14,4}
        "A1": ArrayFormula("A1:B2", "=MMULT({1,3;7,2},{2,0;0,2})"),
        # MINVERSE page: inverse of {4,-1;2,0} = {0,0.5;-1,2}
        "D1": ArrayFormula("D1:E2", "=MINVERSE({4,-1;2,0})"),
        "G1": ArrayFormula("G1:I3", "=MUNIT(3)"),
        # MDETERM page: 88 for the 4x4 example, 1 and -3 for the array examples
        "A5": "=MDETERM({1,3,8,5;1,3,6,1;1,1,1,0;7,3,10,2})", "A6": "=MDETERM({3,6,1;1,1,0;3,10,2})",
        "A7": "=MDETERM({3,6;1,1})", "A8": "=MDETERM({1,2,3;4,5,6})", "A9": "=MMULT({1,2},{1,2})",
    })
    assert [v["A1"], v["B1"], v["A2"], v["B2"]] == [2.0, 6.0, 14.0, 4.0]
    assert [round(v[c], 12) for c in ("D1", "E1", "D2", "E2")] == [0.0, 0.5, -1.0, 2.0]
    assert [v[c] for c in ("G1", "H1", "I1", "G2", "H2", "G3", "I3")] == [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0]
    assert close(v["A5"], 88.0) and close(v["A6"], 1.0) and close(v["A7"], -3.0)
    assert v["A8"] == "#VALUE!"  # MDETERM page: not square -> #VALUE!
    assert v["A9"] == "#VALUE!"  # columns of the first (2) != rows of the second (1)


def test_element_wise_functions_lift_over_a_range_in_an_array_formula(tmp_path):
    # {=FACT(A1:A3)} with 3, 4, 5 -> 6, 24, 120; {=SQRT(A1:A3-4)}: 3-4 < 0 is #NUM!, 0, 1.
    v = run(tmp_path, {"A1": 3, "A2": 4, "A3": 5,
                       "B1": ArrayFormula("B1:B3", "=FACT(A1:A3)"),
                       "C1": ArrayFormula("C1:C3", "=SQRT(A1:A3-4)"),
                       "D1": ArrayFormula("D1:D3", "=LN(A1:A3-3)")})
    assert [v["B1"], v["B2"], v["B3"]] == [6.0, 24.0, 120.0]
    assert [v["C1"], v["C2"], v["C3"]] == ["#NUM!", 0.0, 1.0]
    assert [v["D1"], v["D2"], v["D3"]] == ["#NUM!", 0.0, 0.6931471805599453]


def test_vector_fast_paths_agree_with_the_scalar_definitions():
    xs = np.array([0.0, 0.5, 1.0, 2.25, 10.0, 123.456, 1e-9, 0.999])
    for name in ("TRUNC", "ABS", "INT", "SIGN", "SQRT", "EXP", "LN", "LOG10", "SIN", "COS", "TAN",
                 "ASIN", "ACOS", "ATAN", "SINH", "COSH", "TANH", "ASINH", "DEGREES", "RADIANS"):
        spec = SPECS[name]
        ok = xs[xs > 0] if name in ("LN", "LOG10") else xs[xs <= 1] if name in ("ASIN", "ACOS") else xs
        fast = spec.vector(ok, 0.0) if name == "TRUNC" else spec.vector(ok)
        slow = [spec.func(float(x), 0.0) if name == "TRUNC" else spec.func(float(x)) for x in ok]
        assert np.allclose(fast, slow, rtol=1e-15, atol=0), name
    # outside the domain the fast path declines, so the scalar one gives Excel's error
    assert SPECS["SQRT"].vector(np.array([-1.0, 4.0])) is None
    assert SPECS["LN"].vector(np.array([0.0, 1.0])) is None


def test_filled_down_column_uses_the_fast_path_with_errors_per_row(tmp_path):
    # B = SQRT(A) filled down over 4, -1, blank, "x": 2, #NUM!, 0, #VALUE!.
    cells = {"A1": 4, "A2": -1, "A4": "x"}
    cells.update({f"B{r}": f"=SQRT(A{r})" for r in range(1, 5)})
    v = run(tmp_path, cells)
    assert [v[f"B{r}"] for r in range(1, 5)] == [2.0, "#NUM!", 0.0, "#VALUE!"]


def test_rand_and_randbetween_are_in_range_and_volatile(tmp_path):
    cells = {f"A{r}": "=RAND()" for r in range(1, 21)}
    cells.update({f"B{r}": "=RANDBETWEEN(-3,3)" for r in range(1, 21)})
    cells["C1"] = "=RANDBETWEEN(5,1)"  # bottom above top: #NUM!
    v = run(tmp_path, cells)
    rands = [v[f"A{r}"] for r in range(1, 21)]
    assert all(0 <= x < 1 for x in rands) and len(set(rands)) == 20
    ints = [v[f"B{r}"] for r in range(1, 21)]
    assert all(x in (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0) for x in ints)
    assert v["C1"] == "#NUM!"
    assert SPECS["RAND"].volatile and SPECS["RAND"].context


def test_rand_follows_the_pinned_seed():
    from socroi_xl.engine.functions.spec import CallContext, Settings

    a = Settings(seed=7)
    b = Settings(seed=7)
    ca = CallContext("S", 1, 1, a)
    cb = CallContext("S", 1, 1, b)
    draws_a = [SPECS["RAND"].func(ca) for _ in range(3)] + [SPECS["RANDBETWEEN"].func(ca, 1.0, 6.0)]
    draws_b = [SPECS["RAND"].func(cb) for _ in range(3)] + [SPECS["RANDBETWEEN"].func(cb, 1.0, 6.0)]
    assert draws_a == draws_b  # same seed, same numbers


DATA = {"A1": 10, "A2": 20, "A3": 30, "A4": 40, "A5": 5}


def test_subtotal_skips_nested_subtotals_and_aggregates(tmp_path):
    # SUBTOTAL page: nested subtotals in the range are ignored. A4 is itself =SUBTOTAL(9,A1:A3)
    # (60) and A5 =AGGREGATE(9,0,A1:A2) (30): SUBTOTAL(9,A1:A6) = 10+20+30+7 = 67, where
    # SUM would be 10+20+30+60+30+7 = 157.
    v = run(tmp_path, {"A1": 10, "A2": 20, "A3": 30, "A4": "=SUBTOTAL(9,A1:A3)",
                       "A5": "=AGGREGATE(9,0,A1:A2)", "A6": 7,
                       "B1": "=SUBTOTAL(9,A1:A6)", "B2": "=SUM(A1:A6)", "B3": "=SUBTOTAL(2,A1:A6)",
                       "B4": "=AGGREGATE(9,4,A1:A6)", "B5": "=AGGREGATE(9,0,A1:A6)"})
    assert v["A4"] == 60.0 and v["A5"] == 30.0
    assert v["B1"] == 67.0
    assert v["B2"] == 157.0
    assert v["B3"] == 4.0  # COUNT of 10, 20, 30, 7
    assert v["B4"] == 157.0  # option 4: ignore nothing, nested ones included
    assert v["B5"] == 67.0  # option 0: nested ones ignored


def test_subtotal_functions_1_to_11(tmp_path):
    # A1:A5 = 10, 20, 30, 40, 5: average 21, count 5, counta 5, max 40, min 5, product 1,200,000,
    # stdev sqrt(182.5*... ) worked out: mean 21, squares 121+1+81+361+256 = 820 -> var.s 205,
    # var.p 164; sum 105. 12 is not a function number: #VALUE!.
    cases = {k: f"=SUBTOTAL({k},A1:A5)" for k in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 101, 109)}
    v = formulas(tmp_path, DATA, {str(k): f for k, f in cases.items()})
    assert v["1"] == 21.0 and v["2"] == 5.0 and v["3"] == 5.0 and v["4"] == 40.0 and v["5"] == 5.0
    assert v["6"] == 1200000.0 and close(v["7"], 205**0.5) and close(v["8"], 164**0.5)
    assert v["9"] == 105.0 and close(v["10"], 205.0) and close(v["11"], 164.0)
    assert v["12"] == "#VALUE!" and v["101"] == 21.0 and v["109"] == 105.0


def test_aggregate_ignores_errors_with_options_2_3_6_7(tmp_path):
    # AGGREGATE page, the idea of its example: a range holding #DIV/0! — SUM (9) with option 6
    # skips it: 10+20+40 = 70; option 4 returns the error; LARGE (14) k=2 -> 20; SMALL (15)
    # k=1 -> 10; MEDIAN (12) of 10, 20, 40 -> 20; 20 is not a function number -> #VALUE!;
    # option 8 does not exist -> #VALUE!.
    data = {"A1": 10, "A2": 20, "A3": "=1/0", "A4": 40}
    v = formulas(tmp_path, data, {
        "sum6": "=AGGREGATE(9,6,A1:A4)", "sum4": "=AGGREGATE(9,4,A1:A4)", "large": "=AGGREGATE(14,6,A1:A4,2)",
        "small": "=AGGREGATE(15,6,A1:A4,1)", "median": "=AGGREGATE(12,6,A1:A4)", "badf": "=AGGREGATE(20,6,A1:A4)",
        "bado": "=AGGREGATE(9,8,A1:A4)", "array": "=AGGREGATE(14,6,A1:A4/(A1:A4>15),1)",
        "sum_subtotal": "=SUBTOTAL(9,A1:A4)",
    })
    assert (v["sum6"], v["sum4"], v["large"], v["small"], v["median"]) == (70.0, "#DIV/0!", 20.0, 10.0, 20.0)
    assert v["badf"] == "#VALUE!" and v["bado"] == "#VALUE!"
    # array form over a computed array: 10/(FALSE) is #DIV/0!, skipped; largest of 20, 40 is 40
    assert v["array"] == 40.0
    assert v["sum_subtotal"] == "#DIV/0!"  # SUBTOTAL does not skip errors


def test_subtotal_109_skips_hidden_rows(tmp_path):
    # Rows 2 and 4 hidden: SUBTOTAL(109) sums 10+30+5 = 45, SUBTOTAL(9) keeps them (105),
    # AGGREGATE(9,5) skips hidden rows (45).
    v = formulas_hidden(tmp_path)
    assert v == {"109": 45.0, "9": 105.0, "agg5": 45.0, "agg4": 105.0}


def formulas_hidden(tmp_path):
    cells = dict(DATA)
    cells.update({"C1": "=SUBTOTAL(109,A1:A5)", "C2": "=SUBTOTAL(9,A1:A5)",
                  "C3": "=AGGREGATE(9,5,A1:A5)", "C4": "=AGGREGATE(9,4,A1:A5)"})
    v = run(tmp_path, cells, hidden_rows=(2, 4))
    return {"109": v["C1"], "9": v["C2"], "agg5": v["C3"], "agg4": v["C4"]}


def test_hidden_rows_as_the_reader_may_record_them():
    # The rule itself, with the record given directly: a set of rows or a boolean mask.
    from socroi_xl.engine.functions.math_subtotal import _row_set

    assert _row_set({2, 4, 9}, 1, 5).tolist() == [False, True, False, True, False]
    mask = np.zeros(10, bool)
    mask[[3, 5]] = True
    assert _row_set(mask, 2, 6).tolist() == [False, True, False, True, False]
    assert _row_set(None, 1, 3).tolist() == [False, False, False]


def test_percentof_and_usdollar(tmp_path):
    # PERCENTOF page (support.microsoft.com): the share of a subset in the whole, SUM/SUM:
    # 10+20 of 10+20+30+40 is 0.3; a whole summing to 0 is #DIV/0!. USDOLLAR is DOLLAR in
    # US format: POI's FormulaEvalTestData_Copy.xlsx (values Excel saved, row 420):
    # USDOLLAR(1) "$1.00", USDOLLAR(-1) "($1.00)", USDOLLAR of the text "" #VALUE!.
    v = formulas(tmp_path, {"A1": 10, "A2": 20, "A3": 30, "A4": 40, "B1": '=""'}, {
        "pct": "=PERCENTOF(A1:A2,A1:A4)", "zero": "=PERCENTOF(A1,C1:C2)",
        "usd": "=USDOLLAR(1)", "usd neg": "=USDOLLAR(-1)", "usd text": "=USDOLLAR(B1)",
        "usd big": "=USDOLLAR(1234.567,1)",  # "$1,234.6" (DOLLAR's rules)
    })
    assert v == {"pct": 0.3, "zero": "#DIV/0!", "usd": "$1.00", "usd neg": "($1.00)", "usd text": "#VALUE!",
                 "usd big": "$1,234.6"}


def test_mod_trunc_and_hyperbolic_edges_as_excel_saved_them(tmp_path):
    # ironcalc/IronCalc MATH_AND_TRIGONOMETRY: MOD_QUOTIENT.xlsx (DATEVALUE!C25),
    # MROUND_TRUNC_INT.xlsx (TRUNC!C17, C48, C57), TRIGONOMETRIC.xlsx (COTH_CSCH_SECH!C7)
    v = formulas(tmp_path, {}, {
        "mod": "=MOD(5,1E-10)",  # 9.999981783901343E-11: the exact remainder
        "mod sign": "=MOD(-3,2)",  # 1 (MOD page: the divisor's sign)
        "trunc digits": "=TRUNC(123456789,1000)", "trunc huge": "=TRUNC(1E+100,1E+50)",
        "trunc max": "=TRUNC(9.99999E+307,5)", "csch": "=CSCH(9999999999999)",
    })
    assert v == {"mod": 9.999981783901343e-11, "mod sign": 1.0, "trunc digits": 123456789.0,
                 "trunc huge": 1e100, "trunc max": 9.99999e307, "csch": 0.0}


def test_arabic_reads_malformed_numerals_as_excel(tmp_path):
    # vinci1it2000/formulas test/test_files/test.xlsx ("MATH & TRIG" S9, T9, V9): Excel saved
    # 49, -1 and 1046; the ARABIC page: ARABIC("mcmxii") is 1912
    v = formulas(tmp_path, {}, {"il": '=ARABIC("IL")', "many": '=ARABIC("IIIIIIV")', "mixed": '=ARABIC("IILmIIC")',
                                "doc": '=ARABIC("mcmxii")'})
    assert v == {"il": 49.0, "many": -1.0, "mixed": 1046.0, "doc": 1912.0}
