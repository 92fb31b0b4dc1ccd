"""Faults under a request, on a real SQLite file: the database locked past its busy
timeout, unreachable, its disk full or turned read-only, in the middle of a submission or of a letter's
generation; no room for an upload's temporary file or for the mail. Each gives the clear
Chinese 503 answer, leaves no half-written request, letter, pause or audit entry, and the
same process serves again once the fault clears.

The disk cases mount a small tmpfs (root only; skipped with the reason otherwise).
The PostgreSQL faults (the server stopped mid-letter and mid-load) are in
test_faults_postgresql.py."""

from __future__ import annotations

import errno
import json
import logging
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client

from gongkai.cases.models import (
    Agency,
    Attachment,
    DisclosureRequest,
    Event,
    Letter,
    Pause,
    RequestCounter,
    Role,
    Status,
)
from gongkai.cases.services.intake import submit
from gongkai.web.faults import KEPT_HINT, MESSAGES
from gongkai.web.models import Attempt
from tests.web.factories import person_payload, staff, tree

TOWN = "330212101"


def counts() -> dict[str, int]:
    """Every kind of record a submission or an act writes."""
    return {
        "requests": DisclosureRequest.objects.count(),
        "events": Event.objects.count(),
        "letters": Letter.objects.count(),
        "pauses": Pause.objects.count(),
        "attachments": Attachment.objects.count(),
        "attempts": Attempt.objects.count(),
        "serials": sum(RequestCounter.objects.values_list("last", flat=True)),
    }


def post_api(c: Client, **over: Any) -> Any:
    return c.post("/api/requests", json.dumps(person_payload(TOWN, **over)), "application/json")


def assert_clear_page(r: Any, message: str, hint: str = "") -> None:
    assert r.status_code == 503
    assert r["Retry-After"] == "30" and r["Cache-Control"] == "no-store"
    page = r.content.decode()
    assert message in page and "Traceback" not in page and "Error" not in page
    assert hint in page
    assert r.headers["Content-Security-Policy"]  # still passes through the other middleware


def assert_clear_json(r: Any, message: str) -> None:
    assert r.status_code == 503 and r["Retry-After"] == "30"
    assert r["Content-Type"].startswith("application/json")
    assert r.json() == {"detail": message}


def officer_client(town: Agency) -> Client:
    c = Client()
    c.force_login(staff("officer", town, Role.OFFICER))
    return c


def ask_correction(c: Client, req: DisclosureRequest) -> Any:
    data = {"points": "请写明所需文件的年份和文号", "period_days": "15"}
    return c.post(f"/staff/requests/{req.tracking_number}/correction/", data)


def application(town: Agency) -> DisclosureRequest:
    fields = person_payload(TOWN)
    fields.pop("agency")
    return submit(fields, agency=town)[0]


# ---------------------------------------------------------------------------------------
# The database locked by another connection beyond the busy timeout.


