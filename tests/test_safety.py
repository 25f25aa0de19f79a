"""Every kind of unusable file becomes one WorkbookError with a one-line "PATH: reason".

All files are made inside the test (tmp_path): zips written with zipfile, then damaged by
hand where needed; a real xlsx written with openpyxl.
"""

from __future__ import annotations

import pickle
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from socroi_xl.xlsx.safety import (
    MAX_RATIO,
    OLE_MAGIC,
    RATIO_MIN_SIZE,
    Limits,
    WorkbookError,
    open_package,
    read_member,
)

CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.active["A2"] = "=A1+1"
    wb.save(path)
    return path


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _error(path: Path, **kw) -> WorkbookError:
    with pytest.raises(WorkbookError) as info:
        open_package(path, **kw).close()
    err = info.value
    assert err.path == str(path)
    assert str(err) == f"{path}: {err.reason}"
    assert "\n" not in str(err)
    return err


def test_valid_workbook_opens_and_parts_read(tmp_path):
    book = _xlsx(tmp_path / "ok.xlsx")
    with open_package(book) as zf:
        data = read_member(zf, "xl/workbook.xml")
    assert data.startswith(b"<") and b"workbook" in data


def test_message_is_one_line_and_pickles():
    err = WorkbookError("dir/b.xlsx", "bad\nthing  here")
    assert str(err) == "dir/b.xlsx: bad thing here"
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.reason, str(back)) == (err.path, err.reason, str(err))


def test_missing_file(tmp_path):
    assert _error(tmp_path / "nope.xlsx").reason == "no such file"


def test_directory(tmp_path):
    d = tmp_path / "folder.xlsx"
    d.mkdir()
    assert "directory" in _error(d).reason


def test_empty_file(tmp_path):
    p = tmp_path / "empty.xlsx"
    p.write_bytes(b"")
    assert "empty" in _error(p).reason


def test_text_file_is_not_a_zip(tmp_path):
    p = tmp_path / "notes.xlsx"
    p.write_text("Date,Spend\n2024-01-01,10\n")
    assert _error(p).reason == "not an xlsx (not a zip archive)"


def test_zip_without_content_types(tmp_path):
    p = _zip(tmp_path / "plain.xlsx", {"readme.txt": b"hello"})
    assert "no [Content_Types].xml" in _error(p).reason


def test_zip_without_workbook_part(tmp_path):
    p = _zip(tmp_path / "odd.xlsx", {"[Content_Types].xml": CT.encode(), "x.xml": b"<x/>"})
    assert "no workbook part" in _error(p).reason


def test_word_document_is_not_a_spreadsheet(tmp_path):
    p = _zip(tmp_path / "letter.xlsx", {"[Content_Types].xml": CT.encode(), "word/document.xml": b"<w/>"})
    assert "not a spreadsheet" in _error(p).reason


def test_xlsb_named(tmp_path):
    p = _zip(tmp_path / "bin.xlsx", {"[Content_Types].xml": CT.encode(), "xl/workbook.bin": b"\0"})
    assert ".xlsb" in _error(p).reason


def test_truncated_zip(tmp_path):
    book = _xlsx(tmp_path / "whole.xlsx")
    data = book.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])  # the central directory (at the end) is gone
    assert "corrupt or truncated zip" in _error(cut).reason


