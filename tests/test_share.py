"""``socroi share``: the copy a client opens without the add-in.

The independent check is LibreOffice: it does not know the SOCROI functions, so it shows
``#NAME?`` for any that is left, and it recalculates every live formula itself (a profile
set to "always recalculate on load"). Every cell it then holds must equal the engine's
recalculated workbook: numbers within 1e-9 relative, text, booleans and errors exactly, and
the same cell type.
"""

from __future__ import annotations

import hashlib
import math
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl import libreoffice
from socroi_xl.cli import main
from socroi_xl.engine import recalc_path
from socroi_xl.registry import REGISTRY
from socroi_xl.share import share_path
from socroi_xl.template import build_template

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
SOCROI_CALL = re.compile(r"(?<![\w.])(?:_xludf\.)?(" + "|".join(sorted(REGISTRY, key=len, reverse=True)) + r")\s*\(", re.I)

needs_soffice = pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice (soffice) not installed")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _libreoffice_values(shared: Path, tmp: Path) -> openpyxl.Workbook:
    out = tmp / "libreoffice"
    out.mkdir()
    profile = libreoffice.make_profile(tmp / "profile", recalc_on_load=True)
    libreoffice.convert([shared], out, libreoffice.XLSX, profile)
    return openpyxl.load_workbook(out / shared.name, data_only=True)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b or (a in (None, "") and b in (None, ""))


def _compare(engine: Path, other: openpyxl.Workbook) -> tuple[int, list[str], int]:
    """(cells compared, differences, #NAME? cells)."""
    ours = openpyxl.load_workbook(engine, data_only=True)
    differences, names, count = [], 0, 0
    for ws in ours.worksheets:
        theirs = other[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                got = theirs[cell.coordinate]
                count += 1
                names += got.value == "#NAME?"
                typed = cell.value is None or cell.data_type == got.data_type
                if not (_same(cell.value, got.value) and typed):
                    differences.append(f"{ws.title}!{cell.coordinate}: engine {cell.value!r} ({cell.data_type}), "
                                       f"LibreOffice {got.value!r} ({got.data_type})")
    return count, differences, names


def _book_with_imports(tmp: Path) -> Path:
    """A blank USD template with every export fixture imported (the EUR exports at 1.08)."""
    book = build_template(tmp / "imported.xlsx", blank=True, currency="USD")
    exports = sorted(p for p in EXPORTS.iterdir() if p.suffix in {".csv", ".xlsx"})
    done = CliRunner().invoke(main, ["import", *map(str, exports), "--into", str(book), "--fx", "EUR=1.08"])
    assert done.exit_code == 0, done.output
    return book


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("example") / "example.xlsx")


@pytest.fixture(scope="module")
def shared_example(example, tmp_path_factory):
    """The example's shared copy, its ShareResult and the engine's recalculated workbook."""
    out = tmp_path_factory.mktemp("shared")
    before = _digest(example)
    result = share_path(example, out / "client.xlsx")
    assert _digest(example) == before  # the input is never changed
    return result, recalc_path(example, out / "engine.xlsx").path


@needs_soffice
@pytest.mark.parametrize("which", ["example data", "blank with imported exports"])
def test_libreoffice_recalculating_the_shared_copy_gives_the_engines_figures(which, shared_example, tmp_path):
    if which == "example data":
        result, engine = shared_example
    else:
        book = _book_with_imports(tmp_path)
        before = _digest(book)
        result = share_path(book, tmp_path / "client.xlsx")
        assert _digest(book) == before
        engine = recalc_path(book, tmp_path / "engine.xlsx").path
    count, differences, names = _compare(engine, _libreoffice_values(result.path, tmp_path))
    assert names == 0
    assert differences == []
    assert count > 5000 and result.frozen > 1000 and result.live > 100


