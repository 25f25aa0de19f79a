"""Date & time functions through the engine: Microsoft's documentation examples
(support.microsoft.com, the "<NAME> function" page of each, its example table, cited as
"doc"), Excel's error codes, the pinned clock and the 1904 date system. Serials are counted
by hand where the page shows a date (1 January 2008 = 39448, 1 January 2011 = 40544,
1 January 2012 = 40909). The Excel-saved cross-check is ``tests/test_fn_excel_saved.py``,
the LibreOffice one ``tests/golden/fn_date.json``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate
from socroi_xl.engine.functions import SPECS
from socroi_xl.engine.functions.spec import CallContext, Settings


def run(tmp_path: Path, cells: dict[str, object], **kw) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path, **kw)
    return dict(zip(df["cell"], df["value"], strict=True))


def cases(tmp_path: Path, data: dict[str, object], formulas: dict[str, str], **kw) -> dict[str, object]:
    cells = dict(data)
    where = {}
    for i, (name, f) in enumerate(formulas.items(), start=1):
        cells[f"Z{i}"] = f
        where[name] = f"Z{i}"
    v = run(tmp_path, cells, **kw)
    return {name: v[ref] for name, ref in where.items()}


def d(y: int, m: int, day: int) -> dt.datetime:
    return dt.datetime(y, m, day)


def test_date_and_parts(tmp_path):
    v = cases(tmp_path, {"A2": 2011, "B2": 1, "C2": 1, "D2": "20111125", "E2": d(2008, 7, 5), "E3": d(2011, 4, 15)}, {
        "date": "=DATE(A2,B2,C2)",  # doc: 40544 (1/1/2011)
        "date text": "=DATE(LEFT(D2,4),MID(D2,5,2),RIGHT(D2,2))",  # doc: 11/25/2011 = 40872
        "date 108": "=DATE(108,1,2)", "date 14": "=DATE(2008,14,2)", "date -3": "=DATE(2008,-3,2)",
        "date 35": "=DATE(2008,1,35)", "date -15": "=DATE(2008,1,-15)",
        # doc remarks: 2 Jan 2008, 2 Feb 2009, 2 Sep 2007, 4 Feb 2008, 16 Dec 2007
        "date 10000": "=DATE(10000,1,1)", "date neg": "=DATE(-1,1,1)",  # #NUM! x2
        "year": "=YEAR(E2)", "month": "=MONTH(E3)", "day": "=DAY(E3)",  # doc: 2008, 4, 15
        "year neg": "=YEAR(-1)", "year text": '=YEAR("2024-03-15")', "year bad": '=YEAR("soon")',
        # #NUM! (issue 13: a negative serial), 2024, #VALUE!
        "day 0": "=DAY(0)", "month 0": "=MONTH(0)", "day 60": "=DAY(60)",  # Excel's 0 Jan, 29 Feb 1900: 0, 1, 29
        "year big": "=YEAR(2958466)",  # past 31 Dec 9999: #NUM!
    })
    assert v == {
        "date": 40544.0, "date text": 40872.0, "date 108": 39449.0, "date 14": 39846.0, "date -3": 39327.0,
        "date 35": 39482.0, "date -15": 39432.0, "date 10000": "#NUM!", "date neg": "#NUM!", "year": 2008.0,
        "month": 4.0, "day": 15.0, "year neg": "#NUM!", "year text": 2024.0, "year bad": "#VALUE!",
        "day 0": 0.0, "month 0": 1.0, "day 60": 29.0, "year big": "#NUM!",
    }


def test_datevalue_timevalue_doc_examples(tmp_path):
    v = cases(tmp_path, {"A2": "3", "A3": "14", "A4": "2011"}, {
        "dv": '=DATEVALUE("8/22/2011")', "dv 2": '=DATEVALUE("22-MAY-2011")', "dv 3": '=DATEVALUE("2011/02/23")',
        "dv join": '=DATEVALUE(A2&"/"&A3&"/"&A4)',  # doc: 40777, 40685, 40597, 40616
        "dv time": '=DATEVALUE("2011-08-22 10:00")',  # the time is ignored: 40777
        "dv number": "=DATEVALUE(40777)", "dv bad": '=DATEVALUE("Smarch 3")',  # #VALUE! x2 (text wanted)
        "tv": '=TIMEVALUE("2:24 AM")', "tv 2": '=TIMEVALUE("22-Aug-2011 6:35 AM")',  # doc: 0.1, 0.2743
        "tv 24": '=TIMEVALUE("24:00")', "tv date only": '=TIMEVALUE("8/22/2011")',  # 0, #VALUE!
    })
    assert v["tv"] == pytest.approx(0.1) and v["tv 2"] == pytest.approx(0.2743, abs=5e-5)
    del v["tv"], v["tv 2"]
    assert v == {"dv": 40777.0, "dv 2": 40685.0, "dv 3": 40597.0, "dv join": 40616.0, "dv time": 40777.0,
                 "dv number": "#VALUE!", "dv bad": "#VALUE!", "tv 24": 0.0, "tv date only": "#VALUE!"}


def test_time_hour_minute_second(tmp_path):
    v = cases(tmp_path, {"A2": 0.75, "A3": dt.datetime(2011, 7, 18, 7, 45), "A4": d(2012, 4, 21),
                         "B2": dt.time(12, 45), "C2": dt.time(16, 48, 18), "C3": dt.time(16, 48)}, {
        "time": "=TIME(12,0,0)", "time 2": "=TIME(16,48,10)",  # doc: 0.5, 0.7001157
        "time wrap": "=TIME(23,59,60)", "time neg": "=TIME(0,0,-1)", "time big": "=TIME(32768,0,0)",
        # a full day wraps to 0; a negative total and an hour past 32767 are #NUM!
        "time mixed": "=TIME(0,-1,120)",  # -60 s + 120 s: 1 minute
        "hour": "=HOUR(A2)", "hour 2": "=HOUR(A3)", "hour 3": "=HOUR(A4)",  # doc: 18, 7, 0
        "minute": "=MINUTE(B2)", "second": "=SECOND(C2)", "second 2": "=SECOND(C3)",  # doc: 45, 18, 0
        "hour text": '=HOUR("3:30 PM")', "hour neg": "=HOUR(-0.5)",  # 15, #NUM!
        "second round": "=SECOND(0.999)", "hour round": "=HOUR(0.999999999)",
        # 0.999 day = 23:58:33.6, the second rounded: 34; 0.999999999 rounds to 24:00: hour 0
    })
    assert v["time 2"] == pytest.approx(0.7001157, abs=5e-8) and v["time mixed"] == pytest.approx(1 / 1440)
    del v["time 2"], v["time mixed"]
    assert v == {"time": 0.5, "time wrap": 0.0, "time neg": "#NUM!", "time big": "#NUM!", "hour": 18.0,
                 "hour 2": 7.0, "hour 3": 0.0, "minute": 45.0, "second": 18.0, "second 2": 0.0,
                 "hour text": 15.0, "hour neg": "#NUM!", "second round": 34.0, "hour round": 0.0}


def test_edate_eomonth_days_days360(tmp_path):
    v = cases(tmp_path, {"A2": d(2011, 1, 15), "B2": d(2011, 1, 1), "B3": d(2011, 1, 30), "B4": d(2011, 2, 1),
                         "B5": d(2011, 12, 31), "C2": d(2021, 12, 31), "C3": d(2021, 1, 1)}, {
        "edate": "=EDATE(A2,1)", "edate -1": "=EDATE(A2,-1)", "edate 2": "=EDATE(A2,2)",
        # doc: 15-Feb-11 (40589), 15-Dec-10 (40527), 15-Mar-11 (40617)
        "edate end": "=EDATE(DATE(2024,1,31),1)",  # 29 Feb 2024: 45351
        "eomonth": "=EOMONTH(B2,1)", "eomonth -3": "=EOMONTH(B2,-3)",  # doc: 40602, 40482
        "eomonth bool": "=EOMONTH(B2,TRUE)",  # Excel refuses a logical month count: #VALUE!
        "days": '=DAYS("15-MAR-2021","1-FEB-2021")', "days 2": "=DAYS(C2,C3)",  # doc: 42, 364
        "d360": "=DAYS360(B3,B4)", "d360 2": "=DAYS360(B2,B5)", "d360 3": "=DAYS360(B2,B4)",  # doc: 1, 360, 30
        "d360 eu": "=DAYS360(DATE(2024,1,31),DATE(2024,2,29),TRUE)",  # European: 30 -> 29: 29
    })
    assert v == {"edate": 40589.0, "edate -1": 40527.0, "edate 2": 40617.0, "edate end": 45351.0,
                 "eomonth": 40602.0, "eomonth -3": 40482.0, "eomonth bool": "#VALUE!", "days": 42.0,
                 "days 2": 364.0, "d360": 1.0, "d360 2": 360.0, "d360 3": 30.0, "d360 eu": 29.0}


def test_datedif_doc_examples_and_md_quirk(tmp_path):
    v = cases(tmp_path, {"A2": d(2001, 1, 1), "B2": d(2003, 1, 1), "A3": d(2001, 6, 1), "B3": d(2002, 8, 15)}, {
        "y": '=DATEDIF(A2,B2,"Y")', "d": '=DATEDIF(A3,B3,"D")', "yd": '=DATEDIF(A3,B3,"YD")',
        "md": '=DATEDIF(A3,B3,"MD")',  # doc: 2, 440, 75, 14
        "m": '=DATEDIF(A3,B3,"m")', "ym": '=DATEDIF(A3,B3,"YM")',  # 14 months, 2 left over
        "md quirk": '=DATEDIF(DATE(2011,1,31),DATE(2011,3,1),"MD")',
        # doc ("Known issues"): the MD argument may give a negative number: 1 - 31 + 28 = -2
        "reversed": '=DATEDIF(B2,A2,"Y")', "bad unit": '=DATEDIF(A2,B2,"W")',  # #NUM! x2
    })
    assert v == {"y": 2.0, "d": 440.0, "yd": 75.0, "md": 14.0, "m": 14.0, "ym": 2.0, "md quirk": -2.0,
                 "reversed": "#NUM!", "bad unit": "#NUM!"}


def test_yearfrac_doc_examples(tmp_path):
    v = cases(tmp_path, {"A2": d(2012, 1, 1), "A3": d(2012, 7, 30)}, {
        "b0": "=YEARFRAC(A2,A3)", "b1": "=YEARFRAC(A2,A3,1)", "b3": "=YEARFRAC(A2,A3,3)",
        # doc: 0.58055556, 0.57650273, 0.57808219
        "bad basis": "=YEARFRAC(A2,A3,5)", "neg": "=YEARFRAC(-1,A3)",  # #NUM! x2
    })
    assert v["b0"] == pytest.approx(0.58055556, abs=5e-9)
    assert v["b1"] == pytest.approx(0.57650273, abs=5e-9)
    assert v["b3"] == pytest.approx(0.57808219, abs=5e-9)
    assert v["bad basis"] == "#NUM!" and v["neg"] == "#NUM!"


def test_weekday_weeknum_isoweeknum(tmp_path):
    v = cases(tmp_path, {"A2": d(2008, 2, 14), "B2": d(2012, 3, 9)}, {
        "wd": "=WEEKDAY(A2)", "wd 2": "=WEEKDAY(A2,2)", "wd 3": "=WEEKDAY(A2,3)",  # doc: 5, 4, 3
        "wd 11": "=WEEKDAY(A2,11)", "wd 16": "=WEEKDAY(A2,16)", "wd 17": "=WEEKDAY(A2,17)",
        # Thursday: Monday-first 4; Saturday-first 6; Sunday-first 5
        "wd bad": "=WEEKDAY(A2,4)",  # #NUM!
        "wn": "=WEEKNUM(B2)", "wn 2": "=WEEKNUM(B2,2)", "iso": "=ISOWEEKNUM(B2)",  # doc: 10, 11, 10
        "wn 21": "=WEEKNUM(DATE(2021,1,1),21)",  # Friday 1 Jan 2021 is in ISO week 53 of 2020
        "wn 1 jan1": "=WEEKNUM(DATE(2021,1,1))",  # week 1 always holds 1 January
        "wn bad": "=WEEKNUM(B2,3)",  # #NUM!
        "wd excel 1900": "=WEEKDAY(1)",  # Excel takes 1 Jan 1900 for a Sunday: 1
    })
    assert v == {"wd": 5.0, "wd 2": 4.0, "wd 3": 3.0, "wd 11": 4.0, "wd 16": 6.0, "wd 17": 5.0,
                 "wd bad": "#NUM!", "wn": 10.0, "wn 2": 11.0, "iso": 10.0, "wn 21": 53.0, "wn 1 jan1": 1.0,
                 "wn bad": "#NUM!", "wd excel 1900": 1.0}


def test_weekday_weeknum_order_of_their_errors(tmp_path):
    """Which error wins when both arguments are wrong, as Excel saved it in IronCalc's
    WEEKDAY_WEEKNUM_ISOWEEKNUM.xlsx (sheets WEEKDAY and WEEKNUM: dates in column A, types
    in row 1) and WEEKDAY_WEEKNUM_ISOWEEKNUM_issue_1502.xlsx."""
    v = cases(tmp_path, {"A1": "abc", "A2": -1, "A3": True, "A4": d(2026, 1, 7), "B1": "=1/0", "B2": "=NA()", "B3": True}, {
        "wd text": "=WEEKDAY(A1,B1)",         # a date that is not a number first: #VALUE!
        "wd neg na": "=WEEKDAY(A2,B2)",       # the type's error before the date's range: #N/A
        "wd neg abc": '=WEEKDAY(A2,"abc")',   # #VALUE!
        "wd true type": "=WEEKDAY(A4,B3)",    # a logical type reads as 1: 4 (Wednesday)
        "wn text": "=WEEKNUM(A1,B2)",         # #VALUE!
        "wn neg abc": '=WEEKNUM(A2,"abc")',   # the date fully checked first: #NUM!
        "wn neg div": "=WEEKNUM(A2,B1)",      # #NUM!
        "wn true date": "=WEEKNUM(A3,B1)",    # a logical date (Analysis ToolPak): #VALUE!
        "wn true type": "=WEEKNUM(A4,B3)",    # a logical type too: #VALUE!
        "wn div": "=WEEKNUM(A4,B1)",          # a good date: the type's error, #DIV/0!
        "wn blank type": "=WEEKNUM(A4,C9)",   # a blank type is 0: #NUM!
    })  # fmt: skip
    assert v == {"wd text": "#VALUE!", "wd neg na": "#N/A", "wd neg abc": "#VALUE!", "wd true type": 4.0,
                 "wn text": "#VALUE!", "wn neg abc": "#NUM!", "wn neg div": "#NUM!", "wn true date": "#VALUE!",
                 "wn true type": "#VALUE!", "wn div": "#DIV/0!", "wn blank type": "#NUM!"}


def test_workday_rounds_days_down_and_datevalue_rolls_past_midnight(tmp_path):
    """As Excel saved in IronCalc's WORKDAY_WORKDAY.INTL.xlsx (rows 39-42: from Friday
    10 January 2025) and DATEVALUE_issue_1379.xlsx."""
    v = cases(tmp_path, {"A1": d(2025, 1, 10)}, {
        "almost one": "=WORKDAY(A1,0.9999999)",      # 10 January 2025: 45667
        "almost minus one": "=WORKDAY(A1,-0.9999999)",  # 9 January: 45666
        "tiny back": "=WORKDAY.INTL(A1,-1E-9)",      # 45666
        "midnight": '=DATEVALUE("2026-01-01 24:00:00")',  # 2 January 2026: 46024
        "25 h": '=DATEVALUE("2026-01-01 25:00:00")',       # 46024
        "noon": '=DATEVALUE("2026-01-01 12:00:00")',       # a time is ignored (Microsoft's page): 46023
    })  # fmt: skip
    assert v == {"almost one": 45667.0, "almost minus one": 45666.0, "tiny back": 45666.0,
                 "midnight": 46024.0, "25 h": 46024.0, "noon": 46023.0}


def test_networkdays_workday_doc_examples(tmp_path):
    data = {"A2": d(2012, 10, 1), "A3": d(2013, 3, 1), "A4": d(2012, 11, 22), "A5": d(2012, 12, 4),
            "A6": d(2013, 1, 21), "B2": d(2008, 10, 1), "B3": 151, "B4": d(2008, 11, 26), "B5": d(2008, 12, 4),
            "B6": d(2009, 1, 21)}
    v = cases(tmp_path, data, {
        "nwd": "=NETWORKDAYS(A2,A3)", "nwd 1": "=NETWORKDAYS(A2,A3,A4)", "nwd 3": "=NETWORKDAYS(A2,A3,A4:A6)",
        # doc: 110, 109, 107
        "wd": "=WORKDAY(B2,B3)", "wd hol": "=WORKDAY(B2,B3,B4:B6)",  # doc: 4/30/2009 (39933), 5/5/2009 (39938)
        "intl": "=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,1,31))",  # doc: 22
        "intl back": "=NETWORKDAYS.INTL(DATE(2006,2,28),DATE(2006,1,31))",  # doc: -21
        "intl 7": '=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),7,{"2006/1/2","2006/1/16"})',  # doc: 22
        "intl str": '=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),"0010001",{"2006/1/2","2006/1/16"})',  # doc: 20
        "wdi 0": "=WORKDAY.INTL(DATE(2012,1,1),30,0)",  # doc: #NUM!
        "wdi 11": "=WORKDAY.INTL(DATE(2012,1,1),90,11)",  # doc: 41013
        "wdi 17": '=TEXT(WORKDAY.INTL(DATE(2012,1,1),30,17),"m/dd/yyyy")',  # doc: 2/05/2012
        "wd sat": "=WORKDAY(DATE(2024,1,6),1)", "wd sat back": "=WORKDAY(DATE(2024,1,6),-1)",
        # from Saturday 6 Jan 2024: Monday 8 Jan (45299), Friday 5 Jan (45296)
        "wd zero": "=WORKDAY(DATE(2024,1,6),0)",  # the start itself: 45297
        "all weekend": '=WORKDAY.INTL(DATE(2024,1,1),5,"1111111")', "bad mask": '=WORKDAY.INTL(DATE(2024,1,1),5,"0101")',
        # #VALUE! x2
        "nwd all weekend": '=NETWORKDAYS.INTL(DATE(2024,1,1),DATE(2024,1,31),"1111111")',  # 0
    })
    assert v == {"nwd": 110.0, "nwd 1": 109.0, "nwd 3": 107.0, "wd": 39933.0, "wd hol": 39938.0, "intl": 22.0,
                 "intl back": -21.0, "intl 7": 22.0, "intl str": 20.0, "wdi 0": "#NUM!", "wdi 11": 41013.0,
                 "wdi 17": "2/05/2012", "wd sat": 45299.0, "wd sat back": 45296.0, "wd zero": 45297.0,
                 "all weekend": "#VALUE!", "bad mask": "#VALUE!", "nwd all weekend": 0.0}


def test_workday_far_ahead_counts_weeks_and_holidays():
    # 1000 working days after Monday 1 Jan 2024 (45292), Monday to Friday: 1000 = 5 x 200,
    # so it is the Monday 200 weeks later, 45292 + 1400 = 46692; a holiday on Tuesday
    # 2 Jan 2024 (45293) pushes it one working day, to Tuesday 46693. Backwards, -1000 from
    # that Monday is the start again.
    ctx = CallContext("S", 1, 1, Settings())
    f = SPECS["WORKDAY"].func

    class Holidays:
        @staticmethod
        def cells():
            return [45293.0]

    assert f(ctx, 45292.0, 1000.0, None) == 46692.0
    assert f(ctx, 45292.0, 1000.0, Holidays()) == 46693.0
    assert f(ctx, 46692.0, -1000.0, None) == 45292.0


def test_today_now_use_the_pinned_clock():
    # --today 2026-12-01 18:00: TODAY is 46357 (1 Dec 2026), NOW 46357.75, TEXT(TODAY(),"DDDD")
    # a Tuesday, DATEVALUE("5-JUL") 5 July of the clock's year (46357 - 149 days).
    ctx = CallContext("S", 1, 1, Settings(today=dt.datetime(2026, 12, 1, 18, 0)))
    assert SPECS["TODAY"].func(ctx) == 46357.0
    assert SPECS["NOW"].func(ctx) == 46357.75
    assert SPECS["TEXT"].func(ctx, 46357.0, "DDDD") == "Tuesday"
    assert SPECS["DATEVALUE"].func(ctx, "5-JUL") == 46208.0
    assert SPECS["VALUE"].func(ctx, "12/25") == 46381.0  # 25 Dec 2026


def test_today_through_the_engine(tmp_path):
    import inspect

    if "today" not in inspect.signature(evaluate).parameters:
        pytest.skip("evaluate(today=...) comes with the evaluator's pinned clock")
    v = run(tmp_path, {"A1": "=TODAY()", "A2": "=NOW()"}, today=dt.datetime(2026, 12, 1, 18, 0))
    assert v["A1"] == 46357.0 and v["A2"] == 46357.75


def test_the_1904_date_system_through_the_call_context():
    # In a 1904 book serial 0 is 1 January 1904: DATE(1904,1,1) = 0, YEAR(0) = 1904,
    # DATE(2024,1,1) = 45292 - 1462, WEEKDAY of it a Monday, TODAY shifted, DATEVALUE too.
    ctx = CallContext("S", 1, 1, Settings(date1904=True, today=dt.datetime(2024, 1, 1)))
    call = lambda name, *a: SPECS[name].func(ctx, *a)  # noqa: E731
    assert call("DATE", 1904.0, 1.0, 1.0) == 0.0
    assert call("YEAR", 0.0) == 1904.0 and call("DAY", 0.0) == 1.0
    assert call("DATE", 2024.0, 1.0, 1.0) == 45292 - 1462
    assert call("WEEKDAY", float(45292 - 1462), 2.0) == 1.0
    assert call("TODAY") == 45292 - 1462
    assert call("DATEVALUE", "1/1/2024") == 45292 - 1462
    assert call("EDATE", 0.0, 1.0) == 31.0  # 1 Feb 1904
    with pytest.raises(Exception) as e:  # 1903 does not exist there
        call("DATE", 1903.0, 12.0, 31.0)
    assert "NUM" in str(e.value)


def test_lifting_and_filled_down_dates(tmp_path):
    # {=YEAR(A1:A3)} per cell; a filled-down column with a blank (0 -> 1900), text date and
    # a bad text; SUMPRODUCT(MONTH(range)) lifts inside an array argument.
    cells = {"A1": d(2024, 3, 15), "A2": "2023-12-31", "A3": "later", "A5": d(2020, 2, 29),
             "B1": ArrayFormula("B1:B3", "=YEAR(A1:A3)"), "C9": "=SUMPRODUCT(MONTH(A5:A6))"}
    cells.update({f"D{r}": f"=MONTH(A{r})" for r in range(1, 6)})
    v = run(tmp_path, cells)
    assert [v["B1"], v["B2"], v["B3"]] == [2024.0, 2023.0, "#VALUE!"]
    assert [v[f"D{r}"] for r in range(1, 6)] == [3.0, 12.0, "#VALUE!", 1.0, 2.0]
    assert v["C9"] == 3.0  # February + January (blank = 0 = 0 Jan 1900)


def test_every_date_function_is_declared():
    names = {"DATE", "DATEDIF", "DATEVALUE", "DAY", "DAYS", "DAYS360", "EDATE", "EOMONTH", "HOUR", "ISOWEEKNUM",
             "MINUTE", "MONTH", "NETWORKDAYS", "NETWORKDAYS.INTL", "NOW", "SECOND", "TIME", "TIMEVALUE", "TODAY",
             "WEEKDAY", "WEEKNUM", "WORKDAY", "WORKDAY.INTL", "YEAR", "YEARFRAC"}
    assert names <= set(SPECS)
    assert {SPECS[n].category for n in names} == {"date"}
    assert SPECS["TODAY"].volatile and SPECS["NOW"].volatile


def test_yearfrac_and_datedif_as_excel_saved_them(tmp_path):
    # values Excel saved: vinci1it2000/formulas test/test_files/test.xlsx ("DATE & TIME"
    # R27, W27, R4) and dgorissen/pycel tests/fixtures/yearfrac.xlsx (P3, P11, K9)
    v = cases(tmp_path, {"A1": "=1/0", "A2": '="text"'}, {
        "avg years": "=YEARFRAC(1987,345,1)",  # 1642 / (2191/6): 1900 counts 365 days here
        "basis date text": '=YEARFRAC(0,345,"1/1/1987 05:00 AM")',  # basis 31778: #NUM!
        "basis first": "=YEARFRAC(A1,200,-1)",  # #NUM!: the basis is read before the dates
        "basis error first": "=YEARFRAC(A1,200,NA())",  # #N/A
        "basis text": "=YEARFRAC(1,200,A2)",  # #VALUE!
        "yd": '=DATEDIF(8,1987,"YD")',  # 153: the end moved into 1900, a leap year in Excel
    })
    assert v["avg years"] == pytest.approx(4.496576905522592, rel=1e-13)
    assert {k: x for k, x in v.items() if k != "avg years"} == {
        "basis date text": "#NUM!", "basis first": "#NUM!", "basis error first": "#N/A",
        "basis text": "#VALUE!", "yd": 153.0}
