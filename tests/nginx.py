"""A real nginx for the tests, configured from the production template
(deploy/nginx/portal.conf.template), started in a folder of the test's own and stopped by it."""

import shutil
import socket
import string
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import need_service

TEMPLATE = Path(__file__).resolve().parents[1] / "deploy" / "nginx" / "portal.conf.template"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(work: Path, *, port: int, upstream: str, media_root: Path) -> subprocess.Popen:
    """nginx listening on 127.0.0.1:`port` in front of `upstream` (host:port), once it
    answers; the caller stops it (terminate, then wait)."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    need_service(bool(binary), "nginx is not installed (scripts/install-system-packages)")
    work.mkdir(parents=True, exist_ok=True)
    (work / "portal.conf").write_text(string.Template(TEMPLATE.read_text()).safe_substitute(
        PORTAL_LISTEN=f"127.0.0.1:{port}", PORTAL_UPSTREAM=upstream,
        PORTAL_MEDIA_ROOT=str(media_root)))
    (work / "nginx.conf").write_text(f"""
daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/portal.conf;
}}
""")
    process = subprocess.Popen([binary, "-p", str(work), "-c", str(work / "nginx.conf")])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.terminate()
    process.wait(timeout=10)
    pytest.fail(f"nginx did not start: {(work / 'error.log').read_text()}")
