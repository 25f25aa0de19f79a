"""The import contract with the template: Currency, Source and Counted columns, the book's
currency and FX table, GA4 rows that duplicate an ad platform's, blank books, and books
made before these columns existed.

The books are built here with openpyxl (tests/fixtures/exports/contract_book.py), with
formula columns that convert and count the way a template does, so that LibreOffice (an
independent engine) recalculates the imported rows end to end. Every expected figure is
worked out by hand in the comments from the fixture formulas in
tests/fixtures/exports/make_fixtures.py.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

from socroi_xl import libreoffice
from socroi_xl.cli import main
from socroi_xl.importers import ImportRefused, import_into
from socroi_xl.xlsx.safety import WorkbookError

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
META_EN = EXPORTS / "meta_ads_en.csv"      # USD, no platform breakdown, 2024-03-01..10
META_ES = EXPORTS / "meta_ads_es.csv"      # EUR
GA4 = EXPORTS / "ga4_traffic_acquisition.csv"  # no currency, dated 2024-03-01
LINKEDIN = EXPORTS / "linkedin_campaigns.csv"  # USD column, 2024-03-01..08


def _load_builder():
    spec = importlib.util.spec_from_file_location("contract_book", EXPORTS / "contract_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cb = _load_builder()


def table_rows(path: Path, sheet: str = "Campaigns", table: str = "Campaigns") -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    t = ws.tables[table]
    cells = list(ws[t.ref])
    header = [c.value for c in cells[0]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in cells[1:]]


def fx_rows(path: Path) -> dict[str, float]:
    return {r["Currency"]: r["Rate"] for r in table_rows(path, "Inputs", "FX") if r["Currency"]}


# -- currencies -------------------------------------------------------------------------------

def test_rows_keep_their_currency_and_source_counted_yes(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    report = import_into([META_EN, LINKEDIN], book)
    rows = table_rows(book)
    meta = [r for r in rows if r["Source"] == "Meta"]
    linkedin = [r for r in rows if r["Source"] == "LinkedIn"]
    assert len(meta) == 30 and len(linkedin) == 32
    # Meta states USD in "Amount spent (USD)"; LinkedIn in its Currency column
    assert {r["Currency"] for r in rows} == {"USD"}
    assert {r["Counted"] for r in rows} == {"Yes"}
    assert [f.currency for f in report.files] == ["USD", "USD"]
    assert report.notes == [] and all(f.notes == [] for f in report.files)


def test_foreign_currency_without_a_rate_is_refused_naming_both(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={})
    before = book.read_bytes()
    with pytest.raises(ImportRefused) as err:
        import_into(META_EN, book)
    msg = str(err.value)
    assert "\n" not in msg
    assert "no exchange rate for USD into EUR" in msg and "--fx USD=" in msg
    assert book.read_bytes() == before


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, list[dict]]:
    """The two end-to-end books, imported, then recalculated by LibreOffice in one run:
    ``fx`` (EUR book, USD Meta export, --fx USD=0.92) and ``counted`` (USD book, Meta EN
    without platform breakdown and GA4 with paid social)."""
    folder = tmp_path_factory.mktemp("lo")
    fx = cb.build(folder / "fx.xlsx", currency="EUR", fx={"GBP": 1.17})
    report = import_into(META_EN, fx, fx={"USD": 0.92})
    assert fx_rows(fx) == {"GBP": 1.17, "USD": 0.92}
    assert any("USD = 0.92 EUR added" in n for n in report.notes)
    rows = table_rows(fx)
    assert {r["Currency"] for r in rows} == {"USD"}
    # amounts are stored as the export gives them: the template converts
    assert sum(r["Spend"] for r in rows) == pytest.approx(1072.50)
    counted = cb.build(folder / "counted.xlsx", currency="USD", fx={})
    import_into([META_EN, GA4], counted)
    return _recalculated(folder, [fx, counted])


def test_fx_option_records_the_rate_and_libreoffice_converts(recalculated):
    """EUR book, USD Meta export, --fx USD=0.92.

    Meta EN spend: Σ_k Σ_d (20.25 + 10k + d), k = 0..2, d = 1..10
    = 30 × 20.25 + 10 × 10 × (0 + 1 + 2) + 3 × 55 = 607.50 + 300 + 165 = 1072.50 USD
    -> 1072.50 × 0.92 = 986.70 EUR. Revenue 40 × Σ purchases = 40 × 30 = 1200 USD
    (purchases d mod 3 over d = 1..10 is 1+2+0+1+2+0+1+2+0+1 = 10 per campaign)
    -> 1104.00 EUR.
    """
    values = recalculated["fx"]
    assert sum(r["Spend (book)"] for r in values) == pytest.approx(986.70)
    assert sum(r["Revenue (book)"] or 0 for r in values) == pytest.approx(1104.00)


def test_rate_already_in_the_fx_table_is_enough_and_fx_updates_it(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={"USD": 0.9})
    assert import_into(META_EN, book).added == 30
    report = import_into(LINKEDIN, book, fx={"USD": 0.93})
    assert fx_rows(book) == {"USD": 0.93}
    assert "FX table: USD rate 0.9 -> 0.93 EUR" in report.notes


def test_fx_table_grows_below_its_free_rows(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={"USD": 0.9}, fx_free_rows=1)
    import_into(LINKEDIN, book, fx={"GBP": 1.17, "CHF": 1.05})
    wb = openpyxl.load_workbook(book)
    # USD on row 2, GBP takes the free row 3, CHF a new row 4
    assert wb["Inputs"].tables["FX"].ref == "D1:E4"
    assert fx_rows(book) == {"USD": 0.9, "GBP": 1.17, "CHF": 1.05}


def test_fx_for_the_book_currency_or_malformed_is_refused(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={})
    with pytest.raises(ImportRefused, match="EUR is the book's own currency"):
        import_into(META_ES, book, fx={"EUR": 1.0})
    res = CliRunner().invoke(main, ["import", str(META_ES), "--into", str(book),
                                    "--fx", "USD:0.9"])
    assert res.exit_code == 1 and "--fx 'USD:0.9'" in res.output
    res = CliRunner().invoke(main, ["import", str(META_ES), "--into", str(book),
                                    "--fx", "USD=-1"])
    assert res.exit_code == 1 and "\n" not in res.output.strip()


def test_export_without_currency_takes_the_book_currency_and_says_so(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={})
    report = import_into(GA4, book)
    rows = table_rows(book)
    # rows with revenue take EUR; GA4 rows never have spend: Spend stays blank, never 0
    assert all(r["Spend"] is None for r in rows)
    with_revenue = [r for r in rows if r["Revenue"]]
    assert with_revenue and {r["Currency"] for r in with_revenue} == {"EUR"}
    assert report.files[0].notes[0] == "currency not stated: taken as EUR (the book's currency)"


def test_currency_option_for_exports_that_state_none(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={})
    with pytest.raises(ImportRefused, match="no exchange rate for USD"):
        import_into(GA4, book, currency_code="USD")
    report = import_into(GA4, book, currency_code="USD", fx={"USD": 0.92})
    assert report.files[0].currency == "USD"
    assert "taken as USD (--currency)" in report.files[0].notes[0]


def test_currency_option_that_contradicts_the_export_is_refused(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={"USD": 0.9})
    with pytest.raises(ImportRefused, match="states its amounts in USD but --currency EUR"):
        import_into(META_EN, book, currency_code="EUR")


def test_blank_book_currency_takes_the_exports_currency(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="", fx={})
    report = import_into(META_EN, book)
    assert openpyxl.load_workbook(book)["Inputs"]["B1"].value == "USD"
    assert report.notes[0].startswith("the book's currency (BookCurrency) was blank: set to USD")


def test_blank_book_currency_from_the_exports_that_state_one(tmp_path):
    # Meta states USD; GA4 states none: the book becomes USD and GA4's revenue is USD
    book = cb.build(tmp_path / "b.xlsx", currency="", fx={})
    report = import_into([META_EN, GA4], book)
    assert openpyxl.load_workbook(book)["Inputs"]["B1"].value == "USD"
    assert report.files[1].notes[0] == "currency not stated: taken as USD (the book's currency)"
    assert {r["Currency"] for r in table_rows(book) if r["Revenue"]} == {"USD"}


def test_blank_book_currency_and_no_stated_currency_is_refused(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="", fx={})
    before = book.read_bytes()
    with pytest.raises(ImportRefused, match="no export states its currency: give --currency"):
        import_into(GA4, book)
    assert book.read_bytes() == before
    import_into(GA4, book, currency_code="GBP")
    assert openpyxl.load_workbook(book)["Inputs"]["B1"].value == "GBP"


def test_blank_book_currency_with_two_currencies_is_refused(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="", fx={})
    with pytest.raises(ImportRefused, match="exports are in EUR, USD"):
        import_into([META_EN, META_ES], book)


# -- counted once ------------------------------------------------------------------------------

# GA4's paid-social rows (all dated 2024-03-01, the report start):
#   Facebook spring_sale (two sources merged: revenue 1000 + 250), Facebook retarget_march
#   (500), Facebook retarget_q1 (90), Instagram summer_launch (paid) (600), LinkedIn
#   b2b_leads (0), TikTok spring_tiktok (120).
# Meta EN (platform "Meta", family Meta) has rows on 2024-03-01, so the four Facebook and
# Instagram paid rows duplicate it; LinkedIn's (no LinkedIn export) and TikTok's do not.
GA4_DUPLICATES_OF_META = {"GA4: spring_sale", "GA4: retarget_march", "GA4: retarget_q1",
                          "GA4: summer_launch (paid)"}


def _counted(path: Path) -> dict[str, str]:
    return {r["Campaign"]: r["Counted"] for r in table_rows(path) if r["Source"] == "GA4"}


@pytest.mark.parametrize("order", ["ga4-then-meta", "meta-then-ga4", "one-command"])
def test_ga4_rows_duplicating_meta_not_counted_whatever_the_order(tmp_path, order):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    if order == "ga4-then-meta":
        import_into(GA4, book)
        report = import_into(META_EN, book)
        assert any("4 GA4 paid-social row(s) already in the book now not counted" in n
                   for n in report.notes)
    elif order == "meta-then-ga4":
        import_into(META_EN, book)
        report = import_into(GA4, book)
        assert report.files[0].duplicates == 4
    else:
        report = import_into([GA4, META_EN], book)
        assert report.files[0].duplicates == 4
    counted = _counted(book)
    assert {c for c, v in counted.items() if v == "No"} == GA4_DUPLICATES_OF_META
    assert counted["GA4: b2b_leads"] == "Yes" and counted["GA4: spring_tiktok"] == "Yes"
    assert {r["Counted"] for r in table_rows(book) if r["Source"] == "Meta"} == {"Yes"}


def test_keep_duplicates_counts_them(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    report = import_into([META_EN, GA4], book, keep_duplicates=True)
    assert set(_counted(book).values()) == {"Yes"}
    assert report.files[1].duplicates == 4
    assert "counted (--keep-duplicates)" in report.files[1].notes[-1]


def test_counted_revenue_recalculated_by_libreoffice(recalculated):
    """USD book, Meta EN (without platform breakdown) and GA4 with paid social.

    Counted revenue = Meta 1200 + GA4 social 2950 − duplicates (1250 + 500 + 90 + 600)
    = 1200 + 510 = 1710 (with every GA4 row counted it would be 4150). Spend: Meta only,
    1072.50; GA4 rows have none (blank, so CPC is blank on them, never 0).
    """
    values = recalculated["counted"]
    assert sum(r["Counted revenue"] for r in values) == pytest.approx(1710.0)
    assert sum(r["Counted spend"] for r in values) == pytest.approx(1072.50)
    assert all(r["CPC"] is None for r in values if r["Source"] == "GA4")


def test_meta_with_platform_breakdown_is_the_same_family(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Day,Campaign name,Platform,Amount spent (USD),Impressions\n"
                 "2024-03-01,Spring,facebook,10,100\n2024-03-01,Spring,instagram,5,50\n",
                 encoding="utf-8")
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    import_into([GA4, p], book)
    rows = table_rows(book)
    assert {r["Platform"] for r in rows if r["Source"] == "Meta"} == {"Facebook", "Instagram"}
    assert {c for c, v in _counted(book).items() if v == "No"} == GA4_DUPLICATES_OF_META


def test_meta_with_and_without_breakdown_for_one_campaign_day_is_refused(tmp_path):
    whole = tmp_path / "meta_whole.csv"
    whole.write_text("Day,Campaign name,Amount spent (USD)\n2024-03-01,Spring,15\n"
                     "2024-03-02,Spring,9\n", encoding="utf-8")
    split = tmp_path / "meta_split.csv"
    split.write_text("Day,Campaign name,Platform,Amount spent (USD)\n"
                     "2024-03-01,Spring,facebook,10\n2024-03-01,Spring,instagram,5\n",
                     encoding="utf-8")
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    with pytest.raises(ImportRefused, match="with and without the platform breakdown .*"
                                            "'Spring' on 2024-03-01"):
        import_into([whole, split], book)
    import_into(whole, book)
    before = book.read_bytes()
    with pytest.raises(ImportRefused, match="the spend would be counted twice"):
        import_into(split, book)
    assert book.read_bytes() == before


def test_ga4_on_days_without_the_platform_is_counted_and_said(tmp_path):
    p = tmp_path / "meta.csv"
    p.write_text("Day,Campaign name,Amount spent (USD)\n2024-03-05,Spring,10\n",
                 encoding="utf-8")
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    report = import_into([p, GA4], book)
    assert set(_counted(book).values()) == {"Yes"}
    # Facebook ×3 and Instagram ×1 paid rows on 2024-03-01, Meta only on 2024-03-05
    assert any(n.startswith("4 GA4 paid-social row(s) of Meta fall on days without")
               for n in report.notes)


# -- blank books ---------------------------------------------------------------------------

@pytest.mark.parametrize("blank", ["none", "empty-row"])
def test_blank_book_is_importable(tmp_path, blank):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={}, blank=blank)
    report = import_into(META_EN, book)
    assert report.added == 30
    wb = openpyxl.load_workbook(book)
    ws = wb["Campaigns"]
    # header on row 3, 30 rows from row 4 (the empty row is reused)
    assert ws.tables["Campaigns"].ref == "A3:T33"
    assert ws["A4"].value == dt.datetime(2024, 3, 1) and ws["A4"].is_date
    assert ws["D4"].value == "Spring Sale – Prospecting"
    # formula columns come from the table's calculated-column formulas
    assert ws["P33"].value == "=" + cb.FORMULAS["Spend (book)"]
    assert not any("no formula to copy" in n for n in report.notes)
    # the Type validation grows with the table
    assert "C4:C33" in {str(dv.sqref) for dv in ws.data_validations.dataValidation}


def test_formula_column_without_a_formula_is_named(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={}, blank="none")
    parts = _members(book)
    table = next(n for n in parts if n.startswith("xl/tables/") and b'"Campaigns"' in parts[n])
    xml = parts[table].decode()
    start = xml.index('name="CPC"')
    end = xml.index("</tableColumn>", start)
    parts[table] = (xml[:start] + 'name="CPC"/>' + xml[end + len("</tableColumn>"):]).encode()
    _write(book, parts)
    report = import_into(META_EN, book)
    assert any(n.startswith("column 'CPC' has no formula to copy") for n in report.notes)


# -- older books (before Currency, Source, Counted) ------------------------------------------

OLD_COLUMNS = [c for c in cb.INPUTS if c not in ("Currency", "Source", "Counted")]


def test_older_book_imports_its_own_currency_as_before(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx=None, columns=OLD_COLUMNS)
    report = import_into([META_EN, LINKEDIN], book)
    assert report.added == 62
    assert "Currency" not in table_rows(book)[0]


def test_older_book_refuses_another_currency(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx=None, columns=OLD_COLUMNS)
    with pytest.raises(ImportRefused, match="in EUR, but the book's currency is USD and its "
                                            "Campaigns table has no Currency column"):
        import_into(META_ES, book)
    with pytest.raises(ImportRefused, match="--fx needs an FX table"):
        import_into(META_EN, book, fx={"EUR": 1.1})


def test_older_book_refuses_duplicates_it_cannot_mark_unless_kept(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx=None, columns=OLD_COLUMNS)
    import_into(META_EN, book)
    before = book.read_bytes()
    with pytest.raises(ImportRefused, match="4 GA4 paid-social rows duplicate ad-platform rows"):
        import_into(GA4, book)
    assert book.read_bytes() == before
    assert import_into(GA4, book, keep_duplicates=True).added == 17


# -- the Campaigns table's range ---------------------------------------------------------------

@pytest.mark.parametrize("ref", ["garbage", "A3:T", "A:T", "T40:A3", "A0:T4", "A3:T99999999",
                                 "A3:C4", "A3:T3 A5:T6", ""])
def test_garbage_table_range_is_a_clean_error(tmp_path, ref):
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={}, blank="empty-row")
    parts = _members(book)
    table = next(n for n in parts if n.startswith("xl/tables/") and b'"Campaigns"' in parts[n])
    parts[table] = parts[table].replace(b'ref="A3:T4"', f'ref="{ref}"'.encode(), 1)
    _write(book, parts)
    before = book.read_bytes()
    with pytest.raises(WorkbookError) as err:
        import_into(META_EN, book)
    assert "\n" not in str(err.value) and "Campaigns table" in str(err.value)
    assert book.read_bytes() == before


def test_cli_options_and_notes(tmp_path):
    book = cb.build(tmp_path / "b.xlsx", currency="EUR", fx={})
    res = CliRunner().invoke(main, ["import", str(META_EN), str(GA4), "--into", str(book),
                                    "--fx", "USD=0.92", "--currency", "USD"])
    assert res.exit_code == 0, res.output
    out = res.output.splitlines()
    assert any(line.endswith("FX table: USD = 0.92 EUR added") for line in out)
    assert any("currency not stated: taken as USD (--currency)" in line for line in out)
    assert any("duplicate ad-platform rows: not counted" in line for line in out)
    res = CliRunner().invoke(main, ["import", str(META_ES), "--into", str(book),
                                    "--currency", "EUR", "--keep-duplicates"])
    assert res.exit_code == 0, res.output


# -- helpers -------------------------------------------------------------------------------------

def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _recalculated(folder: Path, books: list[Path]) -> dict[str, list[dict]]:
    """The Campaigns rows of each book as LibreOffice computes them, by file stem (skips
    without LibreOffice)."""
    soffice = libreoffice.find_soffice()
    if soffice is None or shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    profile = folder / "lo_profile"
    libreoffice.make_profile(profile, recalc_on_load=True)
    out = folder / "lo_out"
    libreoffice.convert(books, out, "xlsx", profile, soffice, 300)
    result = {}
    for book in books:
        wb = openpyxl.load_workbook(out / book.name, data_only=True)
        ws = wb["Campaigns"]
        cells = list(ws[ws.tables["Campaigns"].ref])
        header = [c.value for c in cells[0]]
        result[book.stem] = [dict(zip(header, (c.value for c in row), strict=True))
                             for row in cells[1:]]
    return result


def test_import_messages_stay_one_line_whatever_the_file_names(tmp_path):
    """A newline or a terminal escape in an export's or the book's name is escaped in every
    line `socroi import` prints, on success and on refusal (issue 12, item 8)."""
    odd = tmp_path / "meta\n\x1b[2Jads.csv"
    shutil.copyfile(META_EN, odd)
    book = cb.build(tmp_path / "b\x1b]0;x\x07.xlsx", currency="USD", fx={})
    res = CliRunner().invoke(main, ["import", str(odd), "--into", str(book)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines and all("\x1b" not in line and "\x07" not in line for line in lines)
    assert any("meta\\n\\x1b[2Jads.csv" in line for line in lines)  # one line per export, escaped
    refused = CliRunner().invoke(main, ["import", str(odd), "--into", str(tmp_path / "no\nbook.xlsx")])
    assert refused.exit_code != 0
    assert "\x1b" not in refused.output and len(refused.output.strip().splitlines()) == 1


def test_dates_stored_as_iso_text_are_the_days_they_name(tmp_path):
    """A Campaigns table whose Date cells are stored as ISO 8601 text (t="d": Strict files,
    openpyxl with iso_dates) is read as those days, so importing the same export again
    replaces its rows instead of adding them a second time (they used to read as blank)."""
    from socroi_xl.importers.sheet import cell_value

    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    assert import_into(META_EN, book).added == 30
    ws = openpyxl.load_workbook(book)["Campaigns"]
    header = [c.value for c in ws[ws.tables["Campaigns"].ref][0]]
    letter = ws.cell(1, header.index("Date") + 1).column_letter.encode()
    date_cell = re.compile(rb'(<c r="' + letter + rb'\d+")([^>]*?)><v>(\d+(?:\.0+)?)</v></c>')

    def to_iso(m: re.Match[bytes]) -> bytes:
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(m.group(3))))
        return m.group(1) + m.group(2).replace(b' t="n"', b"") + b' t="d"><v>' + day.isoformat().encode() + b"</v></c>"

    with zipfile.ZipFile(book) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheets = [n for n in parts if n.startswith("xl/worksheets/sheet")]
    sheet = max(sheets, key=lambda n: len(date_cell.findall(parts[n])))
    parts[sheet], n = date_cell.subn(to_iso, parts[sheet])
    assert n >= 30  # every imported row's date, now ISO text
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    again = import_into(META_EN, book)
    assert again.added == 0 and again.replaced == 30
    # 2024-03-01: 45,292 (2024-01-01) + 31 + 29 days = 45,352; in the 1904 system 1,462 fewer
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cell = etree.fromstring(b'<c xmlns="' + ns + b'" t="d"><v>2024-03-01T00:00:00</v></c>')
    assert cell_value(cell, []) == 45352.0 and cell_value(cell, [], date1904=True) == 43890.0


def test_a_shared_string_beyond_the_table_is_refused_naming_the_book(tmp_path):
    """A Campaigns cell pointing at a shared string the workbook lacks (a damaged file) is
    refused with the book's name, never read as a blank (issue 12, item 5)."""
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    assert import_into(META_EN, book).added == 30
    with zipfile.ZipFile(book) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    ws = openpyxl.load_workbook(book)["Campaigns"]
    header = [c.value for c in ws[ws.tables["Campaigns"].ref][0]]
    first = ws[ws.tables["Campaigns"].ref][1][header.index("Platform")]  # its first data row
    ref = first.coordinate.encode()
    cell = re.compile(rb'<c r="' + ref + rb'"[^>]*?(?:/>|>.*?</c>)')
    sheets = [n for n in parts if n.startswith("xl/worksheets/sheet") and cell.search(parts[n])]
    sheet = max(sheets, key=lambda n: len(parts[n]))
    parts[sheet] = cell.sub(b'<c r="' + ref + b'" t="s"><v>99999</v></c>', parts[sheet], count=1)
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    before = book.read_bytes()
    with pytest.raises(WorkbookError, match=r"b\.xlsx.*shared string '99999'"):
        import_into(META_EN, book)
    res = CliRunner().invoke(main, ["import", str(META_EN), "--into", str(book)])
    assert res.exit_code == 1 and "shared string" in res.output and len(res.output.strip().splitlines()) == 1
    assert book.read_bytes() == before  # the book is left as it was
