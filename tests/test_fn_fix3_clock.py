"""The corpus comparison's ``--clock saved``: TODAY with the date the workbook was saved.

A workbook saved on 2014-05-29 (``dcterms:modified`` 2014-05-29T07:38:12Z, as Apache POI's
56574.xlsx says) whose TODAY() Excel saved as 41788 (29 May 2014): with the clock pinned to
the saved date the engine gives 41788 and the cell following it is equal too; a TODAY()
whose saved value is the day before (a calculation before midnight, saved after) stays
different. The main figures do not change: the pinned figure is an extra one.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2006-09-16T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2014-05-29T07:38:12Z</dcterms:modified></cp:coreProperties>'
)
_ROWS = (
    '<row r="1"><c r="A1"><f>TODAY()</f><v>41788</v></c><c r="B1"><f>A1+1</f><v>41789</v></c>'
    '<c r="C1"><f>TODAY()</f><v>41787</v></c><c r="D1"><v>2</v></c><c r="E1"><f>D1*3</f><v>6</v></c></row>'
)


def _book(path: Path, core: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WB)
        zf.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet '
                    f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{_ROWS}</sheetData></worksheet>')
        if core:
            zf.writestr("docProps/core.xml", _CORE)
    return path


def test_saved_date_is_the_utc_date_of_dcterms_modified(tmp_path, corpus_script):
    compare = corpus_script("compare")
    assert compare.saved_date(_book(tmp_path / "a.xlsx")) == "2014-05-29"
    assert compare.saved_date(_book(tmp_path / "b.xlsx", core=False)) is None


def test_clock_saved_counts_today_cells_equal_with_the_saved_date(tmp_path, corpus_script):
    compare = corpus_script("compare")
    cache = tmp_path / "cache"
    _book(cache / "files" / "here" / "today.xlsx")
    entries = [{"file": "here/today.xlsx", "repo": "here"}]
    (cache / "manifest.json").write_text(json.dumps({"files": entries}), encoding="utf-8")
    out = compare.run(cache, tmp_path / "report", entries, False, 1, None, clock="saved")
    s = out["socroi"]
    # main figures, clock not pinned: E1 equal; A1, C1 volatile, B1 follows A1
    assert (s["formula_cells"], s["equal"], s["not_comparable"], s["follows_not_comparable"]) == (4, 1, 2, 1)
    assert s["clock_saved"] == {"files": 1, "files_without_date": 0, "today_cells": 2, "today_equal": 1,
                                "following_cells": 1, "following_equal": 1}
    assert "1 of the 2 cells that call TODAY and 1 of the 1 cells that follow them" in compare.markdown(s)
    plain = compare.run(cache, tmp_path / "report2", entries, False, 1, None)["socroi"]
    assert "clock_saved" not in plain and plain["equal"] == s["equal"]
