"""Streaming: exports are read a block of rows at a time and the Campaigns sheet is
rewritten a row at a time, with the same result as reading and writing whole; the block
boundaries never change a value; dates beyond pandas' nanosecond range; sheets written by
other tools (namespace prefix, rows without numbers, rows out of order).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from socroi_xl.importers import (
    ExportError,
    ImportRefused,
    detect,
    import_into,
    read_export,
    sheet_stream,
    table,
)
from socroi_xl.xlsx.safety import WorkbookError

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
FIXTURES = sorted(p.name for p in EXPORTS.iterdir() if p.suffix in (".csv", ".xlsx"))


def _load_builder():
    spec = importlib.util.spec_from_file_location("contract_book", EXPORTS / "contract_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cb = _load_builder()


@pytest.mark.parametrize("name", FIXTURES)
def test_small_blocks_read_the_same_as_one_block(monkeypatch, name):
    whole = read_export(EXPORTS / name)
    monkeypatch.setattr(table, "CHUNK_ROWS", 3)
    monkeypatch.setattr(table, "READ_BLOCK", 7)  # text read 7 characters at a time
    pieces = read_export(EXPORTS / name)
    pd.testing.assert_frame_equal(pieces, whole)
    assert pieces.attrs == whole.attrs


def test_blocks_are_bounded(monkeypatch, tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Day,Campaign name,Amount spent (USD)\n"
                 + "".join(f"2024-01-{d:02d},C{d},{d}\n" for d in range(1, 11)), encoding="utf-8")
    monkeypatch.setattr(table, "CHUNK_ROWS", 4)
    sizes = []
    real = detect.FORMATS["meta"].reader

    class Spy(real):
        def read(self, block):
            sizes.append(len(block.data))
            return super().read(block)

    monkeypatch.setitem(detect.FORMATS, "meta", detect.FORMATS["meta"].__class__(
        **{**detect.FORMATS["meta"].__dict__, "reader": Spy}))
    df = read_export(p)
    assert sizes == [4, 4, 2] and df["spend"].sum() == 55  # 1 + 2 + ... + 10


def test_decimal_comma_found_in_a_later_block_rereads_the_earlier_ones(monkeypatch, tmp_path):
    # French export: the first block holds "1.234" (a point), a later one "5,5" (a comma):
    # the file writes decimal commas, so "1.234" is 1234 (point groups thousands)
    p = tmp_path / "meta_fr.csv"
    p.write_text("Jour,Nom de la campagne,Montant dépensé (EUR)\n"
                 "2024-01-01,A,1.234\n2024-01-02,B,7\n2024-01-03,C,\"5,5\"\n", encoding="utf-8")
    monkeypatch.setattr(table, "CHUNK_ROWS", 1)
    assert read_export(p)["spend"].tolist() == [1234.0, 7.0, 5.5]


def test_table_end_found_across_read_blocks(monkeypatch, tmp_path):
    p = tmp_path / "meta.csv"
    p.write_bytes(b"Day,Campaign name,Amount spent (USD)\r\n2024-01-01,A,1\r\n2024-01-02,B,2\r\n"
                  b"\r\nTotals,,3\r\n")
    for size in range(1, 12):
        monkeypatch.setattr(table, "READ_BLOCK", size)
        assert read_export(p)["campaign"].tolist() == ["A", "B"], size


def test_more_rows_than_a_sheet_holds_refused_while_reading(monkeypatch, tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Day,Campaign name,Amount spent (USD)\n"
                 + "".join(f"2024-01-01,C{i},1\n" for i in range(12)), encoding="utf-8")
    monkeypatch.setattr(table, "CHUNK_ROWS", 5)
    monkeypatch.setattr(detect, "MAX_ROW", 8)
    with pytest.raises(ExportError, match="more than 8 campaign rows") as err:
        read_export(p)
    # data on lines 2..13, blocks of 5: lines 2..6 (5 rows), 7..11 (10 rows > 8): the
    # error names the last line of the block that passed the limit
    assert err.value.line == 11


def test_new_rows_in_small_blocks_write_the_same_bytes(monkeypatch, tmp_path):
    a = cb.build(tmp_path / "a.xlsx", currency="USD", fx={}, blank="empty-row")
    b = Path(shutil.copy(a, tmp_path / "b.xlsx"))  # the same bytes (openpyxl stamps core.xml with the time)
    import_into(EXPORTS / "linkedin_campaigns.csv", a)
    monkeypatch.setattr(sheet_stream, "BLOCK_ROWS", 3)
    monkeypatch.setattr(sheet_stream, "FLUSH", 10)
    import_into(EXPORTS / "linkedin_campaigns.csv", b)
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert [za.read(n) for n in za.namelist()] == [zb.read(n) for n in zb.namelist()]


# -- dates ---------------------------------------------------------------------------------------

def test_dates_beyond_pandas_nanosecond_range_are_read(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Day,Campaign name,Amount spent (USD)\n2300-01-05,Far,1\n1901-03-02,Old,2\n",
                 encoding="utf-8")
    df = read_export(p)
    assert df["date"].tolist() == [pd.Timestamp("2300-01-05"), pd.Timestamp("1901-03-02")]
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    import_into(p, book)
    ws = openpyxl.load_workbook(book)["Campaigns"]
    assert ws["A4"].value == dt.datetime(2300, 1, 5) and ws["A5"].value == dt.datetime(1901, 3, 2)
    # the serial itself, against Python's own calendar (Excel's day 0 is 1899-12-30 for
    # every date after February 1900)
    with zipfile.ZipFile(book) as zf:
        xml = zf.read("xl/worksheets/sheet2.xml").decode()
    serial = (dt.date(2300, 1, 5) - dt.date(1899, 12, 30)).days
    assert '<c r="A4" s="' in xml and f"<v>{serial}</v>" in xml


@pytest.mark.parametrize("day", ["1650-01-01", "1899-12-31"])
def test_dates_excel_does_not_hold_are_a_clean_error(tmp_path, day):
    p = tmp_path / "meta.csv"
    p.write_text(f"Day,Campaign name,Amount spent (USD)\n2024-01-01,A,1\n{day},B,2\n",
                 encoding="utf-8")
    with pytest.raises(ExportError) as err:
        read_export(p)
    assert err.value.line == 3 and "outside the dates Excel holds" in str(err.value)
    assert "\n" not in str(err.value)


def test_far_dates_in_an_xlsx_export(tmp_path):
    p = tmp_path / "meta.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Day", "Campaign name", "Amount spent (USD)"])
    ws.append([dt.datetime(2500, 6, 1), "Far", 1])
    ws.append([dt.datetime(1800, 6, 1), "Old", 1])
    wb.save(p)
    with pytest.raises(ExportError) as err:
        read_export(p)
    assert err.value.line == 3 and "1800-06-01" in str(err.value)


def test_report_start_that_is_no_day_leaves_rows_undated(tmp_path):
    p = tmp_path / "ga4.csv"
    p.write_text("# Start date: 20241399\nSession source / medium,Sessions\nfacebook / cpc,5\n",
                 encoding="utf-8")
    df = read_export(p)
    assert df["date"].isna().all()  # skipped on import, and counted as skipped


def test_first_days_of_1900_follow_excels_calendar(tmp_path):
    # Excel counts 29 February 1900 (a day that never was): 1900-01-01 is day 1,
    # 1900-02-28 day 59, 1900-03-01 day 61
    p = tmp_path / "meta.csv"
    p.write_text("Day,Campaign name,Amount spent (USD)\n1900-01-01,A,1\n1900-02-28,B,1\n"
                 "1900-03-01,C,1\n", encoding="utf-8")
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    import_into(p, book)
    with zipfile.ZipFile(book) as zf:
        xml = zf.read("xl/worksheets/sheet2.xml").decode()
    got = [re.search(rf'<c r="A{r}"[^>]*><v>(\d+)</v>', xml).group(1) for r in (4, 5, 6)]
    assert got == ["1", "59", "61"]


def test_date_before_1904_refused_by_a_1904_book(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Day,Campaign name,Amount spent (USD)\n1903-05-01,A,1\n", encoding="utf-8")
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    wb = openpyxl.load_workbook(book)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(book)
    with pytest.raises(ImportRefused, match="1903-05-01 is before 1904-01-01"):
        import_into(p, book)


# -- sheets as other tools write them ------------------------------------------------------

def _edit_sheet(book: Path, edit) -> None:
    with zipfile.ZipFile(book) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    name = "xl/worksheets/sheet2.xml"
    parts[name] = edit(parts[name].decode()).encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)


def _old_row(book: Path, first_row: int = 3) -> Path:
    return cb.build(book, currency="USD", fx={}, first_row=first_row, rows=[
        cb.row(dt.date(2024, 1, 1), "Meta", "Old", 5, currency="USD", source="Meta",
               counted="Yes")])


def test_namespace_prefixed_sheet(tmp_path):
    book = _old_row(tmp_path / "b.xlsx")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    def prefix(xml: str) -> str:
        xml = xml.replace(f'xmlns="{main}"', f'xmlns:x="{main}"')
        return re.sub(r"<(/?)(?!x:|\?)([A-Za-z]+)", r"<\1x:\2", xml)

    _edit_sheet(book, prefix)
    assert import_into(EXPORTS / "meta_ads_en.csv", book).added == 30
    ws = openpyxl.load_workbook(book)["Campaigns"]
    assert ws["D4"].value == "Old" and ws["D5"].value == "Spring Sale – Prospecting"
    assert ws["P34"].value == "=" + cb.FORMULAS["Spend (book)"]
    with zipfile.ZipFile(book) as zf:
        xml = zf.read("xl/worksheets/sheet2.xml").decode()
    assert "<row" not in xml and "<x:row" in xml  # the new rows use the sheet's prefix


def test_rows_and_cells_without_numbers(tmp_path):
    # rows and cells may leave out their r (each is then the one after the previous):
    # header on row 1, the old row on row 2, no gaps, so nothing moves
    book = _old_row(tmp_path / "b.xlsx", first_row=1)
    _edit_sheet(book, lambda xml: re.sub(r' r="[A-Z]*\d+"', "", xml))  # no r anywhere
    report = import_into(EXPORTS / "meta_ads_en.csv", book)
    assert (report.added, report.replaced) == (30, 0)
    ws = openpyxl.load_workbook(book)["Campaigns"]
    assert ws["D2"].value == "Old" and ws["D3"].value == "Spring Sale – Prospecting"
    # and again: the row written before is found by its key
    assert import_into(EXPORTS / "meta_ads_en.csv", book).replaced == 30


def test_rows_out_of_order_refused(tmp_path):
    book = _old_row(tmp_path / "b.xlsx")

    def swap(xml: str) -> str:
        rows = re.findall(r"<row .*?</row>", xml)
        return xml.replace(rows[0] + rows[1], rows[1] + rows[0])

    _edit_sheet(book, swap)
    before = book.read_bytes()
    with pytest.raises(WorkbookError, match="out of order"):
        import_into(EXPORTS / "meta_ads_en.csv", book)
    assert book.read_bytes() == before


def test_memory_holds_one_block_of_new_rows(monkeypatch, tmp_path):
    """The text of new rows is made a block at a time: never more than BLOCK_ROWS rows
    of text exist at once (spied on NewRows.text)."""
    from socroi_xl.importers import row_text

    asked = []
    real = row_text.NewRows.text

    def spy(self, a, b):
        asked.append(b - a)
        return real(self, a, b)

    monkeypatch.setattr(row_text.NewRows, "text", spy)
    monkeypatch.setattr(sheet_stream, "BLOCK_ROWS", 7)
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    import_into(EXPORTS / "linkedin_campaigns.csv", book)  # 32 rows
    assert asked == [7, 7, 7, 7, 4]
    assert np.sum(asked) == 32
