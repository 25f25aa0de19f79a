"""Value and cost totals: what social produced, what the effort cost.

The totals are sums of products over ranges (like ``SUMPRODUCT``), with SOCROI's rules:
blank cells count 0, unreadable text gives ``#VALUE!``, a negative count, price or cost
gives ``#NUM!``, and an error anywhere in the ranges is the result (the first one in
reading order, row by row, as Excel reports it).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..errors import NA, VALUE, error
from ..xl.coerce import as_array, is_scalar, numbers, result, texts
from .kernel import NONNEG, quiet, read


def _sum_of_products(x: Any, y: Any) -> Any:
    """Σ x × y over equal-shaped ranges (or one value against a range), like SUMPRODUCT."""
    if not _pairable(as_array(x), as_array(y)):
        return error(VALUE)
    a = read(x, y)
    if isinstance(a, str):
        return a
    p = a.num(0, NONNEG)
    q = a.num(1, NONNEG)
    with quiet():
        return a.total(p * q)


def ppc_value(visits: Any, cpc: Any) -> Any:
    """PPC-equivalent value: Σ visits × CPC, what organic social traffic would have cost as paid clicks.

    .. math:: V = \\sum_i \\mathrm{visits}_i \\times \\mathrm{CPC}_i

    Parameters
    ----------
    visits : number or range
        Organic visits from social, one per keyword or topic; negative gives #NUM!,
        blank counts 0.
    cpc : number or range
        Published cost per click for a matching keyword (same shape as visits, or one
        value for all); negative gives #NUM!, blank counts 0.

    Returns
    -------
    float
        The money the company saved by not buying that traffic.

    Notes
    -----
    No denominator: an empty range sums to 0. Ranges of different shapes (other than one
    value against a range) give ``#VALUE!``.

    Examples
    --------
    1,200 visits on a keyword at 1.50 and 300 on one at 4.00: 1,800 + 1,200 = 3,000.

    >>> ppc_value([1200, 300], [1.5, 4.0])
    3000.0
    """
    return _sum_of_products(visits, cpc)


def action_value(counts: Any, unit_values: Any) -> Any:
    """Value of actions: Σ count × assigned value of each action (likes, shares, leads, demos…).

    .. math:: V = \\sum_i \\mathrm{count}_i \\times \\mathrm{value}_i

    Parameters
    ----------
    counts : number or range
        How many times each action happened; negative gives #NUM!, blank counts 0.
    unit_values : number or range
        Money value assigned to one of each action (same shape as counts, or one value
        for all); negative gives #NUM!, blank counts 0.

    Returns
    -------
    float
        Total money value of the actions.

    Notes
    -----
    No denominator: an empty range sums to 0.

    Examples
    --------
    500 shares at 0.50, 40 leads at 25 and 6 demo requests at 120:
    250 + 1,000 + 720 = 1,970.

    >>> action_value([500, 40, 6], [0.5, 25, 120])
    1970.0
    """
    return _sum_of_products(counts, unit_values)


def effort_cost(hours: Any, hourly_rate: Any, other_costs: Any = None) -> Any:
    """Full effort cost: Σ hours × hourly rate + Σ other costs (tools, ad spend, refunds, training).

    .. math:: C = \\sum_i \\mathrm{hours}_i \\times \\mathrm{rate}_i + \\sum_j \\mathrm{other}_j

    Parameters
    ----------
    hours : number or range
        Staff hours by role or person; negative gives #NUM!, blank counts 0.
    hourly_rate : number or range
        Loaded hourly rate for each (same shape as hours, or one rate for all); negative
        gives #NUM!, blank counts 0.
    other_costs : number or range, optional
        Every other cost: tools and subscriptions, ad spend, refunds and discounts given
        on social, content, research, training; negative gives #NUM!, blank counts 0.

    Returns
    -------
    float
        The total cost of the social effort.

    Notes
    -----
    No denominator. Credits are not costs: enter a refund you *gave* as a positive cost.

    Examples
    --------
    120 h at 45 and 40 h at 80 of staff time, plus 300 of tools and 2,000 of ads:
    5,400 + 3,200 + 2,300 = 10,900.

    >>> effort_cost([120, 40], [45, 80], [300, 2000])
    10900.0
    """
    staff = _sum_of_products(hours, hourly_rate)
    if isinstance(staff, str) or other_costs is None:
        return staff
    a = read(other_costs)
    if isinstance(a, str):
        return a
    other = a.total(a.num(0, NONNEG))
    return other if isinstance(other, str) else staff + other


def _pairable(x: np.ndarray, y: np.ndarray) -> bool:
    """Equal shapes, or a single value against a range: a row and a column do not pair."""
    return x.size == 1 or y.size == 1 or x.shape == y.shape


_SPACES = re.compile(r"\s+")


def _normalise_keywords(values: np.ndarray) -> list[str | None]:
    """Keywords compared the way a person reads them: case and spacing ignored."""
    return [None if v is None else _SPACES.sub(" ", str(v)).strip().casefold() for v in values]


def keyword_cpc(keywords: Any, table_keywords: Any, table_cpc: Any) -> Any:
    """CPC of each keyword from a published CPC table; case and extra spaces ignored; #N/A if none matches.

    Looks every keyword up at once (a hash join, not one search per cell) and returns
    the CPC of the first matching row of the table.

    Parameters
    ----------
    keywords : text or range
        The keywords or topics of the organic traffic.
    table_keywords : range
        The keyword column of the published CPC table.
    table_cpc : range
        The CPC column of that table, as many cells as ``table_keywords``.

    Returns
    -------
    float or array
        One CPC per keyword, in the shape of ``keywords``.

    Notes
    -----
    No match (or a blank keyword) gives ``#N/A``, like ``VLOOKUP``; a table whose two
    columns differ in length gives ``#VALUE!``; an error in the matched CPC cell is
    returned as it is. A blank CPC cell reads 0, as a lookup of a blank cell does in Excel.

    Examples
    --------
    >>> keyword_cpc(["Running  Shoes", "yoga mat"], ["running shoes", "trail shoes"], [1.2, 0.9])
    array([1.2, '#N/A'], dtype=object)
    """
    scalar = is_scalar(keywords)
    keys, key_codes = texts(keywords)
    table_keys, table_key_codes = texts(table_keywords)
    cpc_values, cpc_codes = numbers(table_cpc)
    if table_keys.size != cpc_values.size:
        return error(VALUE)
    table = _normalise_keywords(table_keys.ravel())
    bad_key = table_key_codes.ravel() != 0 if table_key_codes is not None else None
    first: dict[str, int] = {}  # keyword -> its first usable row (the hash join)
    for i, k in enumerate(table):
        # an error cell in the keyword column matches nothing
        if k is not None and not (bad_key is not None and bad_key[i]):
            first.setdefault(k, i)
    row = np.fromiter((first.get(k, -1) if k is not None else -1 for k in _normalise_keywords(keys.ravel())), np.intp, keys.size)
    found = row >= 0
    row = np.where(found, row, 0)
    has_rows = cpc_values.size > 0
    values = np.where(found, np.nan_to_num(cpc_values.ravel()[row]) if has_rows else 0.0, 0.0)
    codes = np.where(found, 0, NA).astype(np.int8)
    if cpc_codes is not None and has_rows:
        np.putmask(codes, found, cpc_codes.ravel()[row])
    if key_codes is not None:
        np.putmask(codes, key_codes.ravel() != 0, key_codes.ravel())
    return result(values.reshape(keys.shape), codes.reshape(keys.shape), scalar)
