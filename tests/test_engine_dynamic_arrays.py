"""Dynamic arrays as Excel 365 stores them (a formula cell with cell metadata ``cm`` and
``<f t="array">``): the result spills from the formula's cell, ``#SPILL!`` where the range is
not empty, ``A1#`` is the spilled range; LET, LAMBDA (also kept in a defined name), MAP,
REDUCE, SCAN, BYROW, BYCOL, MAKEARRAY, ISOMITTED.

The workbooks are written with XlsxWriter, which stores dynamic-array formulas exactly as
Excel does (``cm="1"``, ``xl/metadata.xml`` with XLDAPR). Expected values are hand-computed
in the comments.
"""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from socroi_xl.engine import evaluate, recalc_path
from socroi_xl.engine.functions import SPECS
from socroi_xl.engine.functions.spec import function

xlsxwriter = pytest.importorskip("xlsxwriter")


def build(path, cells: dict[str, object], dynamic: dict[str, str] | None = None, names: dict[str, str] | None = None):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for ref, v in cells.items():
        if isinstance(v, str) and v.startswith("="):
            ws.write_formula(ref, v)
        else:
            ws.write(ref, v)
    for ref, f in (dynamic or {}).items():
        ws.write_dynamic_array_formula(ref, f)
    for name, text in (names or {}).items():
        wb.define_name(name, text)
    wb.close()
    return path


def run(tmp_path, cells, dynamic=None, names=None):
    path = build(tmp_path / "da.xlsx", cells, dynamic, names)
    df = evaluate(path)
    out = dict(zip(df["cell"], df["value"], strict=True))
    out["warnings"] = df.attrs["warnings"]
    return out


DATA = {"A1": 3, "A2": 1, "A3": 2}


def test_an_array_result_spills_and_a1_hash_is_the_spilled_range(tmp_path):
    # D1 = A1:A3*2 spills D1:D3 = 6, 2, 4; E1 = SUM(D1#) = 12; E2 = ROWS(D1#) = 3;
    # F1 = {1,2;3,4} spills F1:G2.
    v = run(tmp_path, {**DATA, "E1": "=SUM(_xlfn.ANCHORARRAY(D1))", "E2": "=ROWS(D1#)"},
            {"D1": "=A1:A3*2", "F1": "=({1,2;3,4})"})
    assert [v["D1"], v["D2"], v["D3"]] == [6.0, 2.0, 4.0]
    assert v["E1"] == 12.0 and v["E2"] == 3.0
    assert [v["F1"], v["G1"], v["F2"], v["G2"]] == [1.0, 2.0, 3.0, 4.0]
    assert not v["warnings"]


def test_a_formula_reading_the_spill_range_by_address_sees_it_whole(tmp_path):
    # The file says D1's range is D1 alone (as if saved before the data grew); E1 reads D1:D3
    # by address: the spill must be computed before E1: 6 + 2 + 4 = 12.
    v = run(tmp_path, {**DATA, "E1": "=SUM(D1:D3)", "E2": "=D3*10"}, {"D1": "=A1:A3*2"})
    assert v["E1"] == 12.0 and v["E2"] == 40.0


def test_a_spill_into_a_column_with_no_cell_in_the_file_is_seen_by_its_readers(tmp_path):
    # SEQUENCE(2,2) at A1 spills A1:B2 = 1, 2 / 3, 4; column B has no cell in the file, and
    # the formulas reading it come first in the file's order (read before the spill, then
    # read again): B1+B2 = 2 + 4 = 6, SUM(A1#) = SUM(A1:B2) = 10, A2+B2 = 3 + 4 = 7.
    # (Before: 0, 4, 4 and 3 — the spilled column stayed blank to them, silently.)
    v = run(tmp_path, {"D1": "=B1+B2", "D2": "=SUM(A1#)", "D3": "=SUM(A1:B2)", "D4": "=A2+B2"},
            {"A1": "=_xlfn.SEQUENCE(2,2)"})
    assert [v["A1"], v["B1"], v["A2"], v["B2"]] == [1.0, 2.0, 3.0, 4.0]
    assert [v["D1"], v["D2"], v["D3"], v["D4"]] == [6.0, 10.0, 10.0, 7.0]


