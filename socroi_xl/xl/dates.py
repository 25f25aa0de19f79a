"""Excel's dates: serial numbers, its calendar arithmetic and date/time text, in one place.

**Serial numbers.** A date is a number of days, a time a fraction of a day.

* The *1900 date system* (Excel for Windows, the default): serial 1 is 1 January 1900 and
  serial 2958465 is 31 December 9999. Excel counts a 29 February 1900 that never was
  (serial 60, a bug kept from Lotus 1-2-3), so serials 1-59 fall one day before the day the
  real calendar would give them and 61 is 1 March 1900; serial 0 shows as "0 January 1900".
* The *1904 date system* (a workbook with ``<workbookPr date1904="1"/>``, old Excel for
  Mac): serial 0 is 1 January 1904 and 2957003 is 31 December 9999; the 1904 serial of a
  day plus 1462 is its 1900 serial. Dates before 1904 do not exist there.

Inside this module a *day number* is the 1900-system serial of a day, whatever the
workbook's system: every public function takes ``date1904`` and converts at its edges.

**Calendar arithmetic** as Excel does it: DATE rolls months into years and days into months
(``DATE(2024,14,1)`` is 1 February 2025, ``DATE(2024,3,0)`` 29 February 2024) and adds 1900
to years 0-1899; EDATE clamps the day to the month's end; the 30/360 rules of DAYS360 and
the day counts of YEARFRAC's five bases.

**Date and time text** as DATEVALUE, TIMEVALUE, VALUE and arithmetic read it (Excel in the
en-US locale): ``1/30/2008``, ``2008-01-30``, ``2008/1/30``, ``30-Jan-2008``, ``30 January
2008``, ``Jan 30, 2008``, ``January 30 2008``, ``Wednesday, January 30, 2008``,
``Jan-2008`` (the 1st), and without a year ``1/30`` or ``30-Jan`` (the current year, only
when the caller passes it); times ``18:45``, ``6:45 PM``, ``6 PM``, ``18:45:30.5``,
``30:15.5`` (minutes and seconds), hours past 24 (``25:00`` is 1.0417); a date followed by
a time. Two-digit years 00-29 are 2000-2029, 30-99 are 1930-1999. Anything else is not a
date (``None``: the caller's ``#VALUE!``).

**Day or month first.** ``1/2/2026`` is 2 January in en-US (the default) and 1 February in a
day-first locale (en-GB, most of Europe): Excel reads it by the locale of the machine that
calculates, which the file does not record. :data:`DATE_ORDER` says which (``"mdy"`` or
``"dmy"``; the engine sets it for a recalculation from ``--date-order``), and every text read
month-first while both readings were possible is counted in :data:`AMBIGUOUS` (when the
caller set a list there), so that the engine can say so rather than stay silent.

Errors: a date outside the system's range raises :class:`DateRangeError`, a
:class:`ValueError` (the engine's ``#NUM!``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np

from .numtext import parse_number_text

#: The last day Excel knows, 31 December 9999, as a day number (1900 system).
MAX_DAY = 2958465
#: Days between the 1900 and the 1904 systems' serial 0.
SHIFT_1904 = 1462
_ORD_EPOCH = dt.date(1899, 12, 30).toordinal()  # real day 0 of serials from 1 March 1900
_DAY_SECONDS = 86400

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


#: Order of day and month in numeric date text: "mdy" (en-US) or "dmy" (day first).
DATE_ORDER: ContextVar[str] = ContextVar("socroi_date_order", default="mdy")
#: Where date texts read month-first although day-first was possible are collected (None:
#: not collected).
AMBIGUOUS: ContextVar[list[str] | None] = ContextVar("socroi_ambiguous_dates", default=None)


class DateRangeError(ValueError):
    """A date before the date system's first day or after 31 December 9999 (``#NUM!``)."""


# --------------------------------------------------------------------------- the calendar


def is_leap(year: int) -> bool:
    """Whether ``year`` has a 29 February in Excel's calendar (1900 does, unlike reality).

    >>> is_leap(2024), is_leap(2100), is_leap(1900)
    (True, False, True)
    """
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0 or year == 1900)


