import logging

from celery import current_app as celery_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import selectors

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    return render(request, "portal/home.html", selectors.home_summary())


@require_GET
def about_data(request):
    return render(request, "portal/about_data.html", {"regions": selectors.regions_with_counts()})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        logger.warning("Health check: the database does not answer (%s: %s)",
                       exc.__class__.__name__, exc)
        return False
    return True


def _broker_ok() -> bool:
    if not settings.CELERY_BROKER_URL:
        return True  # tasks run in-process: there is no broker to wait for
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            conn.default_channel  # noqa: B018 - opening the channel proves the broker answers
    except Exception as exc:  # noqa: BLE001
        logger.warning("Health check: the task broker does not answer (%s: %s)",
                       exc.__class__.__name__, exc)
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    """For the load balancer and docker-compose: "ok" or "unavailable" per check, 200 or 503.
    Anyone may ask, so the answer names no database, broker or error; the log has the cause."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable",
         "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()}},
        status=200 if healthy else 503,
    )
