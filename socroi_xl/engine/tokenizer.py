"""openpyxl's formula tokenizer (MIT), loaded without the rest of openpyxl."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType


def _load_tokenizer() -> ModuleType:
    """openpyxl's formula tokenizer, without importing the rest of openpyxl (0.15 s).

    ``openpyxl/formula/tokenizer.py`` depends on nothing but :mod:`re`; loading it as a
    module of its own skips ``openpyxl/__init__``. Any surprise falls back to the
    ordinary import.
    """
    name = "socroi_xl.engine._openpyxl_tokenizer"
    if name in sys.modules:
        return sys.modules[name]
    try:
        spec = importlib.util.find_spec("openpyxl")
        path = os.path.join(os.path.dirname(spec.origin), "formula", "tokenizer.py")
        mod_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(mod_spec)
        mod_spec.loader.exec_module(module)
        sys.modules[name] = module
        return module
    except Exception:  # noqa: BLE001
        from openpyxl.formula import tokenizer

        return tokenizer


_tok = _load_tokenizer()
Token, Tokenizer = _tok.Token, _tok.Tokenizer

__all__ = ["Token", "Tokenizer"]
