"""The template workbook: summary, inputs, cost, value, campaigns, funnel, channels,
periods and pipeline, wired by SOCROI formulas, filled with a clearly labelled example or
with nothing (``blank=True``).

:func:`build_template` writes it; ``workbook_templates/social_media_roi.xlsx`` is the
example's checked-in output (a test regenerates it and compares), and ``socroi new``
writes a fresh one for a user (``--blank`` for an empty book).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from openpyxl import Workbook

from . import (
    money,
    sheet_campaigns,
    sheet_channels,
    sheet_costs,
    sheet_funnel,
    sheet_inputs,
    sheet_periods,
    sheet_pipeline,
    sheet_start,
    sheet_summary,
    sheet_values,
)
from .book import Book
from .example import BLANK, EXAMPLE
from .package import workbook_bytes, write_atomic
from .styles import landscape, register_styles

#: The sheets, in workbook order: Summary, the sheet people open first, right after Start.
SHEETS: tuple[str, ...] = (
    "Start", "Summary", "Inputs", "Costs", "Values", "Campaigns", "Funnel", "Channels", "Periods", "Pipeline",
)  # fmt: skip

#: The checked-in template (with the example), relative to the repository root.
TEMPLATE_RELPATH = Path("workbook_templates") / "social_media_roi.xlsx"

#: Builders in the order their anchors are needed (not the order of the sheets).
_BUILDERS = (
    sheet_start, sheet_inputs, sheet_costs, sheet_campaigns, sheet_values, sheet_funnel, sheet_channels,
    sheet_periods, sheet_pipeline, sheet_summary,
)  # fmt: skip


def make_workbook(blank: bool = False, currency: str | None = None) -> Workbook:
    """The template as an openpyxl workbook (not yet saved).

    Parameters
    ----------
    blank : bool
        No example: every input cell empty, no example rows or text.
    currency : str, optional
        ISO code of the book currency (``BookCurrency``, and the money formats the file
        opens with). Default: the example's USD, none for a blank book.
    """
    data = BLANK if blank else EXAMPLE
    if currency is not None:
        data = dataclasses.replace(data, currency=currency.strip().upper() or None)
    wb = Workbook()
    register_styles(wb)
    wb.properties.creator = "socroi_xl"
    wb.properties.title = "Social-media ROI template"
    wb.active.title = SHEETS[0]
    for name in SHEETS[1:]:
        wb.create_sheet(name)
    book = Book(wb, data)
    for builder in _BUILDERS:
        builder.build(book)
    assert tuple(wb.sheetnames) == SHEETS
    money.apply(wb, data.currency, book.model_formats)
    for ws in wb.worksheets:
        one_page = ws.title in ("Summary", "Funnel", "Pipeline", "Channels")
        landscape(ws, 1 if one_page else 0, ws.PAPERSIZE_A3 if ws.title == "Summary" else None)
    wb.active = 0
    return wb


def template_bytes(blank: bool = False, currency: str | None = None) -> bytes:
    """The template as .xlsx bytes, identical on every run."""
    return workbook_bytes(make_workbook(blank, currency))


def build_template(path: str | os.PathLike[str], blank: bool = False, currency: str | None = None) -> Path:
    """Write the template workbook to ``path`` (atomically) and return the path.

    Parameters
    ----------
    path : str or path-like
        Where to write the .xlsx file; an existing file is replaced.
    blank : bool
        No example: every input cell empty (``socroi new --blank``).
    currency : str, optional
        ISO code of the book currency (default: the example's USD; none when blank).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_atomic(path, template_bytes(blank, currency))


__all__ = ["SHEETS", "TEMPLATE_RELPATH", "build_template", "make_workbook", "template_bytes"]
