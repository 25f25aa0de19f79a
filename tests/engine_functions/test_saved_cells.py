"""Cells of public workbooks as Microsoft Excel saved them, recalculated here.

Each test rebuilds, in a fresh workbook, the few cells a formula of a public workbook reads
and expects the value Excel saved in that workbook's cell (typed into the test; the workbook
itself is not in git). The source of each value is cited beside it.
"""

from __future__ import annotations

import re
import zipfile

import openpyxl

from socroi_xl.engine import evaluate, recalc_path

from .book import run

IRONCALC_FLOOR = "IronCalc xlsx/tests/calc_tests/MATH_AND_TRIGONOMETRY/FLOOR_CEILING.xlsx"


def test_arguments_are_read_left_to_right_down_a_column(tmp_path):
    """A formula filled down a column whose first argument varies by row and whose second is
    a fixed cell holding an error: where the row's own argument fails, its error comes first
    (Excel reads the arguments left to right), elsewhere the fixed error is the result."""
    # IronCalc FLOOR_CEILING.xlsx, sheet FLOOR: A3 10, A17 ="", A24 =1/0; W2 =1/0, X2 =NA(), N2 =""
    cells = {"A1": 10, "A2": '=""', "A3": "=1/0", "A4": "=NA()", "W1": "=1/0", "X1": "=NA()", "N1": '=""'}
    for r in range(1, 5):
        cells[f"B{r}"] = f"=FLOOR($A{r},$W$1)"
        cells[f"C{r}"] = f"=FLOOR($A{r},$X$1)"
        cells[f"D{r}"] = f"=FLOOR($A{r},$N$1)"
        cells[f"E{r}"] = f"=CEILING.MATH($A{r},$W$1)"
    v = run(tmp_path, cells)
    # FLOOR!W3 #DIV/0!, W17 #VALUE!, X17 #VALUE!, N24 #DIV/0!, X24 #DIV/0!, X25 (NA(), NA()) #N/A
    assert [v["B1"], v["B2"], v["B3"], v["B4"]] == ["#DIV/0!", "#VALUE!", "#DIV/0!", "#N/A"]
    assert [v["C1"], v["C2"], v["C3"], v["C4"]] == ["#N/A", "#VALUE!", "#DIV/0!", "#N/A"]
    # FLOOR!N3 (10, "") #VALUE!, N24 #DIV/0!; CEILING!Y97 (10, 1/0) #DIV/0!, Y111 ("", 1/0) #VALUE!
    assert [v["D1"], v["D2"], v["D3"]] == ["#VALUE!", "#VALUE!", "#DIV/0!"]
    assert [v["E1"], v["E2"], v["E3"]] == ["#DIV/0!", "#VALUE!", "#DIV/0!"]


def test_date_text_with_spaces_around_is_not_a_number(tmp_path):
    # IronCalc FLOOR_CEILING.xlsx: FLOOR!B32 FLOOR("2024-01-10",1) 45301 ("Coerced text date"),
    # FLOOR!B33 FLOOR(" 2024-01-10 ",1) #VALUE! ("Non coerced text date"), FLOOR!B20
    # FLOOR(" 10 ",1) 10; CEILING!AG3 CEILING(10," 2024-01-10 ") #VALUE!
    v = run(tmp_path, {
        "A1": '="2024-01-10"', "A2": '=" 2024-01-10 "', "A3": '=" 10 "',
        "B1": "=FLOOR(A1,1)", "B2": "=FLOOR(A2,1)", "B3": "=FLOOR(A3,1)", "B4": "=CEILING(10,A2)",
    })  # fmt: skip
    assert [v["B1"], v["B2"], v["B3"], v["B4"]] == [45301.0, "#VALUE!", 10.0, "#VALUE!"]


def _saved_by(path, application: str) -> None:
    """Rewrite the extended properties of the workbook at ``path`` to name ``application``."""
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    parts["docProps/app.xml"] = re.sub(rb"<Application>[^<]*</Application>", b"<Application>" + application.encode() + b"</Application>", parts["docProps/app.xml"])
    with zipfile.ZipFile(path, "w") as zout:
        for n, data in parts.items():
            zout.writestr(n, data)


