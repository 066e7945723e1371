import pytest
from django.conf import settings

from tests.conftest import need_service


@pytest.mark.django_db
def test_healthy_without_a_broker_reports_in_process_tasks(client, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"] == {"ok": True, "mode": "in-process"}


@pytest.mark.django_db
def test_unreachable_broker_makes_it_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_real_broker_is_reported_healthy(client, settings):
    need_service(bool(settings.TEST_CELERY_BROKER_URL), "CELERY_BROKER_URL is not set")
    settings.CELERY_BROKER_URL = settings.TEST_CELERY_BROKER_URL
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["broker"]["mode"] == "broker"


@pytest.mark.django_db
def test_health_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_test_settings_know_the_broker_from_the_environment():
    # Guards the CI wiring: CI exports CELERY_BROKER_URL and the suite must see it.
    import os

    assert settings.TEST_CELERY_BROKER_URL == (os.environ.get("CELERY_BROKER_URL") or None)
