"""LINE copies with a real Redis broker, a real Celery worker process and the fake LINE API on
loopback: a worker killed mid-batch, and LINE unreachable, still give exactly one message per
copy at the receiving end."""

import os
import signal
from collections import Counter

import pytest

from coaches.models import HomeExecutive
from config.celery import app
from deliveries.models import Delivery
from tests.deliveries.test_with_worker import worker
from tests.fake_line import FakeLine
from tests.fixtures.line import line_settings, link_all
from tests.smtp_sink import SmtpServer
from tests.workers import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _line(settings, fake: FakeLine) -> dict:
    """This process creates the LINE copies; the worker sends them to `fake`."""
    env = line_settings(fake)
    for name, value in env.items():
        setattr(settings, name, value)
    settings.LINE_ENABLED = True
    return env


def _line_sent(n):
    return lambda: Delivery.objects.filter(channel="line", status="sent").count() == n


def test_a_worker_killed_mid_batch_loses_and_duplicates_no_line_message(settings, reporting):
    fake = FakeLine(delay=0.4).start()
    smtp = SmtpServer().start()
    try:
        env = {**_line(settings, fake), "DELIVERY_LEASE_SECONDS": "3",
               "DELIVERY_SWEEP_AFTER_SECONDS": "0"}
        link_all(HomeExecutive.objects.all(), send_email=False)
        with worker(settings, smtp, **env) as (_queue, process):
            for month in range(1, 6):
                reporting(month=month)  # 5 reports x 2 executives, on LINE only
            assert wait_for(lambda: len(fake.pushes) >= 3, timeout=60)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        assert Delivery.objects.filter(status="sent").count() < 10
        with worker(settings, smtp, **env):
            assert wait_for(lambda: app.send_task("deliveries.sweep") and _line_sent(10)(),
                            timeout=120, interval=4)
    finally:
        smtp.stop()
        fake.stop()
    keys = Counter(p.retry_key for p in fake.pushes)
    assert len(keys) == 10 and set(keys.values()) == {1}  # each copy received once
    assert Delivery.objects.filter(channel="line").count() == 10
    assert not smtp.sink.messages and not fake.refused


def test_with_line_unreachable_copies_are_retried_and_arrive_once_it_is_back(settings,
                                                                            reporting):
    fake = FakeLine()  # not started: connections are refused
    smtp = SmtpServer().start()
    try:
        env = _line(settings, fake)
        link_all(HomeExecutive.objects.all(), send_email=False)
        with worker(settings, smtp, **env):
            reporting()
            assert wait_for(lambda: Delivery.objects.filter(attempts__gte=2).count() == 2,
                            timeout=60)
            assert set(Delivery.objects.values_list("status", flat=True)) <= {"pending",
                                                                              "sending"}
            assert "could not be reached" in Delivery.objects.first().last_error
            fake.start()
            assert wait_for(_line_sent(2), timeout=90)
    finally:
        smtp.stop()
        fake.stop()
    assert len(fake.pushes) == 2 and len({p.retry_key for p in fake.pushes}) == 2
