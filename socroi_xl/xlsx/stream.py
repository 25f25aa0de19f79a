"""Decompress a large worksheet part while cutting it, and start its child reader.

zlib releases the GIL while it inflates, the regular expressions that cut the sheet hold
it: :func:`read_and_cut` inflates the part in a thread, :data:`STREAM_CHUNK` bytes at a
time, while the calling thread cuts ``<sheetData>`` around its formula cells in blocks of
whole rows (:data:`SPLIT_BLOCK`, so that the inflating thread gets the GIL back between
them). It also forks the child process of :mod:`socroi_xl.xlsx.ahead` with the caller's
tasks. The pieces are what :func:`socroi_xl.xlsx.worksheet.cut_region` gives for the whole
part; :meth:`~socroi_xl.xlsx.worksheet.Worksheet.load` uses them only when the region cut
is the one it locates (else it cuts again).
"""

from __future__ import annotations

import io
import queue
import threading
import zipfile
from typing import Any

from . import ahead as _ahead
from .cells import STRIDE, grammar
from .layout import locate
from .package import Package
from .safety import WorkbookError, zip_errors
from .xmlsafe import XMLError

__all__ = ["PUT_POLL", "SPLIT_BLOCK", "STREAM_CHUNK", "Cutter", "read_and_cut"]

#: Size of the decompressed pieces handed from the decompressing thread.
STREAM_CHUNK = 4 << 20
#: Size of the blocks cut at a time.
SPLIT_BLOCK = 1 << 20
#: Seconds between the inflating thread's checks that the reader still wants its chunks.
PUT_POLL = 0.1


def read_and_cut(
    pkg: Package, info: zipfile.ZipInfo, tasks: list[_ahead.Task]
) -> tuple[bytes, list[bytes] | None, tuple[int, int] | None, _ahead.Ahead | None]:
    """The part's bytes, its pieces and the region cut (None when the part could not be cut
    while it arrived), and the child process running ``tasks`` (None without a second core).

    Raises
    ------
    WorkbookError
        The part does not decompress, or is larger than its zip entry says.
    """
    child = _ahead.Ahead.start(pkg.zf, info, pkg.limits.max_member_size, tasks)
    try:
        whole, cutter = _inflate_and_cut(pkg, info)
    except BaseException:
        if child is not None:
            child.close()
        raise
    pieces, region = cutter.result()
    return whole, pieces, region, child


def _inflate_and_cut(pkg: Package, info: zipfile.ZipInfo) -> tuple[bytes, Cutter]:
    """Inflate ``info`` in a thread while this thread cuts what arrives.

    Whatever stops the cutting (an error, ``KeyboardInterrupt``), the inflating thread is
    told to stop and never left blocked on a full queue: its puts are timed and look at a
    stop event between tries, and the queue is drained before the thread is joined.
    """
    part = info.filename
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    stop = threading.Event()
    failure: list[BaseException] = []
    cap = min(info.file_size, pkg.limits.max_member_size)

    def put(item: bytes | None) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=PUT_POLL)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        got = 0
        try:
            with zip_errors(pkg.path, part), pkg.zf.open(info) as fh:
                while not stop.is_set() and (chunk := fh.read(STREAM_CHUNK)):
                    got += len(chunk)
                    if got > cap:
                        raise WorkbookError(pkg.path, f"part {part!r} is larger than its declared size")
                    if not put(chunk):
                        return
        except BaseException as exc:  # noqa: BLE001 - re-raised by the reading thread
            failure.append(exc)
        finally:
            put(None)

    thread = threading.Thread(target=work, name="socroi-inflate", daemon=True)
    thread.start()
    whole = io.BytesIO()  # grown in place; its value is then taken without a copy
    cutter = Cutter(part)
    try:
        while (chunk := q.get()) is not None:
            whole.write(chunk)
            cutter.feed(chunk)
    finally:
        stop.set()  # a no-op when every chunk was taken; else the thread stops putting
        while thread.is_alive():
            try:  # free a put that is waiting, so that the thread sees the event
                q.get(timeout=PUT_POLL)
            except queue.Empty:
                pass
        thread.join()
    if failure:
        raise failure[0]
    return whole.getvalue(), cutter


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
