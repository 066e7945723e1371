import pytest
from celery import Celery

from tests.conftest import need_service
from tests.workers import celery_worker


@pytest.mark.services
def test_a_task_really_runs_on_a_worker_through_the_broker(settings):
    broker = settings.TEST_CELERY_BROKER_URL
    need_service(bool(broker), "CELERY_BROKER_URL is not set")
    client = Celery("portal-test-client", broker=broker, backend=broker, set_as_current=False)
    with celery_worker(broker) as (queue, process):
        result = client.send_task("portal.ping", args=["สวัสดี"], queue=queue)
        assert result.get(timeout=60) == "สวัสดี"
        assert process.poll() is None  # the worker is still up and did the work itself


def test_without_a_broker_tasks_run_in_process(settings):
    from portal.tasks import ping

    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert ping.delay("ok").get(timeout=1) == "ok"
