"""The data a template book is filled with: the example the template ships with, or
nothing (``socroi new --blank``).

The example is Kettle & Leaf Tea Co., a small (fictional) tea brand, running paid,
organic and earned social campaigns over one quarter (Q3 2026). Every number here is
example input data. The daily and weekly campaign rows are drawn from a seeded generator
(numpy's legacy ``RandomState``, whose stream is frozen across numpy versions), so the
generated workbook is the same on every machine.

Sheets read a :class:`BookData`; :data:`BLANK` has the same fields, all empty, so a blank
book has the same layout, formulas and names with every input cell empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .structure import CHANNELS, COST_CHANNELS

#: Input columns of the Excel table ``Campaigns``, in order (the importers' contract:
#: they find the columns by this header text and never write the formula columns after).
CAMPAIGN_COLUMNS: tuple[str, ...] = (
    "Date", "Platform", "Type", "Campaign", "Currency", "Spend", "Impressions", "Reach", "Clicks",
    "Engagements", "Leads", "Conversions", "Revenue", "Source", "Counted",
)  # fmt: skip

BRAND = "Kettle & Leaf Tea Co. (example)"
PERIOD_START = dt.datetime(2026, 7, 1)
PERIOD_END = dt.datetime(2026, 9, 30)
CURRENCY = "USD"
SEED = 20260701
#: Platforms of the example rows (each its own channel).
PLATFORMS: tuple[str, ...] = ("Facebook", "Instagram", "LinkedIn", "TikTok", "YouTube", "X")


def _by_channel(**amounts: float) -> tuple[float | None, ...]:
    """A row over :data:`COST_CHANNELS` (Facebook ... Shared); channels not given are blank."""
    unknown = set(amounts) - set(COST_CHANNELS)
    assert not unknown, unknown
    return tuple(amounts.get(c) for c in COST_CHANNELS)


@dataclass(frozen=True)
class BookData:
    """Everything typed into a book's input cells (``None``: the cell stays empty)."""

    example: bool
    brand: str | None = None
    period_start: dt.datetime | None = None
    period_end: dt.datetime | None = None
    currency: str | None = None
    business_model: str | None = None
    include_indirect: str | None = None
    target_basis: str | None = None
    customer: dict[str, float] = field(default_factory=dict)
    #: (role, hourly rate)
    roles: tuple[tuple[str, float], ...] = ()
    #: per role: (basis, hours by cost channel, shares paid/organic/earned)
    staff: tuple[tuple[str | None, tuple[float | None, ...], tuple[float, float, float]], ...] = ()
    #: per cost line name: (basis, amounts by cost channel, shares paid/organic/earned)
    other_costs: dict[str, tuple[str | None, tuple[float | None, ...], tuple[float, float, float]]] = field(
        default_factory=dict
    )
    fx: tuple[tuple[str, float], ...] = ()
    platform_map: tuple[tuple[str, str], ...] = ()
    action_values: dict[str, float] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    engagement_mix: dict[str, float] = field(default_factory=dict)
    macro_counts: dict[str, float] = field(default_factory=dict)
    #: platform -> (followers at start, at end, new follows)
    followers: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    keyword_cpc: tuple[tuple[str, float], ...] = ()
    organic_traffic: tuple[tuple[str, float], ...] = ()
    utm_links: tuple[tuple[Any, ...], ...] = ()
    service: tuple[float, ...] = ()
    segments: tuple[tuple[float, float], ...] = ()
    segment_volumes: tuple[float, ...] = ()
    #: channel -> (MQL, SQL, opportunities, won, won revenue)
    pipeline: dict[str, tuple[float, float, float, float, float]] = field(default_factory=dict)
    attribution_model: str | None = None
    half_life_days: float | None = None
    journeys: tuple[tuple[str, float, float], ...] = ()
    decay_touches: tuple[tuple[str, float], ...] = ()

    def campaign_rows(self) -> pd.DataFrame:
        """The Campaigns rows (none in a blank book)."""
        return campaign_rows() if self.example else pd.DataFrame(columns=list(CAMPAIGN_COLUMNS))


