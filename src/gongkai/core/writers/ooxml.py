"""What DOCX and XLSX share: stable ZIP packages and a fixed document time.

python-docx and openpyxl stamp every ZIP entry with the wall-clock time and the core
properties with "now", so the same report would give different bytes on every run.
Golden files and caches need the same bytes for the same report: the package is
re-written with one fixed entry time, in the library's entry order, and the core
properties carry :data:`DOCUMENT_TIME` (the report holds no real creation time).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

DOCUMENT_TIME = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
