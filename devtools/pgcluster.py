"""A throwaway or kept PostgreSQL cluster for the tests and the demo.

Saleor is PostgreSQL-only, so the plugin has one database code path and the test
suite and the demo both run on a real server that this module starts in a folder
of its own.  Debian's server binaries are used (``apt-get install postgresql`` when
they are missing); as root the server runs as the ``postgres`` system user because
``initdb`` refuses root.
"""

from __future__ import annotations

import glob
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUN_AS = "postgres"


def find_bindir() -> Path:
    """Newest Debian PostgreSQL bindir, installing the server when absent."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]),
    )
    if not candidates:
        if os.geteuid() != 0:
            sys.exit("PostgreSQL server binaries are missing: apt-get install postgresql")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
            check=True,
            env=env,
        )
        return find_bindir()
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ensure_system_user() -> None:
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/bin/false", RUN_AS],
            check=True,
        )


def _postgres_can_enter(folder: Path) -> bool:
    """Whether the ``postgres`` user can reach ``folder`` (every parent searchable)."""
    probe = folder
    while not probe.exists():
        probe = probe.parent
    done = subprocess.run(
        ["runuser", "-u", RUN_AS, "--", "test", "-x", str(probe)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return done.returncode == 0


def reachable_root(root: Path) -> Path:
    """``root``, or, as root in a clone the ``postgres`` user cannot enter (a home folder of
    mode 700), a folder of its own under /var/tmp named after ``root``.

    PostgreSQL refuses to run as root, so the server runs as ``postgres``, which must reach
    its data folder; the clone's permissions are the user's and are left alone.
    """
    if os.geteuid() != 0:
        return root
    _ensure_system_user()
    if _postgres_can_enter(root.parent):
        return root
    digest = hashlib.sha256(str(root).encode()).hexdigest()[:12]
    moved = Path("/var/tmp") / f"saleor-customer-center-{digest}" / root.name
    moved.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    os.chmod(moved.parent, 0o755)
    return moved


@dataclass
class Cluster:
    """One cluster in ``root`` (data, socket and log live below it)."""

    root: Path
    port: int = 0
    fast: bool = False  # fsync off: for throwaway test clusters only

    def __post_init__(self) -> None:
        self.root = reachable_root(Path(self.root).resolve())
        self.bindir = find_bindir()
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        if not self.port:
            self.port = _free_port()

    def _cmd(self, *args: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", RUN_AS, "--", *args]
        return list(args)

    def _run(self, *args: str, **kwargs: Any) -> subprocess.CompletedProcess:
        """A server command, as the server's user where we are root; from ``/``, which that
        user can enter (a clone in root's home cannot: PostgreSQL's tools then complain)."""
        return subprocess.run(self._cmd(*args), cwd="/", **kwargs)  # noqa: S603

    def _chown(self) -> None:
        if os.geteuid() == 0:
            _ensure_system_user()
            shutil.chown(self.root, RUN_AS, RUN_AS)
            for path in self.root.rglob("*"):
                shutil.chown(path, RUN_AS, RUN_AS)

    def start(self) -> Cluster:
        self.root.mkdir(parents=True, exist_ok=True)
        self._chown()
        if not (self.data / "PG_VERSION").exists():
            self._run(
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
                check=True,
                stdout=subprocess.DEVNULL,
            )
        stale = self.data / "postmaster.pid"
        if stale.exists():
            # A previous run was killed: ask the old server to go before starting anew.
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "stop",
                "-m",
                "fast",
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c max_connections=200"
        )
        if self.fast:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "fast",
                "-w",
                "stop",
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def env(self, database: str) -> dict[str, str]:
        return {
            "PGHOST": "127.0.0.1",
            "PGPORT": str(self.port),
            "PGUSER": "postgres",
            "PGDATABASE": database,
        }

    def create_database(self, name: str) -> None:
        exists = subprocess.run(
            [
                str(self.bindir / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(
                [
                    str(self.bindir / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    name,
                ],
                check=True,
            )


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")