def _char_book(tmp_path, application: str | None) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, n in enumerate((128, 157, 160, 219, 240, 65), start=1):
        ws[f"A{i}"] = n
        ws[f"B{i}"] = f"=CHAR(A{i})"
        ws[f"C{i}"] = f"=CODE(B{i})"
    path = tmp_path / "chars.xlsx"
    wb.save(path)
    if application is not None:
        _saved_by(path, application)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def test_char_and_code_use_the_mac_character_set_in_a_workbook_saved_by_excel_for_mac(tmp_path):
    # formulas (vinci1it2000) test/test_files/test.xlsx, saved by "Microsoft Macintosh Excel"
    # (docProps/app.xml): CORE!B159 CHAR(128) "Ä", TEXT!S7 CHAR(157) "ù", CORE!B191 CHAR(160)
    # "†", CORE!B250 CHAR(219) "€", CORE!B271 CHAR(240) U+F8FF; CODE of each (column C) gives
    # the code back (CORE!C159 128, C250 219, C271 240)
    v = _char_book(tmp_path, "Microsoft Macintosh Excel")
    assert [v[f"B{i}"] for i in range(1, 7)] == ["Ä", "ù", "†", "€", "\uf8ff", "A"]
    assert [v[f"C{i}"] for i in range(1, 7)] == [128.0, 157.0, 160.0, 219.0, 240.0, 65.0]


def test_char_and_code_use_windows_1252_elsewhere(tmp_path):
    # Microsoft's CHAR page: Windows uses the ANSI character set (Windows-1252): 128 is "€",
    # 160 a no-break space, 219 "Û", 240 "ð" (the cp1252 table)
    v = _char_book(tmp_path, "Microsoft Excel")
    assert [v[f"B{i}"] for i in (1, 3, 4, 5)] == ["€", "\xa0", "Û", "ð"]
    assert [v[f"C{i}"] for i in (1, 3, 4, 5)] == [128.0, 160.0, 219.0, 240.0]


def test_a_carriage_return_is_written_so_that_it_reads_back_as_one(tmp_path):
    # formulas test/test_files/test.xlsx CORE!B44: CHAR(13), which Excel saved as
    # <v>_x000D_</v> (a carriage return; an XML parser would read a raw one as a line feed).
    # The engine writes the character reference &#13;, which every XML reader (Excel,
    # LibreOffice, openpyxl) delivers as a CR, without xml:space as Excel does.
    src = tmp_path / "cr.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=CHAR(13)"
    wb.save(src)
    recalc_path(src, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<v>&#13;</v>" in sheet
    assert openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True).active["A1"].value == "\r"
    out = run(tmp_path, {"A1": "=CHAR(13)", "B1": "=CODE(A1)"})
    assert out["A1"] == "\r" and out["B1"] == 13.0


def test_rounding_looks_at_fifteen_significant_digits(tmp_path):
    # formulas test/test_files/test.xlsx, sheet EXTRA: E64 -0.39999999999999947, C64
    # TRUNC(E64,1) -0.3; E74 -0.2999999999999994, C74 -0.2; E94 -0.09999999999999924, C94 0;
    # E60 -0.4399999999999995, C60 -0.4 (TRUNC works on the 15 digits Excel shows)
    v = run(tmp_path, {
        # as formulas: openpyxl writes numbers with 16 digits, these need 17
        "A1": "=-0.39999999999999947", "A2": "=-0.2999999999999994", "A3": "=-0.09999999999999924", "A4": "=-0.4399999999999995",
        "B1": "=TRUNC(A1,1)", "B2": "=TRUNC(A2,1)", "B3": "=TRUNC(A3,1)", "B4": "=TRUNC(A4,1)",
        # Microsoft's ROUND page: ROUND(2.15,1) 2.2, ROUND(2.149,1) 2.1, ROUND(-1.475,2) -1.48
        "C1": "=ROUND(2.15,1)", "C2": "=ROUND(2.149,1)", "C3": "=ROUND(-1.475,2)",
        # Microsoft's ROUNDDOWN page: ROUNDDOWN(3.14159,3) 3.141; ROUNDUP(-3.14159,1) -3.2
        "D1": "=ROUNDDOWN(3.14159,3)", "D2": "=ROUNDUP(-3.14159,1)",
    })  # fmt: skip
    assert [v["B1"], v["B2"], v["B3"], v["B4"]] == [-0.3, -0.2, 0.0, -0.4]
    assert [v["C1"], v["C2"], v["C3"], v["D1"], v["D2"]] == [2.2, 2.1, -1.48, 3.141, -3.2]


