"""Turn EMAIL_URL into Django 6.1's MAILERS setting."""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}


def mailers_from_url(url: str, *, base_dir: Path) -> dict:
    """Examples: smtp://user:pass@host:1025?tls=1, smtps://host:465, console://, file://var/mail."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not one of {', '.join(sorted(_BACKENDS))}"
        )
    options: dict = {}
    if scheme in {"smtp", "smtps"}:
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": scheme == "smtps",
            "use_tls": query.get("tls", "0").lower() in {"1", "true", "yes"},
            "timeout": int(query.get("timeout", "10")),
        }
    elif scheme == "file":
        folder = (parts.netloc + parts.path) or "var/mail"
        path = Path(folder)
        options = {"file_path": str(path if path.is_absolute() else base_dir / path)}
    return {"default": {"BACKEND": _BACKENDS[scheme], "OPTIONS": options}}
