"""Fuzzing the xlsx reader: every package is read correctly or refused with a WorkbookError.

Two kinds of input:

* **generated**: random cells written in a random one of the valid ways (prefix, Strict,
  pretty-printed, references left out, attributes reordered or single-quoted, text shared
  or inline or in CDATA, comments, processing instructions, character references, UTF-16,
  a byte-order mark…). The generator knows every cell, so the reading must give exactly
  those values, and the recalculated copy must read back the same;
* **mutated**: a valid sheet whose XML (or shared strings) is cut, duplicated, spliced or
  sprinkled with markup. Then either the reader refuses it with a :class:`WorkbookError`,
  or it reads exactly what an independent reference reader written here (lxml, the
  schema's rules, nothing shared with the code under test) reads; never a traceback,
  never a half-read sheet reported as read.
"""

from __future__ import annotations

import io
import math
import os
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from socroi_xl.engine import WorkbookError, recalc_path
from socroi_xl.engine.package import read_book
from socroi_xl.xlsx.package import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
#: A nightly run (``make fuzz``) takes longer than the suite's per-test timeout.
pytestmark = pytest.mark.timeout(0 if os.environ.get("SOCROI_FUZZ") == "nightly" else 300)
ERRORS = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]


def letters(c: int) -> str:
    out = ""
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build(sheet: bytes, sst: bytes | None) -> bytes:
    """A package around one worksheet (and a shared-string table) as bytes."""
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if sst is not None:
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    members = {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'.encode(),
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>'.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if sst is not None:
        members["xl/sharedStrings.xml"] = sst
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def read_all(path) -> dict[tuple[int, int], object]:
    """Every non-blank cell the code under test reads."""
    with Package.open(path) as pkg:
        book = read_book(pkg)
        sheet = book.sheets[0]
        out = {}
        for c in range(1, sheet.ncols + 1):
            for r in range(1, sheet.nrows + 1):
                v = sheet.value(c, r)
                if v is not None and v != "":  # an empty text is compared as blank, both sides
                    out[(r, c)] = v
    return out


def same_cells(a: dict, b: dict) -> bool:
    if set(a) != set(b):
        return False
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, float) and isinstance(y, float):
            if not (x == y or math.isclose(x, y, rel_tol=1e-15)):
                return False
        elif type(x) is bool or type(y) is bool:
            if type(x) is not type(y) or x != y:
                return False
        elif str(x) != str(y):
            return False
    return True


# -- generated sheets ------------------------------------------------------------------------
values = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(-10**12, 10**12).map(float),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\"' _x0041_\t"), min_size=1, max_size=12),
    st.booleans(),
    st.sampled_from(ERRORS),
)
grids = st.dictionaries(st.tuples(st.integers(1, 30), st.integers(1, 12)), values, min_size=1, max_size=40)
layouts = st.fixed_dictionaries(
    {
        "prefix": st.sampled_from(["", "x", "main"]),
        "strict": st.booleans(),
        "pretty": st.booleans(),
        "omit_r": st.booleans(),
        "reorder": st.booleans(),
        "quote": st.sampled_from(['"', "'"]),
        "text": st.sampled_from(["shared", "inline", "str", "cdata"]),
        "comments": st.booleans(),
        "charref": st.booleans(),
        "formula": st.booleans(),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    }
)


