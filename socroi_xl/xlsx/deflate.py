"""Faster deflate for the large worksheet parts, through zipfile's own readers and writers.

The engine inflates a large sheet twice (once in each process) and deflates it once; with
zlib that is about a third of its work on a 100,000-row book. Intel's ISA-L (the ``isal``
package, ``isal.isal_zlib``: the zlib API over ISA-L) does the same raw deflate three to
four times faster, and at level 1 writes a smaller stream than zlib's level 1.

zipfile still does everything else — headers, sizes, ZIP64, the CRC-32 (checked on every
read, computed on every write), the size limits: only the (de)compressor object of a
member opened by zipfile is swapped (:func:`open_member`, :func:`open_for_write`). Without
``isal`` (a platform without its wheel; :data:`ACTIVE` is then False), or if a future
zipfile names these objects differently (tests/test_xlsx_deflate.py checks that ISA-L does
the work), the members are read and written with zlib as before.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import IO, Any

__all__ = ["ACTIVE", "ERRORS", "open_for_write", "open_member"]

try:  # the [cli] extra installs it; the engine works without it
    from isal import isal_zlib as _isal
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    _isal = None

#: True when ISA-L does the deflating.
ACTIVE: bool = _isal is not None
#: Exceptions a corrupt deflate stream raises (zlib's, and ISA-L's own).
ERRORS: tuple[type[BaseException], ...] = (zlib.error,) + ((_isal.error,) if _isal is not None else ())


def open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    """``zf.open(info)``, inflated by ISA-L when the member is deflated.

    >>> import io
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("a.xml", b"<a/>" * 1000)
    >>> with zipfile.ZipFile(buf) as z, open_member(z, z.getinfo("a.xml")) as fh:
    ...     len(fh.read())
    4000
    """
    fh = zf.open(info)
    if _isal is not None and info.compress_type == zipfile.ZIP_DEFLATED:
        fresh = getattr(fh, "_readbuffer", None) == b"" and getattr(fh, "_compress_left", None) == info.compress_size
        if fresh:  # nothing read yet
            _swap(fh, "_decompressor", _isal.decompressobj(-15))
    return fh


def open_for_write(out: zipfile.ZipFile, zinfo: zipfile.ZipInfo, level: int = 1) -> IO[bytes]:
    """``out.open(zinfo, "w")``, deflated by ISA-L at ``level`` (0–3) when ``zinfo`` is deflated."""
    fh = out.open(zinfo, "w")
    if _isal is not None and zinfo.compress_type == zipfile.ZIP_DEFLATED:
        _swap(fh, "_compressor", _isal.compressobj(min(max(level, 0), 3), zlib.DEFLATED, -15))
    return fh


def _swap(fh: Any, attr: str, new: Any) -> bool:
    """Replace zipfile's (de)compressor ``attr`` of ``fh`` by ``new``; False (and nothing
    changed) when zipfile has no such attribute."""
    if getattr(fh, attr, None) is None:
        return False
    setattr(fh, attr, new)
    return True
