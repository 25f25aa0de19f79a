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
from .financial_dates import (
    CouponDate,
    Coupons,
    check_basis,
    check_freq,
    coupon_diff,
    date_arg,
    serial_of,
    year_diff,
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
@function("COUPDAYBS", "number, number, number, number=0", category=_F, context=True)
def COUPDAYBS(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the days from the beginning of the coupon period to the settlement date."""
    return _coupons(ctx, settle, mat, freq, basis).days_before()


@function("COUPDAYS", "number, number, number, number=0", category=_F, context=True)
def COUPDAYS(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the days in the coupon period that contains the settlement date."""
    return _coupons(ctx, settle, mat, freq, basis).days()


@function("COUPDAYSNC", "number, number, number, number=0", category=_F, context=True)
def COUPDAYSNC(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the days from the settlement date to the next coupon date."""
    return _coupons(ctx, settle, mat, freq, basis).days_after()


@function("COUPNCD", "number, number, number, number=0", category=_F, context=True)
def COUPNCD(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the next coupon date after the settlement date."""
    return _serial(ctx, _coupons(ctx, settle, mat, freq, basis).next().date())


@function("COUPPCD", "number, number, number, number=0", category=_F, context=True)
def COUPPCD(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the coupon date before (or on) the settlement date."""
    return _serial(ctx, _coupons(ctx, settle, mat, freq, basis).previous().date())


@function("COUPNUM", "number, number, number, number=0", category=_F, context=True)
def COUPNUM(ctx: CallContext, settle: float, mat: float, freq: float, basis: float) -> float:
    """Returns the number of coupons payable between the settlement date and maturity."""
    return _coupons(ctx, settle, mat, freq, basis).count()


# --- coupon bonds -------------------------------------------------------------------------------------
def price_of(c: Coupons, rate: float, yld: float, redemption: float) -> float:
    """Excel's PRICE: the discounted coupons and redemption, less the accrued interest."""
    f = c.freq
    e, dsc, n, a = c.days(), c.days_after(), c.count(), c.days_before()
    dsc_e = dsc / e
    coupon = 100 * rate / f
    base = 1 + yld / f
    out = redemption / base ** (n - 1 + dsc_e) - coupon * a / e
    for k in range(int(n)):
        out += coupon / base ** (k + dsc_e)
    return out


@function("PRICE", "number, number, number, number, number, number, number=0", category=_F, context=True)
def PRICE(ctx: CallContext, settle: float, mat: float, rate: float, yld: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the price per 100 face value of a security that pays periodic interest."""
    c = _coupons(ctx, settle, mat, freq, basis)
    if rate < 0 or yld < 0 or redemption <= 0:
        raise Err(E_NUM)
    return price_of(c, rate, yld, redemption)


@function("YIELD", "number, number, number, number, number, number, number=0", category=_F, context=True)
def YIELD(ctx: CallContext, settle: float, mat: float, rate: float, pr: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the yield of a security that pays periodic interest (one coupon period or less
    to redemption: Excel's closed form; more: the yield at which PRICE gives the price)."""
    c = _coupons(ctx, settle, mat, freq, basis)
    if rate < 0 or pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    f = c.freq
    if c.count() <= 1:
        e, a, dsr = c.days(), c.days_before(), c.days_after()
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
    first = c.days_after() / c.days()
    cf = coupon * 100 / f
    base = 1 + yld / f
    weighted = pv = 0.0
    for k in range(1, n + 1):
        t = k - 1 + first
        v = (cf + (100 if k == n else 0)) / base**t
        weighted += t * v
        pv += v
    return weighted / pv / f


@function("DURATION", "number, number, number, number, number, number=0", category=_F, context=True)
def DURATION(ctx: CallContext, settle: float, mat: float, coupon: float, yld: float, freq: float, basis: float) -> float:
    """Returns the Macaulay duration of a security that pays periodic interest."""
    c = _coupons(ctx, settle, mat, freq, basis)
    if coupon < 0 or yld < 0:
        raise Err(E_NUM)
    return _duration(c, coupon, yld)


@function("MDURATION", "number, number, number, number, number, number=0", category=_F, context=True)
def MDURATION(ctx: CallContext, settle: float, mat: float, coupon: float, yld: float, freq: float, basis: float) -> float:
    """Returns the modified Macaulay duration of a security (par 100)."""
    c = _coupons(ctx, settle, mat, freq, basis)
    if coupon < 0 or yld < 0:
        raise Err(E_NUM)
    return _duration(c, coupon, yld) / (1 + yld / c.freq)


@function("ACCRINT", "number, number, number, number, number, number, number=0, logical=True", category=_F, context=True)
def ACCRINT(ctx: CallContext, issue: float, first: float, settle: float, rate: float, par: float, freq: float, basis: float, calc_method: bool) -> float:
    """Returns the accrued interest of a security that pays periodic interest (from issue, or
    from the first interest date when calc_method is FALSE and settlement is after it)."""
    i, fi, s = _date(ctx, issue), _date(ctx, first), _date(ctx, settle)
    f, b = check_freq(freq), check_basis(basis)
    if rate <= 0 or par <= 0 or i >= s:
        raise Err(E_NUM)
    start = fi if (not calc_method and s > fi) else i
    if b != 1:
        # every quasi-coupon period has the same normal length: the sum of Excel's formula
        # is the year fraction (as LibreOffice and PhpSpreadsheet compute it)
        return par * rate * year_fraction(start, s, b)
    # actual/actual: Excel's formula, par * rate / frequency * sum(A_i / NL_i) over the
    # quasi-coupon periods (running through the first interest date) from start to settlement
    step = 12 // f
    q = CouponDate(fi, b)
    start_c, settle_c = CouponDate(start, b), CouponDate(s, b)
    while start_c < q:
        q.add_months(-step)
    total = 0.0
    p = q
    while p < settle_c:
        n = p.copy()
        n.add_months(step)
        a = start_c if p < start_c else p
        z = settle_c if settle_c < n else n
        if a < z:
            total += coupon_diff(a, z) / coupon_diff(p, n)
        p = n
    return par * rate / f * total


@function("ACCRINTM", "number, number, number, number, number=0", category=_F, context=True)
def ACCRINTM(ctx: CallContext, issue: float, settle: float, rate: float, par: float, basis: float) -> float:
    """Returns the accrued interest of a security that pays interest at maturity."""
    a, b, k = _span(ctx, issue, settle, basis)
    if rate <= 0 or par <= 0:
        raise Err(E_NUM)
    return par * rate * year_diff(a, b, k)


@function("ODDLPRICE", "number, number, number, number, number, number, number, number=0", category=_F, context=True)
def ODDLPRICE(ctx: CallContext, settle: float, mat: float, last: float, rate: float, yld: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the price per 100 face value of a security with an odd last coupon period."""
    s, m, li = _date(ctx, settle), _date(ctx, mat), _date(ctx, last)
    f, b = check_freq(freq), check_basis(basis)
    if not li < s < m or rate < 0 or yld < 0 or redemption <= 0:
        raise Err(E_NUM)
    dci = year_fraction(li, m, b) * f
    dsci = year_fraction(s, m, b) * f
    ai = year_fraction(li, s, b) * f
    coupon = 100 * rate / f
    return (redemption + dci * coupon) / (dsci * yld / f + 1) - ai * coupon


@function("ODDLYIELD", "number, number, number, number, number, number, number, number=0", category=_F, context=True)
def ODDLYIELD(ctx: CallContext, settle: float, mat: float, last: float, rate: float, pr: float, redemption: float, freq: float, basis: float) -> float:
    """Returns the yield of a security with an odd last coupon period."""
    s, m, li = _date(ctx, settle), _date(ctx, mat), _date(ctx, last)
    f, b = check_freq(freq), check_basis(basis)
    if not li < s < m or rate < 0 or pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    dci = year_fraction(li, m, b) * f
    dsci = year_fraction(s, m, b) * f
    ai = year_fraction(li, s, b) * f
    coupon = 100 * rate / f
    return ((redemption + dci * coupon) / (pr + ai * coupon) - 1) * f / dsci


# --- discounted and at-maturity securities --------------------------------------------------------------
@function("PRICEDISC", "number, number, number, number, number=0", category=_F, context=True)
def PRICEDISC(ctx: CallContext, settle: float, mat: float, discount: float, redemption: float, basis: float) -> float:
    """Returns the price per 100 face value of a discounted security."""
    a, b, k = _span(ctx, settle, mat, basis)
    if discount <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return redemption * (1 - discount * year_diff(a, b, k))


@function("YIELDDISC", "number, number, number, number, number=0", category=_F, context=True)
def YIELDDISC(ctx: CallContext, settle: float, mat: float, pr: float, redemption: float, basis: float) -> float:
    """Returns the annual yield of a discounted security."""
    a, b, k = _span(ctx, settle, mat, basis)
    if pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return (redemption / pr - 1) / year_fraction(a, b, k)


@function("DISC", "number, number, number, number, number=0", category=_F, context=True)
def DISC(ctx: CallContext, settle: float, mat: float, pr: float, redemption: float, basis: float) -> float:
    """Returns the discount rate of a security."""
    a, b, k = _span(ctx, settle, mat, basis)
    if pr <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return (1 - pr / redemption) / year_fraction(a, b, k)


@function("INTRATE", "number, number, number, number, number=0", category=_F, context=True)
def INTRATE(ctx: CallContext, settle: float, mat: float, investment: float, redemption: float, basis: float) -> float:
    """Returns the interest rate of a fully invested security."""
    a, b, k = _span(ctx, settle, mat, basis)
    if investment <= 0 or redemption <= 0:
        raise Err(E_NUM)
    return (redemption / investment - 1) / year_diff(a, b, k)


@function("RECEIVED", "number, number, number, number, number=0", category=_F, context=True)
def RECEIVED(ctx: CallContext, settle: float, mat: float, investment: float, discount: float, basis: float) -> float:
    """Returns the amount received at maturity for a fully invested security."""
    a, b, k = _span(ctx, settle, mat, basis)
    if investment <= 0 or discount <= 0:
        raise Err(E_NUM)
    d = 1 - discount * year_diff(a, b, k)
    if d <= 0:
        raise Err(E_NUM)
    return investment / d


@function("PRICEMAT", "number, number, number, number, number, number=0", category=_F, context=True)
def PRICEMAT(ctx: CallContext, settle: float, mat: float, issue: float, rate: float, yld: float, basis: float) -> float:
    """Returns the price per 100 face value of a security that pays interest at maturity."""
    s, m, k = _span(ctx, settle, mat, basis)
    i = _date(ctx, issue)
    if rate < 0 or yld < 0:
        raise Err(E_NUM)
    im, is_, sm = year_fraction(i, m, k), year_fraction(i, s, k), year_fraction(s, m, k)
    return (100 + im * rate * 100) / (1 + sm * yld) - is_ * rate * 100


@function("YIELDMAT", "number, number, number, number, number, number=0", category=_F, context=True)
def YIELDMAT(ctx: CallContext, settle: float, mat: float, issue: float, rate: float, pr: float, basis: float) -> float:
    """Returns the annual yield of a security that pays interest at maturity."""
    s, m, k = _span(ctx, settle, mat, basis)
    i = _date(ctx, issue)
    if rate < 0 or pr <= 0:
        raise Err(E_NUM)
    im, is_, sm = year_fraction(i, m, k), year_fraction(i, s, k), year_fraction(s, m, k)
    return ((1 + im * rate) / (pr / 100 + is_ * rate) - 1) / sm


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


@function("TBILLPRICE", "number, number, number", category=_F, context=True)
def TBILLPRICE(ctx: CallContext, settle: float, mat: float, discount: float) -> float:
    """Returns the price per 100 face value of a Treasury bill."""
    dsm = _tbill(ctx, settle, mat)
    if discount <= 0:
        raise Err(E_NUM)
    out = 100 * (1 - discount * dsm / 360)
    if out <= 0:
        raise Err(E_NUM)
    return out


@function("TBILLYIELD", "number, number, number", category=_F, context=True)
def TBILLYIELD(ctx: CallContext, settle: float, mat: float, pr: float) -> float:
    """Returns the yield of a Treasury bill."""
    dsm = _tbill(ctx, settle, mat)
    if pr <= 0:
        raise Err(E_NUM)
    return (100 - pr) / pr * 360 / dsm


@function("TBILLEQ", "number, number, number", category=_F, context=True)
def TBILLEQ(ctx: CallContext, settle: float, mat: float, discount: float) -> float:
    """Returns the bond-equivalent yield of a Treasury bill."""
    dsm = _tbill(ctx, settle, mat)
    if discount <= 0:
        raise Err(E_NUM)
    return 365 * discount / (360 - discount * dsm)


# --- French depreciation ------------------------------------------------------------------------------
def _french_round(x: float) -> float:
    return math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)


@function("AMORDEGRC", "number, number, number, number, number, number, number=0", category=_F, context=True)
def AMORDEGRC(ctx: CallContext, cost: float, purchased: float, first: float, salvage: float, period: float, rate: float, basis: float) -> float:
    """Returns the depreciation of an asset for an accounting period (French system, with a
    coefficient depending on the asset's life)."""
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


@function("AMORLINC", "number, number, number, number, number, number, number=0", category=_F, context=True)
def AMORLINC(ctx: CallContext, cost: float, purchased: float, first: float, salvage: float, period: float, rate: float, basis: float) -> float:
    """Returns the depreciation of an asset for an accounting period (French system, linear)."""
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