def days_in_month(year: int, month: int) -> int:
    """Days in a month of Excel's calendar (February 1900 has 29).

    >>> days_in_month(2023, 2), days_in_month(2024, 2), days_in_month(1900, 2), days_in_month(2024, 4)
    (28, 29, 29, 30)
    """
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def day_number(year: int, month: int, day: int) -> int:
    """The 1900-system serial of ``day`` of a month (``day`` may run past either end of it).

    >>> day_number(1900, 1, 1), day_number(1900, 2, 29), day_number(1900, 3, 1), day_number(2024, 1, 1)
    (1, 60, 61, 45292)
    >>> day_number(1900, 3, 0), day_number(1900, 1, 0)  # Excel's 29 Feb 1900 and 0 Jan 1900
    (60, 0)
    """
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        raise DateRangeError(f"no such month: {year}-{month}")
    first = dt.date(year, month, 1).toordinal() - _ORD_EPOCH
    if (year, month) < (1900, 3):
        first -= 1  # before Excel's 29 Feb 1900 its count is one day behind the real one
    return first + day - 1


def civil(n: int) -> tuple[int, int, int]:
    """(year, month, day) of a day number, Excel's way: 0 is (1900, 1, 0), 60 is (1900, 2, 29).

    >>> civil(1), civil(59), civil(60), civil(61), civil(45351), civil(0)
    ((1900, 1, 1), (1900, 2, 28), (1900, 2, 29), (1900, 3, 1), (2024, 2, 29), (1900, 1, 0))
    """
    if n < 0 or n > MAX_DAY:
        raise DateRangeError(f"day {n} is outside 0..{MAX_DAY}")
    if n == 0:
        return (1900, 1, 0)
    if n == 60:
        return (1900, 2, 29)
    d = dt.date.fromordinal(_ORD_EPOCH + n + (1 if n < 60 else 0))
    return (d.year, d.month, d.day)


def weekday(n: int) -> int:
    """Day of the week of a day number, 0 Monday ... 6 Sunday; Excel takes serial 1 (1 Jan
    1900) for a Sunday, so serials before 1 March 1900 follow its count, not history's.

    >>> weekday(45292), weekday(1), weekday(61)  # Mon 1 Jan 2024, "Sun" 1 Jan 1900, Thu 1 Mar 1900
    (0, 6, 3)
    """
    return (n + 5) % 7


def first_day(date1904: bool) -> int:
    """The first day number of a date system (0, or 1462 in the 1904 system)."""
    return SHIFT_1904 if date1904 else 0


def to_day(serial: float, date1904: bool = False) -> int:
    """The day number of a serial (its whole part), checked against the system's range.

    >>> to_day(45292.75), to_day(0, True)
    (45292, 1462)
    """
    n = math.floor(serial) + (SHIFT_1904 if date1904 else 0)
    if n < first_day(date1904) or n > MAX_DAY:
        raise DateRangeError(f"serial {serial} is not a date")
    return n


def from_day(n: int, date1904: bool = False) -> int:
    """The serial of a day number in the workbook's system (range checked).

    >>> from_day(45292), from_day(45292, True)
    (45292, 43830)
    """
    if n < first_day(date1904) or n > MAX_DAY:
        raise DateRangeError(f"day {n} is outside the date system")
    return n - SHIFT_1904 if date1904 else n


def ymd(serial: float, date1904: bool = False) -> tuple[int, int, int]:
    """(year, month, day) of a serial in the workbook's system (the time of day ignored).

    >>> ymd(45351.9), ymd(0), ymd(0, date1904=True)
    ((2024, 2, 29), (1900, 1, 0), (1904, 1, 1))
    """
    return civil(to_day(serial, date1904))


def date_serial(year: int, month: int, day: int, date1904: bool = False) -> int:
    """Excel's DATE: years 0-1899 count from 1900, months and days roll over.

    >>> date_serial(2024, 14, 1), date_serial(108, 1, 2), date_serial(2024, 3, 0), date_serial(2008, 1, -15)
    (45689, 39449, 45351, 39432)
    >>> date_serial(1904, 1, 1, date1904=True)
    0
    """
    if year < 0 or year > 9999:
        raise DateRangeError(f"year {year} outside 0..9999")
    if year < 1900:
        year += 1900
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 1 <= year <= 9999:
        raise DateRangeError(f"year {year} outside 1900..9999")
    return from_day(day_number(year, month, 1) + day - 1, date1904)


