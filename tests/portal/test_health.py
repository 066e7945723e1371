import pytest
from django.conf import settings

from tests.conftest import need_service

# What an anonymous caller must not learn from the answer (review I3): the database vendor,
# how tasks run, the broker's transport, or the name of an error.
UNSAID = ("sqlite", "postgresql", "vendor", "in-process", "mode", "transport", "redis", "amqp",
          "error", "Error", "Exception")


def assert_says_nothing_more(response):
    text = response.content.decode()
    assert not [word for word in UNSAID if word in text], text


@pytest.mark.django_db
def test_healthy_without_a_broker_says_ok_and_nothing_else(client, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert_says_nothing_more(response)


@pytest.mark.django_db
def test_unreachable_broker_makes_it_503_without_saying_why(client, settings, caplog):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable",
                               "checks": {"database": "ok", "broker": "unavailable"}}
    assert_says_nothing_more(response)
    # The operator still learns the cause, from the log.
    assert "the task broker does not answer" in caplog.text


@pytest.mark.django_db
def test_real_broker_is_reported_healthy(client, settings):
    need_service(bool(settings.TEST_CELERY_BROKER_URL), "CELERY_BROKER_URL is not set")
    settings.CELERY_BROKER_URL = settings.TEST_CELERY_BROKER_URL
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}
    assert_says_nothing_more(response)


@pytest.mark.django_db
def test_health_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_test_settings_know_the_broker_from_the_environment():
    # Guards the CI wiring: CI exports CELERY_BROKER_URL and the suite must see it.
    import os

    assert settings.TEST_CELERY_BROKER_URL == (os.environ.get("CELERY_BROKER_URL") or None)
