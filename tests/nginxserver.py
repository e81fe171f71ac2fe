"""A real nginx (Debian's) serving a built site with the project's configuration, on loopback.

The server block is what README "Betrieb" tells an operator to write, minus TLS; everything
else comes from deploy/nginx/snippets/ unchanged. Started in a temporary prefix, stopped by
the context manager (and bounded by timeouts), so no test leaves a server behind.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "deploy" / "nginx" / "snippets"
NGINX = "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
BROKER_TOKEN = "Bearer token-nur-auf-dem-server"
START_TIMEOUT = 15.0

CONFIG = """\
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {site};
        include snippets/scschule/site.conf;
        set $scschule_broker_origin {broker};
        set $scschule_broker_authorization "{token}";
        include snippets/scschule/broker-proxy.conf;
    }}
}}
"""


@dataclass(frozen=True)
class Nginx:
    url: str
    prefix: Path

    def error_log(self) -> str:
        log = self.prefix / "logs" / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def require_nginx() -> None:
    """Fail (not skip) without the tool: scripts/system-packages.sh installs nginx-light."""
    if not Path(NGINX).is_file() or not MIME_TYPES.is_file():
        raise AssertionError(f"{NGINX} oder {MIME_TYPES} fehlt: bash scripts/system-packages.sh (nginx-light)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def running_nginx(site: Path, prefix: Path, broker: str = "http://127.0.0.1:9") -> Iterator[Nginx]:
    """nginx serving ``site`` with the project's snippets; ``broker`` is scheme://host:port."""
    require_nginx()
    conf = prefix / "conf"
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / temp).mkdir(parents=True, exist_ok=True)
    shutil.copytree(SNIPPETS, conf / "snippets", dirs_exist_ok=True)
    port = _free_port()
    # As root, nginx' workers would switch to 'nobody', who cannot read pytest's private temp folders.
    user = "user root root;" if os.geteuid() == 0 else ""
    (conf / "nginx.conf").write_text(CONFIG.format(user=user, prefix=prefix, mime_types=MIME_TYPES, port=port,
                                                   site=site.resolve(), broker=broker, token=BROKER_TOKEN),
                                     encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf / "nginx.conf")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _accepts(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"nginx startet nicht: {process.stderr.read() if process.poll() is not None else ''}"
                                     f"{(prefix / 'logs' / 'error.log').read_text(errors='replace')}")
            time.sleep(0.05)
        yield Nginx(f"http://127.0.0.1:{port}", prefix)
    finally:
        process.terminate()  # SIGTERM: fast shutdown of master and worker
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
