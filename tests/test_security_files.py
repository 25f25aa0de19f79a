"""Issue 12, item 8: the file system as a hostile user's files would attack it.

Each test reproduces one reported failure end to end, through the ``socroi`` command (the
real engine and importers), and checks what must be true now: symbolic links written
through, 245-character names, a summary that would replace an output refused before any
work, an unreadable file failing alone, a read-only file never replaced, errors naming the
book, file names that cannot break the one-line message, ``fsync`` before every rename.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.defined_name import DefinedName

from socroi_xl.batch import recalc_many
from socroi_xl.cli import main

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
META = EXPORTS / "meta_ads_en.csv"  # 31 rows: 30 added, 1 without a campaign skipped


def _book(path: Path, value: float = 2.0) -> Path:
    """A tiny workbook: B1 = value, B2 = B1*3, a headline name on B2."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws["A1"], ws["B1"] = "Spend", value
    ws["A2"], ws["B2"] = "Triple", "=B1*3"
    wb.defined_names["Headline_TotalCost"] = DefinedName("Headline_TotalCost", attr_text="Summary!$B$2")
    wb.save(path)
    return path


def _b2(path: Path) -> object:
    return openpyxl.load_workbook(path, data_only=True)["Summary"]["B2"].value


def _socroi(*args: str):
    return CliRunner().invoke(main, list(args))


