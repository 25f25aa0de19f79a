"""FORECAST.ETS and its family: evaluated only where any AAA fit gives Excel's answer (a series
that is exactly a line plus a season), every other case named in a warning (see
:mod:`socroi_xl.engine.functions.statistical_ets`).

Expected values: the cells Excel saved in vinci1it2000/formulas' ``test/test_files/test.xlsx``
(sheet STATISTICAL, rows 38-41: values {3,3,1,2,3,2,1,3,2,1} on the timeline
{3,7,5,6,7,8,1,3,4,9}, which sorted, averaged where a time repeats and completed at time 2 is
1,2,3,2,1,2,3,2,1 — exactly a season of 4 around a level of 2), series worked out by hand in
the comments, and LibreOffice 7.4's recalculation of those series (it agrees on exact fits).
"""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from socroi_xl import libreoffice
from socroi_xl.engine import evaluate

V = "{3,3,1,2,3,2,1,3,2,1}"
T = "{3,7,5,6,7,8,1,3,4,9}"

#: y_k = 10 + 0.5 k + (1, -2, 1)[k mod 3], k = 0..8, on the timeline 100, 107, ..., 156
SEASONAL_Y = "{11,8.5,12,12.5,10,13.5,14,11.5,15}"
SEASONAL_T = "{100,107,114,121,128,135,142,149,156}"


def run(tmp_path, cells: dict[str, object]):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "ets.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True)), df.attrs["warnings"]


def test_forecast_as_excel_saved_it(tmp_path):
    v, warnings = run(tmp_path, {
        "A1": f"=_xlfn.FORECAST.ETS(10,{V},{T},4)",  # R38: 2
        "A2": f"=_xlfn.FORECAST.ETS(100,{V},{T},4,1)",  # U38: 2
        "A3": f"=_xlfn.FORECAST.ETS(60,{V},{T},4,1)",  # X38 (the date 29/02/1900): 2
        "A4": f"=_xlfn.FORECAST.ETS(TRUE,{V},{T},4,1)",  # Y38: 1, the first point
        "A5": f"=_xlfn.FORECAST.ETS(-1,{V},{T},4,1)",  # V38: #NUM!
        "A6": f"=_xlfn.FORECAST.ETS(Z1,{V},{T},4,1)",  # W38, a blank target: #NUM!
        "A7": f"=_xlfn.FORECAST.ETS(10,{V},{T},4,1,4)",  # aggregation MAX: the same series
        "A8": f"=_xlfn.FORECAST.ETS(NA(),{V},{T},4,1)",  # AA38: #N/A
        "A9": f"=_xlfn.FORECAST.ETS(10,{V},{T},4,1,)",  # AG38's empty last argument: AVERAGE
    })
    # (the fit is a least-squares solve: its last bits are float noise, as Excel's 0.09999999999999964)
    n = pytest.approx
    assert [v[f"A{i}"] for i in range(1, 10)] == [n(2.0), n(2.0), n(2.0), n(1.0), "#NUM!", "#NUM!", n(2.0), "#N/A", n(2.0)]
    assert not [w for w in warnings if "FORECAST" in w]


def test_confint_seasonality_and_stat_as_excel_saved_them(tmp_path):
    v, _ = run(tmp_path, {
        # CONFINT(50, ..., confidence level, 4, 1): 0.1, 0.7 and a blank give 0 (S39, T39, W39);
        # 10, 100, -1 and TRUE are #NUM! (R39, U39, V39, Y39)
        **{f"B{i}": f"=_xlfn.FORECAST.ETS.CONFINT(50,{V},{T},{p},4,1,)" for i, p in enumerate(["0.1", "0.7", "Z1", "10", "100", "-1", "TRUE"], 1)},
        # SEASONALITY's data_completion 2, 3, -1: #NUM! (S40, T40, V40)
        **{f"C{i}": f"=_xlfn.FORECAST.ETS.SEASONALITY({V},{T},{c})" for i, c in enumerate(["2", "3", "-1"], 1)},
        # STAT types 4-7 (MASE, SMAPE, MAE, RMSE): 0; 8 (step): 1; blank, FALSE: #NUM! (R41:W41, Y41)
        **{f"D{i}": f"=_xlfn.FORECAST.ETS.STAT({V},{T},{t},4,1,)" for i, t in enumerate(["4", "5", "6", "7", "8", "Z1", "FALSE"], 1)},
    })
    assert [v[f"B{i}"] for i in range(1, 8)] == [0.0, 0.0, 0.0] + ["#NUM!"] * 4
    assert [v[f"C{i}"] for i in range(1, 4)] == ["#NUM!"] * 3
    assert [v[f"D{i}"] for i in range(1, 8)] == [0.0, 0.0, 0.0, 0.0, 1.0, "#NUM!", "#NUM!"]  # exactly


