"""Nothing lost: every file socroi writes goes through :func:`replacing`.

The new content is written to a temporary file in the target's folder, flushed to disk
(``fsync``) and moved onto the target with one atomic :func:`os.replace` only when writing
succeeded; the folder is then synced so that the rename itself survives a power cut. A
reader never sees half a file, a failure leaves the target exactly as it was and no debris
beside it. The rules, each one tested in ``tests/test_atomic.py``:

* a symbolic link is written through: the file it points to is replaced, the link stays;
* a read-only file (no write permission, or no write bit at all when running as root) is
  never replaced, nor a directory, FIFO or device: :class:`RefusedTarget` says why;
* the temporary name fits the folder's ``NAME_MAX`` whatever the target's name length;
* an error names the file the caller asked for, never the temporary file;
* when the process is told to stop (``SIGINT``, ``SIGTERM``), :func:`remove_temporaries`
  removes every temporary file it made; :func:`sweep` removes those of worker processes
  that were killed before they could.

Temporary names are ``.{stem}.{8 random}.{pid}.tmp{suffix}`` (the stem shortened when the
name would be too long): the process id tells whose file it is, so a stopped worker's
debris can be found and removed by the process that stopped it, and no one else's.

Messages: :func:`printable` escapes what a file name may carry to a terminal (newlines,
escape sequences) so that every message stays one harmless line.

Signals: within :func:`exiting_on_signals`, ``SIGINT`` (Ctrl-C), ``SIGTERM`` and ``SIGHUP``
stop the command's child processes, remove every temporary file and exit at once with one
line and the conventional status (130 for ``SIGINT``, 143 for ``SIGTERM``, 129 for
``SIGHUP``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

__all__ = [
    "RefusedTarget",
    "child_processes",
    "exiting_on_signals",
    "printable",
    "remove_temporaries",
    "replacing",
    "shielded",
    "signal_name",
    "stop_processes",
    "sweep",
    "temporary_name",
    "write_bytes",
]

_UMASK = os.umask(0o022)  # read once, at import: os.umask can only be read by setting it
os.umask(_UMASK)

#: The signals that stop a command cleanly: Ctrl-C, ``kill``, and the terminal closing.
STOP_SIGNALS = tuple(
    s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None
)
#: Seconds a stopped child process gets to remove its own temporary files before it is
#: killed (its debris is then removed by :func:`sweep`).
STOP_GRACE = 0.2
#: Longest file name when the file system does not say (Linux, macOS, Windows: 255).
DEFAULT_NAME_MAX = 255
#: The random part of a temporary name: what :func:`tempfile.mkstemp` puts there.
_RANDOM = r"[a-z0-9_]{8}"
#: Suffixes longer than this are not carried into the temporary name.
_MAX_SUFFIX = 16

# Folders this process may have temporary files in (made by this very process: the pid is
# in each name, so a forked child inherits the set but never touches its parent's files).
_FOLDERS: set[str] = set()
_LIVE: dict[str, int] = {}  # temporary path -> pid that made it


class RefusedTarget(PermissionError):
    """A file :func:`replacing` will not replace: read-only, a directory, not a regular file.

    ``filename`` is the target as given; ``strerror`` says why, in a few words.
    """


# --------------------------------------------------------------------------- names


def _name_max(folder: str) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_NAME_MAX


def _fit(text: str, budget: int) -> str:
    """The longest start of ``text`` whose file-system bytes fit in ``budget``, cut at a
    character boundary (never inside a UTF-8 sequence)."""
    if len(os.fsencode(text)) <= budget:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += len(os.fsencode(ch))
        if used > budget:
            return text[:i]
    return text


def temporary_name(target: str | os.PathLike[str], pid: int | None = None) -> tuple[str, str]:
    """The ``(prefix, suffix)`` of a temporary file for ``target``, for :func:`tempfile.mkstemp`.

    The whole name, ``prefix + 8 random characters + suffix``, fits the folder's
    ``NAME_MAX`` (in bytes): the target's stem is shortened as needed. The suffix keeps the
    target's (``.xlsx``...) so that writers that pick a format by it still can.

    >>> temporary_name("out/summary.xlsx", pid=42)
    ('.summary.', '.42.tmp.xlsx')
    >>> prefix, suffix = temporary_name("x" * 245 + ".xlsx", pid=42)
    >>> len(prefix) + 8 + len(suffix)
    255
    """
    target = Path(target)
    folder = str(target.parent) or "."
    ext = target.suffix if len(os.fsencode(target.suffix)) <= _MAX_SUFFIX else ""
    stem = target.name[: len(target.name) - len(ext)] if ext else target.name
    suffix = f".{os.getpid() if pid is None else pid}.tmp{ext}"
    budget = _name_max(folder) - len(os.fsencode(suffix)) - 8 - 2  # two dots around the stem
    return f".{_fit(stem, max(budget, 0))}.", suffix


def _temporary_re(pid: int) -> re.Pattern[str]:
    return re.compile(rf"\..*\.{_RANDOM}\.{pid}\.tmp(\.[^./]*)?", re.DOTALL)


# --------------------------------------------------------------------------- checks


def _check_target(given: Path, real: Path) -> None:
    """Refuse what must not be replaced; a missing target is fine (it is created)."""
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return
    except OSError:
        return  # let the write itself say what is wrong, naming the target
    if stat.S_ISDIR(st.st_mode):
        raise RefusedTarget(errno.EISDIR, "is a directory, not replaced", os.fspath(given))
    if not stat.S_ISREG(st.st_mode):
        raise RefusedTarget(errno.EPERM, "not a regular file, not replaced", os.fspath(given))
    mode = stat.S_IMODE(st.st_mode)
    # root may write anything: a file with no write bit at all is still read-only to us
    if not os.access(real, os.W_OK) or not mode & 0o222:
        raise RefusedTarget(
            errno.EACCES,
            f"read-only file (mode {mode:o}), not replaced; make it writable first (chmod u+w)",
            os.fspath(given),
        )


def _fsync(path: str | os.PathLike[str], directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    except OSError as exc:
        # some file systems cannot sync a directory: the rename is as safe as they allow
        if not directory or exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EROFS):
            raise
    finally:
        os.close(fd)


def _named(exc: OSError, tmp: str, given: Path) -> OSError:
    """``exc`` naming the target the caller asked for where it named the temporary file
    (or nothing); an error about another file (the input being read) is kept as it is."""
    if exc.filename is None or os.path.abspath(os.fspath(exc.filename)) == tmp:
        return OSError(exc.errno, exc.strerror or str(exc), os.fspath(given))
    return exc


# --------------------------------------------------------------------------- replacing


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str], mode_from: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces ``target`` when the block succeeds.

    Parameters
    ----------
    target : path
        The file to write. A symbolic link is followed: the file it points to is replaced
        (in its own folder) and the link is kept.
    mode_from : path, optional
        A file whose permissions the new file gets (e.g. the input of a recalculation),
        with write permission for its owner added so that a later run can replace it;
        else the permissions of the file replaced, else a new file's (``0o666`` less the
        umask).

    Yields
    ------
    pathlib.Path
        The temporary file to write (it exists, empty, mode ``0o600``).

    Raises
    ------
    RefusedTarget
        ``target`` is a read-only file, a directory or not a regular file; nothing is
        written.
    OSError
        Writing, syncing or renaming failed; ``filename`` is ``target`` (never the
        temporary file) and ``target`` is untouched. Any exception from the block
        (:class:`KeyboardInterrupt` too) removes the temporary file and propagates.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with replacing(folder / "out.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done', ['out.txt'])
    """
    given = Path(target)
    real = Path(os.path.realpath(given)) if os.path.islink(given) else given
    # writing onto a temporary file of ours (an engine writing into the batch's temporary
    # file): that file is not the user's, and the outer replacing syncs and renames it
    nested = _LIVE.get(os.path.abspath(real)) == os.getpid()
    if not nested:
        _check_target(given, real)
    folder = str(real.parent) or "."
    prefix, suffix = temporary_name(real)
    _FOLDERS.add(os.path.abspath(folder))  # before the file exists: a signal cannot miss it
    try:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    except OSError as exc:  # the target, and the folder it could not be written in
        raise OSError(exc.errno, f"{exc.strerror} (in its folder {folder})", os.fspath(given)) from None
    key = os.path.abspath(name)
    _LIVE[key] = os.getpid()
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        source = mode_from if mode_from is not None else real
        try:
            mode = stat.S_IMODE(os.stat(source).st_mode)
            if mode_from is not None and os.path.realpath(mode_from) != os.path.realpath(real):
                mode |= stat.S_IWUSR
        except OSError:
            mode = 0o666 & ~_UMASK
        if not nested:
            _fsync(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, real)
        _LIVE.pop(key, None)
        if not nested:
            _fsync(folder, directory=True)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _LIVE.pop(key, None)
        raise _named(exc, key, given) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        _LIVE.pop(key, None)
        raise


