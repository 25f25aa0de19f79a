"""Find the header row of an export and read the table under it, a block of rows at a time.

Exports put report titles, date ranges and comments above the header, and totals below
the data. :func:`open_text` recognises the encoding of a delimited-text export (UTF-8 with
or without byte-order mark, UTF-16 with BOM as Google Ads writes it, or Windows-1252),
finds the header line with a test the caller supplies, and streams the lines from the
header to the first blank line (or, for GA4, the first ``#`` line) to
:func:`pandas.read_csv`, which returns them :data:`CHUNK_ROWS` rows at a time.
:func:`open_sheet` does the same for the first sheet of an ``.xlsx`` export with
openpyxl's read-only (streaming) reader.

Nothing holds the whole file: memory stays bounded by one block of rows whatever the size
of the export. Every cell comes back as read (text from a CSV; numbers, dates or text from
a sheet), with the file line (or sheet row) of each data row so that errors can say where
they are.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import ExportError

#: How many lines (or rows) from the top are searched for the header.
HEADER_SCAN = 60
#: Largest export accepted (bytes); ad-platform exports are far smaller.
MAX_EXPORT_SIZE = 2 * 1024 * 1024 * 1024
#: Rows handed to a reader at a time.
CHUNK_ROWS = 50_000
#: Text read from the file at a time (characters).
READ_BLOCK = 1 << 20
_DELIMITERS = ("\t", ",", ";")
_LINE_BREAK = re.compile(r"\r\n|\n")

HeaderTest = Callable[[list[str]], bool]


@dataclass
class RawTable:
    """A block of rows of an export's table, before any mapping.

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

    def subset(self, keep: np.ndarray) -> RawTable:
        """The rows where ``keep`` is true."""
        return RawTable(self.path, self.data[keep].reset_index(drop=True), self.lines[keep],
                        self.preamble, self.header_line)


@dataclass
class Export:
    """An export whose header has been found: its column names, the lines above the
    header, and :meth:`chunks`, which reads the rows under it block by block."""

    path: str
    names: list[str]
    preamble: list[str]
    header_line: int
    _blocks: Callable[[list[int] | None], Iterator[tuple[pd.DataFrame, np.ndarray]]]

    def chunks(self, columns: list[str | None] | None = None) -> Iterator[RawTable]:
        """The table's rows, :data:`CHUNK_ROWS` at a time (may be called again to reread).

        ``columns``: the columns needed (names as in :attr:`names`; ``None`` entries
        ignored), all when not given; a spreadsheet reads only those, a text file all
        (its rows are checked whole).
        """
        usecols = None
        if columns is not None:
            wanted = {c for c in columns if c is not None}
            usecols = sorted({self.names.index(c) for c in wanted})
        for data, lines in self._blocks(usecols):
            yield RawTable(self.path, data, lines, self.preamble, self.header_line)


# -- text exports -----------------------------------------------------------------------


def _check_size(p: str) -> int:
    try:
        size = os.path.getsize(p)
    except OSError as exc:
        raise ExportError(p, f"cannot read file: {exc.strerror or exc}") from None
    if size > MAX_EXPORT_SIZE:
        raise ExportError(p, f"file too large ({size:,} bytes) for an export")
    return size


def _open(p: str):
    try:
        return open(p, "rb")
    except OSError as exc:
        raise ExportError(p, f"cannot read file: {exc.strerror or exc}") from None


def encoding_of(path: str | os.PathLike[str]) -> str:
    """The encoding of a text export, by its byte-order mark or content.

    UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, UTF-16 LE without BOM (recognised
    by its NUL bytes), then Windows-1252 for old single-byte exports. The file is checked
    block by block (never held whole); undecodable bytes raise :class:`ExportError` naming
    the line.
    """
    p = os.fspath(path)
    _check_size(p)
    with _open(p) as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif len(head) >= 4 and head[1:4:2] == b"\0\0" and head[0:4:2] != b"\0\0":
        candidates = ["utf-16-le"]
    else:
        candidates = ["utf-8", "cp1252"]
    failure: tuple[str, int] | None = None
    for encoding in candidates:
        failure = _decodes(p, encoding)
        if failure is None:
            return encoding
    reason, line = failure
    raise ExportError(p, f"not a text file in a known encoding ({reason})", line=line)


