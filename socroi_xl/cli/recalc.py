"""``socroi recalc``: recalculate workbooks headlessly (see :mod:`socroi_xl.batch`)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from .. import atomic
from ..atomic import printable

if TYPE_CHECKING:
    from ..batch import Outcome

__all__ = ["recalc"]

_MAX_WARNINGS = 5

EPILOG = """\b
Examples:
  socroi recalc client_a.xlsx --in-place
  socroi recalc clients/*.xlsx -o recalculated/ --jobs 4 --summary summary.xlsx
  socroi recalc clients/*.xlsx -o out/ --scheduler tcp://10.0.0.5:8786
  socroi recalc report.xlsx -o out/ --today 2026-12-01 --seed 7 --strict
  socroi recalc model.xlsm -o out/ --udf-module model_udfs.py
  socroi recalc model.xlsm -o out/ --workbook-udfs
  socroi recalc uk_client.xlsx -o out/ --date-order dmy

\b
--udf-module and --workbook-udfs import Python modules and RUN THEIR CODE with
your rights: name only modules you trust. Without them no code of the workbook's
is run and its own xlwings functions show #NAME?.

\b
Exit codes: 0 every workbook recalculated; 1 one or more failed (each failure is
one line on stderr: FILE: reason); 2 usage error; 130, 143 or 129 stopped by
Ctrl-C (SIGINT), SIGTERM or a closing terminal (SIGHUP): workers stopped,
temporary files removed, finished outputs kept, no summary written.
"""


def _iso_day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day written YYYY-MM-DD (e.g. 2026-12-01)") from None
    return value


def _report(outcome: Outcome) -> None:
    if not outcome.ok:
        click.echo(f"socroi recalc: {outcome.message}", err=True)
        return
    where = printable(outcome.path)
    for text in outcome.warnings[:_MAX_WARNINGS]:
        click.echo(f"socroi recalc: {where}: warning: {printable(text)}", err=True)
    extra = len(outcome.warnings) - _MAX_WARNINGS
    if extra > 0:
        click.echo(f"socroi recalc: {where}: {extra} more warnings", err=True)


def _check_summary(summary: str, books: tuple[str, ...], out_dir: str | None) -> None:
    """Refuse a summary file that would replace a workbook this run reads or writes."""
    from ..batch import SUMMARY_FORMATS

    if os.path.splitext(summary)[1].lower() not in SUMMARY_FORMATS:
        raise click.UsageError(
            f"--summary must end in {', '.join(SUMMARY_FORMATS)}: {printable(summary)}"
        )
    real = os.path.realpath(summary)
    for book in books:
        if os.path.realpath(book) == real:
            raise click.UsageError(f"--summary would overwrite an input workbook: {printable(summary)}")
        if out_dir is not None and os.path.realpath(os.path.join(out_dir, os.path.basename(book))) == real:
            raise click.UsageError(
                f"--summary would overwrite the output of {printable(book)}: {printable(summary)}"
            )
    if out_dir is not None and os.path.realpath(out_dir) == real:
        raise click.UsageError(f"--summary is the output directory: {printable(summary)}")


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
# readable=False: an unreadable file is that file's failure (one line, exit 1), not a
# usage error that would stop the whole batch
@click.argument(
    "books", nargs=-1, required=True,
    type=click.Path(dir_okay=True, readable=False, path_type=str),
)
@click.option(
    "-o", "--out-dir", type=click.Path(file_okay=False, path_type=str),
    help="Write each result into this directory under the same file name (created if needed).",
)
@click.option("--in-place", is_flag=True, help="Replace each input (atomically, via a temp file).")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
    help="Workbooks processed in parallel (worker processes); 0 = one per CPU.",
)
@click.option(
    "--summary", type=click.Path(dir_okay=False, path_type=str),
    help="Write one row per workbook with its headline figures: .csv, .json or .xlsx.",
)
@click.option(
    "--scheduler", metavar="ADDRESS",
    help="Send each workbook as one task to this Dask distributed scheduler "
    "(e.g. tcp://host:8786); --jobs is then ignored.",
)
@click.option(
    "--today", metavar="YYYY-MM-DD", callback=_iso_day,
    help="Pin the clock of TODAY() and NOW() to this day (midnight): repeatable results. "
    "Default: the real clock.",
)
@click.option(
    "--seed", type=int, metavar="N",
    help="Seed of RAND, RANDBETWEEN and RANDARRAY: repeatable results. Default: random.",
)
@click.option(
    "--strict", is_flag=True,
    help="Fail a workbook (nothing written, exit 1) if any formula could not be evaluated "
    "faithfully (an unsupported function, an unreadable formula...); by default such cells "
    "get an error value and a warning names them.",
)
@click.option(
    "--udf-module", "udf_modules", multiple=True, metavar="PATH_OR_NAME",
    help="Evaluate the xlwings functions (@xw.func) of this Python module, which the formulas "
    "call: a .py file, or a module name looked for beside each workbook, then on the Python "
    "path. Repeatable. The module's code runs: only modules you trust.",
)
@click.option(
    "--workbook-udfs", is_flag=True,
    help="Evaluate the xlwings functions of the modules classic xlwings imports for each "
    "workbook: its xlwings.conf sheet's 'UDF Modules', else the module named like the "
    "workbook, beside it. Their code runs: only workbooks whose modules you trust.",
)
@click.option(
    "--date-order", type=click.Choice(["mdy", "dmy"]), default="mdy", show_default=True,
    help="How date text such as 1/2/2026 reads in DATEVALUE, VALUE and arithmetic: month "
    "first (Excel in en-US) or day first (Excel in en-GB and most of Europe). The file does "
    "not say which; text that the other order would read differently is named in a warning.",
)
def recalc(
    books: tuple[str, ...],
    out_dir: str | None,
    in_place: bool,
    jobs: int,
    summary: str | None,
    scheduler: str | None,
    today: str | None,
    seed: int | None,
    strict: bool,
    udf_modules: tuple[str, ...],
    workbook_udfs: bool,
    date_order: str,
) -> None:
    """Recalculate every formula of BOOKS and store the results as the cells' values.

    SOCROI functions and native Excel functions are evaluated without Excel; formulas,
    styles, charts and everything else in each file stay as they were. Give either
    -o OUT_DIR or --in-place.
    """
    if (out_dir is None) == (not in_place):
        raise click.UsageError("give exactly one of -o/--out-dir and --in-place")
    if summary is not None:
        _check_summary(summary, books, out_dir)
    if out_dir is not None and os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise click.UsageError(f"-o {printable(out_dir)}: exists and is not a directory")

    if out_dir is not None:
        try:
            os.makedirs(out_dir, exist_ok=True)
        except OSError as exc:
            raise click.ClickException(f"{printable(out_dir)}: {exc.strerror or exc}") from None
    from ..batch import temporary_folders

    outcomes: list[Outcome] = []

    def folders() -> set[str]:
        return temporary_folders(books, out_dir, in_place)

    def detail() -> str:
        written = sum(o.ok for o in outcomes)
        return (
            f"{written} of {len(books)} workbooks written, workers stopped, temporary files "
            "removed" + (", no summary written" if summary is not None else "")
        )

    # Ctrl-C, SIGTERM, SIGHUP: stop the workers, remove every temporary file, one line, exit 130/143/129
    func = None
    if today is not None or seed is not None or strict or udf_modules or workbook_udfs or date_order != "mdy":
        from functools import partial

        from ..engine import recalc_path

        # a module given as a path is the same file whatever folder a worker runs in
        modules = tuple(os.path.abspath(m) if m.endswith(".py") or os.sep in m else m for m in udf_modules)
        func = partial(recalc_path, today=today, seed=seed, strict=strict, udf_modules=modules, workbook_udfs=workbook_udfs,
                       date_order=date_order)  # fmt: skip
    with atomic.exiting_on_signals("socroi recalc", folders, detail):
        _run(books, out_dir, in_place, jobs, summary, scheduler, outcomes, func)


def _run(
    books: tuple[str, ...],
    out_dir: str | None,
    in_place: bool,
    jobs: int,
    summary: str | None,
    scheduler: str | None,
    seen: list[Outcome],
    func: Any = None,
) -> None:
    """The command's work; ``seen`` collects each outcome as it is known."""
    from ..batch import recalc_many, write_summary

    bar = None
    if sys.stderr.isatty() and len(books) > 1:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
        bar = tqdm(total=len(books), unit="book", file=sys.stderr, leave=False)

    def progress(outcome: Outcome) -> None:
        seen.append(outcome)
        if bar is not None:
            bar.clear()
        _report(outcome)
        if bar is not None:
            bar.update(1)

    try:
        outcomes = recalc_many(
            books, out_dir=out_dir, in_place=in_place, jobs=jobs,
            scheduler=scheduler, progress=progress, func=func,
        )
    except Exception as exc:
        if scheduler is None:
            raise
        # the cluster could not be reached or used at all (per-file failures never get here)
        text = printable(" ".join(str(exc).split()) or type(exc).__name__)
        raise click.ClickException(f"scheduler {printable(scheduler)}: {text}") from None
    finally:
        if bar is not None:
            bar.close()
    if summary is not None:
        try:
            write_summary(outcomes, summary)
        except OSError as exc:
            where = exc.filename or summary
            raise click.ClickException(f"{printable(where)}: {exc.strerror or exc}") from None
    failed = sum(not o.ok for o in outcomes)
    if sys.stderr.isatty():
        click.echo(
            f"socroi recalc: {len(outcomes) - failed} recalculated, {failed} failed", err=True
        )
    if failed:
        sys.exit(1)
