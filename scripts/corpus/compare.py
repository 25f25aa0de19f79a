"""Recalculate the corpus without Excel and compare every formula cell with Excel's saved value.

For each workbook of the corpus (``build.py`` collects it; ``manifest.json`` lists it):

1. read every formula cell and the value Excel saved with it (``xlsxcells.read_book``);
2. write a copy with those saved values removed (``xlsxcells.strip_values``): the engine
   cannot pass a saved value through, a cell it does not compute has no value at all;
3. recalculate the copy — with socroi's engine (``socroi_xl.engine.recalc_path``, each
   file in a child process with a time limit) and, with ``--libreoffice``, with LibreOffice
   headless (a throw-away profile set to recalculate on every load, ``--convert-to xlsx``);
4. read what each wrote at every formula cell and compare it with Excel's value:
   numbers equal within 1e-9 relative (or both within 1e-15 of zero), text exactly,
   logicals and error codes exactly, and a missing value never equal to anything;
5. give each difference one reason, first that applies: the file was refused (with the
   engine's reason), a volatile function (NOW, TODAY, RAND...: never comparable), an
   function from a macro or add-in (VBA, XLL, xlwings), an unknown function (the engine's
   warning names it), a formula the engine could not read,
   a feature the formula uses (3-D reference, union, intersection, spill reference, data
   table, dynamic array, external link, 1904 dates), no value written, a precedent cell
   that itself differs ("follows a different precedent"), else "wrong value" with the
   functions the formula calls.

Usage::

    python scripts/corpus/compare.py                       # socroi over the whole cache
    python scripts/corpus/compare.py --libreoffice          # and LibreOffice 7.4
    python scripts/corpus/compare.py --only ironcalc --jobs 2 --report build/corpus
    python scripts/corpus/compare.py --subset --libreoffice # the test's subset only
    python scripts/corpus/compare.py --only xlwings --udf-dir /tmp/py  # run the workbooks' own
        # xlwings modules (opt-in: their code runs) found beside them or under /tmp/py/<repo>/<folder>
    python scripts/corpus/compare.py --clock saved          # and TODAY with each file's saved date

Writes ``REPORT/socroi.json`` (and ``libreoffice.json``): totals, by source, reasons with
counts and examples, unknown functions with cell counts, and every difference; prints a
Markdown summary (``--markdown FILE`` writes it).
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import json
import math
import multiprocessing as mp
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from formula_text import OUTSIDE, VOLATILE, bare, features, functions, macro_functions, references  # noqa: E402
from xlsxcells import Book, Cell, parse_cell, read_book, strip_values  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = Path.home() / ".cache" / "socroi-corpus"
ENGINE_TIMEOUT = 300.0


# --------------------------------------------------------------------------- equality


def iso_serial(text: str, date1904: bool = False) -> float | None:
    """The serial number of an ISO 8601 date Excel saved in a ``t="d"`` cell (Strict files).

    Excel writes a serial ``s`` as the calendar date ``1899-12-30 + s`` days (``1904-01-01 + s``
    in a 1904 workbook), so 0 is ``1899-12-30`` and 39951 is ``2009-05-18`` (ExcelDataReader's
    strict and transitional copies of Test_num_double_date_bool_string.xlsx hold those pairs).

    >>> iso_serial("2009-05-18"), iso_serial("1899-12-30T00:00:00"), iso_serial("2009-05-18T12:00:00")
    (39951.0, 0.0, 39951.5)
    >>> iso_serial("1904-01-02", date1904=True), iso_serial("yesterday")
    (1.0, None)
    """
    try:
        moment = datetime.datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        return None
    epoch = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
    return (moment - epoch) / datetime.timedelta(days=1)


def same(expected: Any, got: Any, date1904: bool = False) -> bool:
    """Excel's saved value and a recalculated one are the same value.

    A date Excel saved as ISO text (``t="d"``) equals the serial number it stands for.

    >>> same(("n", 0.1 + 0.2), ("n", 0.3)), same(("s", "a"), ("s", "A")), same(("n", 0.0), None)
    (True, False, False)
    >>> same(("d", "2009-05-18"), ("n", 39951.0)), same(("d", "2009-05-18"), ("n", 39952.0))
    (True, False)
    """
    if expected is None or got is None:
        return False
    if expected[0] == "d" and got[0] == "n":
        serial = iso_serial(expected[1], date1904)
        expected = ("n", serial) if serial is not None else expected
    ke, ve = expected
    kg, vg = got
    if ke != kg:
        return False
    if ke == "n":
        return math.isclose(ve, vg, rel_tol=1e-9, abs_tol=1e-15)
    return ve == vg


def describe(v: Any) -> str:
    """A value as the report shows it."""
    if v is None:
        return "(no value)"
    k, x = v
    if k == "n":
        return repr(x)
    if k == "s":
        return json.dumps(x[:60] + ("…" if len(x) > 60 else ""), ensure_ascii=False)
    if k == "b":
        return "TRUE" if x else "FALSE"
    return str(x)


def kind_name(v: Any) -> str:
    if v is None:
        return "nothing"
    return {"n": "number", "s": "text", "b": "logical", "e": "error"}.get(v[0], v[0])


# --------------------------------------------------------------------------- running engines


@dataclass
class Outcome:
    """What one engine made of one file."""

    status: str  # ok, refused, crashed, timeout
    message: str = ""
    values: dict[tuple[str, str], Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


#: How the engine reads date text such as 1/2/2026 in this run (``--date-order``; the files
#: do not say which locale calculated them).
DATE_ORDER = "mdy"


def _socroi_here(src: str, dst: str, udf_modules: tuple[str, ...] = (), today: str | None = None) -> tuple[str, str, list[str], float]:
    """(status, message, warnings, seconds) of socroi's recalculation of ``src`` into ``dst``
    (``udf_modules``: the workbook's own xlwings functions, see :func:`udf_modules_for`;
    ``today``: the clock pinned to that date, ``YYYY-MM-DD``)."""
    t0 = time.perf_counter()
    try:
        from socroi_xl.engine import WorkbookError, recalc_path

        try:
            res = recalc_path(src, dst, udf_modules=udf_modules, today=today, date_order=DATE_ORDER)
        except WorkbookError as exc:
            return "refused", getattr(exc, "reason", str(exc)), [], time.perf_counter() - t0
        return "ok", "", list(res.warnings), time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - any crash is the file's outcome
        tb = traceback.format_exc(limit=-2).strip().splitlines()
        where = next((ln.strip() for ln in reversed(tb) if ln.strip().startswith("File ")), "")
        return "crashed", f"{type(exc).__name__}: {exc} ({where})"[:300], [], time.perf_counter() - t0


def _socroi_child(src: str, dst: str, conn: Any, udf_modules: tuple[str, ...] = (), today: str | None = None) -> None:
    conn.send(_socroi_here(src, dst, udf_modules, today))


def run_socroi(
    src: Path, dst: Path, timeout: float | None = ENGINE_TIMEOUT, udf_modules: tuple[str, ...] = (), today: str | None = None
) -> Outcome:
    """Recalculate ``src`` into ``dst`` with socroi's engine and read what it wrote
    (``udf_modules``: Python files whose xlwings functions the engine runs; none by default).

    With a ``timeout`` the engine runs in a forked child process ended after that many
    seconds; without, in this process. ``today`` pins the engine's clock (``YYYY-MM-DD``).
    """
    if timeout is None:
        status, message, warnings, secs = _socroi_here(str(src), str(dst), udf_modules, today)
    else:
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_socroi_child, args=(str(src), str(dst), child, udf_modules, today))
        t0 = time.perf_counter()
        proc.start()
        child.close()
        if parent.poll(timeout):
            try:
                status, message, warnings, secs = parent.recv()
            except EOFError:
                status, message, warnings, secs = "crashed", f"child died (exit {proc.exitcode})", [], 0.0
        else:
            status, message, warnings, secs = "timeout", f"no result within {timeout:.0f} s", [], time.perf_counter() - t0
        if proc.is_alive():
            proc.kill()
        proc.join()
    out = Outcome(status, message, warnings=warnings, seconds=secs)
    if status == "ok":
        out.values = _values_at(dst)
    return out


def _values_at(path: Path) -> dict[tuple[str, str], Any]:
    book = read_book(path, all_cells=True)
    return {k: c.value for k, c in book.cells.items()}


_LO_SETTINGS = None


def run_libreoffice(files: list[Path], out_dir: Path, batch: int = 20, timeout: float = 900) -> dict[Path, Outcome]:
    """Recalculate ``files`` with LibreOffice headless (recalculation on load: always)."""
    sys.path.insert(0, str(ROOT))
    from socroi_xl import libreoffice

    exe = libreoffice.find_soffice()
    if exe is None:
        raise SystemExit("soffice not found: run scripts/install-libreoffice.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[Path, Outcome] = {}
    with tempfile.TemporaryDirectory() as prof:
        profile = libreoffice.make_profile(Path(prof), recalc_on_load=True)

        def convert(group: list[Path], limit: float) -> str:
            try:
                libreoffice.convert(group, out_dir, libreoffice.XLSX, profile, soffice=exe, timeout=limit)
                return ""
            except Exception as exc:  # noqa: BLE001 - a failed batch is retried file by file
                return f"{type(exc).__name__}"

        for i in range(0, len(files), batch):
            group = files[i : i + batch]
            t0 = time.perf_counter()
            convert(group, timeout)
            per = (time.perf_counter() - t0) / len(group)
            for f in group:
                target = out_dir / (f.stem + ".xlsx")
                if not target.exists():
                    t1 = time.perf_counter()
                    err = convert([f], 300)
                    per = time.perf_counter() - t1
                    if not target.exists():
                        results[f] = Outcome("refused", f"LibreOffice did not load or convert it ({err or 'wrote nothing'})", seconds=per)
                        continue
                try:
                    results[f] = Outcome("ok", values=_values_at(target), seconds=per)
                except Exception as exc:  # noqa: BLE001
                    results[f] = Outcome("refused", f"output unreadable: {type(exc).__name__}: {exc}"[:200])
            print(f"  libreoffice {min(i + batch, len(files))}/{len(files)}", file=sys.stderr)
    return results


# --------------------------------------------------------------------------- comparing

#: Reasons of the cells no program can reproduce: they are left out of the "comparable" share.
NOT_COMPARABLE = ("volatile function", "outside world:", "macro or add-in function")

_UNKNOWN_RE = re.compile(r"unknown function ([^\s(]+)", re.I)
_UNREAD_RE = re.compile(r"^(.+)!\$?([A-Z]{1,3}\$?[0-9]+)(?::[A-Z]+[0-9]+)?: cannot read formula")
_INTERNAL_RE = re.compile(r"could not evaluate ([A-Za-z0-9_.]+)")
_CIRCULAR_RE = re.compile(r"circular reference")
#: the engine's warning for a call of a workbook's own xlwings function that gave #VALUE!
_UDF_RE = re.compile(r"^UDF (\S+) \(user's xlwings function\): (.+): #VALUE! in \d+ cell\(s\): ")
_CELL_IN_RE = re.compile(r"(?:'((?:[^']|'')+)'|([^\s,':!]+))!\$?([A-Z]{1,3})\$?([0-9]+)")


@dataclass
class Diff:
    """One formula cell whose recalculated value is not Excel's."""

    sheet: str
    cell: str
    formula: str
    expected: Any
    got: Any
    reason: str = ""
    root: str = ""  # for "follows a different precedent": the reason of the difference it follows

    def row(self) -> dict[str, Any]:
        out = {"sheet": self.sheet, "cell": self.cell, "formula": self.formula[:200],
               "excel": describe(self.expected), "got": describe(self.got), "reason": self.reason}  # fmt: skip
        if self.root:
            out["root"] = self.root
        return out


