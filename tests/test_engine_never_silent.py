"""Never silent: a formula the engine cannot evaluate is named in a warning with its cells,
shows an error whatever wraps it, taints the cells that read it, and fails a strict run.

Expected values are hand-computed in the comments.
"""

from __future__ import annotations

import openpyxl
import pytest

from socroi_xl.engine import UnevaluatedError, WorkbookError, evaluate, recalc_path
from socroi_xl.errors import XLError


def book(tmp_path, values: dict[str, object]):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, v in values.items():
        ws[ref] = v
    path = tmp_path / "b.xlsx"
    wb.save(path)
    return path


def run(tmp_path, values):
    df = evaluate(book(tmp_path, values))
    out = dict(zip(df["cell"], df["value"], strict=True))
    return out, df.attrs["warnings"], df.attrs["unevaluated"]


def test_an_unknown_function_behind_iferror_or_iserror_is_not_a_plausible_value(tmp_path):
    v, warnings, bad = run(tmp_path, {
        "A1": "=IFERROR(NOSUCHFN(1),0)",        # would be 0: shows #NAME?
        "A2": "=ISERROR(NOSUCHFN(2))",          # would be TRUE: shows #NAME?
        "A3": "=IF(ISNA(NOSUCHFN(3)),1,2)",     # would be 2
        "A4": "=1+1",                            # untouched: 2
    })
    assert v["A1"] == v["A2"] == v["A3"] == "#NAME?"
    assert isinstance(v["A1"], XLError)
    assert v["A4"] == 2.0
    text = " | ".join(warnings)
    assert "unknown function NOSUCHFN" in text and "3 cell(s)" in text
    assert "S!A1" in text and "S!A3" in text
    assert bad == 3


def test_cells_reading_a_tainted_cell_are_tainted_too(tmp_path):
    # A2 cannot be evaluated; COUNTIF over A1:A3 would count 2 (A1, A3), IFERROR(A2,5) would be
    # 5, A2*0 would be... #NAME? anyway. All three show #NAME?; B4 reads only A1: 10.
    v, warnings, bad = run(tmp_path, {
        "A1": 1, "A2": "=NOSUCHFN()", "A3": 3,
        "B1": '=COUNTIF(A1:A3,">0")', "B2": "=IFERROR(A2,5)", "B3": "=A2*0", "B4": "=A1*10",
    })
    assert v["A2"] == "#NAME?"
    assert v["B1"] == v["B2"] == v["B3"] == "#NAME?"
    assert v["B4"] == 10.0
    assert any("read cells the engine could not evaluate" in w for w in warnings)
    assert bad == 4  # A2, B1, B2, B3


def test_only_the_rows_that_call_the_unknown_function_are_tainted(tmp_path):
    # B = IF(A>250, NOSUCHFN(), A) filled down 500 rows (a column run): rows 1-250 give A,
    # rows 251-500 #NAME?; C = B*2 follows row by row.
    values: dict[str, object] = {}
    for r in range(1, 501):
        values[f"A{r}"] = r
        values[f"B{r}"] = f"=IF(A{r}>250,NOSUCHFN(),A{r})"
        values[f"C{r}"] = f"=IFERROR(B{r}*2,-1)"
    v, warnings, bad = run(tmp_path, values)
    assert [v["B1"], v["B250"], v["C250"]] == [1.0, 250.0, 500.0]
    assert {v[f"B{r}"] for r in range(251, 501)} == {"#NAME?"}
    assert {v[f"C{r}"] for r in range(251, 501)} == {"#NAME?"}
    assert bad == 500  # 250 B cells + 250 C cells
    assert any("unknown function NOSUCHFN (result #NAME?) in 250 cell(s)" in w for w in warnings)


def test_unreadable_formula_is_counted_and_named(tmp_path):
    v, warnings, bad = run(tmp_path, {"A1": "=1+", "A2": "=IFERROR(A1,0)"})
    assert v["A1"] == "#NAME?" and v["A2"] == "#NAME?"
    assert any("S!A1: cannot read formula" in w for w in warnings)
    assert bad == 2


def test_strict_fails_and_writes_nothing(tmp_path):
    path = book(tmp_path, {"A1": "=IFERROR(NOSUCHFN(1),0)", "A2": "=2*3"})
    out = tmp_path / "out.xlsx"
    with pytest.raises(UnevaluatedError) as info:
        recalc_path(path, out, strict=True)
    assert isinstance(info.value, WorkbookError)
    assert "1 formula cell(s) could not be evaluated" in str(info.value) and "NOSUCHFN" in str(info.value)
    assert not out.exists()
    with pytest.raises(UnevaluatedError):
        evaluate(path, strict=True)
    # without strict: written, counted
    result = recalc_path(path, out)
    assert result.unevaluated == 1 and out.exists()


def test_strict_passes_a_clean_workbook(tmp_path):
    path = book(tmp_path, {"A1": 2, "A2": "=A1*3", "A3": "=IFERROR(1/0,7)"})
    result = recalc_path(path, tmp_path / "out.xlsx", strict=True)
    assert result.unevaluated == 0 and result.warnings == []


def test_circular_references_count_as_unevaluated(tmp_path):
    v, warnings, bad = run(tmp_path, {"A1": "=A2+1", "A2": "=A1+1", "A3": "=IFERROR(A1,0)"})
    assert v["A1"] == v["A2"] == "#VALUE!"
    assert v["A3"] == "#NAME?"     # IFERROR would hide the cycle
    assert bad == 3


def test_only_what_a_formula_actually_reads_taints_it(tmp_path):
    # N1 cannot be evaluated. =IF(A,"",N1) reads N1 only where A is not blank: rows with A
    # blank give "" (Excel's value, computed without N1); the others #NAME?. As one cell and
    # as a 300-row column run alike.
    values: dict[str, object] = {"N1": "=NOSUCHFN()"}
    for r in range(2, 302):
        if r % 2:
            values[f"A{r}"] = "x"
        values[f"B{r}"] = f'=IF(A{r}="","",$N$1)'
    values["C1"] = '=IF(A2="","",N1)'
    v, warnings, bad = run(tmp_path, values)
    assert v["C1"] == ""
    assert {v[f"B{r}"] for r in range(2, 302, 2)} == {""}
    assert {v[f"B{r}"] for r in range(3, 302, 2)} == {"#NAME?"}
    assert bad == 1 + 150
