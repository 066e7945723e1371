"""The production hand-over, with a real nginx: deploy/nginx/portal.conf.template in front of
the application; the application checks, nginx sends the file (X-Accel-Redirect)."""

import urllib.error
import urllib.request

import pytest

from tests import nginx as nginx_server
from tests.fixtures.files import PDF


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """nginx on a free port, configured from the production template, in front of the live
    server; the application is told to hand files over as it is in production."""
    settings.MEDIA_ACCEL_REDIRECT = "/internal-media/"
    settings.MEDIA_ROOT = tmp_path / "media"  # where `cast` stores its files too
    port = nginx_server.free_port()
    process = nginx_server.start(tmp_path / "nginx", port=port,
                                 upstream=live_server.url.removeprefix("http://"),
                                 media_root=tmp_path / "media")
    try:
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
