"""Render pictures of the recalculated template for docs/template.md.

1. builds the template into a temporary folder and makes its shared copy
   (``socroi_xl.share.share_path``, what ``socroi share`` sends a client): recalculated by
   our engine, SOCROI cells and their dependents frozen to their values, native formulas live;
2. for each sheet to picture, writes a copy whose other sheets are hidden, whose active
   tab is that sheet and whose ``fullCalcOnLoad`` flag is dropped;
3. converts each copy to PDF with LibreOffice headless, using a throw-away profile whose
   ``OOXMLRecalcMode`` is 0 ("always recalculate"), as a client's spreadsheet would: it
   computes the live native formulas itself and shows the frozen SOCROI figures;
4. turns each PDF page into a PNG with ``pdftoppm -png -r 80``, into docs/img/.

LibreOffice's own values of the template's native formulas are recorded by
scripts/make_golden.py (tests/golden/template*.json), not here.

Usage::

    .venv/bin/python scripts/render_template_images.py            # Summary, Funnel, ...
    .venv/bin/python scripts/render_template_images.py --sheets Summary

Needs ``soffice`` (LibreOffice) and ``pdftoppm`` (poppler-utils); CI does not run it, the
PNGs it makes are committed.
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sheets", nargs="*", default=list(SHEETS), help="sheets to picture")
    ap.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    ap.add_argument("--dpi", type=int, default=80)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
