"""Bulk import of catalogues, register documents and monthly figures from CSV/XLSX.

``check`` is the dry run: it reads the file, checks every row against the file and the
database, and returns a :class:`Report` listing every row it would reject and why, writing
nothing. ``apply`` checks again and writes the accepted rows in one transaction; rejected
rows are left out and stay in the report, so the officer can fix and import just those.
"""

from __future__ import annotations

from gongkai.proactive.importing.columns import KINDS, columns
from gongkai.proactive.importing.rows import Rejection, Report
from gongkai.proactive.importing.service import apply, check

__all__ = ["KINDS", "Rejection", "Report", "apply", "check", "columns"]
