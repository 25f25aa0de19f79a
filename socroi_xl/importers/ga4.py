"""Google Analytics 4 traffic acquisition export (Reports → Acquisition → Traffic
acquisition → Share → Download file → CSV).

The file opens with ``#`` comment lines (report name, property, ``# Start date: 20240101``,
``# End date: …``) before the header. The first dimension is ``Session source / medium``
or ``Session default channel group`` (also ``Session primary channel group``); ``Session
campaign``, ``Landing page + query string`` and ``Date`` may be added. Only social traffic
is kept: each row is classified with GA4's default channel-group rules —

* **Paid Social**: the source is a social site *and* the medium matches
  ``^(.*cp.*|ppc|retargeting|paid.*)$``;
* **Organic Social**: otherwise, the source is a social site *or* the medium is one of
  ``social``, ``social-network``, ``social-media``, ``sm``, ``social network``,
  ``social media``.

When the export carries the channel group itself, GA4's own ``Paid Social`` / ``Organic
Social`` label is used. Source, medium and campaign missing or ``(not set)`` are read from
the ``utm_source``, ``utm_medium`` and ``utm_campaign`` parameters of the landing-page URL
when it has them. Rows of other channels are left out and counted in
``frame.attrs["ignored"]``.

Mapping: clicks = Sessions, engagements = Engaged sessions, conversions = Key events (or
Conversions, its name before 2024), revenue = Total revenue (or Purchase revenue). The
platform is the social network, named as the template names them (``Facebook``,
``Instagram``, ``LinkedIn``, ``TikTok``, ``YouTube``, ``X``; other sources keep their
own name). The campaign is the session campaign, else the UTM campaign, else ``source /
medium``, always prefixed ``GA4:`` so that analytics rows never replace the ad platform's
own rows for a campaign of the same name. Rows without a ``Date`` column take the
report's start date.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import numpy as np
import pandas as pd

from . import canonical
from .table import RawTable, find
from .values import dates_or_report_start, numbers, parse_day, texts

NAMES: dict[str, tuple[str, ...]] = {
    "channel": (
        "Session default channel group", "Session primary channel group (Default Channel Group)",
        "Session primary channel group", "Session default channel grouping",
        "Default channel group",
    ),
    "source_medium": ("Session source / medium", "Session source/medium", "Source / medium"),
    "source": ("Session source", "Source"),
    "medium": ("Session medium", "Medium"),
    "campaign": ("Session campaign", "Session campaign name", "Campaign"),
    "landing": ("Landing page + query string", "Landing page"),
    "date": ("Date",),
    "sessions": ("Sessions",),
    "engaged": ("Engaged sessions",),
    "key_events": ("Key events", "Conversions"),
    "revenue": ("Total revenue", "Purchase revenue"),
}
DATE_FORMATS = ("%Y%m%d", "%Y-%m-%d")
#: Put before every GA4 campaign name: analytics rows have their own keys.
CAMPAIGN_PREFIX = "GA4: "
EXPECTED = (
    "Session source / medium or Session default channel group, Sessions "
    "(after the '#' comment lines)"
)

#: Sources GA4 counts as social sites (a subset of Google's published list of social
#: sources, the networks a social-media report meets; matched exactly, case-insensitive).
SOCIAL_SOURCES: frozenset[str] = frozenset(
    """
    facebook facebook.com m.facebook.com l.facebook.com lm.facebook.com web.facebook.com
    business.facebook.com mbasic.facebook.com touch.facebook.com fb fb.me fb.com
    instagram instagram.com l.instagram.com ig
    linkedin linkedin.com lnkd.in lnkd
    twitter twitter.com mobile.twitter.com t.co x x.com
    youtube youtube.com m.youtube.com
    tiktok tiktok.com
    pinterest pinterest.com pin.it
    reddit reddit.com out.reddit.com old.reddit.com
    snapchat snapchat.com threads threads.net quora quora.com tumblr tumblr.com
    whatsapp whatsapp.com messenger messenger.com discord discord.com
    telegram t.me vk vk.com xing xing.com meetup meetup.com mastodon.social bsky.app
    """.split()
)
SOCIAL_MEDIA_MEDIUMS: frozenset[str] = frozenset(
    {"social", "social-network", "social-media", "sm", "social network", "social media"}
)
PAID_MEDIUM = r"^(.*cp.*|ppc|retargeting|paid.*)$"
#: Network names shown in the Platform column, by source pattern.
NETWORKS: tuple[tuple[str, str], ...] = (
    (r"facebook|^fb(?:\.|$)|messenger", "Facebook"),
    (r"instagram|^ig$", "Instagram"),
    (r"linkedin|lnkd", "LinkedIn"),
    (r"twitter|^t\.co$|^x(?:\.com)?$", "X"),
    (r"youtube", "YouTube"),
    (r"tiktok", "TikTok"),
    (r"pinterest|^pin\.it$", "Pinterest"),
    (r"reddit", "Reddit"),
    (r"snapchat", "Snapchat"),
    (r"threads", "Threads"),
)
PLACEHOLDERS = frozenset(
    {"", "(not set)", "(none)", "(organic)", "(referral)", "(direct)", "(cross-network)",
     "(data not available)"}
)
_START = re.compile(r"^#\s*start date:\s*(\d{8})", re.IGNORECASE)
_TOTALS = frozenset({"grand total", "total", "totals"})


def is_header(names: list[str]) -> bool:
    """True for the header row of a GA4 traffic acquisition export."""
    dims = ("channel", "source_medium", "source", "landing")
    return find(names, *NAMES["sessions"]) is not None and any(
        find(names, *NAMES[d]) is not None for d in dims
    )


def report_start(preamble: list[str]) -> np.datetime64 | None:
    """The ``# Start date: YYYYMMDD`` of the comment lines, if any (and a real day)."""
    for line in preamble:
        m = _START.match(line.strip())
        if m:
            return parse_day(m.group(1), ("%Y%m%d",))
    return None