def add_months(serial: float, months: int, date1904: bool = False) -> int:
    """EDATE: the same day ``months`` later, the day clamped to the month's last.

    >>> add_months(45322, 1), add_months(45351, 12)  # 31 Jan 2024 -> 29 Feb; 29 Feb -> 28 Feb 2025
    (45351, 45716)
    """
    y, m, d = ymd(serial, date1904)
    total = y * 12 + (m - 1) + months
    y, m = divmod(total, 12)
    m += 1
    if not 1900 <= y <= 9999:
        raise DateRangeError(f"year {y} outside 1900..9999")
    return from_day(day_number(y, m, min(d, days_in_month(y, m))), date1904)


def end_of_month(serial: float, months: int, date1904: bool = False) -> int:
    """EOMONTH: the last day of the month ``months`` after the serial's.

    >>> end_of_month(45292, 1), end_of_month(45292, -1)  # Jan 2024 -> 29 Feb 2024, 31 Dec 2023
    (45351, 45291)
    """
    y, m, _ = ymd(serial, date1904)
    y, m = divmod(y * 12 + (m - 1) + months, 12)
    m += 1
    if not 1900 <= y <= 9999:
        raise DateRangeError(f"year {y} outside 1900..9999")
    return from_day(day_number(y, m, days_in_month(y, m)), date1904)


def split_time(serial: float) -> tuple[int, int]:
    """(whole days, second of the day) of a serial, the time rounded to the nearest second
    as HOUR, MINUTE and SECOND read it (23:59:59.6 is the next day's 0:00:00).

    >>> split_time(0.75), split_time(0.999999999), split_time(0.999)
    ((0, 64800), (1, 0), (0, 86314))
    """
    day = math.floor(serial)
    sec = math.floor((serial - day) * _DAY_SECONDS + 0.5)
    if sec >= _DAY_SECONDS:
        day, sec = day + 1, sec - _DAY_SECONDS
    return day, sec


# --------------------------------------------------------------------------- Python values


def serial(value: Any, date1904: bool = False) -> float:
    """The Excel serial of a Python or numpy date, datetime or time (time zone dropped).

    >>> serial(dt.date(2024, 1, 1)), serial(dt.datetime(2024, 1, 1, 18)), serial(dt.time(6))
    (45292.0, 45292.75, 0.25)
    >>> serial(dt.date(1900, 1, 1)), serial(dt.date(2024, 1, 1), date1904=True)
    (1.0, 43830.0)
    """
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[us]").item()
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / _DAY_SECONDS
    if not isinstance(value, dt.date):
        raise TypeError(f"not a date: {value!r}")
    n = day_number(value.year, value.month, value.day) - (SHIFT_1904 if date1904 else 0)
    if n < 0:
        raise DateRangeError(f"{value} is before the date system's first day")
    if isinstance(value, dt.datetime):
        secs = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return n + secs / _DAY_SECONDS
    return float(n)


def iso_serial(text: str, date1904: bool = False) -> float:
    """The serial of an ISO 8601 date, date-time or time, as a ``t="d"`` cell stores it
    (Strict OOXML writes dates so); not ISO 8601 is a :class:`ValueError`.

    >>> iso_serial("2024-01-01T18:00:00"), iso_serial("T06:00:00"), iso_serial("06:00:00Z")
    (45292.75, 0.25, 0.25)
    """
    text = text.strip()
    if text.startswith("T") or (len(text) > 2 and text[2] == ":"):  # a time alone
        return serial(dt.time.fromisoformat(text.lstrip("T").rstrip("Z")), date1904)
    return serial(dt.datetime.fromisoformat(text.rstrip("Z")).replace(tzinfo=None), date1904)


def serials(days: np.ndarray, date1904: bool = False) -> np.ndarray:
    """Serials of a ``datetime64`` array, vectorised (NaT becomes NaN); dates before
    1 March 1900 take Excel's count (one less than the real day count).

    >>> serials(np.array(["2024-01-01T18:00", "1900-01-01", "NaT"], dtype="datetime64[s]")).tolist()
    [45292.75, 1.0, nan]
    """
    d = days.astype("datetime64[us]")
    out = (d - np.datetime64("1899-12-30", "us")) / np.timedelta64(1, "D")
    out = np.asarray(out, dtype=np.float64)
    early = out < 61
    if early.any():
        out = np.where(early, out - 1, out)
    return out - SHIFT_1904 if date1904 else out


