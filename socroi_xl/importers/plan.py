"""Which row of the Campaigns table each imported row goes to.

A row is identified by its key: platform (trimmed, case-insensitive), campaign (outer
spaces trimmed) and day. For each export, in the order given:

* rows without a date or a campaign are skipped (and counted);
* rows of one export with the same key are added together (numbers: blank only when
  every part is blank) — a campaign name used twice in one report, or several GA4 sources
  of one campaign;
* a row whose key is already in the table, or in an earlier export of the same import,
  replaces that row (the later values win); the others take the table's empty data rows
  first, then new rows below the table, in the order they first appear.

Everything is done on whole columns (pandas), so 100,000 rows take well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..xl import dates as xl_dates
from ..xl.numtext import excel_text
from . import canonical
from .values import per_distinct

KEY = ["k_platform", "k_campaign", "serial"]


@dataclass
class FileCounts:
    rows: int = 0
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    merged: int = 0


@dataclass
class Plan:
    """Where the rows go.

    ``rows``: one row per target row of the table, the canonical columns plus ``target``
    (sheet row), ``serial`` (day number), ``file`` (index of the export) and ``existing``
    (the target was a data row already); ``counts``: per export.
    """

    rows: pd.DataFrame
    counts: list[FileCounts] = field(default_factory=list)
    new_last: int = 0


def day_serials(dates: pd.Series | np.ndarray, date1904: bool) -> np.ndarray:
    """Excel day numbers of ``dates`` (float; NaN where NaT), as the cells hold them."""
    return xl_dates.serials(np.asarray(dates).astype("datetime64[D]"), date1904)


def existing_serials(values: dict[str, list], date1904: bool) -> np.ndarray:
    """The day number in the Date cell of each data row (NaN if it holds no date)."""
    return np.floor(np.array([_serial(v, date1904) for v in values["date"]], dtype=np.float64))


def existing_keys(values: dict[str, list], rows: list[int], date1904: bool) -> pd.DataFrame:
    """The keys of the table's data rows (rows without a full key left out)."""
    serial = existing_serials(values, date1904)
    platform = [None if v is None else excel_text(v) for v in values["platform"]]
    campaign = [None if v is None else excel_text(v) for v in values["campaign"]]
    out = pd.DataFrame({
        "target": np.asarray(rows, dtype=np.int64),
        "k_platform": pd.Series(platform, dtype=object).str.strip().str.casefold(),
        "k_campaign": pd.Series(campaign, dtype=object).str.strip(" "),
        "serial": serial,
    })
    keep = out["k_platform"].notna() & out["k_campaign"].notna() & out["serial"].notna()
    out = out[keep.to_numpy()]
    return out.drop_duplicates(KEY, keep="first")


def _serial(v: object, date1904: bool) -> float:
    if isinstance(v, bool) or v is None:
        return np.nan
    if isinstance(v, float):
        return v
    if isinstance(v, str):
        read = xl_dates.read_datetime(v, date1904=date1904)  # date text as Excel reads it
        return np.nan if read is None or read.day is None else float(read.day)
    return np.nan


def key_columns(frame: pd.DataFrame, date1904: bool) -> dict[str, np.ndarray]:
    """The key of each row of a canonical frame: ``k_platform``, ``k_campaign``, ``serial``."""
    return {
        "k_platform": per_distinct(frame["platform"], lambda v: str(v).strip().casefold()),
        "k_campaign": per_distinct(frame["campaign"], lambda v: str(v).strip(" ")),
        "serial": day_serials(frame["date"], date1904),
    }


def _merge_duplicates(rows: pd.DataFrame) -> pd.DataFrame:
    """Add up rows with the same key (numbers: NaN only when every part is NaN)."""
    if not rows.duplicated(KEY).any():
        return rows
    numbers = list(canonical.NUMBER_COLUMNS)
    others = [c for c in rows.columns if c not in numbers and c not in KEY]
    grouped = rows.groupby(KEY, sort=False, dropna=False)
    summed = grouped[numbers].sum(min_count=1)
    firsts = grouped[others].first()
    return firsts.join(summed).reset_index()[list(rows.columns)]


def plan(frames: list[pd.DataFrame], existing: pd.DataFrame, free: list[int], last_data: int,
         date1904: bool) -> Plan:
    """Assign every usable row of ``frames`` (canonical, in import order) a table row.

    Parameters
    ----------
    existing : DataFrame
        From :func:`existing_keys`.
    free : list of int
        Data rows with every input cell empty, reused first.
    last_data : int
        The table's last data row (new rows go below it).
    """
    counts = []
    parts = []
    for i, frame in enumerate(frames):
        c = FileCounts(rows=len(frame))
        named = per_distinct(frame["campaign"], lambda v: bool(str(v).strip())).astype(bool)
        usable = frame["date"].notna().to_numpy() & named
        c.skipped = int((~usable).sum())
        rows = frame[usable].reset_index(drop=True)
        rows = rows.assign(**key_columns(rows, date1904), file=i)
        merged = _merge_duplicates(rows)
        c.merged = len(rows) - len(merged)
        counts.append(c)
        parts.append(merged)
    allrows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=[*canonical.COLUMNS, *KEY, "file"])
    if allrows.empty:
        return Plan(allrows.assign(target=np.array([], dtype=np.int64), existing=False),
                    counts, last_data)
    found = allrows[KEY].merge(existing, on=KEY, how="left")["target"].to_numpy()
    first = ~allrows.duplicated(KEY, keep="first").to_numpy()
    in_table = ~np.isnan(found.astype(np.float64))
    added = first & ~in_table
    for i, c in enumerate(counts):
        mine = (allrows["file"] == i).to_numpy()
        c.added = int((added & mine).sum())
        c.replaced = int(mine.sum()) - c.added
    # targets of new keys: the free data rows first, then rows below the table
    n_new = int(added.sum())
    reuse = free[:n_new]
    below = np.arange(last_data + 1, last_data + 1 + n_new - len(reuse), dtype=np.int64)
    targets = np.where(in_table, found, 0).astype(np.int64)
    targets[added] = np.concatenate([np.asarray(reuse, dtype=np.int64), below])
    key_target = pd.Series(targets[first], index=pd.MultiIndex.from_frame(allrows.loc[first, KEY]))
    allrows["target"] = key_target.reindex(pd.MultiIndex.from_frame(allrows[KEY])).to_numpy()
    final = allrows.drop_duplicates(KEY, keep="last").sort_values("target", kind="stable")
    final = final.reset_index(drop=True)
    final["existing"] = final["target"].to_numpy() <= last_data
    new_last = last_data + len(below)
    return Plan(final, counts, new_last)
