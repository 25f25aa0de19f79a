"""Collect the corpus: every .xlsx/.xlsm saved by Excel, with formulas and their saved values.

Reads the git copies of the repositories in ``corpus_sources.py`` (bare or normal clones, in
``MIRROR/owner+name/repo``), takes each ``.xlsx``/``.xlsm`` of the newest commit and keeps it
when

- ``docProps/app.xml`` names ``Microsoft ... Excel`` as the Application, **and**
- the package has a calculation chain (``xl/calcChain.xml``), which Excel writes for every
  workbook with formulas and the libraries that imitate its ``app.xml`` (openpyxl,
  XlsxWriter, ClosedXML, EPPlus...) do not, **and**
- the workbook XML has no namespace prefix (``<x:workbook>`` is the Open XML SDK's and
  ClosedXML's way, never Excel's: such files keep an ``app.xml`` and a calcChain from Excel
  but their values are another program's), **and**
- at least one formula cell has a saved value.

Copies of the same bytes are kept once (the first source in ``corpus_sources.py`` order wins). The
kept files go to ``CACHE/files/<owner+name>/<path>`` with ``CACHE/manifest.json`` naming the
source repository, path, commit, licence, sha256, application, formula cells and cells with
a saved value of each. The cache lives outside git: ``compare.py`` reads it.

Usage::

    python scripts/corpus/build.py --mirror /work/.mirror --cache ~/.cache/socroi-corpus
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_sources import SOURCES, Source  # noqa: E402
from xlsxcells import read_zip  # noqa: E402

DEFAULT_CACHE = Path.home() / ".cache" / "socroi-corpus"
EXTENSIONS = (".xlsx", ".xlsm")


def git_dir(mirror: Path, repo: str) -> Path | None:
    """The git directory of ``repo`` in the mirror folder, or None."""
    base = mirror / repo.replace("/", "+") / "repo"
    for cand in (base / ".git", base):
        if (cand / "HEAD").exists() and (cand / "objects").exists():
            return cand
    return None


def _git(gd: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={gd}", *args], check=True, capture_output=True).stdout


def candidates(gd: Path) -> tuple[str, list[str]]:
    """(commit, paths of .xlsx/.xlsm files) at HEAD."""
    commit = _git(gd, "rev-parse", "HEAD").decode().strip()
    names = _git(gd, "ls-tree", "-r", "-z", "--name-only", "HEAD").decode("utf-8", "replace").split("\0")
    return commit, [n for n in names if n.lower().endswith(EXTENSIONS)]


def classify(data: bytes) -> tuple[bool, str, dict]:
    """(keep, reason, facts) for the bytes of one workbook."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return False, "not a zip (Git LFS pointer or encrypted)", {}
    with zf:
        try:
            book = read_zip(zf)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is skipped with its reason
            return False, f"unreadable: {type(exc).__name__}: {exc}"[:200], {}
    facts = {
        "application": book.application,
        "app_version": book.app_version,
        "calc_id": book.calc_id,
        "formula_cells": len(book.cells),
        "saved_values": sum(1 for c in book.cells.values() if c.value is not None),
        "sheets": len(book.sheets),
    }
    if "excel" not in book.application.lower():
        return False, f"application {book.application or 'none'!r}", facts
    if not book.cells:
        return False, "no formula", facts
    if book.prefixed:
        return False, "namespace-prefixed XML (written by the Open XML SDK, not by Excel)", facts
    if not book.calc_chain:
        return False, "no calcChain (not saved by Excel)", facts
    if not facts["saved_values"]:
        return False, "no saved values", facts
    return True, "kept", facts


def build(mirror: Path, cache: Path, sources: tuple[Source, ...] = SOURCES) -> dict:
    """Collect the corpus into ``cache``; returns the manifest written."""
    files_dir = cache / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    manifest: dict = {"files": [], "skipped": {}}
    for src in sources:
        gd = git_dir(mirror, src.repo)
        if gd is None:
            print(f"{src.repo}: not in {mirror} (fetch it first)", file=sys.stderr)
            manifest["skipped"][src.repo] = {"missing": 1}
            continue
        commit, paths = candidates(gd)
        reasons: dict[str, int] = {}
        kept = 0
        for path in paths:
            try:
                data = _git(gd, "cat-file", "blob", f"HEAD:{path}")
            except subprocess.CalledProcessError:
                reasons["absent from the snapshot (over 4 MiB?)"] = reasons.get("absent from the snapshot (over 4 MiB?)", 0) + 1
                continue
            keep, reason, facts = classify(data)
            if not keep:
                key = reason if not reason.startswith("application") else "application not Excel"
                reasons[key] = reasons.get(key, 0) + 1
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                reasons["duplicate of " + seen[digest].split(":")[0]] = reasons.get("duplicate of " + seen[digest].split(":")[0], 0) + 1
                continue
            seen[digest] = f"{src.repo}:{path}"
            local = Path(src.repo.replace("/", "+")) / path
            dst = files_dir / local
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(data)
            kept += 1
            manifest["files"].append({
                "file": str(local), "repo": src.repo, "path": path, "commit": commit,
                "licence": src.licence, "redistributable": src.redistributable,
                "sha256": digest, "bytes": len(data), **facts,
            })  # fmt: skip
        manifest["skipped"][src.repo] = reasons
        print(f"{src.repo}: {len(paths)} workbooks, {kept} kept; skipped {reasons}", file=sys.stderr)
    (cache / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"), help="folder of git copies (owner+name/repo)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the corpus goes (outside git)")
    args = ap.parse_args(argv)
    m = build(args.mirror, args.cache)
    cells = sum(f["formula_cells"] for f in m["files"])
    print(f"{len(m['files'])} workbooks, {cells} formula cells -> {args.cache}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
