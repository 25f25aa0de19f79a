"""Securities functions of Excel's Financial category: coupons (COUPDAYBS, COUPDAYS,
COUPDAYSNC, COUPNCD, COUPNUM, COUPPCD), coupon bonds (PRICE, YIELD, DURATION, MDURATION,
ACCRINT, ODDLPRICE, ODDLYIELD), discounted and at-maturity securities (PRICEDISC, YIELDDISC,
DISC, INTRATE, RECEIVED, PRICEMAT, YIELDMAT, ACCRINTM), Treasury bills (TBILLPRICE,
TBILLYIELD, TBILLEQ) and the French depreciation of AMORDEGRC and AMORLINC.

Dates are truncated to whole days; settlement on or after maturity, a frequency other than
1, 2 or 4, a basis outside 0-4 are ``#NUM!``; a date that is not a valid date is
``#VALUE!`` (Excel's documented rules). Day counts are in :mod:`.financial_dates`.
"""

from __future__ import annotations

import datetime as dt
import math

from ..values import E_NUM, Err
from .financial import strict
from .financial_dates import (
    Coupons,
    check_basis,
    check_freq,
    date_arg,
    days_in_month,
    serial_of,
    year_fraction,
)
from .spec import CallContext, function

_F = "financial"


def _date(ctx: CallContext, v: float) -> dt.date:
    return date_arg(ctx, v)


def _serial(ctx: CallContext, d: dt.date) -> float:
    return serial_of(ctx, d)


