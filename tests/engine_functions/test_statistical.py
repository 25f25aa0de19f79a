"""Statistical functions: Excel's documentation examples (support.microsoft.com, "<NAME>
function" pages) and Excel's rules for logicals, text and blanks in ranges. Expected values are
the documented ones (shown there rounded: compared to their digits) or worked out by hand in
the comment. The broad cross-check against LibreOffice is tests/golden/fn_stat.json."""

from __future__ import annotations

import pytest
from openpyxl.worksheet.formula import ArrayFormula

from .book import close, formulas, run


def near(got: object, want: float, digits: int) -> bool:
    """``got`` equals the documented value shown with ``digits`` decimals."""
    return isinstance(got, float) and abs(got - want) <= 0.5 * 10.0**-digits + 1e-12


def column(values: list[object], col: str = "A", start: int = 1) -> dict[str, object]:
    return {f"{col}{i}": v for i, v in enumerate(values, start=start) if v is not None}


def test_median_mode_large_small_rank(tmp_path):
    # MEDIAN page: 1,2,3,4,5 -> 3; 1..6 -> 3.5. MODE.SNGL page: 5.6,4,4,3,2,4 -> 4.
    # LARGE page: 3,5,3,5,4 / 4,2,4,6,7: 3rd largest 5, 7th 4. SMALL page: 3,4,5,2,3,4,6,4,7 ->
    # 4th smallest 4; 1,4,8,3,7,12,54,8,23 -> 2nd smallest 3. RANK page: 7, 3.5, 3.5, 1, 2:
    # RANK(A3) of 3.5 = 3, RANK(7,...,1) = 5. RANK.AVG page: 89,88,92,101,94,97,95 -> 94 is 4.
    data = {**column([1, 2, 3, 4, 5, 6]), **column([5.6, 4, 4, 3, 2, 4], "B"),
            **column([3, 5, 3, 5, 4, 4, 2, 4, 6, 7], "C"), **column([3, 4, 5, 2, 3, 4, 6, 4, 7], "D"),
            **column([7, 3.5, 3.5, 1, 2], "E"), **column([89, 88, 92, 101, 94, 97, 95], "F")}
    v = formulas(tmp_path, data, {
        "med5": "=MEDIAN(A1:A5)", "med6": "=MEDIAN(A1:A6)", "mode": "=MODE.SNGL(B1:B6)",
        "large3": "=LARGE(C1:C10,3)", "large7": "=LARGE(C1:C10,7)", "small": "=SMALL(D1:D9,4)",
        "rank": "=RANK(E3,E1:E5,1)", "rank7": "=RANK(E1,E1:E5,1)", "rankeq": "=RANK.EQ(E2,E1:E5,1)",
        "rankavg": "=RANK.AVG(94,F1:F7)", "ranktie": "=RANK.AVG(3.5,E1:E5)",
    })
    assert (v["med5"], v["med6"], v["mode"]) == (3.0, 3.5, 4.0)
    assert (v["large3"], v["large7"], v["small"]) == (5.0, 4.0, 4.0)
    assert (v["rank"], v["rank7"], v["rankeq"], v["rankavg"]) == (3.0, 5.0, 3.0, 4.0)
    assert v["ranktie"] == 2.5  # by hand: 7 is 1st, the two 3.5 share ranks 2 and 3 -> 2.5