def render(cells: dict, lay: dict) -> tuple[bytes, bytes | None, dict]:
    """Sheet XML (and shared strings) holding ``cells``, in the layout ``lay``; and the
    values a correct reader must find."""
    ns = STRICT if lay["strict"] else MAIN
    p = f"{lay['prefix']}:" if lay["prefix"] else ""
    decl = f'xmlns:{lay["prefix"]}="{ns}"' if lay["prefix"] else f'xmlns="{ns}"'
    q = lay["quote"]
    nl = "\n  " if lay["pretty"] else ""
    shared: list[str] = []
    expected = {}
    rows: dict[int, list[int]] = {}
    for r, c in sorted(cells):
        rows.setdefault(r, []).append(c)
    out = [f'<?xml version="1.0" encoding="{"UTF-16" if lay["encoding"] == "utf-16" else "UTF-8"}"?>{nl}<{p}worksheet {decl}>{nl}<{p}sheetData>']
    prev_row = 0
    for r in sorted(rows):
        row_attr = "" if lay["omit_r"] and r == prev_row + 1 else f" r={q}{r}{q}"
        out.append(f"{nl}<{p}row{row_attr}>")
        if lay["comments"]:
            out.append(f"<!-- <{p}c r=\"Z{r}\"><{p}v>999</{p}v></{p}c> -->")
        prev_col = 0
        for c in rows[r]:
            v = cells[(r, c)]
            ref = "" if lay["omit_r"] and c == prev_col + 1 and row_attr == "" else f" r={q}{letters(c)}{r}{q}"
            prev_col = c
            style = f" s={q}0{q}"
            attrs = (style + ref) if lay["reorder"] else (ref + style)
            # a formula whose value is the cached one (a number or a logical literal), so that
            # the recalculated copy must hold the same values
            literal = ("TRUE" if v else "FALSE") if isinstance(v, bool) else repr(v) if isinstance(v, float) and v >= 0 else None
            formula = f"<{p}f>{literal}</{p}f>" if lay["formula"] and literal and (r + c) % 3 == 0 else ""
            if isinstance(v, bool):
                body, t = f"<{p}v>{int(v)}</{p}v>", "b"
            elif isinstance(v, float):
                text = repr(v)
                if lay["charref"]:
                    text = "".join(f"&#{ord(ch)};" for ch in text)
                body, t = f"<{p}v>{text}</{p}v>", None
            elif v in ERRORS:
                body, t = f"<{p}v>{xml_text(v)}</{p}v>", "e"
            else:
                kind = lay["text"]
                if kind == "shared":
                    shared.append(v)
                    body, t = f"<{p}v>{len(shared) - 1}</{p}v>", "s"
                elif kind == "inline":
                    body, t = f"<{p}is><{p}t xml:space={q}preserve{q}>{xml_text(v)}</{p}t></{p}is>", "inlineStr"
                elif kind == "cdata" and "]]>" not in v:
                    body, t = f"<{p}is><{p}t><![CDATA[{v}]]></{p}t></{p}is>", "inlineStr"
                else:
                    body, t = f"<{p}v>{xml_text(v)}</{p}v>", "str"
            if t:
                attrs += f" t={q}{t}{q}"
            inner = (formula + body) if not lay["pretty"] else f"{nl}  {formula}{nl}  {body}{nl}"
            out.append(f"{nl}<{p}c{attrs}>{inner}</{p}c>")
            expected[(r, c)] = v
        out.append(f"{nl}</{p}row>")
        prev_row = r
    out.append(f"{nl}</{p}sheetData>{nl}</{p}worksheet>")
    text = "".join(out)
    data = text.encode("utf-16") if lay["encoding"] == "utf-16" else text.encode(lay["encoding"])
    sst = None
    if shared:
        items = "".join(f"<si><t xml:space=\"preserve\">{xml_text(s)}</t></si>" for s in shared)
        sst = f'<sst xmlns="{ns}">{items}</sst>'.encode()
    return data, sst, expected


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(grids, layouts)
def test_generated_sheets_read_exactly(tmp_path_factory, cells, lay):
    sheet, sst, expected = render(cells, lay)
    folder = tmp_path_factory.mktemp("gen")
    src = folder / "in.xlsx"
    src.write_bytes(build(sheet, sst))
    got = read_all(src)
    assert same_cells(got, expected), (got, expected)
    recalc_path(src, folder / "out.xlsx")
    with zipfile.ZipFile(folder / "out.xlsx") as zf:
        etree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    assert same_cells(read_all(folder / "out.xlsx"), expected)


# -- mutated sheets: the reference reader ------------------------------------------------------
class Refused(Exception):
    pass


