"""A home executive taken off a coach's list hears of it at the address the copies reached, so
a coach cannot quietly send their executives' copies elsewhere."""

import pytest

from tests.conftest import api_client

pytestmark = pytest.mark.django_db


def test_an_executive_whose_address_the_coach_replaces_is_told(make_coach, coach_user,
                                                                mailoutbox,
                                                                django_capture_on_commit_callbacks):
    coach = make_coach(user=coach_user, executives=[
        {"name": "นายวีระ ทดสอบ", "position": "mayor", "email": "mayor@yala.example.org",
         "preferred_language": "th"},
        {"name": "Clerk Kanya", "position": "clerk", "email": "clerk@yala.example.org",
         "preferred_language": "en"}])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(coach_user).patch(f"/api/coaches/{coach.pk}/", {"executives": [
            {"name": "นายวีระ ทดสอบ", "position": "mayor", "email": "coach.own@example.org"},
            {"name": "Clerk Kanya", "position": "clerk", "email": "clerk@yala.example.org",
             "preferred_language": "en"}]}, format="json")
    assert response.status_code == 200, response.json()
    [notice] = mailoutbox
    assert notice.to == ["mayor@yala.example.org"]
    assert coach.name_th in notice.subject
    assert "ไม่ได้รับรายงาน" in notice.subject  # in the executive's language


def test_an_unchanged_list_tells_nobody(make_coach, coach_user, mailoutbox,
                                        django_capture_on_commit_callbacks):
    coach = make_coach(user=coach_user)
    executive = coach.executives.get()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api_client(coach_user).patch(f"/api/coaches/{coach.pk}/", {"executives": [
            {"name": "ชื่อใหม่", "position": executive.position, "email": executive.email}]},
            format="json")
    assert mailoutbox == []
