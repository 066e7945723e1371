"""Configuration comes from the environment and fails closed."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from config.settings.mail import mailers_from_url

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "SECRET_KEY": "x7Gq2!vR9#pL4@zW8$kN1^bT6&yH3*eM5(uJ0)cF-aS_dQ+oI=",
    "ALLOWED_HOSTS": "portal.nmt.or.th",
    "CSRF_TRUSTED_ORIGINS": "https://portal.nmt.or.th",
    "EMAIL_URL": "smtp://127.0.0.1:1025",
    # Without DATABASE_URL (a developer machine) the SQLite default lives here: a fresh
    # clone has no var/ directory yet.
    "VAR_DIR": tempfile.mkdtemp(prefix="portal-settings-test-"),
}
# Variables the test settings set for the suite itself; a child process must not inherit them.
SUITE_ONLY = ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
              "SECURE_COOKIES", "LOGIN_FAILED_RATE_LIMIT", "EMAIL_URL", "DEMO_CONTENT",
              "DJANGO_ALLOW_ASYNC_UNSAFE")


def manage(*args, env: dict):
    clean = {k: v for k, v in os.environ.items() if k not in SUITE_ONLY}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", env={"DJANGO_SETTINGS_MODULE": "config.settings.base"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_is_off_unless_asked():
    code = "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip() == "False ['portal.nmt.or.th']", result.stderr


def test_malformed_boolean_is_an_error_not_a_guess():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_deploy_checks_pass_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_content_is_refused_in_production():
    result = manage("load_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "Demo content is off" in result.stderr


def test_no_model_change_lacks_a_migration():
    result = manage("makemigrations", "--check", "--dry-run", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        ("smtp://127.0.0.1:1025", "smtp.EmailBackend",
         {"host": "127.0.0.1", "port": 1025, "use_tls": False, "use_ssl": False}),
        ("smtp://user:p%40ss@mail.example.org:587?tls=1", "smtp.EmailBackend",
         {"username": "user", "password": "p@ss", "use_tls": True}),
        ("smtps://mail.example.org", "smtp.EmailBackend", {"port": 465, "use_ssl": True}),
        ("console://", "console.EmailBackend", {}),
    ],
)
def test_email_url_becomes_a_mailer(url, backend, options):
    mailer = mailers_from_url(url, base_dir=ROOT)["default"]
    assert mailer["BACKEND"].endswith(backend)
    assert options.items() <= mailer["OPTIONS"].items()


def test_file_email_url_writes_under_the_project(tmp_path):
    mailer = mailers_from_url("file://var/mail", base_dir=tmp_path)["default"]
    assert mailer["OPTIONS"]["file_path"] == str(tmp_path / "var" / "mail")


def test_unknown_email_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        mailers_from_url("pigeon://coop", base_dir=ROOT)


def test_line_needs_both_credentials_or_none():
    result = manage("check", env={**PRODUCTION_ENV, "LINE_CHANNEL_SECRET": "s3cret"})
    assert result.returncode != 0
    assert "Set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN" in result.stderr
    code = "from django.conf import settings; print(settings.LINE_ENABLED)"
    for extra, expected in (({}, "False"), ({"LINE_CHANNEL_SECRET": "s",
                                             "LINE_CHANNEL_ACCESS_TOKEN": "t"}, "True")):
        result = manage("shell", "-c", code, env={**PRODUCTION_ENV, **extra})
        assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