def test_percentiles_and_quartiles(tmp_path):
    # PERCENTILE.INC page: 1,3,2,4 k=0.3 -> 1.9. PERCENTILE.EXC page: 1,2,3,6,6,6,7,8,9:
    # k=0.25 -> 2.5, k=0 -> #NUM!, k=0.01 -> #NUM!, k=2 -> #NUM!. QUARTILE.INC page:
    # 1,2,4,7,8,9,10,12 quart 1 -> 3.5. QUARTILE.EXC page: 6,7,15,36,39,40,41,42,43,47,49:
    # quart 1 -> 15, quart 3 -> 43. PERCENTRANK.INC page: 13,12,11,8,4,3,2,1,1,1: x=2 -> 0.333,
    # x=4 -> 0.555, x=8 -> 0.666, x=5 -> 0.583. PERCENTRANK.EXC page: 1,2,3,6,6,6,7,8,9:
    # x=7 -> 0.7, 5.43 -> 0.381, 5.43 with 1 digit -> 0.3.
    data = {**column([1, 3, 2, 4]), **column([1, 2, 3, 6, 6, 6, 7, 8, 9], "B"),
            **column([1, 2, 4, 7, 8, 9, 10, 12], "C"), **column([6, 7, 15, 36, 39, 40, 41, 42, 43, 47, 49], "D"),
            **column([13, 12, 11, 8, 4, 3, 2, 1, 1, 1], "E")}
    v = formulas(tmp_path, data, {
        "pinc": "=PERCENTILE.INC(A1:A4,0.3)", "p": "=PERCENTILE(A1:A4,0.3)", "pexc": "=PERCENTILE.EXC(B1:B9,0.25)",
        "pexc0": "=PERCENTILE.EXC(B1:B9,0)", "pexc01": "=PERCENTILE.EXC(B1:B9,0.01)", "pexc2": "=PERCENTILE.EXC(B1:B9,2)",
        "qinc": "=QUARTILE.INC(C1:C8,1)", "q": "=QUARTILE(C1:C8,1)", "qexc1": "=QUARTILE.EXC(D1:D11,1)",
        "qexc3": "=QUARTILE.EXC(D1:D11,3)", "pr2": "=PERCENTRANK.INC(E1:E10,2)", "pr4": "=PERCENTRANK.INC(E1:E10,4)",
        "pr8": "=PERCENTRANK.INC(E1:E10,8)", "pr5": "=PERCENTRANK(E1:E10,5)", "prx7": "=PERCENTRANK.EXC(B1:B9,7)",
        "prx": "=PERCENTRANK.EXC(B1:B9,5.43)", "prx1": "=PERCENTRANK.EXC(B1:B9,5.43,1)",
    })
    assert close(v["pinc"], 1.9) and close(v["p"], 1.9) and close(v["pexc"], 2.5)
    assert v["pexc0"] == v["pexc01"] == v["pexc2"] == "#NUM!"
    assert (v["qinc"], v["q"], v["qexc1"], v["qexc3"]) == (3.5, 3.5, 15.0, 43.0)
    assert (v["pr2"], v["pr4"], v["pr8"], v["pr5"]) == (0.333, 0.555, 0.666, 0.583)
    assert (v["prx7"], v["prx"], v["prx1"]) == (0.7, 0.381, 0.3)


def test_deviation_family_documented_example(tmp_path):
    # STDEV.S / STDEV.P / VAR.S / VAR.P pages, strength of 10 tools:
    # 1345,1301,1368,1322,1310,1370,1318,1350,1303,1299 -> 27.46392, 26.05456, 754.2667, 678.84.
    data = column([1345, 1301, 1368, 1322, 1310, 1370, 1318, 1350, 1303, 1299])
    v = formulas(tmp_path, data, {
        "s": "=STDEV.S(A1:A10)", "stdev": "=STDEV(A1:A10)", "p": "=STDEV.P(A1:A10)", "stdevp": "=STDEVP(A1:A10)",
        "vs": "=VAR.S(A1:A10)", "var": "=VAR(A1:A10)", "vp": "=VAR.P(A1:A10)", "varp": "=VARP(A1:A10)",
        "sa": "=STDEVA(A1:A10)", "pa": "=STDEVPA(A1:A10)", "va": "=VARA(A1:A10)", "vpa": "=VARPA(A1:A10)",
        "one": "=STDEV(5)", "devsq": "=DEVSQ(4,5,8,7,11,4,3)", "avedev": "=AVEDEV(4,5,6,7,5,4,3)",
    })
    assert near(v["s"], 27.46392, 5) and v["stdev"] == v["s"] and near(v["p"], 26.05456, 5) and v["stdevp"] == v["p"]
    assert near(v["vs"], 754.2667, 4) and v["var"] == v["vs"] and near(v["vp"], 678.84, 2) and v["varp"] == v["vp"]
    assert (v["sa"], v["pa"], v["va"], v["vpa"]) == (v["s"], v["p"], v["vs"], v["vp"])  # numbers only: same
    assert v["one"] == "#DIV/0!"  # a sample of one has no deviation
    assert close(v["devsq"], 48.0) and near(v["avedev"], 1.020408, 6)  # DEVSQ and AVEDEV pages


def test_a_forms_count_text_and_logicals_in_references(tmp_path):
    # AVERAGEA page: 10, 7, 9, 2, "Not available" -> 5.6 (text counts 0); AVERAGE -> 7.
    # MAXA page: 0, 0.2, 0.5, 0.4, TRUE -> 1. MINA page: FALSE, 0.2, 0.5, 0.4, 0.8 -> 0.
    # Typed directly, text that is not a number is #VALUE!.
    data = {**column([10, 7, 9, 2, "Not available"]), **column([0, 0.2, 0.5, 0.4, True], "B"),
            **column([False, 0.2, 0.5, 0.4, 0.8], "C")}
    v = formulas(tmp_path, data, {
        "avga": "=AVERAGEA(A1:A5)", "avg": "=AVERAGE(A1:A5)", "maxa": "=MAXA(B1:B5)", "max": "=MAX(B1:B5)",
        "mina": "=MINA(C1:C5)", "typed": '=AVERAGEA(1,"x")', "typednum": '=AVERAGEA(1,"3",TRUE)',
        "vara": "=VARA(C1:C5)",
    })
    assert (v["avga"], v["avg"], v["maxa"], v["max"], v["mina"]) == (5.6, 7.0, 1.0, 0.5, 0.0)
    assert v["typed"] == "#VALUE!" and close(v["typednum"], 5 / 3)
    # VARA of 0, 0.2, 0.5, 0.4, 0.8: mean 0.38, squares 0.1444+0.0324+0.0144+0.0004+0.1764 = 0.368 -> /4
    assert close(v["vara"], 0.092)


