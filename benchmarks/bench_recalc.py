"""Benchmark: ``socroi recalc`` (the engine) against LibreOffice headless, same files, same run.

Generates campaign workbooks of 10,000 and 100,000 rows in two kinds:

* ``excel``: the way Excel saves them — shared formulas, shared strings;
* ``openpyxl``: written by openpyxl (write-only mode) — every formula written out in its
  own cell (no shared formulas), text as inline strings.

Each has 12 input columns, four per-row formula columns (CPM and CTR through the SOCROI
functions, CPC and ROI as native ``IFERROR`` expressions) and a Summary sheet of SUM /
SUMPRODUCT cells. Then times, each in a fresh process, interleaved run by run:

* the engine: ``recalc_path(src, dst)`` in a child Python process (import time included,
  as LibreOffice's start-up is), reporting its peak RSS and that of its forked column
  reader, and the CPU seconds of each;
* the command ``socroi recalc SRC -o DIR`` (the same engine plus the CLI's own start-up);
* LibreOffice: ``soffice --headless --convert-to xlsx`` with a throw-away user profile
  whose settings force recalculation on load (``OOXMLRecalcMode`` = 0, "always").
  LibreOffice cannot run the SOCROI functions (it writes ``#NAME?`` there) but it does
  recalculate every formula, which is the work being timed;
* the floor: merely copying the package (unzip every member and zip it again) in a
  fresh Python process — no recalculating program that rewrites the file can be faster.

Run::

    .venv/bin/python benchmarks/bench_recalc.py            # both kinds, 10,000 and 100,000 rows
    .venv/bin/python benchmarks/bench_recalc.py --rows 100000 --kinds openpyxl --repeat 5

Goal (issue 13): engine / LibreOffice <= 0.25 at 100,000 rows for both kinds; peak memory
under 500 MB, the engine's process and its column-reader child together (``peak_sum_mb``). The load average is printed with each line: both sides are wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from socroi_xl import libreoffice

PLATFORMS = ["Facebook", "Instagram", "LinkedIn", "TikTok", "X", "YouTube", "Pinterest"]
TYPES = ["Paid", "Organic", "Earned"]
HEADERS = ["Date", "Platform", "Type", "Campaign", "Spend", "Impressions", "Reach", "Clicks",
           "Engagements", "Leads", "Conversions", "Revenue", "CPM", "CPC", "CTR", "ROI"]
FORMULAS = {  # column letter -> master formula (row 2)
    "M": "SOCROI_CPM(E2,F2)",
    "N": 'IFERROR(E2/H2,"")',
    "O": "SOCROI_CTR(H2,F2)",
    "P": 'IFERROR((L2-E2)/E2,"")',
}

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def campaign_data(rows: int, seed: int) -> tuple[np.ndarray, ...]:
    """The campaign columns both kinds of workbook hold: dates, platform and type indexes,
    spend, impressions, reach, clicks, engagements, leads, conversions, revenue."""
    rng = np.random.default_rng(seed)
    spend = np.round(rng.uniform(50, 5000, rows), 2)
    impressions = rng.integers(1000, 500000, rows)
    reach = (impressions * rng.uniform(0.3, 0.9, rows)).astype(int)
    clicks = rng.integers(0, 5000, rows)
    clicks[rng.random(rows) < 0.02] = 0  # some #DIV/0! -> "" through IFERROR
    eng = rng.integers(0, 20000, rows)
    leads = rng.integers(0, 300, rows)
    conv = rng.integers(0, 100, rows)
    revenue = np.round(conv * rng.uniform(20, 200, rows), 2)
    dates = 45292 + rng.integers(0, 366, rows)
    plat = rng.integers(0, len(PLATFORMS), rows)
    typ = rng.integers(0, len(TYPES), rows)
    return dates, plat, typ, spend, impressions, reach, clicks, eng, leads, conv, revenue


def make_workbook(path: Path, rows: int, seed: int = 7) -> None:
    """Write a campaign workbook of ``rows`` data rows, as Excel would store it."""
    last = rows + 1
    strings = HEADERS + PLATFORMS + TYPES + [f"Campaign {i}" for i in range(rows // 10 + 1)]
    sidx = {s: i for i, s in enumerate(strings)}
    dates, plat, typ, spend, impressions, reach, clicks, eng, leads, conv, revenue = campaign_data(rows, seed)
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>'
             f'<dimension ref="A1:P{last}"/><sheetData>']
    header = "".join(f'<c r="{chr(65 + j)}1" t="s"><v>{sidx[h]}</v></c>' for j, h in enumerate(HEADERS))
    parts.append(f'<row r="1">{header}</row>')
    for i in range(rows):
        r = i + 2
        cells = [
            f'<c r="A{r}" s="1"><v>{dates[i]}</v></c>',
            f'<c r="B{r}" t="s"><v>{sidx[PLATFORMS[plat[i]]]}</v></c>',
            f'<c r="C{r}" t="s"><v>{sidx[TYPES[typ[i]]]}</v></c>',
            f'<c r="D{r}" t="s"><v>{sidx[f"Campaign {i // 10}"]}</v></c>',
            f'<c r="E{r}" s="2"><v>{spend[i]}</v></c>',
            f'<c r="F{r}"><v>{impressions[i]}</v></c>',
            f'<c r="G{r}"><v>{reach[i]}</v></c>',
            f'<c r="H{r}"><v>{clicks[i]}</v></c>',
            f'<c r="I{r}"><v>{eng[i]}</v></c>',
            f'<c r="J{r}"><v>{leads[i]}</v></c>',
            f'<c r="K{r}"><v>{conv[i]}</v></c>',
            f'<c r="L{r}" s="2"><v>{revenue[i]}</v></c>',
        ]
        for si, (col, formula) in enumerate(FORMULAS.items()):
            if r == 2:
                cells.append(f'<c r="{col}2" s="2"><f t="shared" ref="{col}2:{col}{last}" si="{si}">'
                             f'{formula.replace(chr(34), "&quot;")}</f><v>0</v></c>')
            else:
                cells.append(f'<c r="{col}{r}" s="2"><f t="shared" si="{si}"/><v>0</v></c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    parts.append("</sheetData></worksheet>")
    summary_rows = [
        ("Total spend", f"SUM(Data!E2:E{last})"),
        ("Total revenue", f"SUM(Data!L2:L{last})"),
        ("Total clicks", f"SUM(Data!H2:H{last})"),
        ("ROI", "IFERROR((B3-B2)/B2,&quot;&quot;)"),
        ("Weighted CPM", f"SUMPRODUCT(Data!E2:E{last},Data!F2:F{last})/SUM(Data!F2:F{last})"),
        ("Spend x ROI", f"SUMPRODUCT(Data!E2:E{last},Data!L2:L{last})"),
    ]
    srows = []
    for k, (label, formula) in enumerate(summary_rows, start=2):
        strings.append(label)
        srows.append(f'<row r="{k}"><c r="A{k}" t="s"><v>{len(strings) - 1}</v></c>'
                     f'<c r="B{k}"><f>{formula}</f><v>0</v></c></row>')
    summary = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>'
               f'<sheetData>{"".join(srows)}</sheetData></worksheet>')
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} count="{len(strings)}" '
              f'uniqueCount="{len(strings)}">{sst}</sst>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS} '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Summary" sheetId="2" r:id="rId2"/></sheets>'
                '<definedNames><definedName name="Headline_TotalCost">Summary!$B$2</definedName></definedNames>'
                '<calcPr calcId="191029"/></workbook>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        zf.writestr("xl/styles.xml", STYLES)
        zf.writestr("xl/sharedStrings.xml", shared)
        zf.writestr("xl/worksheets/sheet1.xml", "".join(parts))
        zf.writestr("xl/worksheets/sheet2.xml", summary)



def make_openpyxl_workbook(path: Path, rows: int, seed: int = 7) -> None:
    """The same campaign workbook written by openpyxl (write-only mode): every formula
    written out in full in its cell (no shared formulas), text as inline strings."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    last = rows + 1
    dates, plat, typ, spend, impressions, reach, clicks, eng, leads, conv, revenue = campaign_data(rows, seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(HEADERS)
    for i in range(rows):
        r = i + 2
        ws.append([
            int(dates[i]), PLATFORMS[plat[i]], TYPES[typ[i]], f"Campaign {i // 10}", float(spend[i]),
            int(impressions[i]), int(reach[i]), int(clicks[i]), int(eng[i]), int(leads[i]), int(conv[i]),
            float(revenue[i]),
            *("=" + re.sub(r"(?<=[A-Z])2\b", str(r), f) for f in FORMULAS.values()),
        ])  # fmt: skip
    summary = wb.create_sheet("Summary")
    summary.append([])
    for label, formula in [
        ("Total spend", f"=SUM(Data!E2:E{last})"),
        ("Total revenue", f"=SUM(Data!L2:L{last})"),
        ("Total clicks", f"=SUM(Data!H2:H{last})"),
        ("ROI", '=IFERROR((B3-B2)/B2,"")'),
        ("Weighted CPM", f"=SUMPRODUCT(Data!E2:E{last},Data!F2:F{last})/SUM(Data!F2:F{last})"),
        ("Spend x ROI", f"=SUMPRODUCT(Data!E2:E{last},Data!L2:L{last})"),
    ]:
        summary.append([label, formula])
    wb.defined_names["Headline_TotalCost"] = DefinedName("Headline_TotalCost", attr_text="Summary!$B$2")
    wb.save(path)


CHILD = """
import resource, sys, time
t = time.perf_counter()
from socroi_xl.engine import recalc_path
r = recalc_path(sys.argv[1], sys.argv[2])
own = resource.getrusage(resource.RUSAGE_SELF)
kid = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.formulas, r.errors, time.perf_counter() - t, own.ru_maxrss, kid.ru_maxrss,
      own.ru_utime + own.ru_stime, kid.ru_utime + kid.ru_stime)
"""

#: The floor: what any program that rewrites the package must do at least — unzip every
#: member and zip it again (members over 4 MB at deflate level 1, as the engine writes them).
COPY = """
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zin, zipfile.ZipFile(sys.argv[2], "w") as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        zout.writestr(info, data, compress_type=info.compress_type,
                      compresslevel=1 if len(data) > (4 << 20) else None)
"""


def time_engine(src: Path, dst: Path) -> dict[str, Any]:
    """The engine in a fresh process (imports included): wall time, peak RSS of the process
    and of its forked column reader, CPU seconds of each."""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(dst)], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    formulas, errors, _inner, rss, kid_rss, cpu, kid_cpu = out.stdout.split()
    return {"wall": wall, "rss": int(rss) / 1024, "child_rss": int(kid_rss) / 1024, "cpu": float(cpu),
            "child_cpu": float(kid_cpu), "info": f"{formulas} formulas, {errors} errors"}  # fmt: skip


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def time_copy(src: Path, dst: Path) -> tuple[float, float]:
    """Wall and CPU time of merely copying the package (unzip and re-zip) in a fresh Python process."""
    c, t = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", COPY, str(src), str(dst)], check=True, capture_output=True)
    return time.perf_counter() - t, _children_cpu() - c


