"""Work on a large worksheet part in a forked child process, on the second core.

The regular expressions that read sheet XML hold the GIL, so a thread cannot run them
beside the parent's. :meth:`Ahead.start` forks a child that, on the part's bytes the
parent has just inflated (shared with the parent by the fork, not copied), runs the tasks
it was given in order, and hands each result back as soon as it has it: the pickled
result is written to an unlinked spool file the parent opened before the fork, and only
its place goes through a pipe. A thread of the parent reads the pipe (so the child never
blocks on it) and reaps the child. (Through the pipe itself, a few MB of columns took the
child 0.2 s: the parent's reading thread waits for the GIL while the parent runs long C
calls.)

The child never outlives its parent: it asks the kernel to kill it when the parent dies
(``PR_SET_PDEATHSIG``, Linux) and exits at once if the parent is already gone; an
answer the parent waits for longer than :data:`AHEAD_WAIT` seconds ends the child; and
:meth:`Ahead.close` ends it when the parent no longer needs it. A result the child could
not produce (an exception, a crash, a timeout) is simply absent, and the parent does the
work itself: the child costs time, never the result.

Only on Linux with two or more usable cores, and only when :data:`FORK_AHEAD` is true.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any

__all__ = ["AHEAD_WAIT", "FORK_AHEAD", "Ahead", "second_core"]

#: Fork a child for large sheets (set False to read everything in one process).
FORK_AHEAD = True
#: Seconds the parent waits for one of the child's answers before ending it and doing the
#: work itself: a child stuck after fork (a lock another thread held at that moment)
#: costs time, never the result.
AHEAD_WAIT = 120.0
_PR_SET_PDEATHSIG = 1
_PLACE = struct.Struct("<QQ")  # offset and size of an answer in the spool file
_FAILED = object()


def second_core() -> bool:
    """True when a child process can run beside this one (Linux, two usable cores)."""
    if not FORK_AHEAD or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def _die_with_parent(parent: int) -> None:
    """In the child: be killed when the parent dies; leave now if it already has."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


Task = tuple[str, Callable[[bytes], Any]]


class Ahead:
    """A forked child working on one part; its answers arrive by name."""

    def __init__(self, pid: int, fd: int, names: list[str], spool: IO[bytes]) -> None:
        self.pid = pid
        self.names = names
        self._spool = spool
        self.results: dict[str, Any] = {}
        self._events = {name: threading.Event() for name in names}
        self._done = threading.Event()
        self._reaped = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._collect, args=(fd,), name="socroi-ahead", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, data: bytes, tasks: list[Task]) -> Ahead | None:
        """Fork a child that runs ``tasks`` in order on ``data`` (a part's bytes).

        Each task is ``(name, function)``; the function gets ``data`` and its return value
        (picklable) is the answer to :meth:`get` ``(name)``. The child reads the parent's
        bytes as they are at the fork (the pages are shared until written).
        Returns None when no child can be started (one core, not Linux, fork failed).
        """
        if not second_core():
            return None
        try:
            spool = tempfile.TemporaryFile(prefix="socroi-ahead-")
        except OSError:
            return None
        try:
            r, w = os.pipe()
        except OSError:
            spool.close()
            return None
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            spool.close()
            return None
        if pid == 0:  # the child: never returns into the caller
            code = 1
            try:
                os.close(r)
                _die_with_parent(parent)
                for name, func in tasks:
                    try:
                        result = func(data)
                    except Exception:  # noqa: BLE001 - no answer: the parent does this task itself
                        result = _FAILED
                    if result is _FAILED:
                        continue
                    payload = memoryview(pickle.dumps((name, result), protocol=pickle.HIGHEST_PROTOCOL))
                    at = os.lseek(spool.fileno(), 0, os.SEEK_END)
                    view = payload
                    while view:
                        view = view[os.write(spool.fileno(), view) :]
                    os.write(w, _PLACE.pack(at, len(payload)))  # 16 bytes: never blocks
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        return cls(pid, r, [name for name, _ in tasks], spool)

    def _collect(self, fd: int) -> None:
        buf = b""
        try:
            while chunk := os.read(fd, 1 << 16):
                buf += chunk
                while len(buf) >= _PLACE.size:
                    at, size = _PLACE.unpack_from(buf)
                    buf = buf[_PLACE.size :]
                    try:
                        payload = os.pread(self._spool.fileno(), size, at)
                        name, result = pickle.loads(payload)
                    except Exception:  # noqa: BLE001 - a garbled or unreadable answer is no answer
                        continue
                    if name in self._events:
                        self.results[name] = result
                        self._events[name].set()
        except OSError:
            pass
        finally:
            os.close(fd)
            self._spool.close()
            self._reap()
            self._done.set()
            for event in self._events.values():
                event.set()

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError, OSError):  # wait, leaving it a zombie
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
        with self._lock:  # reaped, the pid may go to another process: never signal it after
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(self.pid, 0)
            self._reaped = True

    def get(self, name: str, wait: float | None = None) -> tuple[bool, Any]:
        """``(True, answer)`` for task ``name``, or ``(False, None)`` when the child did not
        produce it (failed, died, or did not answer within ``wait`` seconds — then the
        child is ended)."""
        event = self._events.get(name)
        if event is None:
            return False, None
        if not event.wait(AHEAD_WAIT if wait is None else wait):
            self.close()
        if name in self.results:
            return True, self.results.pop(name)
        return False, None

    def close(self) -> None:
        """End the child if it is still running, and reap it."""
        with self._lock:
            if not self._reaped:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
        self._thread.join()