def _without_calculated_columns(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for el in root.iter("{*}calculatedColumnFormula"):
        el.getparent().remove(el)
    return etree.tostring(root, method="c14n")


def _formulas(path: Path) -> dict[str, str]:
    """``{"Sheet!A1": formula}`` for every formula cell (array formulas at their anchor)."""
    out = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                text = v.text if isinstance(v, ArrayFormula) else v if c.data_type == "f" else None
                if text is not None:
                    out[f"{ws.title}!{c.coordinate}"] = text.removeprefix("=")
    return out


def test_shared_copy_keeps_everything_but_the_socroi_formulas(shared_example):
    result, recalculated = shared_example
    shared = result.path
    with zipfile.ZipFile(recalculated) as a, zipfile.ZipFile(shared) as b:
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
        # charts, drawings, styles, theme, relationships: byte for byte
        assert not {n for n in changed if not n.startswith(("xl/worksheets/sheet", "xl/workbook.xml", "xl/tables/"))}
        # a table loses only the calculated-column formulas of its frozen columns
        calc = re.compile(r"<(?:\w+:)?calculatedColumnFormula>(.*?)</(?:\w+:)?calculatedColumnFormula>", re.S)
        for name in (n for n in changed if n.startswith("xl/tables/")):
            old, new = a.read(name).decode(), b.read(name).decode()
            assert not [f for f in calc.findall(new) if SOCROI_CALL.search(f)]
            assert len(calc.findall(new)) < len(calc.findall(old))
            assert _without_calculated_columns(a.read(name)) == _without_calculated_columns(b.read(name))
        workbook = b.read("xl/workbook.xml").decode()
        assert "fullCalcOnLoad" not in workbook and "fullCalcOnLoad" in a.read("xl/workbook.xml").decode()
        names = re.findall(r"<definedName[^>]*>[^<]*</definedName>", a.read("xl/workbook.xml").decode())
        assert names and all(n in workbook for n in names)
    before, after = _formulas(recalculated), _formulas(shared)
    assert not [f for f in after.values() if SOCROI_CALL.search(f)]
    assert set(after) < set(before)
    assert all(after[c] == before[c] for c in after)  # live formulas unchanged
    # the cached values of frozen cells are the engine's
    ours = openpyxl.load_workbook(recalculated, data_only=True)
    theirs = openpyxl.load_workbook(shared, data_only=True)
    for ws in ours.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert _same(cell.value, theirs[ws.title][cell.coordinate].value), cell.coordinate


def _shared_formula_book(path: Path) -> Path:
    """A1 calls SOCROI; B1:B4 share one formula (=A1*2 filled down) of which only B1
    depends on A1; C1 sums B2:B4 (live), D1 reads B1 (frozen with it); E1 is a text
    result of a SOCROI function and F1 its length."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"] = "=SOCROI(3,1)"
    for r, v in ((2, 1), (3, 2), (4, 3)):
        ws[f"A{r}"] = v
    for r in range(1, 5):
        ws[f"B{r}"] = f"=A{r}*2"
    ws["C1"] = "=SUM(B2:B4)"
    ws["D1"] = "=B1+1"
    ws["E1"] = '=SOCROI_UTM_PARAM("https://x.example/?utm_source=fb","utm_source")'
    ws["F1"] = "=LEN(E1)"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<f>A1*2</f>", '<f t="shared" ref="B1:B4" si="0">A1*2</f>')
    for r in (2, 3, 4):
        sheet = sheet.replace(f"<f>A{r}*2</f>", '<f t="shared" si="0"/>')
    assert sheet.count('si="0"') == 4
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def test_a_shared_formula_group_keeps_its_live_members(tmp_path):
    book = _shared_formula_book(tmp_path / "shared.xlsx")
    result = share_path(book, tmp_path / "client.xlsx")
    # frozen: A1, E1 (SOCROI calls), B1, D1, F1 (depend on them); live: B2, B3, B4, C1
    assert (result.frozen, result.live) == (5, 4)
    formulas = {k.split("!")[1]: v for k, v in _formulas(result.path).items()}
    # B1 lost its formula; the members that stay live carry their own (no broken group)
    assert formulas == {"B2": "A2*2", "B3": "A3*2", "B4": "A4*2", "C1": "SUM(B2:B4)"}
    values = openpyxl.load_workbook(result.path, data_only=True)["Data"]
    # SOCROI(3,1) = (3-1)/1 = 2; B1 = 2*2 = 4; D1 = 4+1 = 5; B2:B4 = 2, 4, 6; C1 = 12
    assert [values[c].value for c in ("A1", "B1", "D1", "B2", "B3", "B4", "C1")] == [2, 4, 5, 2, 4, 6, 12]
    # a text result becomes an inline string, not a formula-string cell without its formula
    assert values["E1"].value == "fb" and values["F1"].value == 2
    with zipfile.ZipFile(result.path) as z:
        assert '<c r="E1" t="inlineStr"' in z.read("xl/worksheets/sheet1.xml").decode()


@needs_soffice
def test_libreoffice_agrees_on_the_rematerialised_group(tmp_path):
    book = _shared_formula_book(tmp_path / "shared.xlsx")
    shared = share_path(book, tmp_path / "client.xlsx").path
    engine = recalc_path(book, tmp_path / "engine.xlsx").path
    count, differences, names = _compare(engine, _libreoffice_values(shared, tmp_path))
    assert (names, differences) == (0, []) and count >= 12


def test_a_macro_enabled_book_is_shared_as_a_plain_xlsx(tmp_path):
    book = tmp_path / "my_roi.xlsm"
    assert CliRunner().invoke(main, ["new", str(book)]).exit_code == 0
    shared = share_path(book, tmp_path / "client.xlsx").path
    with zipfile.ZipFile(shared) as z:
        names = z.namelist()
        types_ = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    assert not [n for n in names if n.endswith(".bin")] and "vbaProject" not in types_ + rels
    assert "sheet.main+xml" in types_ and "macroEnabled" not in types_
    wb = openpyxl.load_workbook(shared)
    assert wb.sheetnames == openpyxl.load_workbook(build_template(tmp_path / "plain.xlsx")).sheetnames
    targets = re.findall(r'Target="([^"]+)"', rels)
    assert targets and all((t[1:] if t.startswith("/") else f"xl/{t}") in names for t in targets)


def test_share_command_refuses_to_overwrite(example, tmp_path):
    runner = CliRunner()
    same = runner.invoke(main, ["share", str(example), "-o", str(example)])
    assert same.exit_code == 1 and "must not replace BOOK" in same.output
    out = tmp_path / "client.xlsx"
    out.write_bytes(b"keep me")
    exists = runner.invoke(main, ["share", str(example), "-o", str(out)])
    assert exists.exit_code == 1 and out.read_bytes() == b"keep me"
    done = runner.invoke(main, ["share", str(example), "-o", str(out), "--force"])
    assert done.exit_code == 0 and "formulas stay live" in done.output
    suffix = runner.invoke(main, ["share", str(example), "-o", str(tmp_path / "client.xlsm")])
    assert suffix.exit_code == 1 and ".xlsx" in suffix.output
    missing = runner.invoke(main, ["share", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "x.xlsx")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