def _campaign_rows(path: Path) -> int:
    ws = openpyxl.load_workbook(path)["Campaigns"]
    return int(ws.tables["Campaigns"].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


# --------------------------------------------------------------------------- symbolic links


def test_import_into_a_symlink_writes_through_and_keeps_the_link(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "book.xlsx"
    assert _socroi("new", str(real)).exit_code == 0
    rows_before = _campaign_rows(real)
    link = tmp_path / "link.xlsx"
    link.symlink_to(Path("real") / "book.xlsx")  # relative, as `ln -s` users make them
    res = _socroi("import", str(META), "--into", str(link))
    assert res.exit_code == 0, res.output
    assert "30 added" in res.output
    assert link.is_symlink() and os.readlink(link) == "real/book.xlsx"
    assert _campaign_rows(real) == rows_before + 30  # the target got the rows
    assert sorted(os.listdir(tmp_path)) == ["link.xlsx", "real"]
    assert sorted(os.listdir(tmp_path / "real")) == ["book.xlsx"]  # no temporary file left


def test_recalc_output_that_is_a_link_to_the_input_is_refused(tmp_path):
    src = _book(tmp_path / "a.xlsx")
    before = src.read_bytes()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.xlsx").symlink_to(src)
    res = _socroi("recalc", str(src), "-o", str(tmp_path / "out"))
    assert res.exit_code == 1 and "overwrite the input" in res.stderr
    assert src.read_bytes() == before


# --------------------------------------------------------------------------- long names


def test_245_character_file_names_work_in_every_command(tmp_path):
    name = "c" * 240 + ".xlsx"  # 245 characters; the temporary name used to be 259
    book = tmp_path / name
    assert _socroi("new", str(book)).exit_code == 0
    res = _socroi("import", str(META), "--into", str(book))
    assert res.exit_code == 0, res.output
    res = _socroi("recalc", str(book), "-o", str(tmp_path / "out"), "--summary", str(tmp_path / ("s" * 240 + ".xlsx")))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / name).exists() and (tmp_path / ("s" * 240 + ".xlsx")).exists()
    res = _socroi("recalc", str(book), "--in-place")
    assert res.exit_code == 0, res.output
    assert sorted(os.listdir(tmp_path)) == sorted([name, "out", "s" * 240 + ".xlsx"])


def test_255_byte_names_with_multibyte_characters(tmp_path):
    name = "é" * 125 + ".xlsx"  # 250 + 5 bytes: the longest a name can be
    src = _book(tmp_path / name)
    res = _socroi("recalc", str(src), "--in-place")
    assert res.exit_code == 0, res.output
    assert _b2(src) == 6
    assert os.listdir(tmp_path) == [name]


# --------------------------------------------------------------------------- the summary file


@pytest.mark.parametrize("spelling", ["same", "dotted", "link"])
def test_summary_equal_to_an_output_is_refused_before_anything_is_written(tmp_path, spelling):
    (tmp_path / "in").mkdir()
    src = _book(tmp_path / "in" / "a.xlsx")
    _book(tmp_path / "in" / "b.xlsx")
    out = tmp_path / "out"
    summary = {
        "same": out / "a.xlsx",
        "dotted": tmp_path / "out" / "." / "a.xlsx",
        "link": tmp_path / "summary.xlsx",
    }[spelling]
    if spelling == "link":  # the summary path is a link to where an output will be
        summary.symlink_to(out / "a.xlsx")
    res = _socroi("recalc", str(src), str(tmp_path / "in" / "b.xlsx"), "-o", str(out), "--summary", str(summary))
    assert res.exit_code == 2
    assert "--summary would overwrite the output of" in res.stderr
    assert not out.exists()  # refused before anything, even the output folder


def test_summary_equal_to_an_input_or_the_output_folder_is_refused(tmp_path):
    src = _book(tmp_path / "a.xlsx")
    before = src.read_bytes()
    res = _socroi("recalc", str(src), "--in-place", "--summary", str(src))
    assert res.exit_code == 2 and "overwrite an input" in res.stderr
    res = _socroi("recalc", str(src), "-o", str(tmp_path / "out.csv"), "--summary", str(tmp_path / "out.csv"))
    assert res.exit_code == 2 and "output directory" in res.stderr
    assert src.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["a.xlsx"]


def test_summary_onto_a_fifo_is_refused_without_blocking(tmp_path):
    src = _book(tmp_path / "a.xlsx")
    fifo = tmp_path / "summary.csv"
    os.mkfifo(fifo)
    res = _socroi("recalc", str(src), "-o", str(tmp_path / "out"), "--summary", str(fifo))
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines()[-1] == f"Error: {fifo}: not a regular file, not replaced"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --------------------------------------------------------------------------- unreadable files


def _run_without_privilege(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run ``socroi`` in a process the kernel's permission checks apply to.

    Root reads any file whatever its mode; when the tests run as root, the command runs
    without the capabilities that allow it (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``,
    dropped with util-linux's ``setpriv``), so a mode 000 file is unreadable to it too.
    """
    exe = [sys.executable, "-c", "from socroi_xl.cli import main; main()", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        exe = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *exe]
    return subprocess.run(exe, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_one_unreadable_file_fails_alone_and_the_others_still_run(tmp_path):
    for name in ("a.xlsx", "secret.xlsx", "b.xlsx"):
        _book(tmp_path / name)
    os.chmod(tmp_path / "secret.xlsx", 0o000)
    res = _run_without_privilege(["recalc", "a.xlsx", "secret.xlsx", "b.xlsx", "-o", "out"], tmp_path)
    assert res.returncode == 1, res.stderr  # not 2: no usage error stopping the batch
    assert [ln.lower() for ln in res.stderr.splitlines()] == ["socroi recalc: secret.xlsx: permission denied"]
    assert sorted(os.listdir(tmp_path / "out")) == ["a.xlsx", "b.xlsx"]
    assert _b2(tmp_path / "out" / "b.xlsx") == 6


def test_read_only_folder_names_the_book_and_its_folder(tmp_path):
    (tmp_path / "ro").mkdir()
    book = _book(tmp_path / "ro" / "a.xlsx")
    before = book.read_bytes()
    os.chmod(tmp_path / "ro", 0o555)
    try:
        res = _run_without_privilege(["recalc", "ro/a.xlsx", "--in-place"], tmp_path)
    finally:
        os.chmod(tmp_path / "ro", 0o755)
    assert res.returncode == 1
    assert res.stderr.splitlines() == [f"socroi recalc: ro/a.xlsx: Permission denied (in its folder {tmp_path / 'ro'})"]
    assert book.read_bytes() == before and os.listdir(tmp_path / "ro") == ["a.xlsx"]


def test_a_full_disk_fails_cleanly(tmp_path):
    """Writes past the file-size limit fail as on a full disk (EFBIG, like ENOSPC)."""
    import resource

    book = _book(tmp_path / "a.xlsx")
    before = book.read_bytes()

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))  # smaller than any output

    args = ["recalc", "a.xlsx", "-o", "out", "--summary", "s.xlsx"]
    res = subprocess.run([sys.executable, "-c", "from socroi_xl.cli import main; main()", *args],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=small_files)
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        f"socroi recalc: a.xlsx: cannot write {Path('out') / 'a.xlsx'}: File too large",
        "Error: s.xlsx: File too large",  # and no "Exception ignored" traceback after it
    ]
    assert book.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["a.xlsx", "out"] and os.listdir(tmp_path / "out") == []


# --------------------------------------------------------------------------- read-only files


def test_read_only_book_is_not_replaced_in_place_and_the_reason_is_given(tmp_path):
    ro = _book(tmp_path / "locked.xlsx")
    ok = _book(tmp_path / "open.xlsx")
    os.chmod(ro, 0o444)
    before = ro.read_bytes()
    res = _socroi("recalc", str(ro), str(ok), "--in-place")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"socroi recalc: {ro}: read-only file (mode 444), not replaced; make it writable first (chmod u+w)"
    ]
    assert ro.read_bytes() == before and stat.S_IMODE(ro.stat().st_mode) == 0o444
    assert _b2(ok) == 6  # the other one was done
    assert sorted(os.listdir(tmp_path)) == ["locked.xlsx", "open.xlsx"]


def test_import_into_a_read_only_book_is_refused(tmp_path):
    book = tmp_path / "book.xlsx"
    assert _socroi("new", str(book)).exit_code == 0
    os.chmod(book, 0o444)
    before = book.read_bytes()
    res = _socroi("import", str(META), "--into", str(book))
    assert res.exit_code == 1
    assert "read-only file (mode 444), not replaced" in res.stderr
    assert book.read_bytes() == before and os.listdir(tmp_path) == ["book.xlsx"]


def test_outputs_of_read_only_inputs_can_be_replaced_by_the_next_run(tmp_path):
    src = _book(tmp_path / "a.xlsx")
    os.chmod(src, 0o444)
    out = tmp_path / "out"
    for _ in range(2):
        res = _socroi("recalc", str(src), "-o", str(out))
        assert res.exit_code == 0, res.output
    assert stat.S_IMODE((out / "a.xlsx").stat().st_mode) == 0o644
    os.chmod(out / "a.xlsx", 0o444)  # a user who locks an output means it
    res = _socroi("recalc", str(src), "-o", str(out))
    assert res.exit_code == 1 and "read-only file (mode 444)" in res.stderr
    assert f"cannot write {out / 'a.xlsx'}" in res.stderr


# --------------------------------------------------------------------------- messages


def _make_dir_instead(src: str, dst: str):
    """A stand-in engine during whose work the destination becomes a directory."""
    final = Path(src).parent.parent / "out" / Path(src).name
    final.mkdir()
    (final / "x").write_text("not empty")
    shutil.copyfile(src, dst)


def test_failed_rename_names_the_book_not_the_temporary_file(tmp_path):
    (tmp_path / "in").mkdir()
    src = _book(tmp_path / "in" / "a.xlsx")
    (o,) = recalc_many([src], out_dir=tmp_path / "out", func=_make_dir_instead)
    assert not o.ok
    assert o.error == f"cannot write {tmp_path / 'out' / 'a.xlsx'}: Is a directory"
    assert sorted(os.listdir(tmp_path / "out")) == ["a.xlsx"]


def test_newlines_and_escapes_in_names_keep_each_message_one_line(tmp_path):
    bad = tmp_path / "bad\nsocroi recalc: fake.xlsx: ok"
    bad.write_text("not a workbook")
    esc = tmp_path / "esc\x1b[2J\x1b]0;owned\x07.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet\u202e"  # a right-to-left override in a sheet name
    wb.active["A1"] = "=NOSUCHFUNCTION(1)"  # a warning naming the sheet
    wb.save(esc)
    res = _socroi("recalc", str(bad), str(esc), "-o", str(tmp_path / "out"), "--summary", str(tmp_path / "s.csv"))
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert len(lines) == 2, lines
    assert all(ln.startswith("socroi recalc: ") for ln in lines)
    assert lines[0] == f"socroi recalc: {tmp_path}/bad\\nsocroi recalc: fake.xlsx: ok: not an xlsx (not a zip archive)"
    assert lines[1].startswith(f"socroi recalc: {tmp_path}/esc\\x1b[2J\\x1b]0;owned\\x07.xlsx: warning: unknown function NOSUCHFUNCTION")
    assert "\\u202e" in lines[1]
    assert not any(ch in res.stderr for ch in "\x1b\x07\u202e")
    text = (tmp_path / "s.csv").read_text()
    assert "\x1b" not in text and text.count("\n") == 3  # header and two rows, one line each


# --------------------------------------------------------------------------- fsync


def test_every_output_is_synced_before_its_rename_and_the_folder_after(tmp_path, monkeypatch):
    books = [_book(tmp_path / n) for n in ("a.xlsx", "b.xlsx")]
    out = tmp_path / "out"
    events: list[tuple[str, str]] = []
    fsync, replace = os.fsync, os.replace

    def spy_fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    def spy_replace(a, b) -> None:
        events.append(("replace", os.fspath(a), os.fspath(b)))
        replace(a, b)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    res = _socroi("recalc", *map(str, books), "-o", str(out), "--summary", str(tmp_path / "s.xlsx"))
    assert res.exit_code == 0, res.output
    for final in (out / "a.xlsx", out / "b.xlsx", tmp_path / "s.xlsx"):
        (i,) = [k for k, e in enumerate(events) if e[0] == "replace" and e[2] == str(final)]
        tmp = events[i][1]
        assert ("fsync", tmp) in events[:i]  # the data is on disk before the name moves
        assert events[i + 1] == ("fsync", str(final.parent))  # and the rename after it


# --------------------------------------------------------------------------- odd inputs


def test_fifo_input_fails_alone_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    good = _book(tmp_path / "good.xlsx")
    res = _socroi("recalc", str(fifo), str(good), "-o", str(tmp_path / "out"))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"socroi recalc: {fifo}: not a regular file"]
    assert os.listdir(tmp_path / "out") == ["good.xlsx"]


def test_dotted_paths_cannot_send_an_output_outside_the_output_folder(tmp_path):
    (tmp_path / "deep" / "in").mkdir(parents=True)
    src = _book(tmp_path / "deep" / "in" / "a.xlsx")
    out = tmp_path / "deep" / "out"
    res = _socroi("recalc", str(tmp_path / "deep" / "in" / ".." / "in" / "a.xlsx"), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert os.listdir(out) == ["a.xlsx"] and src.exists()