def to_datetime(value: float, date1904: bool = False) -> dt.datetime:
    """The datetime of a serial (microseconds rounded); Excel's 0 January and 29 February
    1900 have none (:class:`DateRangeError`).

    >>> to_datetime(45292.75), to_datetime(0, True)
    (datetime.datetime(2024, 1, 1, 18, 0), datetime.datetime(1904, 1, 1, 0, 0))
    """
    n = to_day(value, date1904)
    y, m, d = civil(n)
    if d == 0 or (m == 2 and d == 29 and y == 1900):
        raise DateRangeError(f"Excel's day {n} is not a real date")
    frac = value - math.floor(value)
    return dt.datetime(y, m, d) + dt.timedelta(microseconds=round(frac * _DAY_SECONDS * 1e6))


# --------------------------------------------------------------------------- text


_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
_WEEKDAY_PREFIX = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?(?:\s*,\s*|\s+)"
)
_TIME = re.compile(
    r"""(?:^|(?<=\s))
        (?:(?P<mm>\d{1,5})\s*:\s*(?P<ss>\d{1,5}\.\d+)
          |(?P<h>\d{1,5})\s*:\s*(?P<m>\d{1,5})(?:\s*:\s*(?P<s>\d{1,5}(?:\.\d*)?)|\.)?
          |(?P<hh>\d{1,2})(?=\s*[ap]))
        \s*(?P<ap>am|pm|a|p)?$""",
    re.X,
)
_DATE_TOKEN = re.compile(r"\s*(\d+|[a-z]+)\s*([/,-]|\s|$)")


@dataclass(frozen=True)
class DateTimeText:
    """What date/time text holds: the date's serial (``None`` if it names no day) and the
    time as a fraction of a day (``None`` if it names no time; hours may pass 24)."""

    day: int | None
    time: float | None

    @property
    def value(self) -> float:
        """The serial the text stands for (date plus time), as VALUE reads it."""
        return float(self.day or 0) + (self.time or 0.0)


def two_digit_year(y: int) -> int:
    """Excel's century for a year written with one or two digits: 0-29 -> 2000s, 30-99 -> 1900s.

    >>> two_digit_year(8), two_digit_year(29), two_digit_year(30)
    (2008, 2029, 1930)
    """
    return y + (2000 if y < 30 else 1900)


def _time_part(m: re.Match[str]) -> float | None:
    """The time of a match of :data:`_TIME`. The last unit may overflow (to 9999) when the
    ones before it are within theirs: "23:99" is 24:39, "0:0:9999" and "59:9999.0" are
    valid, "24:99", "23:60:9999", "60:9999.0" and "23:10000" are not (TEXT(text,"#.#####")
    in pycel's tests/fixtures/text.xlsx, values Excel saved)."""
    ap = m.group("ap")
    if m.group("mm") is not None:  # mm:ss.0
        minutes, seconds = int(m.group("mm")), float(m.group("ss"))
        if ap or minutes >= 60 or seconds >= 10000:
            return None
        return (minutes * 60 + seconds) / _DAY_SECONDS
    if m.group("hh") is not None:
        h, minutes, seconds = int(m.group("hh")), 0, 0.0
    else:
        h, minutes = int(m.group("h")), int(m.group("m"))
        seconds = float(m.group("s")) if m.group("s") else 0.0
        if m.group("s") is not None:
            if minutes >= 60 or seconds >= 10000:
                return None
        elif minutes >= 10000 or (minutes >= 60 and (h >= 24 or ap)):
            return None
    if ap:
        if h > 12:
            return None
        h = h % 12 + (12 if ap.startswith("p") else 0)
    return (h * 3600 + minutes * 60 + seconds) / _DAY_SECONDS


def _year(tok: str) -> int | None:
    if len(tok) <= 2:
        return two_digit_year(int(tok))
    if len(tok) == 4:
        return int(tok)
    return None


def _month_day(text: str, a: int, b: int) -> tuple[int, int]:
    """(month, day) of the numbers ``a/b`` of a date text, in :data:`DATE_ORDER`."""
    if DATE_ORDER.get() == "dmy":
        return b, a
    if a != b and a <= 12 and b <= 12:  # 1/2: day-first would read another date
        seen = AMBIGUOUS.get()
        if seen is not None:
            seen.append(text)
    return a, b


