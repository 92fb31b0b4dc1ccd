"""The throw-away PostgreSQL cluster the soak, the PostgreSQL fault test and the database
benchmarks start (scripts/pgcluster.py): reachable by TCP and by its socket, durable
across a crash when asked to be, stopped and removed at the end, and a clear reason when
it cannot start."""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path
from types import ModuleType

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pgcluster() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pgcluster", ROOT / "scripts" / "pgcluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pgcluster = _pgcluster()


def test_a_committed_row_survives_a_crash_and_the_cluster_goes_at_the_end() -> None:
    try:
        with pgcluster.throwaway() as cluster:
            folder = cluster.folder
            with psycopg.connect(cluster.url, autocommit=True) as conn:
                conn.execute("CREATE TABLE kept (n integer)")
                conn.execute("INSERT INTO kept VALUES (7)")
                assert conn.execute("SHOW fsync").fetchone() == ("on",)
            cluster.stop("immediate")  # no checkpoint: the row must come back from the WAL
            with pytest.raises(psycopg.OperationalError):
                psycopg.connect(cluster.url, connect_timeout=2).close()
            cluster.start()
            # The same server by its Unix socket, as dj-database-url reads the URL.
            import dj_database_url

            db = dj_database_url.parse(cluster.socket_url)
            assert db["HOST"] == str(folder) and db["PORT"] == cluster.port
            with psycopg.connect(
                host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
            ) as conn:
                assert conn.execute("SELECT n FROM kept").fetchall() == [(7,)]
    except pgcluster.Unavailable as e:
        pytest.skip(str(e))
    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):  # stopped
        psycopg.connect(cluster.url, connect_timeout=2).close()


def test_fsync_off_when_not_durable() -> None:
    # Not pytest's tmp_path: its parents are closed to the postgres user the server runs as.
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-pg-test-"))
    try:
        tmp.chmod(0o755)
        (tmp / "pg").mkdir()
        try:
            with (
                pgcluster.throwaway(tmp / "pg", durable=False) as cluster,
                psycopg.connect(cluster.url) as conn,
            ):
                assert conn.execute("SHOW fsync").fetchone() == ("off",)
        except pgcluster.Unavailable as e:
            pytest.skip(str(e))
        assert (tmp / "pg" / "data").is_dir()  # a folder given is kept
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_no_server_is_a_reason_not_a_traceback(tmp_path: Path) -> None:
    with (
        pytest.raises(pgcluster.Unavailable, match="initdb not found"),
        pgcluster.throwaway(tmp_path, bindir=tmp_path / "bin"),
    ):
        pass
