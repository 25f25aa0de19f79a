"""The xlsx package layer: open, check, read and rewrite SpreadsheetML packages.

One place for what every part of socroi_xl that touches an ``.xlsx`` needs:

============================  ==================================================================
module                        holds
============================  ==================================================================
:mod:`.safety`                size limits, :class:`WorkbookError`, :func:`open_package`, :func:`read_member`
:mod:`.xmlsafe`               the one safe XML parser configuration (no DTD, entities, network)
:mod:`.ns`                    namespaces and relationship types, Transitional and Strict
:mod:`.package`               :class:`Package`: parts, relationships, content types; :func:`copy_package`
:mod:`.workbook`              the workbook part: sheets, defined names, date system, links
:mod:`.sharedstrings`         the shared-string table
:mod:`.layout`                where ``<sheetData>`` is, and whether byte scanning reads it exactly
:mod:`.normalise`             rewriting any valid ``<sheetData>`` into that regular layout
:mod:`.cells`                 fast readers of formula cells and value columns (numpy)
:mod:`.worksheet`             :class:`Worksheet`: one worksheet part read (all of the above)
:mod:`.sheetprops`            hidden rows and columns, dimension, AutoFilter
:mod:`.rebuild`               writing values back into worksheet XML; ``fullCalcOnLoad``
:mod:`.tables`                table parts (ListObjects)
:mod:`.metadata`              dynamic-array cell metadata
:mod:`.externals`             external links' cached values
:mod:`.stream`                inflating a large part, forking its child, cutting it
:mod:`.ahead`                 a forked child process working on a large part (second core)
:mod:`.deflate`               ISA-L inflating and deflating zip members through zipfile
:mod:`.text`                  XML and OOXML text escapes, Excel's 32,767-character limit
============================  ==================================================================

The engine reads through :func:`socroi_xl.engine.package.read_book`. The importers (which
patch a sheet and a table in place) can move onto this layer with:
:meth:`Package.open` (checked opening), :meth:`Package.xml` / :meth:`Package.rels` /
:attr:`Package.workbook_part` (parts by relationship, Strict too),
:func:`~.workbook.read_workbook` (``date1904``, sheets), :func:`~.tables.table_from_xml`,
:func:`~.sharedstrings.read_shared_strings`, :func:`~.text.escape` for cell text, and
:func:`copy_package` to write the copy with their patched members.
"""

from .package import Package, copy_package
from .safety import DEFAULT_LIMITS, Limits, WorkbookError, open_package, read_member

__all__ = ["DEFAULT_LIMITS", "Limits", "Package", "WorkbookError", "copy_package", "open_package", "read_member"]
