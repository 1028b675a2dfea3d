"""A throwaway PostgreSQL cluster on its own port, which a test can stop and start again to stage
a real database outage (the shared server on 5432 must stay up for everybody else)."""

from __future__ import annotations

import glob
import os
import random
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


PORTS_FROM = 10_000
WORKER_BLOCKS = 8
_random = random.SystemRandom()  # not the global one, which tests may seed
_given: set[int] = set()


def worker_ports() -> range:
    """This pytest-xdist worker's own block of ports, below the kernel's ephemeral range (there
    bind(0) and every outgoing connection take theirs, so a port probed free there can be gone
    by the time a server binds it, or between a restart's stop and start)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    size = (ephemeral_low() - PORTS_FROM) // WORKER_BLOCKS
    start = PORTS_FROM + int(worker or 0) % WORKER_BLOCKS * size
    return range(start, start + size)


def free_port() -> int:
    """A loopback port nobody uses, for a server that must know its port before it starts or
    keep it across restarts: picked at random in this worker's block, so that neither another
    worker nor another test run on the machine is likely to pick it too, and never twice (a
    cluster that is down, or not started yet, still counts on its port)."""
    ports = worker_ports()
    if len(ports) < 1000:  # the ephemeral range starts too low to keep out of it
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])
    for port in _random.sample(ports, 200):
        if port in _given:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))  # no SO_REUSEADDR: skip ports in TIME_WAIT too
            except OSError:
                continue
        _given.add(port)
        return port
    raise OSError(f"no free port in {ports}")


class PgCluster:
    """initdb, pg_ctl start and pg_ctl stop -m fast, run as the `postgres` user when we are root
    (PostgreSQL refuses to run as root)."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="backcoach-pg-"))
        self.data = self.directory / "data"
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", log, "-o", options)

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60, cwd=self.directory)


def throwaway_cluster() -> Iterator[PgCluster]:
    """A new cluster, not yet started, removed afterwards: `yield from` it in a fixture."""
    binaries = _binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL binaries under /usr/lib/postgresql")
    cluster = PgCluster(binaries)
    try:
        yield cluster
    finally:
        cluster.remove()