def test_complex_numbers_as_excel_writes_and_checks_them(tmp_path):
    # formulas test/test_files/test.xlsx, sheet ENGINEERING: S35 IMCOT("13+5j")
    # "0.0000692442674613868-1.00005873951153j" (written out, not 6.92442674613868E-05);
    # T38 IMDIV("3.1+2j","-3+2i") #NUM! and T51 IMSUB("3.1+2j","-3+2i") #NUM! (suffixes
    # mixed), while IMSUM mixing them is #VALUE! (S52); X44 IMPRODUCT(TRUE,"yvj") #VALUE!,
    # W44 IMPRODUCT("yvj",blank) #NUM!
    v = run(tmp_path, {
        "A1": "13+5j", "A2": "3.1+2j", "A3": "-3+2i", "A4": True, "A5": "yvj",
        "B1": "=IMCOT(A1)", "B2": "=IMDIV(A2,A3)", "B3": "=IMSUB(A2,A3)", "B4": "=IMSUM(A2:A3)",
        "B5": "=IMPRODUCT(A4,A5)", "B6": "=IMPRODUCT(A5,A6)",
    })  # fmt: skip
    assert v["B1"] == "0.0000692442674613868-1.00005873951153j"
    assert [v["B2"], v["B3"], v["B4"], v["B5"], v["B6"]] == ["#NUM!", "#NUM!", "#VALUE!", "#VALUE!", "#NUM!"]


def test_numbervalue_reads_parentheses_and_checks_its_separators(tmp_path):
    # formulas test/test_files/test.xlsx, sheet TEXT, as Excel saved them
    v = run(tmp_path, {
        "B1": '=NUMBERVALUE("(2.500,27)",",",".")',  # R27: -2500.27
        "B2": '=NUMBERVALUE("(2,500.27%)%",".",",.,")',  # U27: -0.250027
        "B3": '=NUMBERVALUE("(,25,,0,0.27E + 6%)%",".",",.,")',  # V27: -250027
        "B4": '=NUMBERVALUE("(-2500.27E+2%)%",".",",.,")',  # R28: #VALUE!
        "B5": '=NUMBERVALUE("(2,500.27)",",",".")',  # S27: #VALUE!
        "B6": '=NUMBERVALUE("1","2",A1)',  # AC28 (A1 blank): #VALUE!
        "B7": '=NUMBERVALUE("(2500,27E+6%)%",",")',  # W28: -250027
        "B8": '=NUMBERVALUE("250)027",")")',  # U28: 250.027
    })  # fmt: skip
    assert [v[f"B{i}"] for i in range(1, 9)] == [-2500.27, -0.250027, -250027.0, "#VALUE!", "#VALUE!", "#VALUE!", -250027.0, 250.027]


def test_fixed_to_a_power_of_ten_beyond_the_number_is_zero(tmp_path):
    # formulas test/test_files/test.xlsx TEXT!S18: FIXED("123456789076754345682.2121234567832131341",
    # -128000) "0"; V18 (-3 decimals) "123,456,789,076,754,000,000"; T18 (128 decimals) #VALUE!
    big = '"123456789076754345682.2121234567832131341"'
    v = run(tmp_path, {"B1": f"=FIXED({big},-128000)", "B2": f"=FIXED({big},-3)", "B3": f"=FIXED({big},128)"})
    assert [v["B1"], v["B2"], v["B3"]] == ["0", "123,456,789,076,754,000,000", "#VALUE!"]


