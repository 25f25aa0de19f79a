"""The canonical frame every reader returns, whatever the export.

One row per (date, platform, campaign) as the export gives it, with these columns:

=============  ==============  =================================================
column         dtype           meaning
=============  ==============  =================================================
date           datetime64      the day (or the first day of the reported period)
platform       str             ``Meta`` (``Facebook``, ``Instagram``... when broken
                               down), ``LinkedIn``, ``Google Ads`` / ``YouTube``; for
                               GA4 the social network of the source
type           str             ``Paid``, ``Organic`` or ``Earned``
campaign       str             campaign name as the platform shows it ("" if none;
                               GA4 names start with ``GA4:``)
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

TEXT_COLUMNS: tuple[str, ...] = ("platform", "type", "campaign")
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


def frame(
    n: int,
    *,
    date: pd.Series | np.ndarray,
    platform: str | pd.Series,
    type: str | pd.Series,
    campaign: pd.Series | np.ndarray,
    **numbers: np.ndarray | None,
) -> pd.DataFrame:
    """Assemble a canonical frame of ``n`` rows; number columns not given are NaN.

    Parameters
    ----------
    n : int
        Number of rows.
    date, campaign : array-like
        One value per row.
    platform, type : str or array-like
        One value for every row, or one per row.
    **numbers : array-like or None
        Any of :data:`NUMBER_COLUMNS`; ``None`` or missing means NaN.
    """
    unknown = set(numbers) - set(NUMBER_COLUMNS)
    if unknown:
        raise TypeError(f"not canonical columns: {sorted(unknown)}")
    out = {
        "date": pd.to_datetime(pd.Series(np.asarray(date), dtype="datetime64[ns]")).dt.normalize(),
        "platform": _text(platform, n),
        "type": _text(type, n),
        "campaign": _text(campaign, n),
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


def empty() -> pd.DataFrame:
    """A canonical frame with no rows."""
    return frame(0, date=np.array([], dtype="datetime64[ns]"), platform="", type="", campaign=[])