@dataclass
class FileResult:
    """The comparison of one file."""

    file: str
    repo: str
    cells: int = 0  # formula cells with a saved value
    equal: int = 0
    no_saved_value: int = 0
    status: str = "ok"
    message: str = ""
    seconds: float = 0.0
    diffs: list[Diff] = field(default_factory=list)
    unknown: Counter = field(default_factory=Counter)  # unknown function -> different cells calling it
    udf_modules: list[str] = field(default_factory=list)  # the workbook's own xlwings modules run (opt-in)


class _DiffIndex:
    """Which cells differ, by sheet and column, to ask whether an area holds one."""

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        self.cols: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for sheet, ref in keys:
            r, c = parse_cell(ref)
            self.cols[sheet][c].append(r)
        for d in self.cols.values():
            for rows in d.values():
                rows.sort()

    def hits(self, sheet: str, r1: int, c1: int, r2: int, c2: int, skip: tuple[int, int]) -> Iterator[tuple[int, int]]:
        """The differing cells (row, column) of ``sheet`` inside the area, ``skip`` left out."""
        cols = self.cols.get(sheet)
        if not cols:
            return
        keys = range(c1, c2 + 1) if c2 - c1 < len(cols) else [c for c in cols if c1 <= c <= c2]
        for c in keys:
            rows = cols.get(c)
            if not rows:
                continue
            i = bisect.bisect_left(rows, r1)
            while i < len(rows) and rows[i] <= r2:
                if (rows[i], c) != skip:
                    yield rows[i], c
                i += 1


