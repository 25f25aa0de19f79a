"""Read an xlsx package into columns: sheets, shared strings, defined names, tables, cells.

openpyxl builds one Python object per cell, far too slow for a 100,000-row sheet. This
module reads the worksheet XML as bytes with one regular expression per chunk of rows
(the C regex engine does the scanning) and turns each chunk into numpy arrays, so the
Python work per cell is a handful of C-level ``map`` calls. Small parts (workbook,
relationships, tables) are parsed with :mod:`defusedxml`.

A sheet's values are held column by column (:class:`Sheet.columns`): a float64 array
indexed by row number (NaN for blank) when the column holds only numbers, else an object
array of ``float``/``str``/``bool``/:class:`~socroi_xl.errors.XLError`/``None``.

A large sheet (over :data:`STREAM_MIN`) is decompressed in a thread while it is cut, and,
on Linux with a second core, a forked child (:class:`_Ahead`) decompresses it again and
reads the columns its formulas name, so that the two regex passes run side by side.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import pickle
import posixpath
import queue
import re
import signal
import sys
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from defusedxml import ElementTree as ET

from ..coerce import excel_serial
from ..errors import CODE_OF, XLError
from .refs import col_index, parse_range
from .safety import DEFAULT_LIMITS, WorkbookError, read_member, zip_errors

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

#: One ``<c>`` element: column, row, other attributes, ``<f`` + attributes, formula text,
#: cached ``<v>`` text, inline-string body. Files written by Excel, LibreOffice and
#: openpyxl always put ``r`` first; a sheet where that does not hold is read by
#: :func:`_cells_slow` instead.
CELL_RE = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*?)(?:/>|>'
    rb"(?:(<f\b[^>]*?)(?:/>|>([^<]*)</f>))?"
    rb"(?:<v(?:\s[^>/]*)?>([^<]*)</v>|<v\s*/>)?"
    rb"(?:<is>(.*?)</is>)?"
    rb"(?:<extLst>.*?</extLst>)?</c>)",
    re.S,
)
#: A formula cell, cut out of the sheet XML by ``re.split``: its opening tag (with column,
#: row and other attributes inside), the whole ``<f>`` element; its cached ``<v>`` is matched but not kept (the writer puts
#: the new value there).
FSPLIT_RE = re.compile(rb'(<c r="([A-Z]{1,3})([0-9]+)"([^>]*)>)(<f[ >/][^>]*>(?:[^<]*</f>)?)(?:<v(?:\s[^>/]*)?>[^<]*</v>|<v\s*/>)?')
#: Pieces per formula cell in ``FSPLIT_RE.split``: text before, tag, column, row, attributes, <f>.
STRIDE = 6
_F_PARTS = re.compile(rb"<f\b([^>]*?)(?:/>|>([^<]*)</f>)")
_DIM = re.compile(rb'<dimension ref="([A-Z]*)([0-9]*):?([A-Z]*)([0-9]*)"')
_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')


def _column_re(letters: str) -> re.Pattern[bytes]:
    """Cells of one column: row, attributes (ending in ``/`` when empty), cached ``<v>``."""
    return re.compile(
        rb'<c r="' + letters.encode() + rb'([0-9]+)"([^>]*)>(?:<f[^>]*>(?:[^<]*</f>)?)?(?:<v(?:\s[^>/]*)?>([^<]*)</v>)?'
    )


_INLINE_RE = re.compile(rb"<is>(.*?)</is>", re.S)


_T_ATTR = re.compile(rb'\bt="(\w+)"')
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_SI = re.compile(rb"<si>(.*?)</si>|<si/>", re.S)
_T_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>|<t/>")
_RPH = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_ESC = re.compile(r"_x([0-9A-Fa-f]{4})_")
CHUNK = 8 << 20

# cell types
T_N, T_S, T_B, T_E, T_STR, T_INLINE, T_D = range(7)
_TYPE_CODES = {b"n": T_N, b"s": T_S, b"b": T_B, b"e": T_E, b"str": T_STR, b"inlineStr": T_INLINE, b"d": T_D}


def unescape(raw: bytes) -> str:
    """Decode XML text (entities and OOXML ``_xHHHH_`` escapes)."""
    text = raw.decode("utf-8")
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _ESC.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


class _TypeCache(dict):
    """Attribute bytes -> cell type code, computed once per distinct attribute string."""

    def __missing__(self, attrs: bytes) -> int:
        m = _T_ATTR.search(attrs)
        code = _TYPE_CODES.get(m.group(1), T_N) if m else T_N
        self[attrs] = code
        return code


class _ColCache(dict):
    def __missing__(self, letters: bytes) -> int:
        self[letters] = value = col_index(letters.decode())
        return value


@dataclass
class Table:
    """An Excel table (ListObject): where it is and its column names."""

    name: str
    sheet: str
    r1: int
    c1: int
    r2: int
    c2: int
    header_rows: int
    totals_rows: int
    columns: list[str]

    def column(self, name: str) -> int | None:
        """Sheet column number of the table column ``name`` (case-insensitive)."""
        low = name.strip().lower()
        for i, col in enumerate(self.columns):
            if col.lower() == low:
                return self.c1 + i
        return None


@dataclass
class FormulaCells:
    """The formula cells of a sheet, in document order."""

    rows: np.ndarray
    cols: np.ndarray
    attrs: list[bytes]  # attributes of <f ...> (without "<f")
    texts: list[str | None]  # formula text, None when empty (shared-formula child)


class LazyColumns(dict):
    """Column number -> dense value array, read from the sheet XML the first time it is asked for.

    A formula workbook usually reads a few of its columns; only those are parsed.
    """

    def __init__(self, loader: Callable[[int], np.ndarray | None] | None = None) -> None:
        super().__init__()
        self.loader = loader

    def __missing__(self, col: int) -> np.ndarray | None:
        arr = self.loader(col) if self.loader is not None else None
        self[col] = arr
        return arr

    def get(self, col: int, default: Any = None) -> Any:  # type: ignore[override]
        arr = self[col]
        return default if arr is None else arr

    def loaded(self) -> list[tuple[int, np.ndarray]]:
        return [(c, a) for c, a in dict.items(self) if a is not None]


@dataclass
class Sheet:
    """One worksheet: its part name, dense value columns and formula cells."""

    name: str
    index: int
    part: str
    nrows: int = 0
    ncols: int = 0
    columns: LazyColumns = field(default_factory=LazyColumns)
    formulas: FormulaCells | None = None
    #: Formula results for columns not read yet: col -> (values, rows written mask).
    results: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    #: The worksheet XML cut around formula cells (see :data:`FSPLIT_RE`), kept for the writer.
    pieces: list[bytes] | None = None
    preloader: Callable[[list[int]], dict[int, np.ndarray | None]] | None = None
    #: Non-numeric cells of mostly numeric columns (a header, a note): col -> (sorted rows,
    #: values). The column itself stays float64, so arithmetic on it stays vectorised.
    extras: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def slice(self, col: int, r1: int, r2: int) -> np.ndarray | None:
        """Rows ``r1..r2`` of a column (clipped to the stored rows), extras laid over."""
        arr = self.columns.get(col)
        if arr is None:
            return None
        part = arr[r1 : r2 + 1]
        ex = self.extras.get(col)
        if ex is not None and part.dtype == np.float64 and len(part):
            rows, objs = ex
            lo = int(np.searchsorted(rows, r1))
            hi = int(np.searchsorted(rows, r1 + len(part) - 1, "right"))
            if hi > lo:
                obj = part.astype(object)
                obj[np.isnan(part)] = None
                obj[rows[lo:hi] - r1] = objs[lo:hi]
                return obj
        return part

    def value(self, col: int, row: int) -> Any:
        """One cell's value (None for blank)."""
        arr = self.columns.get(col)
        if arr is None or row >= len(arr) or row < 0:
            return None
        ex = self.extras.get(col)
        if ex is not None:
            i = int(np.searchsorted(ex[0], row))
            if i < len(ex[0]) and ex[0][i] == row:
                return ex[1][i]
        v = arr[row]
        if isinstance(v, np.floating):
            v = float(v)
        return None if isinstance(v, float) and v != v else v

    def drop_extras(self, col: int, r1: int, r2: int) -> None:
        """Forget extras in rows ``r1..r2`` (formula results replace them)."""
        ex = self.extras.get(col)
        if ex is None:
            return
        keep = (ex[0] < r1) | (ex[0] > r2)
        if keep.all():
            return
        if keep.any():
            self.extras[col] = (ex[0][keep], ex[1][keep])
        else:
            del self.extras[col]

    def ensure_rows(self, nrows: int) -> None:
        """Grow every column to hold rows up to ``nrows``."""
        if nrows <= self.nrows:
            return
        for c, arr in self.columns.loaded():
            self.columns[c] = _grow(arr, nrows + 1)
        self.nrows = nrows

    def put(self, col: int, row: int, values: Any) -> None:
        """Store formula results for rows ``row..`` of ``col`` (a float64/object array or a list)."""
        if not isinstance(values, np.ndarray):
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            values = arr
        n = len(values)
        if dict.get(self.columns, col) is None and self.pieces is not None:
            res = self.results.get(col)
            if res is None:
                res = (np.full(self.nrows + 1, np.nan), np.zeros(self.nrows + 1, bool))
            store, mask = res
            if len(store) < row + n:
                store, mask = _grow(store, row + n), np.concatenate([mask, np.zeros(row + n - len(mask), bool)])
            if store.dtype == np.float64 and values.dtype != np.float64:
                obj = store.astype(object)
                obj[np.isnan(store)] = None
                store = obj
            store[row : row + n] = values
            mask[row : row + n] = True
            self.results[col] = (store, mask)
            return
        target = self.columns.get(col)
        if target is not None and target.dtype == np.float64 and values.dtype == np.float64:
            self.drop_extras(col, row, row + n - 1)
            target[row : row + n] = values
            return
        self.object_column(col)[row : row + n] = values

    def preload(self, cols: list[int]) -> None:
        """Read the columns not read yet in one pass (a formula usually reads several)."""
        todo = [c for c in sorted(set(cols)) if c not in self.columns]
        if len(todo) > 1 and self.preloader is not None:
            for c, arr in self.preloader(todo).items():
                dict.__setitem__(self.columns, c, arr)

    def peek(self, col: int) -> np.ndarray | None:
        """Column values for the writer: loaded column, else computed results, else read."""
        if dict.get(self.columns, col) is None and col in self.results:
            return self.results[col][0]
        return self.columns.get(col)

    def object_column(self, col: int) -> np.ndarray:
        """Column ``col`` as an object array (created blank, or converted once)."""
        arr = self.columns.get(col)
        if arr is None:
            arr = np.full(self.nrows + 1, None, dtype=object)
        elif arr.dtype != object:
            obj = arr.astype(object)
            obj[np.isnan(arr)] = None
            ex = self.extras.pop(col, None)
            if ex is not None:
                obj[ex[0]] = ex[1]
            arr = obj
        self.columns[col] = arr
        return arr


def _grow(arr: np.ndarray, size: int) -> np.ndarray:
    out = np.full(size, np.nan) if arr.dtype != object else np.full(size, None, dtype=object)
    out[: len(arr)] = arr
    return out


@dataclass
class Book:
    """Everything the evaluator needs from a package."""

    sheets: list[Sheet]
    names: dict[tuple[int | None, str], str]  # (local sheet index or None, NAME) -> text
    name_order: list[str]
    tables: dict[str, Table]
    workbook_part: str

    def sheet(self, name: str) -> Sheet | None:
        low = name.lower()
        for s in self.sheets:
            if s.name.lower() == low:
                return s
        return None


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, absolute part name) for ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    root = ET.fromstring(read_member(zf, rels_name))
    out = {}
    for rel in root.iter(f"{NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], full)
    return out


def workbook_part(zf: zipfile.ZipFile) -> str:
    """Name of the workbook part (from the package relationships)."""
    for _rid, (kind, target) in _rels(zf, "").items():
        if kind == "officeDocument":
            return target
    return "xl/workbook.xml"


def read_shared_strings(data: bytes) -> np.ndarray:
    """The shared-string table as an object array of ``str``."""
    out = []
    for m in _SI.finditer(data):
        body = m.group(1)
        if body is None:
            out.append("")
            continue
        if body.startswith(b"<t") and body.count(b"<t") == 1:
            t = _T_TEXT.match(body)
            out.append(unescape(t.group(1) or b"") if t else "")
            continue
        body = _RPH.sub(b"", body)
        out.append("".join(unescape(t.group(1) or b"") for t in _T_TEXT.finditer(body)))
    arr = np.empty(len(out), dtype=object)
    arr[:] = out
    return arr


def read_book(zf: zipfile.ZipFile, *, cells: bool = True) -> Book:
    """Read the workbook structure and (with ``cells``) every sheet's cells."""
    wb_part = workbook_part(zf)
    rels = _rels(zf, wb_part)
    root = ET.fromstring(read_member(zf, wb_part))
    sheets = []
    for i, el in enumerate(root.iter(f"{NS_MAIN}sheet")):
        rid = el.get(f"{NS_REL}id", "")
        kind, target = rels.get(rid, ("", ""))
        sheets.append(Sheet(name=el.get("name", f"Sheet{i + 1}"), index=i, part=target if kind == "worksheet" else ""))
    names: dict[tuple[int | None, str], str] = {}
    order: list[str] = []
    for el in root.iter(f"{NS_MAIN}definedName"):
        local = el.get("localSheetId")
        key = (int(local) if local is not None else None, (el.get("name") or "").upper())
        names[key] = el.text or ""
        if local is None:
            order.append(el.get("name") or "")
    sst = np.empty(0, dtype=object)
    for _rid, (kind, target) in rels.items():
        if kind == "sharedStrings" and target in zf.NameToInfo:
            sst = read_shared_strings(read_member(zf, target))
    tables: dict[str, Table] = {}
    for sheet in sheets:
        if not sheet.part or sheet.part not in zf.NameToInfo:
            continue
        for _rid, (kind, target) in _rels(zf, sheet.part).items():
            if kind == "table" and target in zf.NameToInfo:
                table = _read_table(read_member(zf, target), sheet.name)
                tables[table.name.upper()] = table
        if cells:
            info = zf.getinfo(sheet.part)
            if info.file_size > STREAM_MIN and info.file_size <= DEFAULT_LIMITS.max_member_size:
                data, parts, ahead = _read_and_split(zf, info, sst)
                read_cells(sheet, data, sst, parts, ahead)
            else:
                read_cells(sheet, read_member(zf, sheet.part), sst)
    return Book(sheets, names, order, tables, wb_part)


#: Sheets larger than this (uncompressed) are decompressed in a thread while the part
#: already decompressed is being cut (zlib releases the GIL; the regex does not).
STREAM_MIN = 8 << 20
#: Size of the decompressed pieces handed from the decompressing thread.
STREAM_CHUNK = 4 << 20
#: Size of the blocks cut at a time: the decompressing thread needs the GIL between its
#: zlib calls, and gets it only when a cut returns.
SPLIT_BLOCK = 1 << 20


def _read_and_split(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sst: np.ndarray) -> tuple[bytes, list[bytes], _Ahead | None]:
    """The sheet XML and its :data:`FSPLIT_RE` pieces, decompression overlapped with cutting;
    and, when a second core is free, the sheet's input columns being read by a child process."""
    path = zf.filename or "<workbook>"
    ahead = _Ahead.start(zf, info, sst)
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    failure: list[BaseException] = []
    cap = min(info.file_size, DEFAULT_LIMITS.max_member_size)

    def work() -> None:
        got = 0
        try:
            with zip_errors(path, info.filename), zf.open(info) as fh:
                while chunk := fh.read(STREAM_CHUNK):
                    got += len(chunk)
                    if got > cap:
                        raise WorkbookError(path, f"part {info.filename!r} is larger than its declared size")
                    q.put(chunk)
        except BaseException as exc:  # noqa: BLE001 - re-raised by the reading thread
            failure.append(exc)
        finally:
            q.put(None)

    thread = threading.Thread(target=work, name="socroi-inflate", daemon=True)
    thread.start()
    chunks: list[bytes] = []
    pieces: list[bytes] = [b""]
    buf = b""
    try:
        while (chunk := q.get()) is not None:
            chunks.append(chunk)
            buf += chunk
            start = 0
            while True:  # cut in blocks, so the decompressing thread gets the GIL back often
                cut = buf.rfind(b"</row>", start, start + SPLIT_BLOCK) if len(buf) - start > SPLIT_BLOCK else -1
                if cut < 0:
                    cut = buf.rfind(b"</row>", start)
                if cut < 0:
                    break
                cut += 6
                _extend(pieces, FSPLIT_RE.split(buf[start:cut]))
                start = cut
            buf = buf[start:]
    finally:
        thread.join()
    if failure:
        raise failure[0]
    if buf:
        _extend(pieces, FSPLIT_RE.split(buf))
    return b"".join(chunks), pieces, ahead


#: Read the input columns of a large sheet in a forked child process (Linux, two or more
#: cores) while this one cuts the sheet: the regular expressions hold the GIL, so a thread
#: would not run them side by side.
FORK_AHEAD = True
#: Seconds the parent waits for the child's columns before ending it and reading them
#: itself: a child stuck after fork (a lock another thread held at that moment) costs time,
#: never the result.
AHEAD_WAIT = 120.0
#: Column letters of references in a formula text (``E2``, ``$E$2:$F9``, ``E:F``); other
#: sheets' references are skipped. A guess is enough: a column the child did not read is
#: read here, and one it read needlessly is not used.
_REF_COLS = re.compile(
    r"(?<![A-Za-z0-9_.!\]])\$?([A-Z]{1,3})\$?[0-9]+(?::\$?([A-Z]{1,3})\$?[0-9]+)?(?![A-Za-z0-9_(])"
    r"|(?<![A-Za-z0-9_.!\]])\$?([A-Z]{1,3}):\$?([A-Z]{1,3})(?![A-Za-z0-9_(])"
)


def _second_core() -> bool:
    if not FORK_AHEAD or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def _columns_ahead(data: bytes, sst: np.ndarray) -> dict[int, tuple[np.ndarray | None, Any]]:
    """In the child: the columns the formula texts refer to, read as :func:`load_columns`
    reads them (sized to their last cell; the parent pads them to the sheet's rows)."""
    texts: set[bytes] = set()
    end = data.find(b"</f>")
    while end >= 0 and len(texts) < 4096:  # shared-formula copies have no text
        texts.add(data[data.rfind(b">", 0, end) + 1 : end])
        end = data.find(b"</f>", end + 4)
    cols: set[int] = set()
    for raw in texts:
        for m in _REF_COLS.finditer(unescape(raw)):
            a, b = (m.group(1), m.group(2) or m.group(1)) if m.group(1) else (m.group(3), m.group(4))
            c1, c2 = sorted((col_index(a), col_index(b)))
            if c2 - c1 < 64:
                cols.update(range(c1, c2 + 1))
        if len(cols) > 64:
            return {}
    if not cols:
        return {}
    probe = Sheet("", 0, "")
    arrays = load_columns(probe, data, sst, sorted(cols))
    return {c: (arr, probe.extras.get(c)) for c, arr in arrays.items()}


class _Ahead:
    """Input columns read by a forked child; its answer comes back through a pipe, read by
    a thread (so the child never waits on a full pipe) that also reaps the child."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.columns: dict[int, tuple[np.ndarray | None, Any]] = {}
        self._thread = threading.Thread(target=self._collect, args=(fd,), name="socroi-ahead", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, zf: zipfile.ZipFile, info: zipfile.ZipInfo, sst: np.ndarray) -> _Ahead | None:
        """Fork a child that decompresses the sheet on its own (through a new descriptor of
        the same open file, so the parent's file position is untouched; the part's CRC is
        checked against the parent's entry) and reads its input columns."""
        if not _second_core():
            return None
        try:
            source = f"/proc/self/fd/{zf.fp.fileno()}"  # type: ignore[union-attr]
            r, w = os.pipe()
        except (AttributeError, OSError, ValueError):
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # the child: never returns into the caller
            code = 1
            try:
                os.close(r)
                cap = min(info.file_size, DEFAULT_LIMITS.max_member_size)
                with open(source, "rb") as fh, zipfile.ZipFile(fh) as own, own.open(info) as member:
                    data = member.read(cap + 1)
                if len(data) != info.file_size:
                    raise ValueError("size differs from the parent's entry")
                payload = pickle.dumps(_columns_ahead(data, sst), protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(payload)
                while view:
                    view = view[os.write(w, view) :]
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        return cls(pid, r)

    def _collect(self, fd: int) -> None:
        parts = []
        try:
            while chunk := os.read(fd, 1 << 20):
                parts.append(chunk)
        except OSError:
            parts = []
        finally:
            os.close(fd)
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                status = 1
        if status == 0 and parts:
            try:
                self.columns = pickle.loads(b"".join(parts))
            except Exception:  # noqa: BLE001 - no answer: the columns are read here instead
                self.columns = {}

    def take(self, col: int) -> tuple[np.ndarray | None, Any] | None:
        """The child's reading of ``col`` (once), or None when it did not read it (or did
        not answer within :data:`AHEAD_WAIT` seconds: then it is ended)."""
        self._thread.join(AHEAD_WAIT)
        if self._thread.is_alive():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self._thread.join()  # the pipe closes with the child: no answer, columns read here
        return self.columns.pop(col, None)


def _extend(pieces: list[bytes], more: list[bytes]) -> None:
    """Append the pieces of the next part: its leading text continues the last text piece."""
    pieces[-1] += more[0]
    pieces.extend(more[1:])


def _read_table(data: bytes, sheet: str) -> Table:
    root = ET.fromstring(data)
    r1, c1, r2, c2 = parse_range(root.get("ref", "A1"))
    cols = [unescape((tc.get("name") or "").encode()) for tc in root.iter(f"{NS_MAIN}tableColumn")]
    return Table(
        name=root.get("displayName") or root.get("name") or "",
        sheet=sheet,
        r1=r1,
        c1=c1,
        r2=r2,
        c2=c2,
        header_rows=int(root.get("headerRowCount", "1")),
        totals_rows=int(root.get("totalsRowCount", "0")),
        columns=cols,
    )


def _chunks(data: bytes) -> list[tuple[int, int]]:
    """Split the sheet XML into spans of whole rows, about :data:`CHUNK` bytes each."""
    start = data.find(b"<sheetData")
    if start < 0:
        return []
    end = data.find(b"</sheetData>", start)
    end = len(data) if end < 0 else end
    spans = []
    pos = start
    while pos < end:
        cut = min(pos + CHUNK, end)
        if cut < end:
            nxt = data.find(b"</row>", cut)
            cut = end if nxt < 0 or nxt > end else nxt + 6
        spans.append((pos, cut))
        pos = cut
    return spans


def _scalar_value(kind: int, v: bytes | None, inline: bytes | None, sst: np.ndarray) -> object:
    """The value of one non-numeric cell."""
    if kind == T_S:
        try:
            return sst[int(v)] if v else None
        except (ValueError, IndexError):
            return XLError("#REF!")
    if kind == T_STR:
        return unescape(v or b"")
    if kind == T_INLINE:
        if inline is None:
            return unescape(v) if v else None
        return "".join(unescape(t.group(1) or b"") for t in _T_TEXT.finditer(_RPH.sub(b"", inline)))
    if kind == T_B:
        return v is not None and v.strip() in (b"1", b"true")
    if kind == T_E:
        text = (v or b"").decode()
        return XLError(text) if text in CODE_OF else XLError("#VALUE!")
    if kind == T_D:
        try:
            return excel_serial(dt.datetime.fromisoformat((v or b"").decode()))
        except ValueError:
            return XLError("#VALUE!")
    if not v:
        return None
    try:
        return float(v)
    except ValueError:
        return XLError("#VALUE!")


def read_cells_eager(sheet: Sheet, data: bytes, sst: np.ndarray) -> None:
    """Read every cell at once (for sheets whose cells do not start with ``r=``)."""
    colcache = _ColCache()
    tcache = _TypeCache()
    all_rows, all_cols, num_vals = [], [], []
    obj_idx, obj_vals = [], []
    f_rows, f_cols, f_attrs, f_texts = [], [], [], []
    offset = 0
    expected = 0
    for a, b in _chunks(data):
        part = data[a:b]
        expected += part.count(b"<c ") + part.count(b"<c>")
        found = CELL_RE.findall(part)
        if not found:
            continue
        n = len(found)
        cols_b, rows_b, attrs, fs, ftexts, vs, inls = zip(*found, strict=True)
        cols = np.fromiter(map(colcache.__getitem__, cols_b), np.int32, n)
        rows = np.array(rows_b).astype(np.int64)
        kinds = np.fromiter(map(tcache.__getitem__, attrs), np.int8, n)
        has_v = np.fromiter(map(bool, vs), bool, n)
        numeric = (kinds == T_N) & has_v
        vals = np.full(n, np.nan)
        idx = np.flatnonzero(numeric)
        if len(idx):
            sel = [vs[i] for i in idx]
            try:
                vals[idx] = np.array(sel).astype(np.float64)
            except ValueError:
                vals[idx] = [_scalar_value(T_N, v, None, sst) for v in sel]  # rare: odd numbers
        other = np.flatnonzero((kinds != T_N) & (has_v | (kinds == T_INLINE)))
        strings = other[kinds[other] == T_S]
        if len(strings):
            try:
                sidx = np.array([vs[i] for i in strings]).astype(np.int64)
                obj_idx.append(strings + offset)
                obj_vals.append(sst[sidx])
            except (ValueError, IndexError):
                obj_idx.append(strings + offset)
                obj_vals.append(np.array([_scalar_value(T_S, vs[i], None, sst) for i in strings] + [None], dtype=object)[:-1])
        rest = other[kinds[other] != T_S]
        if len(rest):
            out = np.empty(len(rest), dtype=object)
            out[:] = [_scalar_value(int(kinds[i]), vs[i], inls[i] or None, sst) for i in rest]
            obj_idx.append(rest + offset)
            obj_vals.append(out)
        fidx = np.flatnonzero(np.fromiter(map(bool, fs), bool, n))
        if len(fidx):
            f_rows.append(rows[fidx])
            f_cols.append(cols[fidx])
            f_attrs.extend(fs[i][2:] for i in fidx)
            f_texts.extend(unescape(ftexts[i]) if ftexts[i] else None for i in fidx)
        all_rows.append(rows)
        all_cols.append(cols)
        num_vals.append(vals)
        offset += n
        del found, cols_b, rows_b, attrs, fs, ftexts, vs, inls
    if offset != expected:
        raise ValueError(f"sheet {sheet.name!r}: {expected - offset} cells in an unexpected XML layout")
    if not all_rows:
        sheet.formulas = FormulaCells(np.zeros(0, np.int64), np.zeros(0, np.int32), [], [])
        return
    rows = np.concatenate(all_rows)
    cols = np.concatenate(all_cols)
    vals = np.concatenate(num_vals)
    sheet.nrows = int(rows.max())
    sheet.ncols = int(cols.max())
    is_obj = np.zeros(len(rows), bool)
    objects = None
    if obj_idx:
        oi = np.concatenate(obj_idx)
        objects = np.empty(len(rows), dtype=object)
        objects[oi] = np.concatenate(obj_vals)
        is_obj[oi] = True
    for c in np.unique(cols):
        mask = cols == c
        rc = rows[mask]
        if objects is not None and is_obj[mask].any():
            arr = np.full(sheet.nrows + 1, None, dtype=object)
            fv = vals[mask]
            ok = ~np.isnan(fv)
            arr[rc[ok]] = fv[ok]
            om = is_obj[mask]
            arr[rc[om]] = objects[mask][om]
        else:
            arr = np.full(sheet.nrows + 1, np.nan)
            arr[rc] = vals[mask]
        sheet.columns[int(c)] = arr
    sheet.pieces = None
    if f_rows:
        sheet.formulas = FormulaCells(np.concatenate(f_rows), np.concatenate(f_cols), f_attrs, f_texts)
    else:
        sheet.formulas = FormulaCells(np.zeros(0, np.int64), np.zeros(0, np.int32), [], [])


def formula_attrs(attrs: bytes) -> dict[str, str]:
    """The attributes of an ``<f>`` element as a dict."""
    return {k.decode(): v.decode() for k, v in _ATTR.findall(attrs)}


def read_cells(sheet: Sheet, data: bytes, sst: np.ndarray, parts: list[bytes] | None = None, ahead: _Ahead | None = None) -> None:
    """Find the formula cells of a sheet; columns are read when first used.

    Sheets whose cells do not all start with ``<c r="`` (no known writer does that) are
    read cell by cell instead.
    """
    if b"<sheetData" not in data and b":sheetData" in data:
        raise ValueError("worksheet XML written with namespace prefixes is not supported")
    head = data[: 1 << 16]
    if head.count(b"<c ") + head.count(b"<c>") != head.count(b'<c r="'):
        read_cells_eager(sheet, data, sst)
        return
    m = _LAST_ROW.match(data, max(0, data.rfind(b'<row r="')))
    nrows = int(m.group(1)) if m else 0
    ncols = 0
    dim = _DIM.search(data, 0, 4096)
    if dim and dim.group(3):
        ncols = col_index(dim.group(3).decode())
        if dim.group(4):
            nrows = max(nrows, int(dim.group(4)))
    if parts is None:
        parts = FSPLIT_RE.split(data)
    k = len(parts) // STRIDE
    cols_b, rows_b, fparts = parts[2::STRIDE], parts[3::STRIDE], parts[5::STRIDE]
    colcache = _ColCache()
    cols = np.fromiter(map(colcache.__getitem__, cols_b), np.int32, k)
    rows = np.array(rows_b).astype(np.int64) if k else np.zeros(0, np.int64)
    fcache: dict[bytes, tuple[bytes, str | None]] = {}
    f_attrs: list[bytes] = []
    f_texts: list[str | None] = []
    for fp in fparts:
        hit = fcache.get(fp)
        if hit is None:
            fm = _F_PARTS.match(fp)
            hit = (fm.group(1), unescape(fm.group(2)) if fm.group(2) else None) if fm else (b"", None)
            if len(fcache) < 100_000:
                fcache[fp] = hit
        f_attrs.append(hit[0])
        f_texts.append(hit[1])
    if k:
        nrows = max(nrows, int(rows.max()))
        ncols = max(ncols, int(cols.max()))
    sheet.nrows, sheet.ncols = nrows, ncols
    sheet.formulas = FormulaCells(rows, cols, f_attrs, f_texts)
    sheet.pieces = parts
    sheet.columns = LazyColumns(lambda col: load_columns(sheet, data, sst, [col], ahead)[col])
    sheet.preloader = lambda cols: load_columns(sheet, data, sst, cols, ahead)
    if not ncols:
        sheet.ncols = _max_col(data)


def _max_col(data: bytes) -> int:
    letters = set(re.findall(rb'<c r="([A-Z]{1,3})[0-9]', data))
    return max((col_index(x.decode()) for x in letters), default=0)


def load_columns(sheet: Sheet, data: bytes, sst: np.ndarray, cols: list[int], ahead: _Ahead | None = None) -> dict[int, np.ndarray | None]:
    """Read several columns in one pass over the sheet XML (results laid over); columns
    already read by the child process ``ahead`` are taken from it."""
    out: dict[int, np.ndarray | None] = {c: None for c in cols}
    if ahead is not None:
        rest = []
        for c in cols:
            hit = ahead.take(c)
            if hit is None:
                rest.append(c)
                continue
            arr, extras = hit
            if arr is not None and len(arr) <= sheet.nrows:
                arr = _grow(arr, sheet.nrows + 1)
            if extras is not None:
                sheet.extras[c] = extras
            out[c] = arr
        cols = rest
    if cols:
        _read_columns(sheet, data, sst, cols, out)
    return {c: _overlay(sheet, c, arr) for c, arr in out.items()}


def _read_columns(sheet: Sheet, data: bytes, sst: np.ndarray, cols: list[int], out: dict[int, np.ndarray | None]) -> None:
    """Read ``cols`` in one pass over the sheet XML into ``out``."""
    from .refs import col_letters

    letters = {col_letters(c).encode(): c for c in cols}
    pattern = re.compile(
        rb'<c r="(' + b"|".join(letters) + rb')([0-9]+)"([^>]*)>(?:<f[^>]*>(?:[^<]*</f>)?)?(?:<v(?:\s[^>/]*)?>([^<]*)</v>)?'
    )
    found = pattern.findall(data)
    if found:
        n = len(found)
        let_b, rows_b, attrs, vs = zip(*found, strict=True)
        del found
        code = np.fromiter(map(letters.__getitem__, let_b), np.int64, n) if len(letters) > 1 else None
        rows = np.array(rows_b).astype(np.int64)
        tcache = _TypeCache()
        kinds = np.fromiter(map(tcache.__getitem__, attrs), np.int8, n)
        vobj = np.empty(n, dtype=object)
        vobj[:] = vs
        for c in cols:
            idx = np.flatnonzero(code == c) if code is not None else None
            out[c] = _column_array(sheet, data, sst, c, rows, kinds, vobj, idx)


def _column_array(
    sheet: Sheet, data: bytes, sst: np.ndarray, col: int, rows: np.ndarray, kinds: np.ndarray, vs: np.ndarray, idx: np.ndarray | None
) -> np.ndarray | None:
    """Dense array of one column from the cells found (``idx`` selects this column's cells)."""
    if idx is not None:
        rows, kinds, vs = rows[idx], kinds[idx], vs[idx]
    if not len(rows):
        return None
    size = max(sheet.nrows, int(rows.max())) + 1
    has_v = vs.astype(bool)
    numeric = np.flatnonzero((kinds == T_N) & has_v)
    other = np.flatnonzero((kinds != T_N) & (has_v | (kinds == T_INLINE)))
    vals: np.ndarray = np.zeros(0)
    if len(numeric):
        sel = vs[numeric]
        try:
            vals = sel.astype(np.bytes_).astype(np.float64)
        except ValueError:
            vals = np.array([_scalar_value(T_N, v, None, sst) for v in sel.tolist()] + [None], dtype=object)[:-1]
    if not len(other) and vals.dtype == np.float64:
        arr = np.full(size, np.nan)
        arr[rows[numeric]] = vals
        return arr
    ovals = np.empty(len(other), dtype=object)
    strings = np.flatnonzero(kinds[other] == T_S)
    if len(strings):
        try:
            ovals[strings] = sst[vs[other[strings]].astype(np.bytes_).astype(np.int64)]
        except (ValueError, IndexError):
            for j in strings:
                ovals[j] = _scalar_value(T_S, vs[other[j]], None, sst)
    from .refs import col_letters

    for j in np.flatnonzero(kinds[other] != T_S):
        i = other[j]
        inline = None
        if kinds[i] == T_INLINE:
            start = data.find(b'<c r="' + col_letters(col).encode() + str(int(rows[i])).encode() + b'"')
            m = _INLINE_RE.search(data, start, data.find(b"</c>", start) + 4)
            inline = m.group(1) if m else b""
        ovals[j] = _scalar_value(int(kinds[i]), vs[i], inline, sst)
    if vals.dtype == np.float64 and len(other) <= max(16, len(numeric) // 20):
        arr = np.full(size, np.nan)
        arr[rows[numeric]] = vals
        orows = rows[other]
        order = np.argsort(orows, kind="stable")
        sheet.extras[col] = (orows[order], ovals[order])
        return arr
    arr = np.full(size, None, dtype=object)
    if len(numeric):
        arr[rows[numeric]] = vals
    arr[rows[other]] = ovals
    return arr


def _overlay(sheet: Sheet, col: int, arr: np.ndarray | None) -> np.ndarray | None:
    """A freshly read column with the formula results already computed for it laid over."""
    res = sheet.results.pop(col, None)
    if res is None:
        return arr
    values, mask = res
    ex = sheet.extras.get(col)
    if ex is not None:  # cached values of formula cells are replaced by the results
        inside = ex[0] < len(mask)
        hit = np.zeros(len(ex[0]), bool)
        hit[inside] = mask[ex[0][inside]]
        if hit.any():
            if hit.all():
                del sheet.extras[col]
            else:
                sheet.extras[col] = (ex[0][~hit], ex[1][~hit])
    if arr is None:
        arr = np.full(sheet.nrows + 1, np.nan)
    if len(arr) < len(values):
        arr = _grow(arr, len(values))
    if arr.dtype == np.float64 and values.dtype == np.float64:
        arr[: len(values)][mask] = values[mask]
        return arr
    obj = arr.astype(object)
    if arr.dtype == np.float64:
        obj[np.isnan(arr)] = None
        ex = sheet.extras.pop(col, None)
        if ex is not None:
            obj[ex[0]] = ex[1]
    obj[: len(values)][mask] = values[mask]
    return obj