def test_means_shape_and_standardize(tmp_path):
    # GEOMEAN page: 4,5,8,7,11,4,3 -> 5.476987; HARMEAN same data -> 5.028376.
    # TRIMMEAN page: 4,5,6,7,2,3,4,5,1,2,3 at 20% -> 3.777778. KURT page: 3,4,5,2,3,4,5,6,4,7
    # -> -0.151799637. SKEW page: same data -> 0.359543. SKEW.P page: 3,4,5,2,3,4,5,6,4,7 ->
    # 0.303193. STANDARDIZE page: (42,40,1.5) -> 1.33333.
    data = {**column([4, 5, 8, 7, 11, 4, 3]), **column([4, 5, 6, 7, 2, 3, 4, 5, 1, 2, 3], "B"),
            **column([3, 4, 5, 2, 3, 4, 5, 6, 4, 7], "C")}
    v = formulas(tmp_path, data, {
        "geo": "=GEOMEAN(A1:A7)", "har": "=HARMEAN(A1:A7)", "trim": "=TRIMMEAN(B1:B11,0.2)",
        "kurt": "=KURT(C1:C10)", "skew": "=SKEW(C1:C10)", "skewp": "=SKEW.P(C1:C10)",
        "std": "=STANDARDIZE(42,40,1.5)", "geoneg": "=GEOMEAN(1,-1)",
    })
    assert near(v["geo"], 5.476987, 6) and near(v["har"], 5.028376, 6) and near(v["trim"], 3.777778, 6)
    assert near(v["kurt"], -0.151799637, 9) and near(v["skew"], 0.359543, 6) and near(v["skewp"], 0.303193, 6)
    assert near(v["std"], 1.33333, 5) and v["geoneg"] == "#NUM!"


def test_maxifs_minifs_documented_examples(tmp_path):
    # MAXIFS page: grades 89, 93, 96, 85, 91, 88 with weights 1, 2, 2, 3, 1, 1:
    # MAXIFS(grades, weights, 1) -> 91. MINIFS page: same shape -> MINIFS(grade, weight, 1) = 88
    # for grades 89, 93, 96, 85, 91, 88. No cell meeting the criteria -> 0.
    data = {**column([89, 93, 96, 85, 91, 88]), **column([1, 2, 2, 3, 1, 1], "B"),
            **column(["a", "b", "a", "a", "b", "a"], "C")}
    v = formulas(tmp_path, data, {
        "max": "=MAXIFS(A1:A6,B1:B6,1)", "min": "=MINIFS(A1:A6,B1:B6,1)", "none": '=MAXIFS(A1:A6,B1:B6,">5")',
        "two": '=MAXIFS(A1:A6,B1:B6,"<3",C1:C6,"a")', "size": "=MAXIFS(A1:A6,B1:B5,1)",
        "wild": '=MINIFS(A1:A6,C1:C6,"b*")',
    })
    assert (v["max"], v["min"], v["none"], v["two"], v["size"], v["wild"]) == (91.0, 88.0, 0.0, 96.0, "#VALUE!", 91.0)


