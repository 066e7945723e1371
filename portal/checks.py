"""System checks for what must hold in production."""

from django.conf import settings
from django.core.checks import Error, register
from django.db import connection


@register(deploy=True)
def postgresql_has_utf8_ctype(app_configs, **kwargs):
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        (ctype,) = cursor.fetchone()
    if "utf" not in ctype.lower():
        return [
            Error(
                f"The database's LC_CTYPE is {ctype!r}; Thai trigram search needs a UTF-8 ctype.",
                hint="CREATE DATABASE ... TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
                id="portal.E001",
            )
        ]
    return []


@register(deploy=True)
def demo_content_is_off(app_configs, **kwargs):
    if settings.DEMO_CONTENT:
        return [
            Error("DEMO_CONTENT is on; demo accounts must never exist in production.",
                  id="portal.E002")
        ]
    return []