def test_a_blocked_spill_is_spill_error(tmp_path):
    # D2 holds a value: D1's three results cannot spill: #SPILL! in D1 (and a warning);
    # D1# is then #REF!.
    v = run(tmp_path, {**DATA, "D2": "in the way", "E1": "=SUM(D1#)"}, {"D1": "=A1:A3*2"})
    assert v["D1"] == "#SPILL!"
    assert v["E1"] == "#REF!"
    assert any("spill blocked" in w and "S!D1" in w for w in v["warnings"])


def test_a_spill_onto_another_formula_is_blocked(tmp_path):
    v = run(tmp_path, {**DATA, "D3": "=1+1"}, {"D1": "=A1:A3*2"})
    assert v["D1"] == "#SPILL!" and v["D3"] == 2.0


def test_a_one_value_dynamic_formula_does_not_spill(tmp_path):
    # D1 = SUM = 6, one value: no spill, D2 below stays free; D2 spills D2:D4 = 6, 2, 4
    v = run(tmp_path, DATA, {"D1": "=SUM(A1:A3)", "D2": "=A1:A3*2"})
    assert v["D1"] == 6.0
    assert [v["D2"], v["D3"], v["D4"]] == [6.0, 2.0, 4.0]


def test_dynamic_formulas_filled_down_are_evaluated_as_a_column(tmp_path):
    # 300 rows of =A*2 marked dynamic (Excel 365 marks many formulas so): no spill, 2r each.
    cells = {f"A{r}": r for r in range(1, 301)}
    v = run(tmp_path, cells, {f"B{r}": f"=A{r}*2" for r in range(1, 301)})
    assert [v["B1"], v["B150"], v["B300"]] == [2.0, 300.0, 600.0]


def test_let(tmp_path):
    # LET(x, A1, y, A2, x*10+y) = 3*10+1 = 31 (stored with _xlpm. as Excel writes it)
    v = run(tmp_path, DATA, {"C1": "=_xlfn.LET(_xlpm.x,A1,_xlpm.y,A2,_xlpm.x*10+_xlpm.y)",
                             "C2": "=LET(total,SUM(A1:A3),total/3)",   # 6/3 = 2
                             "C3": "=LET(x,A1:A3,x*2)",                # a range bound to a name: spills 6, 2, 4
                             "C6": "=LET(x,1,x,2)"})                   # no calculation (an even count): #VALUE!
    assert v["C1"] == 31.0
    assert v["C2"] == 2.0
    assert [v["C3"], v["C4"], v["C5"]] == [6.0, 2.0, 4.0]
    assert v["C6"] == "#VALUE!"


def test_lambda_called_directly_by_name_and_in_let(tmp_path):
    v = run(tmp_path, DATA, {
        "C1": "=_xlfn.LAMBDA(_xlpm.x,_xlpm.x*_xlpm.x)(4)",          # 16
        "C2": "=Square(5)",                                        # a LAMBDA kept in a name: 25
        "C3": "=LET(f,LAMBDA(a,b,a-b),f(10,3))",                   # 7
        "C4": "=LAMBDA(x,x)",                                      # not called: #CALC!
        "C5": "=LAMBDA(x,x)(1,2)",                                 # too many arguments: #VALUE!
        "C6": "=LAMBDA(a,[b],IF(ISOMITTED(b),a,a+b))(1)",          # b omitted: 1
        "C7": "=LAMBDA(a,[b],IF(ISOMITTED(b),a,a+b))(1,2)",        # 3
        "C8": "=Fact(5)",                                          # recursive: 120
    }, names={"Square": "=_xlfn.LAMBDA(_xlpm.x, _xlpm.x*_xlpm.x)",
              "Fact": "=_xlfn.LAMBDA(_xlpm.n, IF(_xlpm.n<=1, 1, _xlpm.n*Fact(_xlpm.n-1)))"})
    assert v["C1"] == 16.0 and v["C2"] == 25.0 and v["C3"] == 7.0
    assert v["C4"] == "#CALC!" and v["C5"] == "#VALUE!"
    assert v["C6"] == 1.0 and v["C7"] == 3.0
    assert v["C8"] == 120.0


