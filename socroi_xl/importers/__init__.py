"""Bring ad-platform and analytics exports into the workbook.

:func:`read_export` reads a Meta Ads Manager, LinkedIn Campaign Manager, Google Ads or
GA4 export into a pandas DataFrame with the canonical columns; :func:`import_into` appends
the rows of one or more exports to the ``Campaigns`` table of a workbook made from the
template. ``socroi import`` is the command line for both.
"""

from .canonical import COLUMNS
from .detect import FORMATS, PLATFORMS, read_export
from .errors import ExportError, ImportRefused
from .writer import FileReport, ImportReport, import_frames, import_into

__all__ = [
    "COLUMNS",
    "FORMATS",
    "PLATFORMS",
    "ExportError",
    "ImportRefused",
    "FileReport",
    "ImportReport",
    "import_frames",
    "import_into",
    "read_export",
]
