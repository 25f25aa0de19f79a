"""XML parsing of untrusted package parts: one safely configured parser for every part.

Workbook XML comes from anyone. Every part is parsed by libxml2 (through lxml) with:

* no DTD: a ``<!DOCTYPE`` is refused outright (OOXML parts never carry one), so no entity
  can be declared, expanded ("billion laughs") or fetched from outside ("XXE");
* ``resolve_entities=False``, ``load_dtd=False``, ``no_network=True`` as a second fence;
* libxml2's default safety limits kept (``huge_tree`` off): nesting depth at most 256,
  one text node at most 10,000,000 bytes, names at most 50,000 bytes. Excel's own limits
  (32,767 characters in a cell, 8,192 in a formula) are far inside them.

The size of a part is bounded before parsing by :mod:`socroi_xl.xlsx.safety`.

Two entry points: :func:`parse` builds a tree (small parts: workbook, relationships,
tables, metadata, external links), :func:`check_well_formed` only checks a part (a large
worksheet, in C, without building a tree) so that it can then be scanned byte-wise.

>>> parse(b'<a xmlns="urn:x"><b/></a>', "x.xml").tag
'{urn:x}a'
>>> parse(b'<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>', "x.xml")
Traceback (most recent call last):
...
socroi_xl.xlsx.xmlsafe.XMLError: x.xml: document type declaration (DTD) not allowed
>>> check_well_formed(b"<a><b></a>", "x.xml")
Traceback (most recent call last):
...
socroi_xl.xlsx.xmlsafe.XMLError: x.xml: not well-formed XML (Opening and ending tag mismatch: b line 1 and a, line 1, column 11)
>>> check_well_formed(b'<a><b x:y="1"/></a>', "x.xml")
Traceback (most recent call last):
...
socroi_xl.xlsx.xmlsafe.XMLError: x.xml: not well-formed XML (Namespace prefix x for y on b is not defined, line 1, column 14)
"""

from __future__ import annotations

from lxml import etree

__all__ = ["XMLError", "check_well_formed", "parse"]


class XMLError(ValueError):
    """A part that is not acceptable XML; ``str()`` is ``"PART: reason"`` on one line."""

    def __init__(self, part: str, reason: str) -> None:
        self.part = part
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{part}: {self.reason}")


def _parser(target: object | None = None) -> etree.XMLParser:
    # a new parser per call: lxml parsers must not be shared between threads
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        strip_cdata=True,
        target=target,
    )


class _NoDoctype:
    """A parser target that keeps nothing and refuses a DOCTYPE (libxml2 still checks
    every byte for well-formedness, in C, with no Python call per element)."""

    def doctype(self, *_args: object) -> None:
        raise _DoctypeSeen

    def close(self) -> None:
        return None


class _DoctypeSeen(Exception):
    pass


def _reason(exc: etree.XMLSyntaxError) -> str:
    msg = str(exc.msg if getattr(exc, "msg", None) else exc)
    return f"not well-formed XML ({msg})"


def parse(data: bytes, part: str) -> etree._Element:
    """Parse a whole part into an element tree.

    Raises
    ------
    XMLError
        The part is not well-formed, or declares a DTD.
    """
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XMLError(part, _reason(exc)) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration, or empty input
        raise XMLError(part, f"not well-formed XML ({exc})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise XMLError(part, "document type declaration (DTD) not allowed")
    return root


def check_well_formed(data: bytes, part: str) -> None:
    """Check that ``data`` is one well-formed XML document without a DTD.

    Nothing is built: about 0.3 s of C per 60 MB of worksheet XML.

    Raises
    ------
    XMLError
        The part is not well-formed, or declares a DTD.
    """
    parser = _parser(_NoDoctype())
    try:
        etree.fromstring(data, parser)
        # namespace errors (an undeclared prefix) do not stop a target parser: they are
        # logged, and they make the document as unacceptable as a syntax error does
        for entry in parser.error_log:
            if entry.level >= etree.ErrorLevels.ERROR:
                raise XMLError(part, f"not well-formed XML ({entry.message}, line {entry.line}, column {entry.column})")
    except XMLError:
        raise
    except _DoctypeSeen:
        raise XMLError(part, "document type declaration (DTD) not allowed") from None
    except etree.XMLSyntaxError as exc:
        if isinstance(exc.__context__, _DoctypeSeen):
            raise XMLError(part, "document type declaration (DTD) not allowed") from None
        raise XMLError(part, _reason(exc)) from None
    except ValueError as exc:
        raise XMLError(part, f"not well-formed XML ({exc})") from None
