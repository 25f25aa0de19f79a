"""Logical functions: SWITCH, XOR, AND/OR edge cases, IFS, TRUE/FALSE. Expected values are
Microsoft's documentation examples (support.microsoft.com, "<NAME> function") or worked out
by hand in the comments; where LibreOffice 7.4 was consulted it is said."""

from __future__ import annotations

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

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


def test_switch_documented_examples(tmp_path):
    # The SWITCH page's table: A2 is 2/22/2018 (a Thursday, WEEKDAY 5), A3 2, A4 99, A5 99,
    # A6 3, A7 3.
    v = run(tmp_path, {
        "A2": "=DATE(2018,2,22)", "A3": 2, "A4": 99, "A5": 99, "A6": 3, "A7": 3,
        "B2": '=_xlfn.SWITCH(WEEKDAY(A2),1,"Sunday",2,"Monday",3,"Tuesday","No match")',  # No match
        "B3": '=_xlfn.SWITCH(A3,1,"Sunday",2,"Monday",3,"Tuesday")',                      # Monday
        "B4": '=_xlfn.SWITCH(A4,1,"Sunday",2,"Monday",3,"Tuesday")',                      # #N/A
        "B5": '=_xlfn.SWITCH(A5,1,"Sunday",2,"Monday",3,"Tuesday","No match")',           # No match
        "B6": '=_xlfn.SWITCH(A6,1,"Sunday",7,"Saturday","weekday")',                      # weekday
        "B7": '=_xlfn.SWITCH(A7,1,"Sunday",2,"Monday",3,"Tuesday","No match")',           # Tuesday
    })
    assert [v[f"B{i}"] for i in range(2, 8)] == ["No match", "Monday", "#N/A", "No match", "weekday", "Tuesday"]


def test_switch_rules(tmp_path):
    # text compares case-insensitively; an error expression is the result; a result that is
    # an error is returned only when chosen (LibreOffice 7.4 agrees on these); an error
    # among the values, once reached, is the result (Excel's saved values in pycel's
    # logical.xlsx; LibreOffice skips it); fewer than three arguments: #VALUE!
    v = run(tmp_path, {
        "A1": 1,
        "B1": '=_xlfn.SWITCH("A","a",1,2)',            # 1
        "B2": "=_xlfn.SWITCH(1/0,1,2,3)",              # #DIV/0!
        "B3": '=_xlfn.SWITCH(1,1,"a",2,1/0)',          # a
        "B4": "=_xlfn.SWITCH(1,1,1/0,2)",              # #DIV/0!
        "B5": '=_xlfn.SWITCH(1,NA(),"a","b")',         # #N/A
        "B6": "=_xlfn.SWITCH(1,1)",                    # #VALUE!
        "B7": '=_xlfn.SWITCH(TRUE,A1>0,"pos",A1<0,"neg","zero")',  # pos
        "B8": '=_xlfn.SWITCH(1,"1","text one","number one")',  # "1" is text: no match, default
        # a blank is 0 here (pycel's logical.xlsx, Excel-saved): it matches 0, not FALSE nor ""
        "B9": '=_xlfn.SWITCH(Z1,0,"zero","other")', "B10": '=_xlfn.SWITCH(FALSE,Z1,"m")',
        "B11": '=_xlfn.SWITCH(Z1,"","m")', "B12": '=_xlfn.SWITCH(0,Z1,"m")',
        "C1": ArrayFormula("C1:C3", '=_xlfn.SWITCH({1;2;3},1,"a",2,"b","c")'),  # a, b, c
    })
    assert (v["B1"], v["B2"], v["B3"], v["B4"], v["B5"], v["B6"], v["B7"], v["B8"]) == (
        1.0, "#DIV/0!", "a", "#DIV/0!", "#N/A", "#VALUE!", "pos", "number one")
    assert (v["C1"], v["C2"], v["C3"]) == ("a", "b", "c")
    assert (v["B9"], v["B10"], v["B11"], v["B12"]) == ("zero", "#N/A", "#N/A", "m")


