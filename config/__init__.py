"""The project package: settings, root URLs, the Celery app, WSGI and ASGI entry points.

Importing it creates the Celery app, so `celery -A config` and Django share one configuration.
"""

from config.celery import app as celery_app

__all__ = ["celery_app"]
