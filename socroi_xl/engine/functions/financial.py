"""Financial functions: the time value of money (PV, FV, PMT, IPMT, PPMT, NPER, RATE, CUMIPMT,
CUMPRINC, ISPMT, RRI, PDURATION), cash flows (NPV, XNPV, IRR, XIRR, MIRR, FVSCHEDULE),
depreciation (SLN, SYD, DB, DDB, VDB), rates and prices (EFFECT, NOMINAL, DOLLARDE, DOLLARFR).
Bonds and other securities are in :mod:`.financial_bonds`.

One equation ties the annuity functions together (Excel's, ``type`` 1 paying at the start of
each period)::

    pv * (1 + rate)**nper + pmt * (1 + rate * type) * ((1 + rate)**nper - 1) / rate + fv = 0

(with ``rate`` 0: ``pv + pmt * nper + fv = 0``).

The iterative solvers start from ``guess`` (10%; a guess of -100% or less is ``#VALUE!``)
and take Newton steps until a step is smaller than 1e-7 (RATE, XIRR) or 1e-8 (IRR). Excel's
documentation says RATE and IRR give up after 20 steps; the values Excel saves show that it
finds rates that 20 steps from the guess do not reach (IronCalc's Excel-saved test books),
so the engine allows 50 steps (XIRR 100) and, when Newton's method fails, brackets a root
between -99.999% and 10,000% and bisects; no root: ``#NUM!``. XIRR is the exception where
Excel's saved values show its way: it brackets the rate between ``guess * 2**k`` and
``guess * 2**(k+1)`` and halves that bracket 26 times (:func:`_xirr_bisect`); a negative
guess finds no positive rate (``#NUM!``); Newton's method only where no such bracket exists.

The Analysis ToolPak functions (EFFECT, NOMINAL, CUMIPMT, CUMPRINC, XNPV, XIRR, DOLLARDE,
DOLLARFR and the securities) take numbers only: a logical value is ``#VALUE!`` there, as in
Excel.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...errors import XLError
from ...xl.numtext import parse_number_text
from ..values import E_DIV0, E_NUM, E_VALUE, Err, Grid, num
from .spec import function


def strict(v: object) -> float:
    """A number argument of an Analysis ToolPak function: a logical value is ``#VALUE!``."""
    if type(v) is bool:
        raise Err(E_VALUE)
    return num(v)


def _pow(base: float, exp: float) -> float:
    """``base ** exp``, ``#NUM!`` where it is not a real number (a negative base to a
    fractional power) and ``#DIV/0!`` for 0 to a negative power."""
    if base == 0 and exp < 0:
        raise Err(E_DIV0)
    return math.pow(base, exp)


# --- the annuity equation ---------------------------------------------------------------------
def _due(t: float) -> float:
    """``type``: 0 at the end of each period, anything else at the start."""
    return 1.0 if t else 0.0


def fv_of(rate: float, nper: float, pmt: float, pv: float, due: float) -> float:
    if rate == 0:
        return -(pv + pmt * nper)
    g = _pow(1 + rate, nper)
    return -(pv * g + pmt * (1 + rate * due) * (g - 1) / rate)


def pmt_of(rate: float, nper: float, pv: float, fv: float, due: float) -> float:
    if rate == 0:
        return -(pv + fv) / nper
    if rate <= -1:
        raise Err(E_NUM)  # Excel: a rate of -100% or less is #NUM!
    g = _pow(1 + rate, nper)
    return -(fv + pv * g) * rate / ((1 + rate * due) * (g - 1))


def _vec_fv(rate, nper, pmt, pv, due):  # numpy version for filled-down columns
    due = np.where(due != 0, 1.0, 0.0)
    g = (1 + rate) ** nper
    safe = np.where(rate == 0, 1.0, rate)
    return np.where(rate == 0, -(pv + pmt * nper), -(pv * g + pmt * (1 + rate * due) * (g - 1) / safe))


