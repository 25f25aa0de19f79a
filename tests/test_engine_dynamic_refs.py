"""OFFSET and INDIRECT build references while the formula is evaluated; the cells they reach
are computed first, on demand, and a cycle through them is a circular reference.

The OFFSET values are Microsoft's documentation example (support.microsoft.com, "OFFSET
function": data 4, 10 / 8, 3 / 3, 6 in B6:C8; =OFFSET(D3,3,-2,1,1) is 4,
=SUM(OFFSET(D3:F5,3,-2,3,3)) is 34, =OFFSET(D3,-3,-3) is #REF!); the others are
hand-computed in the comments (LibreOffice 7.4 agrees unless a comment says otherwise).
"""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from socroi_xl.engine import evaluate


def run(tmp_path, cells: dict[str, object], names: dict[str, str] | None = None, sheets: dict[str, dict] | None = None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, v in cells.items():
        ws[ref] = v
    for name, more in (sheets or {}).items():
        other = wb.create_sheet(name)
        for ref, v in more.items():
            other[ref] = v
    for name, text in (names or {}).items():
        wb.defined_names[name] = DefinedName(name, attr_text=text)
    path = tmp_path / "d.xlsx"
    wb.save(path)
    df = evaluate(path)
    out = {(c if s == "S" else f"{s}!{c}"): v for s, c, v in zip(df["sheet"], df["cell"], df["value"], strict=True)}
    out["warnings"] = df.attrs["warnings"]
    return out


DATA = {"B6": 4, "C6": 10, "B7": 8, "C7": 3, "B8": 3, "C8": 6}


def test_offset_microsoft_example(tmp_path):
    v = run(tmp_path, {**DATA, "A2": "=OFFSET(D3,3,-2,1,1)", "A3": "=SUM(OFFSET(D3:F5,3,-2,3,3))", "A4": "=OFFSET(D3,-3,-3)"})
    assert v["A2"] == 4.0
    assert v["A3"] == 34.0
    assert v["A4"] == "#REF!"


def test_offset_sizes(tmp_path):
    v = run(tmp_path, {**DATA,
        "A1": "=SUM(OFFSET(B6,0,0,3))",       # B6:B8 = 15 (width of the base: 1)
        "A2": "=SUM(OFFSET(B6:C6,1,0))",      # B7:C7 = 11 (the base's size)
        "A3": "=OFFSET(B6,0,0,0,1)",          # zero rows: #REF! (LibreOffice: #VALUE!)
        "A4": "=ROWS(OFFSET(B6,0,0,5,2))",    # 5
        "A5": "=OFFSET(B6,0,0,1048576)",      # beyond the last row: #REF!
        "A9": "=OFFSET(B6,2.9,1.2)",          # offsets truncated: C8 = 6
    })
    assert v["A1"] == 15.0 and v["A2"] == 11.0
    assert v["A3"] == "#REF!"
    assert v["A4"] == 5.0 and v["A5"] == "#REF!" and v["A9"] == 6.0


def test_indirect_forms(tmp_path):
    v = run(tmp_path, {**DATA,
        "A1": '=INDIRECT("B6")+INDIRECT("R7C3",FALSE)',      # 4 + 3 = 7
        "A2": '=SUM(INDIRECT("B6:C"&8))',                     # 34
        "A3": '=INDIRECT("Other!A1")*2',                      # 7*2 = 14
        "A4": '=INDIRECT("nonsense!!")',                      # #REF!
        "A5": '=SUM(INDIRECT("R[1]C[1]:R[3]C[1]",FALSE))',    # rows 6-8 of column B from A5: 15
        "A6": '=SUM(INDIRECT("MyRng"))',                      # a defined name: 15
        "A7": '=INDIRECT("\'Other\'!A1:A2") ',                # a one-column range in row 7: #VALUE!
        "A10": '=INDIRECT("ZZZ")',                            # neither a cell nor a name: #REF!
    }, names={"MyRng": "S!$B$6:$B$8"}, sheets={"Other": {"A1": 7, "A2": 8}})
    assert v["A1"] == 7.0 and v["A2"] == 34.0 and v["A3"] == 14.0
    assert v["A4"] == "#REF!" and v["A5"] == 15.0 and v["A6"] == 15.0
    assert v["A7"] == "#VALUE!" and v["A10"] == "#REF!"


def test_indirect_r1c1_wraps_round_the_grid_and_names_whole_rows_and_columns(tmp_path):
    """R1C1 text as Excel saved it in IronCalc's INDIRECT.xlsx (sheets WrapAroud and
    r1c1_whole_rows_and_columns): a relative part wraps round the grid's edge, an offset of
    the grid's size is #REF!, ``R2`` is row 2 and ``C2`` column B."""
    v = run(tmp_path, {
        "A1048576": 42, "XFD6": 7, "B2": 1, "C2": 2, "D2": 3, "Y1": 10, "Y3": 20,
        "Z6": '=INDIRECT("R[-6]C[-25]",FALSE)',      # row 0 is row 1,048,576; column A: 42
        "E6": '=INDIRECT("RC[-5]",FALSE)',           # column 0 is XFD: 7
        "Z7": '=SUM(INDIRECT("R2",FALSE))',          # row 2: 1 + 2 + 3 = 6
        "Z8": '=SUM(INDIRECT("R[-6]:R[-6]",FALSE))',  # row 2 again: 6
        "Z9": '=SUM(INDIRECT("C25",FALSE))',         # column Y: 10 + 20 = 30
        "Z10": '=INDIRECT("R[-1048576]C",FALSE)',    # #REF!
        "Z11": '=INDIRECT("RC[16384]",FALSE)',       # #REF!
        "Z12": '=INDIRECT("R0C1",FALSE)',            # #REF!
        "Z13": '=INDIRECT("R2:C2",FALSE)',           # a row and a column: no reference, #REF!
    })  # fmt: skip
    assert [v[c] for c in ("Z6", "E6", "Z7", "Z8", "Z9", "Z10", "Z11", "Z12", "Z13")] == [
        42.0, 7.0, 6.0, 6.0, 30.0, "#REF!", "#REF!", "#REF!", "#REF!"]


def test_an_empty_argument_is_false_for_indirect_and_the_default_for_offset(tmp_path):
    """As Excel saved them: ``INDIRECT("R2C2",)`` reads R1C1 style (IronCalc's INDIRECT.xlsx,
    r1c1_notation!E6); ``OFFSET(K7:L8,0,0,1,)`` keeps the base's width (POI's
    FormulaEvalTestData_Copy.xlsx, I1008: 2.001 = K7 + L7, with M1008 and N1008 7.0009)."""
    v = run(tmp_path, {
        "B2": 5, "K7": 1, "L7": 1.001, "K8": 2, "L8": 2.9999,
        "A1": '=INDIRECT("R2C2",)',                 # 5
        "A2": "=SUM(OFFSET(K7:L8,0,0,1,))",         # K7:L7: 2.001
        "A3": "=SUM(OFFSET(K7:L8,0,0,,))",          # K7:L8: 7.0009
        "A4": "=SUM(OFFSET(K7:L8,0,0,))",           # 7.0009
    })  # fmt: skip
    assert v["A1"] == 5.0
    assert v["A2"] == pytest.approx(2.001) and v["A3"] == pytest.approx(7.0009) and v["A4"] == pytest.approx(7.0009)


def test_cells_reached_by_a_dynamic_reference_are_computed_first(tmp_path):
    # A1 reads, through INDIRECT, C5 = C4*2 where C4 = 21: 42, though nothing in A1's text
    # names C4 or C5. D1:D3 is a running total through OFFSET (each row reads the one above):
    # 4, 4+8 = 12, 12+3 = 15.
    v = run(tmp_path, {**DATA, "C4": 21, "C5": "=C4*2", "A1": '=INDIRECT("C"&5)',
                       "E1": "=B6", "E2": "=OFFSET(E2,-1,0)+B7", "E3": "=OFFSET(E3,-1,0)+B8"})
    assert v["A1"] == 42.0
    assert [v["E1"], v["E2"], v["E3"]] == [4.0, 12.0, 15.0]


def test_a_cycle_through_a_dynamic_reference_is_circular(tmp_path):
    # F1 reads F2 through OFFSET, F2 reads F1: a cycle, both #VALUE! with a warning;
    # G1 = IFERROR(F1,0) would hide it: #NAME?.
    v = run(tmp_path, {"F1": "=OFFSET(F1,1,0)", "F2": "=F1+1", "G1": "=IFERROR(F1,0)"})
    assert v["F1"] == v["F2"] == "#VALUE!"
    assert v["G1"] == "#NAME?"
    assert any("circular reference: 2 cell(s)" in w for w in v["warnings"])


def test_a_dynamic_reference_to_a_cell_that_cannot_be_evaluated_is_tainted(tmp_path):
    # F2 sums F1 through OFFSET; F1 calls an unknown function: F2 is #NAME? (and named);
    # F3 only counts the rows of the reference (no cell read): 2.
    v = run(tmp_path, {"F1": "=NOSUCHFN()", "F2": "=IFERROR(SUM(OFFSET(F1,0,0,1,1)),0)", "F3": "=ROWS(OFFSET(F1,0,0,2,1))"})
    assert v["F2"] == "#NAME?"
    assert v["F3"] == 2.0
    assert any("S!F2" in w and "could not evaluate" in w for w in v["warnings"])


def test_a_reference_built_by_a_function_is_a_reference_for_sum(tmp_path):
    # IronCalc's PRODUCT_SUM.xlsx, saved by Excel: A2 = ="7" (text), A3 = text, A4 = TRUE:
    # SUM(INDIRECT("A2")) and PRODUCT(INDIRECT("A2")) are 0 (the text of a reference is
    # skipped, as SUM(A2) skips it), likewise for A3 and A4; A1 = 7 typed is counted
    v = run(tmp_path, {"A1": 7, "A2": '="7"', "A3": "abc", "A4": True,
                       "B1": '=SUM(INDIRECT("A1"))', "B2": '=SUM(INDIRECT("A2"))', "C2": '=PRODUCT(INDIRECT("A2"))',
                       "B3": '=SUM(INDIRECT("A3"))', "C3": '=PRODUCT(INDIRECT("A3"))', "B4": '=SUM(INDIRECT("A4"))',
                       "C4": '=PRODUCT(OFFSET(A1,3,0))'})
    assert v["B1"] == 7.0
    assert (v["B2"], v["C2"], v["B3"], v["C3"], v["B4"], v["C4"]) == (0.0,) * 6