EXAMPLE = BookData(
    example=True,
    brand=BRAND,
    period_start=PERIOD_START,
    period_end=PERIOD_END,
    currency=CURRENCY,
    business_model="Direct-to-consumer",
    include_indirect="Yes",
    target_basis="Quarter",
    customer={
        "GrossMargin": 0.55, "AvgOrderValue": 48.0, "PurchasesPerYear": 3.2, "CustomerYears": 3.0,
        "RetentionRate": 0.6, "DiscountRate": 0.1, "LandingConvRate": 0.025, "AvgDealValue": 2400.0,
    },  # fmt: skip
    roles=(
        ("Social media manager", 48.0),
        ("Content creator", 38.0),
        ("Community manager", 32.0),
        ("Paid media specialist", 55.0),
        ("Analyst", 52.0),
        ("Marketing lead", 75.0),
    ),
    # hours per month by role and channel; shares of paid / organic / earned
    staff=(
        ("Monthly", _by_channel(Facebook=10, Instagram=12, LinkedIn=8, TikTok=7, YouTube=5, X=3, Shared=8), (0.2, 0.7, 0.1)),
        ("Monthly", _by_channel(Facebook=8, Instagram=23, LinkedIn=5, TikTok=18, YouTube=15, X=2, Shared=2), (0.3, 0.55, 0.15)),
        ("Monthly", _by_channel(Facebook=15, Instagram=17, LinkedIn=7, TikTok=10, YouTube=5, X=7), (0.0, 0.9, 0.1)),
        ("Monthly", _by_channel(Facebook=10, Instagram=8, LinkedIn=7, TikTok=3, YouTube=2), (1.0, 0.0, 0.0)),
        ("Monthly", _by_channel(Facebook=2, Instagram=2, LinkedIn=2, TikTok=2, YouTube=2, Shared=5), (0.5, 0.4, 0.1)),
        ("Monthly", _by_channel(LinkedIn=3, Shared=7), (0.4, 0.4, 0.2)),
    ),  # fmt: skip
    other_costs={
        "Tools & platform subscriptions": ("Monthly", _by_channel(LinkedIn=80, Shared=550), (0.3, 0.6, 0.1)),
        "Refunds & discounts given on social": (
            "This period", _by_channel(Facebook=320, Instagram=410, TikTok=150, YouTube=60, X=90), (0.4, 0.5, 0.1)),
        "Content production": (
            "Monthly", _by_channel(Facebook=200, Instagram=800, LinkedIn=150, TikTok=600, YouTube=1050), (0.35, 0.5, 0.15)),
        "Research": ("This period", _by_channel(Shared=900), (0.3, 0.5, 0.2)),
        "Training & conferences": ("This period", _by_channel(Shared=1250), (0.3, 0.5, 0.2)),
    },  # fmt: skip
    fx=(("EUR", 1.08), ("GBP", 1.27)),
    action_values={
        "Reach": 0.001, "Impressions": 0.0005, "Likes": 0.02, "Comments": 0.25, "Shares": 0.5, "Follows": 0.8,
        "Link clicks": 0.1, "Leads": 3.0, "Demo or trial requests": 40.0, "Downloads": 2.0, "Sign-ups": 1.5,
        "Purchases": 0.0,
    },  # fmt: skip
    targets={
        "TargetRevenue": 60000.0, "TargetConversions": 1200.0, "TargetLeads": 2500.0, "TargetAdSpend": 26000.0,
        "TargetNewFollows": 6000.0, "TargetROAS": 2.0, "TargetROI": 0.3,
    },  # fmt: skip
    engagement_mix={"Likes": 0.85, "Comments": 0.09, "Shares": 0.06},
    macro_counts={"Demo or trial requests": 36, "Downloads": 210, "Sign-ups": 640},
    followers={
        "Facebook": (12400, 12950, 910),
        "Instagram": (18300, 20750, 3120),
        "LinkedIn": (3100, 3680, 640),
        "TikTok": (6900, 9100, 2480),
        "YouTube": (2150, 2600, 520),
        "X": (4100, 4050, 160),
    },
    keyword_cpc=(
        ("loose leaf tea", 1.35), ("matcha powder", 1.10), ("iced tea recipe", 0.45),
        ("best green tea", 0.95), ("tea subscription", 2.40), ("office tea delivery", 3.10),
        ("oolong tea", 0.80), ("herbal tea for sleep", 0.70), ("how to brew tea", 0.35),
        ("cold brew tea", 0.60),
    ),  # fmt: skip
    organic_traffic=(
        ("Loose leaf tea", 2150), ("matcha  powder", 1780), ("Iced tea recipe", 2460),
        ("tea subscription", 640), ("Office tea delivery", 210), ("How to brew tea", 1930),
        ("cold brew tea", 1190), ("Herbal tea for sleep", 880),
    ),  # fmt: skip
    utm_links=(  # base URL, source, medium, campaign, term, content
        ("https://kettleandleaf.example/iced", "facebook", "paid_social", "summer_iced_tea", None, "carousel_a"),
        ("https://kettleandleaf.example/matcha?ref=bio", "tiktok", "paid_social", "matcha_challenge", None, "video_15s"),
        ("https://kettleandleaf.example/office", "linkedin", "paid_social", "office_subscriptions", "office tea", "lead_form"),
        ("https://kettleandleaf.example/guides", "youtube", "organic_social", "brewing_guides", None, None),
    ),
    service=(420, 1.8, 5.5),
    segments=((0.68, 0.52), (56.4, 47.1), (6.0, 11.0), (0.21, 0.13)),
    segment_volumes=(520, 380, 18.0),
    pipeline={
        "LinkedIn": (120, 48, 22, 9, 22800.0),
        "Facebook": (34, 10, 4, 1, 2100.0),
        "Instagram": (22, 6, 2, 1, 1900.0),
        "TikTok": (8, 2, 1, 0, 0.0),
        "YouTube": (15, 5, 2, 1, 2600.0),
        "X": (10, 3, 1, 0, 0.0),
    },
    attribution_model="markov",
    half_life_days=7.0,
    journeys=(  # path (first touch > ... > last touch), conversions, journeys that did not convert
        ("LinkedIn", 14, 160),
        ("LinkedIn > Email", 18, 95),
        ("Facebook > LinkedIn > Email", 6, 40),
        ("YouTube > LinkedIn", 5, 30),
        ("Search > LinkedIn > Email", 9, 52),
        ("Instagram > Search", 4, 60),
        ("X > LinkedIn", 3, 25),
        ("Search", 11, 140),
        ("Email", 7, 70),
        ("TikTok > Instagram > Search", 2, 45),
        ("LinkedIn > Search > Email > LinkedIn", 5, 20),
        ("Facebook > Search", 3, 38),
    ),
    decay_touches=(("LinkedIn", 21), ("Facebook", 12), ("Search", 4), ("Email", 1), ("LinkedIn", 0)),
)