def _root_reasons(pending: list[tuple[Diff, Cell]], book: Book, index: _DiffIndex) -> None:
    """Give each "follows a different precedent" difference the reason of a difference it
    follows, walking back through differing precedents (cycles stop the walk).

    A root that can be reproduced (a wrong value, an unknown function...) is preferred to one
    no program can reproduce (volatile, outside world, macro), so ``root`` says "reproducible"
    whenever any difference upstream could be fixed.
    """
    by_key = {(d.sheet, parse_cell(d.cell)): (d, cell) for d, cell in pending}
    memo: dict[tuple[str, tuple[int, int]], str] = {}

    def root(key: tuple[str, tuple[int, int]]) -> str:
        if key in memo:
            return memo[key]
        memo[key] = ""  # on the walk: a cycle ends here
        d, cell = by_key[key]
        found = ""
        if not d.reason.startswith("follows"):
            found = d.reason
        else:
            for k in _precedents(d, cell, book, index):
                r = root(k) if k in by_key else ""
                if r and (not found or (found.startswith(NOT_COMPARABLE) and not r.startswith(NOT_COMPARABLE))):
                    found = r
                if found and not found.startswith(NOT_COMPARABLE):
                    break
        memo[key] = found
        return found

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20 * len(pending) + 1000))
    try:
        for d, _ in pending:
            if d.reason.startswith("follows"):
                d.root = root((d.sheet, parse_cell(d.cell))) or "a circle of differing cells"
    finally:
        sys.setrecursionlimit(limit)


