"""Nothing lost: the one way socroi replaces a file."""

from __future__ import annotations

import os
import stat

import pytest

from socroi_xl.atomic import (
    RefusedTarget,
    printable,
    remove_temporaries,
    replacing,
    sweep,
    temporary_name,
    write_bytes,
)


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


# --------------------------------------------------------------------------- issue 12, item 8


def test_symlink_is_written_through_and_kept(tmp_path):
    real = tmp_path / "data" / "book.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "book.xlsx"
    link.symlink_to(real)
    write_bytes(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["book.xlsx"]  # no debris there
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "data"]  # nor here


def test_relative_and_chained_symlinks(tmp_path):
    (tmp_path / "a").mkdir()
    real = tmp_path / "a" / "real.xlsx"
    real.write_bytes(b"old")
    (tmp_path / "hop.xlsx").symlink_to("a/real.xlsx")  # relative link
    (tmp_path / "link.xlsx").symlink_to("hop.xlsx")  # link to a link
    write_bytes(tmp_path / "link.xlsx", b"new")
    assert real.read_bytes() == b"new"
    assert (tmp_path / "link.xlsx").is_symlink() and (tmp_path / "hop.xlsx").is_symlink()


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "later.xlsx")
    write_bytes(link, b"x")
    assert link.is_symlink() and (tmp_path / "later.xlsx").read_bytes() == b"x"


@pytest.mark.parametrize("length", [245, 250, 255])
def test_long_file_names_fit_name_max(tmp_path, length):
    target = tmp_path / ("n" * (length - 5) + ".xlsx")
    seen = []
    with replacing(target) as tmp:
        seen.append(tmp.name)
        tmp.write_bytes(b"x")
    assert target.read_bytes() == b"x"
    assert len(os.fsencode(seen[0])) <= os.pathconf(tmp_path, "PC_NAME_MAX")
    assert seen[0].endswith(".tmp.xlsx")  # the suffix survives the shortening


def test_long_multibyte_name_is_cut_on_a_character_boundary(tmp_path):
    target = tmp_path / ("é" * 120 + ".xlsx")  # 240 + 5 bytes
    with replacing(target) as tmp:
        name = tmp.name
        tmp.write_bytes(b"x")
    assert len(os.fsencode(name)) <= 255
    assert "\udcc3" not in name  # no half character (an undecodable byte)
    assert target.read_bytes() == b"x"


def test_temporary_name_shape():
    prefix, suffix = temporary_name("out/summary.xlsx", pid=42)
    assert (prefix, suffix) == (".summary.", ".42.tmp.xlsx")
    prefix, suffix = temporary_name("notes." + "x" * 40, pid=7)  # absurd suffix: not carried
    assert suffix == ".7.tmp"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_read_only_file_is_refused_not_replaced(tmp_path, mode):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"keep me")
    os.chmod(target, mode)
    ran = []
    with pytest.raises(RefusedTarget) as info, replacing(target):
        ran.append(True)
    assert not ran  # refused before any work
    assert info.value.filename == str(target)
    assert f"read-only file (mode {mode:o})" in info.value.strerror
    assert target.read_bytes() == b"keep me" and stat.S_IMODE(target.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_read_only_target_of_a_symlink_is_refused(tmp_path):
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"keep")
    os.chmod(real, 0o444)
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    with pytest.raises(RefusedTarget, match="read-only"):
        write_bytes(link, b"new")
    assert real.read_bytes() == b"keep" and link.is_symlink()


def test_directory_and_fifo_are_refused(tmp_path):
    folder = tmp_path / "book.xlsx"
    folder.mkdir()
    with pytest.raises(RefusedTarget, match="is a directory"):
        write_bytes(folder, b"x")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(RefusedTarget, match="not a regular file"):
        write_bytes(fifo, b"x")  # and never blocks opening it
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "pipe.csv"]


def test_failed_rename_names_the_book_not_the_temporary_file(tmp_path):
    target = tmp_path / "book.xlsx"
    with pytest.raises(OSError) as info, replacing(target) as tmp:
        tmp.write_bytes(b"x")
        target.mkdir()  # appears after the checks: the rename itself fails
        (target / "inside").write_text("so the directory is not empty")
    assert info.value.filename == str(target)
    assert ".tmp" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]  # no temporary left