def write_bytes(target: str | os.PathLike[str], data: bytes, mode_from: str | os.PathLike[str] | None = None) -> Path:
    """Write ``data`` to ``target`` through :func:`replacing`."""
    with replacing(target, mode_from) as tmp:
        tmp.write_bytes(data)
    return Path(target)


# --------------------------------------------------------------------------- cleaning up


def sweep(folders: Iterable[str | os.PathLike[str]], pids: Iterable[int]) -> list[Path]:
    """Remove the temporary files that processes ``pids`` left in ``folders``.

    For a process that was stopped before it could clean up after itself (a killed
    worker). Only names of :func:`replacing`'s form carrying one of ``pids`` are removed,
    and only regular files (never what a link points to).

    Returns
    -------
    list of pathlib.Path
        The files removed.
    """
    patterns = [_temporary_re(p) for p in set(pids)]
    removed: list[Path] = []
    for folder in {os.path.abspath(f) for f in folders}:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(".") and any(p.fullmatch(name) for p in patterns):
                path = Path(folder, name)
                try:
                    if stat.S_ISREG(os.lstat(path).st_mode):
                        path.unlink()
                        removed.append(path)
                except OSError:
                    pass
    return removed


def remove_temporaries() -> list[Path]:
    """Remove every temporary file this process made and has not yet moved into place.

    Safe to call from a signal handler (between two Python instructions) and after a
    fork (a child never removes its parent's files).
    """
    pid = os.getpid()
    removed = []
    for name, owner in list(_LIVE.items()):
        if owner == pid:
            with contextlib.suppress(OSError):
                os.unlink(name)
                removed.append(Path(name))
            _LIVE.pop(name, None)
    # a file made in the instant before it was recorded: found by its name
    removed += sweep(_FOLDERS, [pid])
    return removed


