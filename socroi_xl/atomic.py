"""Nothing lost: every file socroi writes goes through :func:`replacing`.

The new content is written to a temporary file in the target's folder and moved onto the
target with one atomic :func:`os.replace` only when writing succeeded: a reader never
sees half a file, a failure leaves the target exactly as it was and no debris beside it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

_UMASK = os.umask(0o022)  # read once, at import: os.umask can only be read by setting it
os.umask(_UMASK)


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str], mode_from: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces ``target`` when the block succeeds.

    The file gets the permissions of ``mode_from`` when given (e.g. the input of a
    recalculation), else those of the file it replaces, else a new file's
    (``0o666`` less the umask). On any exception the temporary file is removed and the
    exception propagates; ``target`` is untouched.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with replacing(folder / "out.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done', ['out.txt'])
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        # keep the suffix: some writers (pandas.to_excel) choose or check the format by it
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=folder)
    except OSError as exc:  # name the folder, not a temporary file the user never asked for
        raise OSError(exc.errno, exc.strerror, str(folder)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        source = mode_from if mode_from is not None else target
        try:
            mode = stat.S_IMODE(os.stat(source).st_mode)
        except OSError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(target: str | os.PathLike[str], data: bytes, mode_from: str | os.PathLike[str] | None = None) -> Path:
    """Write ``data`` to ``target`` through :func:`replacing`."""
    with replacing(target, mode_from) as tmp:
        tmp.write_bytes(data)
    return Path(target)
