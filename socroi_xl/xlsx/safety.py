"""Open an xlsx package safely: every way a file can be unusable becomes one :class:`WorkbookError`.

An ``.xlsx`` workbook is a zip archive (an OPC package). Before anything parses it,
:func:`open_package` checks that the path names a readable file, that the file is a zip
archive and not something else (an encrypted Office file, a legacy ``.xls``, a text file),
that the archive is complete, that no part is stored twice (two zip members whose names
differ at most in case, or in ``/`` against ``\\``: which one a reader takes is undefined,
so one program could show what another does not), that it holds a spreadsheet (found
through the package's ``officeDocument`` relationship, as OPC says), and that unpacking
it cannot exhaust memory or disk (a "decompression bomb"). Reading a part later goes through
:func:`read_member` (or the :func:`zip_errors` guard for streamed reads), which turns the
errors zip decoding finds lazily (a bad CRC, a truncated deflate stream) into the same
:class:`WorkbookError`.

The limits are module constants, collected in :data:`DEFAULT_LIMITS`:

==========================  ==============  ===============================================
limit                       default         why
==========================  ==============  ===============================================
``max_file_size``           1 GiB           the compressed file on disk
``max_total_size``          2 GiB           sum of the members' uncompressed sizes
``max_member_size``         1 GiB           one member's uncompressed size
``max_members``             10,000          number of members (parts) in the package
``max_ratio``               200             uncompressed : compressed size of one member ...
``ratio_min_size``          16 MiB          ... checked only for members larger than this
==========================  ==============  ===============================================

XML inside the parts is parsed by :mod:`socroi_xl.xlsx.xmlsafe` under libxml2's own limits
(depth, text node and name sizes), never with a DTD or an entity.

The ratio is only checked on large members because small XML parts legitimately compress
at several hundred to one (a sheet of identical empty styled cells), and a small member
cannot exhaust anything. A 100,000-row campaign sheet is about 30-60 MiB of XML that
deflates 10-30:1, far inside every limit.

Every message is one line, ``"PATH: reason"``:

>>> str(WorkbookError("book.xlsx", "not a zip archive"))
'book.xlsx: not a zip archive'
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .deflate import ERRORS as DEFLATE_ERRORS
from .deflate import open_member

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "MAX_FILE_SIZE",
    "MAX_MEMBERS",
    "MAX_MEMBER_SIZE",
    "MAX_RATIO",
    "MAX_TOTAL_SIZE",
    "RATIO_MIN_SIZE",
    "WorkbookError",
    "open_package",
    "read_member",
    "zip_errors",
]

GiB = 1 << 30
MiB = 1 << 20

#: Largest file on disk accepted (compressed size).
MAX_FILE_SIZE = 1 * GiB
#: Largest sum of the members' uncompressed sizes.
MAX_TOTAL_SIZE = 2 * GiB
#: Largest uncompressed size of one member.
MAX_MEMBER_SIZE = 1 * GiB
#: Most members (parts) in one package.
MAX_MEMBERS = 10_000
#: Highest uncompressed:compressed ratio of one member larger than :data:`RATIO_MIN_SIZE`.
MAX_RATIO = 200
#: Members at most this large (uncompressed) are not ratio-checked.
RATIO_MIN_SIZE = 16 * MiB

#: First eight bytes of an OLE2 compound file: how Office stores an encrypted
#: (password-protected) workbook, and also the legacy binary ``.xls`` format.
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: Directory entry name of the encrypted package inside such a file (UTF-16LE).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_CHUNK = 1 << 20


class WorkbookError(Exception):
    """A workbook that cannot be read; ``str()`` is one line, ``"PATH: reason"``.

    Parameters
    ----------
    path : str or os.PathLike
        The file concerned.
    reason : str
        What is wrong with it, in a few words, no trailing full stop.

    Attributes
    ----------
    path : str
        The file concerned, as given.
    reason : str
        What is wrong with it (newlines folded to spaces).
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __reduce__(self) -> tuple[type[WorkbookError], tuple[str, str]]:
        # keep (path, reason) through pickling: batch runs send errors between processes
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class Limits:
    """Size limits applied by :func:`open_package` and :func:`read_member`.

    The defaults are the module constants; see the module docstring for why.
    """

    max_file_size: int = MAX_FILE_SIZE
    max_total_size: int = MAX_TOTAL_SIZE
    max_member_size: int = MAX_MEMBER_SIZE
    max_members: int = MAX_MEMBERS
    max_ratio: float = MAX_RATIO
    ratio_min_size: int = RATIO_MIN_SIZE


DEFAULT_LIMITS = Limits()


def _size(n: int) -> str:
    """A byte count for a message: ``'2.0 GiB'``, ``'16.0 MiB'``, ``'512 bytes'``."""
    if n >= GiB:
        return f"{n / GiB:.1f} GiB"
    if n >= MiB:
        return f"{n / MiB:.1f} MiB"
    return f"{n} bytes"


