"""What the template is built around, whatever the data: types, channels, the platforms
each channel gathers, business models and the number of rows of each input block.

One place for each fact: the sheets read these tuples; the example (``example.py``) and
the blank book only fill the rows.
"""

from __future__ import annotations

#: Campaign types, in the order of every per-type table.
TYPES: tuple[str, ...] = ("Paid", "Organic", "Earned")

#: Channels of the per-channel tables. A Campaigns row reaches one of them through its
#: Platform (see :data:`PLATFORMS`); a platform not listed reaches ``Other``.
CHANNELS: tuple[str, ...] = ("Facebook", "Instagram", "Meta", "LinkedIn", "TikTok", "YouTube", "X", "Other")

#: Cost columns: the channels and ``Shared`` (costs not tied to one channel).
COST_CHANNELS: tuple[str, ...] = (*CHANNELS, "Shared")

#: Platform as written in Campaigns (by an importer or by hand) -> channel. ``Meta`` is
#: what a Meta Ads export without platform breakdown writes: it cannot be split between
#: Facebook and Instagram, so it has a channel of its own. Names are matched whatever
#: their case; the user's own rows on Inputs come first and win.
PLATFORMS: tuple[tuple[str, str], ...] = (
    ("Facebook", "Facebook"),
    ("Messenger", "Facebook"),
    ("Instagram", "Instagram"),
    ("Meta", "Meta"),
    ("Audience Network", "Meta"),
    ("Threads", "Meta"),
    ("LinkedIn", "LinkedIn"),
    ("TikTok", "TikTok"),
    ("YouTube", "YouTube"),
    ("X", "X"),
    ("Twitter", "X"),
)

#: Business models (Inputs › Business model); blank is read as the first.
BUSINESS_MODELS: tuple[str, ...] = ("Direct-to-consumer", "B2B / SaaS", "Brick-and-mortar")

#: How a cost line is counted: per month (pro-rated to the period) or as entered.
BASES: tuple[str, ...] = ("Monthly", "This period")

#: What the targets on Inputs are for (they are pro-rated to the period).
TARGET_BASES: tuple[str, ...] = ("Month", "Quarter", "Year", "Period")

#: Rows of each input block (the example fills the first ones, the blank book none).
ROLE_ROWS = 8
PLATFORM_ROWS = 6  # the user's own platform -> channel rows, before the built-in ones
KEYWORD_ROWS = 12
TRAFFIC_ROWS = 10
UTM_ROWS = 4
JOURNEY_ROWS = 12
ATTRIBUTION_ROWS = 8  # one per channel met in the journeys
DECAY_ROWS = 5
BUCKETS = 31  # rows of the Periods table: days, weeks, months, quarters or years

#: Follower table rows (platforms that have followers).
FOLLOWER_PLATFORMS: tuple[str, ...] = ("Facebook", "Instagram", "LinkedIn", "TikTok", "YouTube", "X", "Other")

#: Other cost lines of Costs (the staff lines come from the roles on Inputs).
COST_LINES: tuple[str, ...] = (
    "Tools & platform subscriptions",
    "Refunds & discounts given on social",
    "Content production",
    "Research",
    "Training & conferences",
    "Other costs",
)

#: Actions priced on Values: (action, kind). The order is the order of the Inputs rows.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("Reach", "Micro"),
    ("Impressions", "Micro"),
    ("Likes", "Micro"),
    ("Comments", "Micro"),
    ("Shares", "Micro"),
    ("Follows", "Micro"),
    ("Link clicks", "Micro"),
    ("Leads", "Macro"),
    ("Demo or trial requests", "Macro"),
    ("Downloads", "Macro"),
    ("Sign-ups", "Macro"),
    ("Purchases", "Macro"),
)
ENGAGEMENTS: tuple[str, ...] = ("Likes", "Comments", "Shares")
MACRO_INPUTS: tuple[str, ...] = ("Demo or trial requests", "Downloads", "Sign-ups")

#: Targets: (label, defined name, format kind, pro-rated with the period's length).
TARGETS: tuple[tuple[str, str, str, bool], ...] = (
    ("Direct sales (revenue)", "TargetRevenue", "money", True),
    ("Purchases", "TargetConversions", "count", True),
    ("Leads", "TargetLeads", "count", True),
    ("Ad spend budget (paid)", "TargetAdSpend", "money", True),
    ("New follows", "TargetNewFollows", "count", True),
    ("ROAS (paid)", "TargetROAS", "multiple", False),
    ("Social ROI", "TargetROI", "pct", False),
)

#: Customer economics: (label, defined name, format kind, note).
CUSTOMER: tuple[tuple[str, str, str, str], ...] = (
    ("Gross margin", "GrossMargin", "pct", "Share of revenue left after the cost of goods"),
    ("Average order value", "AvgOrderValue", "money2", "Average online order"),
    ("Purchases per customer per year", "PurchasesPerYear", "decimal", "Repeat purchases"),
    ("Customer lifetime (years)", "CustomerYears", "decimal", "How long a customer stays"),
    ("Yearly retention rate", "RetentionRate", "pct", "Share of customers still buying a year later"),
    ("Discount rate per year", "DiscountRate", "pct", "For the present value of future margins"),
    ("Landing-page conversion rate", "LandingConvRate", "pct2", "Visits that buy; used for the break-even CPC"),
    ("Average B2B deal value", "AvgDealValue", "money", "Value of one opportunity (Pipeline)"),
)

#: Service-cost inputs and the follower comparison on Values: (label, format kind).
SERVICE: tuple[tuple[str, str], ...] = (
    ("Questions answered publicly on social", "count"),
    ("Private support contacts avoided per public answer", "decimal"),
    ("Cost of one support contact", "money2"),
)
SEGMENTS: tuple[tuple[str, str, str], ...] = (  # metric, format kind, note
    ("Yearly retention rate", "pct", "Higher is better"),
    ("Average order value", "money2", "Higher is better"),
    ("Days from first visit to purchase", "decimal", "Lower is better: a negative uplift is good"),
    ("Upsell rate", "pct", "Higher is better"),
)
SEGMENT_VOLUMES: tuple[tuple[str, str], ...] = (
    ("Orders placed by followers in the period", "count"),
    ("Customers who follow us", "count"),
    ("Average value of an upsell", "money2"),
)
PIPELINE_STAGES: tuple[str, ...] = ("MQL", "SQL", "Opportunities", "Won")
ATTRIBUTION_MODELS: tuple[str, ...] = ("last", "first", "linear", "position", "markov", "shapley")