def _utm(urls: pd.Series, name: str) -> pd.Series:
    found = urls.str.extract(rf"[?&]{name}=([^&#]*)", expand=False).fillna("")
    return found.map(unquote_plus)


def _known(values: pd.Series) -> pd.Series:
    return ~values.str.strip().str.lower().isin(PLACEHOLDERS)


def network(source: pd.Series) -> pd.Series:
    """The social network's name for each source (the source itself if unknown)."""
    low = source.str.lower()
    out = pd.Series("", index=source.index, dtype=object)
    for pattern, name in NETWORKS:
        out = out.mask((out == "") & low.str.contains(pattern, regex=True), name)
    return out.mask(out == "", source.mask(source == "", "Social"))


def classify(source: pd.Series, medium: pd.Series) -> pd.Series:
    """``Paid``, ``Organic`` or ``""`` (not social) by GA4's default channel-group rules."""
    src = source.str.strip().str.lower()
    med = medium.str.strip().str.lower()
    social_source = src.isin(SOCIAL_SOURCES)
    paid = social_source & med.str.match(PAID_MEDIUM)
    organic = ~paid & (social_source | med.isin(SOCIAL_MEDIA_MEDIUMS))
    return pd.Series(np.select([paid, organic], ["Paid", "Organic"], ""), index=source.index)


class Reader(canonical.Reader):
    """The social rows of a GA4 traffic acquisition export, block by block."""

    def __init__(self, names: list[str], preamble: list[str], **options: object) -> None:
        super().__init__(names, preamble)
        col = {role: find(names, *cands) for role, cands in NAMES.items()}
        for role, prefix in (("key_events", "key events"), ("key_events", "conversions")):
            # "Key events (purchase)" when the report is filtered to one event
            if col[role] is None:
                col[role] = next((n for n in names if n.casefold().startswith(prefix)), None)
        self.col = col

    @property
    def used(self) -> list[str | None]:
        """The columns read."""
        return [self.names[0], *self.col.values()]

    def read(self, table: RawTable) -> pd.DataFrame:
        """The canonical frame of the social rows of a block."""
        col = self.col
        first = pd.Series(texts(table, self.names[0]))
        keep = ~first.str.strip().str.lower().isin(_TOTALS).to_numpy()
        if not keep.all():
            table = table.subset(keep)
        n = len(table.data)

        def text(role: str) -> pd.Series:
            return pd.Series(texts(table, col[role]), dtype=object)

        source, medium = text("source"), text("medium")
        if col["source_medium"]:
            parts = text("source_medium").str.split(" / ", n=1, expand=True).reindex(
                columns=[0, 1]
            )
            parts = parts.astype(object).where(parts.notna(), "")
            source = source.where(_known(source), parts[0].str.strip())
            medium = medium.where(_known(medium), parts[1].str.strip())
        landing = text("landing")
        source = source.where(_known(source), _utm(landing, "utm_source"))
        medium = medium.where(_known(medium), _utm(landing, "utm_medium"))
        kind = classify(source, medium)
        if col["channel"]:
            channel = text("channel").str.strip()
            from_group = channel.map({"Paid Social": "Paid", "Organic Social": "Organic"})
            has_group = _known(channel) & (channel.str.lower() != "unassigned")
            kind = from_group.fillna("").where(has_group, kind)
        campaign = text("campaign")
        campaign = campaign.where(_known(campaign), _utm(landing, "utm_campaign"))
        fallback = (source + " / " + medium).where(_known(source), text("channel"))
        campaign = campaign.where(_known(campaign), fallback)
        campaign = CAMPAIGN_PREFIX + campaign
        platform = network(source.where(_known(source), ""))
        out = canonical.frame(
            n,
            date=dates_or_report_start(table, col["date"], DATE_FORMATS, report_start),
            platform=platform,
            type=kind,
            campaign=campaign,
            clicks=numbers(table, col["sessions"]),
            engagements=numbers(table, col["engaged"]),
            conversions=numbers(table, col["key_events"]),
            revenue=numbers(table, col["revenue"]),
        )
        social = (kind != "").to_numpy()
        self.ignored += int((~social).sum()) + int((~keep).sum())
        return out[social].reset_index(drop=True)

    def finish(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A campaign seen as both paid and organic the same day on the same network keeps
        the two apart: the type goes into the name."""
        out = frame
        key = [out["platform"], out["campaign"], out["date"]]
        mixed = out.groupby(key, dropna=False)["type"].transform("nunique").to_numpy() > 1
        if mixed.any():
            out = out.copy()
            out.loc[mixed, "campaign"] = (
                out.loc[mixed, "campaign"] + " (" + out.loc[mixed, "type"].str.lower() + ")"
            )
        return out
