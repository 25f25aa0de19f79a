"""Moved to :mod:`socroi_xl.xlsx.safety`; this name stays for existing imports."""

from ..xlsx.safety import *  # noqa: F401,F403
from ..xlsx.safety import OLE_MAGIC, __all__  # noqa: F401