def _coupons(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> Coupons:
    s, m = _date(ctx, settle), _date(ctx, mat)
    return Coupons(s, m, check_freq(freq), check_basis(basis))


def _span(ctx: CallContext, start: float, end: float, basis: float) -> tuple[dt.date, dt.date, int]:
    """Two dates of a discount security (the first strictly before the second) and the basis."""
    a, b = _date(ctx, start), _date(ctx, end)
    k = check_basis(basis)
    if a >= b:
        raise Err(E_NUM)
    return a, b, k


# --- coupons ------------------------------------------------------------------------------------------
@function("COUPDAYBS", "value, value, value, value=0", category=_F, context=True)
def COUPDAYBS(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the days from the beginning of the coupon period to the settlement date."""
    freq, basis = strict(freq), strict(basis)
    return _coupons(ctx, settle, mat, freq, basis).days_before()


@function("COUPDAYS", "value, value, value, value=0", category=_F, context=True)
def COUPDAYS(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the days in the coupon period that contains the settlement date."""
    freq, basis = strict(freq), strict(basis)
    return _coupons(ctx, settle, mat, freq, basis).days()


@function("COUPDAYSNC", "value, value, value, value=0", category=_F, context=True)
def COUPDAYSNC(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the days from the settlement date to the next coupon date."""
    freq, basis = strict(freq), strict(basis)
    return _coupons(ctx, settle, mat, freq, basis).days_after()


@function("COUPNCD", "value, value, value, value=0", category=_F, context=True)
def COUPNCD(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the next coupon date after the settlement date."""
    freq, basis = strict(freq), strict(basis)
    return _serial(ctx, _coupons(ctx, settle, mat, freq, basis).next().date())


@function("COUPPCD", "value, value, value, value=0", category=_F, context=True)
def COUPPCD(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the coupon date before (or on) the settlement date."""
    freq, basis = strict(freq), strict(basis)
    return _serial(ctx, _coupons(ctx, settle, mat, freq, basis).previous().date())


@function("COUPNUM", "value, value, value, value=0", category=_F, context=True)
def COUPNUM(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the number of coupons payable between the settlement date and maturity."""
    freq, basis = strict(freq), strict(basis)
    return _coupons(ctx, settle, mat, freq, basis).count()


# --- coupon bonds -------------------------------------------------------------------------------------
def price_of(c: Coupons, rate: float, yld: float, redemption: float) -> float:
    """Excel's PRICE: the discounted coupons and redemption, less the accrued interest; the
    time to the next coupon is the coupon period less the days since the last one (E - A),
    and with one coupon left the discount is simple interest (ExcelFinancialFunctions'
    reading, which gives Excel's saved values)."""
    f = c.freq
    e, n, a = c.days(), c.count(), c.days_before()
    dsc_e = (e - a) / e
    coupon = 100 * rate / f
    accrued = coupon * a / e
    if n == 1:
        return (redemption + coupon) / (1 + dsc_e * yld / f) - accrued
    base = 1 + yld / f
    out = redemption / base ** (n - 1 + dsc_e) - accrued
    for k in range(int(n)):
        out += coupon / base ** (k + dsc_e)
    return out


@function("PRICE", "value, value, value, value, value, value, value=0", category=_F, context=True)
def PRICE(ctx: CallContext, settle: float, mat: float, rate: float, yld: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the price per 100 face value of a security that pays periodic interest."""
    rate, yld, redemption, freq, basis = strict(rate), strict(yld), strict(redemption), strict(freq), strict(basis)
    c = _coupons(ctx, settle, mat, freq, basis)
    if rate < 0 or yld < 0 or redemption <= 0:
        raise Err(E_NUM)
    return price_of(c, rate, yld, redemption)


@function("YIELD", "value, value, value, value, value, value, value=0", category=_F, context=True)
def YIELD(ctx: CallContext, settle: float, mat: float, rate: float, pr: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the yield of a security that pays periodic interest (one coupon period or less
    to redemption: Excel's closed form; more: the yield at which PRICE gives the price)."""
    rate, pr, redemption, freq, basis = strict(rate), strict(pr), strict(redemption), strict(freq), strict(basis)
    c = _coupons(ctx, settle, mat, freq, basis)
    if rate < 0 or pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    f = c.freq
    if c.count() <= 1:
        e, a = c.days(), c.days_before()
        dsr = e - a
        paid = pr / 100 + a / e * rate / f
        return (redemption / 100 + rate / f - paid) / paid * f * e / dsr
    return _solve(lambda y: price_of(c, rate, y, redemption) - pr, rate if rate > 0 else 0.05)


def _solve(f, guess: float) -> float:
    """A root of a decreasing price function by Newton's method (numeric slope), up to 100
    steps; #NUM! when it does not settle."""
    y = guess
    for _ in range(100):
        v = f(y)
        h = 1e-6 * max(1.0, abs(y))
        slope = (f(y + h) - v) / h
        if slope == 0 or not math.isfinite(slope):
            break
        step = v / slope
        y -= step
        if y <= -1:
            y = -0.999999
        if abs(step) < 1e-12 * max(1.0, abs(y)):
            return y
    raise Err(E_NUM)


def _duration(c: Coupons, coupon: float, yld: float) -> float:
    """Macaulay duration in years: the cash flows' times (in coupon periods from settlement:
    DSC/E for the next coupon, then whole periods) weighted by their present values."""
    f = c.freq
    n = int(c.count())
    first = (c.days() - c.days_before()) / c.days()
    cf = coupon * 100 / f
    base = 1 + yld / f
    weighted = pv = 0.0
    for k in range(1, n + 1):
        t = k - 1 + first
        v = (cf + (100 if k == n else 0)) / base**t
        weighted += t * v
        pv += v
    return weighted / pv / f


@function("DURATION", "value, value, value, value, value, value=0", category=_F, context=True)
def DURATION(ctx: CallContext, settle: float, mat: float, coupon: float, yld: float, freq: float, basis: float) -> float:
    """Returns the Macaulay duration of a security that pays periodic interest."""
    coupon, yld, freq, basis = strict(coupon), strict(yld), strict(freq), strict(basis)
    c = _coupons(ctx, settle, mat, freq, basis)
    if coupon < 0 or yld < 0:
        raise Err(E_NUM)
    return _duration(c, coupon, yld)


@function("MDURATION", "value, value, value, value, value, value=0", category=_F, context=True)
def MDURATION(ctx: CallContext, settle: float, mat: float, coupon: float, yld: float, freq: float, basis: float) -> float:
    """Returns the modified Macaulay duration of a security (par 100)."""
    coupon, yld, freq, basis = strict(coupon), strict(yld), strict(freq), strict(basis)
    c = _coupons(ctx, settle, mat, freq, basis)
    if coupon < 0 or yld < 0:
        raise Err(E_NUM)
    return _duration(c, coupon, yld) / (1 + yld / c.freq)


# --- ACCRINT: Excel's sum over quasi-coupon periods --------------------------------------------
# The algorithm of ExcelFinancialFunctions (F#, Apache-2.0, written and tested against Excel),
# as IronCalc (MIT) ports it; the values Excel saves for it are the tests.
def _last_day(d: dt.date) -> bool:
    return d.day == days_in_month(d.year, d.month)


def _last_feb(d: dt.date) -> bool:
    return d.month == 2 and _last_day(d)


def _add_months(d: dt.date, n: int, to_month_end: bool) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    last = days_in_month(y, m + 1)
    return dt.date(y, m + 1, last if to_month_end else min(d.day, last))


def _d360_us(a: dt.date, b: dt.date, both: bool) -> float:
    sd, ed = a.day, b.day
    if _last_feb(b) and (_last_feb(a) or both):
        ed = 30
    if ed == 31 and (sd >= 30 or both):
        ed = 30
    if sd == 31:
        sd = 30
    if _last_feb(a):
        sd = 30
    return float((b.year - a.year) * 360 + (b.month - a.month) * 30 + ed - sd)


def _d360_eu(a: dt.date, b: dt.date) -> float:
    return float((b.year - a.year) * 360 + (b.month - a.month) * 30 + min(b.day, 30) - min(a.day, 30))


def _days(a: dt.date, b: dt.date, numerator: bool, basis: int) -> float:
    """Days from ``a`` to ``b`` in a basis (actual/360 counts a period's length 30/360)."""
    if basis == 0:
        return _d360_us(a, b, False)
    if basis == 4:
        return _d360_eu(a, b)
    if basis == 2 and not numerator:
        return _d360_us(a, b, False)
    return float((b - a).days)


def _period_around(start: dt.date, end: dt.date, months: int, month_end: bool) -> tuple[dt.date, dt.date]:
    """Step from ``start`` by ``months`` until ``end`` is reached: (the date reached, the one before)."""
    front, trailing = start, end
    while not (front >= end if months > 0 else front <= end):
        trailing = front
        front = _add_months(front, months, month_end)
    return front, trailing


def _accrued(issue: dt.date, first: dt.date, settle: dt.date, freq: int, basis: int, calc_method: bool) -> float:
    """The sum of Excel's ACCRINT formula: accrued days over each quasi-coupon period's length."""
    months = 12 // freq
    month_end = _last_day(first)
    regular = _add_months(first, -months, month_end)
    pcd = _period_around(first, settle, months, month_end)[1] if settle > first and calc_method else regular
    start = issue if issue > pcd else pcd
    if basis == 1:
        length = float((first - regular).days)
    else:
        length = 360 / freq if basis in (0, 2, 4) else 365 / freq
    acc = _days(start, settle, True, basis) / length
    front = pcd
    while front > issue:
        period_end = front
        front = _add_months(front, -months, month_end)
        if issue <= front:
            acc += 1.0 if calc_method else 0.0
            continue
        numerator = _d360_us(issue, period_end, False) if basis == 0 else _days(issue, period_end, True, basis)
        if basis == 0:
            denominator = _d360_us(front, period_end, True)
        elif basis == 3:
            denominator = 365 / freq
        else:
            denominator = _days(front, period_end, False, basis)
        acc += numerator / denominator
    return acc


@function("ACCRINT", "value, value, value, value, value, value, value=0, logical=True", category=_F, context=True)
def ACCRINT(ctx: CallContext, issue: float, first: float, settle: float, rate: float, par: float, freq: float, basis: float, calc_method: bool) -> float:
    """Returns the accrued interest of a security that pays periodic interest (from issue, or
    from the first interest date when calc_method is FALSE)."""
    i, fi, s = _date(ctx, issue), _date(ctx, first), _date(ctx, settle)
    rate, par = strict(rate), strict(par)
    f, b = check_freq(strict(freq)), check_basis(strict(basis))
    if rate <= 0 or par <= 0 or i >= s:
        raise Err(E_NUM)
    return par * rate / f * _accrued(i, fi, s, f, b, calc_method)


@function("ACCRINTM", "value, value, value, value, value=0", category=_F, context=True)
def ACCRINTM(ctx: CallContext, issue: float, settle: float, rate: float, par: float, basis: float) -> float:
    """Returns the accrued interest of a security that pays interest at maturity."""
    rate, par, basis = strict(rate), strict(par), strict(basis)
    a, b, k = _span(ctx, issue, settle, basis)
    if rate <= 0 or par <= 0:
        raise Err(E_NUM)
    return par * rate * year_fraction(a, b, k)


# --- ODDFPRICE, ODDFYIELD: an odd (short or long) first coupon period ----------------------------------
# Excel's formulas (support.microsoft.com, "ODDFPRICE function") as ExcelFinancialFunctions (F#,
# Apache-2.0, tested against Excel) computes them: its coupon calendar steps month by month from
# the previous date (.NET AddMonths), which this section follows; the tests are Excel's values.
def _cal_days(a: dt.date, b: dt.date, basis: int) -> float:
    """Days from ``a`` to ``b`` (never negative) as the basis counts an interval's days."""
    if basis == 0:
        d = _d360_us(a, b, False)
    elif basis == 4:
        d = _d360_eu(a, b)
    else:
        d = float((b - a).days)
    return d if d > 0 else 0.0


def _cal_coupons(settle: dt.date, mat: dt.date, freq: int) -> tuple[dt.date, dt.date]:
    """(previous, next) coupon dates around ``settle``, stepping back from ``mat``."""
    return _period_around(mat, settle, -(12 // freq), _last_day(mat))


def _cal_count(settle: dt.date, mat: dt.date, freq: int) -> float:
    pcd = _cal_coupons(settle, mat, freq)[0]
    return ((mat.year - pcd.year) * 12 + mat.month - pcd.month) * freq / 12


def _cal_period(settle: dt.date, mat: dt.date, freq: int, basis: int) -> float:
    if basis == 1:
        pcd, ncd = _cal_coupons(settle, mat, freq)
        return float((ncd - pcd).days)
    return (365 if basis == 3 else 360) / freq


def _whole_periods(first: dt.date, settle: dt.date, months: int) -> float:
    """Whole coupon periods from settlement to the first coupon (Nq)."""
    month_end = _last_day(first)
    if not month_end and first.month != 2 and 28 < first.day < days_in_month(first.year, first.month):
        month_end = _last_day(settle)
    start = dt.date(settle.year, settle.month, days_in_month(settle.year, settle.month)) if month_end else settle
    count = 1.0 if settle < start else 0.0
    front = _add_months(start, months, month_end)
    while front < first:
        front = _add_months(front, months, month_end)
        count += 1
    return count


def oddf_price(settle: dt.date, mat: dt.date, issue: dt.date, first: dt.date, rate: float, yld: float, redemption: float, freq: int, basis: int) -> float:
    m = float(freq)
    months = 12 // freq
    e = _cal_period(settle, first, freq, basis)
    coupon = 100 * rate / m
    x = yld / m + 1
    dfc = _cal_days(issue, first, basis)
    if dfc < e:  # a short first period
        n = _cal_count(settle, mat, freq)
        y = _cal_days(settle, first, basis) / e
        a = _cal_days(issue, settle, basis)
        out = redemption / x ** (n - 1 + y) + coupon * dfc / e / x**y - a / e * coupon
        for k in range(2, int(n) + 1):
            out += coupon / x ** (k - 1 + y)
        return out
    # a long first period: its quasi-coupon periods, latest first
    nc = int(_cal_count(issue, first, freq))
    late = first
    dcnl = anl = 0.0
    for index in range(nc, 0, -1):
        early = _add_months(late, -months, False)
        nl = _cal_days(early, late, basis) if basis == 1 else e
        dci = nl if index > 1 else _cal_days(issue, late, basis)
        a = _cal_days(max(issue, early), min(settle, late), basis)
        late = early
        dcnl += dci / nl
        anl += a / nl
    if basis in (2, 3):
        dsc = _cal_days(settle, _cal_coupons(settle, first, freq)[1], basis)
    else:
        dsc = e - _cal_days(_cal_coupons(settle, first, freq)[0], settle, basis)
    nq = _whole_periods(first, settle, months)
    n = _cal_count(first, mat, freq)
    y = dsc / e
    out = redemption / x ** (y + nq + n) + coupon * dcnl / x ** (nq + y) - coupon * anl
    for k in range(1, int(n) + 1):
        out += coupon / x ** (k + nq + y)
    return out


def _oddf_dates(ctx: CallContext, settle: float, mat: float, issue: float, first: float, freq: float, basis: float) -> tuple[dt.date, dt.date, dt.date, dt.date, int, int]:
    s, m, i, fc = _date(ctx, settle), _date(ctx, mat), _date(ctx, issue), _date(ctx, first)
    f, b = check_freq(freq), check_basis(basis)
    if not i < s < fc < m:
        raise Err(E_NUM)
    return s, m, i, fc, f, b


@function("ODDFPRICE", "value, value, value, value, value, value, value, value, value=0", category=_F, context=True)
def ODDFPRICE(ctx: CallContext, settle: float, mat: float, issue: float, first: float, rate: float, yld: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the price per 100 face value of a security with an odd first period."""
    rate, yld, redemption, freq, basis = strict(rate), strict(yld), strict(redemption), strict(freq), strict(basis)
    s, m, i, fc, f, b = _oddf_dates(ctx, settle, mat, issue, first, freq, basis)
    if rate < 0 or yld < 0 or redemption <= 0:
        raise Err(E_NUM)
    # the first coupon must be on maturity's coupon calendar
    months = 12 // f
    if _period_around(_add_months(m, -months, _last_day(m)), fc, -months, _last_day(m))[0] != fc:
        raise Err(E_NUM)
    return oddf_price(s, m, i, fc, rate, yld, redemption, f, b)


@function("ODDFYIELD", "value, value, value, value, value, value, value, value, value=0", category=_F, context=True)
def ODDFYIELD(ctx: CallContext, settle: float, mat: float, issue: float, first: float, rate: float, pr: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the yield of a security with an odd first period (the yield at which
    ODDFPRICE gives the price)."""
    rate, pr, redemption, freq, basis = strict(rate), strict(pr), strict(redemption), strict(freq), strict(basis)
    s, m, i, fc, f, b = _oddf_dates(ctx, settle, mat, issue, first, freq, basis)
    if rate < 0 or pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    years = _cal_days(s, m, b)
    px = pr - 100
    guess = (rate * years * 100 - px) / (px / 4 + years * px / 2 + years * 100)
    return _solve(lambda y: oddf_price(s, m, i, fc, rate, y, redemption, f, b) - pr, guess)


# --- ODDLPRICE, ODDLYIELD: an odd (short or long) last coupon period ----------------------------------
# Excel's formulas (support.microsoft.com, "ODDLPRICE function"): sums over the quasi-coupon
# periods from the last interest date to maturity, as ExcelFinancialFunctions (F#, Apache-2.0,
# tested against Excel) steps them; IronCalc's PRICE_YIELD.xlsx holds Excel's values.
def _oddl_sums(s: dt.date, m: dt.date, li: dt.date, freq: int, basis: int) -> tuple[float, float, float]:
    """(sum DC/NL, sum A/NL, sum DSC/NL) over the quasi-coupon periods of the last period."""
    months = 12 // freq
    nc = int(round(_cal_count(li, m, freq)))
    early = li
    dcnl = anl = dscnl = 0.0
    for index in range(1, nc + 1):
        late = _add_months(early, months, False)
        nl = _days(early, late, True, basis)  # a quasi-period's length: actual days in basis 2 too
        dc = nl if index < nc else _days(early, m, True, basis)
        if late < s:
            a = dc
        elif early < s:
            a = _days(early, s, True, basis)
        else:
            a = 0.0
        dsc = _days(max(s, early), min(m, late), True, basis)
        dcnl, anl, dscnl = dcnl + dc / nl, anl + a / nl, dscnl + dsc / nl
        early = late
    return dcnl, anl, dscnl


@function("ODDLPRICE", "value, value, value, value, value, value, value, value=0", category=_F, context=True)
def ODDLPRICE(ctx: CallContext, settle: float, mat: float, last: float, rate: float, yld: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the price per 100 face value of a security with an odd last coupon period."""
    rate, yld, redemption, freq, basis = strict(rate), strict(yld), strict(redemption), strict(freq), strict(basis)
    s, m, li = _date(ctx, settle), _date(ctx, mat), _date(ctx, last)
    f, b = check_freq(freq), check_basis(basis)
    if not li < s < m or rate < 0 or yld < 0 or redemption <= 0:
        raise Err(E_NUM)
    dcnl, anl, dscnl = _oddl_sums(s, m, li, f, b)
    coupon = 100 * rate / f
    return (redemption + dcnl * coupon) / (dscnl * yld / f + 1) - anl * coupon


@function("ODDLYIELD", "value, value, value, value, value, value, value, value=0", category=_F, context=True)
def ODDLYIELD(ctx: CallContext, settle: float, mat: float, last: float, rate: float, pr: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the yield of a security with an odd last coupon period."""
    rate, pr, redemption, freq, basis = strict(rate), strict(pr), strict(redemption), strict(freq), strict(basis)
    s, m, li = _date(ctx, settle), _date(ctx, mat), _date(ctx, last)
    f, b = check_freq(freq), check_basis(basis)
    if not li < s < m or rate < 0 or pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    dcnl, anl, dscnl = _oddl_sums(s, m, li, f, b)
    coupon = 100 * rate / f
    return ((redemption + dcnl * coupon) / (pr + anl * coupon) - 1) * f / dscnl


# --- discounted and at-maturity securities --------------------------------------------------------------
@function("PRICEDISC", "value, value, value, value, value=0", category=_F, context=True)
def PRICEDISC(ctx: CallContext, settle: float, mat: float, discount: float, redemption: float, basis: float) -> float:
    """Returns the price per 100 face value of a discounted security."""
    discount, redemption, basis = strict(discount), strict(redemption), strict(basis)
    a, b, k = _span(ctx, settle, mat, basis)
    if discount <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return redemption * (1 - discount * year_fraction(a, b, k))


@function("YIELDDISC", "value, value, value, value, value=0", category=_F, context=True)
def YIELDDISC(ctx: CallContext, settle: float, mat: float, pr: float, redemption: float, basis: float) -> float:
    """Returns the annual yield of a discounted security."""
    pr, redemption, basis = strict(pr), strict(redemption), strict(basis)
    a, b, k = _span(ctx, settle, mat, basis)
    if pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return (redemption / pr - 1) / year_fraction(a, b, k)


@function("DISC", "value, value, value, value, value=0", category=_F, context=True)
def DISC(ctx: CallContext, settle: float, mat: float, pr: float, redemption: float, basis: float) -> float:
    """Returns the discount rate of a security."""
    pr, redemption, basis = strict(pr), strict(redemption), strict(basis)
    a, b, k = _span(ctx, settle, mat, basis)
    if pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return (1 - pr / redemption) / year_fraction(a, b, k)


@function("INTRATE", "value, value, value, value, value=0", category=_F, context=True)
def INTRATE(ctx: CallContext, settle: float, mat: float, investment: float, redemption: float, basis: float) -> float:
    """Returns the interest rate of a fully invested security."""
    investment, redemption, basis = strict(investment), strict(redemption), strict(basis)
    a, b, k = _span(ctx, settle, mat, basis)
    if investment <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return (redemption / investment - 1) / year_fraction(a, b, k)


@function("RECEIVED", "value, value, value, value, value=0", category=_F, context=True)
def RECEIVED(ctx: CallContext, settle: float, mat: float, investment: float, discount: float, basis: float) -> float:
    """Returns the amount received at maturity for a fully invested security."""
    investment, discount, basis = strict(investment), strict(discount), strict(basis)
    a, b, k = _span(ctx, settle, mat, basis)
    if investment <= 0 or discount <= 0:
        raise Err(E_NUM)
    d = 1 - discount * year_fraction(a, b, k)
    if d <= 0:
        raise Err(E_NUM)
    return investment / d


def _at_maturity(ctx: CallContext, settle: float, mat: float, issue: float, basis: float) -> tuple[float, float, float, float]:
    """(B, DIM, A, DSM) of the at-maturity securities: the year's days as the issue-to-
    settlement span counts them, the days from issue to maturity and to settlement, and
    from settlement to maturity (DIM - A)."""
    s, m, k = _span(ctx, settle, mat, basis)
    i = _date(ctx, issue)
    if i >= s:
        raise Err(E_NUM)
    if k == 0:
        dim, a = _d360_us(i, m, False), _d360_us(i, s, False)
    elif k == 4:
        dim, a = _d360_eu(i, m), _d360_eu(i, s)
    else:
        dim, a = float((m - i).days), float((s - i).days)
    b = {0: 360.0, 2: 360.0, 4: 360.0, 3: 365.0}.get(k)
    if b is None:  # actual/actual: the length of the year (or average year) YEARFRAC gives the span
        b = (s - i).days / year_fraction(i, s, 1)
    return b, dim, a, dim - a


@function("PRICEMAT", "value, value, value, value, value, value=0", category=_F, context=True)
def PRICEMAT(ctx: CallContext, settle: float, mat: float, issue: float, rate: float, yld: float, basis: float) -> float:
    """Returns the price per 100 face value of a security that pays interest at maturity."""
    rate, yld, basis = strict(rate), strict(yld), strict(basis)
    b, dim, a, dsm = _at_maturity(ctx, settle, mat, issue, basis)
    if rate < 0 or yld < 0:
        raise Err(E_NUM)
    return (100 + dim / b * rate * 100) / (1 + dsm / b * yld) - a / b * rate * 100


@function("YIELDMAT", "value, value, value, value, value, value=0", category=_F, context=True)
def YIELDMAT(ctx: CallContext, settle: float, mat: float, issue: float, rate: float, pr: float, basis: float) -> float:
    """Returns the annual yield of a security that pays interest at maturity."""
    rate, pr, basis = strict(rate), strict(pr), strict(basis)
    b, dim, a, dsm = _at_maturity(ctx, settle, mat, issue, basis)
    if rate < 0 or pr <= 0:
        raise Err(E_NUM)
    return (dim / b * rate + 1 - pr / 100 - a / b * rate) / (pr / 100 + a / b * rate) * b / dsm


# --- Treasury bills -------------------------------------------------------------------------------------
def _tbill(ctx: CallContext, settle: float, mat: float) -> int:
    """Days from settlement to maturity (no more than a year)."""
    s, m = _date(ctx, settle), _date(ctx, mat)
    days = (m - s).days
    try:
        year_later = s.replace(year=s.year + 1)
    except ValueError:  # 29 February
        year_later = dt.date(s.year + 1, 3, 1)
    if days <= 0 or m > year_later:
        raise Err(E_NUM)
    return days


@function("TBILLPRICE", "value, value, value", category=_F, context=True)
def TBILLPRICE(ctx: CallContext, settle: float, mat: float, discount: float) -> float:
    """Returns the price per 100 face value of a Treasury bill."""
    discount = strict(discount)
    dsm = _tbill(ctx, settle, mat)
    if discount <= 0:
        raise Err(E_NUM)
    out = 100 * (1 - discount * dsm / 360)
    if out <= 0:
        raise Err(E_NUM)
    return out


@function("TBILLYIELD", "value, value, value", category=_F, context=True)
def TBILLYIELD(ctx: CallContext, settle: float, mat: float, pr: float) -> float:
    """Returns the yield of a Treasury bill."""
    pr = strict(pr)
    dsm = _tbill(ctx, settle, mat)
    if pr <= 0:
        raise Err(E_NUM)
    return (100 - pr) / pr * 360 / dsm


@function("TBILLEQ", "value, value, value", category=_F, context=True)
def TBILLEQ(ctx: CallContext, settle: float, mat: float, discount: float) -> float:
    """Returns the bond-equivalent yield of a Treasury bill (over half a year: the yield of a
    bond paying one coupon, as Excel computes it)."""
    discount = strict(discount)
    dsm = _tbill(ctx, settle, mat)
    if discount <= 0:
        raise Err(E_NUM)
    if dsm <= 182:
        return 365 * discount / (360 - discount * dsm)
    # more than 182 days: the quadratic of ExcelFinancialFunctions, which gives Excel's saved
    # values (2.5066 for 360 days at 80%; the page's formula would say 4.0556)
    price = (100 - discount * 100 * dsm / 360) / 100
    t = dsm / (366 if dsm == 366 else 365)
    root = t * t - (2 * t - 1) * (1 - 1 / price)
    if root < 0 or 2 * t - 1 == 0:
        raise Err(E_NUM)
    return 2 * (math.sqrt(root) - t) / (2 * t - 1)


# --- French depreciation ------------------------------------------------------------------------------
def _french_round(x: float) -> float:
    return math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)


@function("AMORDEGRC", "value, value, value, value, value, value, value=0", category=_F, context=True)
def AMORDEGRC(ctx: CallContext, cost: float, purchased: float, first: float, salvage: float, period: float, rate: float, basis: float) -> float:
    """Returns the depreciation of an asset for an accounting period (French system, with a
    coefficient depending on the asset's life)."""
    cost, salvage, period, rate, basis = strict(cost), strict(salvage), strict(period), strict(rate), strict(basis)
    p, fp = _date(ctx, purchased), _date(ctx, first)
    b = check_basis(basis)
    life = 1 / rate if rate > 0 else 0
    if b == 2 or rate <= 0 or cost < 0 or salvage < 0 or period < 0 or fp < p or life < 3 or 4 < life < 5:
        raise Err(E_NUM)
    coeff = 1.5 if life < 5 else 2.0 if life <= 6 else 2.5
    r = rate * coeff
    n = int(period)
    dep = _french_round(year_fraction(p, fp, b) * r * cost)
    value = cost - dep
    rest = value - salvage
    for k in range(n):
        dep = _french_round(r * value)
        rest -= dep
        if rest < 0:
            return _french_round(value * 0.5) if n - k <= 1 else 0.0
        value -= dep
    return dep


@function("AMORLINC", "value, value, value, value, value, value, value=0", category=_F, context=True)
def AMORLINC(ctx: CallContext, cost: float, purchased: float, first: float, salvage: float, period: float, rate: float, basis: float) -> float:
    """Returns the depreciation of an asset for an accounting period (French system, linear)."""
    cost, salvage, period, rate, basis = strict(cost), strict(salvage), strict(period), strict(rate), strict(basis)
    p, fp = _date(ctx, purchased), _date(ctx, first)
    b = check_basis(basis)
    if b == 2 or rate <= 0 or cost < 0 or salvage < 0 or period < 0 or fp < p or salvage > cost:
        raise Err(E_NUM)
    n = int(period)
    full = cost * rate
    first_dep = year_fraction(p, fp, b) * rate * cost
    periods = int((cost - salvage - first_dep) / full)
    if n == 0:
        out = first_dep
    elif n <= periods:
        out = full
    elif n == periods + 1:
        out = cost - salvage - full * periods - first_dep
    else:
        out = 0.0
    return max(out, 0.0)
