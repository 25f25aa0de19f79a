"""The workbook under construction: sheets, defined names, cross-sheet anchors and what
it is filled with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import absolute_coordinate, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from .example import BookData


@dataclass
class Book:
    """A workbook being built, with the places later sheets and charts refer to.

    ``anchors`` maps a short key (``"cost_mix"``) to ``(sheet title, range)``; a sheet
    module records what it lays out, and later sheets and the Summary's charts read it
    back. ``data`` is what the input cells hold (the example, or nothing).
    ``model_formats`` maps ``(sheet, cell)`` to the number format of that cell under each
    business model (money.py turns it into conditional formats).
    """

    wb: Workbook
    data: BookData
    anchors: dict[str, tuple[str, str]] = field(default_factory=dict)
    model_formats: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)

    def sheet(self, title: str) -> Worksheet:
        """The sheet called ``title``."""
        return self.wb[title]

    def define(self, name: str, ws: Worksheet, ref: str) -> str:
        """A workbook-level defined name for ``ref`` on ``ws``; returns the name."""
        target = f"{quote_sheetname(ws.title)}!{absolute_coordinate(ref)}"
        self.wb.defined_names[name] = DefinedName(name, attr_text=target)
        return name

    def anchor(self, key: str, ws: Worksheet, ref: str) -> None:
        """Remember where ``key`` lives for later sheets."""
        self.anchors[key] = (ws.title, ref)

    def ref(self, key: str) -> str:
        """``'Sheet'!$A$1:$B$2`` for an anchor, for use in formulas."""
        title, ref = self.anchors[key]
        return f"{quote_sheetname(title)}!{absolute_coordinate(ref)}"

    def get(self, key: str) -> Any:
        """``(sheet, range)`` of an anchor."""
        title, ref = self.anchors[key]
        return self.wb[title], ref

    def row(self, key: str) -> int:
        """First row of an anchor."""
        from openpyxl.utils.cell import range_boundaries

        return range_boundaries(self.anchors[key][1])[1]
