"""socroi_xl.xl.dates: Excel's date serials, calendar arithmetic and date/time text.

Expected serials come from Microsoft's documentation (the DATE, DATEVALUE, YEARFRAC and
DAYS360 function pages, cited beside each case) or are counted by hand in the comment
(1 January 2024 is serial 45292: 124 years of days from 30 December 1899, the day 0 of
serials from 1 March 1900).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from socroi_xl.xl import dates


def test_the_1900_system_counts_a_29_february_1900_that_never_was():
    # Excel's serial 1 is 1 Jan 1900, 59 is 28 Feb, 60 the fictitious 29 Feb, 61 is 1 Mar.
    assert [dates.day_number(1900, 1, 1), dates.day_number(1900, 2, 28)] == [1, 59]
    assert dates.day_number(1900, 2, 29) == 60 and dates.day_number(1900, 3, 1) == 61
    assert [dates.civil(n) for n in (0, 1, 59, 60, 61)] == [
        (1900, 1, 0), (1900, 1, 1), (1900, 2, 28), (1900, 2, 29), (1900, 3, 1)]
    # 31 December 9999 is the last day: 2958465
    assert dates.civil(2958465) == (9999, 12, 31)
    with pytest.raises(dates.DateRangeError):
        dates.civil(2958466)
    with pytest.raises(dates.DateRangeError):
        dates.civil(-1)


def test_1904_system_starts_on_1_january_1904():
    # 1904 serial 0 is 1 Jan 1904; a day's 1900 serial is its 1904 serial + 1462.
    assert dates.ymd(0, date1904=True) == (1904, 1, 1)
    assert dates.date_serial(2024, 1, 1, date1904=True) == 45292 - 1462
    assert dates.serial(dt.date(2024, 1, 1), date1904=True) == 45292 - 1462
    with pytest.raises(dates.DateRangeError):  # no 1903 in the 1904 system
        dates.date_serial(1903, 12, 31, date1904=True)
    assert dates.ymd(2957003, date1904=True) == (9999, 12, 31)


def test_weekday_follows_excel_for_early_1900():
    # Excel takes serial 1 (1 Jan 1900) for a Sunday (in history a Monday); from 1 Mar 1900
    # (serial 61, a Thursday) both agree. 1 Jan 2024 was a Monday.
    assert dates.weekday(1) == 6
    assert dates.weekday(61) == 3
    assert dates.weekday(45292) == 0


def test_date_rolls_months_and_days_as_microsoft_documents():
    # support.microsoft.com "DATE function", Remarks: DATE(108,1,2) is January 2, 2008;
    # DATE(2008,14,2) February 2, 2009; DATE(2008,-3,2) September 2, 2007;
    # DATE(2008,1,35) February 4, 2008; DATE(2008,1,-15) December 16, 2007.
    # Serials: 1 Jan 2008 = 39448 (DATEVALUE example "1/1/2008" in Microsoft's DATEVALUE page).
    jan1_2008 = 39448
    assert dates.date_serial(108, 1, 2) == jan1_2008 + 1
    assert dates.date_serial(2008, 14, 2) == jan1_2008 + 366 + 31 + 1  # 2008 has 366 days
    assert dates.date_serial(2008, -3, 2) == jan1_2008 - 122 + 1  # Sep 1 2007 is 122 days before
    assert dates.date_serial(2008, 1, 35) == jan1_2008 + 34
    assert dates.date_serial(2008, 1, -15) == jan1_2008 - 16
    with pytest.raises(dates.DateRangeError):
        dates.date_serial(10000, 1, 1)
    with pytest.raises(dates.DateRangeError):
        dates.date_serial(-1, 1, 1)
    assert dates.date_serial(1900, 3, 0) == 60  # day 0 of March 1900 is Excel's 29 Feb


def test_edate_and_eomonth_arithmetic():
    # 31 Jan 2024 (45322) + 1 month: 29 Feb 2024 (45351); 29 Feb 2024 + 12: 28 Feb 2025 (45351+365).
    assert dates.add_months(45322, 1) == 45351
    assert dates.add_months(45351, 12) == 45351 + 365
    # EOMONTH(1 Jan 2011, 1) = 28 Feb 2011 = 40602 and (.., -3) = 31 Oct 2010 = 40482
    # (support.microsoft.com "EOMONTH function" example).
    assert dates.end_of_month(40544, 1) == 40602
    assert dates.end_of_month(40544, -3) == 40482
    with pytest.raises(dates.DateRangeError):
        dates.add_months(61, -3)  # December 1899


def test_split_time_rounds_to_the_second():
    # 0.999 day = 86313.6 s: 23:58:33.6 -> 23:58:34; 0.999999999 day rounds to the next day.
    assert dates.split_time(0.999) == (0, 86314)
    assert dates.split_time(0.999999999) == (1, 0)
    assert dates.split_time(45000.75) == (45000, 64800)


def test_python_dates_and_numpy_arrays():
    assert dates.serial(dt.datetime(2024, 1, 1, 6, 0)) == 45292.25
    assert dates.serial(dt.time(18, 0)) == 0.75
    assert dates.serial(dt.date(1900, 2, 28)) == 59.0  # Excel's count, one behind reality
    arr = np.array(["2024-01-01T12:00", "1900-02-28", "NaT"], dtype="datetime64[m]")
    out = dates.serials(arr)
    assert out[:2].tolist() == [45292.5, 59.0] and np.isnan(out[2])
    assert dates.to_datetime(45292.25) == dt.datetime(2024, 1, 1, 6, 0)
    with pytest.raises(dates.DateRangeError):
        dates.to_datetime(60)  # Excel's 29 Feb 1900 is no real date


@pytest.mark.parametrize(
    ("text", "serial"),
    [
        # support.microsoft.com "DATEVALUE function" examples
        ("8/22/2011", 40777),
        ("22-MAY-2011", 40685),
        ("2011/02/23", 40597),
        # the same day in other ways Excel reads (22 August 2011 = 40777)
        ("2011-08-22", 40777),
        ("22 August 2011", 40777),
        ("Aug 22, 2011", 40777),
        ("August 22 2011", 40777),
        ("Monday, August 22, 2011", 40777),
        ("8-22-2011", 40777),
        ("8/22/11", 40777),
        ("Aug-2011", 40756),  # the first of the month: 40777 - 21
        ("29-Feb-1900", 60),
        ("1-Mar-1900", 61),
    ],
)
def test_date_text(text, serial):
    r = dates.read_datetime(text)
    assert r is not None and r.day == serial and r.time is None


@pytest.mark.parametrize(
    "text", ["hello", "", "13/1/2011", "2/30/2011", "1/1/1899", "31-Dec-1899", "1/2008/3", "2011-08-22T10:00", "1.5.2011"]
)
def test_text_that_is_no_date(text):
    assert dates.read_datetime(text) is None


def test_text_without_a_year_takes_the_year_given():
    # support.microsoft.com "DATEVALUE function": =DATEVALUE("5-JUL") is 5 July of the
    # current year (39634 with a 2008 clock).
    assert dates.read_datetime("5-JUL") is None
    assert dates.read_datetime("5-JUL", year=2008).day == 39634
    assert dates.read_datetime("7/5", year=2008).day == 39634


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("2:24 AM", 0.1),  # support.microsoft.com "TIMEVALUE function": 0.1
        ("12:00 PM", 0.5),
        ("12:30 AM", 0.5 / 24),
        ("18:45", 18.75 / 24),
        ("6 PM", 0.75),
        ("18:45:30.5", (18 * 3600 + 45 * 60 + 30.5) / 86400),
        ("30:15.5", (30 * 60 + 15.5) / 86400),  # minutes and seconds
        ("25:00", 25 / 24),  # hours past a day
        (" 1:30 ", 1.5 / 24),
    ],
)
def test_time_text(text, fraction):
    r = dates.read_datetime(text)
    assert r is not None and r.day is None and r.time == pytest.approx(fraction, abs=1e-15)


def test_date_and_time_text():
    # "22-Aug-2011 6:35 AM": day 40777 and 6:35 = 0.27430555... (TIMEVALUE's example 0.2743)
    r = dates.read_datetime("22-Aug-2011 6:35 AM")
    assert r.day == 40777 and r.time == pytest.approx(395 / 1440)
    assert dates.read_datetime("13:00 PM") is None and dates.read_datetime("24:61") is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # TEXT(text,"#.#####") in dgorissen/pycel tests/fixtures/text.xlsx (TextDates), the
        # values Excel saved: the last unit may pass 59 (to 9999) while those before it are
        # within theirs; text that is not a time stays text
        ("0:59:99", ".04212"), ("23:99", "1.02708"), ("23:9999", "7.90208"), ("0:0:9999", ".11573"),
        ("23:59:9999", "1.11503"), ("59:9999.0", ".1567"), ("23:59.", ".99931"),
        ("60:99", "60:99"), ("24:99", "24:99"), ("23:10000", "23:10000"), ("0:0:10000", "0:0:10000"),
        ("23:60:9999", "23:60:9999"), ("59:10000.0", "59:10000.0"), ("23:59.:0", "23:59.:0"),
        ("23.:59", "23.:59"),
    ],
)
def test_time_text_overflowing_units(text, shown):
    from socroi_xl.xl.numfmt import render

    x = dates.text_number(text)
    assert (text if x is None else render(x, "#.#####")) == shown


def test_text_number_reads_numbers_then_dates():
    assert dates.text_number("$1,000") == 1000.0  # support.microsoft.com "VALUE function"
    assert dates.text_number("16:48:00") - dates.text_number("12:00:00") == pytest.approx(0.2)
    assert dates.text_number("1/30/2008") == 39477
    assert dates.text_number("1/30/2008", date1904=True) == 39477 - 1462
    assert dates.text_number("nope") is None


def test_days360_us_and_european():
    # support.microsoft.com "DAYS360 function": 30-Jan-11 to 1-Feb-11 is 1, 1-Jan-11 to
    # 31-Dec-11 is 360, 1-Jan-11 to 1-Feb-11 is 30.
    jan1, jan30, feb1, dec31 = 40544, 40573, 40575, 40908
    assert dates.days360(jan30, feb1) == 1
    assert dates.days360(jan1, dec31) == 360
    assert dates.days360(jan1, feb1) == 30
    # The US method takes the last day of February for the 30th (28 Feb 2025 -> 1 Mar 2025
    # is 1 day); the European method does not (30 - 28 + 1 = 3).
    feb28, mar1 = 45716, 45717
    assert dates.days360(feb28, mar1) == 1
    assert dates.days360(feb28, mar1, european=True) == 3
    # 31 Jan -> 31 Mar: US 60 (both 31sts become 30ths), and so does the European method.
    assert dates.days360(45322, 45382) == 60 and dates.days360(45322, 45382, european=True) == 60


def test_year_fraction_bases():
    # support.microsoft.com "YEARFRAC function": 1/1/2012 to 7/30/2012 is 0.58055556 (basis 0),
    # 0.57650273 (basis 1), 0.57808219 (basis 3).
    a, b = 40909, 41120  # 1 Jan 2012, 30 Jul 2012 (211 days)
    assert dates.year_fraction(a, b, 0) == pytest.approx(0.58055556, abs=5e-9)
    assert dates.year_fraction(a, b, 1) == pytest.approx(0.57650273, abs=5e-9)
    assert dates.year_fraction(a, b, 3) == pytest.approx(0.57808219, abs=5e-9)
    assert dates.year_fraction(a, b, 2) == pytest.approx(211 / 360)
    assert dates.year_fraction(b, a, 4) == pytest.approx(209 / 360)  # order does not matter: 6*30+29
    # Over several years, basis 1 divides by the average year length: 2011-01-01 .. 2013-01-01
    # spans 2011, 2012 and 2013 (365+366+365)/3; 731 days.
    assert dates.year_fraction(40544, 41275, 1) == pytest.approx(731 / (1096 / 3))
    with pytest.raises(ValueError):
        dates.year_fraction(a, b, 5)