def reference(sheet: bytes, sst: bytes | None) -> dict[tuple[int, int], object]:
    """What a correct reader reads from these parts, or :class:`Refused` (written from the
    schema, with lxml, sharing nothing with the code under test)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True)

    def parse(data: bytes) -> etree._Element:
        try:
            root = etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise Refused(str(exc)) from None
        if root.getroottree().docinfo.doctype:
            raise Refused("DTD")
        return root

    def main(el) -> bool:
        return isinstance(el.tag, str) and el.tag.startswith(("{" + MAIN + "}", "{" + STRICT + "}"))

    def local(el) -> str:
        return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""

    strings: list[str] = []
    if sst is not None:
        root = parse(sst)
        for si in root:
            if local(si) == "si" and main(si):
                strings.append("".join(t.text or "" for t in si.iter() if local(t) == "t" and main(t) and local(t.getparent()) != "rPh"))
    root = parse(sheet)
    if local(root) != "worksheet" or not main(root):
        raise Refused("root")
    data = [el for el in root if local(el) == "sheetData" and main(el)]
    if len(data) != 1:
        raise Refused("sheetData")
    out: dict[tuple[int, int], object] = {}
    prev_row = 0
    for row in data[0]:
        if local(row) != "row" or not main(row):
            raise Refused("not a row")
        r = int(row.get("r")) if row.get("r") is not None and row.get("r").isdigit() else (prev_row + 1 if row.get("r") is None else None)
        if r is None or not 1 <= r <= 1048576:
            raise Refused("row number")
        prev_row = r
        prev_col = 0
        for c in row:
            if local(c) == "extLst":
                continue
            if local(c) != "c" or not main(c):
                raise Refused("not a cell")
            ref = c.get("r")
            if ref is None:
                col, rr = prev_col + 1, r
            else:
                import re

                m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})", ref.strip())
                if m is None:
                    raise Refused("ref")
                col = 0
                for ch in m.group(1).upper():
                    col = col * 26 + ord(ch) - 64
                rr = int(m.group(2))
            if not (1 <= col <= 16384 and 1 <= rr <= 1048576) or (rr, col) in out or (rr, col) in seen_blank(out):
                raise Refused("grid or duplicate")
            prev_col = col
            kids = [k for k in c if isinstance(k.tag, str)]
            names = [local(k) for k in kids]
            if any(n not in ("f", "v", "is", "extLst") or not main(k) for n, k in zip(names, kids, strict=True)) or len(set(names)) != len(names):
                raise Refused("cell content")
            v_el = next((k for k in kids if local(k) == "v"), None)
            if v_el is not None and len(v_el):
                raise Refused("element in v")
            v = v_el.text if v_el is not None else None
            t = c.get("t", "n")
            value: object = None
            if t == "n":
                if v is not None and v.strip():
                    try:
                        value = float(v)
                    except ValueError:
                        raise Refused("number") from None
                    if not math.isfinite(value):
                        value = "#NUM!"
            elif t == "s":
                if v is not None and v.strip():
                    if not v.strip().isdigit() or int(v) >= len(strings):
                        raise Refused("shared index")
                    value = strings[int(v)]
            elif t == "str":
                value = v if v is not None else ""
            elif t == "inlineStr":
                is_el = next((k for k in kids if local(k) == "is"), None)
                if is_el is not None:
                    value = "".join(x.text or "" for x in is_el.iter() if local(x) == "t" and local(x.getparent()) != "rPh")
                else:
                    value = v
            elif t == "b":
                if v is not None and v.strip():
                    if v.strip() not in ("0", "1", "true", "false"):
                        raise Refused("logical")
                    value = v.strip() in ("1", "true")
            elif t == "e":
                if v is not None and v.strip():
                    if not v.strip().startswith("#"):
                        raise Refused("error")
                    # an error Excel 365 added (#SPILL!, #CALC!...) or none: #VALUE!, with a warning
                    value = v.strip() if v.strip() in ERRORS else "#VALUE!"
            else:
                raise Refused("type")
            out[(rr, col)] = value
    return {k: v for k, v in out.items() if v is not None and v != ""}


def seen_blank(out: dict) -> set:
    return set()


BASE_CELLS = {(1, 1): 2.0, (1, 2): "alpha", (2, 1): 3.5, (2, 2): "b&c", (2, 3): True, (3, 1): "#N/A", (3, 3): -1e-5}
BASE_LAYOUT = {"prefix": "", "strict": False, "pretty": False, "omit_r": False, "reorder": False, "quote": '"',
               "text": "shared", "comments": False, "charref": False, "formula": True, "encoding": "utf-8"}  # fmt: skip
BASE_SHEET, BASE_SST, _ = render(BASE_CELLS, BASE_LAYOUT)
FRAGMENTS = [b"<", b">", b"</c>", b"<c>", b'<c r="A1">', b"<v>", b"</v>", b"<row>", b"</row>", b"<!--", b"-->", b"<![CDATA[",
             b"]]>", b"&amp;", b"&x;", b'<c r="A1"><v>7</v></c>', b'<row r="2">', b"</sheetData>", b'<sheetData>', b't="s"',
             b' r="B2"', b"<f>1</f>", b"<?x?>", b'xmlns="urn:x"', b"<is><t>z</t></is>", b"\x00", b"\xff"]  # fmt: skip


@st.composite
def mutations(draw):
    target = draw(st.sampled_from(["sheet", "sheet", "sheet", "sst"]))
    data = bytearray(BASE_SHEET if target == "sheet" else BASE_SST)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "swap"]))
        a = draw(st.integers(0, max(len(data) - 1, 0)))
        b = draw(st.integers(a, min(len(data), a + 40)))
        if op == "delete":
            del data[a:b]
        elif op == "duplicate":
            data[b:b] = data[a:b]
        elif op == "insert":
            data[a:a] = draw(st.sampled_from(FRAGMENTS))
        elif op == "truncate":
            del data[a:]
        else:
            c = draw(st.integers(0, max(len(data) - 1, 0)))
            data[a:b], data[c:c] = b"", data[a:b]
    return target, bytes(data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations())
@example(("sheet", BASE_SHEET.replace(b"</sheetData>", b"")))
@example(("sst", BASE_SST.replace(b"</si>", b"", 1)))
@example(("sst", BASE_SST.replace(b'<t xml:space="preserve">b', b'<t ml:space="preserve">b')))  # found by the fuzzer
@example(("sst", BASE_SST.replace(b"<si><t", b"<si>/t></si><si><t", 2)))  # text outside <t>: not shown
@example(("sst", BASE_SST.replace(b'<t xml:space="preserve">b', b'<t xml:space=">preserve">b')))  # found by the fuzzer
@example(("sheet", BASE_SHEET.replace(b'<c r="B1"', b'<c foo="a>b" r="B1"')))
@example(("sheet", BASE_SHEET.replace(b"#N/A", b"#/A")))  # found by the fuzzer: an unknown error
@example(("sheet", BASE_SHEET.replace(b'<row r="2">', b'<row r="2"><!-- <c r="Z9"><v>1</v></c> -->')))
def test_mutated_sheets_read_as_the_reference_or_refused(tmp_path_factory, mutation):
    target, data = mutation
    sheet, sst = (data, BASE_SST) if target == "sheet" else (BASE_SHEET, data)
    src = tmp_path_factory.mktemp("mut") / "in.xlsx"
    src.write_bytes(build(sheet, sst))
    try:
        expected = reference(sheet, sst)
    except Refused:
        expected = None
    try:
        got = read_all(src)
    except WorkbookError as exc:
        assert "\n" not in str(exc)
        return  # refusing is always allowed; what is read must be right
    assert expected is not None, f"read a package the reference refuses: {got}"
    assert same_cells(got, expected), (got, expected)
