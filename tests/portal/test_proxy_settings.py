"""How the deployment tells the application about the proxy in front of it and the limits it
counts per client: the settings fail closed, and docker-compose.yml sets what production needs."""

import json
from urllib.parse import urlsplit

import pytest
import yaml

from tests.portal.test_settings import PRODUCTION_ENV, ROOT, manage

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SHOW = ("from django.conf import settings; import json; print(json.dumps(["
        "getattr(settings, 'ALLAUTH_TRUSTED_PROXY_COUNT', None), "
        "settings.REST_FRAMEWORK.get('NUM_PROXIES'), "
        "settings.REST_FRAMEWORK.get('DEFAULT_THROTTLE_CLASSES'), "
        "settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']]))")


def _settings_under(**env):
    result = manage("shell", "--no-imports", "-c", SHOW, env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_one_trusted_proxy_reaches_the_login_limits_and_the_api_and_none_is_the_default():
    allauth, drf, classes, rates = _settings_under(TRUSTED_PROXY_COUNT="1",
                                                   API_RATE_PRACTICE_EXPORT="5/hour")
    assert (allauth, drf) == (1, 1)
    assert classes  # anonymous and signed-in requests are throttled
    assert rates == {"anon": "600/min", "user": "1200/min", "coach-match": "60/min",
                     "practice-export": "5/hour"}
    allauth, drf, _classes, _rates = _settings_under()
    assert (allauth, drf) == (0, 0)  # nothing trusted: X-Forwarded-For is ignored


@pytest.mark.parametrize(("name", "value", "error"), [
    ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be 0 (nothing in front of the "
                                  "application) or the number of proxies"),
    ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT must be an integer, got 'one'"),
    ("API_RATE_COACH_MATCH", "lots", "API_RATE_COACH_MATCH must be a number of requests per "
                                     "period, such as 60/min"),
])
def test_a_malformed_limit_setting_stops_the_start_with_its_name(name, value, error):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert error in result.stderr


def test_compose_trusts_nginx_and_gives_the_cache_a_bounded_redis_of_its_own():
    app = COMPOSE["x-app"]["environment"]
    assert str(app["TRUSTED_PROXY_COUNT"]) == "1"  # nginx, the one proxy in front

    def redis_of(url: str) -> str:
        host = urlsplit(url).hostname
        assert host in COMPOSE["services"], url
        return COMPOSE["services"][host].get("command", "")

    cache, broker = redis_of(app["REDIS_URL"]), redis_of(app["CELERY_BROKER_URL"])
    assert cache != broker
    assert "--maxmemory 256mb" in cache and "--maxmemory-policy allkeys-lru" in cache
    assert '--save ""' in cache and "--appendonly no" in cache  # nothing kept on disk
    assert "--maxmemory-policy noeviction" in broker  # a queued task is never dropped