def test_two_sample_functions_documented_examples(tmp_path):
    # CORREL page: 3,2,4,5,6 / 9,7,12,15,17 -> 0.997054. PEARSON page: 9,7,5,3,1 / 10,6,1,5,3
    # -> 0.699379. RSQ page: y 2,3,9,1,8,7,5 x 6,5,11,7,5,4,4 -> 0.05795. SLOPE and INTERCEPT
    # pages: same y/x -> 0.305556; the first five pairs -> intercept 0.0483871. STEYX page -> 3.305719. COVARIANCE.S page:
    # 2,4,8 / 5,11,12 -> 9.666666667. COVAR page: 3,2,4,5,6 / 9,7,12,15,17 -> 5.2.
    # FORECAST page: y 6,7,9,15,21 x 20,28,31,38,40, x=30 -> 10.607253.
    data = {**column([3, 2, 4, 5, 6]), **column([9, 7, 12, 15, 17], "B"),
            **column([9, 7, 5, 3, 1], "C"), **column([10, 6, 1, 5, 3], "D"),
            **column([2, 3, 9, 1, 8, 7, 5], "E"), **column([6, 5, 11, 7, 5, 4, 4], "F"),
            **column([2, 4, 8], "G"), **column([5, 11, 12], "H"),
            **column([6, 7, 9, 15, 21], "I"), **column([20, 28, 31, 38, 40], "J")}
    v = formulas(tmp_path, data, {
        "correl": "=CORREL(A1:A5,B1:B5)", "pearson": "=PEARSON(C1:C5,D1:D5)", "rsq": "=RSQ(E1:E7,F1:F7)",
        "slope": "=SLOPE(E1:E7,F1:F7)", "intercept": "=INTERCEPT(E1:E5,F1:F5)", "steyx": "=STEYX(E1:E7,F1:F7)",
        "covs": "=COVARIANCE.S(G1:G3,H1:H3)", "covar": "=COVAR(A1:A5,B1:B5)", "covp": "=COVARIANCE.P(A1:A5,B1:B5)",
        "forecast": "=FORECAST(30,I1:I5,J1:J5)", "flin": "=FORECAST.LINEAR(30,I1:I5,J1:J5)",
        "sizes": "=CORREL(A1:A5,B1:B4)", "flat": "=SLOPE(A1:A5,{1;1;1;1;1})",
    })
    assert near(v["correl"], 0.997054, 6) and near(v["pearson"], 0.699379, 6) and near(v["rsq"], 0.05795, 5)
    assert near(v["slope"], 0.305556, 6) and near(v["intercept"], 0.0483871, 7) and near(v["steyx"], 3.305719, 6)
    assert near(v["covs"], 9.666666667, 9) and close(v["covar"], 5.2) and close(v["covp"], 5.2)
    assert near(v["forecast"], 10.607253, 6) and v["flin"] == v["forecast"]
    assert v["sizes"] == "#N/A" and v["flat"] == "#DIV/0!"


def test_regression_arrays_linest_trend_growth(tmp_path):
    # LINEST page, example 1: y 1,9,5,7 x 0,4,2,3 -> slope 2, intercept 1.
    # TREND by hand: y = 2x + 1 at x = 5, 6 -> 11, 13.
    # GROWTH page: units 33100,47300,69000,102000,150000,220000 for months 11..16; months 17, 18
    # -> 320196.7184 for month 17. LOGEST page: same data -> m 1.463275628, b 495.3047702.
    data = {**column([1, 9, 5, 7]), **column([0, 4, 2, 3], "B"),
            **column([33100, 47300, 69000, 102000, 150000, 220000], "C"), **column([11, 12, 13, 14, 15, 16], "D")}
    cells = dict(data)
    cells.update({
        "F1": ArrayFormula("F1:G1", "=LINEST(A1:A4,B1:B4)"),
        "F3": ArrayFormula("F3:F4", "=TREND(A1:A4,B1:B4,{5;6})"),
        "F6": ArrayFormula("F6:F7", "=GROWTH(C1:C6,D1:D6,{17;18})"),
        "F9": ArrayFormula("F9:G9", "=LOGEST(C1:C6,D1:D6)"),
        "F11": ArrayFormula("F11:G15", "=LINEST(A1:A4,B1:B4,TRUE,TRUE)"),
    })
    v = run(tmp_path, cells)
    assert close(v["F1"], 2.0) and close(v["G1"], 1.0)
    assert close(v["F3"], 11.0) and close(v["F4"], 13.0)
    assert near(v["F6"], 320196.7184, 4) and v["F7"] > v["F6"]
    assert near(v["F9"], 1.463275628, 9) and near(v["G9"], 495.3047702, 7)
    # the fit is exact (y = 2x + 1): r2 1, residual 0, df 4-2 = 2; the rows below the first
    # pair are #N/A beyond the second column (none here: two columns)
    assert close(v["F13"], 1.0) and v["G14"] == 2.0 and close(v["G15"], 0.0)


def test_frequency_and_mode_mult_spill_vertical_arrays(tmp_path):
    # FREQUENCY page: scores 79,85,78,85,50,81,95,88,97 bins 70,79,89 -> 1, 2, 4, 2.
    # MODE.MULT page: 1,2,3,4,3,2,1,2,3,5,6,1 -> 1, 2, 3 (each three times).
    data = {**column([79, 85, 78, 85, 50, 81, 95, 88, 97]), **column([70, 79, 89], "B"),
            **column([1, 2, 3, 4, 3, 2, 1, 2, 3, 5, 6, 1], "C")}
    cells = dict(data)
    cells.update({"E1": ArrayFormula("E1:E4", "=FREQUENCY(A1:A9,B1:B3)"),
                  "F1": ArrayFormula("F1:F3", "=MODE.MULT(C1:C12)")})
    v = run(tmp_path, cells)
    assert [v[f"E{i}"] for i in range(1, 5)] == [1.0, 2.0, 4.0, 2.0]
    assert [v[f"F{i}"] for i in range(1, 4)] == [1.0, 2.0, 3.0]


