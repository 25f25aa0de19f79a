"""The template opens in Excel as written: functions newer than Excel 2007 carry the
``_xlfn.`` prefix in the file (ECMA-376 stores them so; without it Excel shows #NAME?)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

TEMPLATE = Path(__file__).resolve().parent.parent / "workbook_templates" / "social_media_roi.xlsx"
# Excel 2010+ worksheet functions that must be stored as _xlfn.NAME (a subset: the ones a
# template author is likely to type).
NEWER = ("IFNA", "IFS", "XLOOKUP", "XMATCH", "CONCAT", "TEXTJOIN", "SWITCH", "MAXIFS",
         "MINIFS", "FILTER", "UNIQUE", "SORT", "SEQUENCE", "LET", "DAYS", "ISOWEEKNUM")
BARE = re.compile(r"(?<![\w.])(" + "|".join(NEWER) + r")\(", re.IGNORECASE)


def test_newer_functions_are_stored_with_the_xlfn_prefix():
    book = openpyxl.load_workbook(TEMPLATE)
    bare = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = getattr(cell.value, "text", cell.value)
                if isinstance(text, str) and text.startswith("=") and BARE.search(text):
                    bare.append(f"{ws.title}!{cell.coordinate}: {text[:80]}")
    assert not bare, "write these as _xlfn.NAME(:\n" + "\n".join(bare)
    assert "_xlfn.IFNA(" in str([c.value for c in book["Pipeline"]["B"]])  # the test can see one
