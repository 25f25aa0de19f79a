"""LinkedIn Campaign Manager campaign performance export (CSV).

The file opens with several preamble lines (report name, ``Report Start: …``, account
name and id) before the header. Dates are US style, ``M/D/YYYY``. With a time breakdown
each row has its day in ``Start Date (in UTC)``; without one, every row takes the report
start date from the preamble.

Mapping: spend = Total Spent, impressions, clicks, engagements = Total Engagements, leads,
conversions, revenue = Total Conversion Value (or Conversion Value), reach = Reach (or
Approximate Member Reach). Every row is Paid; the platform is ``LinkedIn``. The currency
of each row is its ``Currency`` column (the ad account's currency).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import canonical
from .table import RawTable, find
from .values import currencies, dates_or_report_start, numbers, parse_day, texts

PLATFORM = "LinkedIn"
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %I:%M %p", "%m/%d/%Y, %I:%M %p", "%Y-%m-%d")
REPORT_DATE_FORMATS = ("%m/%d/%Y", "%b %d, %Y", "%B %d, %Y", "%Y-%m-%d")
NAMES: dict[str, tuple[str, ...]] = {
    "date": ("Start Date (in UTC)", "Start Date", "Date"),
    "campaign": ("Campaign Name", "Campaign"),
    "currency": ("Currency",),
    "spend": ("Total Spent", "Amount Spent"),
    "impressions": ("Impressions",),
    "reach": ("Reach", "Approximate Member Reach", "Approximate Unique Member Reach"),
    "clicks": ("Clicks",),
    "engagements": ("Total Engagements",),
    "leads": ("Leads",),
    "conversions": ("Conversions", "Total Conversions"),
    "revenue": ("Total Conversion Value", "Conversion Value"),
}
EXPECTED = "Campaign Name, Total Spent, Impressions, Clicks (after the preamble lines)"
_REPORT_START = re.compile(r"report start[^:]*:\s*(?P<date>[^,]+(?:,\s*\d{4})?)", re.IGNORECASE)


def is_header(names: list[str]) -> bool:
    """True for the header row of a LinkedIn Campaign Manager export."""
    return find(names, *NAMES["campaign"]) is not None and find(names, *NAMES["spend"]) is not None


def report_start(preamble: list[str]) -> np.datetime64 | None:
    """The ``Report Start`` date of the preamble, if there is one."""
    for line in preamble:
        m = _REPORT_START.search(line.strip('"'))
        if m:
            day = parse_day(m.group("date").strip().strip('"'), REPORT_DATE_FORMATS)
            if day is not None:
                return day
    return None


class Reader(canonical.Reader):
    """LinkedIn Campaign Manager export, block by block."""

    def __init__(self, names: list[str], preamble: list[str], **options: object) -> None:
        super().__init__(names, preamble)
        self.col = {role: find(names, *cands) for role, cands in NAMES.items()}

    @property
    def used(self) -> list[str | None]:
        """The columns read."""
        return list(self.col.values())

    def read(self, table: RawTable) -> pd.DataFrame:
        """The canonical frame of a block of a LinkedIn Campaign Manager export."""
        col = self.col
        day = dates_or_report_start(table, col["date"], DATE_FORMATS, report_start)
        return canonical.frame(
            len(table.data),
            date=day,
            platform=PLATFORM,
            type="Paid",
            campaign=texts(table, col["campaign"]),
            currency=currencies(table, col["currency"]),
            **{r: numbers(table, col[r]) for r in canonical.NUMBER_COLUMNS if r in col},
        )