def test_map_reduce_scan_byrow_bycol_makearray(tmp_path):
    v = run(tmp_path, DATA, {
        "C1": "=MAP(A1:A3,LAMBDA(v,v*10))",                  # 30, 10, 20
        "D1": "=REDUCE(0,A1:A3,LAMBDA(a,v,a+v))",            # 6
        "E1": "=SCAN(0,A1:A3,LAMBDA(a,v,a+v))",              # 3, 4, 6
        "F1": "=BYROW({1,2;3,4},LAMBDA(r,SUM(r)))",          # 3; 7
        "G1": "=BYCOL({1,2;3,4},LAMBDA(c,SUM(c)))",          # 4, 6 (G1:H1)
        "G5": "=MAKEARRAY(2,3,LAMBDA(r,c,r*10+c))",          # 11 12 13 / 21 22 23
        "D5": "=MAP(A1:A3,{10;20;30},LAMBDA(a,b,a+b))",      # 13, 21, 32
        "D9": "=REDUCE(,A1:A3,LAMBDA(a,v,MAX(a,v)))",        # initial omitted (0): 3
        "D10": "=BYROW(A1:A3,LAMBDA(r,r*{1,2}))",            # a row result that is an array: #CALC!
    })
    assert [v["C1"], v["C2"], v["C3"]] == [30.0, 10.0, 20.0]
    assert v["D1"] == 6.0
    assert [v["E1"], v["E2"], v["E3"]] == [3.0, 4.0, 6.0]
    assert [v["F1"], v["F2"]] == [3.0, 7.0]
    assert [v["G1"], v["H1"]] == [4.0, 6.0]
    assert [v["G5"], v["H5"], v["I5"], v["G6"], v["H6"], v["I6"]] == [11.0, 12.0, 13.0, 21.0, 22.0, 23.0]
    assert [v["D5"], v["D6"], v["D7"]] == [13.0, 21.0, 32.0]
    assert v["D9"] == 3.0
    assert v["D10"] == "#CALC!"


def test_a_function_declared_to_return_an_array_spills(tmp_path):
    # A test-only function returning its argument's values twice as a column: (x, 2x, 3x).
    name = "TEST_SPILL_THRICE"

    @function(name, "number", category="math", returns="array")
    def thrice(x: float) -> np.ndarray:
        "Three multiples (test only)."
        return np.array([[x], [2 * x], [3 * x]])

    try:
        v = run(tmp_path, DATA, {"C1": f"={name}(A1)"}, )
        assert [v["C1"], v["C2"], v["C3"]] == [3.0, 6.0, 9.0]
    finally:
        SPECS.pop(name)


def test_the_written_file_holds_the_spilled_values(tmp_path):
    path = build(tmp_path / "w.xlsx", DATA, {"D1": "=A1:A3*2"})
    out = tmp_path / "out.xlsx"
    recalc_path(path, out)
    import openpyxl

    ws = openpyxl.load_workbook(out, data_only=True)["S"]
    assert [ws["D1"].value, ws["D2"].value, ws["D3"].value] == [6, 2, 4]
    with zipfile.ZipFile(out) as zf:
        assert b'cm="1"' in zf.read("xl/worksheets/sheet1.xml")


def test_an_ordinary_formula_with_an_array_result_shows_its_first_element(tmp_path):
    # Not a dynamic array (no cell metadata): {1,2,3} shows 1, as Excel before 365 and
    # Excel 365 on a legacy formula.
    v = run(tmp_path, {"A1": "=({1,2,3})", "A2": "=MAKEARRAY(2,2,LAMBDA(r,c,r+c))"})
    assert v["A1"] == 1.0 and v["A2"] == 2.0


def test_a_socroi_function_returning_a_table_spills(tmp_path):
    # SOCROI_FUNNEL of 100, 50, 10 gives the step rates 50/100 = 0.5 and 10/50 = 0.2 as a
    # column: in a dynamic-array formula they spill C1:C2.
    v = run(tmp_path, {"A1": 100, "A2": 50, "A3": 10}, {"C1": "=SOCROI_FUNNEL(A1:A3)"})
    assert [v["C1"], v["C2"]] == [0.5, 0.2]



def test_cells_of_a_saved_spill_range_written_as_empty_formulas(tmp_path):
    # Excel 365 writes the spilled cells of a volatile dynamic array as <f ca="1"/>: they are
    # part of the anchor's range, not formulas of their own (no "empty formula" warning).
    path = build(tmp_path / "s.xlsx", DATA, {"C1": "=A1:A3*2"})
    patched = tmp_path / "p.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'ref="C1"', b'ref="C1:C3"')
                data = data.replace(b'<c r="A2"><v>1</v></c>', b'<c r="A2"><v>1</v></c><c r="C2"><f ca="1"/><v>99</v></c>')
                data = data.replace(b'<c r="A3"><v>2</v></c>', b'<c r="A3"><v>2</v></c><c r="C3"><f ca="1"/><v>99</v></c>')
            dst.writestr(info, data)
    df = evaluate(patched)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert [v["C1"], v["C2"], v["C3"]] == [6.0, 2.0, 4.0]
    assert df.attrs["warnings"] == []