def compare(book: Book, outcome: Outcome, file: str = "", repo: str = "", neutral: bool = False) -> FileResult:
    """Compare every formula cell of ``book`` (Excel's values) with ``outcome``'s.

    ``neutral``: the outcome is another program's (LibreOffice): its reasons are only
    volatile function, ``#NAME?`` (a function it lacks), a different precedent and wrong
    value, since socroi's warnings and unsupported features say nothing of it.
    """
    res = FileResult(file, repo, status=outcome.status, message=outcome.message, seconds=outcome.seconds)
    unknown = {m.group(1).upper() for w in outcome.warnings for m in _UNKNOWN_RE.finditer(w)}
    unknown = {bare(u) for u in unknown}
    unread = set()
    for w in outcome.warnings:
        m = _UNREAD_RE.match(w)
        if m:
            unread.add((m.group(1).strip("'"), m.group(2).replace("$", "")))
    internal = {m.group(1).upper() for w in outcome.warnings for m in _INTERNAL_RE.finditer(w)}
    circular = {
        ((m.group(1) or m.group(2)).replace("''", "'"), m.group(3) + m.group(4))
        for w in outcome.warnings if _CIRCULAR_RE.search(w) for m in _CELL_IN_RE.finditer(w)
    }  # fmt: skip
    udf_failed: dict[tuple[str, str], str] = {}  # cell -> why the workbook's own xlwings function gave #VALUE!
    for w in outcome.warnings:
        m = _UDF_RE.match(w)
        if m:
            for c in _CELL_IN_RE.finditer(w[m.end():]):
                key = ((c.group(1) or c.group(2)).replace("''", "'"), c.group(3) + c.group(4))
                udf_failed.setdefault(key, f"{NOT_COMPARABLE[2]} {m.group(1)} (the workbook's own xlwings function {m.group(2)})")
    pending: list[tuple[Diff, Cell]] = []
    for (sheet, ref), cell in book.cells.items():
        if cell.kind == "value":
            continue
        if cell.value is None:
            res.no_saved_value += 1
            continue
        res.cells += 1
        got = outcome.values.get((sheet, ref)) if outcome.status == "ok" else None
        if same(cell.value, got, book.date1904):
            res.equal += 1
            continue
        pending.append((Diff(sheet, ref, cell.formula, cell.value, got), cell))
    index = _DiffIndex([(d.sheet, d.cell) for d, _ in pending])
    for d, cell in pending:
        fns = functions(cell.formula)
        macros = macro_functions(cell.formula, book)
        for f in fns:
            if f in unknown and f not in macros:
                res.unknown[f] += 1
        if neutral:
            d.reason = _neutral_reason(d, cell, fns, book, outcome, index)
        else:
            d.reason = _reason(d, cell, fns, book, outcome, unknown, unread, internal, index)
        if not neutral and outcome.status == "ok" and (d.sheet, d.cell) in udf_failed:
            d.reason = udf_failed[(d.sheet, d.cell)]
        if d.reason.startswith("wrong value") and (d.sheet, d.cell) in circular:
            d.reason = "circular reference (the engine gives #VALUE!; Excel saved its last iteration)"
        res.diffs.append(d)
    _root_reasons(pending, book, index)
    return res


def _first_reason(cell: Cell, fns: tuple[str, ...], book: Book, outcome: Outcome) -> str:
    """The reasons that come first for any engine: the file was not recalculated, or the
    formula calls what no program can reproduce (volatile, outside world, macro); '' if none."""
    if outcome.status != "ok":
        return f"file {outcome.status}: {outcome.message}"
    vol = [f for f in fns if f in VOLATILE]
    if vol:
        return f"{NOT_COMPARABLE[0]} {vol[0]} (clock, chance or machine)"
    out = [f for f in fns if f in OUTSIDE]
    if out:
        return f"{NOT_COMPARABLE[1]} {out[0]} (cube, web or RTD server)"
    macro = macro_functions(cell.formula, book)
    if macro:
        return f"{NOT_COMPARABLE[2]} {macro[0]} (VBA, XLL or xlwings: its code is not in the file)"
    return ""


def _reason(d: Diff, cell: Cell, fns: tuple[str, ...], book: Book, outcome: Outcome, unknown: set[str],
            unread: set[tuple[str, str]], internal: set[str], index: _DiffIndex) -> str:  # fmt: skip
    first = _first_reason(cell, fns, book, outcome)
    if first:
        return first
    unk = [f for f in fns if f in unknown]
    if unk:
        return f"unknown function {unk[0]}"
    if (d.sheet, d.cell) in unread:
        return "formula not read by the engine" + (f": {features(cell.formula)[0]}" if features(cell.formula) else "")
    # (a feature of the formula text -- spills, LET, union, 3-D -- is no reason by itself:
    # the engine evaluates them all, and names in a warning any cell it cannot evaluate)
    if d.got is None:
        return "no value written" + (" (Strict OOXML file)" if book.strict else "")
    if _follows(d, cell, book, index):
        return "follows a different precedent"
    bad = [f for f in fns if f in internal]
    if bad:
        return f"engine error in {bad[0]}"
    return _wrong(fns, book)


def _precedents(d: Diff, cell: Cell, book: Book, index: _DiffIndex) -> Iterator[tuple[str, tuple[int, int]]]:
    """The differing cells (sheet, (row, column)) the formula of ``d`` reads, itself left out."""
    here = parse_cell(d.cell)
    for sheet, r1, c1, r2, c2 in references(cell.formula, d.sheet, d.cell, book):
        for rc in index.hits(sheet, r1, c1, r2, c2, skip=here if sheet == d.sheet else (0, 0)):
            yield sheet, rc


def _follows(d: Diff, cell: Cell, book: Book, index: _DiffIndex) -> bool:
    return next(_precedents(d, cell, book, index), None) is not None


def _wrong(fns: tuple[str, ...], book: Book) -> str:
    what = "+".join(fns[:4]) if fns else "operators and references only"
    return f"wrong value: {what}" + (" (1904 date system)" if book.date1904 else "")


