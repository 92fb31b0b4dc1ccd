"""E-mail through Django's mail backend, letters kept with their context, the demo data
and ``gongkai serve``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from gongkai.cases import demo, letters
from gongkai.cases.models import Agency, DisclosureRequest, Letter, Role
from gongkai.cases.outcomes import outcomes
from gongkai.cases.services import lifecycle
from gongkai.cases.services.intake import submit
from gongkai.letters import LetterKind, render_pdf
from tests.web.factories import person_payload, staff


def _fields() -> dict[str, object]:
    data = person_payload("x", email="applicant@example.com")
    data.pop("agency")
    return data


def test_applicant_and_approver_are_mailed(
    agencies: dict[str, Agency], django_capture_on_commit_callbacks: Any
) -> None:
    town = agencies["town"]
    officer = staff("officer", town, Role.OFFICER)
    staff("approver", town, Role.APPROVER)
    with django_capture_on_commit_callbacks(execute=True):
        req, code = submit(_fields(), agency=town)
    assert len(mail.outbox) == 1
    first = mail.outbox[0]
    assert first.to == ["applicant@example.com"]
    assert req.tracking_number in first.subject and code in first.body
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.ask_correction(req, officer, points="请写明年份")
    assert mail.outbox[-1].to == ["applicant@example.com"]
    assert "补正通知书" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.receive_correction(req, None, text="2023年")
        lifecycle.decide(req, officer, outcome_key="granted", reason="予以公开")
    assert mail.outbox[-2].to == ["officer@example.gov.cn"]  # the correction arrived
    assert mail.outbox[-1].to == ["approver@example.gov.cn"]
    assert "待审核" in mail.outbox[-1].subject


def test_a_letter_rendered_later_is_the_letter_rendered_now(agencies: dict[str, Agency]) -> None:
    officer = staff("officer", agencies["town"], Role.OFFICER)
    req, _ = submit(_fields(), agency=agencies["town"])
    with letters.pdf_later():
        lifecycle.ask_correction(req, officer, points="请写明年份")
    letter = Letter.objects.get(request=req)
    assert not letter.pdf and letter.context["tracking_number"] == req.tracking_number
    eager = letters.context(req, "correction", officer, pause=req.pauses.get())
    assert letters.from_json(letter.context) == eager
    now = render_pdf(LetterKind.CORRECTION, eager)
    assert letters.pdf_of(letter) == now
    letter.refresh_from_db()
    assert bytes(letter.pdf) == now


def test_demo_has_every_outcome_and_open_cases_of_every_kind(db: None) -> None:
    made = demo.load(today=date(2025, 12, 10), requests=40)
    assert made["requests"] == 40
    reqs = DisclosureRequest.objects.all()
    assert {r.outcome for r in reqs if r.outcome} == {o.key for o in outcomes()}
    statuses = Counter(r.status for r in reqs)
    assert {"processing", "correction", "consultation", "fee", "replied"} <= set(statuses)
    assert reqs.open().filter(due_date__lt=date(2025, 12, 10)).exists()  # overdue
    assert reqs.filter(extension_state="approved").exists()
    # Every closed request has its reply letter; every act its audit event.
    for r in reqs.filter(status="replied"):
        assert r.letters.filter(kind="reply", released_at__isnull=False).exists()
        assert r.events.filter(action="replied").exists()
    c = Client()
    assert c.login(username="haishu_ducha", password=demo.PASSWORD)
    assert c.get("/staff/?status=open").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_gongkai_serve_migrates_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "GONGKAI_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/agencies", timeout=5
                ) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert body == [], proc.stdout.read() if proc.poll() is not None and proc.stdout else ""
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert "政府信息公开申请" in r.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/gongkai/site.css") as r:
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert (tmp_path / "serve.sqlite3").exists()


@pytest.mark.parametrize("argv", [["serve", "--port", "notaport"]])
def test_serve_bad_arguments(argv: list[str]) -> None:
    r = subprocess.run([sys.executable, "-m", "gongkai", *argv], capture_output=True, text=True)
    assert r.returncode == 2 and "--port" in r.stderr
