"""Celery application. Settings come from Django settings prefixed with CELERY_.

Without CELERY_BROKER_URL the settings turn on task_always_eager, so queued tasks run
in-process; with it, `celery -A config worker` and `celery -A config beat` do the work.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
