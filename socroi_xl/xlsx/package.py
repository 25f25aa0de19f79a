"""An opened xlsx package: its parts, relationships and content types, and copying it.

:class:`Package` wraps the checked zip archive of :func:`~socroi_xl.xlsx.safety.open_package`.
Parts are found as Excel finds them, by relationship from the package root
(``_rels/.rels`` → workbook → sheets, shared strings, tables…), never by assumed names;
part names compare without regard to case, as OPC says. Every read goes through
:func:`~socroi_xl.xlsx.safety.read_member` (size limits, zip errors) and every parse
through :mod:`socroi_xl.xlsx.xmlsafe` (no DTD, no entities, no network); every failure is
a one-line :class:`~socroi_xl.xlsx.safety.WorkbookError` naming the file and the part.

:func:`copy_package` writes a new package from an old one, member by member, with a few
members replaced (bytes, or an iterator of byte chunks compressed while it is produced):
the others keep their name, order, date, attributes, compression and bytes.

Used by the engine (:mod:`socroi_xl.engine.package`, :mod:`socroi_xl.engine.writer`);
the importers can read the parts they patch with :meth:`Package.xml` and
:meth:`Package.rels` and write with :func:`copy_package`.
"""

from __future__ import annotations

import contextlib
import copy
import os
import posixpath
import queue
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from . import ns
from .deflate import open_for_write
from .safety import DEFAULT_LIMITS, Limits, WorkbookError, open_package, read_member
from .xmlsafe import XMLError, check_well_formed, parse

__all__ = ["Package", "Rel", "copy_package", "rels_part"]


@dataclass(frozen=True)
class Rel:
    """One relationship of a part.

    Attributes
    ----------
    id : str
        Its ``Id`` (what ``r:id`` attributes name).
    kind : str
        The last segment of its type (``worksheet``, ``sharedStrings``, ``table``…).
    type : str
        The whole type URI.
    target : str
        The part it points to (a part name inside the package, resolved against the
        source part's folder), or the external address as written when ``external``.
    external : bool
        ``TargetMode="External"`` (a linked file, a web address).
    """

    id: str
    kind: str
    type: str
    target: str
    external: bool = False


def rels_part(part: str) -> str:
    """The name of the relationships part of ``part`` (``""`` for the package root).

    >>> rels_part("xl/workbook.xml"), rels_part("")
    ('xl/_rels/workbook.xml.rels', '_rels/.rels')
    """
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    folder = posixpath.dirname(source)
    full = posixpath.normpath(posixpath.join(folder, target))
    return "" if full.startswith("../") or full == ".." else full


