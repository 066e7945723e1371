"""Settings for the test suite: the base settings plus what tests need to be fast and local."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "only-for-the-test-suite-" + "0123456789abcdef" * 3)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key")

from .base import *  # noqa: E402,F403
from .base import CELERY_BROKER_URL  # noqa: E402

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="portal-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests run tasks in-process; the tests that prove the worker path turn this off themselves.
CELERY_TASK_ALWAYS_EAGER = True
# Query counts are pinned per page; the page-cache test turns the cache on itself.
PAGE_CACHE_SECONDS = 0
TEST_CELERY_BROKER_URL = CELERY_BROKER_URL
