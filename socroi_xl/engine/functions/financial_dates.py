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
rules (and the algorithms of :class:`CouponDate` and :func:`year_fraction`) are those of the
Analysis add-in as LibreOffice implements it to match Excel's; the tests compare with
Microsoft's documented examples and LibreOffice 7.4's results.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..values import E_NUM, E_VALUE, Err, num
from .spec import CallContext

_EPOCH = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
#: Latest serial (31 Dec 9999) in the 1900 date system.
MAX_SERIAL = 2958465


def is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in_month(y: int, m: int) -> int:
    if m == 2:
        return 29 if is_leap(y) else 28
    return 31 if m in (1, 3, 5, 7, 8, 10, 12) else 30


def to_date(serial: int, date1904: bool = False) -> dt.date:
    """The calendar date of a whole serial number (1900 system: serials from 1 March 1900
    on, as every securities date is; 1904 system: from 1 January 1904)."""
    if date1904:
        return _EPOCH_1904 + dt.timedelta(days=serial)
    if serial < 61:  # Excel's 1 January 1900 is 1 and its 29 February 1900 (60) never was
        return dt.date(1899, 12, 31) + dt.timedelta(days=serial)
    return _EPOCH + dt.timedelta(days=serial)


def date_arg(ctx: CallContext, v: Any) -> int:
    """A date argument as a whole serial (truncated); not a valid date: ``#VALUE!``."""
    if type(v) is bool:
        raise Err(E_VALUE)
    x = num(v)
    limit = MAX_SERIAL - (1462 if ctx.settings.date1904 else 0)
    if not math.isfinite(x) or x < 0 or x > limit:
        raise Err(E_VALUE)
    return int(x)


def ordinal(d: dt.date) -> int:
    return d.toordinal()


def days_between(a: dt.date, b: dt.date, basis: int) -> int:
    """Days from ``a`` to ``b`` counted as the basis counts them (the securities' DSM, A...)."""
    if basis in (0, 4):
        return days360(a, b, basis == 0)
    return b.toordinal() - a.toordinal()


def days360(a: dt.date, b: dt.date, us: bool) -> int:
    """The 30/360 day count between two dates (US NASD or European), as the securities
    functions count a whole period (the month-end rules of the Analysis add-in)."""
    d1, m1, y1 = a.day, a.month, a.year
    d2, m2, y2 = b.day, b.month, b.year
    if d1 == 31:
        d1 = 30
    elif us and m1 == 2 and (d1 == 29 or (d1 == 28 and not is_leap(y1))):
        d1 = 30
    if d2 == 31:
        if us and d1 != 30:
            d2 = 1
            if m2 == 12:
                y2, m2 = y2 + 1, 1
            else:
                m2 += 1
        else:
            d2 = 30
    return d2 + m2 * 30 + y2 * 360 - d1 - m1 * 30 - y1 * 360


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
    """YEARFRAC: the fraction of a year between two dates in a basis."""
    if a == b:
        return 0.0
    if a > b:
        a, b = b, a
    d1, m1, y1 = a.day, a.month, a.year
    d2, m2, y2 = b.day, b.month, b.year
    if basis == 0:
        if d1 == 31:
            d1 = 30
        if d1 == 30 and d2 == 31:
            d2 = 30
        elif m1 == 2 and d1 == days_in_month(y1, 2):
            d1 = 30
            if m2 == 2 and d2 == days_in_month(y2, 2):
                d2 = 30
        return ((y2 - y1) * 360 + (m2 - m1) * 30 + (d2 - d1)) / 360
    if basis == 4:
        d1 = min(d1, 30)
        d2 = min(d2, 30)
        return ((y2 - y1) * 360 + (m2 - m1) * 30 + (d2 - d1)) / 360
    diff = b.toordinal() - a.toordinal()
    if basis == 2:
        return diff / 360
    if basis == 3:
        return diff / 365
    # basis 1, actual/actual (Excel's rule as D. A. Wheeler's analysis describes it): up to a
    # year apart, the year has 366 days when both dates are in one leap year or a 29 February
    # lies between them; further apart, the average length of the years spanned
    within_a_year = y1 == y2 or (y2 == y1 + 1 and (m1 > m2 or (m1 == m2 and d1 >= d2)))
    if not within_a_year:
        span = dt.date(y2 + 1, 1, 1).toordinal() - dt.date(y1, 1, 1).toordinal()
        return diff / (span / (y2 - y1 + 1))
    if y1 == y2 and is_leap(y1):
        return diff / 366
    if _feb29_between(a, b) or (m2 == 2 and d2 == 29):
        return diff / 366
    return diff / 365


def _feb29_between(a: dt.date, b: dt.date) -> bool:
    for y in (a.year, b.year):
        if is_leap(y) and a <= dt.date(y, 2, 29) <= b:
            return True
    return False


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


__all__ = ["CouponDate", "Coupons", "check_basis", "check_freq", "date_arg", "days360",
           "days_between", "ordinal", "to_date", "year_diff", "year_fraction"]
