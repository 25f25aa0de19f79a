"""Day counts of the securities functions: Excel's five bases and its coupon calendar.

======  ==========================================  ===========================
basis   days between two dates                      days in a year
======  ==========================================  ===========================
0       US (NASD) 30/360                            360
1       actual                                      actual (365 or 366)
2       actual                                      360
3       actual                                      365
4       European 30/360                             360
======  ==========================================  ===========================

Coupon dates are found by stepping from the maturity date by 12/frequency months; a
maturity on the last day of a month keeps its coupons on the last day of their months. The
coupon calendar (:class:`CouponDate`, :class:`Coupons`) and :func:`year_diff` follow the
Analysis add-in as LibreOffice implements it to match Excel's; YEARFRAC is the one of
:mod:`socroi_xl.xl.dates` (with the serial numbers of both date systems). The tests compare
with Microsoft's documented examples and LibreOffice 7.4's results.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ...xl import dates as xd
from ...xl.dates import days_in_month, is_leap
from ..values import E_NUM, E_VALUE, Err, num
from .spec import CallContext


def to_date(day: int) -> dt.date:
    """The calendar date of a day number (1900 system; securities dates are after February
    1900, where Excel's calendar and the real one agree)."""
    if day == 0:  # Excel's 0 January 1900, the day before 1 January (a blank date: TBILLPRICE
        return dt.date(1899, 12, 31)  # of blanks is #NUM!, IronCalc's TBILLs.xlsx, Excel-saved)
    y, m, d = xd.civil(day)
    try:
        return dt.date(y, m, d)
    except ValueError:  # Excel's 29 February 1900
        raise Err(E_VALUE) from None


def date_arg(ctx: CallContext, v: Any) -> dt.date:
    """A date argument (truncated to its day) as a calendar date; not a valid date: ``#VALUE!``."""
    if type(v) is bool:
        raise Err(E_VALUE)
    x = num(v)
    if not math.isfinite(x):
        raise Err(E_VALUE)
    try:
        return to_date(xd.to_day(x, ctx.settings.date1904))
    except ValueError:
        raise Err(E_VALUE) from None


def serial_of(ctx: CallContext, d: dt.date) -> float:
    """The serial number of a calendar date in the workbook's date system."""
    return float(xd.from_day(xd.day_number(d.year, d.month, d.day), ctx.settings.date1904))


def year_days(basis: int, year: int | None = None) -> int:
    if basis in (0, 2, 4):
        return 360
    if basis == 3:
        return 365
    return 366 if year is not None and is_leap(year) else 365


def year_diff(a: dt.date, b: dt.date, basis: int) -> float:
    """Days between two dates over the days of the first one's year (the Analysis add-in's
    year difference: simple for the discount securities)."""
    neg = a > b
    if neg:
        a, b = b, a
    if basis in (0, 4):
        months = (b.year - a.year) * 12 + b.month - a.month
        days = months * 30 + b.day - a.day
        if basis == 0 and a.month == 2 and b.month != 2 and a.year == b.year:
            days -= 1 if is_leap(a.year) else 2
        out = days / 360
    else:
        out = (b.toordinal() - a.toordinal()) / year_days(basis, a.year)
    return -out if neg else out


def year_fraction(a: dt.date, b: dt.date, basis: int) -> float:
    """YEARFRAC between two calendar dates (:func:`socroi_xl.xl.dates.year_fraction`)."""
    return xd.year_fraction(xd.day_number(a.year, a.month, a.day), xd.day_number(b.year, b.month, b.day), basis)


class CouponDate:
    """A date on the coupon calendar: stepping by months keeps a month-end date at month
    ends, and in the 30/360 bases every month has 30 days."""

    __slots__ = ("orig_day", "day", "month", "year", "last_day", "thirty", "us")

    def __init__(self, d: dt.date, basis: int) -> None:
        self.orig_day, self.month, self.year = d.day, d.month, d.year
        self.last_day = d.day >= days_in_month(d.year, d.month)
        self.thirty = basis in (0, 4)
        self.us = basis == 0
        self.day = 0
        self._set_day()

    def copy(self) -> CouponDate:
        c = object.__new__(CouponDate)
        for k in self.__slots__:
            setattr(c, k, getattr(self, k))
        return c

    def _set_day(self) -> None:
        last = days_in_month(self.year, self.month)
        if self.thirty:
            self.day = min(self.orig_day, 30)
            if self.last_day or self.day >= last:
                self.day = 30
        else:
            self.day = last if self.last_day else min(self.orig_day, last)

    def add_months(self, n: int) -> None:
        total = self.year * 12 + (self.month - 1) + n
        self.year, self.month = divmod(total, 12)
        self.month += 1
        if not 1 <= self.year <= 9999:
            raise Err(E_NUM)
        self._set_day()

    def set_year(self, y: int) -> None:
        self.year = y
        self._set_day()

    def date(self) -> dt.date:
        last = days_in_month(self.year, self.month)
        return dt.date(self.year, self.month, last if self.last_day else min(last, self.orig_day))

    def _key(self) -> tuple:
        return (self.year, self.month, self.day)

    def __lt__(self, other: CouponDate) -> bool:
        if self._key() != other._key():
            return self._key() < other._key()
        if self.last_day or other.last_day:
            return not self.last_day and other.last_day
        return self.orig_day < other.orig_day

    def __gt__(self, other: CouponDate) -> bool:
        return other < self

    def __le__(self, other: CouponDate) -> bool:
        return not other < self

    def _days_in_months(self, m1: int, m2: int) -> int:
        if m1 > m2:
            return 0
        if self.thirty:
            return (m2 - m1 + 1) * 30
        return sum(days_in_month(self.year, m) for m in range(m1, m2 + 1))

    def _days_in_years(self, y1: int, y2: int) -> int:
        if y1 > y2:
            return 0
        if self.thirty:
            return (y2 - y1 + 1) * 360
        return sum(366 if is_leap(y) else 365 for y in range(y1, y2 + 1))


def coupon_diff(a: CouponDate, b: CouponDate) -> int:
    """Days between two coupon-calendar dates, as the basis counts them."""
    if a > b:
        a, b = b, a
    f, t = a.copy(), b.copy()
    if t.thirty:
        if t.us:
            if (a.month == 2 or a.day < 30) and t.orig_day == 31:
                t.day = 31
            elif t.month == 2 and t.last_day:
                t.day = days_in_month(t.year, 2)
        else:
            if f.month == 2 and f.day == 30:
                f.day = days_in_month(f.year, 2)
            if t.month == 2 and t.day == 30:
                t.day = days_in_month(t.year, 2)
    diff = 0
    if f.year < t.year or (f.year == t.year and f.month < t.month):
        diff = (30 if f.thirty else days_in_month(f.year, f.month)) - f.day + 1
        f.orig_day = f.day = 1
        f.last_day = False
        f.add_months(1)
        if f.year < t.year:
            diff += f._days_in_months(f.month, 12)
            f.add_months(13 - f.month)
            diff += f._days_in_years(f.year, t.year - 1)
            f.set_year(t.year)
        diff += f._days_in_months(f.month, t.month - 1)
        f.add_months(t.month - f.month)
    diff += t.day - f.day
    return max(diff, 0)


class Coupons:
    """The coupon calendar of a security between settlement and maturity."""

    def __init__(self, settle: dt.date, mat: dt.date, freq: int, basis: int) -> None:
        if settle >= mat:
            raise Err(E_NUM)
        self.freq, self.basis = freq, basis
        self.settle = CouponDate(settle, basis)
        self.mat = CouponDate(mat, basis)
        self.step = 12 // freq

    def previous(self) -> CouponDate:
        """The last coupon date on or before settlement (COUPPCD)."""
        d = self.mat.copy()
        d.set_year(self.settle.year)
        if d < self.settle:
            d.add_months(12)
        while d > self.settle:
            d.add_months(-self.step)
        return d

    def next(self) -> CouponDate:
        """The first coupon date after settlement (COUPNCD)."""
        d = self.mat.copy()
        d.set_year(self.settle.year)
        if d > self.settle:
            d.add_months(-12)
        while d <= self.settle:
            d.add_months(self.step)
        return d

    def days_before(self) -> float:
        """COUPDAYBS: from the previous coupon to settlement."""
        return float(coupon_diff(self.previous(), self.settle))

    def days(self) -> float:
        """COUPDAYS: the coupon period containing settlement."""
        if self.basis == 1:
            p = self.previous()
            n = p.copy()
            n.add_months(self.step)
            return float(coupon_diff(p, n))
        return year_days(self.basis) / self.freq

    def days_after(self) -> float:
        """COUPDAYSNC: from settlement to the next coupon."""
        if self.basis not in (0, 4):
            return float(coupon_diff(self.settle, self.next()))
        return self.days() - self.days_before()

    def count(self) -> float:
        """COUPNUM: coupons payable between settlement and maturity."""
        p = self.previous()
        months = (self.mat.year - p.year) * 12 + self.mat.month - p.month
        return float(months * self.freq // 12)


def check_basis(basis: float) -> int:
    b = math.trunc(basis)
    if b < 0 or b > 4:
        raise Err(E_NUM)
    return b


def check_freq(freq: float) -> int:
    f = math.trunc(freq)
    if f not in (1, 2, 4):
        raise Err(E_NUM)
    return f


__all__ = ["CouponDate", "Coupons", "check_basis", "check_freq", "date_arg", "serial_of", "to_date",
           "year_diff", "year_fraction"]
