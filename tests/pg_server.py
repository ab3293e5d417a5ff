"""A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks (Debian's binaries)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

MISSING_REASON = (
    "PostgreSQL binaries (initdb, pg_ctl) not found: run scripts/ensure-postgres.sh "
    "or apt-get install postgresql"
)


def bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first; None when absent."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """initdb + pg_ctl in a temporary folder; as the `postgres` user when we are root."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="betabot-pg-"))
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0  # postgres refuses to run as root
        if self.as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    @property
    def url(self) -> str:
        """URL of the server's default database."""
        return f"postgresql://betabot@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        # S603 is safe: fixed argv built here from the PostgreSQL binaries folder, no shell
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)  # noqa: S603

    def start(self) -> None:
        data = str(self.root / "data")
        self._run(
            str(self.binaries / "initdb"), "-D", data, "-U", "betabot", "--auth=trust",
            "-E", "UTF8", "--no-sync", "--locale=C",
        )  # fmt: skip
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -F -c max_connections=200"
        self._run(
            str(self.binaries / "pg_ctl"), "-D", data, "-l", str(self.root / "log"),
            "-w", "-t", "60", "-o", options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.root / "data"),
                      "-m", "immediate", "-w", "stop")  # fmt: skip
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://betabot@127.0.0.1:{self.port}/{name}"
