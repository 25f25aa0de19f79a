"""Ratios: return, cost per result, rates. One numerator over one denominator each.

All of them follow :mod:`socroi_xl.core.kernel`: a blank or zero denominator is
``#DIV/0!``, a blank numerator counts 0, a negative count or cost is ``#NUM!``.
"""

from __future__ import annotations

from typing import Any

from .kernel import ANY, NONNEG, quiet, read


def _ratio(numerator: Any, denominator: Any, num_domain: str, scale: float = 1.0) -> Any:
    """``numerator / denominator × scale`` with the denominator a non-negative count or cost."""
    a = read(numerator, denominator)
    if isinstance(a, str):
        return a
    n = a.num(0, num_domain)
    d = a.den(1, NONNEG)
    with quiet():
        out = n / d if scale == 1.0 else n / d * scale
    return a.result(out)


def roi(gain: Any, cost: Any) -> Any:
    """Return on investment as a fraction: (gain − cost) / cost. The headline social ROI.

    .. math:: \\mathrm{ROI} = \\frac{\\mathrm{gain} - \\mathrm{cost}}{\\mathrm{cost}}

    Parameters
    ----------
    gain : number or range
        Money value social produced in the period (direct sales + action value +
        PPC-equivalent value); any number, a blank counts 0.
    cost : number or range
        Full cost of the social effort in the same currency (staff, tools, ads, refunds,
        training); zero or blank gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        The return as a fraction (0.5 is 50 %); format the cell as a percentage.

    Notes
    -----
    Zero denominator: a cost of 0 (or a blank cost) gives ``#DIV/0!``: a return on
    nothing spent is undefined, not infinite.

    Examples
    --------
    Gain 15,000 on a cost of 10,000 is a 50 % return:

    >>> roi(15000, 10000)
    0.5
    >>> roi([15000, 5000], [10000, 0]).tolist()
    [0.5, '#DIV/0!']
    """
    a = read(gain, cost)
    if isinstance(a, str):
        return a
    g = a.num(0, ANY)
    c = a.den(1, NONNEG)
    with quiet():
        out = (g - c) / c
    return a.result(out)


def roas(revenue: Any, ad_spend: Any) -> Any:
    """Return on ad spend: revenue / ad_spend (4.0 means 4 of revenue per 1 spent).

    .. math:: \\mathrm{ROAS} = \\frac{\\mathrm{revenue}}{\\mathrm{ad\\ spend}}

    Parameters
    ----------
    revenue : number or range
        Revenue attributed to the ads; negative gives #NUM!, blank counts 0.
    ad_spend : number or range
        Money spent on the ads; zero or blank gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        Revenue per unit of ad spend.

    Notes
    -----
    Zero denominator: no ad spend gives ``#DIV/0!``.

    Examples
    --------
    >>> roas(20000, 5000)
    4.0
    """
    return _ratio(revenue, ad_spend, NONNEG)


def cpm(cost: Any, impressions: Any) -> Any:
    """Cost per mille: cost / impressions × 1000, the price of 1,000 impressions.

    .. math:: \\mathrm{CPM} = \\frac{\\mathrm{cost}}{\\mathrm{impressions}} \\times 1000

    Parameters
    ----------
    cost : number or range
        Money spent; negative gives #NUM!, blank counts 0.
    impressions : number or range
        Impressions served; zero or blank gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        Cost of 1,000 impressions.

    Notes
    -----
    Zero denominator: no impressions gives ``#DIV/0!``.

    Examples
    --------
    500 spent for 250,000 impressions is a CPM of 2:

    >>> cpm(500, 250000)
    2.0
    """
    return _ratio(cost, impressions, NONNEG, 1000.0)


def cpc(cost: Any, clicks: Any) -> Any:
    """Cost per click: cost / clicks.

    .. math:: \\mathrm{CPC} = \\frac{\\mathrm{cost}}{\\mathrm{clicks}}

    Parameters
    ----------
    cost : number or range
        Money spent; negative gives #NUM!, blank counts 0.
    clicks : number or range
        Link clicks; zero or blank gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        Cost of one click.

    Notes
    -----
    Zero denominator: no clicks gives ``#DIV/0!``.

    Examples
    --------
    >>> cpc(300, 400)
    0.75
    """
    return _ratio(cost, clicks, NONNEG)


def ctr(clicks: Any, impressions: Any) -> Any:
    """Click-through rate: clicks / impressions, as a fraction.

    .. math:: \\mathrm{CTR} = \\frac{\\mathrm{clicks}}{\\mathrm{impressions}}

    Parameters
    ----------
    clicks : number or range
        Clicks; negative gives #NUM!, blank counts 0.
    impressions : number or range
        Impressions served; zero or blank gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        Share of impressions that were clicked (0.02 is 2 %).

    Notes
    -----
    Zero denominator: no impressions gives ``#DIV/0!``.

    Examples
    --------
    >>> ctr(150, 10000)
    0.015
    """
    return _ratio(clicks, impressions, NONNEG)


