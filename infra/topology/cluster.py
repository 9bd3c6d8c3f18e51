"""The processes of the topology, each one this run starts and may kill: a PostgreSQL cluster
and a Redis of its own (never the machine's shared ones), two web hosts each in a network
namespace of its own joined to this host by a veth pair, the task worker, and nginx.

Addresses come from 198.18.0.0/15, the range set aside for benchmarks (RFC 2544): the hosts'
ends of the veth pairs live only in this run's namespaces.
"""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from infra.topology.edge import local_site, nginx_main, site_config

ROOT = Path(__file__).resolve().parents[2]
# Debian's PostgreSQL, the newest installed.
PG_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=None
)
PG_PORT = 5440
REDIS_PORT = 6390
REDIS_DB = 5
WEB_PORT = 8000
EDGE_PORT = 8443
DATABASE = "consult_topology"


def run(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)


@dataclass
class Host:
    """A web host: namespace `name`, this host's end at `gateway`, the host at `address`."""

    index: int
    process: subprocess.Popen | None = None

    @property
    def name(self) -> str:
        return f"consult-topo-{self.index}"

    @property
    def gateway(self) -> str:
        return f"198.18.{self.index}.1"

    @property
    def address(self) -> str:
        return f"198.18.{self.index}.2"

    def create(self) -> None:
        self.destroy()
        outside, inside = f"ctopo{self.index}h", f"ctopo{self.index}n"
        run("ip", "netns", "add", self.name)
        run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        run("ip", "link", "set", inside, "netns", self.name)
        run("ip", "addr", "add", f"{self.gateway}/24", "dev", outside)
        run("ip", "link", "set", outside, "up")
        inns = ("ip", "netns", "exec", self.name)
        run(*inns, "ip", "addr", "add", f"{self.address}/24", "dev", inside)
        run(*inns, "ip", "link", "set", inside, "up")
        run(*inns, "ip", "link", "set", "lo", "up")

    def run(self, *command: str) -> str:
        return run("ip", "netns", "exec", self.name, *command).stdout

    def destroy(self) -> None:
        # Deleting the namespace deletes its end of the pair, and so the pair.
        run("ip", "netns", "delete", self.name, check=False)
        run("ip", "link", "delete", f"ctopo{self.index}h", check=False)