def test_text_with_a_raw_carriage_return_reads_as_xml_reads_it(tmp_path):
    # formulas test/test_files/test.xlsx TEXT!I8 holds the characters 1-31, CR LF written raw in
    # the shared string (an XML parser reads a line feed): X8 LEN(I8)-LEN(CLEAN(I8)) is 31
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "a\tb\nc"
    ws["B1"] = "=LEN(A1)"
    ws["C1"] = "=LEN(A1)-LEN(CLEAN(A1))"
    path = tmp_path / "crlf.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    part = next(n for n in parts if n.startswith("xl/") and b"a\tb\nc" in parts[n])
    parts[part] = parts[part].replace(b"a\tb\nc", b"a\tb\r\nc")
    with zipfile.ZipFile(path, "w") as zout:
        for n, data in parts.items():
            zout.writestr(n, data)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert [v["B1"], v["C1"]] == [5.0, 2.0]


# formulas test/test_files/test.xlsx, sheet STATISTICAL, every row alike from column C: 0-ish
# numbers in C:G, a blank H, text I, TRUE J, then the errors #VALUE! #N/A #DIV/0! #NAME?
# #NULL! #NUM! #REF! in K:Q
_ROW = {"C": 0.0, "D": 0.1, "E": 0.2, "F": 0.3, "G": -0.1, "I": "13/01/1900", "J": True}
_ERRORS = {"K": "=#VALUE!", "L": "=NA()", "M": "=1/0", "N": "=NAME_UNKNOWN()", "O": "=A1 B1", "P": "=SQRT(-1)", "Q": "=#REF!"}


def _row(extra: dict[str, str]) -> dict[str, object]:
    cells: dict[str, object] = {f"{c}1": v for c, v in _ROW.items()}
    cells.update({f"{c}1": v for c, v in _ERRORS.items()})
    cells.update(extra)
    return cells


def test_two_sample_functions_read_errors_pair_by_pair(tmp_path):
    v = run(tmp_path, _row({
        "A3": "=INTERCEPT(K1:M1,M1:O1)",  # Z55: #VALUE!
        "B3": "=INTERCEPT(J1:L1,L1:N1)",  # Y55: #N/A (TRUE, #N/A is the first pair)
        "C3": "=INTERCEPT(O1:S1,K1:O1)",  # AD55: #NUM! (the #NULL! pair is passed over)
        "D3": "=SLOPE(O1:Q1,Q1:S1)",  # AD94: #NUM!
        "E3": "=STEYX(P1:Q1,R1:S1)",  # AE101: #NUM!
        "F3": "=COVARIANCE.P(J1:L1,L1:N1)",  # Y26: #N/A
        "G3": "=PEARSON(O1:P1,Q1:R1)",  # AD77: #NUM!
        "H3": "=F.TEST(J1:K1,L1:M1)",  # Y34: #VALUE! (independent samples: the first one first)
        "I3": "=F.TEST(O1:P1,Q1:R1)",  # AD34: #NUM!
        "J3": "=CHISQ.TEST(J1:K1,L1:M1)",  # Y17: #VALUE!
        "K3": "=CHISQ.TEST(G1:I1,H1:J1)",  # V17: #DIV/0! (no pair of numbers)
        "L3": "=CHISQ.TEST(D1,F1)",  # U17: #N/A
    }))  # fmt: skip
    assert [v[f"{c}3"] for c in "ABCDEFGHIJKL"] == [
        "#VALUE!", "#N/A", "#NUM!", "#NUM!", "#NUM!", "#N/A", "#NUM!", "#VALUE!", "#NUM!", "#VALUE!", "#DIV/0!", "#N/A",
    ]  # fmt: skip


