"""Customer economics: lifetime value, break-even points, payback.

Products follow Excel arithmetic (a blank counts 0); margins, retention and conversion
rates are fractions (outside 0–1 gives ``#NUM!``); money and counts may not be negative.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DIV0, NUM
from .kernel import ANY, FRACTION, NONNEG, quiet, read


def clv(avg_order_value: Any, purchases_per_year: Any, years: Any, gross_margin: Any = None) -> Any:
    """Customer lifetime value: average order value × purchases per year × years × gross margin.

    .. math:: \\mathrm{CLV} = \\mathrm{AOV} \\times f \\times T \\times m

    Parameters
    ----------
    avg_order_value : number or range
        Average order value; negative gives #NUM!, blank counts 0.
    purchases_per_year : number or range
        Purchases a customer makes per year; negative gives #NUM!, blank counts 0.
    years : number or range
        Years a customer stays; negative gives #NUM!, blank counts 0.
    gross_margin : number or range, optional
        Gross margin as a fraction (0.6 is 60 %); omitted means 1 (revenue CLV);
        outside 0–1 gives #NUM!.

    Returns
    -------
    float or array
        What one customer is worth over their lifetime.

    Notes
    -----
    No denominator.

    Examples
    --------
    Orders of 80, 3 a year, for 4 years at a 50 % margin: 80 × 3 × 4 × 0.5 = 480.

    >>> clv(80, 3, 4, 0.5)
    480.0
    """
    a = read(avg_order_value, purchases_per_year, years, 1.0 if gross_margin is None else gross_margin)
    if isinstance(a, str):
        return a
    with quiet():
        out = a.num(0, NONNEG) * a.num(1, NONNEG) * a.num(2, NONNEG) * a.num(3, FRACTION)
    return a.result(out)


def clv_retention(margin: Any, retention: Any, discount: Any) -> Any:
    """Lifetime value from retention: margin × retention / (1 + discount − retention).

    The infinite-horizon customer value of Gupta & Lehmann (2003), with a constant margin
    per period, a constant retention rate and a discount rate per period.

    .. math:: \\mathrm{CLV} = m \\frac{r}{1 + i - r}

    Parameters
    ----------
    margin : number or range
        Money margin a customer brings per period (e.g. per year); any number, blank counts 0.
    retention : number or range
        Share of customers who stay each period, a fraction; outside 0–1 gives #NUM!.
    discount : number or range
        Discount rate per period, a fraction (0.1 is 10 %); negative gives #NUM!.

    Returns
    -------
    float or array
        Present value of the margins a customer brings.

    Notes
    -----
    Zero denominator: retention of 100 % with a 0 % discount rate (retention ≥ 1 +
    discount) never ends: ``#NUM!``.

    Examples
    --------
    A margin of 100 a year, 80 % retention, 12 % discount rate: 100 × 0.8 / 0.32 = 250.

    >>> round(clv_retention(100, 0.8, 0.12), 9)
    250.0
    """
    a = read(margin, retention, discount)
    if isinstance(a, str):
        return a
    m = a.num(0, ANY)
    r = a.num(1, FRACTION)
    i = a.num(2, NONNEG)
    denominator = 1.0 + i - r
    a.fail(~(denominator > 0), NUM)
    with quiet():
        out = m * r / denominator
    return a.result(out)


def breakeven_cpa(avg_order_value: Any, gross_margin: Any) -> Any:
    """Break-even cost per acquisition: average order value × gross margin.

    .. math:: \\mathrm{CPA}_{0} = \\mathrm{AOV} \\times m

    Parameters
    ----------
    avg_order_value : number or range
        Average order value; negative gives #NUM!, blank counts 0.
    gross_margin : number or range
        Gross margin as a fraction; outside 0–1 gives #NUM!.

    Returns
    -------
    float or array
        The most one may pay for a sale without losing money on it.

    Notes
    -----
    No denominator.

    Examples
    --------
    >>> breakeven_cpa(80, 0.4)
    32.0
    """
    a = read(avg_order_value, gross_margin)
    if isinstance(a, str):
        return a
    return a.result(a.num(0, NONNEG) * a.num(1, FRACTION))


def breakeven_roas(gross_margin: Any) -> Any:
    """Break-even ROAS: 1 / gross margin, the ROAS below which ads lose money.

    .. math:: \\mathrm{ROAS}_{0} = \\frac{1}{m}

    Parameters
    ----------
    gross_margin : number or range
        Gross margin as a fraction; zero or blank gives #DIV/0!, outside 0–1 gives #NUM!.

    Returns
    -------
    float or array
        Revenue needed per unit of ad spend to break even.

    Notes
    -----
    Zero denominator: a margin of 0 gives ``#DIV/0!`` (no ROAS breaks even).

    Examples
    --------
    >>> breakeven_roas(0.4)
    2.5
    """
    a = read(gross_margin)
    if isinstance(a, str):
        return a
    m = a.den(0, FRACTION)
    with quiet():
        out = 1.0 / m
    return a.result(out)


def breakeven_cpc(avg_order_value: Any, gross_margin: Any, conv_rate: Any) -> Any:
    """Break-even cost per click: average order value × gross margin × conversion rate.

    .. math:: \\mathrm{CPC}_{0} = \\mathrm{AOV} \\times m \\times c

    Parameters
    ----------
    avg_order_value : number or range
        Average order value; negative gives #NUM!, blank counts 0.
    gross_margin : number or range
        Gross margin as a fraction; outside 0–1 gives #NUM!.
    conv_rate : number or range
        Share of clicks that buy, a fraction; outside 0–1 gives #NUM!.

    Returns
    -------
    float or array
        The most one may pay for a click without losing money.

    Notes
    -----
    No denominator.

    Examples
    --------
    >>> round(breakeven_cpc(80, 0.4, 0.025), 12)
    0.8
    """
    a = read(avg_order_value, gross_margin, conv_rate)
    if isinstance(a, str):
        return a
    return a.result(a.num(0, NONNEG) * a.num(1, FRACTION) * a.num(2, FRACTION))


def payback(acquisition_cost: Any, monthly_revenue: Any, gross_margin: Any) -> Any:
    """Payback in months: acquisition cost / (monthly revenue × gross margin).

    .. math:: \\mathrm{months} = \\frac{\\mathrm{CAC}}{R_{\\mathrm{month}} \\times m}

    Parameters
    ----------
    acquisition_cost : number or range
        What it cost to win the customer; negative gives #NUM!, blank counts 0.
    monthly_revenue : number or range
        Revenue the customer brings per month; negative gives #NUM!.
    gross_margin : number or range
        Gross margin as a fraction; outside 0–1 gives #NUM!.

    Returns
    -------
    float or array
        Months (with a fraction) until the gross profit repays the acquisition cost;
        wrap in ``ROUNDUP(…, 0)`` for whole months.

    Notes
    -----
    Zero denominator: no monthly revenue or a zero margin never pays back: ``#DIV/0!``.

    Examples
    --------
    A customer who cost 300 and brings 50 a month at 60 % margin: 300 / 30 = 10 months.

    >>> payback(300, 50, 0.6)
    10.0
    """
    a = read(acquisition_cost, monthly_revenue, gross_margin)
    if isinstance(a, str):
        return a
    cac = a.num(0, NONNEG)
    earned = a.num(1, NONNEG) * a.num(2, FRACTION)
    a.fail(earned == 0, DIV0)
    with quiet():
        out = cac / earned
    return a.result(np.asarray(out))
