"""GROUPBY and PIVOTBY against the values Excel saved.

Every expected block below is the value Excel 16 saved in vinci1it2000/formulas'
``test/test_files/test.xlsx`` (EUPL-1.1, not redistributed: the data and the saved values are
typed here), at the sheet and cells named in each case, for the formula as Excel stored it.
The data tables are that workbook's LOOKUP!C25:K43 and LOOKUP!C93:L111 (LOOKUP!I98 and L96
hold #VALUE!, LOOKUP!L91 #N/A). Each formula is entered here as an array formula over the
range its result spilled into in Excel.
"""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate

#: LOOKUP!C25:K43 (row fields C:E, column fields F:H, values I:J, filter K)
DATA_25 = [
    ['row-2', 'row-1', 'row-3', 'col-1', 'col-2', 'col-3', 'val1', 'val2', 'filter'],
    ['r2', 'r2-1', 'r2-1-1', 'b', 'd', 'c1-2-1', 1, 5, 1],
    ['r2', 'r2-2', 'r2-2-2', 'b', 'f', 'c1-1-2', 6, 9, 0],
    ['r3', 'r1-1', 'r1-1-2', 'b', 'd', 'c1-2-2', -9, 8, 0],
    ['r2', 'r2-2', 'r2-2-1', 'b', 'd', 'c1-2-2', -1, 7, 1],
    ['r3', 'r1-2', 'r1-2-2', 'b', 'd', 'c1-2-1', 6, 3, 0],
    ['r2', 'r2-1', 'r2-1-2', 'b', 'd', 'c1-2-1', 3, -7, 0],
    ['r3', 'r1-2', 'r1-2-1', 'a', 'e', 'c2-1-2', 7, -4, 1],
    ['r2', 'r2-2', 'r2-2-2', 'a', 'e', 'c2-1-2', -4, 1, 0],
    ['r2', 'r2-1', 'r2-1-2', 'a', 'e', 'c2-1-2', -7, 6, 0],
    ['r2', 'r2-2', 'r2-2-1', 'a', 'g', 'c2-2-2', 9, -9, 1],
    ['r2', 'r2-2', 'r2-2-2', 'b', 'd', 'c1-2-1', 7, -1, 1],
    ['r2', 'r2-2', 'r2-2-1', 'a', 'g', 'c2-2-2', 5, 7, 1],
    ['r3', 'r1-1', 'r1-1-2', 'b', 'f', 'c1-1-1', 9, 3, 1],
    ['r2', 'r2-1', 'r2-1-2', 'a', 'e', 'c2-1-1', 8, -7, 1],
    ['r3', 'r1-2', 'r1-2-2', 'a', 'e', 'c2-1-2', 8, -4, 1],
    ['r2', 'r2-2', 'r2-2-2', 'a', 'g', 'c2-2-1', -6, -7, 0],
    ['r3', 'r1-2', 'r1-2-2', 'b', 'd', 'c1-2-1', 1, -1, 0],
    ['r3', 'r1-1', 'r1-1-2', 'b', 'd', 'c1-2-2', -2, -2, 0],
]

