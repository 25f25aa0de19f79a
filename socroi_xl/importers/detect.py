"""Recognise an export by its headers and read it into the canonical frame."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..xl.refs import MAX_ROW
from . import canonical, ga4, google_ads, linkedin, meta
from .errors import ExportError
from .table import Export, HeaderTest, encoding_of, open_sheet, open_text


@dataclass(frozen=True)
class Format:
    """One supported export format."""

    name: str
    label: str
    source: str
    is_header: HeaderTest
    reader: Callable[..., canonical.Reader]
    expected: str
    spreadsheet: bool = False
    comments: bool = False


#: The formats, in the order ``auto`` tries them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("meta", "Meta Ads Manager", "Meta", meta.is_header, meta.Reader, meta.EXPECTED,
               True),
        Format("linkedin", "LinkedIn Campaign Manager", "LinkedIn", linkedin.is_header,
               linkedin.Reader, linkedin.EXPECTED, True),
        Format("google-ads", "Google Ads", "Google Ads", google_ads.is_header,
               google_ads.Reader, google_ads.EXPECTED, True),
        Format("ga4", "GA4 traffic acquisition", "GA4", ga4.is_header, ga4.Reader,
               ga4.EXPECTED, comments=True),
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


def locate(path: str | os.PathLike[str], platform: str = "auto") -> tuple[Format, Export]:
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
            export = open_sheet(p, f.is_header)
            if export is not None:
                return f, export
    else:
        encoding = encoding_of(p)
        for f in candidates:
            export = open_text(p, f.is_header, encoding, comments=f.comments)
            if export is not None:
                return f, export
    what = "a recognised export" if platform == "auto" else f"a {candidates[0].label} export"
    raise ExportError(p, f"not {what}: no header row with the expected columns; expected "
                      f"{_expected(candidates)}")


def read_export(path: str | os.PathLike[str], platform: str = "auto") -> pd.DataFrame:
    """Read an ad-platform or analytics export into the canonical frame.

    The file is read a block of rows at a time (:data:`~socroi_xl.importers.table.CHUNK_ROWS`),
    so memory grows with the canonical rows kept, not with the file's text.

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
        Columns ``date, platform, type, campaign, currency, spend, impressions, reach,
        clicks, engagements, leads, conversions, revenue`` (see
        :mod:`socroi_xl.importers.canonical`). ``attrs``: ``"platform"`` the format read,
        ``"source"`` its name in the Campaigns table's Source column (``Meta``, ``GA4``,
        ``LinkedIn``, ``Google Ads``), ``"ignored"`` the rows left out (GA4: not social
        traffic), ``"path"`` the file.

    Raises
    ------
    ExportError
        The file cannot be read or recognised, or a value cannot be read (the message
        names the file, line and column).
    """
    fmt, export = locate(path, platform)
    options: dict[str, object] = {}
    while True:
        reader = fmt.reader(export.names, export.preamble, **options)
        parts = []
        kept = 0
        try:
            for block in export.chunks(reader.used):
                if not len(block.data):
                    continue  # a header with no row under it
                part = reader.read(block)
                kept += len(part)
                if kept > MAX_ROW:
                    raise ExportError(
                        export.path, f"more than {MAX_ROW:,} campaign rows, more than an Excel "
                        "sheet holds; export a shorter period (or fewer breakdowns)",
                        line=int(block.lines[-1]))
                parts.append(part)
        except canonical.Restart as again:
            options = again.options
            continue
        break
    frame = canonical.concat(parts)
    frame = reader.finish(frame)
    frame.attrs["ignored"] = reader.ignored
    frame.attrs["platform"] = fmt.name
    frame.attrs["source"] = fmt.source
    frame.attrs["path"] = os.fspath(path)
    return frame