def test_a_function_passed_by_name(tmp_path):
    # Excel stores BYROW(A1:B2,SUM) as BYROW(A1:B2,_xleta.SUM): rows 1+2 and 3+4; REDUCE
    # with SUM(acc, v) at each step: 0+1+2+3+4 = 10.
    v = run(tmp_path, {"A1": 1, "B1": 2, "A2": 3, "B2": 4},
            {"F1": "=BYROW(A1:B2,_xleta.SUM)", "G1": "=REDUCE(0,A1:B2,_xleta.SUM)"})
    assert [v["F1"], v["F2"]] == [3.0, 7.0]
    assert v["G1"] == 10.0


def test_lambda_helpers_refuse_what_excel_refuses(tmp_path):
    # As Excel saved them in the `formulas` project's test workbook: MAKEARRAY with zero rows
    # or with "1" (text) columns is #VALUE!; MAP whose arrays include a LAMBDA is #VALUE!.
    v = run(tmp_path, DATA, {"C1": "=MAKEARRAY(0,1,LAMBDA(x,y,x+y))", "C2": '=MAKEARRAY(2,"1",LAMBDA(x,y,x+y))',
                             "C3": "=MAP({1,2;3,3},LAMBDA(a,a+1),LAMBDA(b,b))"})
    assert v["C1"] == v["C2"] == v["C3"] == "#VALUE!"


def test_line_breaks_in_a_formula_are_white_space(tmp_path):
    # Alt+Enter in Excel's formula bar: =IF(<CR><LF>A2=1,<CR><LF>1,<CR><LF>2) with A2 = 1 is 1;
    # a line break inside a text is kept: LEN("a<LF>b") = 3.
    v = run(tmp_path, {"A2": 1, "B1": "=IF(\r\n\r\nA2=1,\r\n\r\n1,\r\n\r\n2 )", "B2": '=LEN("a\nb")'})
    assert v["B1"] == 1.0 and v["B2"] == 3.0


def test_criteria_ranges_lift_in_a_dynamic_array_and_intersect_otherwise(tmp_path):
    # A1:A4 = a, b, a, c; B1:B4 = 1, 2, 3, 4; D1:D2 = "a", "c".
    # Dynamic array: SUMIF(A1:A4,D1:D2,B1:B4) gives one sum per criterion: 1+3 = 4, 4.
    # Ordinary formula in row 2: the criterion is D2 ("c"): 4; in row 5 there is no criterion
    # cell: the criterion is #VALUE!, and an error criterion matches the cells holding that
    # error (Excel's saved values in IronCalc's COUNTIF.xlsx; the known COUNTIF(range,NA())
    # idiom): none here, so 0. (LibreOffice 7.4 propagates the error instead: #VALUE!.)
    cells = {"A1": "a", "A2": "b", "A3": "a", "A4": "c", "B1": 1, "B2": 2, "B3": 3, "B4": 4, "D1": "a", "D2": "c",
             "G2": "=SUMIF(A1:A4,D1:D2,B1:B4)", "G5": "=SUMIF(A1:A4,D1:D2,B1:B4)"}
    v = run(tmp_path, cells, {"F1": "=SUMIF(A1:A4,D1:D2,B1:B4)"})
    assert [v["F1"], v["F2"]] == [4.0, 4.0]
    assert v["G2"] == 4.0 and v["G5"] == 0.0


def test_a_whole_row_spills_whole(tmp_path):
    # =Data!1:1 in A1 of another sheet spills 16,384 cells: the three values, then blanks
    # shown as 0 (as Excel saved xlcalculator's reader.xlsm).
    path = tmp_path / "row.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    data = wb.add_worksheet("Data")
    data.write_row("A1", ["h1", "h2", "h3"])
    out = wb.add_worksheet("Out")
    out.write_dynamic_array_formula("A1", "=Data!1:1")
    wb.close()
    df = evaluate(path)
    v = {c: x for s, c, x in zip(df["sheet"], df["cell"], df["value"], strict=True) if s == "Out"}
    assert [v["A1"], v["B1"], v["C1"], v["D1"], v["XFD1"]] == ["h1", "h2", "h3", 0.0, 0.0]
    assert len(v) == 16384


