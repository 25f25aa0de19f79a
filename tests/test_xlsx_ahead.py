"""The forked reader of large sheets never outlives its parent.

A run once left its column reader spinning at full CPU after the command had exited.
The child now asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``),
the parent ends it when it stops waiting, and reaps it in every case.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from socroi_xl.engine import recalc_path
from socroi_xl.xlsx import ahead

pytestmark = pytest.mark.skipif(not ahead.second_core(), reason="the child reader runs only on Linux with two cores")


def _book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 201):
        ws.append([r, r * 2, f"=A{r}+B{r}"])
    wb.save(path)
    return path


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for a reaper counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def _children() -> list[int]:
    me = str(os.getpid())
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me and fields[0] not in ("Z", "X"):
                out.append(int(entry))
    return out


SCRIPT = textwrap.dedent(
    """
    import sys, time
    from socroi_xl.engine import package, recalc_path
    from socroi_xl.xlsx import ahead

    package.STREAM_MIN = 0          # a small sheet read as a large one: the child is forked

    def stuck(*args):
        time.sleep(600)             # a child that would run on for ten minutes

    package._columns_ahead = stuck
    start = ahead.Ahead.__init__

    def announce(self, pid, *args):
        print(pid, flush=True)
        start(self, pid, *args)

    ahead.Ahead.__init__ = announce
    recalc_path(sys.argv[1], sys.argv[2])
    """
)


def test_child_dies_when_its_parent_is_killed(tmp_path):
    src = _book(tmp_path / "in.xlsx")
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT, str(src), str(tmp_path / "out.xlsx")], stdout=subprocess.PIPE, text=True)
    child = 0
    try:
        child = int(parent.stdout.readline())
        time.sleep(0.5)  # the parent is now waiting for the child's columns
        assert _alive(child)
        parent.send_signal(signal.SIGKILL)  # no cleanup of any kind runs in the parent
        parent.wait(10)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        parent.kill()
        parent.wait()
        if child and _alive(child):  # the test failed: do not leave the child running
            os.kill(child, signal.SIGKILL)
    assert not (tmp_path / "out.xlsx").exists()


def test_no_child_is_left_after_a_run_or_a_failure(tmp_path, monkeypatch):
    from socroi_xl.engine import package

    src = _book(tmp_path / "in.xlsx")
    monkeypatch.setattr(package, "STREAM_MIN", 0)
    recalc_path(src, tmp_path / "out.xlsx")
    assert _children() == []
    # a sheet that is not well-formed: refused, and the child reaped all the same
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(b"</sheetData>", b"</sheetdata>")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    from socroi_xl.engine import WorkbookError

    with pytest.raises(WorkbookError):
        recalc_path(bad, tmp_path / "bad-out.xlsx")
    assert _children() == []
    assert not (tmp_path / "bad-out.xlsx").exists()


def _rewrite(src: Path, dst: Path, edit) -> Path:
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/worksheets/sheet1.xml"] = edit(members["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(dst, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return dst


def test_a_large_sheet_read_on_trust_is_checked_before_anything_is_written(tmp_path, monkeypatch):
    """A large sheet is read while the child checks it. A sheet not well-formed far from
    its start is refused, nothing written; one whose layout turns irregular past its first
    cells (a comment holding a cell) is read again the careful way, and the cell inside the
    comment is not counted."""
    from socroi_xl.engine import WorkbookError, package

    monkeypatch.setattr(package, "STREAM_MIN", 0)
    src = _book(tmp_path / "in.xlsx")  # A1:A200 = 1..200, B = 2A, C = A+B
    ws = openpyxl.load_workbook(src)
    ws.active["E1"] = "=SUM(A:A)"
    ws.save(src)
    broken = _rewrite(src, tmp_path / "broken.xlsx", lambda x: x.replace(b"<v>150</v>", b"<v>150</w>"))
    with pytest.raises(WorkbookError, match="not well-formed"):
        recalc_path(broken, tmp_path / "broken-out.xlsx")
    assert not (tmp_path / "broken-out.xlsx").exists() and _children() == []
    odd = _rewrite(src, tmp_path / "odd.xlsx", lambda x: x.replace(b'<row r="150"', b'<!-- <c r="A150"><v>1000000</v></c> --><row r="150"', 1))
    reads = []
    original = package.read_book
    monkeypatch.setattr("socroi_xl.engine.api.read_book", lambda zf, **kw: reads.append(kw) or original(zf, **kw))
    recalc_path(odd, tmp_path / "odd-out.xlsx")
    assert reads == [{"confirm": False}, {"confirm": True}]  # read on trust, then again
    # 1 + 2 + ... + 200 = 20,100; the cell in the comment is not a cell
    assert openpyxl.load_workbook(tmp_path / "odd-out.xlsx", data_only=True).active["E1"].value == 20100
    assert _children() == []


def test_extents_read_on_trust_are_checked(tmp_path, monkeypatch):
    """On trust the last row is the last <row>'s and the columns end at <dimension>; the
    child checks both, and a sheet that breaks them is read again: rows out of order, a
    cell right of what <dimension> says."""
    from socroi_xl.engine import package

    monkeypatch.setattr(package, "STREAM_MIN", 0)
    src = _book(tmp_path / "in.xlsx")  # A1:C200; A = 1..200
    ws = openpyxl.load_workbook(src)
    ws.active["E5"] = "=SUM(A:A)"
    ws.active["G6"] = "=SUM(1:1)"
    ws.active["A201"] = 1000  # the last row, without a formula
    ws.save(src)

    def move_last_row_first(xml: bytes) -> bytes:
        start = xml.index(b'<row r="201"')
        row = xml[start : xml.index(b"</row>", start) + 6]
        xml = xml.replace(row, b"")
        return xml.replace(b'<row r="1"', row + b'<row r="1"', 1)

    reads = []
    original = package.read_book
    monkeypatch.setattr("socroi_xl.engine.api.read_book", lambda zf, **kw: reads.append(kw) or original(zf, **kw))
    unordered = _rewrite(src, tmp_path / "unordered.xlsx", move_last_row_first)
    recalc_path(unordered, tmp_path / "unordered-out.xlsx")
    assert reads == [{"confirm": False}, {"confirm": True}]
    out = openpyxl.load_workbook(tmp_path / "unordered-out.xlsx", data_only=True).active
    assert out["E5"].value == 21100  # 1 + ... + 200 = 20,100, and row 201's 1,000
    reads.clear()
    wide = _rewrite(src, tmp_path / "wide.xlsx", lambda x: x.replace(b"</row>", b'<c r="Z1"><v>1000</v></c></row>', 1))
    recalc_path(wide, tmp_path / "wide-out.xlsx")
    assert reads == [{"confirm": False}, {"confirm": True}]
    out = openpyxl.load_workbook(tmp_path / "wide-out.xlsx", data_only=True).active
    assert out["G6"].value == 1 + 2 + 3 + 1000  # A1 + B1 + C1 (=A1+B1) + Z1, past <dimension ref="A1:G201">
    assert _children() == []


@pytest.mark.parametrize("stopper", [RuntimeError, KeyboardInterrupt])
def test_a_failure_while_the_child_works_ends_it(tmp_path, monkeypatch, stopper):
    """The evaluator (or a Ctrl-C) stops the command while the child is still producing:
    the exception reaches the caller at once and the child is ended and reaped, not left
    to run on."""
    from socroi_xl.engine import evaluator, package

    monkeypatch.setattr(package, "STREAM_MIN", 0)

    def stuck(*args, **kwargs):
        time.sleep(600)  # in the child: a reader that would run on for ten minutes

    monkeypatch.setattr(package, "_columns_ahead", stuck)

    def fail(self, *args, **kwargs):
        assert _children(), "the child was not started: the test tests nothing"
        raise stopper("stopped while the child works")

    monkeypatch.setattr(evaluator.Evaluator, "run_all", fail)
    src = _book(tmp_path / "in.xlsx")
    started = time.monotonic()
    with pytest.raises(stopper, match="stopped while the child works"):
        recalc_path(src, tmp_path / "out.xlsx")
    assert time.monotonic() - started < 30  # not after the child's ten minutes, nor AHEAD_WAIT
    assert _children() == []
    assert not (tmp_path / "out.xlsx").exists()


def test_a_released_sheet_is_read_again_when_needed(tmp_path, monkeypatch):
    """A large sheet read on trust lets go of its XML once cut (the child checks it; the
    pieces are what is written). A column the child did not read (no formula of that
    sheet refers to it) and its hidden rows are then read from the part again."""
    from socroi_xl.engine import package

    monkeypatch.setattr(package, "STREAM_MIN", 0)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in range(1, 201):
        ws.append([r, r * 2, f"=A{r}+1"])  # the sheet's formulas refer to column A only
    for r in range(11, 21):
        ws.row_dimensions[r].hidden = True
    other = wb.create_sheet("Sum")
    other["A1"] = "=SUM(Data!B:B)"              # 2 * (1 + ... + 200) = 40,200
    other["A2"] = "=SUBTOTAL(109,Data!B1:B200)"  # less rows 11-20: 40,200 - 2 * 155 = 39,890
    src = tmp_path / "in.xlsx"
    wb.save(src)
    released, reread = [], []
    release = package.Worksheet.release

    def spy(self, reload):
        released.append(self.part)
        release(self, lambda: reread.append(self.part) or reload())

    monkeypatch.setattr(package.Worksheet, "release", spy)
    recalc_path(src, tmp_path / "out.xlsx")
    assert "xl/worksheets/sheet1.xml" in released and "xl/worksheets/sheet1.xml" in reread
    got = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)
    assert [got["Sum"]["A1"].value, got["Sum"]["A2"].value] == [40200, 39890]
    assert got["Data"]["C7"].value == 8
    assert _children() == []


def test_answers_of_any_size_arrive_whole_and_in_order():
    """Answers travel through a spool file (only their place through the pipe): an 8 MB
    answer arrives whole, and so does the small one the child produced after it."""
    big = b"y" * (8 << 20)
    child = ahead.Ahead.start(b"0123456789", [("big", lambda data: big), ("small", len)])
    assert child is not None
    try:
        assert child.get("big", wait=60) == (True, big)
        assert child.get("small", wait=60) == (True, 10)
    finally:
        child.close()