def _neutral_reason(d: Diff, cell: Cell, fns: tuple[str, ...], book: Book, outcome: Outcome, index: _DiffIndex) -> str:
    first = _first_reason(cell, fns, book, outcome)
    if first:
        return first
    if d.got == ("e", "#NAME?"):
        return "#NAME? (a function or name it lacks): " + ("+".join(fns[:4]) if fns else "no function")
    if d.got is None:
        return "no value written"
    if _follows(d, cell, book, index):
        return "follows a different precedent"
    return _wrong(fns, book)


def compare_file(src: Path, workdir: Path, timeout: float | None = ENGINE_TIMEOUT, name: str = "", repo: str = "",
                 udf_modules: tuple[str, ...] = ()) -> FileResult:  # fmt: skip
    """Strip ``src``'s saved values into ``workdir``, recalculate with socroi, compare."""
    book = read_book(src)
    stripped = workdir / ("in" + src.suffix.lower())
    strip_values(src, stripped)
    outcome = run_socroi(stripped, workdir / ("out" + src.suffix.lower()), timeout, udf_modules)
    result = compare(book, outcome, name or src.name, repo)
    result.udf_modules = list(udf_modules)
    return result


def udf_modules_for(src: Path, file: str, udf_dirs: list[Path]) -> tuple[str, ...]:
    """The workbook's own xlwings modules, for ``--udf-dir``: the modules classic xlwings
    imports for it (its ``xlwings.conf`` sheet's ``UDF Modules``, else the module named like
    the workbook: :func:`socroi_xl.engine.user_udfs.workbook_modules`), each looked for beside
    the workbook in the cache, then in each ``DIR/<the workbook's folder in the cache>``
    (``DIR`` laid out as the cache's ``files/``: ``owner+repo/path``). Those found, by path."""
    folders = [src.parent] + [d / Path(file).parent for d in udf_dirs]
    if not any(f.is_dir() and any(f.glob("*.py")) for f in folders):
        return ()
    from socroi_xl.engine.user_udfs import UserUdfError, workbook_modules

    try:
        names = workbook_modules(src, Path(file).name)
    except UserUdfError:
        return ()
    found = []
    for name in names:
        for folder in folders:
            if (folder / f"{name}.py").is_file():
                found.append(str((folder / f"{name}.py").resolve()))
                break
    return tuple(found)


# --------------------------------------------------------------------------- the saved date's clock

#: The reason of a cell that calls TODAY (see :func:`_first_reason`).
TODAY_REASON = f"{NOT_COMPARABLE[0]} TODAY (clock, chance or machine)"
_MODIFIED_RE = re.compile(rb"<(?:\w+:)?modified\b[^>]*>\s*(\d{4}-\d{2}-\d{2})T?[^<]*</(?:\w+:)?modified>")


def saved_date(src: Path) -> str | None:
    """The date (UTC, ``YYYY-MM-DD``) the workbook was last saved, from
    ``docProps/core.xml``'s ``dcterms:modified``; ``None`` without one.

    Excel's TODAY() is the local date of its last calculation, which may be a day before
    or after the UTC date of the save (and before it, if the book was saved without being
    recalculated): pinning the clock to it cannot reproduce every TODAY cell.
    """
    import zipfile

    try:
        with zipfile.ZipFile(src) as zf:
            data = zf.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    m = _MODIFIED_RE.search(data)
    return m.group(1).decode() if m else None


def _today_cells(r: FileResult) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The differing cells of ``r`` that call TODAY, and those that only follow such a cell."""
    calls = {(d.sheet, d.cell) for d in r.diffs if d.reason == TODAY_REASON}
    follow = {(d.sheet, d.cell) for d in r.diffs if d.reason.startswith("follows") and d.root == TODAY_REASON}
    return calls, follow


def clock_saved(entries: list[dict[str, Any]], cache: Path, books: dict[int, Book], stripped: dict[int, Path],
                results: list[FileResult], outdir: Path, jobs: int, timeout: float | None,
                udf: dict[int, tuple[str, ...]] | None = None) -> dict[str, int]:  # fmt: skip
    """Recalculate again, with the clock pinned to each file's saved date, every file with a
    cell that calls TODAY (or follows one), and count how many of those cells are then
    equal to Excel's value. The main figures (clock not pinned) are not changed."""
    todo = [i for i, r in enumerate(results) if any(_today_cells(r))]
    out = {"files": len(todo), "files_without_date": 0, "today_cells": 0, "today_equal": 0,
           "following_cells": 0, "following_equal": 0}  # fmt: skip
    outdir.mkdir(parents=True, exist_ok=True)

    def one(i: int) -> tuple[int, FileResult | None]:
        date = saved_date(cache / "files" / entries[i]["file"])
        if date is None:
            return i, None
        o = run_socroi(stripped[i], outdir / stripped[i].name, timeout, (udf or {}).get(i, ()), today=date)
        return i, compare(books[i], o, entries[i]["file"], entries[i]["repo"])

    if jobs <= 1:
        pinned = [one(i) for i in todo]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(jobs) as pool:
            pinned = list(pool.map(one, todo))
    for i, again in pinned:
        calls, follow = _today_cells(results[i])
        out["today_cells"] += len(calls)
        out["following_cells"] += len(follow)
        if again is None:
            out["files_without_date"] += 1
            continue
        still = {(d.sheet, d.cell) for d in again.diffs}
        out["today_equal"] += len(calls - still)
        out["following_equal"] += len(follow - still)
    return out


