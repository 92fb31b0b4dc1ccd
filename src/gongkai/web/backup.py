"""Backup and restore: every record of every application in one ZIP archive.

Attachments, letters and other stored files live in the database (binary fields), so the
records carry the files with them; ``manifest.json`` counts the records of each model and
holds the SHA-256 of ``data.json``, checked before a restore touches the database.
A restore goes only into an empty instance (no agencies yet), in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from gongkai.core.errors import ReportError

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]  # rebuilt by migrate / transient
FORMAT = 1


def dump() -> bytes:
    out = io.StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=EXCLUDED, indent=None, stdout=out)
    return out.getvalue().encode("utf-8")


def counts(data: bytes) -> dict[str, int]:
    return dict(Counter(str(r["model"]) for r in json.loads(data)))


def backup(path: Path) -> dict[str, int]:
    data = dump()
    manifest = {
        "format": FORMAT,
        "sha256": hashlib.sha256(data).hexdigest(),
        "counts": counts(data),
    }
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr("data.json", data)
    tmp.replace(path)  # a half-written archive never has the final name
    return manifest["counts"]  # type: ignore[return-value]


def restore(path: Path) -> dict[str, int]:
    from gongkai.cases.models import Agency

    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
            data = z.read("data.json")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        raise ReportError(f"{path}：不是完整的备份文件") from None
    if manifest.get("format") != FORMAT or hashlib.sha256(data).hexdigest() != manifest["sha256"]:
        raise ReportError(f"{path}：备份文件已损坏（校验值不符）")
    call_command("migrate", interactive=False, verbosity=0)
    if Agency.objects.exists():
        raise ReportError("目标数据库已有数据，只能恢复到空的数据库")
    with tempfile.TemporaryDirectory() as d:
        fixture = Path(d) / "data.json"
        fixture.write_bytes(data)
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
    return dict(manifest["counts"])