#: The blank book: the same layout with every input cell empty.
BLANK = BookData(example=False)

assert set(EXAMPLE.pipeline) <= set(CHANNELS) and set(PLATFORMS) <= set(CHANNELS)

# --- campaign rows --------------------------------------------------------------------
# Paid campaigns, one row per day:
# (platform, campaign, first day, last day, daily budget, CPM, CTR, engagement rate,
#  lead rate and purchase rate per click, average order value)
_PAID = (
    ("Facebook", "Summer Iced Tea Launch", (7, 1), (7, 31), 180, 9.5, 0.011, 0.012, 0.07, 0.035, 44),
    ("Instagram", "Summer Iced Tea Launch", (7, 1), (7, 31), 160, 8.2, 0.009, 0.018, 0.06, 0.030, 44),
    ("Facebook", "Retargeting: always on", (7, 1), (9, 30), 45, 12.0, 0.016, 0.010, 0.09, 0.055, 52),
    ("TikTok", "Matcha Challenge", (8, 1), (8, 31), 120, 6.0, 0.010, 0.030, 0.05, 0.020, 38),
    ("LinkedIn", "Office Tea Subscriptions", (8, 15), (9, 30), 95, 34.0, 0.0055, 0.008, 0.11, 0.030, 210),
    ("YouTube", "How to Brew (pre-roll)", (9, 1), (9, 30), 85, 11.0, 0.0065, 0.006, 0.05, 0.022, 46),
)
# Organic and earned campaigns, one row per week (dated on the week's first day):
# (platform, type, campaign, first week, weeks, weekly spend, weekly impressions, CTR,
#  engagement rate, lead rate, purchase rate, average order value)
_WEEKLY = (
    ("Instagram", "Organic", "Daily Brew Reels", 0, 13, 0, 42000, 0.004, 0.045, 0.06, 0.025, 44),
    ("Facebook", "Organic", "Tea Lovers Community Group", 0, 13, 0, 15000, 0.008, 0.060, 0.07, 0.030, 46),
    ("LinkedIn", "Organic", "Founder Stories", 0, 13, 0, 9000, 0.009, 0.035, 0.10, 0.020, 180),
    ("TikTok", "Organic", "Behind the Blend", 0, 13, 0, 65000, 0.003, 0.070, 0.04, 0.015, 38),
    ("YouTube", "Organic", "Brewing Guides", 0, 13, 0, 12000, 0.012, 0.030, 0.05, 0.025, 46),
    ("X", "Organic", "Tips & Customer Care", 0, 13, 0, 8000, 0.006, 0.020, 0.03, 0.015, 44),
    ("Instagram", "Earned", "Creator Seeding", 4, 9, 150, 30000, 0.005, 0.050, 0.05, 0.025, 44),
    ("TikTok", "Earned", "Creator Duets", 0, 13, 100, 25000, 0.004, 0.060, 0.04, 0.018, 38),
    ("YouTube", "Earned", "Tea Reviewer Feature", 9, 4, 250, 18000, 0.008, 0.040, 0.05, 0.030, 46),
)


