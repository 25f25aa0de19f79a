"""Fuzzing the importers: random and broken CSV and XLSX exports of every format, odd
encodings, huge numbers, bad and far dates, hostile text, damaged Campaigns tables.

Properties, whatever the input:

* reading an export either gives a canonical frame (dates Excel can hold, finite numbers,
  texts within a cell's limit) or raises :class:`ExportError` (one line) — never another
  exception, never a traceback;
* importing either writes a workbook in which every imported text is a text cell (never
  a formula) and reads back as it was given, or raises ExportError, ImportRefused or
  WorkbookError and leaves the workbook byte for byte as it was.

Crashes found here are kept as plain tests at the bottom of this file (and in
tests/test_import_*.py).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import importlib.util
import io
import math
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.utils.exceptions import IllegalCharacterError

from socroi_xl.importers import ExportError, ImportRefused, import_into, read_export
from socroi_xl.importers.canonical import COLUMNS, NUMBER_COLUMNS
from socroi_xl.xlsx.safety import WorkbookError

EXPORTS = Path(__file__).parent.parent / "fixtures" / "exports"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: The end-to-end tests write a workbook per example: a sixth of the budget.
E2E = max(10, settings().max_examples // 6)


def _load_builder():
    spec = importlib.util.spec_from_file_location("contract_book", EXPORTS / "contract_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cb = _load_builder()

HEADERS = {
    "meta": ["Day", "Campaign name", "Platform", "Amount spent (USD)", "Impressions", "Reach",
             "Link clicks", "Post engagement", "Leads", "Purchases",
             "Purchases conversion value"],
    "meta_fr": ["Jour", "Nom de la campagne", "Montant dépensé (EUR)", "Impressions",
                "Couverture", "Prospects"],
    "linkedin": ["Start Date (in UTC)", "Campaign Name", "Currency", "Total Spent",
                 "Impressions", "Clicks", "Total Engagements", "Leads", "Conversions"],
    "google_ads": ["Day", "Campaign", "Campaign type", "Currency code", "Cost", "Impr.",
                   "Clicks", "Conversions", "Conv. value"],
    "ga4": ["Session source / medium", "Session campaign", "Date", "Sessions",
            "Engaged sessions", "Key events", "Total revenue"],
}
PREAMBLE = {
    "ga4": "# Traffic acquisition\n# Start date: 20240301\n",
    "linkedin": 'Campaign Performance Report\n"Report Start: 3/1/2024, 12:00 AM"\n\n',
    "google_ads": "Campaign report\nMarch 1, 2024 - March 10, 2024\n",
}

# -- cells ------------------------------------------------------------------------------------

hostile_text = st.sampled_from([
    '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
    "=cmd|' /C calc'!A0", "_x0041_", "a\x07b", "<b>&amp;</b>", "]]>", "\ufeff", "\u202e",
    '"quoted"', "semi;colon", "tab\tin", "line\nbreak", " padded ", "#hash", "–—", "",
])
number_text = st.one_of(
    st.integers(-10**6, 10**9).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
    st.sampled_from(["1,234.56", "1.234,56", "1 234,56", "(12.00)", "12%", "$5", "€5",
                     "USD 5", "--", "—", "N/A", "", "9" * 400, "1e400", "-1e400", "inf",
                     "nan", "NaN", "1_000", "0x10", "1.2.3", "+-1", ".5", "5.", "١٢٣",
                     "1e-400", "½", " 12 ", "12\n", "\u00a0"]),
)
date_text = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(
        lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%m/%d/%Y")),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.sampled_from(["2262-04-12", "1677-09-21", "2024-02-30", "2024-13-01", "0000-01-01",
                     "99999-01-01", "", "--", "yesterday", "2024-01-01T10:00",
                     "1900-02-29", "1899-12-31", "9999-12-31", "10000-01-01"]),
)
cell = st.one_of(hostile_text, number_text, date_text, st.text(max_size=30))


def _row(width: int) -> st.SearchStrategy[list[str]]:
    return st.lists(cell, min_size=0, max_size=width + 2)


@st.composite
def text_export(draw) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(sorted(HEADERS)))
    header = HEADERS[fmt]
    rows = draw(st.lists(_row(len(header)), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(
        ["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    text = PREAMBLE.get(fmt, "") + buf.getvalue()
    if draw(st.booleans()):
        text += draw(st.sampled_from(["\n", "\nTotal:,1,2\n", "\n# next section\n", ",,,\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252",
                                     "latin-1"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    if draw(st.booleans()):  # damage a few bytes
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut:]
    return fmt, data


def _check_frame(df: pd.DataFrame) -> None:
    assert list(df.columns) == list(COLUMNS)
    days = df["date"].dropna()
    if len(days):
        assert days.min() >= pd.Timestamp("1900-01-01")
        assert days.max() <= pd.Timestamp("9999-12-31")
    for name in NUMBER_COLUMNS:
        values = df[name].to_numpy(dtype=np.float64)
        assert not np.isinf(values).any(), name
    for name in ("platform", "type", "campaign", "currency"):
        assert all(isinstance(v, str) and len(v) <= 32767 for v in df[name]), name


def _read(path: Path) -> pd.DataFrame | None:
    try:
        df = read_export(path)
    except ExportError as exc:
        assert "\n" not in str(exc).strip() or "line" in str(exc)
        return None
    _check_frame(df)
    return df


# -- properties ---------------------------------------------------------------------------------

@given(st.binary(max_size=400))
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"PK\x03\x04garbage")
@example(b"Day,Campaign name,Amount spent (USD)\n2024-01-01,\"x\n")
def test_random_bytes_read_cleanly(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("raw") / "export.csv"
    p.write_bytes(data)
    _read(p)


@given(text_export())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_text_exports_read_cleanly(tmp_path_factory, export):
    fmt, data = export
    p = tmp_path_factory.mktemp("csv") / f"{fmt}.csv"
    p.write_bytes(data)
    _read(p)


xlsx_value = st.one_of(
    cell, st.none(), st.booleans(),
    st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.times(),
)


@given(st.sampled_from(["meta", "linkedin", "google_ads"]),
       st.lists(st.lists(xlsx_value, max_size=12), max_size=8))
@settings(max_examples=E2E)
def test_xlsx_exports_read_cleanly(tmp_path_factory, fmt, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS[fmt])
    for r in rows:
        try:
            ws.append(r)
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses them
            assume(False)
    p = tmp_path_factory.mktemp("xlsx") / f"{fmt}.xlsx"
    try:
        wb.save(p)
    except (ValueError, TypeError):
        assume(False)
    _read(p)


@st.composite
def damaged_xlsx(draw) -> bytes:
    """The German Meta fixture with one part changed."""
    with zipfile.ZipFile(EXPORTS / "meta_ads_de.xlsx") as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    name = draw(st.sampled_from(sorted(parts)))
    data = parts[name]
    how = draw(st.sampled_from(["cut", "insert", "replace", "drop"]))
    if how == "drop":
        del parts[name]
    else:
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"<", b"&bad;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                                     b"\x00", b'"', b"</sheetData>", b"<c r=\"ZZZ9\">"]))
        data = {"cut": data[:at], "insert": data[:at] + junk + data[at:],
                "replace": data[:at] + junk + data[at + len(junk):]}[how]
        parts[name] = data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    return buf.getvalue()


@given(damaged_xlsx())
@settings(max_examples=E2E)
def test_damaged_xlsx_exports_read_cleanly(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("dmg") / "meta.xlsx"
    p.write_bytes(data)
    _read(p)


# -- end to end: import into a contract book ------------------------------------------------------

@pytest.fixture(scope="module")
def template_book(tmp_path_factory) -> Path:
    return cb.build(tmp_path_factory.mktemp("book") / "book.xlsx", currency="USD",
                    fx={"EUR": 1.1}, rows=[cb.row(dt.date(2024, 1, 1), "Meta", "Old", 5,
                                                  currency="USD", source="Meta")])


campaign_name = st.one_of(hostile_text, st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))


@given(st.lists(st.tuples(st.dates(min_value=dt.date(1900, 3, 1),
                                   max_value=dt.date(9999, 12, 31)),
                          campaign_name, st.sampled_from(["facebook", "instagram", "", "X"]),
                          st.one_of(st.none(), st.floats(-1e300, 1e300))),
                min_size=1, max_size=15))
@settings(max_examples=E2E)
def test_imported_text_is_text_and_reads_back(tmp_path_factory, template_book, rows):
    folder = tmp_path_factory.mktemp("e2e")
    book = Path(shutil.copy(template_book, folder / "book.xlsx"))
    export = folder / "meta.csv"
    with open(export, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Day", "Campaign name", "Platform", "Amount spent (USD)"])
        for day, name, platform, spend in rows:
            w.writerow([day.isoformat(), name, platform, "" if spend is None else repr(spend)])
    before = book.read_bytes()
    try:
        import_into(export, book)
    except (ExportError, ImportRefused, WorkbookError) as exc:
        assert "\n" not in str(exc)
        assert book.read_bytes() == before
        return
    with zipfile.ZipFile(book) as zf:
        sheet = etree.fromstring(zf.read("xl/worksheets/sheet2.xml"))
    formula_columns = set("PQRST")  # the five formula columns of the contract book
    names = []
    for c in sheet.iter(f"{MAIN}c"):
        ref = c.get("r")
        if c.find(f"{MAIN}f") is not None:
            assert ref.rstrip("0123456789") in formula_columns, ref
        if ref.startswith("D") and ref not in ("D3", "D4"):  # the new rows' Campaign cells
            assert c.get("t") == "inlineStr", ref
            names.append(_ooxml_unescape("".join(c.itertext())))
    want = [n.strip(" ") for _, n, _, _ in rows if n.strip()]
    # distinct (day, platform, campaign) keys are one row each; repeated keys add up
    assert sorted(set(names)) == sorted(set(want))


def _ooxml_unescape(text: str) -> str:
    """ECMA-376 ST_Xstring escapes (_xHHHH_) decoded, as Excel reads them."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