def _decodes(p: str, encoding: str) -> tuple[str, int] | None:
    """``None`` if the whole file decodes, else (reason, line of the first bad byte)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with _open(p) as fh:
        while True:
            block = fh.read(READ_BLOCK * 4)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                return exc.reason, lines + block[: max(exc.start, 0)].count(b"\n") + 1
            if not block:
                return None
            lines += block.count(b"\n")


def text_lines(path: str, encoding: str) -> Iterator[str]:
    """The lines of a text file (split at ``\\r\\n`` or ``\\n`` only), streamed."""
    with _open(path) as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as fh:
        rest = ""
        while True:
            block = fh.read(READ_BLOCK)
            if not block:
                break
            if block.endswith("\r"):  # keep a "\r\n" that straddles two blocks together
                block += fh.read(1)
            parts = _LINE_BREAK.split(rest + block)
            rest = parts.pop()
            yield from parts
        yield rest


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [f.strip().strip("\ufeff") for f in row]


#: The line that ends a table: blank (spaces only), or for GA4 also a ``#`` comment line.
_END = re.compile(r"^[^\S\n]*\n", re.MULTILINE)
_END_COMMENTS = re.compile(r"^(?:[^\S\n]*|#[^\n]*)\n", re.MULTILINE)


class _TableText(io.TextIOBase):
    """The table's text, header line first, as a file for :func:`pandas.read_csv`.

    Read from the file a block at a time; ends at the first blank line or, with
    ``comments``, the first line starting with ``#`` (lines split at ``\n``, a ``\r``
    before it belonging to the line break).
    """

    def __init__(self, path: str, encoding: str, header: int, comments: bool) -> None:
        self._raw = _open(path)
        self._fh = io.TextIOWrapper(self._raw, encoding=encoding, newline="")
        self._end = _END_COMMENTS if comments else _END
        self._ready = ""
        self._done = False
        self._carry = self._skip(header)
        self._header_passed = False

    def _skip(self, lines: int) -> str:
        """Read past the first ``lines`` lines; the text read beyond them."""
        text = ""
        while lines:
            block = self._fh.read(READ_BLOCK)
            if not block:
                return ""
            text = block
            at = -1
            while lines:
                at = text.find("\n", at + 1)
                if at < 0:
                    break
                lines -= 1
            if not lines:
                return text[at + 1:]
        return text

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._fh.close()
        super().close()

    def _fill(self) -> None:
        while not self._ready and not self._done:
            block = self._fh.read(READ_BLOCK)
            eof = not block
            text = self._carry + block
            if eof:
                if text and not text.endswith("\n"):
                    text += "\n"
                cut = len(text)
            else:
                cut = text.rfind("\n") + 1
            body, self._carry = text[:cut], text[cut:]
            start = 0
            if not self._header_passed and body:
                start = body.find("\n") + 1  # the header line itself never ends the table
                self._header_passed = True
            m = self._end.search(body, start)
            if m is not None:
                body = body[: m.start()]
                self._done = True
            elif eof:
                self._done = True
            self._ready = body

    def read(self, size: int | None = -1) -> str:
        self._fill()
        if size is None or size < 0 or size >= len(self._ready):
            out, self._ready = self._ready, ""
        else:
            out, self._ready = self._ready[:size], self._ready[size:]
        return out


def open_text(
    path: str | os.PathLike[str],
    is_header: HeaderTest,
    encoding: str,
    *,
    comments: bool = False,
) -> Export | None:
    """The table of a delimited-text export whose header passes ``is_header``.

    The table ends at the first blank line (or, with ``comments``, the first line
    starting with ``#``, as GA4 opens its next section). Returns ``None`` when no line
    among the first :data:`HEADER_SCAN` is a header.
    """
    p = os.fspath(path)
    head: list[str] = []
    for line in text_lines(p, encoding):
        head.append(line)
        if len(head) >= HEADER_SCAN:
            break
    for i, line in enumerate(head):
        for delimiter in _DELIMITERS:
            if delimiter not in line:
                continue
            names = _fields(line, delimiter)
            if len(names) > 1 and is_header(names):
                preamble = [ln.strip() for ln in head[:i]]
                return Export(
                    p, names, preamble, i + 1,
                    lambda cols, i=i, d=delimiter: _text_blocks(p, encoding, i, d, comments,
                                                                 cols),
                )
    return None


def _text_blocks(
    path: str, encoding: str, header: int, delimiter: str, comments: bool,
    usecols: list[int] | None,
) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
    # every column is parsed, ``usecols`` or not: with it pandas would silently drop the
    # extra fields of a malformed row instead of refusing it
    first = header + 2  # file line of the first data row
    with _TableText(path, encoding, header, comments) as text:
        try:
            reader = pd.read_csv(
                text,
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                chunksize=CHUNK_ROWS,
            )
            seen = 0
            for data in reader:
                data.columns = [str(c).strip().strip("\ufeff") for c in data.columns]
                yield data, np.arange(len(data)) + first + seen
                seen += len(data)
        except pd.errors.ParserError as exc:
            m = re.search(r"line (\d+)", str(exc))
            line = header + int(m.group(1)) if m else None
            raise ExportError(path, f"malformed row ({_short(exc)})", line=line) from None
        except pd.errors.EmptyDataError:
            return


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[-1].replace("C error: ", "")


# -- spreadsheet exports ------------------------------------------------------------------


def _cell_text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()


def open_sheet(path: str | os.PathLike[str], is_header: HeaderTest) -> Export | None:
    """The table on the first sheet of an ``.xlsx`` export (``None`` if no header)."""
    p = os.fspath(path)
    _check_size(p)
    head: list[tuple] = []
    with _sheet_rows(p) as rows:
        for row in rows:
            head.append(row)
            if len(head) >= HEADER_SCAN:
                break
    for i, row in enumerate(head):
        names = [_cell_text(v) for v in row]
        if is_header(names):
            keep = [j for j, n in enumerate(names) if n]
            unique = _unique([names[j] for j in keep])
            preamble = [_cell_text(r[0]) if r else "" for r in head[:i]]
            return Export(
                p, unique, preamble, i + 1,
                lambda cols, i=i, keep=keep, names=unique: _sheet_blocks(
                    p, i, [keep[j] for j in cols] if cols is not None else keep,
                    [names[j] for j in cols] if cols is not None else names,
                ),
            )
    return None


@contextlib.contextmanager
def _sheet_rows(path: str) -> Iterator[Iterator[tuple]]:
    """The rows of the first sheet (tuples of values), read by openpyxl in read-only mode."""
    from openpyxl import load_workbook

    from .package import WorkbookError, open_package

    try:
        open_package(path).close()
        wb = load_workbook(path, read_only=True, data_only=True)
    except WorkbookError as exc:
        raise ExportError(path, exc.reason) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ExportError(path, _sheet_failure(exc)) from None

    def rows() -> Iterator[tuple]:
        try:
            yield from wb.worksheets[0].iter_rows(values_only=True)
        except ExportError:
            raise
        except Exception as exc:
            raise ExportError(path, _sheet_failure(exc)) from None

    try:
        yield rows()
    finally:
        wb.close()


def _sheet_failure(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"cannot read the spreadsheet ({type(exc).__name__}: {text})"


def _unique(names: list[str]) -> list[str]:
    """Repeated column names made unique as pandas does for CSV (``Name``, ``Name.1``)."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = seen.get(n, 0)
        seen[n] = k + 1
        out.append(n if k == 0 else f"{n}.{k}")
    return out


def _sheet_blocks(
    path: str, header: int, keep: list[int], columns: list[str]
) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
    with _sheet_rows(path) as rows:
        for _ in range(header + 1):
            if next(rows, None) is None:
                return
        block: list[list] = []
        start = header + 2  # sheet row of the first data row
        for row in rows:
            cells = ["" if j >= len(row) or row[j] is None else row[j] for j in keep]
            if all(c == "" or (isinstance(c, str) and not c.strip()) for c in cells):
                break  # the first entirely empty row ends the table, as for text exports
            block.append(cells)
            if len(block) >= CHUNK_ROWS:
                yield _frame(block, columns), np.arange(len(block)) + start
                start += len(block)
                block = []
        if block:
            yield _frame(block, columns), np.arange(len(block)) + start


def _frame(block: list[list], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(block, columns=columns, dtype=object)


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
