"""Date & time functions (Excel's "Date and time" category), in the workbook's date system.

Dates are serial numbers of the workbook's system (:mod:`socroi_xl.xl.dates`: the 1900
system with its fictitious 29 February 1900, or the 1904 system of ``date1904`` books);
the functions that read or make a date take it from their call context. A date argument
may be a number (its whole part is the day), date or time text (``"2024-03-15"``,
``"15-Mar-2024"``, ``"3/15/2024 6:00 PM"``), TRUE (1) or a blank (0); a serial before the
system's first day or after 31 December 9999 is ``#NUM!``, text that is no date
``#VALUE!``.

TODAY and NOW read the clock of the settings, which ``--today`` pins
(:class:`~socroi_xl.engine.functions.spec.Settings`); they are volatile.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from ...errors import XLError
from ...xl import dates
from ..values import E_NUM, E_VALUE, Err, num
from .atp import atp_number
from .spec import MISSING, CallContext, function

_DAY = 86400.0


# --------------------------------------------------------------------------- arguments


def _number(ctx: CallContext, v: Any) -> float:
    """A date or time argument as a number (text read as Excel reads date text)."""
    if type(v) is float:
        return v
    if v is None:
        return 0.0
    if type(v) is bool:
        return 1.0 if v else 0.0
    if type(v) is XLError:
        raise Err(v)
    if isinstance(v, str):
        x = dates.text_number(v, date1904=ctx.settings.date1904, year=ctx.settings.now().year)
        if x is None:
            raise Err(E_VALUE)
        return x
    return float(v)


def _day(ctx: CallContext, v: Any, *, atp: bool = False, nearest: bool = False) -> int:
    """A date argument as a day number (1900 system), range-checked (#NUM!).

    ``atp``: the function came from Excel's Analysis ToolPak (EDATE, EOMONTH, WORKDAY,
    NETWORKDAYS, YEARFRAC), which refuses logical values (#VALUE!). ``nearest``: the time
    is rounded to the nearest second first, so 23:59:59.9 is the next day (DAYS360)."""
    if atp and type(v) is bool:
        raise Err(E_VALUE)
    x = _number(ctx, v)
    if nearest:
        x = float(dates.split_time(x)[0])
    try:
        return dates.to_day(x, ctx.settings.date1904)
    except dates.DateRangeError:
        raise Err(E_NUM) from None


def _count(v: Any, whole: Callable[[float], int] = math.trunc) -> int:
    """A whole-number argument of an Analysis ToolPak function (months, days, basis):
    truncated (or made whole by ``whole``); text read as VALUE reads it (dates too); a
    logical value is #VALUE!."""
    if type(v) is bool:
        raise Err(E_VALUE)
    if type(v) is XLError:
        raise Err(v)
    if isinstance(v, str):
        x = dates.text_number(v)
        if x is None:
            raise Err(E_VALUE)
        return whole(x)
    return whole(num(v))


def _serial(ctx: CallContext, n: int) -> float:
    """A day number as a serial of the workbook's system (range-checked, #NUM!)."""
    try:
        return float(dates.from_day(n, ctx.settings.date1904))
    except dates.DateRangeError:
        raise Err(E_NUM) from None


def _time(ctx: CallContext, v: Any) -> int:
    """The second of the day of a time argument (rounded to the second); #NUM! if negative."""
    x = _number(ctx, v)
    if x < 0:
        raise Err(E_NUM)
    return dates.split_time(x)[1]


# --------------------------------------------------------------------------- dates


@function("DATE", "number, number, number", category="date", context=True)
def DATE(ctx: CallContext, y: float, m: float, d: float) -> float:
    """The serial number of a date: years 0-1899 count from 1900, months past 12 and days
    past the month's end roll over, DATE(10000,1,1) is #NUM!."""
    try:
        return float(dates.date_serial(math.trunc(y), math.trunc(m), math.trunc(d), ctx.settings.date1904))
    except dates.DateRangeError:
        raise Err(E_NUM) from None


def _part(index: int) -> Any:
    def f(ctx: CallContext, v: Any) -> float:
        return float(dates.civil(_day(ctx, v))[index])

    return f


_YEAR, _MONTH, _DAYPART = _part(0), _part(1), _part(2)


@function("YEAR", "value", category="date", context=True)
def YEAR(ctx: CallContext, v: Any) -> float:
    """The year of a date (1900-9999)."""
    return _YEAR(ctx, v)


@function("MONTH", "value", category="date", context=True)
def MONTH(ctx: CallContext, v: Any) -> float:
    """The month of a date (1-12)."""
    return _MONTH(ctx, v)


@function("DAY", "value", category="date", context=True)
def DAY(ctx: CallContext, v: Any) -> float:
    """The day of the month of a date (1-31; Excel's 0 January 1900 is day 0)."""
    return _DAYPART(ctx, v)


@function("DATEVALUE", "text", category="date", context=True)
def DATEVALUE(ctx: CallContext, s: str) -> float:
    """The serial number of a date written as text (a time in the text is ignored)."""
    r = dates.read_datetime(s, date1904=ctx.settings.date1904, year=ctx.settings.now().year)
    if r is None or r.day is None:
        raise Err(E_VALUE)
    # a time of 24:00 or more moves the date on: "2026-01-01 25:00:00" is 2 January (Excel
    # saved so in IronCalc's DATEVALUE_issue_1379.xlsx)
    return float(math.floor(r.day + (r.time or 0.0)))


@function("TODAY", "", category="date", context=True, volatile=True)
def TODAY(ctx: CallContext) -> float:
    """Today's date (the settings' pinned clock, else the computer's)."""
    now = ctx.settings.now()
    return float(int(dates.serial(dt.date(now.year, now.month, now.day), ctx.settings.date1904)))


@function("NOW", "", category="date", context=True, volatile=True)
def NOW(ctx: CallContext) -> float:
    """The current date and time (the settings' pinned clock, else the computer's)."""
    return dates.serial(ctx.settings.now(), ctx.settings.date1904)


@function("EDATE", "value, value", category="date", context=True)
def EDATE(ctx: CallContext, start: Any, months: Any) -> float:
    """The same day a number of months before or after a date (the day clamped to the
    month's end: 31 January + 1 month is 29 February)."""
    n = _day(ctx, start, atp=True)
    k = _count(months)
    try:
        return float(dates.add_months(dates.from_day(n, ctx.settings.date1904), k, ctx.settings.date1904))
    except dates.DateRangeError:
        raise Err(E_NUM) from None


@function("EOMONTH", "value, value", category="date", context=True)
def EOMONTH(ctx: CallContext, start: Any, months: Any) -> float:
    """The last day of the month a number of months before or after a date."""
    n = _day(ctx, start, atp=True)
    k = _count(months)
    try:
        return float(dates.end_of_month(dates.from_day(n, ctx.settings.date1904), k, ctx.settings.date1904))
    except dates.DateRangeError:
        raise Err(E_NUM) from None


@function("DAYS", "value, value", category="date", context=True)
def DAYS(ctx: CallContext, end: Any, start: Any) -> float:
    """The number of days from a start date to an end date (whole days)."""
    return float(_day(ctx, end) - _day(ctx, start))


@function("DAYS360", "value, value, logical=False", category="date", context=True)
def DAYS360(ctx: CallContext, start: Any, end: Any, european: bool) -> float:
    """Days between two dates on a 360-day year (US/NASD method, or European with TRUE)."""
    return float(dates.days360(_day(ctx, start, nearest=True), _day(ctx, end, nearest=True), european))


@function("YEARFRAC", "any, any, any=0", category="date", context=True)
def YEARFRAC(ctx: CallContext, start: Any, end: Any, basis: Any) -> float:
    """The fraction of a year between two dates on a day-count basis (0 US 30/360,
    1 actual/actual, 2 actual/360, 3 actual/365, 4 European 30/360)."""
    # the basis is read first, its error first: YEARFRAC(1/0,200,-1) is #NUM! and
    # YEARFRAC(1/0,200,NA()) #N/A (pycel's tests/fixtures/yearfrac.xlsx, values Excel saved)
    b = math.trunc(_count(basis))
    if b not in (0, 1, 2, 3, 4):
        raise Err(E_NUM)
    return dates.year_fraction(_day(ctx, start, atp=True), _day(ctx, end, atp=True), b)


_DATEDIF_UNITS = ("Y", "M", "D", "MD", "YM", "YD")


@function("DATEDIF", "value, value, text", category="date", context=True)
def DATEDIF(ctx: CallContext, start: Any, end: Any, unit: str) -> float:
    """Whole years ("Y"), months ("M") or days ("D") between two dates, or the days ("MD")
    or months ("YM") left over, or the days within a year ("YD"). "MD" follows Excel to the
    letter: 31 January to 1 March 2011 is -2."""
    a, b = _day(ctx, start), _day(ctx, end)
    u = unit.upper()
    if a > b or u not in _DATEDIF_UNITS:
        raise Err(E_NUM)
    (y1, m1, d1), (y2, m2, d2) = dates.civil(a), dates.civil(b)
    if u == "D":
        return float(b - a)
    months = (y2 - y1) * 12 + (m2 - m1) - (1 if d2 < d1 else 0)
    if u == "Y":
        return float(months // 12)
    if u == "M":
        return float(months)
    if u == "YM":
        return float(months % 12)
    if u == "MD":
        if d2 >= d1:
            return float(d2 - d1)
        py, pm = (y2, m2 - 1) if m2 > 1 else (y2 - 1, 12)
        return float(dates.days_in_month(py, pm) - d1 + d2)
    # "YD": the end moved into the start's year (or the year after, if it would come before
    # the start), so the start's year decides about 29 February: DATEDIF(8,1987,"YD") is 153
    # in Excel, 1900 being a leap year there (vinci1it2000/formulas' test.xlsx)
    year = y1 if (m1, d1) <= (m2, d2) else y1 + 1
    return float(dates.day_number(year, m2, 1) + d2 - 1 - a)


# --------------------------------------------------------------------------- times


@function("TIME", "number, number, number", category="date")
def TIME(h: float, m: float, s: float) -> float:
    """A time of day from hours, minutes and seconds (each 0-32767; the total is taken
    modulo one day; a negative total is #NUM!)."""
    hh, mm, ss = math.trunc(h), math.trunc(m), math.trunc(s)
    if max(hh, mm, ss) > 32767:
        raise Err(E_NUM)
    total = hh * 3600 + mm * 60 + ss
    if total < 0:
        raise Err(E_NUM)
    return (total % 86400) / _DAY


@function("TIMEVALUE", "text", category="date", context=True)
def TIMEVALUE(ctx: CallContext, s: str) -> float:
    """The time of day (a fraction of a day) written in a text; a date there is ignored."""
    r = dates.read_datetime(s, date1904=ctx.settings.date1904, year=ctx.settings.now().year)
    if r is None or r.time is None:
        raise Err(E_VALUE)
    return r.time % 1.0


@function("HOUR", "value", category="date", context=True)
def HOUR(ctx: CallContext, v: Any) -> float:
    """The hour of a time (0-23), the time rounded to the nearest second."""
    return float(_time(ctx, v) // 3600)


@function("MINUTE", "value", category="date", context=True)
def MINUTE(ctx: CallContext, v: Any) -> float:
    """The minute of a time (0-59), the time rounded to the nearest second."""
    return float(_time(ctx, v) // 60 % 60)


@function("SECOND", "value", category="date", context=True)
def SECOND(ctx: CallContext, v: Any) -> float:
    """The second of a time (0-59), rounded to the nearest second."""
    return float(_time(ctx, v) % 60)


# --------------------------------------------------------------------------- weeks


_WEEKDAY_START = {1: 6, 2: 0, 3: 0, 11: 0, 12: 1, 13: 2, 14: 3, 15: 4, 16: 5, 17: 6}


@function("WEEKDAY", "value, any=1", category="date", context=True)
def WEEKDAY(ctx: CallContext, v: Any, kind: Any) -> float:
    """The day of the week of a date: type 1 Sunday=1..Saturday=7, 2 Monday=1..Sunday=7,
    3 Monday=0..Sunday=6, 11-17 the week starting Monday..Sunday as 1."""
    # as Excel saved in IronCalc's WEEKDAY_WEEKNUM_ISOWEEKNUM workbooks: a date that is not a
    # number is #VALUE! whatever the type, a type that is not a number (or an error) comes
    # next, and only then is the date's range checked (#NUM!)
    x = _number(ctx, v)
    k = math.trunc(num(kind))
    n = _day(ctx, x)
    if k not in _WEEKDAY_START:
        raise Err(E_NUM)
    pos = (dates.weekday(n) - _WEEKDAY_START[k]) % 7
    return float(pos if k == 3 else pos + 1)


def _iso_week(n: int) -> int:
    thursday = n - dates.weekday(n) + 3
    y = dates.civil(thursday)[0] if thursday >= 0 else 1899
    return (thursday - dates.day_number(y, 1, 1)) // 7 + 1


_WEEKNUM_START = {1: 6, 2: 0, 11: 0, 12: 1, 13: 2, 14: 3, 15: 4, 16: 5, 17: 6}


@function("WEEKNUM", "value, any=1", category="date", context=True)
def WEEKNUM(ctx: CallContext, v: Any, kind: Any) -> float:
    """The week of the year of a date: week 1 holds 1 January and weeks start on Sunday
    (type 1, 17), Monday (2, 11), Tuesday (12) ... Saturday (16); type 21 is the ISO week."""
    n = _day(ctx, v, atp=True)  # the date first: its error wins over one in the type
    k = math.trunc(atp_number(kind))  # a logical type is #VALUE! (an Analysis ToolPak function)
    if k == 21:
        return float(_iso_week(n))
    if k not in _WEEKNUM_START:
        raise Err(E_NUM)
    y = dates.civil(n)[0]
    jan1 = dates.day_number(y, 1, 1)
    offset = (dates.weekday(jan1) - _WEEKNUM_START[k]) % 7
    return float((n - jan1 + offset) // 7 + 1)


@function("ISOWEEKNUM", "value", category="date", context=True)
def ISOWEEKNUM(ctx: CallContext, v: Any) -> float:
    """The ISO 8601 week of the year of a date (weeks start on Monday; week 1 holds the
    year's first Thursday)."""
    return float(_iso_week(_day(ctx, v)))


# --------------------------------------------------------------------------- working days


_WEEKEND_NUMBERS = {
    1: (5, 6), 2: (6, 0), 3: (0, 1), 4: (1, 2), 5: (2, 3), 6: (3, 4), 7: (4, 5),
    11: (6,), 12: (0,), 13: (1,), 14: (2,), 15: (3,), 16: (4,), 17: (5,),
}


def _weekmask(weekend: Any) -> list[bool]:
    """Working days Monday..Sunday from a weekend number (1-7, 11-17) or a seven-character
    string of 0 (working) and 1 (weekend), Monday first."""
    if weekend is MISSING or weekend is None:
        weekend = 1.0
    if isinstance(weekend, str) and type(weekend) is not XLError:
        if len(weekend) != 7 or set(weekend) - {"0", "1"}:
            raise Err(E_VALUE)
        return [c == "0" for c in weekend]
    if type(weekend) is bool:
        raise Err(E_VALUE)
    k = math.trunc(float(weekend))
    if k not in _WEEKEND_NUMBERS:
        raise Err(E_NUM)
    off = _WEEKEND_NUMBERS[k]
    return [d not in off for d in range(7)]


def _holidays(ctx: CallContext, g: Any) -> set[int]:
    """Day numbers of the holiday list: numbers or date text (``{"2006/1/2"}`` as in
    Microsoft's NETWORKDAYS.INTL example); blank cells ignored, logical values #VALUE!."""
    if g is MISSING or g is None:
        return set()
    out = set()
    for v in g.cells():
        if v is None:
            continue
        out.add(_day(ctx, v, atp=True))
    return out


def _is_workday(n: int, mask: list[bool], holidays: set[int]) -> bool:
    return mask[dates.weekday(n)] and n not in holidays


def _networkdays(ctx: CallContext, start: Any, end: Any, mask: list[bool], holidays: Any) -> float:
    a, b = _day(ctx, start, atp=True), _day(ctx, end, atp=True)
    hol = _holidays(ctx, holidays)
    sign = 1.0
    if a > b:
        a, b, sign = b, a, -1.0
    total = b - a + 1
    weeks, rest = divmod(total, 7)
    count = weeks * sum(mask)
    first = dates.weekday(a)
    count += sum(1 for i in range(rest) if mask[(first + i) % 7])
    count -= sum(1 for h in hol if a <= h <= b and mask[dates.weekday(h)])
    return sign * count


@function("NETWORKDAYS", "value, value, array?", category="date", context=True)
def NETWORKDAYS(ctx: CallContext, start: Any, end: Any, holidays: Any) -> float:
    """The number of working days (Monday to Friday, less holidays) from a start date to an
    end date, both counted (negative when the end comes first)."""
    return _networkdays(ctx, start, end, _weekmask(1.0), holidays)


@function("NETWORKDAYS.INTL", "value, value, value?, array?", category="date", context=True)
def NETWORKDAYS_INTL(ctx: CallContext, start: Any, end: Any, weekend: Any, holidays: Any) -> float:
    """NETWORKDAYS with the weekend given as a number (1-7, 11-17) or a string ("0000011")."""
    return _networkdays(ctx, start, end, _weekmask(weekend), holidays)


def _workday(ctx: CallContext, start: Any, days: Any, mask: list[bool], holidays: Any) -> float:
    n = _day(ctx, start, atp=True)
    # rounded down, not truncated: -0.9999999 and -1E-9 working days are one day back
    # (Excel saved so in IronCalc's WORKDAY_WORKDAY.INTL.xlsx, rows 39-42)
    k = _count(days, math.floor)
    hol = _holidays(ctx, holidays)
    if not any(mask):
        raise Err(E_VALUE)
    step = 1 if k > 0 else -1
    per_week = sum(mask)
    remaining = abs(k)
    lo_day, hi_day = dates.first_day(ctx.settings.date1904), dates.MAX_DAY
    while remaining > per_week:  # whole weeks at once; holidays they cross are made up
        weeks = (remaining - 1) // per_week
        new = n + step * 7 * weeks
        if not lo_day <= new <= hi_day:
            raise Err(E_NUM)
        lo, hi = (n + 1, new) if step > 0 else (new, n - 1)
        missed = sum(1 for h in hol if lo <= h <= hi and mask[dates.weekday(h)])
        n, remaining = new, remaining - weeks * per_week + missed
    while remaining:
        n += step
        if not lo_day <= n <= hi_day:
            raise Err(E_NUM)
        if _is_workday(n, mask, hol):
            remaining -= 1
    return _serial(ctx, n)


@function("WORKDAY", "value, value, array?", category="date", context=True)
def WORKDAY(ctx: CallContext, start: Any, days: Any, holidays: Any) -> float:
    """The date a number of working days (Monday to Friday, less holidays) after (or
    before, when negative) a start date."""
    return _workday(ctx, start, days, _weekmask(1.0), holidays)


@function("WORKDAY.INTL", "value, value, value?, array?", category="date", context=True)
def WORKDAY_INTL(ctx: CallContext, start: Any, days: Any, weekend: Any, holidays: Any) -> float:
    """WORKDAY with the weekend given as a number (1-7, 11-17) or a string ("0000011")."""
    return _workday(ctx, start, days, _weekmask(weekend), holidays)


__all__: list[str] = []