#: LOOKUP!C93:L111 (as above, a second filter column L)
DATA_93 = [
    ['row-2', 'row-1', 'row-3', 'col-1', 'col-2', 'col-3', 'val1', 'val2', 'filter', None],
    ['r2', 'r2-1', 'r2-1-1', 'b', 'd', 'c1-2-1', 1, 5, 1, 1],
    ['r2', 'r2-2', 'r2-2-2', 'b', 'f', 'c1-1-2', 6, 9, 0, 1],
    ['r3', 'r1-1', 'r1-1-2', 'b', 'd', 'c1-2-2', -9, 8, 0, '#VALUE!'],
    ['r2', 'r2-2', 'r2-2-1', 'b', 'd', 'c1-2-2', -1, 7, 1, 1],
    ['r3', 'r1-2', 'r1-2-2', 'b', 'd', 'c1-2-1', '#VALUE!', 3, 0, 0],
    ['r2', 'r2-1', 'r2-1-2', 'b', 'd', 'c1-2-1', 3, -7, 0, 0],
    ['r3', 'r1-2', 'r1-2-1', 'a', 'e', 'c2-1-2', 7, -4, 1, 1],
    ['r2', 'r2-2', 'r2-2-2', 'a', 'e', 'c2-1-2', -4, 1, 0, 0],
    ['r2', 'r2-1', 'r2-1-2', 'a', 'e', 'c2-1-2', -7, 6, 0, 0],
    ['r2', 'r2-2', 'r2-2-1', 'a', 'g', 'c2-2-2', 9, -9, 1, 1],
    ['r2', 'r2-2', 'r2-2-2', 'b', 'd', 'c1-2-1', 7, -1, 1, 1],
    ['r2', 'r2-2', 'r2-2-1', 'a', 'g', 'c2-2-2', 5, 7, 1, 1],
    ['r3', 'r1-1', 'r1-1-2', 'b', 'f', 'c1-1-1', 9, 3, 1, 1],
    ['r2', 'r2-1', 'r2-1-2', 'a', 'e', 'c2-1-1', 8, -7, 1, 1],
    ['r3', 'r1-2', 'r1-2-2', 'a', 'e', 'c2-1-2', 8, -4, 1, 0],
    ['r2', 'r2-2', 'r2-2-2', 'a', 'g', 'c2-2-1', -6, -7, 0, 0],
    ['r3', 'r1-2', 'r1-2-2', 'b', 'd', 'c1-2-1', 1, -1, 0, 0],
    ['r3', 'r1-1', 'r1-1-2', 'b', 'd', 'c1-2-2', -2, -2, 0, 0],
]

