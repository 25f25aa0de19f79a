"""Read the formula cells of an xlsx package and the values saved with them; strip those values.

An independent reader for the corpus comparison: it does not use ``socroi_xl`` (the engine
under test) nor openpyxl (which refuses some valid files), only the zip module and lxml,
and it ignores namespace prefixes, so transitional, Strict and prefixed (``<x:c>``) files
all read the same way.

A *formula cell* is a cell with an ``<f>`` element (plain, shared master or copy, array or
data-table anchor) or a cell inside the ``ref`` range of an array or data-table formula.
Its *saved value* is what its ``<v>`` (or inline string) holds, typed as Excel typed it:

``("n", float)``, ``("s", str)``, ``("b", bool)``, ``("e", "#N/A")``, ``("d", iso text)``,
or ``None`` when the cell has no value at all.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

Value = tuple[str, Any] | None

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
_RANGE_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?$")


def local(tag: Any) -> str:
    """The local name of an element tag (``{ns}c`` -> ``c``); '' for comments."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def col_index(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def parse_cell(ref: str) -> tuple[int, int]:
    """``B3`` -> (3, 2) as (row, column)."""
    m = _CELL_RE.match(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """``A1:C4`` -> (r1, c1, r2, c2); a single cell is a 1×1 range."""
    m = _RANGE_RE.match(ref.strip())
    if not m:
        raise ValueError(f"not a range: {ref!r}")
    r1, c1 = int(m.group(2)), col_index(m.group(1))
    if m.group(3):
        r2, c2 = int(m.group(4)), col_index(m.group(3))
    else:
        r2, c2 = r1, c1
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


_SEGMENTS_RE = re.compile(r"(\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*')")
_SHIFT_RE = re.compile(
    r"(?<![A-Za-z0-9_.$])(?:(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)(?![A-Za-z0-9_(])"
    r"|(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![A-Za-z0-9_(])"
    r"|(\$?)([0-9]+):(\$?)([0-9]+)(?![0-9]))"
)


def shift(formula: str, dr: int, dc: int) -> str:
    r"""``formula`` as copied ``dr`` rows down and ``dc`` columns right (relative parts move).

    >>> shift("SUM(A1:$B$2)+A:A+'Q 1'!C3&\"A1\"", 2, 1)
    'SUM(B3:$B$2)+B:B+\'Q 1\'!D5&"A1"'
    """
    if not dr and not dc:
        return formula

    def col(dollar: str, letters: str) -> str:
        return dollar + letters if dollar else dollar + col_letters(max(1, col_index(letters) + dc))

    def row(dollar: str, digits: str) -> str:
        return dollar + digits if dollar else str(max(1, int(digits) + dr))

    def sub(m: re.Match[str]) -> str:
        g = m.groups()
        if g[1] is not None:
            return col(g[0], g[1]) + row(g[2], g[3])
        if g[5] is not None:
            return col(g[4], g[5]) + ":" + col(g[6], g[7])
        return row(g[8], g[9]) + ":" + row(g[10], g[11])

    parts = _SEGMENTS_RE.split(formula)
    return "".join(p if i % 2 else _SHIFT_RE.sub(sub, p) for i, p in enumerate(parts))


def _attr(el: Any, name: str) -> str | None:
    """An attribute by local name, whatever its namespace."""
    v = el.get(name)
    if v is not None:
        return v
    for k, val in el.attrib.items():
        if local(k) == name:
            return val
    return None


def _rel_id(el: Any) -> str | None:
    for k, val in el.attrib.items():
        if k.startswith("{") and local(k) == "id" and "relationships" in k:
            return val
    return None


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationships of ``part``: id -> (type suffix, resolved target)."""
    d, f = posixpath.split(part)
    name = posixpath.join(d, "_rels", f + ".rels")
    if name not in zf.namelist():
        return {}
    root = etree.fromstring(zf.read(name), _PARSER)
    out = {}
    for el in root:
        if local(el.tag) != "Relationship":
            continue
        if el.get("TargetMode") == "External":
            out[el.get("Id")] = (el.get("Type", "").rsplit("/", 1)[-1], el.get("Target", ""))
        else:
            out[el.get("Id")] = (el.get("Type", "").rsplit("/", 1)[-1], _resolve(part, el.get("Target", "")))
    return out


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_ooxml(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes of a string (ST_Xstring): ``_x000D_`` is a carriage return,
    ``_x005F_`` a literal underscore (so ``_x005F_x0041_`` reads ``_x0041_``).

    >>> unescape_ooxml("a_x000D_b"), unescape_ooxml("_x005F_x0041_")
    ('a\\rb', '_x0041_')
    """
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _text_of(el: Any) -> str:
    """Text of a shared or inline string item: its ``t`` runs, phonetic runs left out,
    OOXML escapes read."""
    parts = []
    for node in el.iter():
        if local(node.tag) == "t":
            parent = node.getparent()
            if parent is not None and local(parent.tag) == "rPh":
                continue
            parts.append(node.text or "")
    return unescape_ooxml("".join(parts))


@dataclass
class Cell:
    """One formula cell: its formula text, formula kind and the value saved with it."""

    formula: str
    kind: str  # "normal", "shared", "array", "dataTable", "array-member", "dataTable-member"
    value: Value
    dynamic: bool = False  # a cell of a dynamic array (cell metadata cm=) spilling over more than one cell


@dataclass
class Book:
    """What the comparison needs to know of a workbook."""

    sheets: list[str]
    cells: dict[tuple[str, str], Cell]
    names: dict[str, str] = field(default_factory=dict)  # defined names (upper) -> text
    tables: dict[str, tuple[str, str]] = field(default_factory=dict)  # name (upper) -> (sheet, ref)
    date1904: bool = False
    external_links: int = 0
    application: str = ""
    app_version: str = ""
    calc_chain: bool = False
    calc_id: str = ""
    strict: bool = False  # Strict OOXML namespaces
    prefixed: bool = False  # the workbook or a worksheet carries a namespace prefix (<x:c>)


def workbook_part(zf: zipfile.ZipFile) -> str:
    """Name of the workbook part (from the package relationships)."""
    for _typ, target in _rels(zf, "").values():
        if target.endswith(".xml") and _typ == "officeDocument":
            return target
    for name in ("xl/workbook.xml",):
        if name in zf.namelist():
            return name
    raise ValueError("no workbook part")


def app_properties(zf: zipfile.ZipFile) -> tuple[str, str]:
    """(Application, AppVersion) from docProps/app.xml, '' when absent."""
    try:
        root = etree.fromstring(zf.read("docProps/app.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return "", ""
    app = ver = ""
    for el in root:
        if local(el.tag) == "Application":
            app = (el.text or "").strip()
        elif local(el.tag) == "AppVersion":
            ver = (el.text or "").strip()
    return app, ver


#: Excel 365's error types of an ``_error`` rich value (``errorType``), the errors older
#: files cannot hold, which it saves as ``#VALUE!`` with a ``vm`` attribute pointing at that
#: rich value (numbers as Aspose.Cells documents its ErrorCellValueType; IronCalc's
#: DROP_TAKE.xlsx, saved by Excel, holds errorType 13 where DROP(A2:A8,-7) is #CALC!).
RICH_ERROR_TYPES = {8: "#SPILL!", 9: "#CONNECT!", 10: "#BLOCKED!", 11: "#UNKNOWN!", 12: "#FIELD!",
                    13: "#CALC!", 14: "#BUSY!", 18: "#EXTERNAL!", 19: "#TIMEOUT!"}


def rich_errors(zf: zipfile.ZipFile) -> dict[str, str]:
    """``vm`` attribute value -> the error an ``_error`` rich value holds (xl/metadata.xml's
    valueMetadata -> XLRICHVALUE futureMetadata -> xl/richData/rdrichvalue.xml, its
    structure's ``errorType`` key); {} when the package has none."""
    names = set(zf.namelist())
    parts = ("xl/metadata.xml", "xl/richData/rdrichvalue.xml", "xl/richData/rdrichvaluestructure.xml")
    if not all(p in names for p in parts):
        return {}
    meta, values, structs = (etree.fromstring(zf.read(p), _PARSER) for p in parts)
    types = [el.get("name") for el in meta.iter() if local(el.tag) == "metadataType"]
    future = {}
    for fm in meta:
        if local(fm.tag) == "futureMetadata":
            future[fm.get("name")] = [
                next((int(x.get("i")) for x in bk.iter() if local(x.tag) == "rvb"), None)
                for bk in fm if local(bk.tag) == "bk"
            ]
    keys = [[k.get("n") for k in st if local(k.tag) == "k"] for st in structs if local(st.tag) == "s"]
    kinds = [st.get("t") for st in structs if local(st.tag) == "s"]
    rvs = [rv for rv in values if local(rv.tag) == "rv"]
    out: dict[str, str] = {}
    vm_blocks = [bk for el in meta if local(el.tag) == "valueMetadata" for bk in el if local(bk.tag) == "bk"]
    for n, bk in enumerate(vm_blocks, start=1):
        rc = next((x for x in bk if local(x.tag) == "rc"), None)
        if rc is None:
            continue
        t, v = int(rc.get("t", "0")), int(rc.get("v", "0"))
        if not (1 <= t <= len(types)) or types[t - 1] != "XLRICHVALUE":
            continue
        rvb = future.get("XLRICHVALUE", [])
        i = rvb[v] if v < len(rvb) else None
        if i is None or i >= len(rvs):
            continue
        rv = rvs[i]
        s = int(rv.get("s", "0"))
        if s >= len(kinds) or kinds[s] != "_error" or "errorType" not in keys[s]:
            continue
        vals = [x.text for x in rv if local(x.tag) == "v"]
        k = keys[s].index("errorType")
        err = RICH_ERROR_TYPES.get(int(vals[k])) if k < len(vals) and (vals[k] or "").isdigit() else None
        if err:
            out[str(n)] = err
    return out


def _shared_strings(zf: zipfile.ZipFile, wb_part: str, rels: dict[str, tuple[str, str]]) -> list[str]:
    for typ, target in rels.values():
        if typ == "sharedStrings" and target in zf.namelist():
            root = etree.fromstring(zf.read(target), _PARSER)
            return [_text_of(si) for si in root if local(si.tag) == "si"]
    return []


def _value(c: Any, t: str | None, v: Any, inline: Any, sst: list[str], rich: dict[str, str] | None = None) -> Value:
    if t == "inlineStr":
        return ("s", _text_of(inline)) if inline is not None else None
    if v is None:
        return None
    text = v.text or ""
    if t == "s":
        try:
            return ("s", sst[int(text)])
        except (ValueError, IndexError):
            return ("bad", text)
    if t == "str":
        return ("s", unescape_ooxml(text))
    if t == "b":
        return ("b", text.strip() in ("1", "true"))
    if t == "e":
        vm = c.get("vm") if c is not None else None
        if rich and vm in rich:  # Excel 365: #CALC!, #SPILL!... saved as #VALUE! + rich value
            return ("e", rich[vm])
        return ("e", text.strip())
    if t == "d":
        return ("d", text.strip())
    if text.strip() == "":
        return None
    try:
        return ("n", float(text))
    except ValueError:
        return ("bad", text)


def read_book(path: str | Path, all_cells: bool = False) -> Book:
    """Every formula cell of the workbook at ``path`` with its saved value.

    With ``all_cells``, every other cell that holds a value is listed too (kind ``"value"``,
    formula ``""``): to look up what another program wrote at a formula cell's address.

    Raises
    ------
    ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError
        The package cannot be read.
    """
    with zipfile.ZipFile(path) as zf:
        return read_zip(zf, all_cells)


def read_zip(zf: zipfile.ZipFile, all_cells: bool = False) -> Book:
    """:func:`read_book` on an open package."""
    wb_part = workbook_part(zf)
    rels = _rels(zf, wb_part)
    root = etree.fromstring(zf.read(wb_part), _PARSER)
    sheets: list[tuple[str, str]] = []
    names: dict[str, str] = {}
    date1904 = False
    calc_id = ""
    for el in root.iter():
        tag = local(el.tag)
        if tag == "sheet":
            rid = _rel_id(el)
            if rid in rels and rels[rid][0] == "worksheet":
                sheets.append((el.get("name", ""), rels[rid][1]))
        elif tag == "definedName":
            sheet_id = el.get("localSheetId")
            key = el.get("name", "").upper()
            if sheet_id is not None:
                key = f"{sheet_id}!{key}"
            names[key] = el.text or ""
        elif tag == "workbookPr":
            date1904 = (el.get("date1904") or "").lower() in ("1", "true")
        elif tag == "calcPr":
            calc_id = el.get("calcId") or ""
    sst = _shared_strings(zf, wb_part, rels)
    rich = rich_errors(zf)
    app, ver = app_properties(zf)
    book = Book(
        sheets=[s for s, _ in sheets],
        cells={},
        names=names,
        date1904=date1904,
        external_links=sum(1 for t, _ in rels.values() if t == "externalLink"),
        application=app,
        app_version=ver,
        calc_chain=any(t == "calcChain" for t, _ in rels.values()),
        calc_id=calc_id,
        strict="purl.oclc.org" in (etree.QName(root).namespace or ""),
        prefixed=root.prefix is not None,
    )
    for sheet, part in sheets:
        if part not in zf.namelist():
            continue
        for typ, target in _rels(zf, part).values():
            if typ == "table" and target in zf.namelist():
                troot = etree.fromstring(zf.read(target), _PARSER)
                tname = (troot.get("displayName") or troot.get("name") or "").upper()
                if tname and troot.get("ref"):
                    book.tables[tname] = (sheet, troot.get("ref"))
        if _read_sheet(zf.read(part), sheet, sst, book.cells, all_cells, rich):
            book.prefixed = True
    return book


def _positions(events: Any) -> Any:
    """(element, row, col) of each ``<c>`` from ``(event, element)`` pairs of a sheet, cells
    without ``r`` placed after the previous cell of their row (rows without ``r`` likewise)."""
    row, col = 0, 0
    for ev, el in events:
        tag = local(el.tag)
        if tag == "row":
            if ev == "start":
                r = el.get("r")
                row = int(r) if r else row + 1
                col = 0
            continue
        if tag != "c" or ev != "end":
            continue
        r = el.get("r")
        if r:
            row, col = parse_cell(r)
        else:
            col += 1
        yield el, row, col


def _read_sheet(data: bytes, sheet: str, sst: list[str], out: dict[tuple[str, str], Cell], all_cells: bool = False,
                rich: dict[str, str] | None = None) -> bool:
    """Add the sheet's formula cells to ``out``; True when its root element has a prefix."""
    masters: dict[str, tuple[str, int, int]] = {}
    areas: list[tuple[int, int, int, int, str, str, bool]] = []  # array / data-table ranges
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), huge_tree=True, resolve_entities=False)
    prefixed: list[bool] = []

    def watch() -> Any:
        for ev, el in events:
            if not prefixed:
                prefixed.append(el.prefix is not None)
            yield ev, el

    for el, row, col in _positions(watch()):
        f = v = inline = None
        for ch in el:
            name = local(ch.tag)
            if name == "f":
                f = ch
            elif name == "v":
                v = ch
            elif name == "is":
                inline = ch
        t = el.get("t")
        ref = f"{col_letters(col)}{row}"
        area = None
        if f is None or (not f.text and (f.get("t") or "normal") == "normal"):
            # a cell of an array or data-table range (Excel 365 writes spilled cells of a
            # dynamic array as an empty <f ca="1"/>)
            area = next((a for a in areas if a[0] <= row <= a[2] and a[1] <= col <= a[3]), None)
        if area is not None:
            ftype, text = area[4], area[5]
            formula = "{=TABLE()}" if ftype == "dataTable" else "=" + text
            out[(sheet, ref)] = Cell(formula, ftype + "-member", _value(el, t, v, inline, sst, rich), dynamic=area[6])
        elif f is not None:
            ftype = f.get("t") or "normal"
            text = f.text or ""
            if ftype == "shared":
                si = f.get("si", "")
                if text:
                    masters.setdefault(si, (text, row, col))
                elif si in masters:
                    mtext, mrow, mcol = masters[si]
                    text = shift(mtext, row - mrow, col - mcol)
            if ftype in ("array", "dataTable") and f.get("ref"):
                try:
                    areas.append((*parse_range(f.get("ref")), ftype, text, el.get("cm") is not None))
                except ValueError:
                    pass
            formula = "{=TABLE()}" if ftype == "dataTable" else "=" + text
            spills = bool(areas) and el.get("cm") is not None and areas[-1][:2] == (row, col) and areas[-1][2:4] != (row, col)
            out[(sheet, ref)] = Cell(formula, ftype, _value(el, t, v, inline, sst, rich), dynamic=spills)
        elif all_cells and (v is not None or inline is not None):
            out[(sheet, ref)] = Cell("", "value", _value(el, t, v, inline, sst, rich))
        el.clear(keep_tail=False)
    return bool(prefixed and prefixed[0])


def strip_values(src: str | Path, dst: str | Path) -> int:
    """Copy the package ``src`` to ``dst`` with the saved value of every formula cell removed.

    The ``<v>`` (and any inline string) of each formula cell and of each cell of an array or
    data-table range go, with the cell's ``t`` type; every other member and cell is copied as
    it is. Returns the number of values removed.
    """
    removed = 0
    with zipfile.ZipFile(src) as zin:
        wb_part = workbook_part(zin)
        rels = _rels(zin, wb_part)
        sheet_parts = {target for typ, target in rels.values() if typ == "worksheet"}
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename in sheet_parts:
                    data, n = _strip_sheet(data)
                    removed += n
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return removed


def _strip_sheet(data: bytes) -> tuple[bytes, int]:
    root = etree.fromstring(data, _PARSER)
    areas: list[tuple[int, int, int, int]] = []
    removed = 0
    def walk() -> Any:
        for el in root.iter():
            yield "start", el
            if local(el.tag) == "c":
                yield "end", el

    cells = list(_positions(walk()))
    for el, _row, _col in cells:  # anchors first: their ranges are known before any member is seen
        for ch in el:
            if local(ch.tag) == "f" and ch.get("t") in ("array", "dataTable") and ch.get("ref"):
                try:
                    areas.append(parse_range(ch.get("ref")))
                except ValueError:
                    pass
    for el, row, col in cells:
        has_f = any(local(ch.tag) == "f" for ch in el)
        inside = not has_f and any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in areas)
        if not (has_f or inside):
            continue
        for ch in list(el):
            if local(ch.tag) in ("v", "is"):
                el.remove(ch)
                removed += 1
        if "t" in el.attrib:
            del el.attrib["t"]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), removed