def _date_part(s: str, year: int | None) -> tuple[int, int, int] | None:
    """(year, month, day) of the date text ``s`` (lower case, stripped), or None."""
    s = _WEEKDAY_PREFIX.sub("", s)
    toks: list[str] = []
    seps: list[str] = []
    pos = 0
    while pos < len(s):
        m = _DATE_TOKEN.match(s, pos)
        if not m or m.end() == pos:
            return None
        toks.append(m.group(1))
        seps.append(m.group(2).strip() or " ")
        pos = m.end()
    if not toks or len(toks) > 3:
        return None
    kinds = "".join("n" if t.isdigit() else ("m" if t in _MONTHS else "?") for t in toks)
    inner = set(seps[:-1])
    if "?" in kinds:
        return None
    y: int | None
    if kinds == "nnn":
        if not inner <= {"/", "-"} or len(inner) != 1:
            return None
        a, b, c = toks
        if len(a) == 4:  # yyyy-mm-dd, yyyy/m/d
            y, mo, d = int(a), int(b), int(c)
        else:  # m/d/y, or d/m/y in a day-first locale
            mo, d = _month_day(s, int(a), int(b))
            y = _year(c)
    elif kinds == "nn":
        if inner - {"/", "-"}:
            return None
        a, b = toks
        if len(a) == 4:  # yyyy-mm: the first of the month
            y, mo, d = int(a), int(b), 1
        elif len(b) <= 2 and 1 <= int(b) <= 31:  # m/d (d/m) of the current year
            mo, d = _month_day(s, int(a), int(b))
            y = year
        else:  # m/yyyy: the first of the month
            y, mo, d = _year(b), int(a), 1
    elif kinds == "nmn":  # 30-Jan-2008, 30 January 2008
        y, mo, d = _year(toks[2]), _MONTHS[toks[1]], int(toks[0])
    elif kinds == "mnn":  # Jan 30, 2008; January 30 2008
        y, mo, d = _year(toks[2]), _MONTHS[toks[0]], int(toks[1])
    elif kinds == "nm":  # 30-Jan: the current year
        if inner - {"-", " ", "/"}:
            return None
        y, mo, d = year, _MONTHS[toks[1]], int(toks[0])
    elif kinds == "mn":  # Jan 30 (current year) or Jan-2008 (the first)
        if inner - {"-", " ", "/"}:
            return None
        mo = _MONTHS[toks[0]]
        if len(toks[1]) <= 2 and 1 <= int(toks[1]) <= 31:
            y, d = year, int(toks[1])
        else:
            y, d = _year(toks[1]), 1
    else:
        return None
    if y is None or not 1900 <= y <= 9999 or not 1 <= mo <= 12 or not 1 <= d <= days_in_month(y, mo):
        return None
    return (y, mo, d)


def read_datetime(text: str, *, date1904: bool = False, year: int | None = None) -> DateTimeText | None:
    """Date and/or time text as Excel reads it, or ``None`` (see the module docstring).

    ``year`` is the current year, for dates written without one (``1/30``); without it such
    text is not a date.

    >>> read_datetime("1/30/2008"), read_datetime("6:45 PM").time
    (DateTimeText(day=39477, time=None), 0.78125)
    >>> read_datetime("2024-02-29 06:00").value, read_datetime("29-Feb-1900").day
    (45351.25, 60)
    >>> read_datetime("30-Jan") is None, read_datetime("30-Jan", year=2008).day
    (True, 39477)
    >>> read_datetime("hello") is None, read_datetime("1/1/1899") is None
    (True, True)
    """
    s = " ".join(text.lower().split())
    if not s:
        return None
    time: float | None = None
    m = _TIME.search(s)
    if m:
        time = _time_part(m)
        if time is None:
            return None
        s = s[: m.start()].strip()
        if not s:
            return DateTimeText(None, time)
    parts = _date_part(s, year)
    if parts is None:
        return None
    n = day_number(*parts)
    if date1904:
        if n < SHIFT_1904:
            return None
        n -= SHIFT_1904
    return DateTimeText(n, time)


def text_number(text: str, *, date1904: bool = False, year: int | None = None) -> float | None:
    """The number Excel reads from text in arithmetic and VALUE: numeric text (``"1,200"``,
    ``"12%"``, ``"(40)"``...), else date or time text as its serial, else ``None``.

    >>> text_number("12%"), text_number("1/30/2008 6:00 PM"), text_number("25:00")
    (0.12, 39477.75, 1.0416666666666667)
    >>> text_number("apples") is None
    True
    """
    x = parse_number_text(text)
    if x is not None:
        return x
    r = read_datetime(text, date1904=date1904, year=year)
    return None if r is None else r.value


# --------------------------------------------------------------------------- day counts


