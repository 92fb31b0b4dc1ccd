"""A batch killed halfway (SIGKILL, no chance to clean up) and run again gives the same
outputs as one uninterrupted run, and the second run reads only the files the first did
not commit: nothing committed is lost, nothing is half-written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongkai.batch.synth import write_corpus

from .test_batch import assert_same_outputs, run_batch

SIZE = 500


def committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM r_results").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # the tables are being created
        return 0


def test_killed_run_resumes_to_the_same_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(tmp_path / "corpus", SIZE, seed=11, formats={"txt": 3, "md": 2, "json": 1})
    corpus = tmp_path / "corpus" / "reports"

    whole = tmp_path / "whole"
    assert run_batch(corpus, whole, "--workers", "2") == 0

    killed = tmp_path / "killed"
    db = killed / "gongkai.sqlite"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai",
            "batch",
            str(corpus),
            "-o",
            str(killed),
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the pool workers die with it
    )
    try:
        deadline = time.monotonic() + 300
        while committed(db) < SIZE // 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done_before = committed(db)
    assert 0 < done_before < SIZE, "the run was not stopped halfway"
    assert not (killed / "cells.csv").exists()  # outputs come at the end, never half

    capsys.readouterr()
    assert run_batch(corpus, killed, "--workers", "2") == 0
    assert f"本次新读 {SIZE - done_before} 个" in capsys.readouterr().err
    assert committed(db) == SIZE
    assert_same_outputs(whole, killed)
