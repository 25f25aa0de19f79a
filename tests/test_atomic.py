"""Nothing lost: the one way socroi replaces a file."""

from __future__ import annotations

import os
import stat

import pytest

from socroi_xl.atomic import replacing, write_bytes


def test_failure_leaves_the_target_as_it_was_and_no_debris(tmp_path):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"original")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_bytes(b"half a fi")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_permissions_come_from_the_source_or_the_replaced_file(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes(b"x")
    os.chmod(src, 0o640)
    out = tmp_path / "out.xlsx"
    write_bytes(out, b"y", mode_from=src)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    os.chmod(out, 0o600)
    write_bytes(out, b"z")  # replacing keeps the replaced file's mode
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_bytes() == b"z"


def test_temporary_file_keeps_the_suffix_and_the_folder_is_named_on_error(tmp_path):
    with replacing(tmp_path / "summary.xlsx") as tmp:
        assert tmp.suffix == ".xlsx" and tmp.parent == tmp_path  # pandas picks the format by it
        tmp.write_bytes(b"")
    with pytest.raises(OSError, match="no-such-folder"), replacing(tmp_path / "no-such-folder" / "x.csv"):
        pass
