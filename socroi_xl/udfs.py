"""The Excel functions: the xlwings UDF module (classic xlwings and xlwings Lite).

Each function is its registry entry made callable from Excel: ``@udf`` gives it the
registry's description, argument help and category; the body is one call of the core.
Ranges arrive as 2-D lists (so a column stays a column), errors in input cells arrive as
their text (``err_to_str``), and results go back as 2-D lists that spill.

Use in classic xlwings: ``socroi new BOOK.xlsm`` writes a workbook whose VBA project already
holds the wrappers and whose ``xlwings.conf`` sheet names this module (``socroi_xl.excel``).
Use in xlwings Lite: ``socroi lite DIR`` writes the ``main.py`` that imports these functions.
See docs/xlwings.md.

Importing this module, and calling every function, needs only numpy and xlwings (the core
requirements).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import xlwings as xw

from .core.attribution import assists, attribute, decay_weights
from .core.customer import breakeven_cpa, breakeven_cpc, breakeven_roas, clv, clv_retention, payback
from .core.funnel import funnel
from .core.ratios import conv_rate, cpa, cpc, cpm, ctr, engagement_rate, growth, roas, roi, uplift
from .core.utm import utm, utm_param
from .core.value import action_value, effort_cost, keyword_cpc, ppc_value
from .registry import REGISTRY

F = TypeVar("F", bound=Callable[..., Any])

#: The Excel functions, the names ``from socroi_xl.udfs import *`` gives.
__all__ = list(REGISTRY)


def udf(f: F) -> F:
    """Register ``f`` with xlwings under its own name, documented from the registry.

    ``help_url`` (its section of docs/functions.md) is shown by xlwings Lite; classic
    xlwings ignores options it does not know.
    """
    spec = REGISTRY[f.__name__]
    f.__doc__ = spec.description
    for arg in spec.args:
        f = xw.arg(arg.name, doc=arg.doc, ndim=2, err_to_str=True)(f)
    return xw.func(category=spec.category, help_url=spec.help_url)(f)


def excel(value: Any) -> Any:
    """A result as Excel takes it: arrays become 2-D lists (they spill), scalars stay."""
    if isinstance(value, np.ndarray):
        return value.reshape(value.shape[0], -1).tolist() if value.ndim else value.item()
    return value


@udf
def SOCROI(gain, cost):
    return excel(roi(gain, cost))


@udf
def SOCROI_ROAS(revenue, ad_spend):
    return excel(roas(revenue, ad_spend))


@udf
def SOCROI_CPM(cost, impressions):
    return excel(cpm(cost, impressions))


@udf
def SOCROI_CPC(cost, clicks):
    return excel(cpc(cost, clicks))


@udf
def SOCROI_CTR(clicks, impressions):
    return excel(ctr(clicks, impressions))


@udf
def SOCROI_CPA(cost, conversions):
    return excel(cpa(cost, conversions))


@udf
def SOCROI_CONV_RATE(conversions, visits):
    return excel(conv_rate(conversions, visits))


@udf
def SOCROI_FUNNEL(stage_counts, mode=None):
    return excel(funnel(stage_counts, mode))


@udf
def SOCROI_PPC_VALUE(visits, cpc):
    return excel(ppc_value(visits, cpc))


@udf
def SOCROI_KEYWORD_CPC(keywords, table_keywords, table_cpc):
    return excel(keyword_cpc(keywords, table_keywords, table_cpc))


@udf
def SOCROI_ACTION_VALUE(counts, unit_values):
    return excel(action_value(counts, unit_values))


@udf
def SOCROI_EFFORT_COST(hours, hourly_rate, other_costs=None):
    return excel(effort_cost(hours, hourly_rate, other_costs))


@udf
def SOCROI_ENGAGEMENT_RATE(engagements, base):
    return excel(engagement_rate(engagements, base))


@udf
def SOCROI_GROWTH(start, end):
    return excel(growth(start, end))


@udf
def SOCROI_CLV(avg_order_value, purchases_per_year, years, gross_margin=None):
    return excel(clv(avg_order_value, purchases_per_year, years, gross_margin))


@udf
def SOCROI_CLV_RETENTION(margin, retention, discount):
    return excel(clv_retention(margin, retention, discount))


@udf
def SOCROI_BREAKEVEN_CPA(avg_order_value, gross_margin):
    return excel(breakeven_cpa(avg_order_value, gross_margin))


@udf
def SOCROI_BREAKEVEN_ROAS(gross_margin):
    return excel(breakeven_roas(gross_margin))


@udf
def SOCROI_BREAKEVEN_CPC(avg_order_value, gross_margin, conv_rate):
    return excel(breakeven_cpc(avg_order_value, gross_margin, conv_rate))


@udf
def SOCROI_PAYBACK(acquisition_cost, monthly_revenue, gross_margin):
    return excel(payback(acquisition_cost, monthly_revenue, gross_margin))


@udf
def SOCROI_UPLIFT(segment_value, baseline_value):
    return excel(uplift(segment_value, baseline_value))


@udf
def SOCROI_UTM(url, source, medium, campaign, term=None, content=None):
    return excel(utm(url, source, medium, campaign, term, content))


@udf
def SOCROI_UTM_PARAM(url, name):
    return excel(utm_param(url, name))


# --- attribution (issue 7) -----------------------------------------------------------------


@udf
def SOCROI_ATTRIBUTE(paths, conversions, nulls=None, model=None, separator=None):
    return excel(attribute(paths, conversions, nulls, model, separator))


@udf
def SOCROI_DECAY_WEIGHTS(days_before_conversion, half_life_days):
    return excel(decay_weights(days_before_conversion, half_life_days))


@udf
def SOCROI_ASSISTS(paths, conversions, channel):
    return excel(assists(paths, conversions, channel))