def stop_processes(pids: Iterable[int], grace: float = STOP_GRACE) -> list[int]:
    """Stop processes and all their descendants: ``SIGTERM``, then ``SIGKILL`` after ``grace`` s.

    Descendants are listed before anyone is stopped (an orphan is no longer anyone's
    child). Returns when every one of them is dead (a zombie counts: it runs no more
    code), so that their files can then be swept. Processes already gone are skipped.

    Returns
    -------
    list of int
        The ids of every process stopped (to :func:`sweep` their temporary files).
    """
    import psutil

    procs: dict[int, psutil.Process] = {}
    for pid in pids:
        try:
            top = psutil.Process(pid)
            for p in (top, *top.children(recursive=True)):
                procs[p.pid] = p
        except psutil.Error:
            continue
    for p in procs.values():
        with contextlib.suppress(psutil.Error):
            p.send_signal(signal.SIGTERM)
    alive = _wait_dead(procs.values(), grace)
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()
    _wait_dead(alive, 5.0)  # SIGKILL cannot be refused: only the kernel's delay
    return list(procs)


def _wait_dead(procs: Iterable[object], timeout: float) -> list:
    """The processes still running code after up to ``timeout`` seconds."""
    import time

    import psutil

    def running(p: psutil.Process) -> bool:
        try:
            return p.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    alive = [p for p in procs if running(p)]
    end = time.monotonic() + timeout
    while alive and time.monotonic() < end:
        time.sleep(0.01)
        alive = [p for p in alive if running(p)]
    return alive


def child_processes() -> list[int]:
    """The ids of this process's direct children (:func:`stop_processes` finds theirs)."""
    import psutil

    try:
        return [p.pid for p in psutil.Process().children()]
    except psutil.Error:
        return []


