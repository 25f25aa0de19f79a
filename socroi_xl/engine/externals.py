"""References into other workbooks (``[1]Sheet1!A1``): Excel uses the values it saved in
the workbook's external link parts (``xl/externalLinks/externalLinkN.xml``,
``<sheetDataSet>``), and so does the engine. A cell the link part does not hold is
``#REF!`` with a warning (the other workbook is never opened).

ADAPTER: the xlsx reader exposes the saved values as ``book.externals``; until it does,
this module finds none and every external reference is ``#REF!`` with a warning. The shape
expected: ``book.externals[key]`` for the link's index ``"1"`` (and its file name), an
object with ``sheets: dict[str (lower case), dict[(row, col), value]]`` and ``names:
dict[str (upper case), value]``; either a mapping or attributes are accepted.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _link(book: Any, key: str) -> Any:
    links = getattr(book, "externals", None)
    if not links:
        return None
    if isinstance(links, dict):
        hit = links.get(key)
        if hit is None:
            low = key.lower()
            hit = next((v for k, v in links.items() if str(k).lower() == low), None)
        return hit
    try:  # a list: index 1 is the first link
        return links[int(key) - 1]
    except (ValueError, IndexError, TypeError):
        return None


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def external_area(book: Any, key: str, sheet: str | None, r1: int, c1: int, r2: int, c2: int) -> np.ndarray | None:
    """The saved values of an area of an external workbook's sheet (blank: None), or None
    when the file does not hold that sheet."""
    link = _link(book, key)
    if link is None or sheet is None:
        return None
    sheets = _get(link, "sheets") or {}
    cells = sheets.get(sheet.lower())
    if cells is None:
        cells = next((v for k, v in sheets.items() if str(k).lower() == sheet.lower()), None)
    if cells is None:
        return None
    out = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
    for i in range(r2 - r1 + 1):
        for j in range(c2 - c1 + 1):
            out[i, j] = cells.get((r1 + i, c1 + j))
    return out


def external_name(book: Any, key: str, name: str) -> Any:
    """The saved value of a defined name of an external workbook, or None."""
    link = _link(book, key)
    if link is None:
        return None
    names = _get(link, "names") or {}
    return names.get(name.upper())