def test_normal_and_lognormal_documented_examples(tmp_path):
    v = formulas(tmp_path, {}, {
        "nd": "=NORM.DIST(42,40,1.5,TRUE)", "ndpdf": "=NORM.DIST(42,40,1.5,FALSE)",  # 0.9087888, 0.10934
        "ninv": "=NORM.INV(0.908789,40,1.5)", "nsd": "=NORM.S.DIST(1.333333,TRUE)",  # 42.000002, 0.908788726
        "nsdpdf": "=NORM.S.DIST(1.333333,FALSE)", "nsinv": "=NORM.S.INV(0.908789)",  # 0.164010148, 1.3333
        "ln": "=LOGNORM.DIST(4,3.5,1.2,TRUE)", "lnpdf": "=LOGNORM.DIST(4,3.5,1.2,FALSE)",  # 0.0390836, 0.0176176
        "lninv": "=LOGNORM.INV(0.039084,3.5,1.2)", "phi": "=PHI(0.75)", "gauss": "=GAUSS(2)",  # 4.0000252, 0.301137, 0.47725
        "std": "=STANDARDIZE(42,40,1.5)", "conf": "=CONFIDENCE.NORM(0.05,2.5,50)",  # 1.333333, 0.692952
        "conft": "=CONFIDENCE.T(0.05,1,50)", "z": "=Z.TEST({3,6,7,8,6,5,4,2,1,9},4)",  # 0.284196855, 0.090574
        "z6": "=Z.TEST({3,6,7,8,6,5,4,2,1,9},6)", "fisher": "=FISHER(0.75)", "fisherinv": "=FISHERINV(0.972955)",
    })  # Z.TEST(,6) 0.863043; FISHER 0.972955; FISHERINV 0.75
    checks = {"nd": (0.9087888, 7), "ndpdf": (0.10934, 5), "ninv": (42.000002, 6), "nsd": (0.908788726, 9),
              "nsdpdf": (0.164010148, 9), "nsinv": (1.3333, 4), "ln": (0.0390836, 7), "lnpdf": (0.0176176, 7),
              "lninv": (4.0000252, 7), "phi": (0.301137, 6), "gauss": (0.47725, 5), "std": (1.333333, 6),
              "conf": (0.692952, 6), "conft": (0.284196855, 9), "z": (0.090574, 6), "z6": (0.863043, 6),
              "fisher": (0.972955, 6), "fisherinv": (0.75, 6)}
    for name, (want, digits) in checks.items():
        assert near(v[name], want, digits), (name, v[name])


def test_discrete_distributions_documented_examples(tmp_path):
    v = formulas(tmp_path, {}, {
        "binom": "=BINOM.DIST(6,10,0.5,FALSE)", "binominv": "=BINOM.INV(6,0.5,0.75)",  # 0.2050781, 4
        "range": "=BINOM.DIST.RANGE(60,0.75,48)", "range2": "=BINOM.DIST.RANGE(60,0.75,45,50)",  # 0.084, 0.524
        "negb": "=NEGBINOM.DIST(10,5,0.25,TRUE)", "negbpdf": "=NEGBINOM.DIST(10,5,0.25,FALSE)",  # 0.3135141, 0.0550487
        "hyp": "=HYPGEOM.DIST(1,4,8,20,TRUE)", "hyppdf": "=HYPGEOM.DIST(1,4,8,20,FALSE)",  # 0.4654, 0.3633
        "pois": "=POISSON.DIST(2,5,TRUE)", "poispdf": "=POISSON.DIST(2,5,FALSE)",  # 0.124652, 0.084224
        "permut": "=PERMUT(100,3)", "permuta": "=PERMUTATIONA(3,2)",  # 970200, 9
        "prob": "=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},2)", "prob2": "=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},1,3)",  # 0.1, 0.8
        "binombad": "=BINOM.DIST(11,10,0.5,FALSE)",
    })
    checks = {"binom": (0.2050781, 7), "range": (0.084, 3), "range2": (0.524, 3), "negb": (0.3135141, 7),
              "negbpdf": (0.0550487, 7), "hyp": (0.4654, 4), "hyppdf": (0.3633, 4), "pois": (0.124652, 6),
              "poispdf": (0.084224, 6), "prob": (0.1, 12), "prob2": (0.8, 12)}
    for name, (want, digits) in checks.items():
        assert near(v[name], want, digits), (name, v[name])
    assert (v["binominv"], v["permut"], v["permuta"], v["binombad"]) == (4.0, 970200.0, 9.0, "#NUM!")


