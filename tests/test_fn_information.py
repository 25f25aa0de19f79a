"""Information functions: Microsoft's documentation examples (support.microsoft.com, "<NAME>
function") and cases worked out by hand in the comments; where LibreOffice 7.4 was consulted
(tests/golden/fn_lookup.json) it is said."""

from __future__ import annotations

import os

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate


def run(tmp_path, cells: dict[str, object], sheets: dict[str, dict[str, object]] | None = None, name: str = "book.xlsx", warnings: bool = False):
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
    out = {(c if s == "S" else f"{s}!{c}"): v for s, c, v in zip(df["sheet"], df["cell"], df["value"], strict=True)}
    return (out, df.attrs["warnings"]) if warnings else out


def test_error_type_documented_example_and_codes(tmp_path):
    v = run(tmp_path, {
        "A2": "=A1:A3 B1:B3",  # the intersection of two ranges that do not meet: #NULL!
        "B2": '=IF(ERROR.TYPE(A2)<3,CHOOSE(ERROR.TYPE(A2),"Ranges do not intersect","The divisor is zero"))',
        "C1": "=ERROR.TYPE(1/0)", "C2": '=ERROR.TYPE("x"+1)', "C3": "=ERROR.TYPE(NA())",
        "C4": "=ERROR.TYPE(SQRT(-1))", "C5": "=ERROR.TYPE(5)", "C6": "=ERROR.TYPE(#REF!)",
    })
    assert v["B2"] == "Ranges do not intersect"
    # #DIV/0! 2, #VALUE! 3, #N/A 7, #NUM! 6, not an error: #N/A, #REF! 4
    assert (v["C1"], v["C2"], v["C3"], v["C4"], v["C5"], v["C6"]) == (2.0, 3.0, 7.0, 6.0, "#N/A", 4.0)


def test_type_documented_example(tmp_path):
    v = run(tmp_path, {
        "A2": "Smith",
        "B1": "=TYPE(A2)",          # text: 2
        "B2": '=TYPE("MR. "&A2)',   # 2
        "B3": "=TYPE(2+A2)",        # #VALUE! is an error: 16
        "B4": "=TYPE({1,2;3,4})",   # an array: 64
        "B5": "=TYPE(TRUE)",        # a logical value: 4
        "B6": "=TYPE(Z9)",          # a blank cell reads as a number: 1
        "B7": "=TYPE(A2:A3)",       # a multi-cell reference: #VALUE! (LibreOffice agrees)
        # ... an array in an array formula, every cell (formulas' test.xlsx, Excel-saved)
        "B8": ArrayFormula("B8:C8", "=TYPE(A2:A3)"),
    })
    assert (v["B1"], v["B2"], v["B3"], v["B4"], v["B5"], v["B6"], v["B7"]) == (2.0, 2.0, 16.0, 64.0, 4.0, 1.0, "#VALUE!")
    assert (v["B8"], v["C8"]) == (64.0, 64.0)


def test_iseven_isodd_documented_examples(tmp_path):
    v = run(tmp_path, {
        "A5": "=DATE(2011,12,23)",
        "B1": "=ISEVEN(-1)", "B2": "=ISEVEN(2.5)", "B3": "=ISEVEN(5)", "B4": "=ISEVEN(0)",
        "B5": "=ISEVEN(A5)",  # 40900: TRUE
        "C1": "=ISODD(-1)", "C2": "=ISODD(2.5)", "C3": "=ISODD(5)",
        "D1": '=ISEVEN("x")',  # not numeric: #VALUE!
        "D2": "=ISODD(-3.7)",  # truncated to -3: TRUE
        "D3": "=ISEVEN(Z9)",   # a blank cell is 0: TRUE
        "E1": ArrayFormula("E1:E3", "=ISODD({1;2;3})"),  # TRUE, FALSE, TRUE
    })
    assert (v["B1"], v["B2"], v["B3"], v["B4"], v["B5"]) == (False, True, False, True, True)
    assert (v["C1"], v["C2"], v["C3"]) == (True, False, True)
    assert (v["D1"], v["D2"], v["D3"]) == ("#VALUE!", True, True)
    assert (v["E1"], v["E2"], v["E3"]) == (True, False, True)


