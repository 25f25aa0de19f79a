"""Recalculate many workbooks: in this process, in parallel processes, or on a Dask cluster.

:func:`recalc_many` runs the engine's :func:`socroi_xl.engine.recalc_path` on each
workbook and returns one :class:`Outcome` per input, in input order. A failing workbook
(missing, corrupt, not an xlsx, an engine error) gives an outcome with ``ok=False`` and a
one-line reason; it never stops the others. :func:`write_summary` writes the outcomes as
one row per workbook (``.csv``, ``.json`` or ``.xlsx``) with the headline figures.

Nothing is lost: the engine always writes into a fresh temporary file beside the
destination, which then replaces the destination in one atomic ``os.replace``; on any
failure the temporary file is removed and the input (and any earlier output) is untouched.

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

import dataclasses
import json
import math
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import replacing, write_bytes

# The engine (numpy, pandas) is imported where it is used, so that ``socroi --help`` and the
# other commands do not pay for it.

__all__ = ["Outcome", "recalc_many", "write_summary", "SUMMARY_FORMATS", "HEADLINE_ORDER"]

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
        """One line naming the file and what happened: ``"PATH: reason"`` on failure."""
        if self.ok:
            return f"{self.path}: ok ({self.formulas} formulas, {self.errors} errors)"
        return f"{self.path}: {self.error}"


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
    from .engine.safety import WorkbookError

    t0 = time.perf_counter()
    try:
        fields = _recalc_to(src, dst, func or _default_recalc())
    except WorkbookError as exc:
        return Outcome(src, False, error=exc.reason, seconds=time.perf_counter() - t0)
    except MemoryError:
        return Outcome(src, False, error="out of memory", seconds=time.perf_counter() - t0)
    except OSError as exc:
        reason = f"cannot write {exc.filename or dst}: {exc.strerror or exc}"
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


# --------------------------------------------------------------------------- runners


def _run_serial(jobs, func, done):
    for job in jobs:
        done(job.index, recalc_one(job.src, job.dst, func))


def _run_pool(jobs, func, n_workers, done):
    """Run in a process pool; on a dead worker, retry the unfinished files one per process."""
    broken: list[_Job] = []
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        futures = {pool.submit(recalc_one, j.src, j.dst, func): j for j in jobs}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                job = futures[fut]
                try:
                    done(job.index, fut.result())
                except BrokenProcessPool:
                    broken.append(job)
    for job in broken:
        # isolate: the file that kills its process fails alone
        try:
            with ProcessPoolExecutor(max_workers=1) as solo:
                out = solo.submit(recalc_one, job.src, job.dst, func).result()
        except BrokenProcessPool:
            out = Outcome(job.src, False, error="worker process died (out of memory or crashed)")
        done(job.index, out)


def _run_dask(jobs, func, scheduler, done):
    """Each workbook one task on a Dask cluster; bytes in, bytes out."""
    from distributed import Client, as_completed

    from .engine.safety import WorkbookError, open_package

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
    if scheduler:
        _run_dask(planned, func, scheduler, done)
    elif n_workers <= 1:
        _run_serial(planned, func, done)
    else:
        _run_pool(planned, func, n_workers, done)
    return [results[i] for i in range(len(srcs))]


# --------------------------------------------------------------------------- summary


def _cell(value: Any) -> Any:
    """A headline value as a summary cell: numbers stay numbers, errors become their text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return _cell(value.item())
    if isinstance(value, str):
        return str(value)  # XLError -> its text
    return str(value)


def summary_frame(outcomes: Sequence[Outcome]):
    """The outcomes as a :class:`pandas.DataFrame`, one row per workbook.

    Columns: ``file, status, error, output, formulas, errors, warnings, seconds``, then one
    column per headline figure (:data:`HEADLINE_ORDER` first, others in order first seen).
    """
    import pandas as pd

    keys: list[str] = [k for k in HEADLINE_ORDER if any(k in o.headline for o in outcomes)]
    for o in outcomes:
        keys.extend(k for k in o.headline if k not in keys)
    rows = []
    for o in outcomes:
        row: dict[str, Any] = {
            "file": o.path,
            "status": "ok" if o.ok else "failed",
            "error": o.error,
            "output": o.output,
            "formulas": o.formulas,
            "errors": o.errors,
            "warnings": len(o.warnings),
            "seconds": round(o.seconds, 3),
        }
        for k in keys:
            row[k] = _cell(o.headline.get(k))
        rows.append(row)
    base = ["file", "status", "error", "output", "formulas", "errors", "warnings", "seconds"]
    frame = pd.DataFrame(rows, columns=base + keys)
    for col in ("formulas", "errors"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _json_value(value: Any) -> Any:
    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_summary(outcomes: Sequence[Outcome], path: str | os.PathLike[str]) -> None:
    """Write one row per workbook to ``path`` (``.csv``, ``.json`` or ``.xlsx``).

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
    """
    p = os.fspath(path)
    ext = os.path.splitext(p)[1].lower()
    if ext not in SUMMARY_FORMATS:
        raise ValueError(f"summary file must end in {', '.join(SUMMARY_FORMATS)}: {p}")
    frame = summary_frame(outcomes)
    dst_dir = os.path.dirname(os.path.abspath(p))
    os.makedirs(dst_dir, exist_ok=True)
    with replacing(p) as tmp:
        if ext == ".csv":
            frame.to_csv(tmp, index=False)
        elif ext == ".json":
            records = [
                {k: _json_value(v) for k, v in rec.items()}
                for rec in frame.astype(object).to_dict(orient="records")
            ]
            for rec, o in zip(records, outcomes, strict=True):
                rec["warnings"] = list(o.warnings)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(records, fh, indent=2, ensure_ascii=False)
                fh.write("\n")
        else:
            frame.to_excel(tmp, index=False, sheet_name="Summary", engine="openpyxl")