def test_exact_series_worked_out_by_hand(tmp_path):
    v, warnings = run(tmp_path, {
        # y = 10 + 0.5k + (1,-2,1)[k mod 3]: k = 10 at 170 -> 10 + 5 - 2 = 13; k = 15 at 205 -> 18.5
        "A1": f"=_xlfn.FORECAST.ETS(170,{SEASONAL_Y},{SEASONAL_T},3)",
        "A2": f"=_xlfn.FORECAST.ETS(205,{SEASONAL_Y},{SEASONAL_T},3)",
        "A3": f"=_xlfn.FORECAST.ETS.STAT({SEASONAL_Y},{SEASONAL_T},8,3)",  # the step: 7
        "A4": f"=_xlfn.FORECAST.ETS.CONFINT(170,{SEASONAL_Y},{SEASONAL_T},0.9,3)",  # exact: 0
        # no season, y = 1 + 2k on 10, 20, ...: at 90 (k = 8) 17 + 2 = 19
        "B1": "=_xlfn.FORECAST.ETS(90,{3,5,7,9,11,13},{10,20,30,40,50,60},0)",
        # the point at 30 missing, completed as the average of its neighbours (7), unsorted: at 80, 17
        "B2": "=_xlfn.FORECAST.ETS(80,{13,5,9,11,3},{60,20,40,50,10},0)",
    })
    assert (v["A1"], v["A2"], v["A3"], v["A4"]) == (pytest.approx(13.0, abs=1e-12), pytest.approx(18.5, abs=1e-12), 7.0, 0.0)
    assert (v["B1"], v["B2"]) == (pytest.approx(19.0, abs=1e-12), pytest.approx(17.0, abs=1e-12))
    assert not [w for w in warnings if "FORECAST" in w]


def test_argument_errors(tmp_path):
    v, _ = run(tmp_path, {
        "A1": f"=_xlfn.FORECAST.ETS(10,{V},{T},8761)",  # longer than 8760: #NUM!
        "A2": f"=_xlfn.FORECAST.ETS(10,{V},{T},-1)",
        "A3": f"=_xlfn.FORECAST.ETS(10,{V},{T},2.5)",  # not a whole number
        "A4": f"=_xlfn.FORECAST.ETS(10,{V},{T},4,1,0)",  # aggregation outside 1-7
        "A5": f"=_xlfn.FORECAST.ETS(10,{V},{T},4,1,8)",
        "A6": "=_xlfn.FORECAST.ETS(10,{1,2,3},{1,2},0)",  # sizes differ: #N/A
        "A7": "=_xlfn.FORECAST.ETS(10,{1,2,3,4},{1,2,3.5,4.2},0)",  # no constant step: #NUM!
        "A8": f"=_xlfn.FORECAST.ETS.CONFINT(50,{V},{T},0,4,1)",  # the level is in (0, 1)
        "A9": f"=_xlfn.FORECAST.ETS.STAT({V},{T},9,4,1)",
    })
    assert [v[f"A{i}"] for i in range(1, 10)] == ["#NUM!"] * 5 + ["#N/A", "#NUM!", "#NUM!", "#NUM!"]


def test_what_excel_does_not_publish_is_named_not_guessed(tmp_path):
    v, warnings = run(tmp_path, {
        "A1": f"=_xlfn.FORECAST.ETS(10,{V},{T})",  # automatic season detection
        "A2": "=_xlfn.FORECAST.ETS(10,{1,3,2,5,4,6},{1,2,3,4,5,6},0)",  # not an exact fit
        "A3": f"=_xlfn.FORECAST.ETS.SEASONALITY({V},{T})",  # Excel saved 0 here, LibreOffice 4
        "A4": f"=_xlfn.FORECAST.ETS.STAT({V},{T},1,4,1)",  # alpha
        "A5": f"=_xlfn.FORECAST.ETS(0.1,{V},{T},4,1)",  # before the start (Excel saved 0.1)
        "A6": f"=_xlfn.FORECAST.ETS(10.5,{V},{T},4,1)",  # between two points
        "A7": f"=IFERROR(_xlfn.FORECAST.ETS(10,{V},{T}),0)",  # not turned into a plausible 0
    })
    assert all(v[f"A{i}"] in ("#VALUE!", "#NAME?") for i in range(1, 8))
    text = " ".join(warnings)
    for what in ("automatic season detection", "not exactly a line plus a season", "season detection is not published",
                 "smoothing constants", "before the timeline's start", "between two points"):
        assert what in text, what


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_agrees_on_exact_series(tmp_path):
    cells = {
        "A1": f"=_xlfn.FORECAST.ETS(170,{SEASONAL_Y},{SEASONAL_T},3)",
        "A2": f"=_xlfn.FORECAST.ETS(205,{SEASONAL_Y},{SEASONAL_T},3)",
        "A3": f"=_xlfn.FORECAST.ETS.STAT({SEASONAL_Y},{SEASONAL_T},7,3)",
        "A4": "=_xlfn.FORECAST.ETS(80,{13,5,9,11,3},{60,20,40,50,10},0)",
        "A5": f"=_xlfn.FORECAST.ETS(100,{V},{T},4,1)",
    }
    ours, _ = run(tmp_path, cells)
    src = tmp_path / "ets.xlsx"
    out = tmp_path / "lo"
    out.mkdir()
    libreoffice.convert([src], out, libreoffice.XLSX, libreoffice.make_profile(tmp_path / "profile", recalc_on_load=True))
    theirs = openpyxl.load_workbook(out / "ets.xlsx", data_only=True)["S"]
    for ref in cells:
        assert ours[ref] == pytest.approx(float(theirs[ref].value), abs=1e-9), ref


def test_a_monthly_timeline_is_named_not_refused(tmp_path):
    # the 1st of each month, 2024: steps of 31, 29, 31... days; Excel steps such a timeline by
    # months (not evaluated here), so it is not "no constant step" (#NUM!)
    v, warnings = run(tmp_path, {
        "A1": "=_xlfn.FORECAST.ETS(45444,{1,2,3,4,5},{45292,45323,45352,45383,45413},0)",
    })
    assert v["A1"] == "#VALUE!"
    assert any("months" in w for w in warnings)
