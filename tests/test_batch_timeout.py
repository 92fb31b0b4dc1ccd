"""``gongkai batch --file-timeout SECONDS``: a file that takes longer to read and check is
stopped, listed as a failure saying so (read.timeout), and the batch goes on. The slow
input is real: a 33 MB text report (seed 000 printed 4,000 times over), which the text
reader takes seconds to get through, or the real seeds under a limit of a millisecond.
Re-running skips a file that ran out of time, unless the limit is raised."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from gongkai.batch.worker import FileResult, process

from .conftest import SEED_000, SEED_002
from .test_batch import assert_same_outputs, read_csv, run_batch

HUGE_COPIES = 4000  # ~33 MB: seconds of reading, against a limit of half a second
LIMIT = "0.5"  # the seeds take a few hundredths of a second each


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "huge.txt"
    path.write_bytes(SEED_000.read_bytes() * HUGE_COPIES)
    return path


def seeds_folder(root: Path) -> Path:
    folder = root / "corpus"
    folder.mkdir()
    for seed in (SEED_000, SEED_002):
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.mark.parametrize("workers", ["1", "2"])  # in the driver's main thread, in a pool
def test_a_huge_file_runs_out_of_time_and_the_batch_goes_on(
    tmp_path: Path, huge: Path, workers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = seeds_folder(tmp_path)
    shutil.copy(huge, folder / "a-huge.txt")  # first in name order: read before the seeds
    out = tmp_path / "out"
    assert run_batch(folder, out, "--workers", workers, "--file-timeout", LIMIT) == 0
    assert "无法读取 1 个（其中超时 1 个）" in capsys.readouterr().err
    assert read_csv(out / "failures.csv") == [
        {
            "file": "a-huge.txt",
            "reason": "读取超时（read.timeout）：0.5 秒内未能读完并核对此文件，已跳过"
            "（时限可用 --file-timeout 放宽）",
        }
    ]
    assert sorted(r["file"] for r in read_csv(out / "reports.csv")) == sorted(
        [SEED_000.name, SEED_002.name]
    )
    assert "a-huge.txt" in (out / "index.html").read_text("utf-8")  # listed on the dashboard


def test_a_timed_out_file_is_read_again_only_under_a_longer_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = seeds_folder(tmp_path)
    out = tmp_path / "out"
    assert run_batch(folder, out, "--workers", "1", "--file-timeout", "0.001") == 0
    assert "本次新读 2 个" in capsys.readouterr().err
    failures = read_csv(out / "failures.csv")
    assert [f["file"] for f in failures] == sorted([SEED_000.name, SEED_002.name])
    assert all(f["reason"].startswith("读取超时（read.timeout）：0.001 秒内") for f in failures)
    assert read_csv(out / "reports.csv") == []

    # the same limit: done is done, as for any file
    assert run_batch(folder, out, "--workers", "1", "--file-timeout", "0.001") == 0
    assert "本次新读 0 个" in capsys.readouterr().err
    assert len(read_csv(out / "failures.csv")) == 2

    # a longer limit (here none): read again, and the outputs of a run never limited
    assert run_batch(folder, out, "--workers", "1", "--file-timeout", "0") == 0
    assert "本次新读 2 个" in capsys.readouterr().err
    assert read_csv(out / "failures.csv") == []
    fresh = tmp_path / "fresh"
    assert run_batch(folder, fresh, "--workers", "1") == 0
    assert_same_outputs(out, fresh)


def test_the_limit_holds_in_a_thread_too(huge: Path) -> None:
    """A Dask worker runs its tasks in threads, where no signal arrives: a watchdog thread
    raises the timeout instead, and nothing of it is left for the files that follow."""
    files = [("huge.txt", huge.read_bytes()), *((s.name, s.read_bytes()) for s in (SEED_000,) * 3)]
    got: list[FileResult] = []
    worker = threading.Thread(
        target=lambda: got.extend(process("sha", name, data, 0.5) for name, data in files)
    )
    worker.start()
    worker.join()
    assert [r.ok for r in got] == [False, True, True, True]
    assert got[0].timed_out == 0.5 and got[1].timed_out is None
    assert got[0].reason is not None and got[0].reason.startswith("读取超时（read.timeout）")


def test_a_negative_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = seeds_folder(tmp_path)
    assert run_batch(folder, tmp_path / "out", "--file-timeout", "-1") == 2
    assert capsys.readouterr().err.strip() == (
        "--file-timeout: 时限应为不小于 0 的秒数（0 表示不限时）"
    )
