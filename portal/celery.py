"""Celery application. Settings come from Django settings prefixed with CELERY_.

Without CELERY_BROKER_URL the settings turn on task_always_eager, so queued tasks run
in-process; with it, `celery -A portal worker` and `celery -A portal beat` do the work.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
