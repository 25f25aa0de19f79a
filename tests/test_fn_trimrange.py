"""TRIMRANGE and the trim references (``A1.:.E10`` and its kin, which Excel stores as
``_xlfn._TRO_ALL(A1:E10)``, ``_TRO_LEADING``, ``_TRO_TRAILING``: EPPlus's wiki, "Trim reference
operator").

Expected values are those Excel saved in public workbooks, typed here with their cells:
vinci1it2000/formulas ``test/test_files/test.xlsx`` sheet LOOKUP rows 135-139 (Excel 16), and
ironcalc/IronCalc ``xlsx/tests/calc_tests/LOOKUP_AND_REFERENCE/TRIMRANGE.xlsx`` (Excel 16 for
Mac); the trim references are checked against TRIMRANGE with the trim numbers Microsoft's
documentation gives for each ("TRIMRANGE function": ``.:.`` is 3,3; ``.:`` 1,1; ``:.`` 2,2).
"""

from __future__ import annotations

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate


def _run(tmp_path, cells: dict[str, object]) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, v in cells.items():
        ws[ref] = ArrayFormula(v[0], v[1]) if isinstance(v, tuple) else v
    path = tmp_path / "b.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


# formulas' test.xlsx LOOKUP!D135:H139 (blank cells left out)
DATA = {"D135": 0, "D136": 1, "F136": 4, "H136": 5, "E137": 3, "F137": 4, "H137": 5, "D138": 2, "G138": 5}


def col(v: dict, letter: str, first: int, last: int) -> list[object]:
    return [v.get(f"{letter}{r}") for r in range(first, last + 1)]


def test_trimrange_as_excel_saved_it(tmp_path):
    v = _run(tmp_path, {
        **DATA,
        "R135": ("R135:R138", "=_xlfn.TRIMRANGE(C135:D139,3,3)"),
        "S135": ("S135:T139", "=_xlfn.TRIMRANGE(D135:E139,1,3)"),
        "U135": ("U135:V138", "=_xlfn.TRIMRANGE(F135:G139,1,2)"),
        "W135": ("W135", '=_xlfn.TRIMRANGE(F135:G139,"3.3",2)'),
        "X135": ("X135:Y137", '=_xlfn.TRIMRANGE(G135:H139,"3",2)'),
        "Z135": ("Z135", "=_xlfn.TRIMRANGE(G135:H139,2.3,2)"),
        "AA135": ("AA135:AB135", "=_xlfn.TRIMRANGE(G135:H139,{1,1},2)"),
        "AC135": ("AC135:AC136", "=_xlfn.TRIMRANGE(G135:H139,{1;3},2)"),
        "AD135": ("AD135:AE138", '=_xlfn.TRIMRANGE(F135:G139,"1",2)'),
        "AG135": ("AG135", '=_xlfn.TRIMRANGE(G135:H139,"3",2)'),
        "Z136": ("Z136", "=_xlfn.TRIMRANGE(K135:L139,3,3)"),
    })
    assert col(v, "R", 135, 138) == [0, 1, 0, 2]  # column C blank: trimmed; row 139 blank: trimmed
    assert col(v, "S", 135, 139) == [0, 1, 0, 2, 0] and col(v, "T", 135, 139) == [0, 0, 3, 0, 0]
    assert col(v, "U", 135, 138) == [4, 4, 0, 0] and col(v, "V", 135, 138) == [0, 0, 5, 0]
    assert v["W135"] == "#VALUE!"  # "3.3": not a whole number
    assert col(v, "X", 135, 137) == [0, 0, 5] and col(v, "Y", 135, 137) == [5, 5, 0]
    assert v["Z135"] == "#VALUE!"  # 2.3 too
    assert [v["AA135"], v["AB135"], v["AC135"], v["AC136"]] == ["#VALUE!"] * 4  # an array of trims
    assert col(v, "AD", 135, 138) == [4, 4, 0, 0] and col(v, "AE", 135, 138) == [0, 0, 5, 0]
    assert v["AG135"] == 0  # one cell: the first of G136:H138
    assert v["Z136"] == "#REF!"  # nothing but blanks


def test_trimrange_of_whole_columns_is_a_reference(tmp_path):
    # IronCalc's TRIMRANGE.xlsx: A3=1, B3=2, A4=3, B5=4, A7=7, B9="Hola"; H3:H5 = 1, 2, 3.
    # TRIMRANGE(A3:C22) is A3:B9 (E3:F9 in Excel's file); TRIMRANGE(H:H) is H3:H5 and
    # SUM(ANCHORARRAY(J3)) over its spill 6.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, val in {"A3": 1, "B3": 2, "A4": 3, "B5": 4, "A7": 7, "B9": "Hola", "H3": 1, "H4": 2, "H5": 3}.items():
        ws[ref] = val
    ws["E3"] = ArrayFormula("E3:F9", "=_xlfn.TRIMRANGE(A3:C22)")
    ws["J3"] = ArrayFormula("J3:J5", "=_xlfn.TRIMRANGE(H:H)")
    ws["K3"] = "=SUM(_xlfn.TRIMRANGE(H:H))"
    ws["K4"] = "=ROWS(_xlfn.TRIMRANGE(H:H))"
    path = tmp_path / "b.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert col(v, "E", 3, 9) == [1, 3, 0, 0, 7, 0, 0]
    assert col(v, "F", 3, 9) == [2, 0, 4, 0, 0, 0, "Hola"]
    assert col(v, "J", 3, 5) == [1, 2, 3]
    assert v["K3"] == 6 and v["K4"] == 3


def test_trim_references_as_excel_stores_them(tmp_path):
    # D1:D5 = blank, 1, blank, 2, blank: .:. keeps D2:D4 (3 rows), .: keeps D2:D5 (4), :. D1:D4 (4)
    v = _run(tmp_path, {
        "D2": 1, "D4": 2,
        "F1": "=ROWS(_xlfn._TRO_ALL(D1:D5))", "F2": "=ROWS(_xlfn.TRIMRANGE(D1:D5,3,3))",
        "F3": "=ROWS(_xlfn._TRO_LEADING(D1:D5))", "F4": "=ROWS(_xlfn.TRIMRANGE(D1:D5,1,1))",
        "F5": "=ROWS(_xlfn._TRO_TRAILING(D1:D5))", "F6": "=ROWS(_xlfn.TRIMRANGE(D1:D5,2,2))",
        "F7": "=SUM(_xlfn._TRO_ALL(D:D))",
    })
    assert [v["F1"], v["F2"], v["F3"], v["F4"], v["F5"], v["F6"]] == [3, 3, 4, 4, 4, 4]
    assert v["F7"] == 3


def test_trim_references_typed_in_a_formula(tmp_path):
    # the operators themselves, as a formula given as text may carry them (Excel writes the
    # _TRO_ calls above): same data as above, D1:D5 = blank, 1, blank, 2, blank
    v = _run(tmp_path, {
        "D2": 1, "D4": 2,
        "F1": "=ROWS(D1.:.D5)", "F2": "=ROWS(D1.:D5)", "F3": "=ROWS(D1:.D5)",
        "F4": "=SUM(D:.D)", "F5": '=LEN("D1.:.D5")', "F6": "=ROWS(S!$D$1.:.$D$5)",
    })
    assert [v["F1"], v["F2"], v["F3"], v["F4"], v["F5"], v["F6"]] == [3, 4, 4, 3, 7, 3]
