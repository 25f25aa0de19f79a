"""Each sale counted once: GA4's paid-social rows that duplicate an ad platform's rows.

An ad platform (Meta, LinkedIn, Google Ads) reports the spend, conversions and revenue
its own tracking gives its ads; GA4's *Paid Social* rows report the same visits and
sales seen from the site. A GA4 row is a **duplicate** when it is Paid, its network
belongs to a platform family (Facebook, Instagram, Messenger, Threads, Audience Network
-> Meta; LinkedIn -> LinkedIn; YouTube -> Google Ads) and the table holds a row from that
ad platform's export for the same family and day. Duplicates get ``Counted = "No"``
(the template leaves them out of spend, revenue and conversions); every other imported
row gets ``"Yes"``. This holds whatever the order of the imports: GA4 rows already in the
book are marked when the ad platform's rows arrive, and GA4 rows arriving later are marked
as they are written. ``keep_duplicates`` counts them all (the rows already marked stay as
they are).

GA4 rows are those whose Source is ``GA4`` (or, where the Source cell is blank or the
column missing, whose campaign starts ``GA4:``). Ad-platform rows are those whose Source
is Meta, LinkedIn or Google Ads; in a book without a Source column, Paid rows that are not
GA4's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..xl.numfmt import render
from .errors import ImportRefused
from .ga4 import CAMPAIGN_PREFIX

AD_SOURCES = ("Meta", "LinkedIn", "Google Ads")
GA4 = "GA4"
#: Platform name (case-insensitive) -> family (the ad platform whose export covers it).
FAMILIES: dict[str, str] = {
    **{p: "Meta" for p in ("meta", "facebook", "instagram", "messenger", "threads",
                           "audience network")},
    "linkedin": "LinkedIn",
    "google ads": "Google Ads",
    "youtube": "Google Ads",
}
YES, NO = "Yes", "No"


@dataclass
class Counting:
    """``new``: Counted for each planned row; ``existing``: table rows to set to "No";
    ``duplicates`` per export (rows marked No, or kept with ``keep``); ``notes``."""

    new: np.ndarray
    existing: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def family(platforms: pd.Series | np.ndarray) -> np.ndarray:
    """The family of each platform name (``""`` for none)."""
    s = pd.Series(np.asarray(platforms, dtype=object), dtype=object).fillna("")
    return s.astype(str).str.strip().str.casefold().map(FAMILIES).fillna("").to_numpy(object)


def _codes(fam: np.ndarray, serial: np.ndarray) -> np.ndarray:
    index = {"": 0, "Meta": 1, "LinkedIn": 2, "Google Ads": 3}
    f = np.array([index[x] for x in fam], dtype=np.int64) if len(fam) else np.zeros(0, np.int64)
    return f * 10_000_000 + np.nan_to_num(serial, nan=-1).astype(np.int64)


def _is_ga4(source: np.ndarray, campaign: np.ndarray) -> np.ndarray:
    src = pd.Series(source, dtype=object).fillna("").astype(str).str.strip()
    prefixed = pd.Series(campaign, dtype=object).fillna("").astype(str).str.startswith(
        CAMPAIGN_PREFIX.strip())
    return ((src.str.casefold() == GA4.casefold()) | ((src == "") & prefixed)).to_numpy()


def decide(rows: pd.DataFrame, sources: np.ndarray, existing: pd.DataFrame, *,
           keep: bool, has_counted: bool, has_source: bool, book_path: str,
           n_files: int) -> Counting:
    """Counted for the planned ``rows`` (with ``serial``, ``file``, ``target``) whose
    exports are ``sources`` (one per row), and the existing rows to mark.

    ``existing``: the table's data rows not being replaced, with columns ``target``,
    ``platform``, ``type``, ``campaign``, ``source``, ``serial``, ``counted``.
    """
    n = len(rows)
    new_fam = family(rows["platform"]) if n else np.zeros(0, object)
    new_codes = _codes(new_fam, rows["serial"].to_numpy(np.float64)) if n else np.zeros(0, int)
    ex_fam = family(existing["platform"])
    ex_codes = _codes(ex_fam, existing["serial"].to_numpy(np.float64))
    ex_type = existing["type"].fillna("").astype(str).str.strip().str.casefold().to_numpy()
    ex_src = existing["source"].to_numpy(dtype=object)
    ex_ga4 = _is_ga4(ex_src, existing["campaign"].to_numpy(dtype=object))
    if has_source:
        src = pd.Series(ex_src, dtype=object).fillna("").astype(str).str.strip().str.casefold()
        ex_ad = src.isin([s.casefold() for s in AD_SOURCES]).to_numpy()
    else:  # an older book: its Paid rows that are not GA4's are the ad platforms'
        ex_ad = (ex_type == "paid") & ~ex_ga4
    new_ad = np.isin(sources, AD_SOURCES)
    new_ga4 = sources == GA4
    covered = np.union1d(ex_codes[ex_ad & (ex_fam != "")], new_codes[new_ad & (new_fam != "")])
    paid_new = (rows["type"].astype(str).str.casefold() == "paid").to_numpy() if n else \
        np.zeros(0, bool)
    dup_new = new_ga4 & paid_new & (new_fam != "") & np.isin(new_codes, covered)
    ex_counted = existing["counted"].fillna("").astype(str).str.strip().str.casefold().to_numpy()
    dup_ex = ex_ga4 & (ex_type == "paid") & (ex_fam != "") & np.isin(ex_codes, covered)
    to_mark = dup_ex & (ex_counted != "no")
    out = Counting(np.where(dup_new & ~keep, NO, YES).astype(object))
    files = rows["file"].to_numpy() if n else np.zeros(0, int)
    out.duplicates = [int((dup_new & (files == i)).sum()) for i in range(n_files)]
    if (dup_new.any() or to_mark.any()) and not keep and not has_counted:
        k = int(dup_new.sum() + to_mark.sum())
        raise ImportRefused(
            f"{book_path}: {k} GA4 paid-social row{'s' if k != 1 else ''} duplicate ad-platform "
            "rows (same platform and days) and the Campaigns table has no Counted column to "
            "leave them out (an older book): give --keep-duplicates to count them twice as "
            "before, or import into a book from 'socroi new'")
    if not keep:
        out.existing = [int(r) for r in existing["target"].to_numpy()[to_mark]]
        if out.existing:
            out.notes.append(f"{len(out.existing)} GA4 paid-social row(s) already in the book "
                             "now not counted (Counted = No): the ad platform's rows cover them")
    elif dup_new.any() or to_mark.any():
        out.notes.append(f"{int(dup_new.sum())} GA4 paid-social row(s) duplicate ad-platform "
                         "rows and are counted as asked (--keep-duplicates)")
    # GA4 paid rows of a family that has ad-platform rows, but on other days: say so
    families_with_ads = set(ex_fam[ex_ad]) | set(new_fam[new_ad])
    families_with_ads.discard("")
    lonely = new_ga4 & paid_new & np.isin(new_fam, list(families_with_ads)) & ~dup_new
    if lonely.any():
        out.notes.append(
            f"{int(lonely.sum())} GA4 paid-social row(s) of "
            f"{', '.join(sorted(set(new_fam[lonely])))} fall on days without that platform's "
            "rows and are counted; check that both exports cover the same days (with a daily "
            "breakdown)")
    return out


def check_meta_breakdowns(rows: pd.DataFrame, sources: np.ndarray, existing: pd.DataFrame,
                          *, book_path: str, date1904: bool) -> None:
    """Refuse Meta rows with and without the platform breakdown for one campaign and day
    (the whole campaign as ``Meta`` beside its ``Facebook``/``Instagram`` parts): the
    same spend would be counted twice."""
    new = rows[sources == "Meta"]
    if new.empty:
        return
    ex_src = existing["source"].fillna("").astype(str).str.strip()
    ex = existing[(ex_src.str.casefold() == "meta").to_numpy()
                  | ((ex_src == "").to_numpy() & (family(existing["platform"]) == "Meta")
                     & ~_is_ga4(ex_src.to_numpy(dtype=object),
                                existing["campaign"].to_numpy(dtype=object)))]
    both = pd.DataFrame({
        "campaign": np.concatenate([new["campaign"].astype(str).str.strip(" ").to_numpy(object),
                                    ex["campaign"].fillna("").astype(str).str.strip(" ")
                                    .to_numpy(object)]),
        "serial": np.concatenate([new["serial"].to_numpy(np.float64),
                                  ex["serial"].to_numpy(np.float64)]),
        "whole": np.concatenate([
            new["platform"].astype(str).str.strip().str.casefold().to_numpy() == "meta",
            ex["platform"].fillna("").astype(str).str.strip().str.casefold().to_numpy()
            == "meta",
        ]),
    })
    mixed = both.groupby(["campaign", "serial"])["whole"].agg(["any", "all"])
    mixed = mixed[mixed["any"] & ~mixed["all"]]
    if len(mixed):
        campaign, serial = mixed.index[0]
        day = render(serial, "yyyy-mm-dd", date1904=date1904)
        raise ImportRefused(
            f"{book_path}: Meta rows with and without the platform breakdown for the same "
            f"campaign and day ({len(mixed)} such, e.g. {campaign!r} on {day}): the spend "
            "would be counted twice; import one of the two exports")