table_ref = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.builds(lambda a, b, c, d: f"{a}{b}:{c}{d}",
              st.sampled_from(["A", "T", "Z", "XFD", "XFE", "", "$A"]),
              st.integers(-2, 2_000_000), st.sampled_from(["A", "T", "U", "", "AAAA"]),
              st.integers(-2, 2_000_000)),
)


@given(table_ref, st.sampled_from([None, "0", "2", "-1", "x", "1"]),
       st.sampled_from([None, "0", "1", "5", "-3", "y"]))
@settings(max_examples=E2E)
@example("A3:T", None, None)
@example("A3:T4", "0", None)
@example("A3:T4", None, "5")
def test_damaged_table_part_is_a_clean_error(tmp_path_factory, template_book, ref, headers,
                                             totals):
    folder = tmp_path_factory.mktemp("tbl")
    book = folder / "book.xlsx"
    with zipfile.ZipFile(template_book) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    name = next(n for n in parts if n.startswith("xl/tables/") and b'"Campaigns"' in parts[n])
    root = etree.fromstring(parts[name])
    root.set("ref", ref)
    for attr, value in (("headerRowCount", headers), ("totalsRowCount", totals)):
        if value is not None:
            root.set(attr, value)
    parts[name] = etree.tostring(root)
    with zipfile.ZipFile(book, "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    before = book.read_bytes()
    try:
        import_into(EXPORTS / "meta_ads_en.csv", book)
    except (ImportRefused, WorkbookError) as exc:
        assert "\n" not in str(exc)
        assert book.read_bytes() == before


# -- crashes found, kept as plain tests ------------------------------------------------------
# (each says who found it: this fuzzer, or a reading of the code while writing it)

def test_found_huge_integer_text_is_an_export_error(tmp_path):
    # code reading: "9" * 400 passes the plain-number check, and pandas' to_numeric gave a
    # Python int that overflowed when cast to float (OverflowError)
    p = tmp_path / "meta.csv"
    p.write_text(f"Day,Campaign name,Amount spent (USD)\n2024-01-01,A,{'9' * 400}\n",
                 encoding="utf-8")
    with pytest.raises(ExportError, match="beyond the numbers Excel holds"):
        read_export(p)


@pytest.mark.parametrize("ref", ["A:T", "3:9"])
def test_found_table_ref_without_rows_is_a_workbook_error(tmp_path, ref):
    # issue 12 (item 5): whole columns "A:T" (or whole rows) made range_boundaries return
    # None, and the old reader added a row count to it (TypeError, a traceback)
    book = cb.build(tmp_path / "b.xlsx", currency="USD", fx={})
    with zipfile.ZipFile(book) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    name = next(n for n in parts if n.startswith("xl/tables/") and b'"Campaigns"' in parts[n])
    parts[name] = parts[name].replace(b'ref="A3:T3"', f'ref="{ref}"'.encode())
    with zipfile.ZipFile(book, "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    with pytest.raises(WorkbookError, match="is not a range of cells"):
        import_into(EXPORTS / "meta_ads_en.csv", book)


def test_found_bom_only_file(tmp_path):
    # code reading: a file that is only a byte-order mark
    p = tmp_path / "x.csv"
    p.write_bytes(codecs.BOM_UTF8)
    with pytest.raises(ExportError, match="not a recognised export"):
        read_export(p)


def test_found_nan_and_inf_words_are_not_numbers(tmp_path):
    # code reading: Python's float() reads these; an export's number column must not
    p = tmp_path / "meta.csv"
    for word in ("nan", "inf", "1_000", "Infinity"):
        p.write_text(f"Day,Campaign name,Amount spent (USD)\n2024-01-01,A,{word}\n",
                     encoding="utf-8")
        with pytest.raises(ExportError, match="as a number"):
            read_export(p)
    assert math.isnan(float("nan"))


def test_found_ga4_header_without_rows(tmp_path):
    # this fuzzer (test_text_exports_read_cleanly): an empty block reached the GA4 reader, whose source / medium split then had no
    # text column to work on (AttributeError)
    p = tmp_path / "ga4.csv"
    p.write_text("# Start date: 20240301\nSession source / medium,Session campaign,Sessions\n",
                 encoding="utf-8")
    df = read_export(p)
    assert len(df) == 0 and list(df.columns) == list(COLUMNS)


def test_found_ga4_without_any_medium(tmp_path):
    # this fuzzer (the same run, a pandas warning on the way): no row had " / ": the medium column came back as floats (NaN) from the split
    p = tmp_path / "ga4.csv"
    p.write_text("Session source / medium,Sessions\nfacebook,5\n", encoding="utf-8")
    df = read_export(p)
    assert df["platform"].tolist() == ["Facebook"] and df["type"].tolist() == ["Organic"]


# -- the currency rules, on their own ---------------------------------------------------------

CODES = ["", "USD", "EUR", "GBP"]


@st.composite
def currency_case(draw):
    from socroi_xl.importers import book as book_mod

    frames = []
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(0, 6))
        codes = draw(st.lists(st.sampled_from(CODES), min_size=n, max_size=n))
        money = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        frame = pd.DataFrame({
            "currency": pd.Series(codes, dtype=object),
            "spend": [1.0 if m else np.nan for m in money],
            "revenue": [np.nan] * n,
        })
        frame.attrs["path"] = f"export{len(frames)}.csv"
        frames.append(frame)
    book = draw(st.sampled_from([None, "", "USD", "EUR"]))
    table = draw(st.one_of(st.none(), st.dictionaries(st.sampled_from(CODES[1:]),
                                                      st.floats(0.1, 10), max_size=3)))
    settings_ = book_mod.Settings(currency=book, cell=("sheet", 1, 1) if book == "" else None,
                                  cell_writable=True)
    if table is not None:
        settings_.fx = book_mod.Fx(None, None, 0, 0, rates=dict(table))
    fx = draw(st.dictionaries(st.sampled_from(CODES[1:]), st.floats(0.1, 10), max_size=2))
    option = draw(st.sampled_from([None, "USD", "EUR", "usd", "XX"]))
    has_column = draw(st.booleans())
    return frames, settings_, fx, option, has_column


@given(currency_case())
def test_currency_rules_never_mix(case):
    from socroi_xl.importers import currency

    frames, settings_, fx, option, has_column = case
    try:
        d = currency.decide(frames, settings_, book_path="book.xlsx",
                            has_currency_column=has_column, fx=fx, currency=option)
    except ImportRefused as exc:
        assert "\n" not in str(exc)
        return
    known = set(settings_.fx.rates if settings_.fx else {}) | set(fx)
    book = d.book
    if settings_.currency == "" and d.set_book:
        assert book == d.set_book
    used = set()
    for frame, codes in zip(frames, d.codes, strict=True):
        money = frame["spend"].notna().to_numpy()
        used |= {c for c in codes[money] if c}
        for c in codes[money]:
            if book:
                assert c, "a money row without a currency in a book that has one"
                assert c == book or c in known, (c, book, known)
                assert c == book or has_column
    if not book:
        assert len(used) <= 1  # with no book currency, one currency at most
