"""The one registry of SOCROI functions: Excel name, core function, description, arguments.

Each fact lives once. The Excel name is the key of :data:`REGISTRY`; the description is
the first line of the core function's docstring and each argument's help is its entry in
the docstring's *Parameters* section; argument names and optionality come from the
function's signature. Classic xlwings, xlwings Lite, the recalculation engine, the
``socroi functions`` command and ``docs/functions.md`` all read this registry.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import DOCS_URL
from .core import attribution, customer, funnel, ratios, utm, value

CATEGORY = "SocROI"
#: Excel's limit for a function's or an argument's description in the function wizard.
EXCEL_DESCRIPTION_LIMIT = 255


@dataclass(frozen=True)
class ArgSpec:
    """One argument: its name, its help text for Excel, whether it may be left out."""

    name: str
    doc: str
    optional: bool


@dataclass(frozen=True)
class FunctionSpec:
    """One Excel function of the library."""

    name: str
    func: Callable[..., Any]
    description: str
    args: tuple[ArgSpec, ...]
    example: tuple[Any, ...]
    category: str = CATEGORY

    @property
    def signature(self) -> str:
        """The call as Excel shows it, optional arguments in brackets."""
        names = [f"[{a.name}]" if a.optional else a.name for a in self.args]
        return f"{self.name}({', '.join(names)})"

    @property
    def help_url(self) -> str:
        """Its section of docs/functions.md, for this version of the library."""
        return f"{DOCS_URL}/functions.md#{self.name.lower()}"

    @property
    def doc(self) -> str:
        """The core function's full docstring (formula, rules, examples)."""
        return inspect.getdoc(self.func) or ""


_SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}$", re.MULTILINE)
_PARAM = re.compile(r"^(\w+) : (.*)$")


def parameters_section(doc: str) -> dict[str, str]:
    """Argument help from a numpydoc *Parameters* section: name -> one-line text.

    >>> parameters_section("Sum.\\n\\nParameters\\n----------\\nx : number\\n    The x.\\n    More.\\n")
    {'x': 'The x. More.'}
    """
    sections = list(_SECTION.finditer(doc))
    for i, m in enumerate(sections):
        if m.group(1) == "Parameters":
            end = sections[i + 1].start() if i + 1 < len(sections) else len(doc)
            body = doc[m.end() : end]
            break
    else:
        return {}
    out: dict[str, list[str]] = {}
    current = None
    for line in body.splitlines():
        m = _PARAM.match(line)
        if m:
            current = m.group(1)
            out[current] = []
        elif current and line.strip():
            out[current].append(line.strip())
    return {k: " ".join(v) for k, v in out.items()}


def spec_for(name: str, func: Callable[..., Any], example: tuple[Any, ...]) -> FunctionSpec:
    """Build a function's spec from its signature and numpydoc docstring."""
    doc = inspect.getdoc(func) or ""
    helps = parameters_section(doc)
    args = tuple(
        ArgSpec(p.name, helps.get(p.name, ""), p.default is not inspect.Parameter.empty)
        for p in inspect.signature(func).parameters.values()
    )
    return FunctionSpec(name, func, doc.split("\n", 1)[0].strip(), args, example)


def _col(*values: Any) -> list[list[Any]]:
    """A column range as xlwings passes it (a 2-D list)."""
    return [[v] for v in values]


_TABLE: tuple[tuple[str, Callable[..., Any], tuple[Any, ...]], ...] = (
    ("SOCROI", ratios.roi, (15000, 10000)),
    ("SOCROI_ROAS", ratios.roas, (20000, 5000)),
    ("SOCROI_CPM", ratios.cpm, (500, 250000)),
    ("SOCROI_CPC", ratios.cpc, (300, 400)),
    ("SOCROI_CTR", ratios.ctr, (150, 10000)),
    ("SOCROI_CPA", ratios.cpa, (1200, 40)),
    ("SOCROI_CONV_RATE", ratios.conv_rate, (30, 1200)),
    ("SOCROI_FUNNEL", funnel.funnel, (_col(50000, 1000, 50, 10),)),
    ("SOCROI_PPC_VALUE", value.ppc_value, (_col(1200, 300), _col(1.5, 4.0))),
    (
        "SOCROI_KEYWORD_CPC",
        value.keyword_cpc,
        (_col("Running  Shoes", "yoga mat"), _col("running shoes", "trail shoes"), _col(1.2, 0.9)),
    ),
    ("SOCROI_ACTION_VALUE", value.action_value, (_col(500, 40, 6), _col(0.5, 25, 120))),
    ("SOCROI_EFFORT_COST", value.effort_cost, (_col(120, 40), _col(45, 80), _col(300, 2000))),
    ("SOCROI_ENGAGEMENT_RATE", ratios.engagement_rate, (450, 12000)),
    ("SOCROI_GROWTH", ratios.growth, (8000, 9200)),
    ("SOCROI_CLV", customer.clv, (80, 3, 4, 0.5)),
    ("SOCROI_CLV_RETENTION", customer.clv_retention, (100, 0.8, 0.12)),
    ("SOCROI_BREAKEVEN_CPA", customer.breakeven_cpa, (80, 0.4)),
    ("SOCROI_BREAKEVEN_ROAS", customer.breakeven_roas, (0.4,)),
    ("SOCROI_BREAKEVEN_CPC", customer.breakeven_cpc, (80, 0.4, 0.025)),
    ("SOCROI_PAYBACK", customer.payback, (300, 50, 0.6)),
    ("SOCROI_UPLIFT", ratios.uplift, (0.9, 0.75)),
    ("SOCROI_UTM", utm.utm, ("https://shop.example/spring?ref=bio", "facebook", "paid_social", "spring_sale")),
    ("SOCROI_UTM_PARAM", utm.utm_param, ("https://shop.example/?utm_source=facebook&utm_medium=social", "utm_source")),
    # --- attribution (issue 7) ---------------------------------------------------------
    (
        "SOCROI_ATTRIBUTE",
        attribution.attribute,
        (_col("Facebook > Email", "Email", "LinkedIn > Facebook > Email"), _col(10, 5, 4), _col(20, 8, 3), "markov"),
    ),
    ("SOCROI_DECAY_WEIGHTS", attribution.decay_weights, (_col(14, 7, 0), 7)),
    (
        "SOCROI_ASSISTS",
        attribution.assists,
        (_col("Facebook > Email", "Email", "LinkedIn > Facebook > Email"), _col(10, 5, 4), "Facebook"),
    ),
)

#: Excel name -> spec, in the order of the reference docs.
REGISTRY: dict[str, FunctionSpec] = {name: spec_for(name, f, ex) for name, f, ex in _TABLE}
