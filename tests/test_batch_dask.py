"""``gongkai batch --dask ADDRESS``: the same work on a Dask distributed cluster (a
``LocalCluster`` of two workers started here) gives exactly the outputs of a local run,
and a cluster that cannot be reached is one clear error."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.batch.synth import write_corpus

from .conftest import SEED_000, SEED_002
from .test_batch import assert_same_outputs, read_csv, run_batch


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        silence_logs=40,
    ) as c:
        yield c


def test_dask_gives_the_local_outputs(tmp_path: Path, cluster: Any) -> None:
    formats = {"txt": 4, "md": 2, "json": 1, "html": 1, "xlsx": 1}
    write_corpus(tmp_path / "corpus", 120, seed=5, formats=formats)
    corpus = tmp_path / "corpus" / "reports"

    local = tmp_path / "local"
    assert run_batch(corpus, local, "--workers", "2") == 0
    on_dask = tmp_path / "dask"
    assert run_batch(corpus, on_dask, "--dask", cluster.scheduler_address) == 0
    assert_same_outputs(local, on_dask)
    assert (on_dask / "findings.csv").read_text("utf-8").count("\n") > 20


@pytest.mark.filterwarnings("ignore:Sending large graph")  # the file is huge on purpose
def test_a_huge_file_runs_out_of_time_on_dask_too(tmp_path: Path, cluster: Any) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_002, corpus / SEED_002.name)
    (corpus / "huge.txt").write_bytes(SEED_000.read_bytes() * 4000)  # seconds to read
    out = tmp_path / "out"
    assert run_batch(corpus, out, "--dask", cluster.scheduler_address, "--file-timeout", "0.5") == 0
    failures = read_csv(out / "failures.csv")
    assert [f["file"] for f in failures] == ["huge.txt"]
    assert failures[0]["reason"].startswith("读取超时（read.timeout）：0.5 秒内")
    assert [r["file"] for r in read_csv(out / "reports.csv")] == [SEED_002.name]


def test_unreachable_cluster_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "corpus").mkdir()
    status = main_with_timeout(tmp_path)
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert err.startswith("tcp://127.0.0.1:9: 无法连接 Dask 集群")


def main_with_timeout(tmp_path: Path) -> int:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        return run_batch(tmp_path / "corpus", tmp_path / "out", "--dask", "tcp://127.0.0.1:9")
