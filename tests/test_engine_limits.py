"""One formula never fails the whole workbook: ranges over the full grid are read sparsely
(only the cells a sheet uses) or, at worst, give that one cell #VALUE! with a warning; the
pinned clock and random seed reach the functions.

Expected values are hand-computed in the comments.
"""

from __future__ import annotations

import datetime as dt
import resource
import zipfile

import openpyxl
import pytest

from socroi_xl.engine import evaluate
from socroi_xl.engine.api import parse_today
from socroi_xl.engine.functions import SPECS
from socroi_xl.engine.functions.spec import CallContext, function


def test_full_grid_ranges_do_not_exhaust_memory(tmp_path):
    # Sheet1 holds 5 at A1, 7 at B2 and 1 at XFD1048576 (the last cell of the grid).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"], ws["B2"], ws["XFD1048576"] = 5, 7, 1
    s = wb.create_sheet("S2")
    s["A1"] = "=SUM(Sheet1!A:XFD)"                   # 5 + 7 + 1 = 13
    s["A2"] = "=SUM(Sheet1!A1:XFD1048576)"           # 13
    s["A3"] = "=COUNT(Sheet1!A:XFD)"                 # 3
    s["A4"] = "=MAX(Sheet1!1:1048576)"               # 7
    s["A5"] = "=Sheet1!A1:XFD1048576"                # implicit intersection with row 5, column A: blank -> 0
    s["A6"] = "=INDEX(Sheet1!A1:XFD1048576,1,1)"     # 5 (or, at worst, #VALUE! with a warning)
    s["A7"] = "=COUNTBLANK(Sheet1!A1:XFD1048576)"    # 17,179,869,184 - 3 (or #VALUE! with a warning)
    s["A8"] = "=SUMPRODUCT(Sheet1!A1:XFD1048576)"    # 13 (or #VALUE! with a warning)
    s["A9"] = "=A1*2"                                # the rest of the book is evaluated: 26
    path = tmp_path / "big.xlsx"
    wb.save(path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    df = evaluate(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 1000
    v = dict(zip(df["cell"], df["value"], strict=True))
    warnings = df.attrs["warnings"]
    assert v["A1"] == 13.0 and v["A2"] == 13.0 and v["A3"] == 3.0 and v["A4"] == 7.0
    assert v["A5"] == 0.0
    assert v["A9"] == 26.0
    exact = {"A6": 5.0, "A7": 17_179_869_184.0 - 3, "A8": 13.0}
    for cell, expected in exact.items():
        if v[cell] != expected:  # not computed: an error in that cell, named in a warning
            assert v[cell] == "#VALUE!"
            assert any("too large" in w and "S2!" in w for w in warnings)


def test_parse_today():
    assert parse_today("2026-12-01") == dt.datetime(2026, 12, 1)
    assert parse_today(dt.date(2026, 12, 1)) == dt.datetime(2026, 12, 1)
    assert parse_today(None) is None
    with pytest.raises(ValueError):
        parse_today("first of December")


def test_the_pinned_clock_and_seed_reach_the_functions(tmp_path):
    # A test-only function showing what the evaluation settings say: the clock as a serial
    # (2026-12-01 is 46357: 2024-01-01 = 45292, + 366 + 365 + 334 days) and a random draw.
    names = ("TEST_CLOCK_SERIAL", "TEST_RANDOM_DRAW")

    @function(names[0], "", category="date", context=True, volatile=True)
    def clock(ctx: CallContext) -> float:
        "The pinned clock (test only)."
        return float((ctx.settings.now() - dt.datetime(1899, 12, 30)).days)

    @function(names[1], "", category="math", context=True, volatile=True)
    def draw(ctx: CallContext) -> float:
        "A random draw (test only)."
        return ctx.settings.random()

    try:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws["A1"] = f"={names[0]}()"
        ws["A2"] = f"={names[1]}()"
        path = tmp_path / "clock.xlsx"
        wb.save(path)
        first = evaluate(path, today="2026-12-01", seed=42)["value"].tolist()
        again = evaluate(path, today=dt.date(2026, 12, 1), seed=42)["value"].tolist()
        other = evaluate(path, today="2026-12-02", seed=7)["value"].tolist()
        assert first[0] == 46357.0 and other[0] == 46358.0
        assert first[1] == again[1] and first[1] != other[1] and 0 <= first[1] < 1
    finally:
        for n in names:
            SPECS.pop(n)


def test_a_stored_value_that_overflows_a_double_is_never_read_as_infinity(tmp_path):
    # A2 holds 1e400 in the file (beyond a double): arithmetic on it is #NUM! (or the reader
    # refuses the cell), never a number; =A2+A3 with A3 = -1e400 is not 0.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A2"], ws["A3"] = 1.0, -1.0
    ws["B1"], ws["B2"], ws["B3"] = "=A2+A3", "=SUM(A2:A3)", "=A2*2"
    path = tmp_path / "o.xlsx"
    wb.save(path)
    raw = tmp_path / "overflow.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(raw, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>1</v>", b"<v>1e400</v>").replace(b"<v>-1</v>", b"<v>-1e400</v>")
            dst.writestr(info, data)
    values = dict(zip(*(lambda d: (d["cell"], d["value"]))(evaluate(raw)), strict=True))
    for cell in ("B1", "B2", "B3"):
        assert values[cell] == "#NUM!", (cell, values[cell])


def test_a_lambda_over_millions_of_cells_is_refused_in_its_cell_not_hung(tmp_path):
    # MAP over A1:D1048576 (4,194,304 cells) would call its LAMBDA four million times: the
    # cell is #VALUE! with a warning, at once; the rest of the book is evaluated.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 2
    ws["F1"] = "=MAP(A1:D1048576,LAMBDA(v,v+1))"
    ws["F2"] = "=A1*3"
    path = tmp_path / "map.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = dict(zip(df["cell"], df["value"], strict=True))
    assert v["F1"] == "#VALUE!" and v["F2"] == 6.0
    assert any("too large" in w and "MAP" in w for w in df.attrs["warnings"])
