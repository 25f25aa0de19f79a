"""References into other workbooks (``[1]Sheet1!A1``): Excel uses the values it saved in
the workbook's external link parts (``xl/externalLinks/externalLinkN.xml``,
``<sheetDataSet>``), and so does the engine. The reader gives them as ``book.externals``
(link number -> :class:`~socroi_xl.xlsx.externals.ExternalBook`). A sheet the link part does
not hold is ``#REF!`` with a warning (the other workbook is never opened); a cell of a held
sheet that the cache leaves out is blank, as Excel saves only the cells that are not.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

import numpy as np

from .refs import col_index

_CELL_REF = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?([0-9]+)$")


def _link(book: Any, key: str) -> Any:
    """The link a formula names: its number (``[1]``) or its file name (``[prices.xlsx]``)."""
    links = getattr(book, "externals", None) or {}
    try:
        return links.get(int(key))
    except (TypeError, ValueError):
        pass
    low = key.lower()
    for link in links.values():
        target = str(getattr(link, "target", "") or "")
        if target and (target.lower() == low or PurePath(target.replace("\\", "/")).name.lower() == low):
            return link
    return None


def external_area(book: Any, key: str, sheet: str | None, r1: int, c1: int, r2: int, c2: int) -> np.ndarray | None:
    """The saved values of an area of an external workbook's sheet (blank: None), or None
    when the file does not hold that sheet."""
    link = _link(book, key)
    if link is None or sheet is None or getattr(link, "kind", "externalBook") != "externalBook":
        return None
    index = link.sheet_index(sheet)
    if index is None:
        return None
    out = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
    cells = link.cells
    for i in range(r2 - r1 + 1):
        for j in range(c2 - c1 + 1):
            out[i, j] = cells.get((index, r1 + i, c1 + j))
    return out


def external_name(book: Any, key: str, name: str) -> Any:
    """The saved value of a defined name of an external workbook (a cell it refers to, or a
    number it holds), or None when the file does not say."""
    link = _link(book, key)
    if link is None:
        return None
    entry = link.names.get(name.upper())
    if entry is None:
        return None
    refers = (entry[0] or "").strip()
    m = _CELL_REF.match(refers)
    if m:
        sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
        area = external_area(book, key, sheet, int(m.group(4)), col_index(m.group(3).upper()), int(m.group(4)), col_index(m.group(3).upper()))
        return None if area is None else area[0, 0]
    try:
        return float(refers.lstrip("="))
    except ValueError:
        return None