#: (sheet, range Excel's result filled, formula, Excel's saved values)
CASES = [
    ("LOOKUP", "M25:Q39", '=_xlfn.GROUPBY(C25:E43,I25:J43,_xleta.SUM,3, 3)', [
            ['row-2', 'row-1', 'row-3', 'val1', 'val2'],
            ['r2', 'r2-1', 'r2-1-1', 1, 5],
            ['r2', 'r2-1', 'r2-1-2', 4, -8],
            ['r2', 'r2-1', '', 5, -3],
            ['r2', 'r2-2', 'r2-2-1', 13, 5],
            ['r2', 'r2-2', 'r2-2-2', 3, 2],
            ['r2', 'r2-2', '', 16, 7],
            ['r2', '', '', 21, 4],
            ['r3', 'r1-1', 'r1-1-2', -2, 9],
            ['r3', 'r1-1', '', -2, 9],
            ['r3', 'r1-2', 'r1-2-1', 7, -4],
            ['r3', 'r1-2', 'r1-2-2', 15, -2],
            ['r3', 'r1-2', '', 22, -6],
            ['r3', '', '', 20, 3],
            ['Grand Total', '', '', 41, 7],
        ]),
    ("LOOKUP", "S25:W39", '=_xlfn.GROUPBY(C25:E43,I25:J43,_xleta.PERCENTOF,3, 3)', [
            ['row-2', 'row-1', 'row-3', 'val1', 'val2'],
            ['r2', 'r2-1', 'r2-1-1', 0.024390243902439025, 0.7142857142857143],
            ['r2', 'r2-1', 'r2-1-2', 0.0975609756097561, -1.1428571428571428],
            ['r2', 'r2-1', '', 0.12195121951219512, -0.42857142857142855],
            ['r2', 'r2-2', 'r2-2-1', 0.3170731707317073, 0.7142857142857143],
            ['r2', 'r2-2', 'r2-2-2', 0.07317073170731707, 0.2857142857142857],
            ['r2', 'r2-2', '', 0.3902439024390244, 1],
            ['r2', '', '', 0.5121951219512195, 0.5714285714285714],
            ['r3', 'r1-1', 'r1-1-2', -0.04878048780487805, 1.2857142857142858],
            ['r3', 'r1-1', '', -0.04878048780487805, 1.2857142857142858],
            ['r3', 'r1-2', 'r1-2-1', 0.17073170731707318, -0.5714285714285714],
            ['r3', 'r1-2', 'r1-2-2', 0.36585365853658536, -0.2857142857142857],
            ['r3', 'r1-2', '', 0.5365853658536586, -0.8571428571428571],
            ['r3', '', '', 0.4878048780487805, 0.42857142857142855],
            ['Grand Total', '', '', 1, 1],
        ]),
    ("LOOKUP", "Y25:AC32", '=_xlfn.GROUPBY(C25:E43,I25:J43,_xleta.AVERAGE)', [
            ['r2', 'r2-1', 'r2-1-1', 1, 5],
            ['r2', 'r2-1', 'r2-1-2', 1.3333333333333333, -2.6666666666666665],
            ['r2', 'r2-2', 'r2-2-1', 4.333333333333333, 1.6666666666666667],
            ['r2', 'r2-2', 'r2-2-2', 0.75, 0.5],
            ['r3', 'r1-1', 'r1-1-2', -0.6666666666666666, 3],
            ['r3', 'r1-2', 'r1-2-1', 7, -4],
            ['r3', 'r1-2', 'r1-2-2', 5, -0.6666666666666666],
            ['Total', '', '', 2.2777777777777777, 0.3888888888888889],
        ]),
    ("LOOKUP", "AE25:AI32", '=_xlfn.GROUPBY(F25:H43,I25:J43,_xleta.AVERAGE,3,1,1,K25:K43,1)', [
            ['col-1', 'col-2', 'col-3', 'val1', 'val2'],
            ['a', 'e', 'c2-1-1', 8, -7],
            ['a', 'e', 'c2-1-2', 7.5, -4],
            ['a', 'g', 'c2-2-2', 7, -1],
            ['b', 'd', 'c1-2-1', 4, 2],
            ['b', 'd', 'c1-2-2', -1, 7],
            ['b', 'f', 'c1-1-1', 9, 3],
            ['Total', '', '', 5.888888888888889, -0.3333333333333333],
        ]),
    ("LOOKUP", "AE34:AI41", '=_xlfn.GROUPBY(F25:H43,I25:J43,_xleta.AVERAGE,3,1,1,K25:K43,0)', [
            ['col-1', 'col-2', 'col-3', 'val1', 'val2'],
            ['a', 'e', 'c2-1-1', 8, -7],
            ['a', 'e', 'c2-1-2', 7.5, -4],
            ['a', 'g', 'c2-2-2', 7, -1],
            ['b', 'd', 'c1-2-1', 4, 2],
            ['b', 'd', 'c1-2-2', -1, 7],
            ['b', 'f', 'c1-1-1', 9, 3],
            ['Total', '', '', 5.888888888888889, -0.3333333333333333],
        ]),
    ("LOOKUP", "Y34:Y34", '=_xlfn.GROUPBY(C25:E43,I25:J42,_xleta.AVERAGE)', [
            ['#VALUE!'],
        ]),
    ("LOOKUP", "Z34:Z34", '=_xlfn.GROUPBY(C25:E43,I25:J43,_xleta.AVERAGE,1,2,6)', [
            ['#VALUE!'],
        ]),
    ("LOOKUP", "N93:AB103", '=_xlfn.PIVOTBY(C93:E111,F93:H111,I93:J111,_xleta.SUM,1,1,1,0,3,K93:L111)', [
            ['', '', '', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b'],
            ['', '', '', 'e', 'e', 'e', 'e', 'g', 'g', 'd', 'd', 'd', 'd', 'f', 'f'],
            ['', '', '', 'c2-1-1', 'c2-1-1', 'c2-1-2', 'c2-1-2', 'c2-2-2', 'c2-2-2', 'c1-2-1', 'c1-2-1', 'c1-2-2', 'c1-2-2', 'c1-1-1', 'c1-1-1'],
            ['r2', 'r2-1', 'r2-1-1', '', '', '', '', '', '', 1, 5, '', '', '', ''],
            ['r2', 'r2-1', 'r2-1-2', 8, -7, '', '', '', '', '', '', '', '', '', ''],
            ['r2', 'r2-2', 'r2-2-1', '', '', '', '', 14, -2, '', '', -1, 7, '', ''],
            ['r2', 'r2-2', 'r2-2-2', '', '', '', '', '', '', 7, -1, '', '', '', ''],
            ['r3', 'r1-1', 'r1-1-2', '', '', '', '', '', '', '', '', '', '', 9, 3],
            ['r3', 'r1-2', 'r1-2-1', '', '', 7, -4, '', '', '', '', '', '', '', ''],
            ['r3', 'r1-2', 'r1-2-2', '', '', 8, -4, '', '', '', '', '', '', '', ''],
            ['Total', '', '', 8, -7, 15, -8, 14, -2, 8, 4, -1, 7, 9, 3],
        ]),
    ("LOOKUP", "AJ92:AM95", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:F111,LOOKUP!I93:I111,_xleta.SUM,1,-1,2,-1,2,LOOKUP!K93:K111)', [
            ['', 'Total', 'b', 'a'],
            ['Total', 53, 16, 37],
            ['r3', 24, 9, 15],
            ['r2', 29, 7, 22],
        ]),
    ("LOOKUP", "AJ96:AM99", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:F111,LOOKUP!I93:I111,_xleta.SUM,1,1,2,1,2,LOOKUP!K93:K111)', [
            ['', 'b', 'a', 'Total'],
            ['r3', 9, 15, 24],
            ['r2', 7, 22, 29],
            ['Total', 16, 37, 53],
        ]),
    ("LOOKUP", "AR96:AW99", '=_xlfn.PIVOTBY(C93:C111,F93:G111,I93:I111,_xleta.SUM,1,0,2,1,3,K93:K111)', [
            ['', 'a', 'a', 'b', 'b', 'Total'],
            ['', 'g', 'e', 'd', 'f', ''],
            ['r3', '', 15, '', 9, 24],
            ['r2', 14, 8, 7, '', 29],
        ]),
    ("LOOKUP", "AE96:AH99", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:F111,LOOKUP!I93:I111,_xleta.PERCENTOF,1,1,1,1,1,LOOKUP!K93:K111,0)', [
            ['', 'a', 'b', 'Total'],
            ['r2', 0.5945945945945946, 0.4375, 0.5471698113207547],
            ['r3', 0.40540540540540543, 0.5625, 0.4528301886792453],
            ['Total', 1, 1, 1],
        ]),
    ("LOOKUP", "AE100:AH103", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:F111,LOOKUP!I93:I111,_xleta.PERCENTOF,1,1,1,1,1,LOOKUP!K93:K111,1)', [
            ['', 'a', 'b', 'Total'],
            ['r2', 0.7586206896551724, 0.2413793103448276, 1],
            ['r3', 0.625, 0.375, 1],
            ['Total', 0.6981132075471698, 0.3018867924528302, 1],
        ]),
    ("LOOKUP", "AE104:AH107", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:F111,LOOKUP!I93:I111,_xleta.PERCENTOF,1,1,1,1,1,LOOKUP!K93:K111,2)', [
            ['', 'a', 'b', 'Total'],
            ['r2', 0.41509433962264153, 0.1320754716981132, 0.5471698113207547],
            ['r3', 0.2830188679245283, 0.16981132075471697, 0.4528301886792453],
            ['Total', 0.6981132075471698, 0.3018867924528302, 1],
        ]),
    ("LOOKUP", "AE108:AH111", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:F111,LOOKUP!I93:I111,_xleta.PERCENTOF,1,1,1,1,1,LOOKUP!K93:K111,3)', [
            ['', 'a', 'b', 'Total'],
            ['r2', 0.7586206896551724, 0.2413793103448276, 1],
            ['r3', 0.625, 0.375, 1],
            ['Total', 0.6981132075471698, 0.3018867924528302, 1],
        ]),
    ("LOOKUP", "AJ101:AO105", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:G111,LOOKUP!I93:I111,_xleta.SUM,1,1,1,1,{1,-2},LOOKUP!K93:K111)', [
            ['', 'a', 'a', 'b', 'b', 'Total'],
            ['', 'g', 'e', 'f', 'd', ''],
            ['r2', 14, 8, '', 7, 29],
            ['r3', '', 15, 9, '', 24],
            ['Total', 14, 23, 9, 7, 53],
        ]),
    ("LOOKUP", "AP101:AU105", '=_xlfn.PIVOTBY(C93:C111,F93:G111,I93:I111,_xleta.SUM,1,1,2,1,3,K93:K111)', [
            ['', 'a', 'a', 'b', 'b', 'Total'],
            ['', 'g', 'e', 'd', 'f', ''],
            ['r3', '', 15, '', 9, 24],
            ['r2', 14, 8, 7, '', 29],
            ['Total', 14, 23, 7, 9, 53],
        ]),
    ("LOOKUP", "N105:N105", '=_xlfn.PIVOTBY(C93:E111,F93:H111,I93:J111,_xleta.SUM,1,1,1,0,1,L93:L111)', [
            ['#VALUE!'],
        ]),
    ("LOOKUP", "R105:U108", '=_xlfn.PIVOTBY({"r2";"r2";"r3";"r2";"r2";"r2";"r3";"r2";"r3"},{"c1";"c1";"c2";"c2";"c1";"c2";"c1";"c2";"c2"},{1;-1;-7;-1;7;5;9;8;-8},_xleta.SUM,0,1,1,1,1,{1;1;1;1;1;1;1;1;1},3)', [
            ['', 'c1', 'c2', 'Total'],
            ['r2', 7, 12, 19],
            ['r3', 9, -15, -6],
            ['Total', 16, -3, 13],
        ]),
    ("LOOKUP", "N106:Q109", '=_xlfn.PIVOTBY({"r2";"r2";"r3";"r2";"r2";"r2";"r3";"r2";"r3"},{"c1";"c1";"c2";"c2";"c1";"c2";"c1";"c2";"c2"},{1;-1;-7;-1;7;5;9;8;-8},_xleta.PERCENTOF,0,1,1,1,1,{1;1;1;1;1;1;1;1;1},3)', [
            ['', 'c1', 'c2', 'Total'],
            ['r2', 0.3684210526315789, 0.631578947368421, 1],
            ['r3', -1.5, 2.5, 1],
            ['Total', 1.2307692307692308, -0.23076923076923078, 1],
        ]),
    ("EXTRA", "AX3:AX3", '=_xlfn.PIVOTBY(LOOKUP!C93:C111,LOOKUP!F93:F111,LOOKUP!I93:I111,_xleta.PERCENTOF,1,3,1,3,1,LOOKUP!K93:K111,0)', [
            ['#VALUE!'],
        ]),
    ("EXTRA", "BD95:BK104", '=_xlfn.PIVOTBY({"r1","r2";2,1;2,2;3,1},{"c1","c2";1,1;2,1;2,2},{"v1","v2";1,3;2,5;3,2},_xleta.PERCENTOF,3,2,1,0,1,{"f";1;1;1},3)', [
            ['', '', 'c1, c2', '', '', '', '', ''],
            ['', '', 1, 1, 2, 2, 2, 2],
            ['', '', 1, 1, 1, 1, 2, 2],
            ['r1', 'r2', 'v1', 'v2', 'v1', 'v2', 'v1', 'v2'],
            [2, 1, 1, 1, '', '', '', ''],
            [2, 2, '', '', 1, 1, '', ''],
            [2, '', 1, 1, 1, 1, '', ''],
            [3, 1, '', '', '', '', 1, 1],
            [3, '', '', '', '', '', 1, 1],
            ['Grand Total', '', 1, 1, 0.4, 0.7142857142857143, 0.6, 0.2857142857142857],
        ]),
    ("EXTRA", "BM95:BT104", '=_xlfn.PIVOTBY({"r1","r2";2,1;2,2;3,1},{"c1","c2";1,1;2,1;2,2},{"v1","v2";1,3;2,5;3,2},_xleta.PERCENTOF,3,2,1,0,1,{"f";1;1;1},4)', [
            ['', '', 'c1, c2', '', '', '', '', ''],
            ['', '', 1, 1, 2, 2, 2, 2],
            ['', '', 1, 1, 1, 1, 2, 2],
            ['r1', 'r2', 'v1', 'v2', 'v1', 'v2', 'v1', 'v2'],
            [2, 1, 1, 1, '', '', '', ''],
            [2, 2, '', '', 1, 1, '', ''],
            [2, '', 1, 1, 1, 1, '', ''],
            [3, 1, '', '', '', '', 1, 1],
            [3, '', '', '', '', '', 1, 1],
            ['Grand Total', '', 1, 1, 1, 1, 1, 1],
        ]),
    ("EXTRA", "H96:K99", '=_xlfn.PIVOTBY({2;2;3},{1;2;2},{1;2;3},_xleta.SUM)', [
            ['', 1, 2, 'Total'],
            [2, 1, 2, 3],
            [3, '', 3, 3],
            ['Total', 1, 5, 6],
        ]),
    ("EXTRA", "L96:L96", '=_xlfn.PIVOTBY({2;2;3},{1;2;2},{1;2;3},LOOKUP!L91)', [
            ['#N/A'],
        ]),
    ("EXTRA", "H100:K103", '=_xlfn.PIVOTBY({2;2;3},{1;2;2},{1;2;3},_xleta.IF)', [
            ['', 1, 2, 'Total'],
            [2, '#VALUE!', '#VALUE!', '#VALUE!'],
            [3, '', '#VALUE!', '#VALUE!'],
            ['Total', '#VALUE!', '#VALUE!', '#VALUE!'],
        ]),

]

