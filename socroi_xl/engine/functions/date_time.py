"""Date & time functions (Excel's 1900 date system, with its fictitious 29 Feb 1900)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from ...coerce import excel_serial, parse_number_text
from ...errors import XLError
from ..values import E_NUM, E_VALUE, Err, is_blank, num
from .spec import function

_EPOCH = dt.date(1899, 12, 30)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def date_value(v: Any) -> float:
    """A value as a date serial: numbers as they are, date text as Excel's DATEVALUE reads it."""
    if isinstance(v, str) and type(v) is not XLError and parse_number_text(v) is None:
        for fmt in _DATE_FORMATS:
            try:
                return excel_serial(dt.datetime.strptime(v.strip(), fmt))
            except ValueError:
                continue
        raise Err(E_VALUE)
    return num(v)


def to_date(serial: Any) -> dt.date:
    """The calendar date of a serial (Excel's 1900 system, with its fictitious 29 Feb 1900)."""
    s = math.floor(date_value(serial))
    if s < 0 or s >= 2958466:
        raise Err(E_NUM)
    if s < 61:  # Excel counts 1900 as a leap year: serials 1-59 start from 31 Dec 1899
        if s == 60:
            raise Err(E_NUM)  # 29 Feb 1900 does not exist in Python's calendar
        return dt.date(1899, 12, 31) + dt.timedelta(days=s)
    return _EPOCH + dt.timedelta(days=s)


def _date(y: Any, m: Any, d: Any) -> float:
    year, month, day = math.trunc(num(y)), math.trunc(num(m)), math.trunc(num(d))
    if year < 0 or year > 9999:
        raise Err(E_NUM)
    if year < 1900:
        year += 1900
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 1 <= year <= 9999:
        raise Err(E_NUM)
    serial = excel_serial(dt.date(year, month, 1)) + day - 1
    if serial < 0:
        raise Err(E_NUM)
    return float(serial)


def _eomonth(start: Any, months: Any) -> float:
    d = to_date(start)
    total = d.year * 12 + (d.month - 1) + math.trunc(num(months)) + 1
    y, m = divmod(total, 12)
    if not 1900 <= y <= 9999:
        raise Err(E_NUM)
    return excel_serial(dt.date(y, m + 1, 1)) - 1.0


def _weeknum(serial: Any, kind: Any = 1.0) -> float:
    d = to_date(serial)
    k = int(num(kind)) if not is_blank(kind) else 1
    if k == 21:
        return float(d.isocalendar()[1])
    starts = {1: 6, 2: 0, 11: 0, 12: 1, 13: 2, 14: 3, 15: 4, 16: 5, 17: 6}  # python weekday
    if k not in starts:
        raise Err(E_NUM)
    first = dt.date(d.year, 1, 1)
    offset = (first.weekday() - starts[k]) % 7
    return float((d.timetuple().tm_yday - 1 + offset) // 7 + 1)


def _part(kind: str) -> Callable[[Any], float]:
    def f(s: Any) -> float:
        serial = math.floor(date_value(s))
        if serial == 60:  # Excel's 29 Feb 1900
            return {"year": 1900.0, "month": 2.0, "day": 29.0}[kind]
        if serial == 0:
            return {"year": 1900.0, "month": 1.0, "day": 0.0}[kind]
        return float(getattr(to_date(serial), kind))

    return f


@function("DATE", "value, value, value", category="date")
def DATE(y: Any, m: Any, d: Any) -> float:
    """Returns the serial number of a date."""
    return _date(y, m, d)


@function("YEAR", "value", category="date")
def YEAR(s: Any) -> float:
    """Returns the year of a date."""
    return _part("year")(s)


@function("MONTH", "value", category="date")
def MONTH(s: Any) -> float:
    """Returns the month of a date (1-12)."""
    return _part("month")(s)


@function("DAY", "value", category="date")
def DAY(s: Any) -> float:
    """Returns the day of the month of a date (1-31)."""
    return _part("day")(s)


@function("DATEVALUE", "value", category="date")
def DATEVALUE(s: Any) -> float:
    """Converts a date written as text to a serial number."""
    return date_value(s)


@function("EOMONTH", "value, value", category="date")
def EOMONTH(start: Any, months: Any) -> float:
    """Returns the last day of the month a number of months before or after a date."""
    return _eomonth(start, months)


@function("WEEKNUM", "value, value=1", category="date")
def WEEKNUM(s: Any, kind: Any) -> float:
    """Returns the week number of a date in its year."""
    return _weeknum(s, kind)


@function("WEEKDAY", "value, value=1", category="date")
def WEEKDAY(s: Any, kind: Any) -> float:
    """Returns the day of the week of a date (1-7 by default Sunday first)."""
    k = int(num(kind))
    wd = to_date(s).weekday()
    if k == 1:
        return float((wd + 1) % 7 + 1)
    if k == 2:
        return float(wd + 1)
    if k == 3:
        return float(wd)
    raise Err(E_NUM)