def test_continuous_distributions_documented_examples(tmp_path):
    v = formulas(tmp_path, {}, {
        "expon": "=EXPON.DIST(0.2,10,TRUE)", "exponpdf": "=EXPON.DIST(0.2,10,FALSE)",  # 0.86466472, 1.35335283
        "weib": "=WEIBULL.DIST(105,20,100,TRUE)", "weibpdf": "=WEIBULL.DIST(105,20,100,FALSE)",  # 0.929581, 0.035589
        "gamma": "=GAMMA(2.5)", "gammaneg": "=GAMMA(-3.75)", "gammaln": "=GAMMALN(4)",  # 1.329, 0.268, 1.7917595
        "gd": "=GAMMA.DIST(10.00001131,9,2,FALSE)", "gdc": "=GAMMA.DIST(10.00001131,9,2,TRUE)",  # 0.032639, 0.068094
        "ginv": "=GAMMA.INV(0.068094,9,2)", "glnp": "=GAMMALN.PRECISE(4)",  # 10.0000112, 1.791759
        "beta": "=BETA.DIST(2,8,10,TRUE,1,3)", "betapdf": "=BETA.DIST(2,8,10,FALSE,1,3)",  # 0.6854706, 1.4837646
        "betainv": "=BETA.INV(0.685470581,8,10,1,3)", "betadist": "=BETADIST(2,8,10,1,3)",  # 2, 0.685470581
        "chi": "=CHISQ.DIST(0.5,1,TRUE)", "chipdf": "=CHISQ.DIST(2,3,FALSE)",  # 0.52049988, 0.20755375
        "chirt": "=CHISQ.DIST.RT(18.307,10)", "chiinv": "=CHISQ.INV(0.93,1)", "chiinv2": "=CHISQ.INV(0.6,2)",  # 0.0500006, 3.283020287, 1.832581464
        "chiinvrt": "=CHISQ.INV.RT(0.050001,10)",  # 18.306973
        "t": "=T.DIST(60,1,TRUE)", "tpdf": "=T.DIST(8,3,FALSE)", "t2t": "=T.DIST.2T(1.959999998,60)",  # 0.99469533, 0.00073691, 0.054644930
        "trt": "=T.DIST.RT(1.959999998,60)", "tinv": "=T.INV(0.75,2)", "tinv2": "=T.INV.2T(0.546449,60)",  # 0.027322, 0.8164966, 0.606533
        "tdist": "=TDIST(1.959999998,60,2)",  # 0.054645
        "f": "=F.DIST(15.2069,6,4,TRUE)", "fpdf": "=F.DIST(15.2069,6,4,FALSE)", "frt": "=F.DIST.RT(15.2069,6,4)",  # 0.99, 0.0012238, 0.01
        "finv": "=F.INV(0.01,6,4)", "finvrt": "=F.INV.RT(0.01,6,4)",  # 0.10930991, 15.20686
    })
    checks = {"expon": (0.86466472, 8), "exponpdf": (1.35335283, 8), "weib": (0.929581, 6), "weibpdf": (0.035589, 6),
              "gamma": (1.329, 3), "gammaneg": (0.268, 3), "gammaln": (1.7917595, 7), "gd": (0.032639, 6),
              "gdc": (0.068094, 6), "ginv": (10.0000112, 7), "glnp": (1.791759, 6), "beta": (0.6854706, 7),
              "betapdf": (1.4837646, 7), "betainv": (2.0, 6), "betadist": (0.685470581, 9), "chi": (0.52049988, 8),
              "chipdf": (0.20755375, 8), "chirt": (0.0500006, 7), "chiinv": (3.283020287, 9), "chiinv2": (1.832581464, 9),
              "chiinvrt": (18.306973, 6), "t": (0.99469533, 8), "tpdf": (0.00073691, 8), "t2t": (0.054644930, 9),
              "trt": (0.027322, 6), "tinv": (0.8164966, 7), "tinv2": (0.606533, 6), "tdist": (0.054645, 6),
              "f": (0.99, 6), "fpdf": (0.0012238, 7), "frt": (0.01, 6), "finv": (0.10930991, 8), "finvrt": (15.20686, 5)}
    for name, (want, digits) in checks.items():
        assert near(v[name], want, digits), (name, v[name])