def days360(start: int, end: int, european: bool = False) -> int:
    """Days between two day numbers on a 360-day year (DAYS360).

    US (NASD) method: a start on the 31st or on the last day of February counts as the 30th;
    an end on the 31st counts as the 30th when the start (so adjusted) is the 30th or later.
    European method: any 31st counts as the 30th.

    >>> days360(45657, 45688), days360(45716, 45717), days360(45351, 45716)  # 2025-01-01..31; Feb 28..Mar 1 2025; 2024-02-29..2025-02-28
    (30, 1, 358)
    >>> days360(45322, 45351, european=True)  # 2024-01-31 .. 2024-02-29
    29
    """
    y1, m1, d1 = civil(start)
    y2, m2, d2 = civil(end)
    if european:
        d1 = min(d1, 30)
        d2 = min(d2, 30)
    else:
        if d1 == 31 or (m1 == 2 and d1 == days_in_month(y1, 2)):
            d1 = 30
        if d2 == 31 and d1 >= 30:
            d2 = 30
    return (y2 - y1) * 360 + (m2 - m1) * 30 + (d2 - d1)


def _feb29_between(start: tuple[int, int, int], end: tuple[int, int, int]) -> bool:
    for y in {start[0], end[0]}:
        if is_leap(y) and start <= (y, 2, 29) <= end:
            return True
    return False


def year_fraction(start: int, end: int, basis: int) -> float:
    """YEARFRAC of two day numbers (any order) on a day-count basis:

    * 0 — US 30/360: a start on the 31st or the last day of February is the 30th, and an
      end on the 31st (or on February's last day when the start was) too, then /360;
    * 1 — actual/actual: days over the year's length (366 when a 29 February lies between
      two dates less than a year apart), or over the average length of the years spanned;
    * 2 — actual/360; 3 — actual/365;
    * 4 — European 30/360.

    >>> year_fraction(39448, 39600, 0), year_fraction(39448, 39600, 2)  # 2008-01-01 .. 2008-06-01
    (0.4166666666666667, 0.4222222222222222)
    >>> round(year_fraction(40909, 41063, 1), 10)  # 2012-01-01 .. 2012-06-03 (leap year): 154/366
    0.4207650273
    """
    if start > end:
        start, end = end, start
    if start == end:
        return 0.0
    a, b = civil(start), civil(end)
    if basis == 0:
        (y1, m1, d1), (y2, m2, d2) = a, b
        last_feb_1 = m1 == 2 and d1 == days_in_month(y1, 2)
        last_feb_2 = m2 == 2 and d2 == days_in_month(y2, 2)
        if d1 == 31 and d2 == 31:
            d1 = d2 = 30
        elif d1 == 31:
            d1 = 30
        elif d1 == 30 and d2 == 31:
            d2 = 30
        elif last_feb_1 and last_feb_2:
            d1 = d2 = 30
        elif last_feb_1:
            d1 = 30
        return ((y2 - y1) * 360 + (m2 - m1) * 30 + (d2 - d1)) / 360.0
    if basis == 1:
        days = end - start
        within_year = a[0] == b[0] or (b[0] == a[0] + 1 and (a[1], a[2]) >= (b[1], b[2]))
        if within_year:
            if a[0] == b[0]:
                length = 366 if is_leap(a[0]) else 365
            else:
                length = 366 if _feb29_between(a, b) else 365
            return days / length
        years = range(a[0], b[0] + 1)
        # the average of the real years: 1900 has 365 days here (YEARFRAC(1987,345,1) is
        # 1642 / (2191/6) = 4.496576905522592 in vinci1it2000/formulas' test.xlsx)
        total = sum(366 if is_leap(y) and y != 1900 else 365 for y in years)
        return days / (total / len(years))
    if basis == 2:
        return (end - start) / 360.0
    if basis == 3:
        return (end - start) / 365.0
    if basis == 4:
        return days360(start, end, european=True) / 360.0
    raise ValueError(f"basis {basis} is not 0-4")


__all__ = [
    "DAY_NAMES", "MAX_DAY", "MONTH_NAMES", "SHIFT_1904", "DateRangeError", "DateTimeText",
    "add_months", "civil", "date_serial", "day_number", "days360", "days_in_month",
    "end_of_month", "first_day", "from_day", "is_leap", "iso_serial", "read_datetime",
    "serial", "serials", "split_time", "text_number", "to_datetime", "to_day",
    "two_digit_year", "weekday", "year_fraction", "ymd",
]