def test_chisq_test_takes_same_sized_ranges_of_any_shape(tmp_path):
    # STATISTICAL!R17: CHISQ.TEST(C16:D17,E14:E17) over 10, 0.1 / 10, 3.2 and 0.7 four times
    # is 9.66041305483331E-58 (one degree of freedom, from the 2x2 actual range)
    v = run(tmp_path, {"A1": 10, "B1": 0.1, "A2": 10, "B2": 3.2, "C1": 0.7, "C2": 0.7, "C3": 0.7, "C4": 0.7,
                       "D1": "=CHISQ.TEST(A1:B2,C1:C4)"})  # fmt: skip
    assert abs(v["D1"] / 9.66041305483331e-58 - 1) < 1e-9


def test_regressions_over_error_cells_are_value_errors(tmp_path):
    v = run(tmp_path, _row({
        "C1": 4.0, "G1": 5.0,  # rows 58 and 59 begin 4, 0.1, 0.2, 0.3, 5
        "A3": "=INDEX(LINEST(L1:N1,N1:P1,0,0),1,1)",  # AB58: #VALUE!
        "B3": "=INDEX(LINEST(C1:E1,E1:G1,L1,0),1,1)",  # Z58: #VALUE! (const #N/A)
        "C3": "=INDEX(LOGEST(M1:O1,O1:Q1,0,0),1,1)",  # AC59: #VALUE!
        "D3": "=INDEX(LINEST(E1:G1,C1:E1,0,0),1,1)",  # AG58: 0.11401869158878508
        "E3": "=INDEX(TREND({2;3;4;21;2},{2,1;2,2;5,3;2,4;4,1},L1:M2),1,1)",  # AA113: #VALUE!
        "F3": "=INDEX(GROWTH({2;3;4;21;2},{2,1;2,2;5,3;2,4;4,1},O1:P2),1,1)",  # AD51: #VALUE!
    }))  # fmt: skip
    assert [v["A3"], v["B3"], v["C3"], v["E3"], v["F3"]] == ["#VALUE!"] * 5
    assert abs(v["D3"] - 0.11401869158878508) < 1e-12


def test_statistical_edge_cases_as_excel_saved_them(tmp_path):
    v = run(tmp_path, {
        "A1": 2.2, "A2": -0.1, "B1": 4, "B2": 3.2, "B3": 0.7, "C1": 4, "C3": "text",
        "D1": "=QUARTILE(A1:A2,A2)",  # COMPATIBILITY!U32: #NUM! (quart -0.1)
        "D2": "=T.DIST(0,,)",  # STATISTICAL!R102: #DIV/0!
        "D3": "=T.DIST(1,0,TRUE)",  # IronCalc T_DIST.xlsx D24: #NUM!
        "D4": "=HYPGEOM.DIST(0,,,,)",  # STATISTICAL!R54: 1
        "D5": "=HYPGEOM.DIST(0,0,4,4,1)",  # W54: 1
        "D6": "=HYPGEOM.DIST(5,10,30,7,FALSE)",  # S54: #NUM!
        "D7": "=Z.TEST(B2:B3,2,0)",  # Z.TEST(D121:E121,F121,0): #NUM!
        "D8": "=Z.TEST(C1:C3,C2,2)",  # Z.TEST(G121:I121,H121,2): #DIV/0! (one number)
        "D9": "=SUM(MUNIT({1,2;3,4;7,8}))",  # CORE!P31: 6
        "D10": "=SUM(MUNIT({1,#NUM!;3,4;7,8}))",  # CORE!Q32: #NUM!
        "D11": "=INDEX(EXPAND({1},E1),1,1)",  # LOOKUP!W19: #VALUE! (E1 blank: 0 rows)
    })  # fmt: skip
    assert [v[f"D{i}"] for i in range(1, 12)] == [
        "#NUM!", "#DIV/0!", "#NUM!", 1.0, 1.0, "#NUM!", "#NUM!", "#DIV/0!", 6.0, "#NUM!", "#VALUE!",
    ]  # fmt: skip


