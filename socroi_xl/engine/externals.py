"""References into other workbooks (``[1]Sheet1!A1``): Excel uses the values it saved in
the workbook's external link parts (``xl/externalLinks/externalLinkN.xml``,
``<sheetDataSet>``), and so does the engine. The other workbook is never opened.

The reader gives the links as ``book.externals``: ``{index: ExternalBook}`` (see
:class:`socroi_xl.xlsx.externals.ExternalBook`). A linked sheet is read through
:class:`ExternalSheet`, which looks like a sheet of this workbook to the evaluator, so an
external range is an ordinary :class:`~.values.Range` (implicit intersection, SUM,
lookups...). A sheet the link part holds no values for (Excel wrote ``refreshError``) is
``#REF!`` with a warning, as Excel shows it.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def link_of(book: Any, key: str) -> Any:
    """The external link ``[key]`` (its number, or the linked file's name), or None."""
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


class ExternalSheet:
    """A sheet of a linked workbook, as the values Excel saved for it (the sheet interface
    the evaluator reads: ``name``, ``nrows``, ``ncols``, ``slice``, ``value``)."""

    def __init__(self, link: Any, index: int) -> None:
        self.link, self.index = link, index
        self.name = f"[{link.index}]{link.sheets[index]}"
        self.cells = {(r, c): v for (s, r, c), v in link.cells.items() if s == index}
        self.nrows = max((r for r, _ in self.cells), default=0)
        self.ncols = max((c for _, c in self.cells), default=0)
        self.extras: dict = {}
        self._columns: dict[int, np.ndarray | None] = {}

    def column(self, col: int) -> np.ndarray | None:
        if col not in self._columns:
            rows = [(r, v) for (r, c), v in self.cells.items() if c == col]
            if not rows:
                self._columns[col] = None
            else:
                arr = np.full(self.nrows + 1, None, dtype=object)
                for r, v in rows:
                    arr[r] = v
                self._columns[col] = arr
        return self._columns[col]

    def slice(self, col: int, r1: int, r2: int) -> np.ndarray | None:
        arr = self.column(col)
        return None if arr is None else arr[r1 : r2 + 1]

    def value(self, col: int, row: int) -> Any:
        return self.cells.get((row, col))

    def preload(self, cols: list[int]) -> None:
        return None


def external_sheet(book: Any, key: str, sheet: str | None, cache: dict) -> ExternalSheet | None:
    """The linked sheet ``[key]sheet`` holding saved values, or None."""
    link = link_of(book, key)
    if link is None or sheet is None:
        return None
    index = link.sheet_index(sheet)
    if index is None:
        return None
    ck = (id(link), index)
    if ck not in cache:
        ext = ExternalSheet(link, index)
        cache[ck] = ext if ext.cells else None  # nothing saved (refreshError): #REF!
    return cache[ck]


def external_name_text(book: Any, key: str, name: str) -> str | None:
    """What a defined name of a linked workbook refers to (``=Sheet1!$A$1:$A$10``), or
    None when the link or the name is not there."""
    link = link_of(book, key)
    if link is None:
        return None
    entry = link.names.get(name.upper())
    return None if entry is None else entry[0]