def test_makearray_over_an_array_of_sizes_gives_each_first_element(tmp_path):
    # formulas' test.xlsx LOGICAL!R14:AF14, saved by Excel: {=MAKEARRAY(C14:Q14,1,LAMBDA(x,y,
    # x+1+y))} with C14:J14 = 0, 2, 2.3, 3, -1, (blank), "text", TRUE is #VALUE!, 3, #VALUE!,
    # 3, #VALUE!, #VALUE!, #VALUE!, 3: one MAKEARRAY per size, its first element (1+1+1);
    # a size that is not a positive whole number (or TRUE) is #VALUE!
    sizes = {"C1": 0, "D1": 2, "E1": 2.3, "F1": 3, "G1": -1, "I1": "text", "J1": True}
    v = run(tmp_path, sizes, {"C2": "=MAKEARRAY(C1:J1,1,LAMBDA(x,y,x+1+y))"})
    got = [v[f"{c}2"] for c in "CDEFGHIJ"]
    assert got == ["#VALUE!", 3.0, "#VALUE!", 3.0, "#VALUE!", "#VALUE!", "#VALUE!", 3.0]


def test_lambda_arguments_written_empty_and_optional_parameters(tmp_path):
    # IronCalc's ISOMITTED.xlsx, saved by Excel: an argument written empty is omitted
    # (ISOMITTED is TRUE) even for a required parameter; _xlop.b is how files store an
    # optional parameter [b]: with A5 = 12, B5 = 3 the calls give 12/2 = 6 and 12*3 = 36
    v = run(tmp_path, {"A5": 12, "B5": 3}, {
        "A1": '=LAMBDA(_xlpm.x,_xlpm.y,IF(ISOMITTED(_xlpm.y),"Missing second argument",_xlpm.x+_xlpm.y))(1,)',
        "A6": "=LAMBDA(_xlpm.a,_xlop.b,IF(ISOMITTED(_xlpm.b),_xlpm.a/2,_xlpm.a*_xlpm.b))(A5)",
        "A7": "=LAMBDA(_xlpm.a,_xlop.b,IF(ISOMITTED(_xlpm.b),_xlpm.a/2,_xlpm.a*_xlpm.b))(A5,B5)",
        "A8": "=LAMBDA(_xlpm.x,_xlpm.y,_xlpm.x+_xlpm.y)(1)",  # too few arguments: #VALUE!
    })
    assert v["A1"] == "Missing second argument"
    assert (v["A6"], v["A7"], v["A8"]) == (6.0, 36.0, "#VALUE!")


def test_sort_orders_errors_by_their_number_and_sequence_rows_may_be_empty(tmp_path):
    # formulas' test.xlsx LOOKUP!U119:AH119 (saved by Excel): SORT by columns of
    # {#VALUE!,1,3,2,2,"b",#DIV/0!,#N/A,#NAME?,#REF!,#NULL!,TRUE,FALSE,#NUM!} is 1, 2, 2, 3,
    # "b", FALSE, TRUE, #NULL!, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #N/A (errors by
    # ERROR.TYPE); IronCalc's SORT.xlsx: descending, #N/A, #NAME?, #DIV/0!; its SEQUENCE.xlsx:
    # SEQUENCE(,12,,2.5) is one row 1, 3.5, ..., 28.5
    v = run(tmp_path, {}, {
        "A1": '=SORT({#VALUE!,1,3,2,2,"b",#DIV/0!,#N/A,#NAME?,#REF!,#NULL!,TRUE,FALSE,#NUM!},1,1,TRUE)',
        "B10": "=SORT({#DIV/0!;#N/A;#NAME?},1,-1)",
        "A5": "=SEQUENCE(,12,,2.5)",
    })
    row = [v[c + "1"] for c in "ABCDEFGHIJKLMN"]
    assert row == [1.0, 2.0, 2.0, 3.0, "b", False, True, "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]
    assert [v["B10"], v["B11"], v["B12"]] == ["#N/A", "#NAME?", "#DIV/0!"]
    assert [v[c + "5"] for c in "ABCDEFGHIJKL"] == [1.0 + 2.5 * i for i in range(12)]
