from celery import current_app as celery_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import selectors


@require_GET
def home(request):
    return render(request, "portal/home.html", selectors.home_summary())


@require_GET
def about_data(request):
    return render(request, "portal/about_data.html", {"regions": selectors.regions_with_counts()})


def _database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _broker_status() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "in-process"}
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            conn.default_channel  # noqa: B018 - opening the channel proves the broker answers
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "broker", "transport": conn.transport_cls}


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
