"""Recalculate many workbooks: in this process, in parallel processes, or on a Dask cluster.

:func:`recalc_many` runs the engine's :func:`socroi_xl.engine.recalc_path` on each
workbook and returns one :class:`Outcome` per input, in input order. A failing workbook
(missing, corrupt, not an xlsx, an engine error) gives an outcome with ``ok=False`` and a
one-line reason; it never stops the others. :func:`write_summary` writes the outcomes as
one row per workbook (``.csv``, ``.json`` or ``.xlsx``) with the headline figures.

Nothing is lost: the engine always writes into a fresh temporary file beside the
destination, which then replaces the destination in one atomic ``os.replace``
(:mod:`socroi_xl.atomic`); on any failure the temporary file is removed and the input (and
any earlier output) is untouched. A read-only destination is refused, not replaced.

Stopping: an exception in this process while workers are busy (Ctrl-C's
:class:`KeyboardInterrupt`) stops the worker processes and the processes they started at
once, removes the temporary files they made, and propagates; no queued workbook is started
afterwards. Workers ignore ``SIGINT`` (a terminal sends it to every process of the command;
this process decides) and on ``SIGTERM`` remove their temporary files and exit. The
``socroi recalc`` command goes further (:func:`socroi_xl.atomic.exiting_on_signals`).

Where the work runs:

* ``jobs=1`` (default): one after the other in this process.
* ``jobs=N``: ``N`` worker processes (:class:`concurrent.futures.ProcessPoolExecutor`);
  ``jobs=0`` means one per CPU. If a worker process dies (killed for memory, say), the
  files it may have been working on are retried one per fresh process, so only the file
  that kills its process is reported failed.
* ``scheduler="tcp://host:8786"``: each workbook is one task on a Dask distributed cluster.
  The workbook's bytes travel with the task and the result's bytes come back, so workers
  need no shared file system; this process writes the outputs. Failures are reported
  exactly as locally (the reason names the original path).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
import re
import signal
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import atomic
from .atomic import printable, replacing, write_bytes

# The engine (numpy, pandas) is imported where it is used, so that ``socroi --help`` and the
# other commands do not pay for it.

__all__ = [
    "FORMULA_TRIGGERS",
    "HEADLINE_ORDER",
    "SUMMARY_FORMATS",
    "Outcome",
    "inert_text",
    "recalc_many",
    "summary_frame",
    "temporary_folders",
    "write_summary",
]

#: Summary file formats, by file suffix.
SUMMARY_FORMATS = (".csv", ".json", ".xlsx")
#: Headline figures shown first in a summary (others follow in the order first seen).
HEADLINE_ORDER = (
    "TotalCost",
    "TotalValue",
    "SocialROI",
    "ROAS",
    "DirectSales",
    "ActionValue",
    "PPCValue",
    "CPM",
    "CPC",
    "CPA",
)

#: A recalculation function: ``func(src, dst) -> RecalcResult`` (the engine's contract).
RecalcFunc = Callable[[str, str], Any]


@dataclass
class Outcome:
    """What happened to one workbook.

    Attributes
    ----------
    path : str
        The input workbook, as given.
    ok : bool
        True when the workbook was recalculated and written.
    error : str or None
        Why it failed, one line (the file is not repeated here; see :attr:`message`).
    output : str or None
        The file written (``None`` on failure).
    formulas : int or None
        Number of formula cells evaluated.
    errors : int or None
        Number of formula cells whose value is an Excel error.
    warnings : list of str
        The engine's warnings (unknown functions, circular references...).
    headline : dict
        The headline figures (defined names ``Headline_*``, without the prefix).
    seconds : float
        Wall time spent on this workbook.
    """

    path: str
    ok: bool
    error: str | None = None
    output: str | None = None
    formulas: int | None = None
    errors: int | None = None
    warnings: list[str] = field(default_factory=list)
    headline: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def message(self) -> str:
        """One line naming the file and what happened: ``"PATH: reason"`` on failure.

        Newlines and terminal escape sequences in the file name or the reason are shown
        escaped (:func:`~socroi_xl.atomic.printable`): the message stays one line.
        """
        if self.ok:
            return f"{printable(self.path)}: ok ({self.formulas} formulas, {self.errors} errors)"
        return f"{printable(self.path)}: {printable(self.error)}"


# --------------------------------------------------------------------------- one workbook


def _default_recalc() -> RecalcFunc:
    from .engine import recalc_path

    return recalc_path


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"internal error: {type(exc).__name__}" + (f": {text}" if text else "")


def _result_fields(result: Any) -> dict[str, Any]:
    return {
        "formulas": getattr(result, "formulas", None),
        "errors": getattr(result, "errors", None),
        "warnings": list(getattr(result, "warnings", []) or []),
        "headline": dict(getattr(result, "headline", {}) or {}),
    }


def _recalc_to(src: str, dst: str, func: RecalcFunc) -> dict[str, Any]:
    """Recalculate ``src`` into ``dst`` through a temp file beside ``dst``; the result's fields."""
    with replacing(dst, mode_from=src) as tmp:  # keep the input's permissions
        result = func(src, str(tmp))
    return _result_fields(result)