# --------------------------------------------------------------------------- report


def summarise(results: list[FileResult], engine: str) -> dict[str, Any]:
    """Totals, by source, reasons, unknown functions and the functions in wrong values."""
    total = sum(r.cells for r in results)
    equal = sum(r.equal for r in results)
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: {"files": 0, "cells": 0, "equal": 0})
    reasons: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    unknown: Counter = Counter()
    unknown_files: dict[str, set[str]] = defaultdict(set)
    wrong_fns: Counter = Counter()
    files_by_status: Counter = Counter()
    follows: Counter = Counter()  # root reason -> cells that follow it
    for r in results:
        s = by_source[r.repo]
        s["files"] += 1
        s["cells"] += r.cells
        s["equal"] += r.equal
        files_by_status[r.status] += 1
        unknown.update(r.unknown)
        for f in r.unknown:
            unknown_files[f].add(r.file)
        for d in r.diffs:
            key = d.reason if not d.reason.startswith("file ") else d.reason.split(":", 1)[0] + ": " + _short(d.reason)
            reasons[key] += 1
            if len(examples[key]) < 3:
                examples[key].append(f"{r.file} {d.sheet}!{d.cell} {d.formula[:80]} -> Excel {describe(d.expected)}, got {describe(d.got)}")
            if d.reason.startswith("wrong value"):
                for f in functions(d.formula) or ("(operators and references only)",):
                    wrong_fns[f] += 1
            if d.root:
                follows[NOT_COMPARABLE[2] if d.root.startswith(NOT_COMPARABLE[2]) else d.root] += 1
    not_comparable = sum(v for k, v in reasons.items() if k.startswith(NOT_COMPARABLE))
    follows_not_comparable = sum(v for k, v in follows.items() if k.startswith(NOT_COMPARABLE))
    reproducible = total - not_comparable - follows_not_comparable
    return {
        "engine": engine,
        "files": len(results),
        "not_comparable": not_comparable,
        "share_comparable": equal / (total - not_comparable) if total > not_comparable else 0.0,
        "follows_not_comparable": follows_not_comparable,
        "share_reproducible": equal / reproducible if reproducible > 0 else 0.0,
        "follows_by_root": dict(follows.most_common()),
        "files_by_status": dict(files_by_status),
        "formula_cells": total,
        "equal": equal,
        "share_equal": equal / total if total else 0.0,
        "no_saved_value": sum(r.no_saved_value for r in results),
        "by_source": {k: {**v, "share": v["equal"] / v["cells"] if v["cells"] else 0.0} for k, v in sorted(by_source.items())},
        "reasons": dict(reasons.most_common()),
        "examples": dict(examples),
        "unknown_functions": {k: {"cells": v, "files": len(unknown_files[k])} for k, v in unknown.most_common()},
        "wrong_value_functions": dict(wrong_fns.most_common()),
        "seconds": round(sum(r.seconds for r in results), 2),
        "udf_modules": {r.file: r.udf_modules for r in results if r.udf_modules},
    }


def _short(reason: str) -> str:
    """A refusal reason without the file-specific parts (paths, numbers), to group them."""
    msg = reason.split(":", 1)[1].strip() if ":" in reason else reason
    msg = re.sub(r"(?<![\w.])/(?:tmp|work|home|root|var)/[^\s:]+", "PATH", msg)
    return msg[:120]