def campaign_rows() -> pd.DataFrame:
    """The example Campaigns rows (366), sorted by date, platform and campaign.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CAMPAIGN_COLUMNS`; money rounded to cents, counts whole numbers.
    """
    rng = np.random.RandomState(SEED)
    frames = []
    for platform, name, first, last, budget, cpm, ctr, eng, lead, conv, aov in _PAID:
        days = pd.date_range(dt.datetime(2026, *first), dt.datetime(2026, *last), freq="D")
        n = len(days)
        weekend = np.where(days.day_of_week >= 5, 0.85, 1.0)
        spend = np.round(budget * weekend * rng.uniform(0.85, 1.15, n), 2)
        frames.append(_rows(rng, days, platform, "Paid", name, spend, spend / cpm * 1000.0,
                            ctr, eng, lead, conv, aov))  # fmt: skip
    for platform, kind, name, week0, weeks, wspend, impressions, ctr, eng, lead, conv, aov in _WEEKLY:
        days = pd.DatetimeIndex([PERIOD_START + dt.timedelta(days=7 * w) for w in range(week0, week0 + weeks)])
        spend = np.full(weeks, float(wspend))
        frames.append(_rows(rng, days, platform, kind, name, spend, np.full(weeks, float(impressions)),
                            ctr, eng, lead, conv, aov))  # fmt: skip
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.sort_values(["Date", "Platform", "Campaign"], kind="stable").reset_index(drop=True)
    rows["Currency"] = None  # blank: the book currency
    rows["Source"] = "Example"
    rows["Counted"] = None  # blank: Yes
    return rows[list(CAMPAIGN_COLUMNS)]


def _rows(
    rng: np.random.RandomState,
    days: pd.DatetimeIndex,
    platform: str,
    kind: str,
    name: str,
    spend: np.ndarray,
    base_impressions: np.ndarray,
    ctr: float,
    eng: float,
    lead: float,
    conv: float,
    aov: float,
) -> pd.DataFrame:
    """One campaign's rows: impressions, reach, clicks... drawn around the given rates."""
    n = len(days)
    impressions = np.round(base_impressions * rng.uniform(0.85, 1.15, n))
    reach = np.round(impressions / rng.uniform(1.4, 2.1, n))
    clicks = np.round(impressions * ctr * rng.uniform(0.8, 1.2, n))
    engagements = np.round(impressions * eng * rng.uniform(0.8, 1.2, n))
    leads = rng.poisson(clicks * lead).astype(float)
    conversions = rng.poisson(clicks * conv).astype(float)
    revenue = np.round(conversions * aov * rng.uniform(0.85, 1.15, n), 2)
    return pd.DataFrame(
        {
            "Date": [d.to_pydatetime() for d in days],
            "Platform": platform,
            "Type": kind,
            "Campaign": name,
            "Spend": spend,
            "Impressions": impressions,
            "Reach": reach,
            "Clicks": clicks,
            "Engagements": engagements,
            "Leads": leads,
            "Conversions": conversions,
            "Revenue": revenue,
        }
    )
