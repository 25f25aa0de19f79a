"""The corpus subset the test suite recalculates: choose it, export it, list its differences.

The subset is drawn from the redistributable sources only (MIT, BSD, Apache-2.0; see
``corpus_sources.py``) and kept to a few MB. ``tests/corpus/subset.json`` names each file
(source repository, path, commit, licence, sha256); the workbooks themselves are not in git:
``export`` copies them, with the licence of each source, into a folder that
``tests/test_corpus.py`` finds through ``$SOCROI_CORPUS``, ``tests/corpus/files/`` or
``../shared/corpus/`` beside the project.

Usage::

    python scripts/corpus/subset.py select  --cache CACHE   # rewrite tests/corpus/subset.json
    python scripts/corpus/subset.py export  --cache CACHE --mirror /work/.mirror DEST
    python scripts/corpus/subset.py expected DEST           # rewrite tests/corpus/expected_differences.json

``expected`` records today's differences (the ratchet the test holds the engine to); review
its diff before committing it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_sources import BY_REPO  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests" / "corpus"
SUBSET = TESTS / "subset.json"
EXPECTED = TESTS / "expected_differences.json"
DEFAULT_CACHE = Path.home() / ".cache" / "socroi-corpus"

#: Budget of the subset: total bytes, bytes and formula cells of one file.
MAX_TOTAL_BYTES = 3_500_000
MAX_FILE_BYTES = 150_000
MAX_FILE_CELLS = 3_000
#: Files of each source taken first whatever their density, so every source is represented.
PER_SOURCE_FIRST = 3

_LICENCE_FILES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE.rst", "LICENSE-MIT", "LICENSE_MIT",
                  "LICENSE-MIT.md", "LICENSE-Apache-2.0", "LICENSE_Apache2.0", "NOTICE", "NOTICE.txt",
                  "legal/LICENSE", "legal/NOTICE")  # fmt: skip


def select(manifest: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Redistributable files within the per-file limits, densest in formula cells first,
    the first few of each source guaranteed, until the byte budget is spent."""
    ok = [f for f in manifest if f["redistributable"] and f["bytes"] <= MAX_FILE_BYTES and f["formula_cells"] <= MAX_FILE_CELLS]
    ok.sort(key=lambda f: (-f["saved_values"] / f["bytes"], f["file"]))
    chosen: list[dict[str, Any]] = []
    per_source: dict[str, int] = {}
    for f in ok:
        if per_source.get(f["repo"], 0) < PER_SOURCE_FIRST:
            chosen.append(f)
            per_source[f["repo"]] = per_source.get(f["repo"], 0) + 1
    total = sum(f["bytes"] for f in chosen)
    for f in ok:
        if f in chosen:
            continue
        if total + f["bytes"] > MAX_TOTAL_BYTES:
            continue
        chosen.append(f)
        total += f["bytes"]
    keys = ("file", "repo", "path", "commit", "licence", "sha256", "bytes", "formula_cells")
    return sorted(({k: f[k] for k in keys} for f in chosen), key=lambda f: f["file"])


