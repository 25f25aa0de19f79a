"""An error argument before an argument taken element by element: every element is that
error (Excel broadcasts it to the lifted shape, the formula spills), and with nothing
lifted the leftmost error is the result.

Expected values are those Excel saved in IronCalc's
``xlsx/tests/calc_tests/INFORMATION/error_broadcast.xlsx`` (Sheet1; in the registry corpus's
ironcalc 0.9.1 sdist): ``=POWER(NA(), A1:C1)`` spills ``#N/A`` over three cells,
``=DATE(1/0, A1:C1, NA())`` ``#DIV/0!``, ``=EXACT(1/0, A7:C7)`` ``#DIV/0!``,
``=LEFT(NA(), {1,2})`` ``#N/A`` twice. The workbook here is written with XlsxWriter, which
stores dynamic-array formulas as Excel does.
"""

from __future__ import annotations

import pytest

from socroi_xl.engine import evaluate

xlsxwriter = pytest.importorskip("xlsxwriter")


def _run(tmp_path, values: dict[str, object], dynamic: dict[str, str]) -> dict[str, object]:
    path = tmp_path / "b.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for ref, v in values.items():
        ws.write(ref, v)
    for ref, f in dynamic.items():
        ws.write_dynamic_array_formula(ref, f)
    wb.close()
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def test_an_error_before_a_lifted_argument_fills_the_lifted_shape(tmp_path):
    v = _run(tmp_path, {"A1": 1, "B1": 2, "C1": 3}, {
        "E2": "=POWER(NA(),A1:C1)",
        "E3": "=DATE(1/0,A1:C1,NA())",
        "E4": "=EXACT(1/0,A1:C1)",
        "E5": "=LEFT(NA(),{1,2})",
        "E6": "=POWER(NA(),1/0)",  # nothing lifted: the leftmost error, no spill
    })
    assert [v.get("E2"), v.get("F2"), v.get("G2")] == ["#N/A"] * 3
    assert [v.get("E3"), v.get("F3"), v.get("G3")] == ["#DIV/0!"] * 3
    assert [v.get("E4"), v.get("F4"), v.get("G4")] == ["#DIV/0!"] * 3
    assert [v.get("E5"), v.get("F5")] == ["#N/A"] * 2
    assert v["E6"] == "#N/A" and "F6" not in v