def recalc_one(src: str, dst: str, func: RecalcFunc | None = None) -> Outcome:
    """Recalculate one workbook into ``dst`` (may equal ``src``); never raises for a bad file.

    Parameters
    ----------
    src, dst : str
        Input workbook and the file to write (``dst == src`` replaces the input atomically).
    func : callable, optional
        ``func(src, dst) -> RecalcResult``; the engine's ``recalc_path`` unless given.

    Returns
    -------
    Outcome
    """
    from .xlsx.safety import WorkbookError

    t0 = time.perf_counter()
    try:
        fields = _recalc_to(src, dst, func or _default_recalc())
    except WorkbookError as exc:
        return Outcome(src, False, error=exc.reason, seconds=time.perf_counter() - t0)
    except MemoryError:
        return Outcome(src, False, error="out of memory", seconds=time.perf_counter() - t0)
    except OSError as exc:
        where = os.fspath(exc.filename) if exc.filename else dst
        why = exc.strerror or str(exc)
        # replacing the input itself: the path is already the message's first word
        same = os.path.realpath(where) == os.path.realpath(src)
        reason = why if same else f"cannot write {where}: {why}"
        return Outcome(src, False, error=reason, seconds=time.perf_counter() - t0)
    except Exception as exc:  # an engine bug must not stop the batch; report it on one line
        return Outcome(src, False, error=_one_line(exc), seconds=time.perf_counter() - t0)
    return Outcome(src, True, output=dst, seconds=time.perf_counter() - t0, **fields)


def _recalc_bytes(name: str, data: bytes, func: RecalcFunc | None) -> tuple[Outcome, bytes | None]:
    """Dask task: recalculate a workbook sent as bytes; return the outcome and output bytes."""
    with tempfile.TemporaryDirectory(prefix="socroi-task-") as tmp:
        src = os.path.join(tmp, name)
        with open(src, "wb") as fh:
            fh.write(data)
        out = recalc_one(src, src, func)
        payload = Path(src).read_bytes() if out.ok else None
    return out, payload


# --------------------------------------------------------------------------- planning


@dataclass
class _Job:
    index: int
    src: str
    dst: str


def _plan(
    paths: Sequence[str], out_dir: str | None, in_place: bool
) -> tuple[list[_Job], dict[int, Outcome]]:
    """Destinations for each input, and the inputs refused before any work."""
    jobs: list[_Job] = []
    refused: dict[int, Outcome] = {}
    taken: dict[str, str] = {}
    for i, src in enumerate(paths):
        if in_place:
            # replace the file a symlink points at, not the link
            jobs.append(_Job(i, src, os.path.realpath(src)))
            continue
        assert out_dir is not None
        dst = os.path.join(out_dir, os.path.basename(src))
        key = os.path.realpath(dst)
        if os.path.realpath(src) == key:
            refused[i] = Outcome(
                src, False, error="output would overwrite the input (use --in-place for that)"
            )
        elif key in taken:
            refused[i] = Outcome(
                src, False, error=f"same file name as {taken[key]}; both would write {dst}"
            )
        else:
            taken[key] = src
            jobs.append(_Job(i, src, dst))
    return jobs, refused