def export(entries: list[dict[str, Any]], cache: Path, mirror: Path | None, dest: Path) -> None:
    """Copy the subset's files, a manifest and each source's licence text into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for e in entries:
        src = cache / "files" / e["file"]
        data = src.read_bytes()
        if hashlib.sha256(data).hexdigest() != e["sha256"]:
            raise SystemExit(f"{src}: not the bytes subset.json names (rebuild the cache)")
        out = dest / e["file"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    (dest / "MANIFEST.json").write_text(json.dumps(entries, indent=1), encoding="utf-8")
    lic = dest / "LICENSES"
    lic.mkdir(exist_ok=True)
    lines = ["# Licences of the corpus subset", "",
             "Each workbook keeps its source repository's licence; the texts follow the repository name.", "",
             "| repository | licence | commit | files |", "|---|---|---|---:|"]  # fmt: skip
    for repo in sorted({e["repo"] for e in entries}):
        files = [e for e in entries if e["repo"] == repo]
        lines.append(f"| {repo} | {BY_REPO[repo].licence} | {files[0]['commit']} | {len(files)} |")
        if mirror is None:
            continue
        from build import git_dir

        gd = git_dir(mirror, repo)
        if gd is None:
            continue
        for name in _LICENCE_FILES:
            r = subprocess.run(["git", f"--git-dir={gd}", "show", f"HEAD:{name}"], capture_output=True)
            if r.returncode == 0:
                (lic / f"{repo.replace('/', '+')}-{name.replace('/', '-')}").write_bytes(r.stdout)
    (lic / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def expected(dest: Path) -> dict[str, Any]:
    """Recalculate the subset in ``dest`` and write today's differences to ``EXPECTED``."""
    from compare import compare_file, summarise

    entries = json.loads(SUBSET.read_text(encoding="utf-8"))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, e in enumerate(entries):
            work = Path(tmp) / str(i)
            work.mkdir()
            results.append(compare_file(dest / e["file"], work, None, e["file"], e["repo"]))
    listing = differences_json(results)
    EXPECTED.write_text(json.dumps(listing, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    summary = summarise(results, "socroi")
    print(f"{summary['equal']} of {summary['formula_cells']} equal ({100 * summary['share_equal']:.2f}%)")
    return summary


def differences_json(results: list[Any]) -> dict[str, dict[str, list[str]]]:
    """{file: {reason: ["Sheet!A1:A9", ...]}} of every difference, runs of a column joined."""
    out: dict[str, dict[str, list[str]]] = {}
    for r in results:
        cells: dict[str, list[tuple[str, str]]] = {}
        for d in r.diffs:
            cells.setdefault(d.reason, []).append((d.sheet, d.cell))
        for reason, keys in cells.items():
            out.setdefault(r.file, {})[reason] = join_cells(keys)
    return out


def join_cells(keys: list[tuple[str, str]]) -> list[str]:
    """``Sheet!A1``, ``Sheet!A2``, ``Sheet!A3`` -> ``Sheet!A1:A3``: runs down a column, and runs
    of the same rows in adjacent columns joined into a rectangle (``Sheet!A1:C3``).

    >>> join_cells([("S", "A1"), ("S", "A2"), ("S", "A3"), ("S", "B2"), ("T x", "C5")])
    ['S!A1:A3', 'S!B2', 'T x!C5']
    >>> join_cells([("S", "A1"), ("S", "B1"), ("S", "C1"), ("S", "A2"), ("S", "B2"), ("S", "C2"), ("S", "E1")])
    ['S!A1:C2', 'S!E1']
    """
    from xlsxcells import col_letters, parse_cell

    by_col: dict[tuple[str, int], list[int]] = {}
    for sheet, ref in keys:
        r, c = parse_cell(ref)
        by_col.setdefault((sheet, c), []).append(r)
    runs: dict[tuple[str, int, int], list[int]] = {}  # (sheet, first row, last row) -> columns
    for (sheet, c), rows in by_col.items():
        rows.sort()
        start = prev = rows[0]
        for r in rows[1:] + [None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            runs.setdefault((sheet, start, prev), []).append(c)
            if r is not None:
                start = prev = r
    out: list[tuple[str, int, int, int, int]] = []  # sheet, c1, r1, c2, r2
    for (sheet, r1, r2), cols in runs.items():
        cols.sort()
        first = last = cols[0]
        for c in cols[1:] + [None]:
            if c is not None and c == last + 1:
                last = c
                continue
            out.append((sheet, first, r1, last, r2))
            if c is not None:
                first = last = c
    out.sort()
    text = []
    for sheet, c1, r1, c2, r2 in out:
        a = f"{col_letters(c1)}{r1}"
        b = f"{col_letters(c2)}{r2}"
        text.append(f"{sheet}!{a}" + (f":{b}" if b != a else ""))
    return text


def split_cells(items: list[str]) -> list[tuple[str, str]]:
    """The inverse of :func:`join_cells`.

    >>> split_cells(["S!A1:A3", "T x!C5", "S!B1:C2"])
    [('S', 'A1'), ('S', 'A2'), ('S', 'A3'), ('T x', 'C5'), ('S', 'B1'), ('S', 'B2'), ('S', 'C1'), ('S', 'C2')]
    """
    from xlsxcells import col_letters, parse_cell

    out = []
    for item in items:
        sheet, ref = item.rsplit("!", 1)
        a, _, b = ref.partition(":")
        r1, c1 = parse_cell(a)
        r2, c2 = parse_cell(b) if b else (r1, c1)
        out.extend((sheet, f"{col_letters(c)}{r}") for c in range(c1, c2 + 1) for r in range(r1, r2 + 1))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select", help="choose the subset from the cache's manifest")
    s.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    x = sub.add_parser("export", help="copy the subset's files and licences into DEST")
    x.add_argument("dest", type=Path)
    x.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    x.add_argument("--mirror", type=Path, help="git copies of the sources (for their licence texts)")
    e = sub.add_parser("expected", help="record today's differences of the subset in DEST")
    e.add_argument("dest", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "select":
        manifest = json.loads((args.cache / "manifest.json").read_text(encoding="utf-8"))["files"]
        chosen = select(manifest)
        TESTS.mkdir(parents=True, exist_ok=True)
        SUBSET.write_text(json.dumps(chosen, indent=1) + "\n", encoding="utf-8")
        print(f"{len(chosen)} files, {sum(f['bytes'] for f in chosen):,} bytes, "
              f"{sum(f['formula_cells'] for f in chosen):,} formula cells -> {SUBSET}")  # fmt: skip
    elif args.cmd == "export":
        entries = json.loads(SUBSET.read_text(encoding="utf-8"))
        export(entries, args.cache, args.mirror, args.dest)
        shutil.copy(SUBSET, args.dest / "subset.json")
        print(f"{len(entries)} files -> {args.dest}")
    else:
        expected(args.dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
