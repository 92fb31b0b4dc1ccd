"""gongkai backup / restore: restored into an empty instance, every record and every
stored file (attachments are kept in the database) comes back identical."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.cases.models import Agency, Attachment, Role
from gongkai.web.backup import backup, dump
from tests.web.factories import org_payload, person_payload, staff

ROOT = Path(__file__).resolve().parents[2]


def _gongkai(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "GONGKAI_VAR": str(db.parent)}
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def _value(v: object) -> object:
    """Timestamps as instants: Django writes one with 0 < microseconds < 1000 as
    ``…:29.000Z`` and, read back, the same instant as ``…:29Z``."""
    if isinstance(v, str) and _INSTANT.fullmatch(v):
        return datetime.fromisoformat(v)
    return v


def _records(data: bytes) -> dict[tuple[str, object], dict[str, object]]:
    return {
        (r["model"], r.get("pk")): {k: _value(v) for k, v in r["fields"].items()}
        for r in json.loads(data)
    }


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_instance_gives_back_every_record_and_file(
    tmp_path: Path, agencies: dict[str, Agency]
) -> None:
    officer = staff("li", agencies["town"], Role.OFFICER)
    client = Client()
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40, "application/pdf")
    r = client.post("/apply/", {**person_payload("330212101"), "attachments": [pdf]})
    assert r.status_code == 302
    r = client.post(
        "/api/requests", json.dumps(org_payload("330212201")), content_type="application/json"
    )
    assert r.status_code == 201
    c = Client()
    c.force_login(officer)
    tn = r.json()["tracking_number"]
    assert Attachment.objects.count() == 1

    archive = tmp_path / "backup.zip"
    counts = backup(archive)
    assert counts["cases.disclosurerequest"] == 2 and counts["cases.attachment"] == 1
    original = _records(dump())

    target = tmp_path / "restored" / "gongkai.sqlite3"
    target.parent.mkdir()
    done = _gongkai(target, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "恢复" in done.stdout
    again = _gongkai(target, "backup", str(tmp_path / "again.zip"))
    assert again.returncode == 0, again.stderr
    restored = _records(zipfile.ZipFile(tmp_path / "again.zip").read("data.json"))
    assert restored.keys() == original.keys()
    for key, fields in original.items():
        assert restored[key] == fields, key
    assert any(m == "cases.attachment" for m, _ in restored)
    assert tn in {f.get("tracking_number") for f in restored.values()}

    # Restoring twice is refused: the target is no longer empty.
    twice = _gongkai(target, "restore", str(archive))
    assert twice.returncode != 0 and "只能恢复到空的数据库" in twice.stderr


def test_damaged_archive_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    done = _gongkai(tmp_path / "x.sqlite3", "restore", str(bad))
    assert done.returncode != 0 and "不是完整的备份文件" in done.stderr
