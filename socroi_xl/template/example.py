"""The example the template ships with: Kettle & Leaf Tea Co., a small (fictional) tea
brand, running paid, organic and earned social campaigns over one quarter (Q3 2026).

Every number here is example input data. The daily and weekly campaign rows are drawn
from a seeded generator (numpy's legacy ``RandomState``, whose stream is frozen across
numpy versions), so the generated workbook is the same on every machine.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

BRAND = "Kettle & Leaf Tea Co. (example)"
PERIOD_START = dt.datetime(2026, 7, 1)
PERIOD_END = dt.datetime(2026, 9, 30)
CURRENCY = "USD"
SEED = 20260701

#: Platforms, in the order of every per-channel table.
PLATFORMS: tuple[str, ...] = ("Facebook", "Instagram", "LinkedIn", "TikTok", "YouTube", "X")
TYPES: tuple[str, ...] = ("Paid", "Organic", "Earned")
BUSINESS_MODELS: tuple[str, ...] = ("Direct-to-consumer", "B2B", "Brick-and-mortar")

CAMPAIGN_COLUMNS: tuple[str, ...] = (
    "Date", "Platform", "Type", "Campaign", "Spend", "Impressions", "Reach", "Clicks",
    "Engagements", "Leads", "Conversions", "Revenue",
)  # fmt: skip

#: (label, value, named cell, number format kind, note) of the general inputs.
CUSTOMER = (
    ("Gross margin", 0.55, "GrossMargin", "pct", "Share of revenue left after the cost of goods"),
    ("Average order value", 48.0, "AvgOrderValue", "money2", "Average online order"),
    ("Purchases per customer per year", 3.2, "PurchasesPerYear", "decimal", "Repeat purchases"),
    ("Customer lifetime (years)", 3.0, "CustomerYears", "decimal", "How long a customer stays"),
    ("Yearly retention rate", 0.6, "RetentionRate", "pct", "Share of customers still buying a year later"),
    ("Discount rate per year", 0.1, "DiscountRate", "pct", "For the present value of future margins"),
    ("Landing-page conversion rate", 0.025, "LandingConvRate", "pct2", "Visits that buy; used for the break-even CPC"),
    ("Average B2B deal value", 2400.0, "AvgDealValue", "money", "Office-tea subscriptions: value of one opportunity"),
)

#: Hourly loaded rates by role.
ROLES: tuple[tuple[str, float], ...] = (
    ("Social media manager", 48.0),
    ("Content creator", 38.0),
    ("Community manager", 32.0),
    ("Paid media specialist", 55.0),
    ("Analyst", 52.0),
    ("Marketing lead", 75.0),
)

#: Staff hours in the quarter: role x (platforms..., Shared).
STAFF_HOURS: tuple[tuple[float, ...], ...] = (
    (30, 35, 25, 20, 15, 10, 25),
    (25, 70, 15, 55, 45, 5, 5),
    (45, 50, 20, 30, 15, 20, 0),
    (30, 25, 20, 10, 5, 0, 0),
    (5, 5, 5, 5, 5, 0, 15),
    (0, 0, 10, 0, 0, 0, 20),
)

#: Other costs: (category, amounts by platform..., Shared). None marks a formula row.
OTHER_COSTS: tuple[tuple[str, tuple[float, ...] | None], ...] = (
    ("Tools & platform subscriptions", (0, 0, 240, 0, 0, 0, 1650)),
    ("Ad spend: paid campaigns", None),
    ("Other campaign spend: boosts, creator seeding", None),
    ("Refunds & discounts given on social", (320, 410, 0, 150, 60, 90, 0)),
    ("Content production", (600, 2400, 400, 1800, 3200, 0, 0)),
    ("Research", (0, 0, 0, 0, 0, 0, 900)),
    ("Training & conferences", (0, 0, 0, 0, 0, 0, 1250)),
)

#: Actions and the value assigned to one of each: (action, kind, value, note).
ACTIONS: tuple[tuple[str, str, float, str], ...] = (
    ("Reach", "Micro", 0.001, ""),
    ("Impressions", "Micro", 0.0005, ""),
    ("Likes", "Micro", 0.02, ""),
    ("Comments", "Micro", 0.25, ""),
    ("Shares", "Micro", 0.5, "Shares signal relevance: worth more than likes"),
    ("Follows", "Micro", 0.8, ""),
    ("Link clicks", "Micro", 0.1, ""),
    ("Leads", "Macro", 3.0, "Sample requests, quote requests"),
    ("Demo or trial requests", "Macro", 40.0, "B2B tasting sessions"),
    ("Downloads", "Macro", 2.0, "Brewing guide PDF"),
    ("Sign-ups", "Macro", 1.5, "Newsletter"),
    ("Purchases", "Macro", 0.0, "0: purchases are counted as direct sales"),
)

#: Targets for the period: (label, value, name, format kind).
TARGETS = (
    ("Direct sales (revenue)", 60000.0, "TargetRevenue", "money"),
    ("Purchases", 1200.0, "TargetConversions", "count"),
    ("Leads", 2500.0, "TargetLeads", "count"),
    ("Ad spend budget (paid)", 26000.0, "TargetAdSpend", "money"),
    ("New follows", 6000.0, "TargetNewFollows", "count"),
    ("ROAS (paid)", 2.0, "TargetROAS", "multiple"),
    ("Social ROI", 0.3, "TargetROI", "pct"),
)

#: Values sheet inputs.
ENGAGEMENT_MIX = (("Likes", 0.85), ("Comments", 0.09), ("Shares", 0.06))
MACRO_COUNTS = (("Demo or trial requests", 36), ("Downloads", 210), ("Sign-ups", 640))
FOLLOWERS = (  # platform, followers at start, at end, new follows (gross)
    ("Facebook", 12400, 12950, 910),
    ("Instagram", 18300, 20750, 3120),
    ("LinkedIn", 3100, 3680, 640),
    ("TikTok", 6900, 9100, 2480),
    ("YouTube", 2150, 2600, 520),
    ("X", 4100, 4050, 160),
)
KEYWORD_CPC = (
    ("loose leaf tea", 1.35), ("matcha powder", 1.10), ("iced tea recipe", 0.45),
    ("best green tea", 0.95), ("tea subscription", 2.40), ("office tea delivery", 3.10),
    ("oolong tea", 0.80), ("herbal tea for sleep", 0.70), ("how to brew tea", 0.35),
    ("cold brew tea", 0.60),
)  # fmt: skip
ORGANIC_TRAFFIC = (  # keyword or topic of the landing page, organic visits from social
    ("Loose leaf tea", 2150), ("matcha  powder", 1780), ("Iced tea recipe", 2460),
    ("tea subscription", 640), ("Office tea delivery", 210), ("How to brew tea", 1930),
    ("cold brew tea", 1190), ("Herbal tea for sleep", 880),
)  # fmt: skip
UTM_LINKS = (  # base URL, source, medium, campaign, term, content
    ("https://kettleandleaf.example/iced", "facebook", "paid_social", "summer_iced_tea", None, "carousel_a"),
    ("https://kettleandleaf.example/matcha?ref=bio", "tiktok", "paid_social", "matcha_challenge", None, "video_15s"),
    ("https://kettleandleaf.example/office", "linkedin", "paid_social", "office_subscriptions", "office tea", "lead_form"),
    ("https://kettleandleaf.example/guides", "youtube", "organic_social", "brewing_guides", None, None),
)
SERVICE = (
    ("Questions answered publicly on social", 420, "count"),
    ("Private support contacts avoided per public answer", 1.8, "decimal"),
    ("Cost of one support contact", 5.5, "money2"),
)
SEGMENTS = (  # metric, followers, non-followers, format kind, note
    ("Yearly retention rate", 0.68, 0.52, "pct", "Higher is better"),
    ("Average order value", 56.4, 47.1, "money2", "Higher is better"),
    ("Days from first visit to purchase", 6.0, 11.0, "decimal", "Lower is better: a negative uplift is good"),
    ("Upsell rate", 0.21, 0.13, "pct", "Higher is better"),
)
SEGMENT_VOLUMES = (
    ("Orders placed by followers in the period", 520, "count"),
    ("Customers who follow us", 380, "count"),
    ("Average value of an upsell", 18.0, "money2"),
)

#: B2B pipeline per platform: MQL, SQL, opportunities, won, won revenue.
PIPELINE = {
    "LinkedIn": (120, 48, 22, 9, 22800.0),
    "Facebook": (34, 10, 4, 1, 2100.0),
    "Instagram": (22, 6, 2, 1, 1900.0),
    "TikTok": (8, 2, 1, 0, 0.0),
    "YouTube": (15, 5, 2, 1, 2600.0),
    "X": (10, 3, 1, 0, 0.0),
}
ATTRIBUTION_MODELS = ("last", "first", "linear", "position", "markov", "shapley")
ATTRIBUTION_MODEL = "markov"
HALF_LIFE_DAYS = 7.0
JOURNEYS = (  # path (first touch > ... > last touch), conversions, journeys that did not convert
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
)
DECAY_TOUCHES = (("LinkedIn", 21), ("Facebook", 12), ("Search", 4), ("Email", 1), ("LinkedIn", 0))

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
    """The example Campaigns rows (about 370), sorted by date, platform and campaign.

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
    return rows.sort_values(["Date", "Platform", "Campaign"], kind="stable").reset_index(drop=True)


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