def markdown(summary: dict[str, Any], top: int = 40) -> str:
    """The summary as Markdown tables."""
    s = summary
    lines = [
        f"### {s['engine']}: {s['equal']:,} of {s['formula_cells']:,} formula cells equal "
        f"({100 * s['share_equal']:.1f}%) in {s['files']} files",
        "",
        f"Files: {', '.join(f'{k} {v}' for k, v in s['files_by_status'].items())}; "
        f"{s['no_saved_value']} formula cells without a saved value not counted. "
        f"Leaving out the {s['not_comparable']:,} cells that call a volatile, outside-world or macro "
        f"function: {100 * s['share_comparable']:.1f}% equal; leaving out as well the "
        f"{s.get('follows_not_comparable', 0):,} cells that only follow such a cell: "
        f"{100 * s.get('share_reproducible', 0.0):.1f}% equal.",
        "",
        "| source | files | formula cells | equal | share |",
        "|---|---:|---:|---:|---:|",
    ]
    clock = s.get("clock_saved")
    if clock:
        lines[4:4] = [
            f"With the clock pinned to each file's saved date (docProps/core.xml dcterms:modified, UTC; "
            f"not counted above): {clock['today_equal']:,} of the {clock['today_cells']:,} cells that call TODAY "
            f"and {clock['following_equal']:,} of the {clock['following_cells']:,} cells that follow them are "
            f"equal ({clock['files']} files, {clock['files_without_date']} without a saved date).",
            "",
        ]
    for repo, v in s["by_source"].items():
        lines.append(f"| {repo} | {v['files']} | {v['cells']:,} | {v['equal']:,} | {100 * v['share']:.1f}% |")
    lines += ["", "| reason | cells |", "|---|---:|"]
    groups: Counter = Counter()
    for k, v in s["reasons"].items():
        groups[k.split(" ", 1)[0] if k.startswith("unknown function") else k] += v
    macro = Counter({k.split(" ")[4]: v for k, v in s["reasons"].items() if k.startswith(NOT_COMPARABLE[2])})
    for k, v in s["reasons"].items():
        if not k.startswith(("unknown function", "wrong value", NOT_COMPARABLE[2])):
            lines.append(f"| {k} | {v:,} |")
    if macro:
        shown = ", ".join(f"{k} {v:,}" for k, v in macro.most_common(5))
        lines.append(f"| macro or add-in function, its code not in the file ({len(macro)} names: {shown}...) | {sum(macro.values()):,} |")
    unk = sum(v for k, v in s["reasons"].items() if k.startswith("unknown function"))
    wrong = sum(v for k, v in s["reasons"].items() if k.startswith("wrong value"))
    lines.append(f"| unknown function (first unknown one in the formula; below) | {unk:,} |")
    lines.append(f"| wrong value (functions in the formula; below) | {wrong:,} |")
    if s["unknown_functions"]:
        lines += ["", f"Unknown functions (top {top}; cells that differ and call it, files):", "",
                  "| function | cells | files |", "|---|---:|---:|"]  # fmt: skip
        for k, v in list(s["unknown_functions"].items())[:top]:
            lines.append(f"| {k} | {v['cells']:,} | {v['files']} |")
        rest = list(s["unknown_functions"])[top:]
        if rest:
            lines += ["", f"and {len(rest)} more: {', '.join(rest)}."]
    wrong_groups = [(k, v) for k, v in s["reasons"].items() if k.startswith("wrong value")]
    if wrong_groups:
        lines += ["", "Wrong values by the functions the formula calls (top 30):", "", "| formula calls | cells |", "|---|---:|"]
        for k, v in wrong_groups[:30]:
            lines.append(f"| {k.split(': ', 1)[1]} | {v:,} |")
        lines += ["", "Functions most often in a wrong value's formula (a cell counts for each):", ""]
        lines.append(", ".join(f"{k} {v:,}" for k, v in list(s["wrong_value_functions"].items())[:30]) + ".")
    if s.get("udf_modules"):
        lines += ["", f"The workbooks' own xlwings functions were run (--udf-dir, --udf-module: their modules' code ran) "
                  f"for {len(s['udf_modules'])} file(s):", ""]  # fmt: skip
        for f, mods in s["udf_modules"].items():
            lines.append(f"- {f}: {', '.join(Path(m).name if m.endswith('.py') else m for m in mods)}")
    if s.get("follows_by_root"):
        lines += ["", "Cells that follow a different precedent, by the reason of the difference they follow "
                  f"(top {top}):", "", "| the difference followed | cells |", "|---|---:|"]  # fmt: skip
        for k, v in list(s["follows_by_root"].items())[:top]:
            lines.append(f"| {k} | {v:,} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- driver


def load_manifest(cache: Path) -> list[dict[str, Any]]:
    return json.loads((cache / "manifest.json").read_text(encoding="utf-8"))["files"]


def run(cache: Path, report: Path, entries: list[dict[str, Any]], libre: bool, jobs: int,
        timeout: float | None = ENGINE_TIMEOUT, udf_dirs: list[Path] | None = None,
        udf_modules: list[str] | None = None, clock: str = "now") -> dict[str, dict[str, Any]]:  # fmt: skip
    """Compare ``entries`` (manifest rows) of ``cache``; write the JSON reports into ``report``.
    With ``udf_dirs``, the workbooks' own xlwings modules found are run (:func:`udf_modules_for`);
    ``udf_modules`` (names or paths) are run for every workbook (``xlwings.ext``: the add-in's ``sql``).

    ``clock="saved"`` adds the figure of :func:`clock_saved` to socroi's summary."""
    report.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="socroi-corpus-"))
    try:
        books: dict[int, Book] = {}
        stripped: dict[int, Path] = {}
        for i, e in enumerate(entries):
            src = cache / "files" / e["file"]
            books[i] = read_book(src)
            stripped[i] = work / "in" / f"{i:04d}{src.suffix.lower()}"
            stripped[i].parent.mkdir(parents=True, exist_ok=True)
            strip_values(src, stripped[i])
        out: dict[str, dict[str, Any]] = {}
        udf: dict[int, tuple[str, ...]] = {}
        if udf_dirs is not None or udf_modules:
            for i, e in enumerate(entries):
                found = udf_modules_for(cache / "files" / e["file"], e["file"], udf_dirs) if udf_dirs is not None else ()
                udf[i] = found + tuple(udf_modules or ())
        results = _run_socroi_all(entries, books, stripped, work / "socroi", jobs, timeout, udf)
        extra = {}
        if clock == "saved":
            extra["clock_saved"] = clock_saved(entries, cache, books, stripped, results, work / "socroi-saved-clock", jobs, timeout, udf)
        out["socroi"] = _write(report / "socroi.json", "socroi " + _socroi_version(), results, extra)
        if libre:
            lo = run_libreoffice([stripped[i] for i in range(len(entries))], work / "lo")
            results = [compare(books[i], lo[stripped[i]], e["file"], e["repo"], neutral=True) for i, e in enumerate(entries)]
            out["libreoffice"] = _write(report / "libreoffice.json", _lo_version(), results)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_socroi_all(entries: list[dict[str, Any]], books: dict[int, Book], stripped: dict[int, Path], outdir: Path,
                    jobs: int, timeout: float | None, udf: dict[int, tuple[str, ...]] | None = None) -> list[FileResult]:  # fmt: skip
    outdir.mkdir(parents=True, exist_ok=True)
    import socroi_xl.engine  # noqa: F401 - imported once, before the children fork

    def one(i: int) -> FileResult:
        modules = (udf or {}).get(i, ())
        o = run_socroi(stripped[i], outdir / stripped[i].name, timeout, modules)
        result = compare(books[i], o, entries[i]["file"], entries[i]["repo"])
        result.udf_modules = list(modules)
        return result

    if jobs <= 1:
        results = []
        for i in range(len(entries)):
            results.append(one(i))
            if (i + 1) % 50 == 0:
                print(f"  socroi {i + 1}/{len(entries)}", file=sys.stderr)
        return results
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(jobs) as pool:  # each task waits on its own child process
        return list(pool.map(one, range(len(entries))))


