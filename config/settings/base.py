"""Settings for every environment, read from environment variables (see README).

Fails closed: DEBUG is off unless DEBUG=1, and without DEBUG a SECRET_KEY is required.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str
from .limits import proxy_count, throttle_rate
from .mail import mailers_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "django_htmx",
    "portal",
    "coaches",
    "practices",
    "pilots",
    "line_oa",
    # Before the reports: its section comes first on a pilot's page (pilots.panels.SECTIONS).
    "learning",
    "reports",
    "deliveries",
    "network",
    "events",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Same backend, but test databases get a UTF-8 ctype so Thai trigram search works.
    DATABASES["default"]["ENGINE"] = "portal.db.postgresql"
    # The default random_page_cost (4) assumes spinning disks and steers the planner away from
    # the full-text index for medium-sized searches; 1.1 is the usual figure for SSDs and RAM.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={env_str('DATABASE_RANDOM_PAGE_COST', '1.1')}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# The client's address, which every per-client limit counts by (failed logins, sign-up and
# password reset, the coach contact form, the API). Each proxy in front of the application adds
# the address it received the request from to X-Forwarded-For; this many entries, from the
# right, are ours (docker-compose: 1, nginx). 0: nothing in front, REMOTE_ADDR is the client
# and X-Forwarded-For is ignored, as anyone can send one. (allauth's TRUSTED_CLIENT_IP_HEADER
# stays unset: it would take that header from whoever sends it, with no fallback.)
TRUSTED_PROXY_COUNT = proxy_count("TRUSTED_PROXY_COUNT", env_int("TRUSTED_PROXY_COUNT", 0))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Accounts (django-allauth): e-mail is the login, it must be verified, failed logins throttled.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[สทท.] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
}
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "portal.account_adapter.AccountAdapter"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are never served from MEDIA_ROOT directly: portal.files serves each one after the
# same permission check as its record. MEDIA_URL is only a prefix nothing answers to.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# After the check, let the web server in front send the file: the internal location that
# maps to MEDIA_ROOT (nginx: `location /internal-media/ { internal; alias ...; }`). Empty:
# the application streams the file itself.
MEDIA_ACCEL_REDIRECT = env_str("MEDIA_ACCEL_REDIRECT", "")
if MEDIA_ACCEL_REDIRECT and not (MEDIA_ACCEL_REDIRECT.startswith("/")
                                 and MEDIA_ACCEL_REDIRECT.endswith("/")):
    raise ImproperlyConfigured("MEDIA_ACCEL_REDIRECT must start and end with a slash, "
                               "e.g. /internal-media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache: Redis when REDIS_URL is set (shared by all web processes, as rate limits need),
# otherwise process memory.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Anonymous visitors' public pages are cached this many seconds (0 turns the cache off).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# E-mail: console by default; EMAIL_URL=smtp://host:port for a real server.
MAILERS = mailers_from_url(env_str("EMAIL_URL", "console://"), base_dir=BASE_DIR)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "สันนิบาตเทศบาลแห่งประเทศไทย <noreply@nmt.or.th>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker, tasks run in-process when they are queued.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# Celery closes Django's database connections before and after every task unless told to
# reuse them; a new PostgreSQL connection per task cost a report copy ~10 ms. Closed after
# this many tasks instead (broken connections are caught by conn_health_checks).
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 100)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Report copies to home executives: retries with exponential backoff, a lease after which a
# copy stuck in "sending" (its worker died) is taken again, and a sweeper for lost tasks.
DELIVERY_MAX_ATTEMPTS = env_int("DELIVERY_MAX_ATTEMPTS", 8)
DELIVERY_RETRY_BASE_SECONDS = env_int("DELIVERY_RETRY_BASE_SECONDS", 60)
DELIVERY_RETRY_MAX_SECONDS = env_int("DELIVERY_RETRY_MAX_SECONDS", 6 * 60 * 60)
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 10 * 60)
DELIVERY_SWEEP_AFTER_SECONDS = env_int("DELIVERY_SWEEP_AFTER_SECONDS", 5 * 60)
# Executives have no account: signed links in their copies (read the report, its PDF brief,
# confirm receipt) are the permission, for that report version only, and stop working after
# this many days, so a forwarded message is not a permanent door to the report.
DELIVERY_LINK_MAX_AGE_DAYS = env_int("DELIVERY_LINK_MAX_AGE_DAYS", 90)
# LINE Messaging API (an official account of the League): off unless both credentials are set.
# The secret checks the webhook's signatures; the token sends messages. LINE_BASIC_ID is the
# account's basic ID (e.g. "@123abcde"), used in the links and QR codes that link a recipient.
LINE_CHANNEL_SECRET = env_str("LINE_CHANNEL_SECRET", "")
LINE_CHANNEL_ACCESS_TOKEN = env_str("LINE_CHANNEL_ACCESS_TOKEN", "")
LINE_BASIC_ID = env_str("LINE_BASIC_ID", "")
LINE_API_URL = env_str("LINE_API_URL", "https://api.line.me").rstrip("/")
LINE_LINK_MAX_AGE_DAYS = env_int("LINE_LINK_MAX_AGE_DAYS", 14)
if bool(LINE_CHANNEL_SECRET) != bool(LINE_CHANNEL_ACCESS_TOKEN):
    raise ImproperlyConfigured(
        "Set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or neither (LINE off).")
LINE_ENABLED = bool(LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)
# Overdue-report reminders go to the coach once the report is past its deadline (the month's
# end plus the grace days); this many days after the deadline, a report still missing is
# escalated once to the League admins.
REMINDER_ESCALATION_DAYS = env_int("REMINDER_ESCALATION_DAYS", 14)
# Beat: the sweeper, and the scheduled e-mails of deliveries/scheduled.py at Bangkok time.
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-deliveries": {"task": "deliveries.sweep", "schedule": 5 * 60},
    "monthly-digest": {"task": "deliveries.monthly_digest",
                       "schedule": crontab(minute=0, hour=8, day_of_month=1)},
    "overdue-reminders": {"task": "deliveries.overdue_reminders",
                          "schedule": crontab(minute=30, hour=8)},
    "weekly-admin-summary": {"task": "deliveries.weekly_admin_summary",
                             "schedule": crontab(minute=0, hour=8, day_of_week="mon")},
    "event-reminders": {"task": "events.send_reminders",
                        "schedule": crontab(minute=0, hour=9)},
}
# Autodiscovery only imports each app's tasks.py; the worker must also know the scheduled ones.
CELERY_IMPORTS = ["deliveries.scheduled_tasks"]
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so unauthenticated API calls get 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Per client address (anon) or account (user), and tighter for the actions that rebuild
    # the whole library or enumerate the coach registry (portal/api/throttles.py).
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttles.AnonThrottle",
                                 "portal.api.throttles.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": throttle_rate("API_RATE_ANON", env_str("API_RATE_ANON", "600/min")),
        "user": throttle_rate("API_RATE_USER", env_str("API_RATE_USER", "1200/min")),
        "coach-match": throttle_rate(
            "API_RATE_COACH_MATCH", env_str("API_RATE_COACH_MATCH", "60/min")),
        "practice-export": throttle_rate(
            "API_RATE_PRACTICE_EXPORT", env_str("API_RATE_PRACTICE_EXPORT", "10/min")),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "portal.api.throttles.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NMLT portal API",
    "DESCRIPTION": "Reference data, best practices, coaches and pilot projects of the "
    "National Municipal League of Thailand (สันนิบาตเทศบาลแห่งประเทศไทย).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The errors every operation can answer, and which operations anyone may call.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "portal.api.schema.add_errors_and_anonymous_access"],
    "ENUM_NAME_OVERRIDES": {
        "PracticeStatusEnum": "practices.models.Practice.Status",
        "CoachStatusEnum": "coaches.models.Coach.Status",
        "CoachLanguageEnum": "coaches.models.LANGUAGE_CHOICES",
        "LanguageLevelEnum": "coaches.models.CoachLanguage.Level",
        "ExecutivePositionEnum": "coaches.models.HomeExecutive.Position",
        "CertificationIssuerEnum": "coaches.models.Certification.Issuer",
        "ConsentFieldEnum": "coaches.models.Coach.CONSENT_FIELDS",
        "PilotStatusEnum": "pilots.models.Pilot.Status",
        "ReportStatusEnum": "reports.models.ProgressReport.Status",
        "RecommendationStatusEnum": "learning.models.Recommendation.Status",
        "RecommendationLevelEnum": "learning.models.Recommendation.Level",
        "LogframeLevelEnum": "pilots.models.LogframeNode.Level",
        "ProgressStatusEnum": "pilots.serializers.PROGRESS_CHOICES",
    },
}

# Security headers. CSP allows only our own origin; no CDN is used anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Demo content (demo admin, demo coaches) may only be loaded where this is on.
DEMO_CONTENT = env_bool("DEMO_CONTENT", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The PDF renderer narrates every step of every brief at INFO; only its problems matter.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
