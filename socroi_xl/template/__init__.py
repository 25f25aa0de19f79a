"""The template workbook: cost, value, funnel, channels, periods, pipeline and summary,
wired by SOCROI formulas and filled with a clearly labelled example.

:func:`build_template` writes it; ``workbook_templates/social_media_roi.xlsx`` is its
checked-in output (a test regenerates it and compares), and ``socroi new`` copies a fresh
one for a user.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from . import (
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
from .package import workbook_bytes, write_atomic
from .styles import landscape, register_styles

#: The sheets, in workbook order.
SHEETS: tuple[str, ...] = (
    "Start", "Inputs", "Costs", "Values", "Campaigns", "Funnel", "Channels", "Periods", "Pipeline", "Summary",
)  # fmt: skip

#: The checked-in template, relative to the repository root.
TEMPLATE_RELPATH = Path("workbook_templates") / "social_media_roi.xlsx"

_BUILDERS = (
    sheet_start, sheet_inputs, sheet_costs, sheet_values, sheet_campaigns, sheet_funnel, sheet_channels,
    sheet_periods, sheet_pipeline, sheet_summary,
)  # fmt: skip


def make_workbook() -> Workbook:
    """The template as an openpyxl workbook (not yet saved)."""
    wb = Workbook()
    register_styles(wb)
    wb.properties.creator = "socroi_xl"
    wb.properties.title = "Social-media ROI template"
    book = Book(wb)
    for builder in _BUILDERS:
        builder.build(book)
    assert tuple(wb.sheetnames) == SHEETS
    for ws in wb.worksheets:
        one_page = ws.title in ("Summary", "Funnel", "Pipeline", "Channels")
        landscape(ws, 1 if one_page else 0, ws.PAPERSIZE_A3 if ws.title == "Summary" else None)
    wb.active = 0
    return wb


def template_bytes() -> bytes:
    """The template as .xlsx bytes, identical on every run."""
    return workbook_bytes(make_workbook())


def build_template(path: str | os.PathLike[str]) -> Path:
    """Write the template workbook to ``path`` (atomically) and return the path.

    Parameters
    ----------
    path : str or path-like
        Where to write the .xlsx file; an existing file is replaced.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_atomic(path, template_bytes())


__all__ = ["SHEETS", "TEMPLATE_RELPATH", "build_template", "make_workbook", "template_bytes"]