def test_bad_crc_found_lazily_by_read_member(tmp_path):
    # a stored (uncompressed) member whose bytes are altered after writing: the archive
    # opens (central directory intact) but reading the part fails its CRC check
    payload = b"<workbook>" + b"A" * 200 + b"</workbook>"
    p = _zip(
        tmp_path / "crc.xlsx",
        {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": payload},
        method=zipfile.ZIP_STORED,
    )
    raw = bytearray(p.read_bytes())
    at = raw.index(b"A" * 200)
    raw[at] = ord("B")
    p.write_bytes(bytes(raw))
    with open_package(p) as zf, pytest.raises(WorkbookError) as info:
        read_member(zf, "xl/workbook.xml")
    assert info.value.path == str(p)
    assert "corrupt zip" in info.value.reason and "CRC" in info.value.reason


def test_corrupt_deflate_stream(tmp_path):
    payload = bytes(range(256)) * 64
    p = _zip(tmp_path / "z.xlsx", {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": payload})
    raw = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo("xl/workbook.xml")
    # local header: 30 fixed bytes + name + extra; then the compressed data
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start, start + info.compress_size):
        raw[i] ^= 0x5A
    p.write_bytes(bytes(raw))
    with open_package(p) as zf, pytest.raises(WorkbookError) as info_:
        read_member(zf, "xl/workbook.xml")
    assert "corrupt" in info_.value.reason


def test_missing_part_in_read_member(tmp_path):
    with open_package(_xlsx(tmp_path / "ok.xlsx")) as zf, pytest.raises(WorkbookError) as info:
        read_member(zf, "xl/nothing.xml")
    assert info.value.reason == "missing part 'xl/nothing.xml'"


def _ole(path: Path, encrypted: bool) -> Path:
    # the OLE2 signature, a 512-byte header and a directory sector naming the streams
    # (names are UTF-16LE, as in [MS-CFB] 2.6.1)
    names = ["Root Entry", "EncryptionInfo", "EncryptedPackage"] if encrypted else ["Root Entry", "Workbook"]
    directory = b"".join(n.encode("utf-16-le").ljust(128, b"\0") for n in names)
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + directory + b"\0" * 1024)
    return path


def test_password_protected_workbook(tmp_path):
    err = _error(_ole(tmp_path / "secret.xlsx", encrypted=True))
    assert err.reason.startswith("password-protected workbook")


def test_legacy_xls(tmp_path):
    err = _error(_ole(tmp_path / "old.xls", encrypted=False))
    assert "legacy binary" in err.reason


def test_encrypted_zip_member(tmp_path):
    p = _zip(tmp_path / "enc.xlsx", {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": b"<w/>"})
    raw = bytearray(p.read_bytes())
    at = raw.index(b"PK\x01\x02")  # first central directory entry; flags at offset 8
    raw[at + 8] |= 0x01
    p.write_bytes(bytes(raw))
    assert "encrypted zip member" in _error(p).reason


def test_decompression_bomb_by_ratio(tmp_path):
    # 20 MiB of zeros deflates to ~20 KiB, about 1000:1, past the 200:1 limit on members
    # over 16 MiB (defaults, unchanged)
    size = RATIO_MIN_SIZE + (4 << 20)
    p = _zip(tmp_path / "bomb.xlsx", {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": b"<w/>",
                                       "xl/worksheets/sheet1.xml": bytes(size)})
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size / info.compress_size > MAX_RATIO  # the premise of the test
    err = _error(p)
    assert "decompression bomb" in err.reason and "sheet1.xml" in err.reason


def test_small_member_with_high_ratio_is_fine(tmp_path):
    # 1 MiB of zeros compresses ~1000:1 but is under the ratio threshold: accepted
    p = _zip(tmp_path / "ok.xlsx", {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": b"<w/>",
                                     "xl/worksheets/sheet1.xml": bytes(1 << 20)})
    open_package(p).close()


def test_forged_declared_size(tmp_path):
    # a central directory claiming a 3 GiB member (what a bomb without a ratio trick looks like)
    p = _zip(tmp_path / "forged.xlsx", {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": b"<w/>" * 10})
    raw = bytearray(p.read_bytes())
    at = raw.rindex(b"PK\x01\x02")  # last entry: xl/workbook.xml; uncompressed size at offset 24
    raw[at + 24 : at + 28] = struct.pack("<I", 3 << 30)
    p.write_bytes(bytes(raw))
    assert "too large when unpacked" in _error(p).reason


def test_total_size_limit(tmp_path):
    members = {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": b"<w/>"}
    members.update({f"xl/p{i}.xml": b"x" * 1000 for i in range(5)})
    p = _zip(tmp_path / "big.xlsx", members)
    lim = Limits(max_total_size=3000)
    assert "archive too large when unpacked" in _error(p, limits=lim).reason
    open_package(p).close()  # fine under the defaults


def test_member_count_limit(tmp_path):
    members = {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": b"<w/>"}
    members.update({f"xl/p{i}.xml": b"x" for i in range(20)})
    p = _zip(tmp_path / "many.xlsx", members)
    assert "too many parts" in _error(p, limits=Limits(max_members=10)).reason


def test_member_size_limit_in_read_member(tmp_path):
    p = _zip(tmp_path / "m.xlsx", {"[Content_Types].xml": CT.encode(), "xl/workbook.xml": b"<w/>" * 100})
    with open_package(p) as zf, pytest.raises(WorkbookError) as info:
        read_member(zf, "xl/workbook.xml", limits=Limits(max_member_size=50))
    assert "too large" in info.value.reason


def test_file_size_limit(tmp_path):
    book = _xlsx(tmp_path / "ok.xlsx")
    assert "file too large" in _error(book, limits=Limits(max_file_size=100)).reason


def test_zlib_error_mapped(tmp_path):
    from socroi_xl.xlsx.safety import zip_errors

    with pytest.raises(WorkbookError) as info, zip_errors(tmp_path / "b.xlsx", "xl/x.xml"):
        zlib.decompress(b"not deflate")
    assert "does not decompress" in info.value.reason


def test_duplicate_members_differing_in_case_or_slash_are_refused(tmp_path):
    """Two members that name the same part (OPC compares names without case): refused, as
    two programs could each read a different one."""
    for first, second in (("xl/workbook.xml", "xl/Workbook.xml"), ("xl/workbook.xml", "xl\\workbook.xml")):
        p = tmp_path / "dup.xlsx"
        with zipfile.ZipFile(p, "w") as zf:
            zf.writestr("[Content_Types].xml", CT)
            zf.writestr(first, b"<workbook/>")
            zf.writestr(second, b"<workbook/>")
        assert "duplicate zip member" in _error(p).reason


def test_workbook_found_through_its_relationship(tmp_path):
    """The workbook part may have any name: the package relationship says which it is."""
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="/book/main.xml"/></Relationships>'
    )
    p = _zip(tmp_path / "odd-name.xlsx", {"[Content_Types].xml": CT.encode(), "_rels/.rels": rels.encode(), "book/main.xml": b"<workbook/>"})
    open_package(p).close()
    q = _zip(tmp_path / "bin.xlsx", {"[Content_Types].xml": CT.encode(), "_rels/.rels": rels.replace("main.xml", "main.bin").encode(), "book/main.bin": b"x"})
    assert ".xlsb" in _error(q).reason
