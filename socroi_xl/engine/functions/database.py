"""Database functions (DSUM, DCOUNT, ...)."""

from __future__ import annotations