def _vec_pv(rate, nper, pmt, fv, due):
    due = np.where(due != 0, 1.0, 0.0)
    g = (1 + rate) ** nper
    safe = np.where(rate == 0, 1.0, rate)
    return np.where(rate == 0, -(fv + pmt * nper), -(fv + pmt * (1 + rate * due) * (g - 1) / safe) / g)


def _vec_pmt(rate, nper, pv, fv, due):
    due = np.where(due != 0, 1.0, 0.0)
    g = (1 + rate) ** nper
    with np.errstate(all="ignore"):
        out = np.where(rate == 0, -(pv + fv) / nper, -(fv + pv * g) * rate / ((1 + rate * due) * (g - 1)))
    return out


@function("FV", "number, number, number, number=0, number=0", category="financial", vector=_vec_fv)
def FV(rate: float, nper: float, pmt: float, pv: float, due: float) -> float:
    """Returns the future value of an investment of periodic, constant payments at a constant rate."""
    return fv_of(rate, nper, pmt, pv, _due(due))


@function("PV", "number, number, number, number=0, number=0", category="financial", vector=_vec_pv)
def PV(rate: float, nper: float, pmt: float, fv: float, due: float) -> float:
    """Returns the present value of an investment: what a series of future payments is worth now."""
    if rate == 0:
        return -(fv + pmt * nper)
    g = _pow(1 + rate, nper)
    return -(fv + pmt * (1 + rate * _due(due)) * (g - 1) / rate) / g


@function("PMT", "number, number, number, number=0, number=0", category="financial", vector=_vec_pmt)
def PMT(rate: float, nper: float, pv: float, fv: float, due: float) -> float:
    """Returns the periodic payment of a loan at a constant rate."""
    if nper == 0:
        raise Err(E_NUM)
    return pmt_of(rate, nper, pv, fv, _due(due))


def _ipmt(rate: float, per: float, nper: float, pv: float, fv: float, due: float) -> tuple[float, float]:
    """(interest part, payment) of period ``per``."""
    if per < 1 or per >= nper + 1 or nper <= 0:
        raise Err(E_NUM)  # Excel accepts a fractional period up to (not including) nper + 1
    pmt = pmt_of(rate, nper, pv, fv, due)
    if per == 1:
        interest = 0.0 if due else -pv
    elif due:
        interest = fv_of(rate, per - 2, pmt, pv, 1.0) - pmt
    else:
        interest = fv_of(rate, per - 1, pmt, pv, 0.0)
    return interest * rate, pmt


@function("IPMT", "number, number, number, number, number=0, number=0", category="financial")
def IPMT(rate: float, per: float, nper: float, pv: float, fv: float, due: float) -> float:
    """Returns the interest part of a loan's payment for a period."""
    return _ipmt(rate, per, nper, pv, fv, _due(due))[0]


@function("PPMT", "number, number, number, number, number=0, number=0", category="financial")
def PPMT(rate: float, per: float, nper: float, pv: float, fv: float, due: float) -> float:
    """Returns the principal part of a loan's payment for a period."""
    interest, pmt = _ipmt(rate, per, nper, pv, fv, _due(due))
    return pmt - interest


@function("NPER", "number, number, number, number=0, number=0", category="financial")
def NPER(rate: float, pmt: float, pv: float, fv: float, due: float) -> float:
    """Returns the number of periods of an investment of periodic, constant payments."""
    if rate == 0:
        if pmt == 0:
            raise Err(E_NUM)
        return -(pv + fv) / pmt
    d = _due(due)
    num_ = pmt * (1 + rate * d) - fv * rate
    den = pmt * (1 + rate * d) + pv * rate
    if den == 0 or num_ / den <= 0 or rate <= -1:
        raise Err(E_NUM)
    return math.log(num_ / den) / math.log1p(rate)


