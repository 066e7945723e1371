"""The demo cohort: 16 marked, fictional coaches, loaded only where DEMO_CONTENT is on."""

from collections import Counter
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from coaches import services, tasks
from coaches.demo import demo_coaches_load
from coaches.models import Coach, HomeExecutive
from portal.models import Municipality, Region

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def demo_on(settings, tmp_path):
    settings.DEMO_CONTENT = True
    settings.VAR_DIR = tmp_path  # load_demo writes the demo admin's password file there
    return settings


def test_the_cohort_is_16_marked_coaches_4_per_theme_spread_over_the_country(
        demo_on, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.notify_coach, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = demo_coaches_load()
    assert (result.created, result.existing, result.total) == (16, 0, 16)
    coaches = Coach.objects.filter(is_demo=True)
    assert coaches.count() == Coach.objects.count() == 16
    assert all(c.name_th.endswith(" (ตัวอย่าง)") for c in coaches)
    assert all(c.email.endswith("@example.org") for c in coaches)
    executives = HomeExecutive.objects.filter(coach__in=coaches)
    assert executives.count() >= 16
    assert all(e.email.endswith("@example.org") and "(ตัวอย่าง)" in e.name for e in executives)

    per_theme = Counter(code for c in coaches for code in c.themes.values_list("code", flat=True))
    assert per_theme == {"governance": 4, "environment": 4, "budget": 4, "participation": 4}
    statuses = Counter(coaches.values_list("status", flat=True))
    assert statuses["active"] > 8 and statuses["applied"] >= 2 and statuses["paused"] == 1
    homes = set(coaches.values_list("home_municipality", flat=True))
    assert homes == set(Municipality.objects.values_list("pk", flat=True))
    served = set(coaches.values_list("service_regions__code", flat=True)) | set(
        coaches.values_list("home_municipality__province__region__code", flat=True))
    assert set(Region.objects.values_list("code", flat=True)) <= served

    consents = [tuple(sorted(c.public_fields)) for c in coaches]
    # most show their name, bio, region and languages
    assert sum(c == ("bio", "home_region", "languages", "name") for c in consents) > 8
    assert sum(len(c) > 2 for c in consents) >= 2  # some show more
    assert sum(c == () for c in consents) >= 2  # a few show nothing
    assert len({c.availability_days for c in coaches}) >= 5
    assert len(set(coaches.values_list("languages__language", flat=True))) >= 6
    assert all(c.trainings.filter(name="DELGOSEA coach training").exists() for c in coaches)
    assert all(c.events.filter(action="applied").exists() for c in coaches)

    assert not mail.outbox  # no e-mail to the fictional coaches...
    assert not queued  # ...nor one queued for a worker
    assert not [c for c in callbacks if "_tell_coach" in getattr(c, "__qualname__", "")]
    # The services themselves still notify real coaches once the loader is done.
    with django_capture_on_commit_callbacks(execute=True):
        services.coach_set_status(coach=coaches.filter(status="applied").first(), actor=None,
                                  status="approved")
    assert len(queued) == 1


def test_loading_twice_still_gives_16(demo_on):
    demo_coaches_load()
    again = demo_coaches_load()
    assert (again.created, again.existing) == (0, 16)
    assert Coach.objects.filter(is_demo=True).count() == 16


def test_load_demo_command_loads_the_coaches_and_says_so(demo_on,
                                                         django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)
        call_command("load_demo", stdout=out)
    assert Coach.objects.filter(is_demo=True).count() == 16
    assert "Demo coaches: 16 (16 created" in out.getvalue()
    assert "Demo coaches: 16 (0 created" in out.getvalue()
    assert not mail.outbox


def test_load_demo_does_not_load_coaches_when_demo_content_is_off(settings, tmp_path):
    settings.DEMO_CONTENT = False
    settings.VAR_DIR = tmp_path
    with pytest.raises(CommandError, match="Demo content is off"):
        call_command("load_demo", stdout=StringIO())
    with pytest.raises(ImproperlyConfigured):
        demo_coaches_load()
    assert not Coach.objects.exists()


def test_demo_coaches_need_the_reference_municipalities(demo_on):
    Municipality.objects.filter(name_th="เทศบาลนครภูเก็ต").update(name_th="เทศบาลนครภูเก็ตเดิม")
    with pytest.raises(ImproperlyConfigured, match="load_reference_data"):
        demo_coaches_load()
    assert not Coach.objects.exists()
