"""Date text day-first or month-first (``--date-order``), never silently.

Excel reads ``1/2/2026`` by the locale of the machine that calculates: 2 January in en-US,
1 February in en-GB and most of Europe. The file does not record it. Expected serials are
hand-computed: 1 January 2026 is 46023 (1 January 2024 is 45292, plus 366 + 365), so
2 January 2026 is 46024 and 1 February 2026 is 46054. formulas' ``test.xlsx`` (saved by an
Excel reading day-first) holds DATEVALUE-like reads of "29/02/1900" as 60, Excel's
phantom 29 February 1900.
"""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from socroi_xl.cli import main
from socroi_xl.engine import WorkbookError, evaluate, recalc_path


def _book(path, texts):
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, t in enumerate(texts, start=1):
        ws.cell(i, 1, t)
        ws.cell(i, 2, f"=DATEVALUE(A{i})")
        ws.cell(i, 3, f"=A{i}+0")
    wb.save(path)
    return path


def _values(path, **kw):
    df = evaluate(path, **kw)
    return dict(zip(df["cell"], df["value"], strict=True)), df.attrs["warnings"]


def test_month_first_by_default_and_the_ambiguity_is_named(tmp_path):
    v, warnings = _values(_book(tmp_path / "b.xlsx", ["01/02/2026", "1/30/2008", "2026-02-01"]))
    assert v["B1"] == 46024 and v["C1"] == 46024  # 2 January 2026
    assert v["B2"] == 39477  # 30 January 2008: only month-first can read it, no ambiguity
    assert v["B3"] == 46054  # ISO text is the same in every locale
    (line,) = [w for w in warnings if "month-first" in w]
    assert "'01/02/2026'" in line and "--date-order dmy" in line and "1/30/2008" not in line


def test_day_first_reads_the_day_first(tmp_path):
    v, warnings = _values(_book(tmp_path / "b.xlsx", ["01/02/2026", "29/02/1900", "1/30/2008", "31/12"]), date_order="dmy")
    assert v["B1"] == 46054 and v["C1"] == 46054  # 1 February 2026
    assert v["B2"] == 60  # as formulas' test.xlsx saved it
    assert v["B3"] == "#VALUE!"  # no month 30: Excel in en-GB gives #VALUE! too
    assert not [w for w in warnings if "month-first" in w]


def test_an_unknown_order_is_refused(tmp_path):
    with pytest.raises(WorkbookError, match="date order"):
        recalc_path(_book(tmp_path / "b.xlsx", ["1/2/2026"]), tmp_path / "out.xlsx", date_order="ymd")


def test_the_command_takes_the_order(tmp_path):
    src = _book(tmp_path / "b.xlsx", ["01/02/2026"])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["recalc", str(src), "-o", str(out), "--date-order", "dmy"])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out / "b.xlsx", data_only=True).active
    assert ws["B1"].value == 46054
