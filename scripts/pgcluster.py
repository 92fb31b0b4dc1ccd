"""A throw-away PostgreSQL cluster in a folder, for what needs a real server and has none:
the soak (scripts/soak.py), the PostgreSQL fault test (tests/security/) and the database
benchmarks (bench/benchkit.py).

    with pgcluster.throwaway() as cluster:        # Unavailable(why) when it cannot start
        url = cluster.url                        # postgres://gongkai@127.0.0.1:PORT/gongkai
        cluster.stop("immediate")                # as a crash would
        cluster.start()

The server refuses to run as root, so as root it runs as the unprivileged ``postgres``
user (``runuser``), and the folder is handed to that user. It listens on 127.0.0.1 and on
a Unix socket in the folder (``socket_url``). ``durable=False`` turns fsync off, for
benchmarks whose figures are not about the disk; the soak and the fault test keep it on,
since what they check is what a crash leaves behind. The newest server under
/usr/lib/postgresql is used unless ``bindir`` names one (a folder holding ``initdb``).

.ci/run starts its cluster in shell the same way.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

__all__ = ["Cluster", "Unavailable", "free_port", "server_bin", "throwaway"]

PG_ROOT = Path("/usr/lib/postgresql")


class Unavailable(RuntimeError):
    """No cluster could be started here; the message says why."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_bin(bindir: Path | None = None) -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: ``bindir`` when given, else the newest
    version installed under /usr/lib/postgresql."""
    if bindir is not None:
        if not (bindir / "initdb").exists():
            raise Unavailable(f"{bindir}/initdb not found")
        return bindir
    found = sorted(
        PG_ROOT.glob("*/bin/initdb"),
        key=lambda p: [int(n) for n in p.parts[-3].split(".") if n.isdigit()],
    )
    if not found:
        raise Unavailable(f"no PostgreSQL server under {PG_ROOT}")
    return found[-1].parent


class Cluster:
    """One cluster in ``folder`` (its data in ``folder/data``), started and stopped with
    ``pg_ctl``; a database ``gongkai`` owned by the superuser ``gongkai``, trust auth."""

    def __init__(self, folder: Path, bindir: Path, *, durable: bool = True) -> None:
        self.folder, self.bin, self.durable = folder, bindir, durable
        self.data = folder / "data"
        self.port = free_port()
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgres://gongkai@127.0.0.1:{self.port}/gongkai"
        # The same server through its Unix socket (dj-database-url reads a host that is a
        # percent-encoded path as the socket's folder).
        self.socket_url = f"postgres://gongkai@{quote(str(folder), safe='')}:{self.port}/gongkai"

    @property
    def version(self) -> str:
        return self.bin.parent.name

    @property
    def pid(self) -> int:
        """The postmaster's process id (its backends are its children)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_pg, *args], check=True, capture_output=True, text=True)

    def create(self) -> None:
        """initdb, start, and create the database ``gongkai``."""
        if self.as_pg:
            shutil.chown(self.folder, "postgres")
        init = ["-U", "gongkai", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
        self._run(str(self.bin / "initdb"), "-D", str(self.data), *init)
        self.start()
        where = ["-h", str(self.folder), "-p", str(self.port), "-U", "gongkai"]
        self._run(str(self.bin / "createdb"), *where, "gongkai")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -c fsync=off"
        log = str(self.folder / "server.log")
        pg_ctl = str(self.bin / "pg_ctl")
        self._run(pg_ctl, "-D", str(self.data), "-l", log, "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        """``immediate`` ends every server process at once, as a crash would."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


@contextmanager
def throwaway(
    folder: Path | None = None, *, durable: bool = True, bindir: Path | None = None
) -> Iterator[Cluster]:
    """A created and started cluster for as long as the block runs, stopped at the end.
    In ``folder`` (kept) or in a new temporary folder (removed). :class:`Unavailable`
    saying why when it cannot be started."""
    made = folder is None
    place = Path(tempfile.mkdtemp(prefix="gongkai-pg-")) if folder is None else folder
    try:
        cluster = Cluster(place, server_bin(bindir), durable=durable)
        try:
            cluster.create()
        except (subprocess.CalledProcessError, OSError, LookupError) as e:  # LookupError:
            said = getattr(e, "stderr", None) or str(e)  # no postgres user to run it as
            with suppress(subprocess.CalledProcessError, OSError):  # started, then failed
                cluster.stop("immediate")
            raise Unavailable(
                f"PostgreSQL {cluster.version} could not be started: {said.strip()[-300:]}"
            ) from None
        try:
            yield cluster
        finally:
            with suppress(subprocess.CalledProcessError):
                cluster.stop()
    finally:
        if made:
            shutil.rmtree(place, ignore_errors=True)
