"""The registry's rules, as League admins and coaches meet them."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from coaches import services
from coaches.models import Coach, CoachEvent, DeletionRequest
from portal.models import User

pytestmark = pytest.mark.django_db


def test_application_is_private_by_default_and_the_coach_is_told(
        make_coach, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coach = make_coach(status="applied", user=staff_user, bio="ชอบงานชุมชน")
    assert coach.status == Coach.Status.APPLIED
    assert coach.public_fields == []
    assert coach.search_text == ""  # nothing private becomes searchable
    assert coach.public_name() == f"Coach no. {coach.pk}" or "วิทยากร" in coach.public_name()
    assert [m.to for m in mail.outbox] == [[coach.email]]


def test_every_decision_is_logged_and_mailed(make_coach, league_admin, staff_user,
                                             django_capture_on_commit_callbacks):
    coach = make_coach(status="applied", user=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        for step in ("approved", "active", "paused", "active", "retired"):
            services.coach_set_status(coach=coach, actor=league_admin, status=step)
    history = list(coach.events.filter(action=CoachEvent.Action.STATUS)
                   .values_list("from_status", "to_status"))
    assert history == [("applied", "approved"), ("approved", "active"), ("active", "paused"),
                       ("paused", "active"), ("active", "retired")]
    assert len(mail.outbox) == 5
    staff_user.refresh_from_db()
    assert staff_user.role == User.Role.COACH  # approval makes the account a coach's


def test_rejection_needs_a_reason_and_wrong_steps_are_refused(make_coach, league_admin):
    coach = make_coach(status="applied")
    with pytest.raises(ValidationError) as error:
        services.coach_set_status(coach=coach, actor=league_admin, status="rejected")
    with translation.override("en"):
        assert "reason" in error.value.message_dict["note"][0]
    with pytest.raises(ValidationError):
        services.coach_set_status(coach=coach, actor=league_admin, status="retired")
    coach.refresh_from_db()
    assert coach.status == Coach.Status.APPLIED
    services.coach_set_status(coach=coach, actor=league_admin, status="rejected",
                              note="ยังไม่มีประสบการณ์ด้านการถ่ายโอน")
    coach.refresh_from_db()
    assert coach.status_note == "ยังไม่มีประสบการณ์ด้านการถ่ายโอน"


@translation.override("en")
def test_a_coach_needs_a_home_executive_and_a_theme(make_coach):
    with pytest.raises(ValidationError, match="home executive"):
        make_coach(executives=[])
    with pytest.raises(ValidationError, match="theme"):
        make_coach(themes=[])
    assert not Coach.objects.exists()


def test_only_consented_fields_are_searchable(make_coach):
    hidden = make_coach(name="สมศักดิ์ ขยันยิ่ง", bio="ผู้เชี่ยวชาญการจัดการขยะมูลฝอย")
    shown = make_coach(name="สมพร ใจงาม", bio="ผู้เชี่ยวชาญการจัดการขยะมูลฝอย",
                       public=["name", "bio"])
    assert "ขยะ" not in hidden.search_text
    assert "ขยะมูลฝอย" in shown.search_text.split()


def test_deletion_removes_the_data_and_keeps_the_log(make_coach, league_admin, staff_user):
    coach = make_coach(user=staff_user)
    request = services.deletion_request(coach=coach, actor=staff_user, reason="ย้ายงาน")
    assert services.deletion_request(coach=coach, actor=staff_user) == request  # only one
    services.deletion_handle(request=request, actor=league_admin, outcome="deleted")
    assert not Coach.objects.filter(pk=coach.pk).exists()
    log = DeletionRequest.objects.get()
    assert (log.coach_name, log.outcome, log.handled_by) == (coach.name_th, "deleted",
                                                             league_admin)
    with pytest.raises(ValidationError):
        services.deletion_handle(request=log, actor=league_admin, outcome="declined", note="x")
