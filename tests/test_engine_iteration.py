"""Engine: circular references under Excel's iterative calculation.

A workbook that enables iteration (``<calcPr iterate="1" iterateCount=".." iterateDelta=".."/>``,
File > Options > Formulas > Enable iterative calculation) has its cycles computed as Excel
computes them: the cells of a cycle one after the other in sheet order, each reading the
values the others hold at that moment (at first their saved values, blank 0), again and
again until no number changed by more than the maximum change, or the maximum number of
iterations is reached. Without iteration a cycle stays ``#VALUE!`` with a warning.

Expected values are hand computations in the comments; the self-references are the layouts
of calamine's ``issue_565_multi_axis_shared.xlsx`` and ``issue_567_absolute_shared.xlsx``,
in which Excel, iterating, saved 0.
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from socroi_xl.engine import evaluate, recalc_path
from socroi_xl.engine.evaluator import Iteration


def book(tmp_path, cells: dict[str, object], iterate: bool = True, count: int | None = None, delta: float | None = None):
    wb = openpyxl.Workbook()
    ws = wb.active
    for ref, v in cells.items():
        ws[ref] = v
    if iterate:
        wb.calculation.iterate = True
    if count is not None:
        wb.calculation.iterateCount = count
    if delta is not None:
        wb.calculation.iterateDelta = delta
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return path


def values(path) -> tuple[dict[str, object], list[str], int]:
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True)), df.attrs["warnings"], df.attrs["unevaluated"]


def test_two_cells_feeding_each_other_for_a_fixed_number_of_iterations(tmp_path):
    # A1 = 1 + A2, A2 = 1 + A1, 10 iterations, in sheet order from blank (0):
    # iteration 1: A1 = 1, A2 = 2; iteration 2: A1 = 3, A2 = 4; ... iteration 10: A1 = 19,
    # A2 = 20 (every iteration changes them by 2: the maximum change never stops it)
    path = book(tmp_path, {"A1": "=1+A2", "A2": "=1+A1", "B1": "=A2*2"}, count=10)
    v, warnings, unevaluated = values(path)
    assert v["A1"] == 19.0 and v["A2"] == 20.0
    assert v["B1"] == 40.0  # after the cycle: 20 * 2
    assert unevaluated == 0
    assert any("iterative calculation" in w and "10 iteration(s)" in w and "Sheet!A1" in w for w in warnings)


def test_iteration_stops_when_the_change_is_within_the_maximum_change(tmp_path):
    # E4 = 6, E5 = 0.1*(E4+E6), E6 = E4+E5 (the layout of POI's 57535.xlsx), Excel's
    # defaults (100 iterations, 0.001): from blank, E5/E6 = 0.6/6.6, 1.26/7.26,
    # 1.326/7.326, 1.3326/7.3326, 1.33326/7.33326 — the fifth changes both by 0.00066,
    # within 0.001: it stops there (the fixed point is 4/3 and 22/3)
    path = book(tmp_path, {"E4": 6, "E5": "=0.1*(E4+E6)", "E6": "=E4+E5"})
    v, warnings, _ = values(path)
    assert v["E5"] == pytest.approx(1.33326, abs=1e-12)
    assert v["E6"] == pytest.approx(7.33326, abs=1e-12)
    assert any("settled after 5 iteration(s)" in w for w in warnings)


def test_a_cell_referring_to_itself_keeps_zero(tmp_path):
    # calamine's issue_565/567 books: A1 = A1 (and copies reading it); Excel saved 0
    path = book(tmp_path, {"A1": "=A1", "B1": "=B$1", "A2": "=A1", "B2": "=B$1+1"})
    v, _, unevaluated = values(path)
    assert v["A1"] == v["B1"] == v["A2"] == 0.0
    assert v["B2"] == 1.0
    assert unevaluated == 0


def test_iteration_starts_from_the_values_saved_in_the_file(tmp_path):
    # A1 = A1 + 1 with one iteration: each recalculation adds one to the value the cell
    # holds (Excel's F9 on such a cell): saved 15, recalculated 16
    path = book(tmp_path, {"A1": "=A1+1"}, count=1)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>A1+1</f><v></v>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("<f>A1+1</f><v></v>", "<f>A1+1</f><v>15</v>").encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    out = tmp_path / "out.xlsx"
    recalc_path(path, out)
    assert openpyxl.load_workbook(out, data_only=True).active["A1"].value == 16


def test_without_iteration_a_cycle_is_an_error_with_a_warning(tmp_path):
    path = book(tmp_path, {"A1": "=1+A2", "A2": "=1+A1"}, iterate=False, count=10)
    v, warnings, unevaluated = values(path)
    assert v["A1"] == v["A2"] == "#VALUE!"
    assert unevaluated == 2 and any("circular reference: 2 cell(s)" in w for w in warnings)


def test_a_running_total_is_not_a_cycle_even_with_iteration(tmp_path):
    # B1 = A1, B2 = B1 + A2 ...: a column reading the cell above is ordered, not iterated
    cells: dict[str, object] = {f"A{r}": r for r in range(1, 6)}
    cells.update({"B1": "=A1", **{f"B{r}": f"=B{r - 1}+A{r}" for r in range(2, 6)}})
    v, warnings, _ = values(book(tmp_path, cells))
    assert [v[f"B{r}"] for r in range(1, 6)] == [1.0, 3.0, 6.0, 10.0, 15.0]
    assert not any("iterative" in w for w in warnings)


def test_calc_properties_read_as_excel_defaults_them():
    assert Iteration.from_calc({"iterate": "1"}) == Iteration(100, 0.001)
    assert Iteration.from_calc({"iterate": "true", "iterateCount": "15", "iterateDelta": "500000"}) == Iteration(15, 500000.0)
    assert Iteration.from_calc({"iterateCount": "1"}) is None  # formulas' circular.xlsx: off