def cpa(cost: Any, conversions: Any) -> Any:
    """Cost per acquisition: cost / conversions (with leads as conversions: cost per lead).

    .. math:: \\mathrm{CPA} = \\frac{\\mathrm{cost}}{\\mathrm{conversions}}

    Parameters
    ----------
    cost : number or range
        Money spent; negative gives #NUM!, blank counts 0.
    conversions : number or range
        Conversions, purchases or leads; zero or blank gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        Cost of one conversion.

    Notes
    -----
    Zero denominator: no conversions gives ``#DIV/0!``.

    Examples
    --------
    >>> cpa(1200, 40)
    30.0
    """
    return _ratio(cost, conversions, NONNEG)


def conv_rate(conversions: Any, visits: Any) -> Any:
    """Conversion rate: conversions / visits, as a fraction.

    .. math:: \\mathrm{rate} = \\frac{\\mathrm{conversions}}{\\mathrm{visits}}

    Parameters
    ----------
    conversions : number or range
        Conversions; negative gives #NUM!, blank counts 0.
    visits : number or range
        Visits, sessions or clicks that could convert; zero or blank gives #DIV/0!,
        negative gives #NUM!.

    Returns
    -------
    float or array
        Share of visits that converted.

    Notes
    -----
    Zero denominator: no visits gives ``#DIV/0!``.

    Examples
    --------
    >>> conv_rate(30, 1200)
    0.025
    """
    return _ratio(conversions, visits, NONNEG)


def engagement_rate(engagements: Any, base: Any) -> Any:
    """Engagement rate: engagements / base (reach, impressions or followers), a fraction.

    .. math:: \\mathrm{rate} = \\frac{\\mathrm{engagements}}{\\mathrm{base}}

    Parameters
    ----------
    engagements : number or range
        Likes, comments, shares, saves, clicks; negative gives #NUM!, blank counts 0.
    base : number or range
        The base the rate is measured on: reach, impressions or followers; zero or blank
        gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        Engagements per unit of base.

    Notes
    -----
    Zero denominator: a zero base gives ``#DIV/0!``.

    Examples
    --------
    >>> engagement_rate(450, 12000)
    0.0375
    """
    return _ratio(engagements, base, NONNEG)


def growth(start: Any, end: Any) -> Any:
    """Growth over the period: (end − start) / start, e.g. follower growth.

    .. math:: \\mathrm{growth} = \\frac{\\mathrm{end} - \\mathrm{start}}{\\mathrm{start}}

    Parameters
    ----------
    start : number or range
        Value at the start of the period (followers, revenue); zero or blank gives
        #DIV/0!, negative gives #NUM! (growth from a negative base has no meaning).
    end : number or range
        Value at the end of the period; any number, a blank counts 0.

    Returns
    -------
    float or array
        Growth as a fraction (0.1 is 10 % growth, −0.05 a 5 % fall).

    Notes
    -----
    Zero denominator: a start of 0 gives ``#DIV/0!``.

    Examples
    --------
    From 8,000 to 9,200 followers is 15 % growth:

    >>> growth(8000, 9200)
    0.15
    """
    a = read(start, end)
    if isinstance(a, str):
        return a
    s = a.den(0, NONNEG)
    e = a.num(1, ANY)
    with quiet():
        out = (e - s) / s
    return a.result(out)


def uplift(segment_value: Any, baseline_value: Any) -> Any:
    """Uplift of a segment over a baseline: segment / baseline − 1 (followers vs others).

    .. math:: \\mathrm{uplift} = \\frac{\\mathrm{segment}}{\\mathrm{baseline}} - 1

    Parameters
    ----------
    segment_value : number or range
        The measure for the segment (e.g. customers who follow you): retention rate,
        average deal size, time to close, upsell rate; negative gives #NUM!, blank counts 0.
    baseline_value : number or range
        The same measure for the comparison group (customers who do not follow you); zero
        or blank gives #DIV/0!, negative gives #NUM!.

    Returns
    -------
    float or array
        Relative difference: 0.2 means the segment's value is 20 % higher. For time to
        close, a negative uplift is good (deals close faster).

    Notes
    -----
    Zero denominator: a baseline of 0 gives ``#DIV/0!``.

    Examples
    --------
    Followers renew at 90 %, others at 75 %: an uplift of 20 %.

    >>> round(uplift(0.90, 0.75), 12)
    0.2
    """
    a = read(segment_value, baseline_value)
    if isinstance(a, str):
        return a
    s = a.num(0, NONNEG)
    b = a.den(1, NONNEG)
    with quiet():
        out = s / b - 1.0
    return a.result(out)
