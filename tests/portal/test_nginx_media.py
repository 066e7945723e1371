"""The production hand-over, with a real nginx: deploy/nginx/portal.conf.template in front of
the application; the application checks, nginx sends the file (X-Accel-Redirect)."""

import shutil
import socket
import string
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import need_service
from tests.fixtures.files import PDF

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "portal.conf.template"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """nginx on a free port, configured from the production template, in front of the live
    server; the application is told to hand files over as it is in production."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    need_service(bool(binary), "nginx is not installed (scripts/install-system-packages)")
    settings.MEDIA_ACCEL_REDIRECT = "/internal-media/"
    settings.MEDIA_ROOT = tmp_path / "media"  # where `cast` stores its files too
    port = _free_port()
    site = string.Template(TEMPLATE.read_text()).safe_substitute(
        PORTAL_LISTEN=f"127.0.0.1:{port}",
        PORTAL_UPSTREAM=live_server.url.removeprefix("http://"),
        PORTAL_MEDIA_ROOT=str(tmp_path / "media"))
    work = tmp_path / "nginx"
    work.mkdir()
    (work / "portal.conf").write_text(site)
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
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url: str, cookie: str = ""):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_nginx_sends_a_file_only_after_the_application_allowed_it(nginx, cast, client):
    files, users, _nominator = cast
    certificate = files["certificate"]
    status, _headers, _body = _get(nginx + certificate.file.url)
    assert status == 404  # anonymous: the check refuses, nginx sends nothing
    client.force_login(users["coach"])
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    status, headers, body = _get(nginx + certificate.file.url, cookie)
    assert (status, body) == (200, PDF)
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Cache-Control"] == "private, no-store"
    assert "X-Accel-Redirect" not in headers  # nginx consumed it


def test_the_internal_location_cannot_be_requested_from_outside(nginx, cast):
    files, _users, _nominator = cast
    photo = files["consented photo"].photo
    status, _headers, body = _get(f"{nginx}/internal-media/{photo.name}")
    assert status == 404 and body != photo.read()
    status, headers, _body = _get(nginx + photo.url)  # through the check, it is public
    assert status == 200 and headers["Content-Type"] == "image/png"
