"""Find the header row of an export and read the table under it with pandas.

Exports put report titles, date ranges and comments above the header, and totals below
the data. :func:`read_text` decodes the file (UTF-8 with or without byte-order mark,
UTF-16 with BOM as Google Ads writes it, or Windows-1252), finds the header line with a
test the caller supplies, and hands the block of lines from the header to the first blank
line to :func:`pandas.read_csv`. :func:`read_sheet` does the same for the
first sheet of an ``.xlsx`` export with :func:`pandas.read_excel`. (``#`` lines end the
table only for GA4, whose comments they are; elsewhere ``#`` may start a campaign name.)

Every cell comes back as read (text from a CSV; numbers, dates or text from a sheet),
with the file line (or sheet row) of each data row so that errors can say where they are.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import ExportError

#: How many lines (or rows) from the top are searched for the header.
HEADER_SCAN = 60
#: Largest export accepted (bytes); ad-platform exports are far smaller.
MAX_EXPORT_SIZE = 512 * 1024 * 1024
_DELIMITERS = ("\t", ",", ";")
_LINE_BREAK = re.compile(r"\r\n|\n")

HeaderTest = Callable[[list[str]], bool]


@dataclass
class RawTable:
    """The table of an export, before any mapping.

    Attributes
    ----------
    path : str
        The file it came from.
    data : pandas.DataFrame
        One column per header (header text stripped of spaces), cells as read.
    lines : numpy.ndarray
        File line (1-based) or sheet row of each data row.
    preamble : list of str
        The lines (or first cells of the rows) above the header.
    header_line : int
        1-based line (or row) of the header.
    """

    path: str
    data: pd.DataFrame
    lines: np.ndarray
    preamble: list[str] = field(default_factory=list)
    header_line: int = 1

    def column(self, name: str) -> pd.Series:
        """The column called ``name``."""
        return self.data[name]

    def error(self, row: int, column: str | None, reason: str) -> ExportError:
        """An :class:`ExportError` located at data row ``row`` (0-based position)."""
        return ExportError(self.path, reason, line=int(self.lines[row]), column=column)


def decode(path: str | os.PathLike[str]) -> str:
    """The text of an export file, decoded by its byte-order mark or content.

    UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, UTF-16 LE without BOM (recognised
    by its NUL bytes), then Windows-1252 as the last resort for old single-byte exports.
    """
    p = os.fspath(path)
    try:
        size = os.path.getsize(p)
        if size > MAX_EXPORT_SIZE:
            raise ExportError(p, f"file too large ({size} bytes) for an export")
        with open(p, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ExportError(p, f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif len(raw) >= 4 and raw[1:4:2] == b"\0\0" and raw[0:4:2] != b"\0\0":
        encodings = ["utf-16-le"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            last = exc
    line = raw[: last.start].count(b"\n") + 1
    raise ExportError(p, f"not a text file in a known encoding ({last.reason})", line=line)


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [f.strip().strip("\ufeff") for f in row]


def read_text(
    path: str | os.PathLike[str],
    is_header: HeaderTest,
    text: str | None = None,
    *,
    comments: bool = False,
) -> RawTable | None:
    """Read the table of a delimited-text export whose header passes ``is_header``.

    The table ends at the first blank line (or, with ``comments``, the first line
    starting with ``#``, as GA4 opens its next section). Returns ``None`` when no line
    among the first :data:`HEADER_SCAN` is a header.
    """
    p = os.fspath(path)
    if text is None:
        text = decode(p)
    lines = _LINE_BREAK.split(text)
    for i, line in enumerate(lines[:HEADER_SCAN]):
        for delimiter in _DELIMITERS:
            if delimiter not in line:
                continue
            names = _fields(line, delimiter)
            if len(names) > 1 and is_header(names):
                return _read_block(p, lines, i, delimiter, comments)
    return None


def _read_block(
    path: str, lines: list[str], header: int, delimiter: str, comments: bool
) -> RawTable:
    end = header + 1
    while end < len(lines) and lines[end].strip() and not (
        comments and lines[end].startswith("#")
    ):
        end += 1
    block = "\n".join(lines[header:end])
    try:
        data = pd.read_csv(
            io.StringIO(block),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = header + int(m.group(1)) if m else None
        raise ExportError(path, f"malformed row ({_short(exc)})", line=line) from None
    data.columns = [str(c).strip().strip("\ufeff") for c in data.columns]
    numbers = np.arange(len(data)) + header + 2
    preamble = [ln.strip() for ln in lines[:header]]
    return RawTable(path, data, numbers, preamble, header + 1)


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[-1].replace("C error: ", "")


def read_sheet(path: str | os.PathLike[str], is_header: HeaderTest) -> RawTable | None:
    """Read the table on the first sheet of an ``.xlsx`` export (``None`` if no header)."""
    from ..engine.safety import WorkbookError, open_package

    p = os.fspath(path)
    try:
        open_package(p).close()
        grid = pd.read_excel(p, sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except WorkbookError as exc:
        raise ExportError(p, exc.reason) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ExportError(p, f"cannot read the spreadsheet ({type(exc).__name__}: {exc})") from None
    for i in range(min(HEADER_SCAN, len(grid))):
        names = ["" if pd.isna(v) else str(v).strip() for v in grid.iloc[i].tolist()]
        if is_header(names):
            body = grid.iloc[i + 1 :]
            keep = [j for j, n in enumerate(names) if n]
            data = body.iloc[:, keep].copy()
            data.columns = [names[j] for j in keep]
            data = data.astype(object).where(data.notna(), "")
            # stop at the first entirely empty row, as for text exports
            blank = (data == "").all(axis=1).to_numpy()
            stop = int(np.argmax(blank)) if blank.any() else len(data)
            data = data.iloc[:stop].reset_index(drop=True)
            preamble = [
                "" if pd.isna(v) else str(v) for v in grid.iloc[:i, 0].tolist()
            ]
            return RawTable(p, data, np.arange(len(data)) + i + 2, preamble, i + 1)
    return None


def find(names: list[str], *candidates: str) -> str | None:
    """The first of ``candidates`` present in ``names`` (case- and space-insensitive)."""
    index = {_key(n): n for n in reversed(names)}
    for c in candidates:
        hit = index.get(_key(c))
        if hit is not None:
            return hit
    return None


def _key(name: str) -> str:
    return " ".join(str(name).replace("\u00a0", " ").split()).casefold()