def test_tests_of_hypotheses_documented_examples(tmp_path):
    # T.TEST page: 3,4,5,8,9,1,2,4,5 / 6,19,3,2,14,4,5,17,1, two-tailed paired -> 0.196016.
    # F.TEST page: 6,7,9,15,21 / 20,28,31,38,40 -> 0.64831785. CHISQ.TEST page: actual
    # 58,35 / 11,25 / 10,23, expected 45.35,47.65 / 17.56,18.44 / 16.09,16.91 -> 0.0003082.
    data = {**column([3, 4, 5, 8, 9, 1, 2, 4, 5]), **column([6, 19, 3, 2, 14, 4, 5, 17, 1], "B"),
            **column([6, 7, 9, 15, 21], "C"), **column([20, 28, 31, 38, 40], "D")}
    v = formulas(tmp_path, data, {
        "t": "=T.TEST(A1:A9,B1:B9,2,1)", "ttest": "=TTEST(A1:A9,B1:B9,2,1)", "f": "=F.TEST(C1:C5,D1:D5)",
        "chi": "=CHISQ.TEST({58,35;11,25;10,23},{45.35,47.65;17.56,18.44;16.09,16.91})",
        "tbad": "=T.TEST(A1:A9,B1:B9,3,1)",
        # by hand, equal-variance two-sample t on 1,2,3 / 4,5,6: means 2 and 5, pooled var 1,
        # t = 3/sqrt(2/3) = 3.674235, df 4 -> two-tailed p = 0.021312 (t-table)
        "t2": "=T.TEST({1,2,3},{4,5,6},2,2)",
    })
    assert near(v["t"], 0.196016, 6) and v["ttest"] == v["t"] and near(v["f"], 0.64831785, 8)
    assert near(v["chi"], 0.0003082, 7) and v["tbad"] == "#NUM!" and near(v["t2"], 0.021312, 6)


def test_countif_criteria_as_excel_counts(tmp_path):
    # Rules from the values Excel saved in ironcalc/IronCalc xlsx/tests/calc_tests/STATISTICAL/
    # COUNTIF.xlsx (sheet Rows) and COUNTIFS.xlsx (sheet Rows2); this workbook rebuilds the
    # same columns. A: 23, "23", TRUE, 1, -23, "hey", FALSE (A2:A8). Y: #N/A, 12, #DIV/0!,
    # "#N/A", 0, "", "" (Y2:Y8). T: "Albert", #N/A, "#DIV/0!", #DIV/0!, #DIV/0! (T2:T6).
    data = {"A2": 23, "A3": "23", "A4": True, "A5": 1, "A6": -23, "A7": "hey", "A8": False,
            "Y2": "=NA()", "Y3": 12, "Y4": "=1/0", "Y5": '="#N/A"', "Y6": 0, "Y7": '=""', "Y8": '=""',
            "T2": "Albert", "T3": "=NA()", "T4": '="#DIV/0!"', "T5": "=1/0", "T6": "=1/0",
            "B1": 23, "K1": "=NA()", "K2": "=1/0", "K3": '="#N/A"'}
    v = formulas(tmp_path, data, {
        "num": "=COUNTIF($A$2:$A$8,B1)",  # Rows!C2: 2 (23 and the text "23")
        "eq": '=COUNTIFS($A$2:$A$8,"="&B1)',  # Rows2!D2: 2
        "ne": '=COUNTIF($A$2:$A$8,"<>"&B1)',  # Rows!E2: 6 (the text "23" is not 23 here)
        "lt": '=COUNTIF($A$2:$A$8,"<"&B1)',  # Rows!I2 on its data: 2 (1 and -23; no text)
        "lt_empty": '=COUNTIF($A$2:$A$8,"<"&C1)',  # Rows!I9: "<" and nothing after: 0
        "ge_empty": '=COUNTIFS($A$2:$A$8,">="&C1)',  # Rows2!O9: 0
        "na": "=COUNTIF($Y$2:$Y$8,K1)",  # Rows!AA2: an error criterion matches the error: 1
        "div0": "=COUNTIFS($T$2:$T$6,K2)",  # Rows2!T8: 2
        "na_text": '=COUNTIF($T$2:$T$6,"#N/A")',  # Rows!V9: text naming an error: the error, 1
        "div0_text": '=COUNTIF($T$2:$T$6,"#DIV/0!")',  # Rows!V10: 2 (not the text "#DIV/0!")
        "not_na": '=COUNTIF($Y$2:$Y$8,"<>"&K3)',  # Rows!AB4: 6
        "blank_crit": "=COUNTIF($Y$2:$Y$8,C1)",  # Rows!AA6: a blank criterion is 0: 1 here
        "nonblank": '=COUNTIF($Y$2:$Y$8,"<>")',  # Rows!AB5: 7 ("" counts as not blank)
    })
    assert v == {"num": 2.0, "eq": 2.0, "ne": 6.0, "lt": 2.0, "lt_empty": 0.0, "ge_empty": 0.0,
                 "na": 1.0, "div0": 2.0, "na_text": 1.0, "div0_text": 2.0, "not_na": 6.0,
                 "blank_crit": 1.0, "nonblank": 7.0}