def _sniff_ole(path: Path, limits: Limits) -> str:
    """The reason to give for an OLE2 compound file at ``path``."""
    # The directory entries of an encrypted OOXML file name the stream "EncryptedPackage"
    # (MS-OFFCRYPTO 2.3.4.4); they may sit anywhere in the file, so scan it in chunks.
    overlap = len(_ENCRYPTED_PACKAGE)
    tail = b""
    read = 0
    with open(path, "rb") as fh:
        while read < limits.max_file_size:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if _ENCRYPTED_PACKAGE in tail + chunk:
                return "password-protected workbook (encrypted Office file); remove the password in Excel and save again"
            tail = chunk[-overlap:]
    return "legacy binary Office file (.xls or other OLE compound file), not an xlsx; save it as .xlsx"


def _check_file(path: Path, limits: Limits) -> int:
    """Check ``path`` names a readable, plausible file; return its size."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise WorkbookError(path, "no such file") from None
    except PermissionError:
        raise WorkbookError(path, "permission denied") from None
    except OSError as exc:
        raise WorkbookError(path, exc.strerror or str(exc)) from None
    if path.is_dir():
        raise WorkbookError(path, "is a directory, not a workbook")
    if not path.is_file():
        raise WorkbookError(path, "not a regular file")
    if st.st_size == 0:
        raise WorkbookError(path, "empty file, not an xlsx")
    if st.st_size > limits.max_file_size:
        raise WorkbookError(
            path, f"file too large ({_size(st.st_size)}; limit {_size(limits.max_file_size)})"
        )
    return st.st_size


def _check_members(path: Path, zf: zipfile.ZipFile, file_size: int, limits: Limits) -> None:
    """Check the central directory: member count, sizes, ratios, encryption, offsets."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise WorkbookError(
            path, f"too many parts in the archive ({len(infos)}; limit {limits.max_members})"
        )
    seen: dict[str, str] = {}
    for info in infos:
        key = info.filename.replace("\\", "/").lower()  # OPC part names compare without regard to case
        if key in seen:
            same = "" if seen[key] == info.filename else f" and {seen[key]!r}"
            raise WorkbookError(
                path, f"corrupt package: duplicate zip member {info.filename!r}{same} (which one is meant is undefined)"
            )
        seen[key] = info.filename
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookError(path, f"encrypted zip member {info.filename!r}; not a plain xlsx")
        if info.header_offset + info.compress_size > file_size:
            raise WorkbookError(
                path, f"corrupt or truncated zip: part {info.filename!r} lies past the end of the file"
            )
        size = info.file_size
        if size > limits.max_member_size:
            raise WorkbookError(
                path,
                f"part {info.filename!r} too large when unpacked ({_size(size)}; "
                f"limit {_size(limits.max_member_size)})",
            )
        if size > limits.ratio_min_size and size > limits.max_ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise WorkbookError(
                path,
                f"suspected decompression bomb: part {info.filename!r} expands {ratio:,.0f}:1 "
                f"to {_size(size)} (limit {limits.max_ratio:g}:1)",
            )
        total += size
        if total > limits.max_total_size:
            raise WorkbookError(
                path,
                f"archive too large when unpacked (over {_size(limits.max_total_size)}); "
                "suspected decompression bomb",
            )


def _office_document(zf: zipfile.ZipFile, names: dict[str, str]) -> str | None:
    """The target of the package's ``officeDocument`` relationship (lower case), if any."""
    from .xmlsafe import XMLError, parse

    rels = names.get("_rels/.rels")
    if rels is None:
        return None
    try:
        root = parse(read_member(zf, rels), rels)
    except (XMLError, WorkbookError):
        return None  # reported when the package is read
    for el in root:
        if str(el.get("Type", "")).endswith("/officeDocument") and el.get("TargetMode") != "External":
            return str(el.get("Target", "")).lstrip("/").lower()
    return None


def _check_spreadsheet(path: Path, zf: zipfile.ZipFile) -> None:
    """Check the package is a spreadsheet (not a .docx, .xlsb, plain zip...)."""
    names = {n.replace("\\", "/").lower(): n for n in zf.namelist()}
    if "[content_types].xml" not in names:
        raise WorkbookError(path, "zip archive but not an xlsx (no [Content_Types].xml)")
    main = _office_document(zf, names)
    if main is not None and main.endswith(".bin"):
        raise WorkbookError(path, "binary workbook (.xlsb), not an xlsx; save it as .xlsx")
    if main is not None and main in names and main.endswith(".xml") and not main.startswith(("word/", "ppt/")):
        return
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise WorkbookError(path, "binary workbook (.xlsb), not an xlsx; save it as .xlsx")
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise WorkbookError(path, "Office document but not a spreadsheet")
    raise WorkbookError(path, "zip archive but not an xlsx (no workbook part)")


