"""Recognise an export by its headers and read it into the canonical frame."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from . import ga4, google_ads, linkedin, meta
from .errors import ExportError
from .table import HeaderTest, RawTable, decode, read_sheet, read_text


@dataclass(frozen=True)
class Format:
    """One supported export format."""

    name: str
    label: str
    is_header: HeaderTest
    read: Callable[[RawTable], pd.DataFrame]
    expected: str
    spreadsheet: bool = False
    comments: bool = False


#: The formats, in the order ``auto`` tries them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("meta", "Meta Ads Manager", meta.is_header, meta.read, meta.EXPECTED, True),
        Format("linkedin", "LinkedIn Campaign Manager", linkedin.is_header, linkedin.read,
               linkedin.EXPECTED, True),
        Format("google-ads", "Google Ads", google_ads.is_header, google_ads.read,
               google_ads.EXPECTED, True),
        Format("ga4", "GA4 traffic acquisition", ga4.is_header, ga4.read, ga4.EXPECTED,
               comments=True),
    )
}
PLATFORMS: tuple[str, ...] = ("auto", *FORMATS)


def _expected(formats: list[Format]) -> str:
    return "; ".join(f"{f.label}: {f.expected}" for f in formats)


def _is_spreadsheet(path: str) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def locate(path: str | os.PathLike[str], platform: str = "auto") -> tuple[Format, RawTable]:
    """Find the format of an export and its table.

    Raises
    ------
    ExportError
        Unknown ``platform``, unreadable file, or no header of the expected format(s)
        (the message names the columns expected).
    """
    p = os.fspath(path)
    if platform not in PLATFORMS:
        raise ExportError(p, f"unknown platform {platform!r}; use one of {', '.join(PLATFORMS)}")
    if not os.path.isfile(p):
        raise ExportError(p, "a directory, not a file" if os.path.isdir(p) else "no such file")
    candidates = list(FORMATS.values()) if platform == "auto" else [FORMATS[platform]]
    if _is_spreadsheet(p):
        usable = [f for f in candidates if f.spreadsheet]
        if not usable:
            raise ExportError(p, f"a spreadsheet; {candidates[0].label} exports are text (CSV)")
        for f in usable:
            table = read_sheet(p, f.is_header)
            if table is not None:
                return f, table
    else:
        text = decode(p)
        for f in candidates:
            table = read_text(p, f.is_header, text, comments=f.comments)
            if table is not None:
                return f, table
    what = "a recognised export" if platform == "auto" else f"a {candidates[0].label} export"
    raise ExportError(p, f"not {what}: no header row with the expected columns; expected "
                      f"{_expected(candidates)}")


def read_export(path: str | os.PathLike[str], platform: str = "auto") -> pd.DataFrame:
    """Read an ad-platform or analytics export into the canonical frame.

    Parameters
    ----------
    path : str or os.PathLike
        A Meta Ads Manager CSV/XLSX, LinkedIn Campaign Manager CSV/XLSX, Google Ads report
        (UTF-16 TSV, CSV or XLSX) or GA4 traffic acquisition CSV export.
    platform : {"auto", "meta", "linkedin", "google-ads", "ga4"}
        The format; ``"auto"`` recognises it by its header row.

    Returns
    -------
    pandas.DataFrame
        Columns ``date, platform, type, campaign, spend, impressions, reach, clicks,
        engagements, leads, conversions, revenue`` (see
        :mod:`socroi_xl.importers.canonical`). ``attrs["platform"]`` is the format read,
        ``attrs["ignored"]`` the rows left out (GA4: not social traffic).

    Raises
    ------
    ExportError
        The file cannot be read or recognised, or a value cannot be read (the message
        names the file, line and column).
    """
    fmt, table = locate(path, platform)
    frame = fmt.read(table)
    frame.attrs.setdefault("ignored", 0)
    frame.attrs["platform"] = fmt.name
    frame.attrs["path"] = os.fspath(path)
    return frame