def test_ranges_are_read_row_by_row_and_added_one_after_the_other(tmp_path):
    v = run(tmp_path, {
        # pycel tests/fixtures/npv.xlsx, sheet NPV: G3 0.08, H3:I4 = 1, 3 / 2, 4; B3 NPV(G3,H3:I4)
        # 8.025726280057427, as NPV(G3,H3,I3,H4,I4) (A3)
        "G3": 0.08, "H3": 1, "I3": 3, "H4": 2, "I4": 4, "B3": "=NPV(G3,H3:I4)",
        # POI FormulaEvalTestData_Copy.xlsx EverythingTests!D180: AVERAGE over these twenty
        # numbers, row by row, is -4.089355473190933E-09 (Excel adds them in turn)
        "A10": 0, "B10": 0, "A11": 1, "B11": 1e-05, "A12": 2, "B12": 1.1, "A13": 534, "B13": 1.00001,
        "A14": 9999999999, "B14": 2.99999, "A15": -9999999999, "B15": 999999.99999, "A16": -534,
        "B16": -999999.99999, "A17": -2, "B17": -2.99999, "A18": -1, "B18": -1.00001, "A19": -1.1,
        "B19": -1e-05, "C10": "=AVERAGE(A10:B19)",
    })  # fmt: skip
    assert abs(v["B3"] / 8.025726280057427 - 1) < 1e-15
    assert v["C10"] == -4.089355473190933e-09


def test_percentof_mode_and_frequency_as_excel_saved_them(tmp_path):
    # formulas test/test_files/test.xlsx, as Excel saved them
    v = run(tmp_path, {
        "A1": 2, "B1": 2.3, "C1": -0.2, "D1": -2, "E1": "=NA()",
        "A3": "=PERCENTOF(A1:C1,B1:D1)",  # MATH & TRIG!S49: 41.00000000000014
        "B3": "=PERCENTOF(A1:C1,D1:E1)",  # Y49 and the like: an error is #NUM!
        # STATISTICAL row 71, D:G = 0.1, 0.2, 0.3, -0.1: S71 MODE.SNGL(D71:E71,E71:F71,F71:G71,"") 0.2
        "D7": 0.1, "E7": 0.2, "F7": 0.3, "G7": -0.1, "C3": '=MODE.SNGL(D7:E7,E7:F7,F7:G7,"")',
        # row 69, D:J = 0.1, 0.1, 0.3, -0.1, blank, text, TRUE: AG69
        # MODE.MULT(H69:J69,D69:I69,E69:G69,F69:H69,) #VALUE! (the omitted last argument)
        "D8": 0.1, "E8": 0.1, "F8": 0.3, "G8": -0.1, "I8": "29/02/1900", "J8": True,
        "D3": "=INDEX(MODE.MULT(H8:J8,D8:I8,E8:G8,F8:H8,),1,1)",
        "A5": 1, "B5": 2, "C5": 3, "D5": 0, "E5": -1,
        "F5": "=INDEX(FREQUENCY(A5:E5,G5),1,1)",  # STATISTICAL!W43: 2 (a blank bin is 0)
    })  # fmt: skip
    assert abs(v["A3"] - 41.00000000000014) < 1e-12
    assert [v["B3"], v["C3"], v["D3"], v["F5"]] == ["#NUM!", 0.2, "#VALUE!", 2.0]