def _write(path: Path, engine: str, results: list[FileResult], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    summary = {**summarise(results, engine), **(extra or {})}
    detail = {**summary, "per_file": [
        {"file": r.file, "repo": r.repo, "cells": r.cells, "equal": r.equal, "status": r.status, "udf_modules": r.udf_modules,
         "message": r.message, "seconds": round(r.seconds, 3), "diffs": [d.row() for d in r.diffs]}
        for r in results]}  # fmt: skip
    path.write_text(json.dumps(detail, indent=1, ensure_ascii=False), encoding="utf-8")
    return summary


def _socroi_version() -> str:
    """The commit of the socroi_xl actually imported (it may come from another checkout)."""
    import subprocess

    import socroi_xl

    where = Path(socroi_xl.__file__).resolve().parents[1]
    try:
        rev = subprocess.run(["git", "-C", str(where), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        rev = ""
    return f"(commit {rev})" if rev else ""


def _lo_version() -> str:
    sys.path.insert(0, str(ROOT))
    from socroi_xl import libreoffice

    exe = libreoffice.find_soffice()
    return libreoffice.version(exe) if exe else "LibreOffice"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="the corpus build.py collected")
    ap.add_argument("--report", type=Path, default=ROOT / "build" / "corpus", help="where the JSON reports go")
    ap.add_argument("--only", nargs="*", default=[], help="keep files whose path contains one of these words")
    ap.add_argument("--subset", action="store_true", help="only the files of tests/corpus/subset.json")
    ap.add_argument("--libreoffice", action="store_true", help="also recalculate with LibreOffice headless")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 1)), help="files recalculated at once")
    ap.add_argument("--timeout", type=float, default=ENGINE_TIMEOUT, help="seconds allowed per file")
    ap.add_argument("--markdown", type=Path, help="write the Markdown summary here too")
    ap.add_argument("--udf-dir", type=Path, action="append", metavar="DIR",
                    help="opt-in, RUNS THEIR CODE: run each workbook's own xlwings functions, from the modules classic "
                         "xlwings imports for it (xlwings.conf's UDF Modules, else the one named like the workbook) "
                         "found beside it in the cache or in DIR/<its folder> (DIR laid out as the cache's files/); "
                         "repeatable; the report names the modules run")  # fmt: skip
    ap.add_argument("--udf-module", action="append", metavar="NAME_OR_PATH",
                    help="opt-in, RUNS ITS CODE: a Python module whose xlwings functions every workbook may call "
                         "(e.g. xlwings.ext: the xlwings add-in's sql, called [1]!sql); repeatable; named in the report")
    ap.add_argument("--date-order", choices=("mdy", "dmy"), default="mdy",
                    help="how the engine reads date text such as 1/2/2026 (dmy: as Excel in a day-first locale); "
                         "a measurement for files saved by such an Excel, not a default")  # fmt: skip
    ap.add_argument("--clock", choices=("now", "saved"), default="now",
                    help="saved: also recalculate the files that call TODAY with the clock pinned to each file's "
                         "saved date and report how many of those cells are then equal (an extra figure)")
    args = ap.parse_args(argv)
    global DATE_ORDER
    DATE_ORDER = args.date_order
    entries = load_manifest(args.cache)
    if args.only:
        entries = [e for e in entries if any(w.lower() in e["file"].lower() for w in args.only)]
    if args.subset:
        chosen = {e["file"] for e in json.loads((ROOT / "tests" / "corpus" / "subset.json").read_text(encoding="utf-8"))}
        entries = [e for e in entries if e["file"] in chosen]
    t0 = time.perf_counter()
    out = run(args.cache, args.report, entries, args.libreoffice, args.jobs, args.timeout, args.udf_dir, args.udf_module, args.clock)
    text = "".join(markdown(s) + "\n" for s in out.values())
    print(text)
    print(f"({time.perf_counter() - t0:.0f} s; details in {args.report})", file=sys.stderr)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
