"""CHOOSECOLS and CHOOSEROWS take their numbers from one row or one column.

formulas' ``test/test_files/test.xlsx`` (vinci1it2000/formulas), sheet LOOKUP, as Excel saved
it (D6:E7 = 1.1, 2.9; 2, 1): ``CHOOSECOLS({1,2,3;4,5,6;7,8,9},D6:E7)`` is #VALUE! (AH6, and
AS6 with a second, valid, list), while a column of numbers ``D6:D7`` (AO6: columns 1, 2
and 1, 2 again) and a row ``D6:E6`` are read; CHOOSEROWS the same (AH9, AO9).
"""

from __future__ import annotations

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate


def test_a_two_dimensional_block_of_numbers_is_value_error(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["D6"], ws["E6"], ws["D7"], ws["E7"] = 1.1, 2.9, 2, 1
    ws["A1"] = ArrayFormula("A1", "=CHOOSECOLS({1,2,3;4,5,6;7,8,9},D6:E7)")
    ws["A2"] = ArrayFormula("A2", "=CHOOSECOLS({1,2,3;4,5,6;7,8,9},D6:E7,D6:E6)")
    ws["A3"] = ArrayFormula("A3", "=CHOOSEROWS({1,2,3;4,5,6;7,8,9},D6:E7)")
    ws["G1"] = ArrayFormula("G1:J3", "=CHOOSECOLS({1,2,3;4,5,6;7,8,9},D6:D7,D6:E6)")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert (v["A1"], v["A2"], v["A3"]) == ("#VALUE!", "#VALUE!", "#VALUE!")
    # AO6:AR8 as Excel saved it: 1 2 1 2 / 4 5 4 5 / (7 8 7 8)
    assert [v[c] for c in ("G1", "H1", "I1", "J1", "G2", "H2", "I2", "J2")] == [1, 2, 1, 2, 4, 5, 4, 5]
