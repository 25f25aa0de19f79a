"""The canonical frame every reader returns, whatever the export.

One row per (date, platform, campaign) as the export gives it, with these columns:

=============  ==============  =================================================
column         dtype           meaning
=============  ==============  =================================================
date           datetime64[s]   the day (or the first day of the reported period),
                               midnight; any day Excel holds (1900-9999)
platform       str             ``Meta`` (``Facebook``, ``Instagram``... when broken
                               down), ``LinkedIn``, ``Google Ads`` / ``YouTube``; for
                               GA4 the social network of the source
type           str             ``Paid``, ``Organic`` or ``Earned``
campaign       str             campaign name as the platform shows it ("" if none;
                               GA4 names start with ``GA4:``)
currency       str             ISO code of the row's spend and revenue as the export
                               states it (``""``: the export does not say)
spend          float           money spent, in the account's currency
impressions    float           times shown
reach          float           people reached
clicks         float           clicks (link clicks for Meta; sessions for GA4)
engagements    float           engagements (engaged sessions for GA4)
leads          float           leads
conversions    float           conversions / purchases / key events
revenue        float           conversion value / revenue
=============  ==============  =================================================

A figure the export does not carry is NaN, never 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TEXT_COLUMNS: tuple[str, ...] = ("platform", "type", "campaign", "currency")
NUMBER_COLUMNS: tuple[str, ...] = (
    "spend",
    "impressions",
    "reach",
    "clicks",
    "engagements",
    "leads",
    "conversions",
    "revenue",
)
COLUMNS: tuple[str, ...] = ("date",) + TEXT_COLUMNS + NUMBER_COLUMNS
TYPES: tuple[str, ...] = ("Paid", "Organic", "Earned")
#: dtype of the date column (seconds: unlike nanoseconds, holds every date Excel does).
DAY = "datetime64[s]"


def frame(
    n: int,
    *,
    date: pd.Series | np.ndarray,
    platform: str | pd.Series,
    type: str | pd.Series,
    campaign: pd.Series | np.ndarray,
    currency: str | pd.Series | np.ndarray = "",
    **numbers: np.ndarray | None,
) -> pd.DataFrame:
    """Assemble a canonical frame of ``n`` rows; number columns not given are NaN.

    Parameters
    ----------
    n : int
        Number of rows.
    date, campaign : array-like
        One value per row.
    platform, type, currency : str or array-like
        One value for every row, or one per row.
    **numbers : array-like or None
        Any of :data:`NUMBER_COLUMNS`; ``None`` or missing means NaN.
    """
    unknown = set(numbers) - set(NUMBER_COLUMNS)
    if unknown:
        raise TypeError(f"not canonical columns: {sorted(unknown)}")
    out = {
        "date": np.asarray(date).astype("datetime64[D]").astype(DAY),
        "platform": _text(platform, n),
        "type": _text(type, n),
        "campaign": _text(campaign, n),
        "currency": _text(currency, n),
    }
    for name in NUMBER_COLUMNS:
        values = numbers.get(name)
        out[name] = (
            np.full(n, np.nan) if values is None else np.asarray(values, dtype=np.float64)
        )
    return pd.DataFrame(out, columns=list(COLUMNS))


def _text(values: str | pd.Series | np.ndarray, n: int) -> np.ndarray:
    if isinstance(values, str):
        return np.full(n, values, dtype=object)
    arr = np.asarray(values, dtype=object)
    return np.where(pd.isna(arr), "", arr).astype(object)


def concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One canonical frame from the frames of an export's blocks."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty()
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    return pd.concat(parts, ignore_index=True)


def empty() -> pd.DataFrame:
    """A canonical frame with no rows."""
    return frame(0, date=np.array([], dtype=DAY), platform="", type="", campaign=[])


class Restart(Exception):
    """Raised by a reader that learns, part-way through a file, that the blocks it has
    already read must be read again another way (``options`` for the new reader)."""

    def __init__(self, **options: object) -> None:
        super().__init__(options)
        self.options = options


class Reader:
    """Maps an export's blocks of rows to canonical frames.

    Made from the export's column names and preamble (the lines above the header), then
    given each block with :meth:`read`; :meth:`finish` sees the whole canonical frame once
    (for rules over all rows). ``currency`` is the currency the export states for all its
    rows (``""`` if it states none or states it per row); ``ignored`` counts rows that are
    not social campaign rows.
    """

    def __init__(self, names: list[str], preamble: list[str], **options: object) -> None:
        self.names = names
        self.preamble = preamble
        self.currency = ""
        self.ignored = 0

    @property
    def used(self) -> list[str | None] | None:
        """The columns this reader reads (``None``: all)."""
        return None

    def read(self, table) -> pd.DataFrame:  # pragma: no cover - every format overrides it
        raise NotImplementedError

    def finish(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame
