"""Decompress a large worksheet part, start its child reader, and cut the part.

The part is inflated first (by ISA-L, :mod:`socroi_xl.xlsx.deflate`: a fraction of the
time the cut takes), then the child process of :mod:`socroi_xl.xlsx.ahead` is forked
with the caller's tasks — it works on those very bytes (shared with the parent, copied
only if written), so it need not inflate them again — and meanwhile the calling thread
cuts ``<sheetData>`` around its formula cells, :data:`STREAM_CHUNK` bytes at a time in
blocks of whole rows (:data:`SPLIT_BLOCK`). The pieces are what
:func:`socroi_xl.xlsx.worksheet.cut_region` gives for the whole part;
:meth:`~socroi_xl.xlsx.worksheet.Worksheet.load` uses them only when the region cut is the
one it locates (else it cuts again).
"""

from __future__ import annotations

import zipfile
from typing import Any

from . import ahead as _ahead
from .cells import STRIDE, grammar
from .deflate import open_member
from .layout import locate
from .package import Package
from .safety import WorkbookError, zip_errors
from .xmlsafe import XMLError

__all__ = ["SPLIT_BLOCK", "STREAM_CHUNK", "Cutter", "inflate", "read_and_cut"]

#: Size of the pieces the part is inflated and cut in.
STREAM_CHUNK = 4 << 20
#: Size of the blocks cut at a time.
SPLIT_BLOCK = 1 << 20


def read_and_cut(
    pkg: Package, info: zipfile.ZipInfo, tasks: list[_ahead.Task]
) -> tuple[bytes, list[bytes] | None, tuple[int, int] | None, _ahead.Ahead | None]:
    """The part's bytes, its pieces and the region cut (None when the part could not be cut
    as it is), and the child process running ``tasks`` on the bytes (None without a second
    core).

    Raises
    ------
    WorkbookError
        The part does not decompress, or is larger than its zip entry says.
    """
    whole = inflate(pkg, info)
    child = _ahead.Ahead.start(whole, tasks)
    try:
        cutter = Cutter(info.filename)
        view = memoryview(whole)
        for i in range(0, len(whole), STREAM_CHUNK):
            cutter.feed(bytes(view[i : i + STREAM_CHUNK]))
        pieces, region = cutter.result()
    except BaseException:
        if child is not None:
            child.close()
        raise
    return whole, pieces, region, child


def inflate(pkg: Package, info: zipfile.ZipInfo) -> bytes:
    """The member ``info``, inflated in one call (zipfile stops at the size its entry
    declares, which must be within the package's limit on a member, and checks the CRC).

    Raises
    ------
    WorkbookError
        The member does not decompress, fails its CRC, or its entry declares more than
        the package's limit on a member.
    """
    part = info.filename
    if info.file_size > pkg.limits.max_member_size:
        raise WorkbookError(pkg.path, f"part {part!r} too large when unpacked ({info.file_size:,} bytes)")
    with zip_errors(pkg.path, part), open_member(pkg.zf, info) as fh:
        data = fh.read()
    if len(data) != info.file_size:
        raise WorkbookError(pkg.path, f"part {part!r} is not the size its zip entry declares")
    return data


def _share(pieces: list[bytes]) -> None:
    """Make equal pieces one object where a block repeats them: the row number of the
    formula cells of one row, the attributes of cells styled alike, the ``<f t="shared"
    si="0"/>`` of shared-formula copies (tens of MB less for a large sheet). Pieces made
    of distinct bytes (formulas written out in full) are left as they are."""
    for k in (3, 4, 5):  # row, cell attributes, <f> element (see cells.STRIDE)
        column = pieces[k::STRIDE]
        if len(column) < 64:
            continue
        same: dict[bytes, bytes] = {}
        shared = list(map(same.setdefault, column, column))
        if len(same) <= len(column) // 2:
            pieces[k::STRIDE] = shared


class Cutter:
    """Cuts ``<sheetData>`` around formula cells while the part arrives."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.buf = b""
        self.offset = 0  # offset of buf in the part
        self.g: Any = None
        self.body = -1
        self.end = -1
        self.pieces: list[bytes] = [b""]
        self.failed = False
        self.close = b""
        self.row_end = b""

    def feed(self, chunk: bytes) -> None:
        """Take the next piece of the part, and cut what whole rows it completes."""
        if self.failed:
            return
        self.buf += chunk
        if self.g is None:
            if self.buf.startswith((b"\xff\xfe", b"\xfe\xff")):
                self.failed = True  # UTF-16: cut after conversion instead
                return
            try:
                lay = locate(self.buf, self.part, need_end=False)
            except XMLError:
                if len(self.buf) > (64 << 20):
                    self.failed = True
                return
            except Exception:  # noqa: BLE001 - an unusual head: cut it all at the end
                self.failed = True
                return
            self.g = grammar(lay.prefix)
            self.close = b"</" + lay.prefix + b"sheetData>"
            self.row_end = b"</" + lay.prefix + b"row>"
            self.body = lay.body
            self.pieces = [self.buf[: lay.body]]
            self.buf = self.buf[lay.body :]
            self.offset = lay.body
        self._cut()

    def _cut(self) -> None:
        if self.end >= 0:  # past </sheetData>: the rest is the part's tail
            self.pieces[-1] += self.buf
            self.buf = b""
            return
        buf, start = self.buf, 0
        while True:  # whole rows, a block at a time
            cut = buf.rfind(self.row_end, start, start + SPLIT_BLOCK) if len(buf) - start > SPLIT_BLOCK else -1
            if cut < 0:
                cut = buf.rfind(self.row_end, start)
            if cut < 0:
                break
            cut += len(self.row_end)
            self._split(buf[start:cut])
            start = cut
        # </sheetData> follows the last </row>: it can only be in what is left
        stop = buf.find(self.close, start)
        if stop >= 0:
            self._split(buf[start:stop])
            self.end = self.offset + stop
            self.pieces[-1] += buf[stop:]
            self.buf = b""
            return
        self.offset += start
        self.buf = buf[start:]

    def _split(self, block: bytes) -> None:
        more = self.g.cut.split(block)
        if len(more) > 1:
            _share(more)
        self.pieces[-1] += more[0]
        self.pieces.extend(more[1:])

    def result(self) -> tuple[list[bytes] | None, tuple[int, int] | None]:
        """The pieces and the region cut, or (None, None) when the part was not cut."""
        if self.failed or self.g is None or self.end < 0:
            return None, None
        return self.pieces, (self.body, self.end)
