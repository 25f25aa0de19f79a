"""Google Ads UI report export ("Download" → CSV / TSV from a campaigns report).

Google Ads writes UTF-16 text, tab-separated, with two preamble lines (report name, date
range such as ``January 1, 2024 - January 31, 2024``), numbers with thousands separators
(``1,234.56``), ``--`` where a value is undefined, and ``Total: …`` footer rows (account,
campaign type, filtered campaigns), which are dropped. With a ``Day`` (or ``Week``,
``Month``) segment each row has its date; without one, rows take the first day of the
date range.

Mapping: spend = Cost, impressions = Impr., clicks, engagements = Engagements (when
shown), conversions, revenue = Conv. value. Every row is Paid; the platform is
``YouTube`` for Video campaigns (``Campaign type``) and ``Google Ads`` for the others.
The currency of each row is its ``Currency code`` column when the report has one (add it
with Columns → Attributes → Currency code); without it the export states no currency.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import canonical
from .table import RawTable, find
from .values import currencies, dates_or_report_start, numbers, parse_day, texts

PLATFORM = "Google Ads"
DATE_FORMATS = ("%Y-%m-%d", "%b %d, %Y", "%B %d, %Y", "%a, %b %d, %Y", "%m/%d/%Y")
NAMES: dict[str, tuple[str, ...]] = {
    "date": ("Day", "Date", "Week", "Month"),
    "kind": ("Campaign type",),
    "campaign": ("Campaign",),
    "currency": ("Currency code", "Currency"),
    "spend": ("Cost",),
    "impressions": ("Impr.", "Impressions"),
    "clicks": ("Clicks",),
    "engagements": ("Engagements",),
    "conversions": ("Conversions",),
    "revenue": ("Conv. value", "Conversion value", "Total conv. value"),
}
EXPECTED = "Campaign, Cost, Impr., Clicks (UTF-16, tab-separated, after 2 preamble lines)"


def is_header(names: list[str]) -> bool:
    """True for the header row of a Google Ads report export."""
    return all(find(names, *NAMES[r]) is not None for r in ("campaign", "spend")) and (
        find(names, "Impr.") is not None
    )


def range_start(preamble: list[str]) -> np.datetime64 | None:
    """First day of the ``<date> - <date>`` range line of the preamble, if any."""
    for line in preamble:
        left = line.strip().strip('"').split(" - ")[0].strip()
        day = parse_day(left, DATE_FORMATS)
        if day is not None:
            return day
    return None


class Reader(canonical.Reader):
    """Google Ads report export, block by block, without its ``Total:`` rows."""

    def __init__(self, names: list[str], preamble: list[str], **options: object) -> None:
        super().__init__(names, preamble)
        self.col = {role: find(names, *cands) for role, cands in NAMES.items()}

    @property
    def used(self) -> list[str | None]:
        """The columns read."""
        return [*self.names[:3], *self.col.values()]

    def read(self, table: RawTable) -> pd.DataFrame:
        """The canonical frame of a block of a Google Ads export."""
        first = table.data.iloc[:, :3].astype(str)
        footer = first.apply(lambda c: c.str.strip().str.startswith("Total:")).any(axis=1)
        if footer.any():
            table = table.subset(~footer.to_numpy())
        col = self.col
        day = dates_or_report_start(table, col["date"], DATE_FORMATS, range_start)
        return canonical.frame(
            len(table.data),
            date=day,
            platform=np.where(
                pd.Series(texts(table, col["kind"])).str.strip().str.casefold() == "video",
                "YouTube",
                PLATFORM,
            ),
            type="Paid",
            campaign=texts(table, col["campaign"]),
            currency=currencies(table, col["currency"]),
            **{r: numbers(table, col[r]) for r in canonical.NUMBER_COLUMNS if r in col},
        )
