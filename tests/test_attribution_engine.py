"""The attribution functions inside a workbook, computed by the headless engine.

A small workbook written with openpyxl holds four journeys and the three functions as
Excel stores them (spilling ones as legacy array formulas over their output range, some
with the ``_xldudf_`` prefix Excel gives add-in functions). The expected values are the
hand computations below, not the library's output.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

engine = pytest.importorskip("socroi_xl.engine")

# Journeys (A: path, B: converted, C: did not convert):
#   "Facebook > Email"          6   2
#   "Email"                     3   5
#   "LinkedIn > Facebook > Email" 1 0
#   (blank row)
JOURNEYS = [("Facebook > Email", 6, 2), ("Email", 3, 5), ("LinkedIn > Facebook > Email", 1, 0)]


def _book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "J"
    ws.append(["Path", "Converted", "Null"])
    for row in JOURNEYS:
        ws.append(list(row))
    ws["H1"] = "position"
    # position: "Facebook > Email" 6 -> 3/3 (two touches 50/50); "Email" 3 -> Email 3;
    # 3 touches, 1 conversion -> LinkedIn 0.4, Facebook 0.2, Email 0.4.
    # Facebook 3.2, Email 6.4, LinkedIn 0.4 (first appearance order: Facebook, Email, LinkedIn).
    # The range E2:F6 is two rows longer than the table: Excel fills those with #N/A.
    ws["E2"] = ArrayFormula("E2:F6", "=SOCROI_ATTRIBUTE(A2:A5,B2:B5,C2:C5,H1)")
    # first touch with the _xldudf_ prefix: Facebook 6, Email 3, LinkedIn 1.
    ws["E10"] = ArrayFormula("E10:F12", '=_xldudf_SOCROI_ATTRIBUTE(A2:A5,B2:B5,,"first")')
    # Facebook assists: "Facebook > Email" 6 + "LinkedIn > Facebook > Email" 1 = 7.
    ws["H3"] = '=SOCROI_ASSISTS(A2:A5,B2:B5,"facebook")'
    # Email closes every journey it is in: 0 assists.
    ws["H4"] = '=SOCROI_ASSISTS(A2:A5,B2:B5,"Email")'
    # decay: days 14, 7, 0 with half-life 7 -> 1:2:4 -> 1/7, 2/7, 4/7.
    ws["J2"], ws["J3"], ws["J4"] = 14, 7, 0
    ws["K2"] = ArrayFormula("K2:K4", "=SOCROI_DECAY_WEIGHTS(J2:J4,7)")
    # markov on the classic example in M..O: C1>C2>C3 converted, C1 and C2>C3 did not:
    # credits 0.2, 0.4, 0.4 (worked out in tests/test_attribution.py).
    for r, (p, c, n) in enumerate([("C1 > C2 > C3", 1, 0), ("C1", 0, 1), ("C2 > C3", 0, 1)], 2):
        ws[f"M{r}"], ws[f"N{r}"], ws[f"O{r}"] = p, c, n
    ws["Q2"] = ArrayFormula("Q2:R4", '=SOCROI_ATTRIBUTE(M2:M4,N2:N4,O2:O4,"markov")')
    # an unknown model is #VALUE!
    ws["H6"] = ArrayFormula("H6:I6", '=SOCROI_ATTRIBUTE(A2:A5,B2:B5,C2:C5,"lastest")')
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def values(tmp_path_factory) -> dict[str, object]:
    path = _book(tmp_path_factory.mktemp("attr") / "journeys.xlsx")
    frame = engine.evaluate(path)
    return {row.cell: row.value for row in frame.itertuples() if row.sheet == "J"}


def test_attribute_spills_into_its_array_range(values):
    assert [values["E2"], values["E3"], values["E4"]] == ["Facebook", "Email", "LinkedIn"]
    assert values["F2"] == pytest.approx(3.2)
    assert values["F3"] == pytest.approx(6.4)
    assert values["F4"] == pytest.approx(0.4)
    assert values["E5"] == values["F6"] == "#N/A"


def test_attribute_with_prefix_and_omitted_nulls(values):
    assert [values["E10"], values["E11"], values["E12"]] == ["Facebook", "Email", "LinkedIn"]
    assert [values["F10"], values["F11"], values["F12"]] == [6.0, 3.0, 1.0]


def test_markov_in_a_workbook(values):
    assert [values["Q2"], values["Q3"], values["Q4"]] == ["C1", "C2", "C3"]
    assert [values["R2"], values["R3"], values["R4"]] == pytest.approx([0.2, 0.4, 0.4])


def test_assists_and_decay_in_a_workbook(values):
    assert values["H3"] == 7.0
    assert values["H4"] == 0.0
    assert [values["K2"], values["K3"], values["K4"]] == pytest.approx([1 / 7, 2 / 7, 4 / 7])


def test_unknown_model_in_a_workbook(values):
    assert values["H6"] == "#VALUE!"