def time_cli(src: Path, outdir: Path) -> float | None:
    """Wall time of the ``socroi recalc SRC -o OUTDIR`` command (None if not installed)."""
    exe = Path(sys.executable).with_name("socroi")
    if not exe.exists():
        return None
    t = time.perf_counter()
    subprocess.run([str(exe), "recalc", str(src), "-o", str(outdir)], check=True, capture_output=True)
    return time.perf_counter() - t


def time_libreoffice(src: Path, outdir: Path, profile: Path) -> tuple[float, float]:
    """Wall and CPU time (its processes, reaped) of LibreOffice recalculating ``src``."""
    soffice = libreoffice.find_soffice()
    if soffice is None:
        raise SystemExit("soffice not found: install LibreOffice to run this benchmark")
    libreoffice.make_profile(profile, recalc_on_load=True)
    c, t = _children_cpu(), time.perf_counter()
    libreoffice.convert([src], outdir, "xlsx", profile, soffice, 900)
    return time.perf_counter() - t, _children_cpu() - c


KINDS = {
    "excel": make_workbook,  # shared formulas, shared strings (as Excel saves)
    "openpyxl": make_openpyxl_workbook,  # every formula in full, inline strings (as openpyxl saves)
}


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--kinds", nargs="*", default=list(KINDS), choices=list(KINDS))
    ap.add_argument("--repeat", type=int, default=3, help="timings per size (median reported)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_recalc_") as tmp:
        tmp = Path(tmp)
        profile = tmp / "lo_profile"
        # warm LibreOffice's profile once so first-start set-up is not timed
        warm = tmp / "warm.xlsx"
        make_workbook(warm, 10)
        time_libreoffice(warm, tmp / "warm_out", profile)
        from socroi_xl.xlsx import deflate

        print(f"load average before: {_load()}; large parts deflated by {'ISA-L' if deflate.ACTIVE else 'zlib'}", flush=True)
        for rows in args.rows:
            for kind in args.kinds:
                src = tmp / f"{kind}_{rows}.xlsx"
                KINDS[kind](src, rows)
                runs, theirs, cli, floor = [], [], [], []
                for k in range(args.repeat):  # interleaved, so that load changes hit all alike
                    runs.append(time_engine(src, tmp / f"ours_{kind}_{rows}_{k}.xlsx"))
                    theirs.append(time_libreoffice(src, tmp / f"lo_{kind}_{rows}_{k}", profile))
                    floor.append(time_copy(src, tmp / f"copy_{kind}_{rows}_{k}.xlsx"))
                    c = time_cli(src, tmp / f"cli_{kind}_{rows}_{k}")
                    if c is not None:
                        cli.append(c)
                ours = statistics.median(r["wall"] for r in runs)
                lo = statistics.median(w for w, _ in theirs)
                lo_cpu = statistics.median(c for _, c in theirs)
                copy = statistics.median(w for w, _ in floor)
                ours_cpu = statistics.median(r["cpu"] + r["child_cpu"] for r in runs)
                row = {
                    "kind": kind,
                    "rows": rows,
                    "file_mb": round(os.path.getsize(src) / 1e6, 2),
                    "engine_s": round(ours, 3),
                    "libreoffice_s": round(lo, 3),
                    "copy_s": round(copy, 3),
                    "ratio": round(ours / lo, 3),
                    "copy_ratio": round(copy / lo, 3),
                    "engine_over_copy": round(ours / copy, 2),
                    "engine_peak_mb": round(max(r["rss"] for r in runs), 1),
                    "child_peak_mb": round(max(r["child_rss"] for r in runs), 1),
                    # the goal counts both processes: the sum of their peaks (an upper bound
                    # of the memory in use at any one time)
                    "peak_sum_mb": round(max(r["rss"] + r["child_rss"] for r in runs), 1),
                    "engine_cpu_s": round(statistics.median(r["cpu"] for r in runs), 2),
                    "child_cpu_s": round(statistics.median(r["child_cpu"] for r in runs), 2),
                    "libreoffice_cpu_s": round(lo_cpu, 2),
                    "cpu_ratio": round(ours_cpu / lo_cpu, 3) if lo_cpu else None,
                    "copy_cpu_s": round(statistics.median(c for _, c in floor), 2),
                    "engine": runs[0]["info"],
                    "cli_s": round(statistics.median(cli), 3) if cli else None,
                    "cli_ratio": round(statistics.median(cli) / lo, 3) if cli else None,
                    "load": _load(),
                }
                results.append(row)
                extra = f", CLI {row['cli_s']:.2f} s (ratio {row['cli_ratio']:.2f})" if cli else ""
                print(f"{kind:>8} {rows:>7} rows ({row['file_mb']} MB): engine {row['engine_s']:.2f} s, "
                      f"LibreOffice {row['libreoffice_s']:.2f} s, ratio {row['ratio']:.2f}; copy floor "
                      f"{row['copy_s']:.2f} s (ratio {row['copy_ratio']:.2f}); engine peak {row['engine_peak_mb']:.0f} MB "
                      f"+ reader child {row['child_peak_mb']:.0f} MB (sum {row['peak_sum_mb']:.0f}); CPU {row['engine_cpu_s']:.2f} + {row['child_cpu_s']:.2f} s "
                      f"against LibreOffice's {row['libreoffice_cpu_s']:.2f} s (ratio {row['cpu_ratio']})"
                      f"{extra}  [{row['engine']}; load {row['load']}]", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
