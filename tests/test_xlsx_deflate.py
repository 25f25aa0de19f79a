"""Large parts are inflated and deflated by ISA-L through zipfile's own reader and writer.

zipfile keeps the headers, sizes and CRC-32; only the (de)compressor is ISA-L's. What is
written must read back with plain zlib (any other program's reader), what is read must be
checked as zipfile checks it (a damaged member is refused), and without the ``isal`` wheel
everything works with zlib.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from socroi_xl.xlsx import deflate
from socroi_xl.xlsx.package import Package
from socroi_xl.xlsx.safety import WorkbookError, read_member
from socroi_xl.xlsx.stream import inflate

XML = b"".join(b'<row r="%d"><c r="A%d"><v>%d.25</v></c></row>' % (r, r, r) for r in range(1, 50_001))


def _zip(data: bytes, method: int = zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", data)
    buf.seek(0)
    return buf


def test_isal_is_what_the_cli_extra_installs():
    # pyproject's [cli] extra names isal: in the test environment it must be active
    assert deflate.ACTIVE


def test_a_member_read_through_isal_is_the_member():
    buf = _zip(XML)
    with zipfile.ZipFile(buf) as zf, deflate.open_member(zf, zf.getinfo("xl/worksheets/sheet1.xml")) as fh:
        assert type(fh._decompressor).__module__.startswith(("isal", "igzip"))  # ISA-L did it
        assert fh.read() == XML


def test_a_member_written_through_isal_reads_back_with_zlib():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with deflate.open_for_write(zf, info) as w:
            for i in range(0, len(XML), 65536):
                w.write(XML[i : i + 65536])
    raw = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert zf.testzip() is None  # CRC-32 of every member checked by zipfile
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size == len(XML)
        # the stored stream is plain deflate: zlib (not ISA-L) inflates it to the bytes
        local_extra = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
        start = info.header_offset + 30 + len(info.filename.encode()) + local_extra
        assert zlib.decompress(raw[start : start + info.compress_size], -15) == XML


def test_a_damaged_member_is_refused_with_the_part_named():
    raw = bytearray(_zip(XML).getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    for k in range(start + 200, start + 260):  # garble the middle of the deflate stream
        raw[k] ^= 0x5A
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        with pytest.raises(WorkbookError, match="sheet1.xml"):
            read_member(zf, "xl/worksheets/sheet1.xml")
        with Package(zf, "book.xlsx") as pkg, pytest.raises(WorkbookError, match="sheet1.xml"):
            inflate(pkg, pkg.info("xl/worksheets/sheet1.xml"))


def test_without_isal_zlib_does_the_same(monkeypatch):
    monkeypatch.setattr(deflate, "_isal", None)
    buf = _zip(XML)
    with zipfile.ZipFile(buf) as zf:
        assert read_member(zf, "xl/worksheets/sheet1.xml") == XML
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("a.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with deflate.open_for_write(zf, info) as w:
            w.write(XML)
    with zipfile.ZipFile(out) as zf:
        assert zf.read("a.xml") == XML


def test_a_stored_member_is_read_as_stored():
    buf = _zip(XML, zipfile.ZIP_STORED)
    with zipfile.ZipFile(buf) as zf:
        assert read_member(zf, "xl/worksheets/sheet1.xml") == XML
