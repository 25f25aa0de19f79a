"""Reading a large sheet: inflated first, a child forked on the bytes, then cut.

When the cutting stops (an error in the cutter, Ctrl-C in a library caller), the reader
returns, raising what stopped it, and the child it forked is ended with it.
"""

from __future__ import annotations

import os
import threading
import time
import zipfile
from pathlib import Path

import psutil
import pytest

from socroi_xl.xlsx import ahead, cells, stream, worksheet
from socroi_xl.xlsx.package import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet_package(path: Path, rows: int) -> Path:
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><f>A{r}*2</f><v>0</v></c></row>' for r in range(1, rows + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>')
    return path


@pytest.mark.parametrize("stopper", [RuntimeError, KeyboardInterrupt])
def test_an_exception_in_the_cutting_loop_returns_and_ends_the_child(tmp_path, monkeypatch, stopper):
    path = _sheet_package(tmp_path / "big.xlsx", 5000)  # about 330 KB of XML
    monkeypatch.setattr(worksheet, "CUT_BLOCK", 1024)  # hundreds of blocks
    monkeypatch.setattr(ahead, "second_core", lambda: True)  # a child even on one core
    fed = []
    split = cells.cut

    def cut(g, block):
        fed.append(block)
        if len(fed) == 2:
            raise stopper("stopped while cutting")
        return split(g, block)

    def slow_task(data: bytes) -> int:  # the child is still working when the cut stops
        time.sleep(30)
        return len(data)

    monkeypatch.setattr(cells, "cut", cut)
    raised: list[BaseException] = []

    def run() -> None:
        with Package(zipfile.ZipFile(path), path) as pkg:
            try:
                stream.read_and_cut(pkg, pkg.info("xl/worksheets/sheet1.xml"), [("slow", slow_task)])
            except BaseException as exc:  # noqa: BLE001 - what the caller would see
                raised.append(exc)

    caller = threading.Thread(target=run, daemon=True)
    caller.start()
    caller.join(20)
    assert not caller.is_alive(), "read_and_cut hung after an exception in its cutting loop"
    assert len(raised) == 1 and isinstance(raised[0], stopper)
    left = [c for c in psutil.Process(os.getpid()).children(recursive=True) if c.status() != psutil.STATUS_ZOMBIE]
    assert not left, f"the child outlived the reader: {left}"


def test_the_whole_part_arrives_when_nothing_fails(tmp_path, monkeypatch):
    path = _sheet_package(tmp_path / "big.xlsx", 3000)
    monkeypatch.setattr(worksheet, "CUT_BLOCK", 1024)
    monkeypatch.setattr(ahead, "FORK_AHEAD", False)
    with Package(zipfile.ZipFile(path), path) as pkg:
        data, pieces, region, child = stream.read_and_cut(pkg, pkg.info("xl/worksheets/sheet1.xml"), [])
        assert data == pkg.read("xl/worksheets/sheet1.xml")
    assert child is None and pieces is not None and region is not None
    # cut around its 3,000 formula cells: STRIDE pieces a cell (their <v> left out), and the rest
    assert len(pieces) == 6 * 3000 + 1
    assert pieces[0].startswith(b"<worksheet") and pieces[-1].endswith(b"</sheetData></worksheet>")


def test_columns_read_in_blocks_of_rows_are_the_cells(tmp_path, monkeypatch):
    """Columns are matched a block of whole rows at a time (bounded memory): with blocks of
    a few rows, every value is still the cell's, as openpyxl reads them."""
    import numpy as np
    import openpyxl

    from socroi_xl.xlsx import cells
    from socroi_xl.xlsx.layout import locate

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 301):
        ws.append([r * 1.5, f"text {r % 7}", r % 3 == 0, None if r % 5 else r, f"=A{r}*2"])
    path = tmp_path / "cols.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        data = zf.read("xl/worksheets/sheet1.xml")
    lay = locate(data, "sheet1.xml")
    g = cells.grammar(lay.prefix)
    dec = cells.Decoder(g, np.array([], dtype=object), "sheet1.xml", False, print)
    monkeypatch.setattr(cells, "COLUMN_BLOCK", 200)  # a couple of rows a block
    assert len(list(cells.row_blocks(g, data, lay.body, lay.end))) > 100
    got = cells.read_columns(g, data, lay, [1, 2, 3, 4], dec, 300)
    wanted = openpyxl.load_workbook(path).active
    for c in (1, 2, 3, 4):
        arr, extras = got[c]
        values = {}
        for r in range(1, 301):
            v = arr[r]
            values[r] = None if isinstance(v, float) and v != v else (v.item() if hasattr(v, "item") else v)
        if extras is not None:
            values.update(zip(extras[0].tolist(), extras[1].tolist(), strict=True))
        assert values == {r: wanted.cell(r, c).value for r in range(1, 301)}, c