ERROR_CODES = ("#VALUE!", "#N/A", "#CALC!", "#DIV/0!", "#NUM!", "#REF!", "#NAME?", "#NULL!")


def _put(ws, top_left: str, rows: list[list[object]]) -> None:
    c1, r1, _, _ = range_boundaries(top_left + ":" + top_left)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            cell = ws.cell(r1 + i, c1 + j)
            if v in ERROR_CODES:
                cell.value = '=VALUE("x")' if v == "#VALUE!" else "=NA()"
            elif v is not None:
                cell.value = v


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[tuple[str, str], object]:
    wb = openpyxl.Workbook()
    look = wb.active
    look.title = "LOOKUP"
    wb.create_sheet("EXTRA")
    _put(look, "C25", DATA_25)
    _put(look, "C93", DATA_93)
    look["L91"] = "=NA()"
    for sheet, ref, formula, _expected in CASES:
        ws = wb[sheet]
        ws[ref.split(":")[0]] = ArrayFormula(ref, formula)
    path = tmp_path_factory.mktemp("pivot") / "pivot.xlsx"
    wb.save(path)
    df = evaluate(path)
    return {(s, c): v for s, c, v in zip(df["sheet"], df["cell"], df["value"], strict=True)}


def _block(values: dict, sheet: str, ref: str) -> list[list[object]]:
    c1, r1, c2, r2 = range_boundaries(ref)
    return [[values.get((sheet, f"{get_column_letter(c)}{r}")) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]


@pytest.mark.parametrize(("sheet", "ref", "formula", "expected"), CASES, ids=[f"{s}!{r}" for s, r, _f, _e in CASES])
def test_groupby_pivotby_equal_excel(saved, sheet, ref, formula, expected):
    got = _block(saved, sheet, ref)
    assert len(got) == len(expected)
    for g_row, e_row in zip(got, expected, strict=True):
        for g, e in zip(g_row, e_row, strict=True):
            if isinstance(e, (int, float)) and not isinstance(e, bool):
                assert g == pytest.approx(e, rel=1e-9, abs=1e-15), (formula, got)
            else:
                assert g == e, (formula, got)


def _run(tmp_path, cells: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, v in cells.items():
        ws[ref] = ArrayFormula(v[0], v[1]) if isinstance(v, tuple) else v
    path = tmp_path / "b.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True)), df.attrs["warnings"]


# A1:B5: a header row and four rows (hand-computed results in the comments)
SALES = {"A1": "Region", "B1": "Sales", "A2": "East", "B2": 10, "A3": "West", "B3": 5, "A4": "east", "B4": 7, "A5": "North", "B5": 1}


def test_groupby_with_an_explicit_lambda_and_descending_value_sort(tmp_path):
    # headers detected (text over a number) and not shown; "East" and "east" are one group
    # (text without case: its first spelling); sorted by the values column, descending (-2):
    # East 10+7=17, West 5, North 1, then the Total 23. LAMBDA(x, SUM(x)*2) doubles them.
    v, _ = _run(tmp_path, {**SALES, "D1": ("D1:E4", "=_xlfn.GROUPBY(A1:A5,B1:B5,_xleta.SUM,,,-2)"),
                           "G1": ("G1:H4", "=_xlfn.GROUPBY(A1:A5,B1:B5,_xlfn.LAMBDA(_xlpm.x,SUM(_xlpm.x)*2),0,0)")})
    assert [[v["D1"], v["E1"]], [v["D2"], v["E2"]], [v["D3"], v["E3"]], [v["D4"], v["E4"]]] == [["East", 17], ["West", 5], ["North", 1], ["Total", 23]]
    # field_headers 0: the header row is a group too (SUM of "Sales" is 0); no totals; sorted
    # ascending: East, North, Region, West (text without case)
    assert [v["G1"], v["G2"], v["G3"], v["G4"]] == ["East", "North", "Region", "West"]
    assert [v["H1"], v["H2"], v["H3"], v["H4"]] == [34, 2, 0, 10]


def test_groupby_errors(tmp_path):
    v, warnings = _run(tmp_path, {
        **SALES,
        "D1": "=_xlfn.GROUPBY(A1:A5,B1:B5,B2)",  # a number is not a function: #VALUE!
        "D2": "=_xlfn.GROUPBY(A1:A5,B1:B5,_xleta.SUM,1,1,1,{0;0;0;0;0})",  # nothing kept: #CALC!
        "D3": "=_xlfn.GROUPBY(A1:A5,B1:B5,_xleta.SUM,1,2)",  # subtotals of one field: #VALUE!
        "D4": "=_xlfn.GROUPBY(A1:A5,B1:B5,_xleta.SUM,1,1,1,,2)",  # field_relationship 2: #VALUE!
        "D5": "=_xlfn.GROUPBY(A1:A5,B1:B5,_xleta.SUM,2)",  # generated headers: not evaluated
    })
    assert v["D1"] == "#VALUE!"
    assert v["D2"] == "#CALC!"
    assert v["D3"] == "#VALUE!"
    assert v["D4"] == "#VALUE!"
    assert v["D5"] == "#VALUE!"
    assert any("GROUPBY" in w and "field_headers 2" in w for w in warnings)


def test_groupby_groups_text_without_case_at_every_level(tmp_path):
    # ("East","x") 1, ("east","y") 2, ("EAST","x") 4: one group East, children x (1+4) and y (2)
    v, _ = _run(tmp_path, {"A1": "East", "B1": "x", "C1": 1, "A2": "east", "B2": "y", "C2": 2, "A3": "EAST", "B3": "x", "C3": 4,
                           "E1": ("E1:G2", "=_xlfn.GROUPBY(A1:B3,C1:C3,_xleta.SUM,0,0)")})
    assert [[v["E1"], v["F1"], v["G1"]], [v["E2"], v["F2"], v["G2"]]] == [["East", "x", 5], ["East", "y", 2]]


def test_groupby_of_whole_columns_counts_the_blank_rows_as_one_group(tmp_path):
    # GROUPBY(A:A, B:B, ...) reads every row of the columns: the rows past the data are a group
    # of blanks (the reason Microsoft introduced A:.A, TRIMRANGE's trailing trim), summed to 0;
    # LAMBDA(x, ROWS(x)) shows how many: 1,048,576 rows - 1 header - 4 data rows; the total
    # counts every row but the header. A:.A drops the blanks.
    v, _ = _run(tmp_path, {**SALES,
                           "D1": ("D1:E5", "=_xlfn.GROUPBY(A:A,B:B,_xleta.SUM)"),
                           "G1": ("G1:H5", "=_xlfn.GROUPBY(A:A,B:B,_xlfn.LAMBDA(_xlpm.x,ROWS(_xlpm.x)))"),
                           "J1": ("J1:K4", "=_xlfn.GROUPBY(_xlfn._TRO_TRAILING(A:A),_xlfn._TRO_TRAILING(B:B),_xleta.SUM)")})
    assert [v["D1"], v["D2"], v["D3"], v["D5"]] == ["East", "North", "West", "Total"]
    assert [v["E1"], v["E2"], v["E3"], v["E4"], v["E5"]] == [17, 1, 5, 0, 23]
    assert v["D4"] == "" and v["G4"] == ""  # the blank group's label
    assert v["H4"] == 1048576 - 5 and v["H5"] == 1048576 - 1
    assert [v["J1"], v["J2"], v["J3"], v["J4"]] == ["East", "North", "West", "Total"]
    assert [v["K1"], v["K2"], v["K3"], v["K4"]] == [17, 1, 5, 23]
