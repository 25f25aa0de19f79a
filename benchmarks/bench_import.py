"""Benchmark: ``socroi import`` against ``socroi recalc`` of the book it produces, same run.

Issue 12 asks that 100,000 Meta rows import in at most the time ``socroi recalc`` takes on
the resulting book, and that a 200 MB export imports with peak memory under 1 GB. This
script generates Meta Ads Manager exports (English CSV as Ads Manager writes it: campaign
name, day, platform breakdown, amount spent, impressions, reach, link clicks, post
engagement, leads, purchases and their value; every (platform, campaign, day) once), then,
each command in a fresh process (interpreter start and imports included):

* ``socroi import EXPORT --into BOOK`` into a fresh ``socroi new`` book (``--blank`` when
  the command has it), timed, with the importing process's peak RSS;
* ``socroi recalc BOOK -o DIR`` on the book the import produced, timed;

and prints import / recalc (the goal is <= 1) and the peak RSS of the import.

Run::

    .venv/bin/python benchmarks/bench_import.py                     # 100,000 rows, 3 runs
    .venv/bin/python benchmarks/bench_import.py --rows 100000 --mb 200 --repeat 3
    .venv/bin/python benchmarks/bench_import.py --rows 0 --mb 200   # only the 200 MB export

The 200 MB export is timed for import only (its recalculation is the engine's business),
unless ``--recalc-big`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HEADER = ["Campaign name", "Day", "Platform", "Amount spent (USD)", "Impressions", "Reach",
          "Link clicks", "Post engagement", "Leads", "Purchases", "Purchases conversion value",
          "Reporting starts", "Reporting ends"]
PLATFORMS = np.array(["facebook", "instagram", "audience_network", "messenger"])

#: Runs the command given after it and prints its wall time and peak RSS (MB), measured
#: in a process of its own so that nothing else counts towards the peak.
CHILD = """
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
if p.returncode:
    sys.stderr.write(p.stdout + p.stderr)
    raise SystemExit(p.returncode)
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _chunk(start: int, n: int, rng: np.random.Generator, days: int) -> pd.DataFrame:
    """Rows ``start .. start + n - 1``: row i is campaign i // (4 days), platform, day."""
    i = np.arange(start, start + n)
    day = np.datetime64("2024-01-01") + (i % days)
    platform = PLATFORMS[(i // days) % len(PLATFORMS)]
    campaign = i // (days * len(PLATFORMS))
    impressions = rng.integers(500, 200_000, n)
    reach = (impressions * rng.uniform(0.4, 0.9, n)).astype(np.int64)
    clicks = rng.integers(0, 3000, n)
    purchases = rng.integers(0, 40, n)
    leads = rng.integers(0, 60, n).astype(object)
    leads[rng.random(n) < 0.3] = ""  # some rows without leads: blank, as Meta leaves them
    value = np.round(purchases * rng.uniform(15, 120, n), 2).astype(object)
    value[purchases == 0] = ""
    day_text = pd.Series(day).dt.strftime("%Y-%m-%d").to_numpy()
    return pd.DataFrame({
        "Campaign name": np.char.add("Campaign ", campaign.astype(str)),
        "Day": day_text,
        "Platform": platform,
        "Amount spent (USD)": np.round(rng.uniform(5, 2500, n), 2),
        "Impressions": impressions,
        "Reach": reach,
        "Link clicks": clicks,
        "Post engagement": rng.integers(0, 9000, n),
        "Leads": leads,
        "Purchases": purchases,
        "Purchases conversion value": value,
        "Reporting starts": day_text,
        "Reporting ends": day_text,
    }, columns=HEADER)


def make_meta_export(path: Path, *, rows: int | None = None, megabytes: float | None = None,
                     seed: int = 11, days: int = 365) -> int:
    """Write a Meta CSV of ``rows`` rows, or of at least ``megabytes`` MB; the row count."""
    rng = np.random.default_rng(seed)
    written = 0
    step = 50_000
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff")
        first = True
        while True:
            if rows is not None:
                n = min(step, rows - written)
            else:
                n = step
            if n <= 0:
                break
            _chunk(written, n, rng, days).to_csv(fh, index=False, header=first,
                                                 lineterminator="\r\n")
            first = False
            written += n
            if megabytes is not None and fh.tell() >= megabytes * 1e6:
                break
    return written


def _socroi() -> str:
    exe = Path(sys.executable).with_name("socroi")
    if not exe.exists():
        raise SystemExit("socroi command not found beside this Python: run 'make test' first")
    return str(exe)


def measured(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of a command run in a process of its own."""
    out = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr}")
    wall, rss = out.stdout.split()
    return float(wall), float(rss)


def new_book(path: Path) -> str:
    """A fresh book from ``socroi new`` (blank when the command offers it); its kind."""
    exe = _socroi()
    helptext = subprocess.run([exe, "new", "--help"], capture_output=True, text=True).stdout
    kind = "blank" if "--blank" in helptext else "template with its example"
    args = [exe, "new", str(path)] + (["--blank"] if kind == "blank" else [])
    subprocess.run(args, check=True, capture_output=True)
    return kind


def run_size(tmp: Path, export: Path, rows: int, repeat: int, recalc: bool) -> dict:
    exe = _socroi()
    imports, rss, recalcs, kind = [], [], [], ""
    for k in range(repeat):
        book = tmp / f"book_{rows}_{k}.xlsx"
        kind = new_book(book)
        wall, peak = measured([exe, "import", str(export), "--into", str(book)])
        imports.append(wall)
        rss.append(peak)
        if recalc:
            outdir = tmp / f"out_{rows}_{k}"
            wall, _ = measured([exe, "recalc", str(book), "-o", str(outdir)])
            recalcs.append(wall)
        book.unlink()
    row = {
        "rows": rows,
        "export_mb": round(export.stat().st_size / 1e6, 1),
        "book": kind,
        "import_s": round(statistics.median(imports), 2),
        "import_peak_mb": round(max(rss)),
        "recalc_s": round(statistics.median(recalcs), 2) if recalcs else None,
        "ratio": round(statistics.median(imports) / statistics.median(recalcs), 2)
        if recalcs else None,
        "imports": [round(x, 2) for x in imports],
        "recalcs": [round(x, 2) for x in recalcs],
    }
    tail = (f", recalc {row['recalc_s']:.2f} s, import / recalc {row['ratio']:.2f}"
            if recalcs else "")
    print(f"{rows:>9,} rows ({row['export_mb']} MB export, {kind}): import {row['import_s']:.2f} s, "
          f"peak {row['import_peak_mb']} MB{tail}", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[100_000],
                    help="export sizes in rows (import and recalc timed)")
    ap.add_argument("--mb", type=float, nargs="*", default=[],
                    help="export sizes in MB (import timed, peak memory)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (median reported)")
    ap.add_argument("--recalc-big", action="store_true", help="also recalc the --mb books")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        tmp = Path(tmp)
        for rows in [r for r in args.rows if r > 0]:
            export = tmp / f"meta_{rows}.csv"
            make_meta_export(export, rows=rows)
            results.append(run_size(tmp, export, rows, args.repeat, recalc=True))
            export.unlink()
        for mb in args.mb:
            export = tmp / f"meta_{mb:g}MB.csv"
            t = time.perf_counter()
            rows = make_meta_export(export, megabytes=mb)
            print(f"generated {export.stat().st_size / 1e6:.0f} MB, {rows:,} rows "
                  f"in {time.perf_counter() - t:.0f} s", flush=True)
            results.append(run_size(tmp, export, rows, args.repeat, recalc=args.recalc_big))
            export.unlink()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