def test_a_forms_mode_and_countblank_on_single_cells(tmp_path):
    # Values Excel saved in apache/poi test-data/spreadsheet/FormulaEvalTestData_Copy.xlsx
    # (sheet misc: A12 the text "TRUE", A16 "abc", B16 0; sheet EverythingTests row 936: B8 1,
    # B9 2, C9 1.1, D7 blank), EPPlus' FormulaTest.xlsx (ValidateFormulas!J16) and
    # ironcalc/IronCalc COUNT.xlsx (COUNTBLANK of one cell).
    data = {"A12": '="TRUE"', "A16": "abc", "B16": 0, "B8": 1, "B9": 2, "C9": 1.1}
    v = formulas(tmp_path, data, {
        "avga_ref": "=AVERAGEA(A12,2)",  # misc!A14: 1 (text in a cell counts 0)
        "avga_mix": '=AVERAGEA("1",1,A16,B16)',  # misc!A18: 0.5
        "avga_text": '=AVERAGEA("TRUE",1)',  # misc!A13: #VALUE! (text given directly)
        "avga_array": '=AVERAGEA({1;2;4;"Text";TRUE})',  # FormulaTest J16: 1.75
        "maxa": "=MAXA(A16,-1)",  # text in a cell is 0: 0 (EverythingTests!J888's rule)
        "mode_text": '=MODE(B8,"1",2,3)',  # EverythingTests!H936: #VALUE!
        "mode_blank": "=MODE(B9,2,D7)",  # M936: #VALUE!
        "mode_ok": "=MODE(1,1,2,3)",  # I936: 1
        "blank_one": "=COUNTBLANK(D7)",  # COUNT.xlsx C18: 1
        "blank_num": "=COUNTBLANK(B8)",  # B18: 0
        "sumx2py2_none": "=SUMX2PY2(A16:A17,D7:D8)",  # no number pairs: #DIV/0! (F1340)
        "t_range": "=T(A16:A17)",  # T of a reference: its first cell, "abc"
        "t_range_num": "=T(B8:B9)",  # "" (M1352)
    })
    assert v == {"avga_ref": 1.0, "avga_mix": 0.5, "avga_text": "#VALUE!", "avga_array": 1.75, "maxa": 0.0,
                 "mode_text": "#VALUE!", "mode_blank": "#VALUE!", "mode_ok": 1.0, "blank_one": 1.0,
                 "blank_num": 0.0, "sumx2py2_none": "#DIV/0!", "t_range": "abc", "t_range_num": ""}


def test_distribution_domains_as_excel_saved_them(tmp_path):
    # ironcalc/IronCalc xlsx/tests/calc_tests/STATISTICAL: BINOM.xlsx (BINOM.INV D3, D4, D25;
    # NEGBINOM.DIST E33; BINOM.DIST E37), POISSON.xlsx (D26), BETADIST_BETAINV.xlsx (H8),
    # PROB.xlsx (O2): values Excel saved
    v = formulas(tmp_path, {"A1": "Hi", "A2": "ho", "B1": "hi", "B2": "ho"}, {
        "binom.inv alpha 0": "=BINOM.INV(10,0.7,0)", "binom.inv alpha 1": "=BINOM.INV(10,0.7,1)",
        "binom.inv p 1": "=BINOM.INV(10,1,0.8)", "binom.inv": "=BINOM.INV(10,0.7,0.8)",  # #NUM! x3, 8
        "negbinom p 1": "=NEGBINOM.DIST(2,10,1,TRUE)",  # #NUM!
        "binom huge": "=BINOM.DIST(10000000000,1E+30,0.3,TRUE)",  # #NUM!
        "poisson tiny negative": "=POISSON.DIST(-0.000001,5,TRUE)",  # #NUM!
        "poisson tiny": "=POISSON.DIST(0.000001,5,TRUE)",  # 0.006737946999085467 (x truncated to 0)
        "beta.inv 1": "=BETA.INV(1,2,2.5,0.234,1.2)",  # #NUM!
        "prob text": "=PROB(A1:A2,B1:B2,1)",  # #DIV/0!
    })
    assert v["poisson tiny"] == pytest.approx(0.006737946999085467, rel=1e-12)
    del v["poisson tiny"]
    assert v == {"binom.inv alpha 0": "#NUM!", "binom.inv alpha 1": "#NUM!", "binom.inv p 1": "#NUM!",
                 "binom.inv": 8.0, "negbinom p 1": "#NUM!", "binom huge": "#NUM!",
                 "poisson tiny negative": "#NUM!", "beta.inv 1": "#NUM!", "prob text": "#DIV/0!"}
