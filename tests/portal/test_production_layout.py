"""docker-compose.yml cannot run here (no Docker engine), so check what can be checked."""

import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
README = (ROOT / "README.md").read_text()
VENV_BIN = Path(sys.executable).parent


def _command(service: str) -> str:
    command = COMPOSE["services"][service]["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_compose_has_the_production_services():
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(COMPOSE["services"])
    assert COMPOSE["services"]["web"]["build"] == "."
    assert (ROOT / "Dockerfile").exists()


def test_every_command_exists_in_the_installed_environment():
    for service in ("web", "worker", "beat", "migrate"):
        program = _command(service).split()[0]
        if program == "sh":
            continue
        assert shutil.which(program, path=str(VENV_BIN)), f"{service}: {program} not installed"
    assert _command("worker").startswith("celery -A config worker")
    assert _command("beat").startswith("celery -A config beat")


def test_web_command_is_the_one_the_readme_gives():
    web = _command("web")
    assert web.startswith("gunicorn config.wsgi:application")
    assert web in README


def test_wsgi_module_named_by_the_web_command_imports():
    import importlib

    module_name = _command("web").split()[1].split(":")[0]
    assert hasattr(importlib.import_module(module_name), "application")


def test_every_environment_variable_is_documented():
    settings_source = "".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    read = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', settings_source))
    example = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    required = {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "SECRET_KEY", "DEBUG",
                "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    assert required <= read
    undocumented = {name for name in read | example if f"`{name}`" not in README}
    assert not undocumented