class Package:
    """A checked xlsx package open for reading (a context manager).

    Parameters
    ----------
    zf : zipfile.ZipFile
        An archive from :func:`~socroi_xl.xlsx.safety.open_package`.
    path : str or os.PathLike, optional
        The file, for messages (defaults to the archive's file name).
    limits : Limits, optional
        Size limits for reading parts.
    """

    def __init__(self, zf: zipfile.ZipFile, path: str | os.PathLike[str] | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.zf = zf
        self.path = os.fspath(path) if path is not None else os.fspath(zf.filename or "<workbook>")
        self.limits = limits
        # OPC compares part names without regard to case; some Windows tools wrote "\\"
        self._names = {name.replace("\\", "/").lower(): name for name in zf.namelist()}
        self._rels: dict[str, list[Rel]] = {}
        self._types: tuple[dict[str, str], dict[str, str]] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Package:
        """Open and check the package at ``path`` (see :func:`~socroi_xl.xlsx.safety.open_package`)."""
        return cls(open_package(path, limits), path, limits)

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- parts -------------------------------------------------------------------------
    def name(self, part: str) -> str | None:
        """The member name of ``part`` as stored in the zip (case-insensitive), or None."""
        return self._names.get(part.replace("\\", "/").lstrip("/").lower())

    def has(self, part: str) -> bool:
        return self.name(part) is not None

    def info(self, part: str) -> zipfile.ZipInfo:
        name = self.name(part)
        if name is None:
            raise WorkbookError(self.path, f"missing part {part!r}")
        return self.zf.getinfo(name)

    def read(self, part: str) -> bytes:
        """The bytes of ``part`` (size-limited; zip errors become :class:`WorkbookError`)."""
        name = self.name(part)
        if name is None:
            raise WorkbookError(self.path, f"missing part {part!r}")
        return read_member(self.zf, name, self.limits)

    def xml(self, part: str, data: bytes | None = None) -> etree._Element:
        """``part`` parsed safely into an element tree."""
        try:
            return parse(self.read(part) if data is None else data, part)
        except XMLError as exc:
            raise WorkbookError(self.path, str(exc)) from None

    def check_xml(self, part: str, data: bytes) -> None:
        """Check ``data`` (the bytes of ``part``) is well-formed XML without a DTD."""
        try:
            check_well_formed(data, part)
        except XMLError as exc:
            raise WorkbookError(self.path, str(exc)) from None

    # -- relationships and content types ------------------------------------------------
    def rels(self, part: str) -> list[Rel]:
        """The relationships of ``part`` (``""``: the package's), in document order."""
        key = part.lower()
        hit = self._rels.get(key)
        if hit is not None:
            return hit
        out: list[Rel] = []
        name = rels_part(part)
        if self.has(name):
            root = self.xml(name)
            for el in root:
                if ns.local(el.tag) != "Relationship":
                    continue
                type_uri = el.get("Type", "")
                target = el.get("Target", "")
                external = el.get("TargetMode", "") == "External"
                out.append(Rel(el.get("Id", ""), ns.rel_kind(type_uri), type_uri, target if external else _resolve(part, target), external))
        self._rels[key] = out
        return out

    def rel(self, part: str, rid: str) -> Rel | None:
        """The relationship of ``part`` with id ``rid``, or None."""
        for r in self.rels(part):
            if r.id == rid:
                return r
        return None

    def related(self, part: str, kind: str) -> list[str]:
        """Internal targets of ``part``'s relationships of ``kind`` that exist in the package."""
        return [r.target for r in self.rels(part) if r.kind == kind and not r.external and self.has(r.target)]

    def content_type(self, part: str) -> str | None:
        """The content type of ``part`` from ``[Content_Types].xml`` (override, else default)."""
        if self._types is None:
            defaults: dict[str, str] = {}
            overrides: dict[str, str] = {}
            if self.has("[Content_Types].xml"):
                for el in self.xml("[Content_Types].xml"):
                    kind = ns.local(el.tag)
                    if kind == "Default":
                        defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
                    elif kind == "Override":
                        overrides[el.get("PartName", "").lstrip("/").lower()] = el.get("ContentType", "")
            self._types = (defaults, overrides)
        defaults, overrides = self._types
        key = part.lstrip("/").lower()
        if key in overrides:
            return overrides[key]
        return defaults.get(posixpath.splitext(key)[1].lstrip("."))

    @property
    def workbook_part(self) -> str:
        """The workbook part, found through the package's ``officeDocument`` relationship."""
        for r in self.rels(""):
            if r.kind == "officeDocument" and not r.external and self.has(r.target):
                return self.name(r.target) or r.target
        if self.has("xl/workbook.xml"):
            return self.name("xl/workbook.xml") or "xl/workbook.xml"
        raise WorkbookError(self.path, "no workbook part in the package")


# -- writing -------------------------------------------------------------------------------
Replacement = bytes | Iterable[bytes]


def _clone(info: zipfile.ZipInfo, level: int | None) -> zipfile.ZipInfo:
    zinfo = copy.copy(info)
    for attr in ("compress_level", "_compresslevel"):  # Python >= 3.13, <= 3.12
        with contextlib.suppress(AttributeError):
            setattr(zinfo, attr, level)
    return zinfo


def _stream_member(out: zipfile.ZipFile, info: zipfile.ZipInfo, chunks: Iterable[bytes], level: int | None) -> None:
    """Write a member from chunks; compression (which releases the GIL) runs in a thread
    while the next chunk is being built."""
    zinfo = _clone(info, level)
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def work() -> None:
        try:
            with open_for_write(out, zinfo, level or 1) as w:
                while (chunk := q.get()) is not None:
                    w.write(chunk)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
            failure.append(exc)
            while q.get() is not None:
                pass

    thread = threading.Thread(target=work, name="socroi-compress", daemon=True)
    thread.start()
    try:
        for chunk in chunks:
            if failure:
                break
            q.put(chunk)
    finally:
        q.put(None)
        thread.join()
    if failure:
        raise failure[0]


#: Rewritten parts larger than this are deflated at level 1 (four times faster than the
#: default 6 for sheet XML; the file is about twice as large).
FAST_DEFLATE_MIN = 4 << 20


def copy_package(src: Package | zipfile.ZipFile, out: zipfile.ZipFile, replaced: dict[str, Any]) -> None:
    """Copy every member of ``src`` into the open archive ``out``, some replaced.

    Parameters
    ----------
    src : Package or zipfile.ZipFile
        The package read.
    out : zipfile.ZipFile
        An archive open for writing (the caller places it atomically).
    replaced : dict
        Member name → new content: ``bytes``, or an iterable of byte chunks (streamed
        and compressed in a thread while produced; deflated at level 1). Members not
        named keep their bytes, name, order, date, attributes and compression method.
    """
    zf = src.zf if isinstance(src, Package) else src
    limits = src.limits if isinstance(src, Package) else DEFAULT_LIMITS
    for info in zf.infolist():
        new = replaced.get(info.filename)
        if new is None:
            data = read_member(zf, info.filename, limits)
            out.writestr(_clone(info, None), data, compress_type=info.compress_type)
        elif isinstance(new, (bytes, bytearray, memoryview)) and len(new) <= FAST_DEFLATE_MIN:
            out.writestr(_clone(info, None), bytes(new), compress_type=info.compress_type)
        elif isinstance(new, (bytes, bytearray, memoryview)):
            _stream_member(out, info, chunks_of(bytes(new)), 1)
        else:
            _stream_member(out, info, iter(new), 1)


def chunks_of(data: bytes, size: int = 4 << 20) -> Iterator[bytes]:
    """``data`` in pieces of ``size`` bytes (for :func:`copy_package` streaming)."""
    for i in range(0, len(data), size):
        yield data[i : i + size]