def test_xor_documented_example_and_rules(tmp_path):
    v = run(tmp_path, {
        "A1": 1, "A2": "abc", "A3": True, "A4": "=1/0",
        "B1": "=_xlfn.XOR(3>0,2<9)",      # documentation: both TRUE, FALSE
        "B2": "=_xlfn.XOR(3>12,4>6)",     # documentation: both FALSE, FALSE
        "B3": "=_xlfn.XOR(TRUE,FALSE,TRUE)",  # two TRUE: FALSE
        "B4": "=_xlfn.XOR(A1:A3)",        # 1 and TRUE count, text ignored: FALSE
        "B5": "=_xlfn.XOR(A1:A2)",        # one TRUE: TRUE
        "B6": "=_xlfn.XOR(A2)",           # no logical value: #VALUE!
        "B7": "=_xlfn.XOR(A1:A4)",        # an error in the range: #DIV/0!
        "B8": "=_xlfn.XOR({TRUE,FALSE,TRUE},TRUE)",  # three TRUE: TRUE
        "B9": '=_xlfn.XOR("x")',          # text given directly is ignored: no logical value, #VALUE!
        "B10": "=_xlfn.XOR(Z1)",          # a blank cell: no logical value, #VALUE!
        "B11": "=_xlfn.XOR(1,0,1)",       # FALSE
        # text given directly is ignored but "TRUE"/"FALSE" (values Excel saved in IronCalc's
        # AND_OR_XOR.xlsx and formulas' test.xlsx)
        "B12": '=AND("",TRUE)', "B13": '=OR("",FALSE)', "B14": '=_xlfn.XOR("",TRUE)', "B15": '=AND(TRUE,"0")',
        "B16": '=AND("TRUE")', "B17": '=OR("FALSE")', "B18": '=AND("0")', "B19": '=OR("","")',
    })
    assert (v["B1"], v["B2"], v["B3"], v["B4"], v["B5"], v["B6"]) == (False, False, False, False, True, "#VALUE!")
    assert (v["B7"], v["B8"], v["B9"], v["B10"], v["B11"]) == ("#DIV/0!", True, "#VALUE!", "#VALUE!", False)
    assert (v["B12"], v["B13"], v["B14"], v["B15"]) == (True, False, True, True)
    assert (v["B16"], v["B17"], v["B18"], v["B19"]) == (True, False, "#VALUE!", "#VALUE!")


def test_xor_filled_down_is_per_row(tmp_path):
    cells = {}
    for r in range(1, 31):
        cells[f"A{r}"] = r % 2 == 0
        cells[f"B{r}"] = r % 3 == 0
        cells[f"C{r}"] = f"=_xlfn.XOR(A{r},B{r})"
    v = run(tmp_path, cells)
    assert [v[f"C{r}"] for r in range(1, 31)] == [(r % 2 == 0) != (r % 3 == 0) for r in range(1, 31)]


def test_ifs_edge_cases(tmp_path):
    # the IFS page: IFS(A2>89,"A",A2>79,"B",A2>69,"C",A2>59,"D",TRUE,"F") for 93, 89, 50;
    # no condition TRUE: #N/A; a condition that is text: #VALUE!; an odd argument count:
    # Excel refuses the formula, the engine gives #VALUE!.
    grade = '=_xlfn.IFS({c}>89,"A",{c}>79,"B",{c}>69,"C",{c}>59,"D",TRUE,"F")'
    v = run(tmp_path, {"A2": 93, "A3": 89, "A4": 50, "B2": grade.format(c="A2"), "B3": grade.format(c="A3"),
                       "B4": grade.format(c="A4"), "C1": "=_xlfn.IFS(A2<0,1)", "C2": '=_xlfn.IFS("x",1)',
                       "C3": "=_xlfn.IFS(TRUE)", "C4": "=_xlfn.IFS(A2>0,1/0,TRUE,2)"})
    assert (v["B2"], v["B3"], v["B4"]) == ("A", "B", "F")
    assert (v["C1"], v["C2"], v["C3"], v["C4"]) == ("#N/A", "#VALUE!", "#VALUE!", "#DIV/0!")


def test_true_false_and_not(tmp_path):
    v = run(tmp_path, {"A1": "=TRUE()", "A2": "=FALSE()", "A3": "=NOT(TRUE())", "A4": "=TRUE()+1", "A5": '=NOT("x")'})
    assert (v["A1"], v["A2"], v["A3"], v["A4"], v["A5"]) == (True, False, False, 2.0, "#VALUE!")