def _rate_f(r: float, nper: float, pmt: float, pv: float, fv: float, due: float) -> tuple[float, float]:
    """The annuity equation and its derivative in the rate."""
    if abs(r) < 1e-12:
        f = pv + pmt * nper + fv
        df = pv * nper + pmt * nper * (nper - 1) / 2 + pmt * due * nper
        return f, df
    g = (1 + r) ** nper
    dg = nper * (1 + r) ** (nper - 1)
    a = (g - 1) / r
    da = (dg * r - (g - 1)) / (r * r)
    f = pv * g + pmt * (1 + r * due) * a + fv
    df = pv * dg + pmt * due * a + pmt * (1 + r * due) * da
    return f, df


@function("RATE", "number, number, number, number=0, number=0, number=0.1", category="financial")
def RATE(nper: float, pmt: float, pv: float, fv: float, due: float, guess: float) -> float:
    """Returns the interest rate per period of an annuity (Newton's method from ``guess``;
    #NUM! when it does not settle within 1e-7)."""
    if guess <= -1:
        raise Err(E_VALUE)
    if nper <= 0:
        raise Err(E_NUM)
    d = _due(due)
    r = guess
    for _ in range(50):
        f, df = _rate_f(r, nper, pmt, pv, fv, d)
        if df == 0 or not math.isfinite(df) or not math.isfinite(f):
            break
        step = f / df
        r -= step
        if r <= -1:
            break
        if abs(step) < 1e-7:
            return r
    raise Err(E_NUM)


def _cumulative(rate: float, nper: float, pv: float, start: float, end: float, due: float, principal: bool) -> float:
    rate, nper, pv, start, end, due = (strict(x) for x in (rate, nper, pv, start, end, due))
    s, e = math.ceil(start), math.trunc(end)  # Excel: the first whole period from start on
    if rate <= 0 or nper <= 0 or pv <= 0 or s < 1 or e < 1 or s > e or e > nper or due not in (0.0, 1.0):
        raise Err(E_NUM)
    total = 0.0
    for per in range(s, e + 1):
        interest, pmt = _ipmt(rate, float(per), nper, pv, 0.0, due)
        total += pmt - interest if principal else interest
    return total


@function("CUMIPMT", "value, value, value, value, value, value", category="financial")
def CUMIPMT(rate: float, nper: float, pv: float, start: float, end: float, due: float) -> float:
    """Returns the interest paid on a loan between two periods."""
    return _cumulative(rate, nper, pv, start, end, due, False)


@function("CUMPRINC", "value, value, value, value, value, value", category="financial")
def CUMPRINC(rate: float, nper: float, pv: float, start: float, end: float, due: float) -> float:
    """Returns the principal paid on a loan between two periods."""
    return _cumulative(rate, nper, pv, start, end, due, True)


@function("ISPMT", "number, number, number, number", category="financial")
def ISPMT(rate: float, per: float, nper: float, pv: float) -> float:
    """Returns the interest paid in a period of a loan with even principal payments."""
    return pv * rate * (per / nper - 1)


@function("RRI", "number, number, number", category="financial")
def RRI(nper: float, pv: float, fv: float) -> float:
    """Returns the equivalent interest rate for the growth of an investment."""
    if nper <= 0 or pv == 0:
        raise Err(E_NUM)
    return (fv / pv) ** (1 / nper) - 1


@function("PDURATION", "number, number, number", category="financial")
def PDURATION(rate: float, pv: float, fv: float) -> float:
    """Returns the number of periods an investment needs to reach a value."""
    if rate <= 0 or pv <= 0 or fv <= 0:
        raise Err(E_NUM)
    return (math.log(fv) - math.log(pv)) / math.log1p(rate)


# --- cash flows --------------------------------------------------------------------------------
@function("NPV", "number, numbers...", category="financial")
def NPV(rate: float, *values: np.ndarray) -> float:
    """Returns the net present value of periodic cash flows at a discount rate (the first at
    the end of the first period)."""
    flows = np.concatenate(values) if values else np.empty(0)
    if rate == -1:
        raise Err(E_DIV0)
    return float(np.sum(flows / (1 + rate) ** np.arange(1, len(flows) + 1)))