def test_error_writing_the_temporary_file_names_the_book(tmp_path):
    target = tmp_path / "book.xlsx"
    with pytest.raises(OSError) as info, replacing(target) as tmp:
        raise OSError(28, "No space left on device", str(tmp))
    assert info.value.filename == str(target) and info.value.errno == 28
    other = tmp_path / "input.xlsx"
    with pytest.raises(FileNotFoundError) as info, replacing(target):
        open(other, "rb")  # an error about another file keeps its name
    assert info.value.filename == str(other)


def test_fsync_file_before_rename_and_folder_after(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(a, b):
        events.append(("replace", os.fspath(a)))
        return real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with replacing(tmp_path / "book.xlsx") as tmp:
        tmp.write_bytes(b"x")
    assert events == [("fsync", str(tmp)), ("replace", str(tmp)), ("fsync", str(tmp_path))]


def test_nested_replacing_syncs_once(tmp_path, monkeypatch):
    """The engine writes into the batch's temporary file through replacing too."""
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    target = tmp_path / "out.xlsx"
    with replacing(target) as outer:
        with replacing(outer) as inner:
            inner.write_bytes(b"engine output")
    assert target.read_bytes() == b"engine output"
    assert len(synced) == 2  # the file once, the folder once
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_output_of_a_read_only_input_can_be_replaced_next_time(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes(b"x")
    os.chmod(src, 0o444)
    out = tmp_path / "out.xlsx"
    write_bytes(out, b"1", mode_from=src)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # the input's bits, plus the owner's w
    write_bytes(out, b"2", mode_from=src)  # a second run is not refused
    assert out.read_bytes() == b"2"


# --------------------------------------------------------------------------- cleaning up


def test_sweep_removes_only_the_given_processes_temporary_files(tmp_path):
    keep = [
        tmp_path / "book.xlsx",
        tmp_path / ".book.abcdefgh.999.tmp.xlsx",  # another process's
        tmp_path / ".book.abcdefgh.1234.tmp.xlsx",  # pid 1234 is not pid 123
        tmp_path / "book.abcdefgh.123.tmp.xlsx",  # not hidden: not one of ours
        tmp_path / ".book.ABCDEFGH.123.tmp.xlsx",  # mkstemp never makes capitals
    ]
    gone = [
        tmp_path / ".book.abcdefgh.123.tmp.xlsx",
        tmp_path / ".x.y.z.12345678.123.tmp.csv",
        tmp_path / ".notes.a_b_c_d_.123.tmp",  # a target whose suffix was too long to carry
    ]
    for p in keep + gone:
        p.write_bytes(b"")
    target = tmp_path / "target"
    target.write_bytes(b"t")
    link = tmp_path / ".l.abcdefgh.123.tmp.xlsx"  # a link is never followed nor removed
    link.symlink_to(target)
    assert sorted(sweep([tmp_path], [123])) == sorted(gone)
    assert all(p.exists() for p in keep) and link.is_symlink() and target.exists()
    assert not any(p.exists() for p in gone)


def test_remove_temporaries_after_fork_leaves_the_parents_files(tmp_path):
    with replacing(tmp_path / "book.xlsx") as tmp:
        pid = os.fork()
        if pid == 0:  # the child: must not touch the parent's temporary file
            os._exit(len(remove_temporaries()))
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0 and tmp.exists()
        assert remove_temporaries() == [tmp]  # the parent's own call does remove it
        assert not tmp.exists()
        tmp.write_bytes(b"rewritten")  # the block goes on; the rename still works
    assert (tmp_path / "book.xlsx").read_bytes() == b"rewritten"


# --------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain/name.xlsx", "plain/name.xlsx"),
        ("Café Ünïcödé 数据.xlsx", "Café Ünïcödé 数据.xlsx"),
        ("a\nb.xlsx", "a\\nb.xlsx"),
        ("a\r\tb", "a\\r\\tb"),
        ("\x1b[2J\x1b]0;pwned\x07.xlsx", "\\x1b[2J\\x1b]0;pwned\\x07.xlsx"),
        ("\x9b31m", "\\x9b31m"),  # C1 control sequence introducer
        ("evil\u202excod.xlsx", "evil\\u202excod.xlsx"),  # right-to-left override
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("line\u2028sep", "line\\u2028sep"),
        (os.fsdecode(b"bad\xff\xfe.xlsx"), "bad\\xff\\xfe.xlsx"),  # undecodable bytes
        ("nul\x00", "nul\\x00"),
    ],
)
def test_printable(raw, shown):
    assert printable(raw) == shown
    assert "\n" not in printable(raw) and "\x1b" not in printable(raw)
    printable(raw).encode("utf-8")  # always encodable: never a UnicodeEncodeError
