"""References into other workbooks (``[1]Sheet1!A1``): Excel uses the values it saved in
the workbook's external link parts (``xl/externalLinks/externalLinkN.xml``,
``<sheetDataSet>``), and so does the engine. A cell the link part does not hold is
``#REF!`` with a warning (the other workbook is never opened).

The reader gives the links as ``book.externals``: ``{index: ExternalBook}`` (see
:class:`socroi_xl.xlsx.externals.ExternalBook`: ``value(sheet, row, col)``, ``sheets``,
``names``).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _link(book: Any, key: str) -> Any:
    links = getattr(book, "externals", None) or {}
    try:
        return links.get(int(key))
    except (ValueError, TypeError):  # [Book.xlsx] by file name
        low = key.lower()
        for link in links.values():
            target = str(getattr(link, "target", "")).replace("\\", "/").rsplit("/", 1)[-1].lower()
            if target == low:
                return link
        return None


def external_area(book: Any, key: str, sheet: str | None, r1: int, c1: int, r2: int, c2: int) -> np.ndarray | None:
    """The saved values of an area of an external workbook's sheet (blank: None), or None
    when the file does not hold that sheet."""
    link = _link(book, key)
    if link is None or sheet is None:
        return None
    index = link.sheet_index(sheet)
    if index is None or not _has_cells(link, index):
        return None  # Excel shows #REF! when the link holds nothing for the sheet (refreshError)
    out = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
    for i in range(r2 - r1 + 1):
        for j in range(c2 - c1 + 1):
            out[i, j] = link.value(sheet, r1 + i, c1 + j)
    return out


def _has_cells(link: Any, index: int) -> bool:
    cache = link.__dict__.setdefault("_sheets_with_cells", None)
    if cache is None:
        cache = link.__dict__["_sheets_with_cells"] = {k[0] for k in link.cells}
    return index in cache


def external_name(book: Any, key: str, name: str) -> Any:
    """The saved value of a defined name of an external workbook, as the text it refers
    to (``=123`` or a reference such as ``Sheet1!$A$1``), resolved to a value when it is a
    constant or one cell held in the link part; None when it cannot be."""
    link = _link(book, key)
    if link is None:
        return None
    entry = link.names.get(name.upper())
    if entry is None:
        return None
    text = entry[0].lstrip("=")
    from ..coerce import parse_number_text
    from .parser import _last_bang, _unquote
    from .refs import parse_cell

    number = parse_number_text(text)
    if number is not None:
        return number
    bang = _last_bang(text)
    if bang > 0:
        sheet, cell = _unquote(text[:bang]), parse_cell(text[bang + 1 :])
        if cell is not None:
            return link.value(sheet, cell[0], cell[1])
    return None