def _flows(g: Grid) -> np.ndarray:
    """The numbers of a range or array (text, logicals and blanks skipped; an error is the result)."""
    err = g.first_error()
    if err is not None:
        raise Err(err)
    return g.numbers()


def _irr_npv(r: float, flows: np.ndarray, t: np.ndarray) -> tuple[float, float]:
    d = (1 + r) ** t
    return float(np.sum(flows / d)), float(np.sum(-t * flows / (d * (1 + r))))


def _solve_rate(f, guess: float, steps: int, tol: float) -> float:
    """A rate r > -1 with f(r) = 0 (``f`` gives the value and its derivative): Newton's
    method from ``guess``; failing that, a sign change bracketed in (-0.99999, 100) and
    bisected, then Newton's method from 200 and from -2; #NUM! when nothing settles."""

    def newton(r: float) -> float | None:
        with np.errstate(all="ignore"):
            for _ in range(steps):
                if r <= -1:
                    return None
                v, dv = f(r)
                if dv == 0 or not math.isfinite(dv) or not math.isfinite(v):
                    return None
                step = v / dv
                r -= step
                if abs(step) < tol:
                    return r if r > -1 else None
        return None

    found = newton(guess)
    if found is not None:
        return found
    lo, hi = -0.99999, 100.0
    with np.errstate(all="ignore"):
        flo, fhi = f(lo)[0], f(hi)[0]
        if math.isfinite(flo) and math.isfinite(fhi) and flo * fhi <= 0:
            for _ in range(200):
                mid = (lo + hi) / 2
                fm = f(mid)[0]
                if fm == 0 or (hi - lo) / 2 < 1e-12:
                    return mid
                if (fm < 0) == (flo < 0):
                    lo, flo = mid, fm
                else:
                    hi = mid
            return (lo + hi) / 2
    for start in (200.0, -2.0):
        found = newton(start)
        if found is not None:
            return found
    raise Err(E_NUM)


@function("IRR", "array, number=0.1", category="financial")
def IRR(values: Grid, guess: float) -> float:
    """Returns the internal rate of return of periodic cash flows (Newton's method from
    ``guess``, bisection when it fails; #NUM! when there is no rate)."""
    if guess <= -1:
        raise Err(E_VALUE)
    if values.first_error() is not None:
        raise Err(E_VALUE)  # an error among the values (formulas' test.xlsx, Excel-saved)
    flows = _flows(values)
    if not (flows > 0).any() or not (flows < 0).any():
        raise Err(E_NUM)
    t = np.arange(len(flows), dtype=np.float64)
    return _solve_rate(lambda r: _irr_npv(r, flows, t), guess, 50, 1e-8)


