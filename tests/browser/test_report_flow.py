"""A coach writes a progress report in the browser and the pilot page reflects it."""

import datetime
import re

import pytest
from django.core import mail

from deliveries.models import Delivery
from pilots import services
from portal import clock
from reports.selectors import pilot_reporting_rate
from tests.browser.conftest import axe_violations
from tests.browser.test_nomination_flow import log_in

pytestmark = pytest.mark.browser


def test_a_coach_reports_and_the_pilot_page_shows_it(page, make_pilot, make_coach,  # noqa: F811
                                                     coach_user):
    from tests.conftest import PASSWORD

    today = clock.today()
    start = (today.replace(day=1) - datetime.timedelta(days=70)).replace(day=1)
    pilot = make_pilot(starts_on=start)
    coach = make_coach(user=coach_user)
    services.assignment_add(pilot=pilot, coach=coach, role="lead", starts_on=start)
    services.indicator_add(pilot=pilot, data={
        "name_th": "ครัวเรือนที่คัดแยกขยะ", "name_en": "Households sorting waste",
        "unit": "%", "baseline": 10, "target": 60, "starts_on": start,
        "due_on": start + datetime.timedelta(days=365)})
    before = pilot_reporting_rate(pilot)
    assert before.missing >= 1

    log_in(page, coach_user.email, PASSWORD)
    page.goto(f"{page.base}/en/pilots/{pilot.slug}/")
    page.get_by_role("link", name="Write a progress report").click()
    page.get_by_role("button", name="Start the report").click()  # last month, this year
    page.get_by_label("Summary").fill("จัดเวทีประชาคมสามหมู่บ้าน ครัวเรือนเริ่มคัดแยกขยะ")
    page.get_by_label("What we expected").fill("ครัวเรือนร่วมคัดแยกร้อยละ 30")
    page.get_by_label("What happened").fill("ครัวเรือนร่วมคัดแยกร้อยละ 35")
    page.get_by_label("Value (%)").fill("35")
    page.get_by_label("Evidence").fill("แบบสำรวจครัวเรือน")
    assert axe_violations(page) == []  # the report form
    page.get_by_role("button", name="Submit").click()
    assert "Submitted" in page.locator("main").inner_text()

    page.goto(f"{page.base}/en/pilots/{pilot.slug}/")
    assert "35" in page.locator("table", has_text="Households sorting waste").inner_text()
    report = pilot.reports.get()
    assert page.locator(f'a[href="/en/pilots/reports/{report.pk}/"]').count() == 1  # timeline
    after = pilot_reporting_rate(pilot)
    assert after.missing == before.missing - 1
    assert after.on_time + after.late == before.on_time + before.late + 1
    rate = page.locator(".reporting-rate").inner_text()
    assert f"Missing\n{after.missing}" in rate

    # The coach's home executive received one copy, with the PDF brief, and confirms it.
    copies = [m for m in mail.outbox if m.to == [coach.executives.get().email]]
    assert len(copies) == 1
    assert [a[2] for a in copies[0].attachments] == ["application/pdf"]
    assert Delivery.objects.get(report=report).status == "sent"
    link = re.search(r"https?://\S+(/deliveries/confirm/\S+/)", copies[0].body).group(1)
    page.context.clear_cookies()  # the executive, not signed in as the coach
    page.goto(page.base + "/en" + link)
    page.get_by_role("button", name="I received the report").click()
    assert Delivery.objects.get(report=report).confirmed_at is not None
