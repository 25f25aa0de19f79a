"""Decompress a large worksheet part, start its child reader, and cut the part.

The part is inflated first (by ISA-L, :mod:`socroi_xl.xlsx.deflate`: a fraction of the
time the cut takes), then the child process of :mod:`socroi_xl.xlsx.ahead` is forked
with the caller's tasks — it works on those very bytes (shared with the parent, copied
only if written), so it need not inflate them again — and meanwhile the calling thread
cuts ``<sheetData>`` around its formula cells (:func:`socroi_xl.xlsx.worksheet.cut_region`,
the same cut :meth:`~socroi_xl.xlsx.worksheet.Worksheet.load` makes).
"""

from __future__ import annotations

import zipfile

from . import ahead as _ahead
from .cells import grammar
from .deflate import open_member
from .layout import locate
from .package import Package
from .safety import WorkbookError, zip_errors
from .worksheet import cut_region

__all__ = ["inflate", "read_and_cut"]


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
        pieces, region = _cut(whole, info.filename)
    except BaseException:
        if child is not None:
            child.close()
        raise
    return whole, pieces, region, child


def _cut(data: bytes, part: str) -> tuple[list[bytes] | None, tuple[int, int] | None]:
    """The pieces and the region cut, or (None, None) when the part is not cut as it is:
    UTF-16 (cut after conversion), or a head :func:`locate` cannot place (read the careful
    way, which names the reason)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, None
    try:
        lay = locate(data, part)
    except Exception:  # noqa: BLE001 - an unusual head: Worksheet.load reports it
        return None, None
    return cut_region(grammar(lay.prefix), data, lay), (lay.body, lay.end)


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