@pytest.fixture
def sqlite_file(transactional_db: None) -> Iterator[Path]:
    """The test database file, with a short busy timeout (a lock held longer is a fault)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own faults; the PostgreSQL ones are in test_faults_postgresql.py")
    options = connection.settings_dict["OPTIONS"]
    old = options["timeout"]
    options["timeout"] = 0.3
    connection.close()
    try:
        yield Path(connection.settings_dict["NAME"])
    finally:
        options["timeout"] = old
        connection.close()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another connection holding the write lock (a stuck job, a copy being taken)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_submission_while_the_database_is_locked(sqlite_file: Path) -> None:
    tree()
    client = Client()
    before = counts()
    with locked(sqlite_file):
        assert_clear_json(post_api(client), MESSAGES[("database", True)])
        r = client.post("/apply/", person_payload(TOWN))
        assert_clear_page(r, MESSAGES[("database", True)], KEPT_HINT)
        assert client.get("/").status_code == 200  # readers go on meanwhile (WAL)
        assert counts() == before
    r = post_api(client)
    assert r.status_code == 201
    assert r.json()["tracking_number"] == f"{TOWN}-{DisclosureRequest.objects.get().year}-00001"
    r = client.post("/apply/", person_payload(TOWN))
    assert r.status_code == 302
    after = counts()
    assert after["requests"] == after["serials"] == 2 and after["events"] == 2


def test_letter_while_the_database_is_locked(sqlite_file: Path) -> None:
    town = tree()["town"]
    req = application(town)
    officer = officer_client(town)
    before = counts()
    with locked(sqlite_file):
        r = ask_correction(officer, req)
        assert_clear_page(r, MESSAGES[("database", True)], KEPT_HINT)
    assert counts() == before
    req.refresh_from_db()
    assert req.status == Status.PROCESSING
    assert ask_correction(officer, req).status_code == 302
    assert req.letters.get().kind == "correction" and req.pauses.count() == 1


# ---------------------------------------------------------------------------------------
# The database unreachable: every query fails, in a view or before it (a middleware).


def test_unreachable_database_then_back(sqlite_file: Path, tmp_path: Path) -> None:
    tree()
    # A failure outside a view reaches Django's handler500; the test client would re-raise
    # it rather than return the page a browser gets.
    client = Client(raise_request_exception=False)
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = str(tmp_path / "gone" / "gongkai.sqlite3")
    try:
        assert_clear_page(client.get("/"), MESSAGES[("database", False)])
        assert_clear_json(client.get("/api/agencies"), MESSAGES[("database", False)])
        # The submission limit reads the database before the view: handler500 answers.
        assert_clear_json(post_api(client), MESSAGES[("database", True)])
        r = client.post("/apply/", person_payload(TOWN))
        assert_clear_page(r, MESSAGES[("database", True)], KEPT_HINT)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
    assert client.get("/").status_code == 200
    assert post_api(client).status_code == 201
    assert counts()["requests"] == counts()["serials"] == 1


# ---------------------------------------------------------------------------------------
# A full disk: under the database, the upload's temporary file, the mail.


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "gongkai-test", str(mount)],
        capture_output=True,
        text=True,
    )
    if r.returncode:
        pytest.skip(f"a small filesystem cannot be mounted here (needs root): {r.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the filesystem has not one byte left; the file, to free it."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:
        for size in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError as e:
                assert e.errno == errno.ENOSPC
    return filler


@pytest.fixture
def db_on_small_disk(sqlite_file: Path, small_disk: Path) -> Iterator[Path]:
    """The connection moved to a fresh database file on the small disk, migrated."""
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = str(small_disk / "gongkai.sqlite3")
    try:
        call_command("migrate", verbosity=0)
        yield small_disk
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name


def no_room_in_the_log() -> None:
    """The write-ahead log emptied, so the next write must take new room on the disk."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_submission_on_a_full_disk(db_on_small_disk: Path) -> None:
    tree()
    client = Client()
    no_room_in_the_log()
    before = counts()
    filler = fill(db_on_small_disk)
    assert_clear_json(post_api(client), MESSAGES[("storage", True)])
    r = client.post("/apply/", person_payload(TOWN))
    assert_clear_page(r, MESSAGES[("storage", True)], KEPT_HINT)
    filler.unlink()
    assert counts() == before
    r = post_api(client)
    assert r.status_code == 201 and r.json()["tracking_number"].endswith("-00001")


def test_letter_on_a_full_disk(db_on_small_disk: Path) -> None:
    """The disk fills while the letter is rendered: its DOCX and PDF cannot be stored, and
    the pause and status change made before it in the same act are undone with it."""
    town = tree()["town"]
    req = application(town)
    officer = officer_client(town)
    no_room_in_the_log()
    before = counts()
    filler = fill(db_on_small_disk)
    assert_clear_page(ask_correction(officer, req), MESSAGES[("storage", True)], KEPT_HINT)
    filler.unlink()
    assert counts() == before
    req.refresh_from_db()
    assert req.status == Status.PROCESSING
    assert ask_correction(officer, req).status_code == 302
    letter = req.letters.get()
    assert letter.kind == "correction" and bytes(letter.pdf).startswith(b"%PDF")


def test_database_on_a_disk_turned_read_only(db_on_small_disk: Path) -> None:
    tree()
    client = Client(raise_request_exception=False)
    before = counts()
    remount = ["mount", "-o", "remount,ro", str(db_on_small_disk)]
    connection.close()  # a file open for writing would keep the disk from turning
    subprocess.run(remount, check=True)
    try:
        assert_clear_json(post_api(client), MESSAGES[("database", True)])
        assert_clear_page(
            client.post("/apply/", person_payload(TOWN)), MESSAGES[("database", True)]
        )
    finally:
        subprocess.run([*remount[:2], "remount,rw", remount[3]], check=True)
    assert counts() == before
    assert post_api(client).status_code == 201


def test_upload_with_no_room_for_its_temporary_file(
    transactional_db: None, small_disk: Path, settings: Any
) -> None:
    tree()
    settings.FILE_UPLOAD_TEMP_DIR = str(small_disk)
    pdf = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)  # over the 2 MB held in memory
    client = Client(raise_request_exception=False)

    def apply() -> Any:
        data = person_payload(TOWN, attachments=SimpleUploadedFile("材料.pdf", pdf))
        return client.post("/apply/", data)

    filler = fill(small_disk)
    before = counts()
    assert_clear_page(apply(), MESSAGES[("storage", True)], KEPT_HINT)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no partial file
    assert counts() == before
    filler.unlink()
    assert apply().status_code == 302
    assert Attachment.objects.get().size == len(pdf)


def test_mail_on_a_full_disk_does_not_undo_a_submission(
    transactional_db: None, small_disk: Path, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    tree()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(small_disk / "mail")
    (small_disk / "mail").mkdir()
    fill(small_disk)
    with caplog.at_level(logging.ERROR, logger="gongkai.cases.notify"):
        r = post_api(Client(), email="zhang@example.com", delivery="electronic")
    assert r.status_code == 201
    assert DisclosureRequest.objects.get().tracking_number == r.json()["tracking_number"]
    assert any("mail to" in m for m in caplog.messages)  # logged for the administrator
