"""Issue 12, item 3: Ctrl-C and SIGTERM end a command promptly and leave nothing behind.

Reported: Ctrl-C during ``socroi recalc --jobs 2`` on large books hung (only SIGKILL ended it,
leaving ``.tmp`` files); SIGTERM left temporary files (and the workers went on writing).
Every test here starts the real command in its own process group, waits until its
workers are busy writing, sends a real signal — to the whole group, as a terminal's
Ctrl-C does, or to the command alone, as ``kill`` does — and checks: the exit status is
130 (SIGINT) or 143 (SIGTERM) within seconds, stderr is one line, every process the
command started is gone, no temporary file is left, the inputs are untouched. A closing
terminal (``SIGHUP``) is handled the same way (exit 129), unless the command was started
with it ignored (``nohup``).

Most tests use a stand-in engine that writes half a file and then waits (a large book
without the minutes); two use the real engine on a generated 150,000-row book.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from socroi_xl.cli import main

#: How long a stopped command may take: the goal is well under a second (the workers get
#: 0.2 s to clean up before they are killed); this leaves room for a loaded CI machine.
PROMPT = 5.0

RUNNER = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path

    from socroi_xl import batch

    MODE = os.environ.get("SLOW_MODE", "")
    READY = Path(os.environ["READY_DIR"])


    def slow(src, dst):
        if os.path.basename(src).startswith("fast"):
            Path(dst).write_bytes(Path(src).read_bytes())
            return None
        with open(dst, "wb") as fh:  # half a workbook in the temporary file
            fh.write(b"PK half a workbook")
        if "stubborn" in MODE:  # deep in C code: only SIGKILL ends this worker
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if "child" in MODE and os.fork() == 0:  # like the engine's forked column reader
            (READY / f"child-{os.getpid()}").touch()
            time.sleep(60)
            os._exit(0)
        (READY / f"worker-{os.getpid()}").touch()
        time.sleep(60)


    if os.environ.get("SLOW_API"):  # the library, not the command
        try:
            batch.recalc_many(sys.argv[2:], out_dir=sys.argv[1], jobs=2, func=slow)
        except KeyboardInterrupt:
            print("KeyboardInterrupt", flush=True)
            sys.exit(42)
        sys.exit(0)
    if MODE != "real":
        batch._default_recalc = lambda: slow
    if MODE == "import":  # the import command's writer, slowed the same way
        from socroi_xl.importers import writer
        writer.write_package = lambda zf, tmp, parts: slow("book", tmp)
    from socroi_xl.cli import main
    main(sys.argv[1:])
    """
)


def _start(tmp_path: Path, args: list[str], mode: str = "", api: bool = False) -> subprocess.Popen:
    script = tmp_path / "runner.py"
    script.write_text(RUNNER)
    ready = tmp_path / "ready"
    ready.mkdir(exist_ok=True)
    env = {**os.environ, "SLOW_MODE": mode, "READY_DIR": str(ready), "PYTHONUNBUFFERED": "1"}
    if api:
        env["SLOW_API"] = "1"
    return subprocess.Popen(
        [sys.executable, str(script), *args], env=env, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, like a job in a shell
    )