def open_package(
    path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS
) -> zipfile.ZipFile:
    """Open an xlsx package for reading, after checking it is safe and usable.

    Parameters
    ----------
    path : str or os.PathLike
        The workbook file.
    limits : Limits, optional
        Size limits; :data:`DEFAULT_LIMITS` unless given.

    Returns
    -------
    zipfile.ZipFile
        The open archive (the caller closes it; it is a context manager). Read its parts
        with :func:`read_member` so that lazily found corruption is reported the same way.

    Raises
    ------
    WorkbookError
        Missing file, directory, empty file, not a zip archive, corrupt or truncated zip,
        password-protected (encrypted) workbook, legacy ``.xls``/``.xlsb``, a zip that is
        not a spreadsheet, or sizes past ``limits`` (decompression bomb).
    """
    p = Path(path)
    file_size = _check_file(p, limits)
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise WorkbookError(p, exc.strerror or str(exc)) from None
    if head.startswith(OLE_MAGIC):
        raise WorkbookError(p, _sniff_ole(p, limits))
    looks_zip = head[:4] in _ZIP_MAGICS
    try:
        zf = zipfile.ZipFile(p)
    except zipfile.BadZipFile as exc:
        if looks_zip:
            raise WorkbookError(p, f"corrupt or truncated zip archive ({exc})") from None
        raise WorkbookError(p, "not an xlsx (not a zip archive)") from None
    except (OSError, EOFError, ValueError) as exc:
        reason = "corrupt or truncated zip archive" if looks_zip else "not an xlsx (not a zip archive)"
        raise WorkbookError(p, f"{reason} ({exc})") from None
    try:
        _check_members(p, zf, file_size, limits)
        _check_spreadsheet(p, zf)
    except BaseException:
        zf.close()
        raise
    return zf


def _zip_path(zf: zipfile.ZipFile) -> str:
    return os.fspath(zf.filename) if zf.filename is not None else "<zip>"


@contextlib.contextmanager
def zip_errors(path: str | os.PathLike[str], member: str | None = None) -> Iterator[None]:
    """Turn errors that zip decoding raises inside the block into :class:`WorkbookError`.

    For callers that stream a part (``zf.open(name)`` into an XML parser) rather than
    reading it whole with :func:`read_member`.

    Parameters
    ----------
    path : str or os.PathLike
        The workbook, named in the message.
    member : str, optional
        The part being read, named in the message.

    Examples
    --------
    >>> import io, zipfile
    >>> try:
    ...     with zip_errors("book.xlsx", "xl/workbook.xml"):
    ...         raise zipfile.BadZipFile("Bad CRC-32 for file 'xl/workbook.xml'")
    ... except WorkbookError as exc:
    ...     print(exc)
    book.xlsx: corrupt zip: part 'xl/workbook.xml' (Bad CRC-32 for file 'xl/workbook.xml')
    """
    where = f"part {member!r}" if member else "archive"
    try:
        yield
    except WorkbookError:
        raise
    except zipfile.BadZipFile as exc:
        raise WorkbookError(path, f"corrupt zip: {where} ({exc})") from None
    except DEFLATE_ERRORS as exc:
        raise WorkbookError(path, f"corrupt zip: {where} does not decompress ({exc})") from None
    except EOFError as exc:
        raise WorkbookError(path, f"corrupt or truncated zip: {where} ends early ({exc})") from None
    except NotImplementedError as exc:
        raise WorkbookError(path, f"unsupported zip compression in {where} ({exc})") from None
    except RuntimeError as exc:  # zipfile raises it for an encrypted member without password
        raise WorkbookError(path, f"cannot read {where} ({exc})") from None
    except OSError as exc:
        raise WorkbookError(path, f"cannot read {where} ({exc.strerror or exc})") from None


def read_member(zf: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read one part of an open package, enforcing the limits and mapping zip errors.

    Parameters
    ----------
    zf : zipfile.ZipFile
        An archive from :func:`open_package`.
    name : str
        The part's name inside the archive, e.g. ``"xl/workbook.xml"``.
    limits : Limits, optional
        Size limits; :data:`DEFAULT_LIMITS` unless given.

    Returns
    -------
    bytes
        The part's uncompressed content (its CRC checked).

    Raises
    ------
    WorkbookError
        The part is missing, too large, or does not decompress (bad CRC, truncated or
        corrupt deflate stream).
    """
    path = _zip_path(zf)
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise WorkbookError(path, f"missing part {name!r}") from None
    if info.file_size > limits.max_member_size:
        raise WorkbookError(
            path,
            f"part {name!r} too large when unpacked ({_size(info.file_size)}; "
            f"limit {_size(limits.max_member_size)})",
        )
    cap = min(info.file_size, limits.max_member_size)
    chunks: list[bytes] = []
    got = 0
    with zip_errors(path, name), open_member(zf, info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            got += len(chunk)
            if got > cap:  # zipfile stops at the declared size; this is a second fence
                raise WorkbookError(path, f"part {name!r} is larger than its declared size")
            chunks.append(chunk)
    return b"".join(chunks)
