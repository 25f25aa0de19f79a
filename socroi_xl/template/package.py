"""Deterministic .xlsx packaging: the same workbook gives the same zip members, always.

openpyxl stamps ``docProps/core.xml`` with the time of saving and every zip entry with
the current date. Here the document properties carry a fixed date and the zip entries a
fixed timestamp and a fixed order, so regenerating the template changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

from openpyxl.workbook import Workbook

from ..atomic import write_bytes

#: The date the template's document properties carry.
FIXED_TIME = dt.datetime(2026, 7, 1, 0, 0, 0)
_ZIP_TIME = (2026, 7, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes with fixed timestamps."""
    wb.properties.created = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"<dcterms:modified\1>" + stamp + rb"</dcterms:modified>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and
    ``os.replace``: a reader never sees half a file, and a failure leaves no debris."""
    return write_bytes(path, data)