def _wait_for(predicate, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None:
            raise AssertionError(f"ended early ({proc.returncode}): {proc.stderr.read()}")
        if time.monotonic() > end:
            proc.kill()
            raise AssertionError("the command never got busy")
        time.sleep(0.02)


def _ready(tmp_path: Path, workers: int, children: int = 0):
    ready = tmp_path / "ready"
    return lambda: (
        sum(p.name.startswith("worker-") for p in ready.iterdir()) >= workers
        and sum(p.name.startswith("child-") for p in ready.iterdir()) >= children
    )


def _stop(proc: subprocess.Popen, signum: int, group: bool) -> tuple[float, list[psutil.Process]]:
    """Send ``signum`` (to the process group, or to the command alone); the seconds until
    it ended and every process it had started."""
    family = psutil.Process(proc.pid).children(recursive=True)
    t0 = time.monotonic()
    if group:
        os.killpg(proc.pid, signum)  # what Ctrl-C in a terminal does
    else:
        proc.send_signal(signum)  # what `kill PID` does
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("hung: did not end within 30 s of the signal") from None
    return time.monotonic() - t0, family


def _gone(procs: list[psutil.Process]) -> bool:
    def dead(p: psutil.Process) -> bool:
        try:
            return p.status() == psutil.STATUS_ZOMBIE  # runs no more code
        except psutil.NoSuchProcess:
            return True

    end = time.monotonic() + 2
    while not all(dead(p) for p in procs) and time.monotonic() < end:
        time.sleep(0.02)
    return all(dead(p) for p in procs)


def _books(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name in names:
        p = folder / name
        p.write_bytes(b"PK\x03\x04 stand-in input " + name.encode())
        paths.append(p)
    return paths


CASES = [
    # jobs, signal, to the whole group?, stand-in mode
    pytest.param(2, signal.SIGINT, True, "child", id="ctrl-c-jobs2"),
    pytest.param(2, signal.SIGTERM, False, "child", id="sigterm-main-only-jobs2"),
    pytest.param(2, signal.SIGTERM, True, "", id="sigterm-group-jobs2"),
    pytest.param(2, signal.SIGTERM, False, "stubborn child", id="sigterm-worker-ignores-it"),
    pytest.param(1, signal.SIGINT, True, "child", id="ctrl-c-serial"),
    pytest.param(1, signal.SIGTERM, False, "", id="sigterm-serial"),
    pytest.param(2, signal.SIGHUP, True, "child", id="terminal-closed-jobs2"),
]


@pytest.mark.parametrize(("jobs", "signum", "group", "mode"), CASES)
def test_recalc_stops_promptly_and_cleanly(tmp_path, jobs, signum, group, mode):
    books = _books(tmp_path / "in", ["fast1.xlsx", "a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"])
    before = [p.read_bytes() for p in books]
    out = tmp_path / "out"
    args = ["recalc", *map(str, books), "-o", str(out), "--jobs", str(jobs), "--summary", str(tmp_path / "s.xlsx")]
    proc = _start(tmp_path, args, mode)
    _wait_for(_ready(tmp_path, jobs, jobs if "child" in mode else 0), proc)
    seconds, family = _stop(proc, signum, group)
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum, proc.stderr.read()
    assert seconds < PROMPT
    # fast1 is written before the signal; with workers, its outcome may still be on its way
    # to the command at that instant, and then it is not counted yet
    counted = "[01]" if jobs > 1 else "1"
    (line,) = proc.stderr.read().splitlines()
    assert re.fullmatch(
        f"socroi recalc: interrupted by {name}: {counted} of 5 workbooks written, workers "
        "stopped, temporary files removed, no summary written", line
    ), line
    assert len(family) >= (jobs if jobs > 1 else 0) + (jobs if "child" in mode else 0)
    assert _gone(family), [p for p in family if p.is_running()]
    assert sorted(os.listdir(out)) == ["fast1.xlsx"]  # the finished one kept, no .tmp
    assert (out / "fast1.xlsx").read_bytes() == books[0].read_bytes()  # and whole
    assert not (tmp_path / "s.xlsx").exists()
    assert [p.read_bytes() for p in books] == before


def test_ctrl_c_twice_still_cleans_up_once(tmp_path):
    books = _books(tmp_path / "in", ["a.xlsx", "b.xlsx", "c.xlsx"])
    out = tmp_path / "out"
    proc = _start(tmp_path, ["recalc", *map(str, books), "-o", str(out), "--jobs", "2"], "child")
    _wait_for(_ready(tmp_path, 2, 2), proc)
    family = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # the impatient second Ctrl-C
    proc.wait(timeout=30)
    assert proc.returncode == 130
    assert len(proc.stderr.read().splitlines()) == 1
    assert _gone(family) and os.listdir(out) == []


def test_a_signal_ignored_by_the_caller_stays_ignored(tmp_path):
    """`nohup socroi recalc ...`: closing the terminal must not stop the batch."""
    books = _books(tmp_path / "in", ["a.xlsx", "b.xlsx"])
    script = tmp_path / "runner.py"
    script.write_text(RUNNER)
    (tmp_path / "ready").mkdir()
    proc = subprocess.Popen(
        [sys.executable, str(script), "recalc", *map(str, books), "-o", str(tmp_path / "out")],
        env={**os.environ, "READY_DIR": str(tmp_path / "ready")}, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # what nohup does
    )
    _wait_for(_ready(tmp_path, 1), proc)
    os.killpg(proc.pid, signal.SIGHUP)
    time.sleep(0.5)
    assert proc.poll() is None  # still at work
    _, family = _stop(proc, signal.SIGTERM, group=False)
    assert proc.returncode == 143 and _gone(family)


def test_in_place_sigterm_leaves_every_input_as_it_was(tmp_path):
    books = _books(tmp_path / "in", ["a.xlsx", "b.xlsx", "c.xlsx"])
    before = [p.read_bytes() for p in books]
    proc = _start(tmp_path, ["recalc", *map(str, books), "--in-place", "--jobs", "2"], "child")
    _wait_for(_ready(tmp_path, 2, 2), proc)
    _, family = _stop(proc, signal.SIGTERM, group=False)
    assert proc.returncode == 143
    assert _gone(family)
    assert sorted(os.listdir(tmp_path / "in")) == ["a.xlsx", "b.xlsx", "c.xlsx"]
    assert [p.read_bytes() for p in books] == before


def test_library_ctrl_c_stops_the_pool(tmp_path):
    """recalc_many without the command: Ctrl-C's KeyboardInterrupt stops the workers and
    removes their files before it propagates (no queued book is started)."""
    books = _books(tmp_path / "in", ["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"])
    out = tmp_path / "out"
    out.mkdir()
    proc = _start(tmp_path, [str(out), *map(str, books)], "child", api=True)
    _wait_for(_ready(tmp_path, 2, 2), proc)
    seconds, family = _stop(proc, signal.SIGINT, group=True)
    assert proc.returncode == 42, proc.stderr.read()
    assert proc.stdout.read().strip() == "KeyboardInterrupt"
    assert seconds < PROMPT
    assert _gone(family)
    assert os.listdir(out) == []


def test_import_sigterm_removes_its_temporary_file(tmp_path):
    """Every command, not only recalc: the `socroi` entry point ends cleanly on a signal."""
    book = tmp_path / "book.xlsx"
    assert CliRunner().invoke(main, ["new", str(book)]).exit_code == 0
    before = book.read_bytes()
    export = Path(__file__).parent / "fixtures" / "exports" / "meta_ads_en.csv"
    proc = _start(tmp_path, ["import", str(export), "--into", str(book)], "import")
    _wait_for(_ready(tmp_path, 1), proc)
    assert any(p.name.startswith(".book.") for p in tmp_path.iterdir())  # writing, half done
    seconds, _ = _stop(proc, signal.SIGTERM, group=False)
    assert proc.returncode == 143
    assert seconds < PROMPT
    assert proc.stderr.read().splitlines() == ["socroi: interrupted by SIGTERM: temporary files removed"]
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "ready", "runner.py"]


# --------------------------------------------------------------------------- the real engine


def _big_book(path: Path, rows: int) -> Path:
    """A workbook whose one sheet is ``rows`` rows of two numbers and a formula: past the
    size at which the engine inflates the sheet in a thread and forks a column reader."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r * 0.5}</v></c>'
        f'<c r="C{r}"><f>A{r}*B{r}+1</f></c></row>'
        for r in range(1, rows + 1)
    )
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{pkg}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{body}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path


@pytest.fixture(scope="module")
def big_books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    first = _big_book(folder / "big1.xlsx", 150_000)
    second = folder / "big2.xlsx"
    second.write_bytes(first.read_bytes())
    return [first, second]


@pytest.mark.parametrize(
    ("jobs", "signum", "group"),
    [pytest.param(1, signal.SIGINT, True, id="ctrl-c-serial"),
     pytest.param(2, signal.SIGTERM, False, id="sigterm-jobs2")],
)
def test_real_engine_on_large_books(tmp_path, big_books, jobs, signum, group):
    before = [p.read_bytes() for p in big_books]
    out = tmp_path / "out"
    proc = _start(tmp_path, ["recalc", *map(str, big_books), "-o", str(out), "--jobs", str(jobs)], "real")
    # busy: the temporary output exists from the start of each workbook's work
    _wait_for(lambda: out.is_dir() and sum(n.startswith(".") for n in os.listdir(out)) >= jobs, proc)
    time.sleep(0.3)  # inside the engine's reading of the sheet
    seconds, family = _stop(proc, signum, group)
    assert proc.returncode == 128 + signum, proc.stderr.read()
    assert seconds < PROMPT
    assert proc.stderr.read().splitlines()[-1].startswith(
        f"socroi recalc: interrupted by {signal.Signals(signum).name}: 0 of 2 workbooks written"
    )
    assert _gone(family)
    assert os.listdir(out) == []
    assert [p.read_bytes() for p in big_books] == before