def test_isref_isformula(tmp_path):
    v = run(tmp_path, {
        "A2": "=SUM(1,2)", "A3": 7, "A4": "Hello, world!", "A5": "=3/0",
        "B1": "=ISREF(G8)", "B2": "=ISREF(1)", "B3": "=ISREF(A2:A5)", "B4": "=ISREF(NA())",
        "B5": "=ISREF(INDEX(A2:A5,2))",  # INDEX returns a reference: TRUE
        # the ISFORMULA page: a formula TRUE, a constant FALSE, text FALSE, a formula that is
        # an error TRUE
        "C2": "=_xlfn.ISFORMULA(A2)", "C3": "=_xlfn.ISFORMULA(A3)", "C4": "=_xlfn.ISFORMULA(A4)",
        "C5": "=_xlfn.ISFORMULA(A5)", "C6": "=_xlfn.ISFORMULA(Z9)",
        # a range in an array formula: one answer per cell (formulas' test.xlsx, Excel-saved)
        "D1": ArrayFormula("D1:D4", "=_xlfn.ISFORMULA(A2:A5)"),
    })
    assert (v["B1"], v["B2"], v["B3"], v["B4"], v["B5"]) == (True, False, True, False, True)
    assert (v["C2"], v["C3"], v["C4"], v["C5"], v["C6"]) == (True, False, False, True, False)
    assert (v["D1"], v["D2"], v["D3"], v["D4"]) == (True, False, False, True)


def test_cell_documented_example(tmp_path):
    v = run(tmp_path, {
        "A2": 75, "A3": "Hello, world!",
        "B1": '=CELL("row",A20)',        # 20
        "B2": '=CELL("type",A2)',        # a value: "v"
        "B3": '=CELL("contents",A3)',    # Hello, world!
        "B4": '=CELL("type",A3)',        # text: "l"
        "B5": '=CELL("type",Z9)',        # blank: "b"
        "B6": '=CELL("address",B2:C9)',  # the first cell: $B$2
        "B7": '=CELL("col",D5)',         # 4
        "B8": '=CELL("row")',            # the formula's own cell: 8
        "B9": '=CELL("bogus",A2)',       # not an info_type: #VALUE!
        "B10": '=CELL("address",Other!C3)',  # another sheet: [book.xlsx]Other!$C$3
    }, {"Other": {"C3": 1}})
    assert (v["B1"], v["B2"], v["B3"], v["B4"], v["B5"], v["B6"], v["B7"], v["B8"], v["B9"]) == (
        20.0, "v", "Hello, world!", "l", "b", "$B$2", 4.0, 8.0, "#VALUE!")
    assert v["B10"] == "[book.xlsx]Other!$C$3"


def test_cell_filename_is_the_path_the_book_is_read_from(tmp_path):
    # Excel: the full path, the file name in brackets, the sheet name
    v = run(tmp_path, {"A1": '=CELL("filename",A1)', "A2": '=CELL("filename",Data!A1)'}, {"Data": {}}, name="Budget.xlsx")
    folder = os.path.abspath(tmp_path)
    assert v["A1"] == f"{folder}{os.sep}[Budget.xlsx]S"
    assert v["A2"] == f"{folder}{os.sep}[Budget.xlsx]Data"


def test_cell_format_information_is_named_as_not_evaluated(tmp_path):
    # cell formats, widths and protection are not read by the engine: the cell is not given a
    # plausible value but an error, and the warning names it
    v, warnings = run(tmp_path, {"A1": 5, "B1": '=CELL("format",A1)', "B2": '=CELL("width",A1)'}, warnings=True)
    assert v["B1"] in ("#VALUE!", "#NAME?") and v["B2"] in ("#VALUE!", "#NAME?")
    assert any('CELL("format")' in w for w in warnings) and any('CELL("width")' in w for w in warnings)


def test_sheet_and_sheets(tmp_path):
    v = run(tmp_path, {
        "A1": "=_xlfn.SHEET()",            # this sheet is the first: 1
        "A2": "=_xlfn.SHEET(Third!B2)",    # 3
        "A3": "=_xlfn.SHEETS()",           # 3 sheets
        "A4": "=_xlfn.SHEETS(Second:Third!A1)",  # a 3-D reference over two sheets: 2
        "A5": "=_xlfn.SHEETS(C3)",         # 1
    }, {"Second": {"A1": 1}, "Third": {"A1": 2}})
    assert (v["A1"], v["A2"], v["A3"], v["A4"], v["A5"]) == (1.0, 3.0, 3.0, 2.0, 1.0)


def test_sheet_of_a_sheet_name_as_text(tmp_path):
    # Excel reads SHEET("Second") as 2 (IronCalc's tables.xlsx: SHEET("Hidden") is 3, as Excel
    # saved it; more in tests/engine_functions/test_saved_cells.py)
    v = run(tmp_path, {"A1": '=_xlfn.SHEET("Second")'}, {"Second": {}})
    assert v["A1"] == 2.0


def test_na_and_is_functions(tmp_path):
    v = run(tmp_path, {"A1": "=NA()", "B1": "=ISNA(A1)", "B2": "=ISERR(A1)", "B3": "=ISERROR(A1)",
                       "B4": "=ISNONTEXT(Z1)", "B5": '=ISTEXT("")', "B6": "=ISLOGICAL(1=1)"})
    assert (v["A1"], v["B1"], v["B2"], v["B3"], v["B4"], v["B5"], v["B6"]) == ("#N/A", True, False, True, True, True, True)
