"""The namespaces and relationship types of an xlsx package, Transitional and Strict.

ECMA-376 has two conformance classes. Transitional (what Excel saves by default) uses the
``schemas.openxmlformats.org`` namespaces; Strict ("Strict Open XML Spreadsheet") uses
``purl.oclc.org/ooxml`` ones for the same elements and relationship types. Readers here
accept both; :func:`is_main` and :func:`rel_kind` hide the difference.

>>> rel_kind("http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet")
'worksheet'
>>> is_main("http://purl.oclc.org/ooxml/spreadsheetml/main"), local("{urn:x}row")
(True, 'row')
"""

from __future__ import annotations

#: SpreadsheetML, Transitional and Strict.
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAIN_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
MAINS = (MAIN, MAIN_STRICT)
#: Office document relationships (the ``r:id`` attribute), Transitional and Strict.
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
RELS = (REL, REL_STRICT)
#: Package relationships (the ``.rels`` parts) and content types: one namespace each.
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
#: Markup compatibility (``mc:AlternateContent``, ``mc:Ignorable``).
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
#: Excel 2010+ extensions (``xm:f`` in data validations and sparklines).
XM = "http://schemas.microsoft.com/office/excel/2006/main"
#: Dynamic-array properties in ``xl/metadata.xml`` (Excel 365).
XDA = "http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"
XML = "http://www.w3.org/XML/1998/namespace"

#: Relationship type prefixes; the type is the last path segment after one of these.
REL_TYPE_PREFIXES = (REL + "/", REL_STRICT + "/", "http://schemas.microsoft.com/office/2006/relationships/")

#: Relationship kinds (the last segment of the type URI) of sheets, and what they hold.
SHEET_KINDS = {
    "worksheet": "worksheet",
    "chartsheet": "chartsheet",
    "dialogsheet": "dialogsheet",
    "xlMacrosheet": "macrosheet",
    "xlIntlMacrosheet": "macrosheet",
}


def is_main(uri: str | None) -> bool:
    """True for the SpreadsheetML main namespace (Transitional or Strict)."""
    return uri in MAINS


def local(tag: object) -> str:
    """The local name of an lxml tag (``"{ns}name"`` or ``"name"``); ``""`` for comments."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: object) -> str | None:
    """The namespace URI of an lxml tag, or None."""
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1 : tag.index("}")]
    return None


def rel_kind(type_uri: str) -> str:
    """The kind of a relationship: the last segment of its type URI.

    Transitional, Strict and Microsoft-extension types of the same kind give the same
    answer (``worksheet``, ``sharedStrings``, ``table``, ``externalLink``, ``sheetMetadata``…).
    """
    return type_uri.rstrip("/").rsplit("/", 1)[-1]


def main_children(parent: object, name: str) -> list:
    """Children of an lxml element named ``name`` in either main namespace."""
    return [el for el in parent if local(el.tag) == name and is_main(namespace(el.tag))]  # type: ignore[attr-defined]


def main_child(parent: object, name: str) -> object | None:
    """The first child named ``name`` in either main namespace, or None."""
    for el in parent:  # type: ignore[attr-defined]
        if local(el.tag) == name and is_main(namespace(el.tag)):
            return el
    return None


def rel_id(el: object) -> str:
    """The ``r:id`` attribute of an element (Transitional or Strict relationships namespace)."""
    get = el.get  # type: ignore[attr-defined]
    return get(f"{{{REL}}}id") or get(f"{{{REL_STRICT}}}id") or ""
