"""The headless recalculation engine: evaluate a workbook's formulas and write the values.

>>> from socroi_xl.engine import evaluate, recalc_path, RecalcResult, WorkbookError
"""

from ..xlsx.safety import WorkbookError
from .api import RecalcResult, UnevaluatedError, evaluate, recalc_path

__all__ = ["RecalcResult", "UnevaluatedError", "WorkbookError", "evaluate", "recalc_path"]
