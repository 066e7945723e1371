from celery import shared_task


@shared_task(name="portal.ping")
def ping(value: str = "pong") -> str:
    """Round-trip check used by the health page's operators and the worker test."""
    return value
