"""One formula text in neighbouring columns is not one formula moved along the row.

``=SUM($A$1:C$1)`` typed into B5, C5 and D5 sums A1:C1 in each (the text is the same, so the
references are the same). The engine groups copies of a formula by its text written
relative to its cell; a column-relative reference with an absolute row (``C$1``) was left out
of that key, so the three cells shared one key and C5 and D5 summed A1:D1 and A1:E1
(formulas' test.xlsx, FINANCIAL!AF54:AG54: Excel saved #VALUE! twice, the engine gave #N/A
for the second). Hand computation: A1:E1 = 1..5, so SUM(A1:C1) = 6.
"""

from __future__ import annotations

import openpyxl

from socroi_xl.engine import evaluate
from socroi_xl.xl.shift import relative_key


def test_relative_key_sees_a_column_relative_reference_with_an_absolute_row():
    assert relative_key("=SUM($A$1:C$1)", 5, 2) != relative_key("=SUM($A$1:C$1)", 5, 3)
    assert relative_key("=SUM($A$1:C$1)", 5, 2) == relative_key("=SUM($A$1:D$1)", 5, 3)


def test_the_same_text_in_neighbouring_columns_computes_the_same_range(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for i, c in enumerate("ABCDE"):
        ws[f"{c}1"] = i + 1
    for c in "BCD":
        ws[f"{c}5"] = "=SUM($A$1:C$1)"
        ws[f"{c}6"] = "=SUM($A1:C$1)"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert [v[f"{c}5"] for c in "BCD"] == [6, 6, 6]
    assert [v[f"{c}6"] for c in "BCD"] == [6, 6, 6]
