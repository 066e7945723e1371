"""The three failure cases, with a real Redis broker, a real Celery worker process and a real
SMTP server on loopback (CI provides the broker and PostgreSQL)."""

import os
import signal
import time
from collections import Counter
from contextlib import contextmanager

import pytest
from django.db import connection

from config.celery import app
from deliveries.models import Delivery
from tests.conftest import need_service
from tests.smtp_sink import SmtpServer
from tests.workers import celery_worker, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@contextmanager
def worker(settings, smtp: SmtpServer, **extra):
    """A worker on the default queue, reading this test's database and sending to `smtp`; this
    process queues to it through the broker instead of running tasks in-process."""
    broker = settings.TEST_CELERY_BROKER_URL
    need_service(bool(broker), "CELERY_BROKER_URL is not set")
    need_service(connection.vendor == "postgresql", "the worker shares the test database")
    db = connection.settings_dict
    env = {"DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                           f"{db['PORT'] or 5432}/{db['NAME']}",
           "EMAIL_URL": smtp.url, "DELIVERY_RETRY_BASE_SECONDS": "1",
           # The production settings: the test settings run every task in-process, which
           # would turn a retry's countdown into an immediate call inside the worker.
           "DJANGO_SETTINGS_MODULE": "config.settings.base",
           "SECRET_KEY": settings.SECRET_KEY, "DEBUG": "0", "DEMO_CONTENT": "0",
           "DELIVERY_RETRY_MAX_SECONDS": "2", **extra}
    app.conf.task_always_eager = False
    try:
        with celery_worker(broker, extra_env=env, queue="celery") as (queue, process):
            yield queue, process
    finally:
        app.conf.task_always_eager = True


def _all_sent(n):
    return lambda: Delivery.objects.filter(status="sent").count() == n


def test_each_report_version_reaches_each_executive_exactly_once(settings, reporting,
                                                                 coach_user):
    from reports import services

    smtp = SmtpServer().start()
    try:
        with worker(settings, smtp):
            first = reporting(month=2)
            reporting(month=3)
            correction = services.report_correct(report=first, actor=coach_user)
            services.report_submit(report=correction, actor=coach_user)
            assert wait_for(_all_sent(6), timeout=90), list(
                Delivery.objects.values_list("status", "last_error"))
            for pk in Delivery.objects.values_list("pk", flat=True):  # queue them all again
                app.send_task("deliveries.deliver", args=[pk])
            app.send_task("deliveries.sweep")
            time.sleep(3)  # the worker takes them and must send nothing more
    finally:
        smtp.stop()
    ids = smtp.sink.message_ids()
    assert len(ids) == 6 == len(set(ids))
    assert set(ids) == set(Delivery.objects.values_list("message_id", flat=True))
    pdfs = [part for m in smtp.sink.messages for part in m.walk()
            if part.get_content_type() == "application/pdf"]
    assert len(pdfs) == 6


def test_with_the_smtp_server_down_copies_are_retried_and_arrive_once_it_is_back(
        settings, reporting):
    smtp = SmtpServer()  # not started: connections are refused
    with worker(settings, smtp):
        reporting()
        assert wait_for(lambda: Delivery.objects.filter(attempts__gte=2).count() == 2,
                        timeout=60)
        assert set(Delivery.objects.values_list("status", flat=True)) <= {"pending", "sending"}
        assert "Connection refused" in Delivery.objects.first().last_error
        smtp.start()
        try:
            assert wait_for(_all_sent(2), timeout=90)
        finally:
            smtp.stop()
    assert len(smtp.sink.messages) == 2


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(settings, reporting):
    smtp = SmtpServer(delay=0.4).start()
    try:
        extra = {"DELIVERY_LEASE_SECONDS": "3", "DELIVERY_SWEEP_AFTER_SECONDS": "0"}
        with worker(settings, smtp, **extra) as (queue, process):
            for month in range(1, 6):
                reporting(month=month)  # 5 reports x 2 executives
            assert wait_for(lambda: len(smtp.sink.messages) >= 3, timeout=60)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        sent_before = Delivery.objects.filter(status="sent").count()
        assert sent_before < 10
        with worker(settings, smtp, **extra):
            # The periodic sweeper (beat) re-queues what the killed worker held.
            assert wait_for(lambda: app.send_task("deliveries.sweep") and _all_sent(10)(),
                            timeout=120, interval=4)
    finally:
        smtp.stop()
    ids = Counter(smtp.sink.message_ids())
    expected = set(Delivery.objects.values_list("message_id", flat=True))
    assert set(ids) == expected and len(expected) == 10  # none lost
    # None twice as the recipient sees it: a copy has one Message-ID on every attempt, so the
    # one the kill may have cut off after the server took it is the same message again.
    assert sum(ids.values()) - len(ids) <= 1