def _dated(values: Grid, dates: Grid, xirr: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """XNPV/XIRR's cash flows and their dates (whole days): as many of each, numbers only,
    no date before the first. An error among the dates is the result before one among the
    values (Excel's order). A blank, text or a logical value among them is #NUM! for XNPV;
    XIRR (Excel's saved values) reads a blank flow as 0 and numeric text as its number, skips
    a flow blank with its date, and gives #VALUE! for other text and logical values."""
    vs, ds = values.cells(), dates.cells()
    for x in ds + vs:
        if type(x) is XLError:
            raise Err(x)
    if len(vs) != len(ds):
        raise Err(E_NUM)
    flows, days = [], []
    for v, d in zip(vs, ds, strict=True):
        if xirr:
            if v is None and d is None:
                continue
            v, d = (0.0 if v is None else _xirr_number(v)), _xirr_number(d)
        if type(v) is not float or type(d) is not float:
            raise Err(E_NUM)
        flows.append(v)
        days.append(math.floor(d))
    f, dd = np.array(flows), np.array(days, dtype=np.float64)
    if not len(f) or (dd < 0).any() or (dd[1:] < dd[0]).any():
        raise Err(E_NUM)
    return f, dd


def _xirr_number(v: Any) -> Any:
    if type(v) is bool:
        raise Err(E_VALUE)
    if isinstance(v, str):
        x = parse_number_text(v)
        if x is None:
            raise Err(E_VALUE)
        return x
    return v


@function("XNPV", "value, array, array", category="financial")
def XNPV(rate: float, values: Grid, dates: Grid) -> float:
    """Returns the net present value of cash flows at given dates (365-day years from the first)."""
    rate = strict(rate)
    flows, days = _dated(values, dates)
    if rate <= 0:
        raise Err(E_NUM)  # Excel: a rate of 0 or less is #NUM! (saved values)
    return float(np.sum(flows / (1 + rate) ** ((days - days[0]) / 365)))


@function("XIRR", "array, array, value=0.1", category="financial")
def XIRR(values: Grid, dates: Grid, guess: float) -> float:
    """Returns the internal rate of return of cash flows at given dates (Newton's method from
    ``guess``, bisection when it fails; #NUM! when there is no rate)."""
    if type(guess) is XLError:
        raise Err(guess)
    guess = strict(guess)
    flows, days = _dated(values, dates, xirr=True)
    if guess <= -1:
        raise Err(E_VALUE)
    if not (flows > 0).any() or not (flows < 0).any():
        raise Err(E_NUM)
    t = (days - days[0]) / 365
    f = lambda r: _irr_npv(r, flows, t)  # noqa: E731
    if guess != 0:
        found = _xirr_bisect(lambda r: f(r)[0], guess)
        if found is not None:
            return found
        if guess < 0:
            raise Err(E_NUM)  # formulas' test.xlsx: a guess of -10% misses the rate 59.9%
    return _solve_rate(f, guess, 100, 1e-7)


#: Halvings of the bracket [g * 2**k, g * 2**(k+1)] in which XIRR settles (Excel's saved values).
_XIRR_HALVINGS = 26


def _xirr_bisect(f, guess: float) -> float | None:
    """Excel's XIRR where its saved values show it: the rate lies between two neighbours of
    ``guess * 2**k`` (k = 0, 1, -1, 2, -2... the nearest first) at which the net present
    value ``f`` changes sign, and XIRR halves that bracket 26 times and returns the last
    midpoint. So Excel's XIRR is not the exact root but a point within 2**-26 of the
    bracket's width of it (1e-8 relative): ``XIRR(..., 1)`` and ``XIRR(..., 4)`` give
    80439335/2**27 (bracket [0.5, 1]) where the root is 0.5993197557...; a bracket found
    by doubling 10% ([0.4, 0.8], [0.8, 1.6], [3.2, 6.4]) gives the digits Excel saved in
    formulas' test.xlsx, IronCalc's XIRR.xlsx and SheetJS' formula_stress_test.xlsx.
    ``None`` when no bracket is found this way (a negative rate from a positive guess: Excel's
    way there is not known; the caller's Newton's method gives the rate to 1e-8)."""
    with np.errstate(all="ignore"):
        f0 = f(guess)
        if not math.isfinite(f0):
            return None
        if f0 == 0:
            return guess
        ends = [[guess, f0, 2.0], [guess, f0, 0.5]]  # doubling and halving: [point, value, factor]
        bracket = None
        for _ in range(100):
            for end in ends:
                point, value, factor = end
                if factor == 0:
                    continue  # this direction ran out (past -100%, or NPV not a number)
                nxt = point * factor
                fn = f(nxt) if nxt > -1 and nxt != 0 and math.isfinite(nxt) else math.nan
                if not math.isfinite(fn):
                    end[2] = 0
                elif fn == 0:
                    return nxt  # the rate itself
                elif (fn < 0) != (value < 0):
                    bracket = (point, nxt)
                    break
                else:
                    end[0], end[1] = nxt, fn
            if bracket is not None or ends[0][2] == ends[1][2] == 0:
                break
        if bracket is None:
            return None
        lo, hi = sorted(bracket)
        flo = f(lo)
        mid = lo
        for _ in range(_XIRR_HALVINGS):
            mid = (lo + hi) / 2
            fm = f(mid)
            if (fm < 0) == (flo < 0):
                lo, flo = mid, fm
            else:
                hi = mid
        return mid


@function("MIRR", "array, number, number", category="financial")
def MIRR(values: Grid, finance_rate: float, reinvest_rate: float) -> float:
    """Returns the modified internal rate of return: payments financed at one rate, receipts
    reinvested at another (-1 when there is no receipt; #DIV/0! when there is no payment)."""
    flows = _flows(values)
    n = len(flows)
    if n < 2 or not (flows < 0).any():
        raise Err(E_DIV0)
    fv_pos = sum(float(x) * _pow(1 + reinvest_rate, n - 1 - i) for i, x in enumerate(flows) if x > 0)
    pv_neg = sum(float(x) / _pow(1 + finance_rate, i) for i, x in enumerate(flows) if x < 0)
    return _pow(-fv_pos / pv_neg, 1 / (n - 1)) - 1


@function("FVSCHEDULE", "number, array", category="financial")
def FVSCHEDULE(principal: float, schedule: Grid) -> float:
    """Returns the future value of a principal after a schedule of compound interest rates."""
    out = principal
    for v in schedule.cells():
        if type(v) is XLError:
            raise Err(v)
        if v is None:
            continue
        if type(v) is not float:
            raise Err(E_VALUE)
        out *= 1 + v
    return out


# --- rates --------------------------------------------------------------------------------------------
@function("EFFECT", "value, value", category="financial")
def EFFECT(nominal: float, npery: float) -> float:
    """Returns the effective annual interest rate of a nominal rate compounded npery times a year."""
    nominal, n = strict(nominal), math.trunc(strict(npery))
    if nominal <= 0 or n < 1:
        raise Err(E_NUM)
    return _pow(1 + nominal / n, n) - 1


@function("NOMINAL", "value, value", category="financial")
def NOMINAL(effect: float, npery: float) -> float:
    """Returns the nominal annual interest rate of an effective rate compounded npery times a year."""
    effect, n = strict(effect), math.trunc(strict(npery))
    if effect <= 0 or n < 1:
        raise Err(E_NUM)
    return n * (_pow(1 + effect, 1 / n) - 1)


def _fraction_scale(fraction: float) -> tuple[int, float]:
    f = math.trunc(fraction)
    if f < 0:
        raise Err(E_NUM)
    if f == 0:
        raise Err(E_DIV0)
    return f, 10.0 ** math.ceil(math.log10(f))


@function("DOLLARDE", "value, value", category="financial")
def DOLLARDE(dollar: float, fraction: float) -> float:
    """Converts a price written as an integer and a fraction (1.02 with 16: 1 2/16) to a decimal number."""
    dollar = strict(dollar)
    f, scale = _fraction_scale(strict(fraction))
    whole = math.trunc(dollar)
    return whole + (dollar - whole) * scale / f


@function("DOLLARFR", "value, value", category="financial")
def DOLLARFR(dollar: float, fraction: float) -> float:
    """Converts a decimal price to an integer and a fraction (1.125 with 16: 1.02, 1 2/16)."""
    dollar = strict(dollar)
    f, scale = _fraction_scale(strict(fraction))
    whole = math.trunc(dollar)
    return whole + (dollar - whole) * f / scale


# --- depreciation ----------------------------------------------------------------------------------
@function("SLN", "number, number, number", category="financial")
def SLN(cost: float, salvage: float, life: float) -> float:
    """Returns the straight-line depreciation of an asset for one period."""
    return (cost - salvage) / life


@function("SYD", "number, number, number, number", category="financial")
def SYD(cost: float, salvage: float, life: float, per: float) -> float:
    """Returns the sum-of-years' digits depreciation of an asset for a period."""
    if life <= 0 or per <= 0 or per > life:
        raise Err(E_NUM)
    return (cost - salvage) * (life - per + 1) * 2 / (life * (life + 1))


@function("DB", "number, number, number, number, number=12", category="financial")
def DB(cost: float, salvage: float, life: float, period: float, month: float) -> float:
    """Returns the fixed-declining balance depreciation of an asset for a period (the rate
    rounded to three decimals; the first and last years pro rata of ``month``)."""
    m = math.trunc(month)
    p = math.trunc(period)
    if cost < 0 or salvage < 0 or life <= 0 or p <= 0 or m < 1 or m > 12 or p > life + (1 if m < 12 else 0):
        raise Err(E_NUM)
    if cost == 0:
        return 0.0
    rate = round(1 - (salvage / cost) ** (1 / life), 3)
    total = cost * rate * m / 12
    dep = total
    for i in range(2, p + 1):
        if i == math.trunc(life) + 1 and i > life:  # the last, partial year
            dep = (cost - total) * rate * (12 - m) / 12
        else:
            dep = (cost - total) * rate
        total += dep
    return dep


def ddb_of(cost: float, salvage: float, life: float, period: float, factor: float) -> float:
    """Double-declining balance depreciation of period ``period`` (no switch to straight line)."""
    rate = factor / life
    if rate >= 1:
        rate = 1.0
        before = cost if period == 1 else 0.0
    else:
        before = cost * (1 - rate) ** (period - 1)
    after = cost * (1 - rate) ** period
    dep = before - salvage if after < salvage else before - after
    return max(dep, 0.0)


@function("DDB", "number, number, number, number, number=2", category="financial")
def DDB(cost: float, salvage: float, life: float, period: float, factor: float) -> float:
    """Returns the double-declining balance depreciation of an asset for a period (or another factor)."""
    if cost < 0 or salvage < 0 or life <= 0 or period <= 0 or factor <= 0 or period > life:
        raise Err(E_NUM)
    return ddb_of(cost, salvage, life, period, factor)


def _vdb_schedule(cost: float, salvage: float, life: float, start: float, end: float, factor: float, no_switch: bool) -> float:
    """VDB as Excel computes it (its saved values in xlcalculator's VDB.xlsx): periods of one
    year from the fraction of ``start`` on (0 to 0.5, 0.5 to 1.5, ... for a start of 3.5; a
    first period that short depreciates that share of a year), each depreciating the book
    value at its start by the declining-balance rate ``factor / life`` (never below
    salvage), or by straight line over the life left when that is larger (unless
    ``no_switch``); ``start`` to ``end`` takes its share of the periods it spans."""
    frac = start - math.floor(start)
    rate = factor / life
    book, total = cost, 0.0
    a, b = 0.0, frac if frac > 0 else min(1.0, life)
    while a < end:
        ddb = min(book * rate, max(book - salvage, 0.0))
        dep = ddb
        if not no_switch and life - a > 0:
            dep = max(ddb, (book - salvage) / (life - a))
        dep *= b - a  # a period shorter than a year: its share
        lo, hi = max(a, start), min(b, end)
        if hi > lo:
            total += dep * (hi - lo) / (b - a)
        book -= dep
        a, b = b, min(b + 1.0, life)
        if b <= a:
            break
    return total


@function("VDB", "number, number, number, number, number, number=2, logical=False", category="financial")
def VDB(cost: float, salvage: float, life: float, start: float, end: float, factor: float, no_switch: bool) -> float:
    """Returns the declining balance depreciation between two periods, switching to straight
    line when that is larger (unless no_switch)."""
    if start < 0 or end < start or end > life or cost < 0 or salvage > cost or factor <= 0 or life <= 0:
        raise Err(E_NUM)
    return _vdb_schedule(cost, salvage, life, start, end, factor, bool(no_switch))


