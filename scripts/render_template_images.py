"""Render pictures of the recalculated template for docs/template.md.

1. builds the template into a temporary folder and makes its shared copy
   (``socroi_xl.share.share_path``, what ``socroi share`` sends a client): recalculated by
   our engine, SOCROI cells and their dependents frozen to their values, native formulas live;
2. for each sheet to picture, writes a copy whose other sheets are hidden, whose active
   tab is that sheet and whose ``fullCalcOnLoad`` flag is dropped;
3. converts each copy to PDF with LibreOffice headless, using a throw-away profile whose
   ``OOXMLRecalcMode`` is 0 ("always recalculate"), as a client's spreadsheet would: it
   computes the live native formulas itself and shows the frozen SOCROI figures;
4. turns each PDF page into a PNG with ``pdftoppm -png -r 80``, into docs/img/;
5. has LibreOffice recalculate a copy of the template itself (a second profile that always
   recalculates) and records its values of the native formula cells (no SOCROI call) in
   tests/test_template_libreoffice.json, the golden file an engine test compares with.

Usage::

    .venv/bin/python scripts/render_template_images.py            # Summary, Funnel, ...
    .venv/bin/python scripts/render_template_images.py --sheets Summary

Needs ``soffice`` (LibreOffice) and ``pdftoppm`` (poppler-utils); CI does not run it, the
PNGs it makes are committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from socroi_xl import libreoffice

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
GOLDEN = ROOT / "tests" / "test_template_libreoffice.json"
SHEETS = ("Summary", "Funnel", "Channels", "Pipeline")
_ARRAY_FORMULA = re.compile(rb'<f t="array"[^>]*>[^<]*</f>')



def only_sheet(src: Path, dst: Path, sheet: str) -> None:
    """Copy ``src`` to ``dst`` with every sheet but ``sheet`` hidden and no recalc-on-load flag."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = _workbook_xml(data.decode("utf-8"), sheet).encode("utf-8")
            elif info.filename.startswith("xl/worksheets/sheet"):
                # LibreOffice 7.4 recomputes array (matrix) formulas on load whatever the
                # recalculation setting, and knows no SOCROI function: keep their values only
                data = _ARRAY_FORMULA.sub(b"", data)
            zout.writestr(info, data)


def _workbook_xml(xml: str, sheet: str) -> str:
    names = re.findall(r'<sheet\b[^>]*\bname="([^"]*)"', xml)
    if sheet not in names:
        raise SystemExit(f"render: no sheet {sheet!r} in the workbook ({', '.join(names)})")
    index = names.index(sheet)

    def state(m: re.Match[str]) -> str:
        tag = re.sub(r'\sstate="[^"]*"', "", m.group(0))
        name = re.search(r'\bname="([^"]*)"', tag).group(1)
        return tag if name == sheet else tag.replace("<sheet ", '<sheet state="hidden" ', 1)

    xml = re.sub(r"<sheet\b[^>]*/>", state, xml)
    xml = re.sub(r'activeTab="\d+"', f'activeTab="{index}"', xml)
    xml = re.sub(r'firstSheet="\d+"', f'firstSheet="{index}"', xml)
    return re.sub(r'\s(fullCalcOnLoad|forceFullCalc)="[^"]*"', "", xml)


def soffice_pdf(soffice: str, book: Path, out_dir: Path, profile: Path) -> Path:
    """LibreOffice headless: ``book`` to PDF in ``out_dir`` with ``profile``."""
    libreoffice.convert([book], out_dir, "pdf", profile, soffice, 300)
    pdf = out_dir / (book.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"render: LibreOffice wrote no PDF for {book}")
    return pdf


def content_digest(path: Path) -> str:
    """SHA-256 over the names and contents of a package's members (not the zip bytes,
    which depend on the zlib that compressed them)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            digest.update(name.encode() + b"\0" + z.read(name) + b"\0")
    return digest.hexdigest()


def libreoffice_native_values(soffice: str, template: Path, tmpdir: Path) -> dict:
    """LibreOffice's own values of the template's native formula cells (no SOCROI call).

    LibreOffice recalculates a copy on load (a profile with ``OOXMLRecalcMode`` 0,
    "always"); the cells whose formula calls no SOCROI function and that LibreOffice
    computes without an error (an error there comes from a SOCROI cell upstream, which
    LibreOffice cannot compute) are recorded: an independent check of our engine.
    """
    import openpyxl

    profile = libreoffice.make_profile(tmpdir / "profile-always", recalc_on_load=True)
    out_dir = tmpdir / "lo"
    out_dir.mkdir()
    copy = out_dir / "template_in.xlsx"
    shutil.copyfile(template, copy)
    libreoffice.convert([copy], tmpdir / "lo_out", libreoffice.XLSX, profile, soffice, 300)
    formulas = openpyxl.load_workbook(template)
    computed = openpyxl.load_workbook(tmpdir / "lo_out" / copy.name, data_only=True)
    cells, excluded = {}, 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = cell.value
                if not (isinstance(text, str) and text.startswith("=")) or "SOCROI" in text:
                    continue
                value = computed[ws.title][cell.coordinate].value
                if isinstance(value, str) and value.startswith("#"):
                    excluded += 1
                    continue
                if isinstance(value, dt.datetime):
                    value = (value - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
                cells[f"{ws.title}!{cell.coordinate}"] = value
    return {
        "template_digest": content_digest(template),
        "generator": subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip(),
        "excluded_errors": excluded,
        "cells": cells,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sheets", nargs="*", default=list(SHEETS), help="sheets to picture")
    ap.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    ap.add_argument("--dpi", type=int, default=80)
    ap.add_argument("--golden", type=Path, default=GOLDEN, help="where to write LibreOffice's native values")
    args = ap.parse_args(argv)
    soffice, pdftoppm = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        print("render: needs soffice (LibreOffice) and pdftoppm (poppler-utils)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from socroi_xl.share import share_path
    from socroi_xl.template import build_template

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="socroi-render-") as tmp:
        tmpdir = Path(tmp)
        profile = libreoffice.make_profile(tmpdir / "profile", recalc_on_load=True)
        book = build_template(tmpdir / "template.xlsx")
        result = share_path(book, tmpdir / "shared.xlsx")
        print(f"render: shared copy: {result.frozen} cells frozen, {result.live} formulas live")
        for sheet in args.sheets:
            copy = tmpdir / f"template_{sheet.lower()}.xlsx"
            only_sheet(result.path, copy, sheet)
            pdf = soffice_pdf(soffice, copy, tmpdir, profile)
            stem = args.out / f"template_{sheet.lower()}"
            for old in args.out.glob(f"{stem.name}*.png"):
                old.unlink()
            # each pictured sheet prints on one page (the template's page setup): one PNG
            subprocess.run([pdftoppm, "-png", "-singlefile", "-r", str(args.dpi), str(pdf), str(stem)],
                           check=True, timeout=120)  # fmt: skip
            pages = sorted(args.out.glob(f"{stem.name}*.png"))
            print(f"render: {sheet}: {', '.join(p.name for p in pages)}")
        record = libreoffice_native_values(soffice, book, tmpdir)
        args.golden.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"render: {args.golden.name}: {len(record['cells'])} native cells computed by LibreOffice")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
