"""One mail connection kept open by each worker process for the report copies it sends.

Opening a connection to the mail server for every copy (connect, greeting, TLS, login)
cost more than building the message once the PDF brief is rendered only once. A server that
closed the idle connection is seen on the next send: the connection is opened again and the
copy sent on it. A change of MAILERS (tests) drops the kept connection.
"""

import smtplib
import threading

from django.core.mail import mailers
from django.core.signals import setting_changed

_kept = None
_lock = threading.Lock()
# Errors of a connection the server closed while it was kept idle.
STALE = (smtplib.SMTPServerDisconnected, ConnectionResetError, BrokenPipeError)


def close() -> None:
    global _kept
    with _lock:
        if _kept is not None:
            try:
                _kept.close()
            except Exception:  # noqa: BLE001, S110  (closing a dead connection)
                pass
            _kept = None


def send(message) -> None:
    """Send `message` on the kept connection; raise what the server answered otherwise."""
    global _kept
    for _attempt in range(2):
        with _lock:
            fresh = _kept is None
            if fresh:
                _kept = mailers.default
                _kept.open()
            mailer = _kept
        try:
            mailer.send_messages([message])
            return
        except STALE:
            close()
            if fresh:  # a new connection failing is the server's answer, not staleness
                raise
        except Exception:
            close()
            raise


def _mailers_changed(setting, **kwargs) -> None:
    if setting == "MAILERS":
        close()


setting_changed.connect(_mailers_changed, dispatch_uid="deliveries-kept-mailer")
