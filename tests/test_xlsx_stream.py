"""Inflating a large sheet in a thread while it is cut never hangs the reader.

The inflating thread hands chunks through a bounded queue. When the cutting stops (an
error in the cutter, Ctrl-C in a library caller), the thread must not stay blocked on a
full queue with the reader waiting for it: the reader returns, raising what stopped it.
"""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest

from socroi_xl.xlsx import ahead, stream
from socroi_xl.xlsx.package import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet_package(path: Path, rows: int) -> Path:
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><f>A{r}*2</f><v>0</v></c></row>' for r in range(1, rows + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>')
    return path


@pytest.mark.parametrize("stopper", [RuntimeError, KeyboardInterrupt])
def test_an_exception_in_the_cutting_loop_returns(tmp_path, monkeypatch, stopper):
    path = _sheet_package(tmp_path / "big.xlsx", 5000)  # about 330 KB of XML
    monkeypatch.setattr(stream, "STREAM_CHUNK", 1024)  # hundreds of chunks for a queue of 8
    monkeypatch.setattr(ahead, "FORK_AHEAD", False)
    fed = []

    def feed(self, chunk):
        fed.append(chunk)
        if len(fed) == 2:  # by now the inflating thread has filled the queue and waits
            threading.Event().wait(0.3)
            raise stopper("stopped while cutting")

    monkeypatch.setattr(stream.Cutter, "feed", feed)
    raised: list[BaseException] = []

    def run() -> None:
        with Package(zipfile.ZipFile(path), path) as pkg:
            try:
                stream.read_and_cut(pkg, pkg.info("xl/worksheets/sheet1.xml"), [])
            except BaseException as exc:  # noqa: BLE001 - what the caller would see
                raised.append(exc)

    before = {t.ident for t in threading.enumerate()}
    caller = threading.Thread(target=run, daemon=True)
    caller.start()
    caller.join(20)
    assert not caller.is_alive(), "read_and_cut hung after an exception in its cutting loop"
    assert len(raised) == 1 and isinstance(raised[0], stopper)
    left = [t for t in threading.enumerate() if t.ident not in before and t.name == "socroi-inflate"]
    assert not left, "the inflating thread outlived the reader"


def test_the_whole_part_arrives_when_nothing_fails(tmp_path, monkeypatch):
    path = _sheet_package(tmp_path / "big.xlsx", 3000)
    monkeypatch.setattr(stream, "STREAM_CHUNK", 1024)
    monkeypatch.setattr(ahead, "FORK_AHEAD", False)
    with Package(zipfile.ZipFile(path), path) as pkg:
        data, pieces, region, child = stream.read_and_cut(pkg, pkg.info("xl/worksheets/sheet1.xml"), [])
        assert data == pkg.read("xl/worksheets/sheet1.xml")
    assert child is None and pieces is not None and region is not None
    # cut around its 3,000 formula cells: STRIDE pieces a cell (their <v> left out), and the rest
    assert len(pieces) == 6 * 3000 + 1
    assert pieces[0].startswith(b"<worksheet") and pieces[-1].endswith(b"</sheetData></worksheet>")