def test_trigonometry_reduces_angles_with_the_x87_pi(tmp_path):
    v = run(tmp_path, {
        "A1": "=TAN(PI()/2)",  # IronCalc xlsx/tests/docs/TAN.xlsx B8: 1.6324552277619072E+16
        "A2": "=TAN(-3*PI()/2)",  # B2: -5441517425873024
        "A3": "=TAN(PI())",  # B9: -1.22514845490862E-16
        "A4": "=SEC(PI()/2-0.000000000001)",  # TRIGONOMETRIC.xlsx COT_CSC_SEC!D34: 999849864538.9548
        "A5": "=SEC(PI()/2+0.000000000001)",  # D35: -999972357604.5276
        "A6": "=COT(PI()/2-0.000000000001)",  # B34: 1.0001501580050864E-12
        "A7": "=SIN(PI())*1E16",  # Excel's well-known SIN(PI()): 1.22514845490862E-16
        "A8": "=TAN(0.5)",  # TAN.xlsx B7: 0.5463024898437905
    })  # fmt: skip
    expected = [1.6324552277619072e16, -5441517425873024.0, -1.22514845490862e-16, 999849864538.9548,
                -999972357604.5276, 1.0001501580050864e-12, 1.22514845490862, 0.5463024898437905]  # fmt: skip
    for i, want in enumerate(expected, start=1):
        assert abs(v[f"A{i}"] / want - 1) < 1e-13, (i, v[f"A{i}"], want)


def test_references_at_the_sheet_edges(tmp_path):
    v = run(tmp_path, {
        "A1": 1, "A2": 2, "J21": "XFE:XFE", "J20": "XFD:XFD",
        "B1": "=ROWS(C:C)",  # IronCalc ROW_COLUM.xlsx ROWS_COLUMNS!A6: 1048576
        "B2": "=COLUMNS(C:C)",  # B6: 1
        "B3": "=ROW(INDIRECT(J21))",  # ROW_COLUMN!K21: #REF! (no column XFE)
        "B4": "=COLUMN(INDIRECT(J20))",  # a column that exists: 16384
        "B5": "=SUBTOTAL(2,#REF!)",  # EPPlus FormulaTest.xlsx ValidateFormulas!H19: #REF!
        "B6": "=SUBTOTAL(3,#REF!)",  # H20: #REF!
    })  # fmt: skip
    assert [v[f"B{i}"] for i in range(1, 7)] == [1048576.0, 1.0, "#REF!", 16384.0, "#REF!", "#REF!"]


def test_substitute_refuses_a_logical_instance_number(tmp_path):
    # formulas test/test_files/test.xlsx CORE: T14 "0, 1.9,2.3,10,-1,ciao, TRUE", AB13 -1, AB12
    # blank, AB11 TRUE: SUBSTITUTE(T14,AB13,AB12,AB11) is #VALUE! (AB14); with V13 1, V12 5 and
    # V11 1.9 it is "0, 5.9,2.3,10,-1,ciao, TRUE" (V14)
    v = run(tmp_path, {
        "A1": "0, 1.9,2.3,10,-1,ciao, TRUE", "B1": -1, "B3": True, "C1": 1, "C2": 5, "C3": 1.9,
        "D1": "=SUBSTITUTE(A1,B1,B2,B3)", "D2": "=SUBSTITUTE(A1,C1,C2,C3)",
    })  # fmt: skip
    assert [v["D1"], v["D2"]] == ["#VALUE!", "0, 5.9,2.3,10,-1,ciao, TRUE"]


def test_sheet_of_a_sheet_name_given_as_text(tmp_path):
    # IronCalc xlsx/tests/calc_test_no_export/tables.xlsx, as Excel saved it: SHEET("Hidden")
    # 3 (a hidden sheet counts), SHEET(1) #N/A; SHEET_SHEETS.xlsx: SHEET(0) and SHEET("") #N/A
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    wb.create_sheet("Filters")
    wb.create_sheet("Hidden").sheet_state = "hidden"
    ws["A1"] = '=SHEET("Hidden")'
    ws["A2"] = '=SHEET("filters")'
    ws["A3"] = "=SHEET(1)"
    ws["A4"] = "=SHEET(0)"
    ws["A5"] = '=SHEET("")'
    ws["A6"] = '=SHEET("Nowhere")'
    ws["A7"] = "=SHEET(Filters!B2)"
    path = tmp_path / "sheets.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert [v[f"A{i}"] for i in range(1, 8)] == [3.0, 2.0, "#N/A", "#N/A", "#N/A", "#N/A", 2.0]