def temporary_folders(
    paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str] | None, in_place: bool
) -> set[str]:
    """Where a run's temporary files can appear: the folder of each destination (of the
    file a link points to, since links are written through)."""
    dsts = [
        os.fspath(p) if in_place else os.path.join(os.fspath(out_dir or "."), os.path.basename(os.fspath(p)))
        for p in paths
    ]
    return {os.path.dirname(os.path.realpath(d)) for d in dsts}


# --------------------------------------------------------------------------- runners


def _run_serial(jobs, func, done):
    for job in jobs:
        done(job.index, recalc_one(job.src, job.dst, func))


def _worker_init() -> None:
    """In each worker process: Ctrl-C and a closing terminal are for the parent to act on;
    ``SIGTERM`` (from the parent, or anyone) removes the worker's temporary files and exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stop)


def _worker_stop(signum: int, frame: object) -> None:
    atomic.remove_temporaries()
    os._exit(128 + signum)


def _new_pool(n_workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=n_workers, initializer=_worker_init)


def _workers(pool: ProcessPoolExecutor) -> list[int]:
    # the executor keeps its worker processes here (CPython since 3.2): no public way
    return list(getattr(pool, "_processes", None) or {})


def _abandon(pool: ProcessPoolExecutor, folders: set[str]) -> None:
    """Stop ``pool`` now: its workers and their children, their temporary files, its queue."""
    with atomic.shielded():  # a second Ctrl-C must not leave this half done
        workers = _workers(pool)
        stopped = atomic.stop_processes(workers) if workers else []
        pool.shutdown(wait=False, cancel_futures=True)
        atomic.sweep(folders, stopped)


def _run_pool(jobs, func, n_workers, done, folders):
    """Run in a process pool; on a dead worker, retry the unfinished files one per process."""
    broken: list[_Job] = []
    pool = _new_pool(n_workers)
    try:
        futures = {pool.submit(recalc_one, j.src, j.dst, func): j for j in jobs}
        pids = _workers(pool)
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                job = futures[fut]
                try:
                    done(job.index, fut.result())
                except BrokenProcessPool:
                    broken.append(job)
    except BaseException:
        _abandon(pool, folders)
        raise
    pool.shutdown(wait=True)
    if broken:  # a worker was killed (for memory, say) before it could remove its files
        atomic.sweep(folders, pids)
    for job in broken:
        # isolate: the file that kills its process fails alone
        solo = _new_pool(1)
        try:
            fut = solo.submit(recalc_one, job.src, job.dst, func)
            pids = _workers(solo)
            out = fut.result()
        except BrokenProcessPool:
            out = Outcome(job.src, False, error="worker process died (out of memory or crashed)")
            solo.shutdown(wait=True)
            atomic.sweep(folders, pids)
        except BaseException:
            _abandon(solo, folders)
            raise
        solo.shutdown(wait=True)
        done(job.index, out)


def _run_dask(jobs, func, scheduler, done):
    """Each workbook one task on a Dask cluster; bytes in, bytes out."""
    from distributed import Client, as_completed

    from .xlsx.safety import WorkbookError, open_package

    with Client(scheduler, set_as_default=False) as client:
        window = max(2 * sum(client.nthreads().values()), 2)
        queue = list(jobs)
        futures: dict[Any, _Job] = {}
        ac = as_completed(loop=client.loop)

        def submit_next() -> None:
            while queue:
                job = queue.pop(0)
                t0 = time.perf_counter()
                try:
                    open_package(job.src).close()  # same checks, same messages, before shipping
                    data = Path(job.src).read_bytes()
                except WorkbookError as exc:
                    done(job.index, Outcome(job.src, False, error=exc.reason,
                                            seconds=time.perf_counter() - t0))
                    continue
                except OSError as exc:
                    done(job.index, Outcome(job.src, False, error=exc.strerror or str(exc),
                                            seconds=time.perf_counter() - t0))
                    continue
                fut = client.submit(
                    _recalc_bytes, os.path.basename(job.src), data, func,
                    key=f"socroi-recalc-{uuid.uuid4().hex}", pure=False,
                )
                futures[fut] = job
                ac.add(fut)
                return

        for _ in range(window):
            submit_next()
        for fut in ac:
            job = futures.pop(fut)
            try:
                remote, payload = fut.result()
            except Exception as exc:  # the task itself failed: worker lost, killed...
                out = Outcome(job.src, False, error=f"cluster task failed: {_one_line(exc)}")
            else:
                # the worker worked on a temporary copy: report under the input's path
                out = dataclasses.replace(remote, path=job.src, output=None)
                if remote.ok and payload is not None:
                    try:
                        write_bytes(job.dst, payload, mode_from=job.src)
                        out.output = job.dst
                    except OSError as exc:
                        out = Outcome(job.src, False,
                                      error=f"cannot write {job.dst}: {exc.strerror or exc}")
            done(job.index, out)
            fut.release()
            submit_next()


def recalc_many(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] | None = None,
    in_place: bool = False,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[Outcome], None] | None = None,
    *,
    func: RecalcFunc | None = None,
) -> list[Outcome]:
    """Recalculate workbooks; one :class:`Outcome` per input, in input order.

    Parameters
    ----------
    paths : iterable of path
        The workbooks.
    out_dir : path, optional
        Write each result under this directory with the input's file name (created if
        needed). Exactly one of ``out_dir`` and ``in_place`` must be given.
    in_place : bool
        Replace each input with its recalculated version (atomically).
    jobs : int
        Worker processes; 1 runs in this process, 0 means one per CPU.
    scheduler : str, optional
        Address of a Dask distributed scheduler (``"tcp://host:8786"``); when given, each
        workbook is one task on that cluster and ``jobs`` is ignored.
    progress : callable, optional
        Called with each :class:`Outcome` as soon as it is known (in completion order).
    func : callable, optional
        ``func(src, dst) -> RecalcResult``; the engine's ``recalc_path`` unless given. Must be
        picklable (a module-level function) when ``jobs > 1`` or with ``scheduler``.

    Returns
    -------
    list of Outcome

    Raises
    ------
    ValueError
        Neither or both of ``out_dir`` and ``in_place``; a negative ``jobs``.
    OSError
        ``out_dir`` cannot be created.

    Examples
    --------
    >>> recalc_many(["a.xlsx"])
    Traceback (most recent call last):
    ...
    ValueError: give exactly one of out_dir and in_place
    """
    srcs = [os.fspath(p) for p in paths]
    if (out_dir is None) == (not in_place):
        raise ValueError("give exactly one of out_dir and in_place")
    if jobs < 0:
        raise ValueError("jobs must be 0 (one per CPU) or more")
    out = os.fspath(out_dir) if out_dir is not None else None
    if out is not None:
        os.makedirs(out, exist_ok=True)
    planned, refused = _plan(srcs, out, in_place)
    results: dict[int, Outcome] = {}

    def done(index: int, outcome: Outcome) -> None:
        results[index] = outcome
        if progress is not None:
            progress(outcome)

    for i, o in refused.items():
        done(i, o)
    n_workers = (os.cpu_count() or 1) if jobs == 0 else jobs
    n_workers = min(n_workers, max(len(planned), 1))
    folders = temporary_folders(srcs, out, in_place)
    if scheduler:
        _run_dask(planned, func, scheduler, done)
    elif n_workers <= 1:
        _run_serial(planned, func, done)
    else:
        _run_pool(planned, func, n_workers, done, folders)
    return [results[i] for i in range(len(srcs))]


# --------------------------------------------------------------------------- summary

#: First characters that make a spreadsheet read a field as a formula (OWASP, "CSV
#: Injection"; CWE-1236), and their full-width forms. Tab, carriage return, newline and NUL,
#: also on OWASP's and ASVS's lists, never start a summary field: :func:`inert_text` writes
#: every control character as an escape (``\t``), so the field starts with a backslash.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Excel's limit on the characters of one cell.
CELL_TEXT_LIMIT = 32_767
_XSTRING_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")

_BASE_COLUMNS = ["file", "status", "error", "output", "formulas", "errors", "warnings", "seconds"]


def inert_text(text: str) -> str:
    r"""``text`` as a spreadsheet will show it and never run it.

    Control characters (newline, tab, escape sequences, NUL) become visible escapes
    (:func:`~socroi_xl.atomic.printable`), and text starting with ``=``, ``+``, ``-``,
    ``@`` (or their full-width forms) gets a leading apostrophe, OWASP's advice against
    CSV injection: Excel and LibreOffice then read the field as text.

    >>> inert_text("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> inert_text("-2"), inert_text("ok"), inert_text("\tx")
    ("'-2", 'ok', '\\tx')
    """
    shown = printable(text)
    return "'" + shown if shown.startswith(FORMULA_TRIGGERS) else shown


def _cell(value: Any) -> Any:
    """A headline value as a summary cell: numbers stay numbers, an Excel error stays an
    :class:`~socroi_xl.errors.XLError`, text stays text (a text ``"#N/A"`` is not an error)."""
    from .errors import XLError

    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, XLError):
        return value
    if isinstance(value, int | float):
        return float(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return _cell(value.item())
    return str(value)


def _summary_table(outcomes: Sequence[Outcome]) -> tuple[list[str], list[list[Any]]]:
    """Column names and one row of plain values per outcome."""
    keys: list[str] = [k for k in HEADLINE_ORDER if any(k in o.headline for o in outcomes)]
    for o in outcomes:
        keys.extend(k for k in o.headline if k not in keys)
    rows = []
    for o in outcomes:
        rows.append([
            o.path, "ok" if o.ok else "failed", o.error, o.output, o.formulas, o.errors,
            len(o.warnings), round(o.seconds, 3), *(_cell(o.headline.get(k)) for k in keys),
        ])
    # a workbook's Headline_file or Headline_status must not pass for the batch's own
    # column (in the JSON it would replace it): such a figure keeps its defined name
    columns = list(_BASE_COLUMNS)
    for k in keys:
        name = k
        while name in columns:
            name = "Headline_" + name
        columns.append(name)
    return columns, rows


def summary_frame(outcomes: Sequence[Outcome]):
    """The outcomes as a :class:`pandas.DataFrame`, one row per workbook.

    Columns: ``file, status, error, output, formulas, errors, warnings, seconds``, then one
    column per headline figure (:data:`HEADLINE_ORDER` first, others in order first seen;
    a figure named like one of the first eight, ``Headline_status`` say, keeps its
    ``Headline_`` prefix). Values are as the engine gave them (no escaping: this is data,
    not a file to open).
    """
    import pandas as pd

    columns, rows = _summary_table(outcomes)
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("formulas", "errors"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _json_value(value: Any) -> Any:
    if isinstance(value, str):
        return str(value)  # an XLError as its text
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _csv_field(value: Any) -> Any:
    """A CSV field: finite numbers as numbers, everything else as inert text."""
    if value is None:
        return None
    if isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    return inert_text(str(value))


def _write_csv(tmp: Path, columns: list[str], rows: list[list[Any]]) -> None:
    # every text field quoted (a separator or quote inside it cannot start a new field,
    # whatever separator the spreadsheet expects), numbers bare; UTF-8 with a byte-order
    # mark, which is how Excel knows a double-clicked .csv is UTF-8 (without it, Excel
    # reads the ANSI code page and "Café.xlsx" shows as "CafÃ©.xlsx")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        out.writerow([inert_text(c) for c in columns])
        out.writerows([_csv_field(v) for v in row] for row in rows)


def _xlsx_text(cell: Any, text: str) -> None:
    """Store ``text`` in ``cell`` as a text cell, never a formula, a number or an error
    (an empty text leaves the cell empty)."""
    shown = printable(text)
    if not shown:
        return
    if len(shown) > CELL_TEXT_LIMIT:  # Excel refuses a longer cell: cut it and say so
        note = f" [cut: {len(shown):,} characters]"
        shown = shown[: CELL_TEXT_LIMIT - len(note)] + note
    # a literal _xHHHH_ would show as the character it encodes (ECMA-376 Part 1, 22.9.2.19,
    # ST_Xstring): protect it as _x005F_xHHHH_ (the importers' ooxml_text does the same)
    cell.value = _XSTRING_ESCAPE.sub(r"_x005F_\1", shown)
    cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error
    if shown.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True  # and editing the cell in Excel keeps it text


def _xlsx_number(value: float) -> bool:
    """True when a number cell can hold ``value``: openpyxl writes 16 significant digits,
    and a float within a hair of the largest double would read back as infinity."""
    return math.isfinite(value) and math.isfinite(float(f"{value:.16g}"))


def _write_xlsx(tmp: Path, columns: list[str], rows: list[list[Any]]) -> None:
    import openpyxl
    from openpyxl.styles import Font

    from .errors import XLError

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    bold = Font(bold=True)
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(1, j)
        _xlsx_text(cell, name)
        cell.font = bold
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(i, j)
            if isinstance(value, XLError):
                cell.value = str(value)
                cell.data_type = "e"  # a real error cell
            elif isinstance(value, bool | int) or (isinstance(value, float) and _xlsx_number(value)):
                cell.value = value
            else:  # text, and numbers no number cell can hold (infinities, NaN)
                _xlsx_text(cell, repr(value) if isinstance(value, float) else str(value))
    ws.freeze_panes = "A2"
    # built in memory (a summary is small), then written in one go: a full disk fails the
    # write cleanly instead of leaving openpyxl's zip half closed on the temporary file
    buffer = io.BytesIO()
    wb.save(buffer)
    tmp.write_bytes(buffer.getvalue())


def write_summary(outcomes: Sequence[Outcome], path: str | os.PathLike[str]) -> None:
    """Write one row per workbook to ``path`` (``.csv``, ``.json`` or ``.xlsx``).

    What a client's workbook or a file name holds can never run in the summary: in the
    ``.xlsx`` every text is a text cell (never a formula), an Excel error an error cell;
    in the ``.csv`` every text field is quoted and passed through :func:`inert_text`
    (control characters escaped, a leading ``=``, ``+``, ``-`` or ``@`` behind an
    apostrophe), and the file is UTF-8 with a byte-order mark so that Excel opens it as
    UTF-8. The ``.json`` keeps the exact values (JSON escapes them itself).

    Parameters
    ----------
    outcomes : sequence of Outcome
        From :func:`recalc_many`.
    path : path
        The summary file; its suffix picks the format. Written atomically.

    Raises
    ------
    ValueError
        An unsupported suffix.
    OSError
        The file cannot be written (it is left as it was).
    """
    p = os.fspath(path)
    ext = os.path.splitext(p)[1].lower()
    if ext not in SUMMARY_FORMATS:
        raise ValueError(f"summary file must end in {', '.join(SUMMARY_FORMATS)}: {p}")
    columns, rows = _summary_table(outcomes)
    dst_dir = os.path.dirname(os.path.abspath(p))
    os.makedirs(dst_dir, exist_ok=True)
    with replacing(p) as tmp:
        if ext == ".csv":
            _write_csv(tmp, columns, rows)
        elif ext == ".json":
            records = [{k: _json_value(v) for k, v in zip(columns, row, strict=True)} for row in rows]
            for rec, o in zip(records, outcomes, strict=True):
                rec["warnings"] = list(o.warnings)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(records, fh, indent=2, ensure_ascii=False)
                fh.write("\n")
        else:
            _write_xlsx(tmp, columns, rows)