# --------------------------------------------------------------------------- signals


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def shielded(signums: Iterable[int] = STOP_SIGNALS) -> Iterator[list[int]]:
    """Within the block, ``SIGINT`` and ``SIGTERM`` are noted, not acted on.

    For cleanup that must finish (stopping workers, removing their files): it is short
    and bounded, and a second Ctrl-C must not leave half of it undone. Yields the list
    of signals received meanwhile. Outside the main thread the block runs unchanged.
    """
    received: list[int] = []
    if not _main_thread():
        yield received
        return
    previous = {s: signal.signal(s, lambda signum, frame: received.append(signum)) for s in signums}
    try:
        yield received
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _say(line: str) -> None:
    """Write ``line`` to stderr from a signal handler: straight to the descriptor (the
    interrupted code may hold the stream's lock), on a line of its own on a terminal (a
    progress bar may be showing)."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    try:
        fd = sys.stderr.fileno()
        start = "\r\x1b[K" if os.isatty(fd) else ""
        os.write(fd, (start + line + "\n").encode("utf-8", "backslashreplace"))
    except Exception:  # noqa: BLE001 - no usable descriptor (a captured stream): best effort
        with contextlib.suppress(Exception):
            sys.stderr.write(line + "\n")
            sys.stderr.flush()


def signal_name(signum: int) -> str:
    """``"SIGINT"`` for 2, ``"SIGTERM"`` for 15."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


@contextlib.contextmanager
def exiting_on_signals(
    prog: str,
    folders: Callable[[], Iterable[str | os.PathLike[str]]] = tuple,
    detail: Callable[[], str] = lambda: "temporary files removed",
    signums: Iterable[int] = STOP_SIGNALS,
) -> Iterator[None]:
    """Within the block, ``SIGINT``/``SIGTERM``/``SIGHUP`` end the process at once, cleanly.

    The handler does everything itself, without unwinding the code that was running
    (which may be blocked, e.g. joining a thread that waits for it): it stops this
    process's children and their descendants (``SIGTERM``, then ``SIGKILL`` after
    :data:`STOP_GRACE` s), removes the temporary files they left in ``folders()`` and
    those of this process, prints one line, ``PROG: interrupted by SIGINT: DETAIL``, and
    exits with 128 + the signal number (130, 143, 129). Any target being written is
    untouched (see :func:`replacing`). A second signal during that cleanup is ignored; a
    signal this process was started ignoring (``nohup``) stays ignored.

    Process-wide while the block runs: for a command line, never a library call. The
    previous handlers come back after the block. Outside the main thread nothing changes.

    Parameters
    ----------
    prog : str
        The command's name, first word of the message.
    folders : callable, optional
        Where children may have temporary files (the destinations' folders).
    detail : callable, optional
        The rest of the message (e.g. how many files were written).
    """
    if not _main_thread():
        yield
        return
    signums = tuple(signums)
    installer = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() != installer:  # a forked child that has not set its own handlers yet
            remove_temporaries()
            os._exit(128 + signum)
        for s in signums:
            signal.signal(s, signal.SIG_IGN)
        stopped: list[int] = []
        with contextlib.suppress(Exception):
            stopped = stop_processes(child_processes(), grace=STOP_GRACE)
        with contextlib.suppress(Exception):
            sweep(folders(), stopped)
        remove_temporaries()
        text = f"{prog}: interrupted by {signal_name(signum)}"
        with contextlib.suppress(Exception):
            text += f": {detail()}"
        _say(text)
        os._exit(128 + signum)

    # a signal ignored by whoever started us stays ignored (``nohup``, a shell's background
    # job without job control): the user asked for that
    previous = {s: signal.signal(s, handler) for s in signums if signal.getsignal(s) is not signal.SIG_IGN}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


# --------------------------------------------------------------------------- messages

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unsafe(ch: str) -> bool:
    import unicodedata

    # control (C0, DEL, C1), format (bidi overrides, zero-width), surrogate, line/paragraph
    # separators, private use and unassigned: anything a terminal may act on or hide
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


_SAFE_ASCII = re.compile(r"[ -~]*")


def printable(text: object) -> str:
    """``text`` made safe for a one-line message on a terminal.

    Newlines, tabs, escape sequences (``ESC [ ...``), other control and format characters
    (bidirectional overrides, zero-width characters) and undecodable bytes of a file name
    are written as Python-style escapes (``\\n``, ``\\x1b``, ``\\u202e``, ``\\xff``);
    everything else, accented letters included, is kept.

    >>> printable("clients/a\\nb\\x1b[2J.xlsx")
    'clients/a\\\\nb\\\\x1b[2J.xlsx'
    >>> printable("Café.xlsx")
    'Café.xlsx'
    """
    s = text if isinstance(text, str) else str(text)
    if _SAFE_ASCII.fullmatch(s):
        return s
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in s)