@dataclass
class Topology:
    directory: Path
    hosts: list[Host] = field(default_factory=lambda: [Host(1), Host(2)])
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    # --- addresses and environment ----------------------------------------------------
    @property
    def pg_data(self) -> Path:
        # PostgreSQL refuses to run as root; its files belong to the postgres account.
        return Path("/tmp") / f"consult-topology-pg-{os.getuid()}"

    def env(self, via: str = "127.0.0.1", **extra: str) -> dict[str, str]:
        """Production settings, reaching PostgreSQL and Redis at `via`."""
        inherited = {
            k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS"))
        }
        return {
            **inherited,
            "CONSULT_ENV": "production",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{EDGE_PORT}",
            "BASE_URL": f"https://127.0.0.1:{EDGE_PORT}",
            "DATABASE_URL": f"postgres://postgres@{via}:{PG_PORT}/{DATABASE}",
            "DATABASE_POOL_MAX": "10",
            "REDIS_URL": f"redis://{via}:{REDIS_PORT}/{REDIS_DB}",
            "TRUSTED_PROXY_COUNT": "1",
            "STATIC_ROOT": str(self.directory / "static"),
            "MEDIA_ROOT": str(self.directory / "media"),
            "PRIVATE_ROOT": str(self.directory / "private"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra,
        }

    def _start(self, name: str, command: list[str], env: dict | None = None, **kw):
        log = open(self.directory / f"{name}.log", "a")  # noqa: SIM115 - lives as long
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, **kw)
        self.processes[name] = process
        return process

    # --- network ----------------------------------------------------------------------
    def network_up(self) -> None:
        for host in self.hosts:
            host.create()

    def network_down(self) -> None:
        for host in self.hosts:
            host.destroy()

    # --- PostgreSQL -------------------------------------------------------------------
    def postgres_init(self) -> None:
        shutil.rmtree(self.pg_data, ignore_errors=True)
        self.pg_data.mkdir(mode=0o700)
        shutil.chown(self.pg_data, "postgres", "postgres")
        as_postgres = ("runuser", "-u", "postgres", "--")
        run(*as_postgres, str(PG_BIN / "initdb"), "-D", str(self.pg_data), "-U", "postgres",
            "--auth=trust", "-E", "UTF8", "--no-sync")  # fmt: skip
        gateways = ",".join(host.gateway for host in self.hosts)
        with (self.pg_data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1,{gateways}'\nport = {PG_PORT}\n"
                f"unix_socket_directories = '{self.pg_data}'\nmax_connections = 200\n"
            )
        with (self.pg_data / "pg_hba.conf").open("a") as hba:
            hba.write("host all all 198.18.0.0/16 trust\n")
        self.postgres_start()
        run(*as_postgres, str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT),
            "-U", "postgres", DATABASE)  # fmt: skip

    def postgres_start(self) -> float:
        """Starts the cluster (after a crash too, once the old processes are gone); returns
        when it accepts connections."""
        deadline = time.monotonic() + 60
        while True:
            started = run("runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D",
                          str(self.pg_data), "-l", str(self.pg_data / "log"), "-w", "-t", "30",
                          "start", check=False)  # fmt: skip
            if started.returncode == 0:
                return time.monotonic()
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start: {started.stdout}{started.stderr}")
            time.sleep(0.1)

    def postgres_kill(self) -> None:
        """SIGKILL the postmaster: its backends notice and leave."""
        postmaster = int((self.pg_data / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGKILL)
        while self._alive(postmaster):
            time.sleep(0.01)

    def postgres_stop(self) -> None:
        run("runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data),
            "-m", "immediate", "stop", check=False)  # fmt: skip
        shutil.rmtree(self.pg_data, ignore_errors=True)

    # --- Redis ------------------------------------------------------------------------
    def redis_start(self) -> None:
        gateways = [host.gateway for host in self.hosts]
        self._start(
            "redis",
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", *gateways,
             "--protected-mode", "no", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
        )  # fmt: skip
        self._wait_tcp("127.0.0.1", REDIS_PORT)

    def redis_stop(self) -> None:
        self.stop("redis")

    # --- web hosts, worker, edge ------------------------------------------------------
    def web_start(self, host: Host) -> None:
        command = [
            "ip", "netns", "exec", host.name,
            sys.executable, "-m", "uvicorn", "config.asgi:application",
            "--host", host.address, "--port", str(WEB_PORT), "--loop", "uvloop",
            "--proxy-headers", "--forwarded-allow-ips", host.gateway,
            "--ws-max-size", "1048576", "--no-server-header", "--no-access-log",
            "--timeout-graceful-shutdown", "5",
        ]  # fmt: skip
        host.process = self._start(f"web-{host.index}", command, self.env(host.gateway))
        self._wait_http(host.address, WEB_PORT, host.process)

    def web_kill(self, host: Host) -> None:
        host.process.send_signal(signal.SIGKILL)
        host.process.wait()

    def worker_start(self) -> None:
        command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*",
                   "--worker-id", "topology-worker-1", "--interval", "0.2"]  # fmt: skip
        self._start("worker", command, self.env())

    def worker_kill(self) -> None:
        self.processes["worker"].send_signal(signal.SIGKILL)
        self.processes["worker"].wait()

    def edge_start(self) -> None:
        edge = self.directory / "edge"
        edge.mkdir(exist_ok=True)
        values = local_site(
            upstreams=[f"{host.address}:{WEB_PORT}" for host in self.hosts],
            port=EDGE_PORT,
            plain_port=EDGE_PORT - 363,
            directory=edge,
            var=self.directory,
        )
        main = nginx_main(site_config(values), edge, worker_connections=4096)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        checked = run(
            nginx, "-t", "-p", str(edge), "-c", str(main), "-e", str(edge / "e.log"), check=False
        )
        if checked.returncode:
            raise RuntimeError(f"nginx -t refused the edge: {checked.stderr}")
        self._start("nginx", [nginx, "-p", str(edge), "-c", str(main), "-e", str(edge / "e.log")])
        self._wait_tcp("127.0.0.1", EDGE_PORT)

    def manage(self, *command: str, timeout: float = 600) -> str:
        return run(sys.executable, "manage.py", *command, cwd=ROOT, env=self.env(),
                   timeout=timeout).stdout  # fmt: skip

    def python(self, script: str, *args: str) -> str:
        """A Django script in the topology's settings; its last line of output."""
        code = f"import django\ndjango.setup()\n{script}"
        done = run(sys.executable, "-c", code, *args, cwd=ROOT, env=self.env(), timeout=300)
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    # --- lifetimes --------------------------------------------------------------------
    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        self.postgres_stop()
        self.network_down()

    @staticmethod
    def _alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    @staticmethod
    def _wait_tcp(address: str, port: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection((address, port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nothing listens on {address}:{port}")

    @staticmethod
    def _wait_http(address: str, port: int, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the web host {address} stopped")
            connection = http.client.HTTPConnection(address, port, timeout=2)
            try:
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
            finally:
                connection.close()
        raise RuntimeError(f"the web host {address} did not answer")
