"""Coaches' progress reports in the web pages: start, write, submit, correct, comment, rates."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pilots import services
from pilots.models import Measurement
from portal import clock
from reports import services as report_services
from reports.models import ProgressReport, ReportAttachment, ReportComment
from reports.rates import month_end

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n"


def _en(name: str, *args) -> str:
    """The English address of a page (reverse() follows whatever language a request left)."""
    with translation.override("en"):
        return reverse(name, args=args)


def _th(name: str, *args) -> str:
    with translation.override("th"):
        return reverse(name, args=args)


def _indicator(pilot, name="ปริมาณขยะต่อวัน", order=0):
    return services.indicator_add(pilot=pilot, data={
        "name_th": name, "unit": "ตัน", "baseline": 100, "target": 50, "order": order,
        "starts_on": datetime.date(2026, 1, 1), "due_on": datetime.date(2026, 12, 31)})


def _edit_data(*, summary="จัดเวทีชุมชน", rows=(), button="save", **fields) -> dict:
    """POST data of the edit form; `rows`: one dict per indicator of the pilot, in order."""
    data = {
        "report-summary": summary, "report-activities": "", "report-aar_expected": "",
        "report-aar_happened": "", "report-aar_better": "", "report-aar_suggestions": "",
        "report-problems": "", "report-next_steps": "",
        "measurements-TOTAL_FORMS": str(len(rows)), "measurements-INITIAL_FORMS": "0",
        "measurements-MIN_NUM_FORMS": "0", "measurements-MAX_NUM_FORMS": "1000",
        button: "1",
    }
    data.update({f"report-{name}": value for name, value in fields.items()})
    for index, row in enumerate(rows):
        for name in ("value", "measured_on", "evidence"):
            data[f"measurements-{index}-{name}"] = row.get(name, "")
    return data


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _start(client, pilot, period="month-3", year="2026"):
    return client.post(_en("reports:report-start", pilot.slug),
                       {"period": period, "year": year})


@pytest.fixture
def draft(assigned):
    pilot, coach = assigned
    return report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026, number=3)


@pytest.fixture
def submitted(draft, coach_user):
    report_services.report_update(report=draft, actor=coach_user, data={"summary": "จัดเวทีชุมชน"})
    return report_services.report_submit(report=draft, actor=coach_user)


# The coach's journey ---------------------------------------------------------------------------

def test_a_coach_starts_writes_submits_and_corrects_a_report(client, assigned, coach_user):
    pilot, coach = assigned
    indicator = _indicator(pilot)
    client.force_login(coach_user)

    page = client.get(_en("reports:report-start", pilot.slug))
    assert page.status_code == 200
    assert ">2026 (B.E. 2569)</option>" in page.content.decode()
    assert "Quarter 1 (January–March)" in page.content.decode()

    response = _start(client, pilot)
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _en("reports:report-edit", report.pk)
    assert (report.period_start, report.period_end, report.status) == (
        datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), "draft")
    assert _start(client, pilot)["Location"] == response["Location"]  # the same draft reopens

    edit_url = response["Location"]
    page = client.get(edit_url)
    assert "Progress report March 2026" in page.content.decode()
    response = client.post(edit_url, _edit_data(
        rows=[{"value": "80", "measured_on": "2026-03-28", "evidence": "บันทึกตาชั่ง"}],
        aar_expected="ลดขยะร้อยละ 10"), follow=True)
    assert "Your draft was saved." in _messages(response)
    report.refresh_from_db()
    assert (report.summary, report.aar_expected, report.status) == (
        "จัดเวทีชุมชน", "ลดขยะร้อยละ 10", "draft")
    measurement = Measurement.objects.get(report=report)
    assert (measurement.indicator, measurement.value, measurement.measured_on,
            measurement.evidence) == (indicator, 80, datetime.date(2026, 3, 28), "บันทึกตาชั่ง")
    assert 'name="measurements-0-value" value="80.00"' in response.content.decode()  # prefilled

    response = client.post(edit_url, _edit_data(
        rows=[{"value": "75"}], button="submit"), follow=True)
    assert response.redirect_chain[-1][0] == _en("reports:report", report.pk)
    assert any("Your report was submitted" in m for m in _messages(response))
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_at is not None
    # empty date = the last day of the period
    assert Measurement.objects.get(report=report).measured_on == datetime.date(2026, 3, 31)

    # Locked: the edit page sends the coach back, and a late POST changes nothing.
    response = client.get(edit_url, follow=True)
    assert response.redirect_chain[-1][0] == _en("reports:report", report.pk)
    assert any("submitted and locked" in m for m in _messages(response))
    response = client.post(edit_url, _edit_data(summary="แก้ทีหลัง"), follow=True)
    assert any("submitted and locked" in m for m in _messages(response))
    report.refresh_from_db()
    assert report.summary == "จัดเวทีชุมชน"

    page = client.get(_en("reports:report", report.pk)).content.decode()
    assert "Submit a correction" in page
    response = client.post(_en("reports:report-correct", report.pk))
    correction = ProgressReport.objects.get(version=2)
    assert response["Location"] == _en("reports:report-edit", correction.pk)
    page = client.get(response["Location"]).content.decode()
    assert "version 2 (a correction)" in page
    assert "จัดเวทีชุมชน</textarea>" in page  # prefilled from version 1
    assert 'name="measurements-0-value" value="75.00"' in page
    assert (correction.corrects, correction.status) == (report, "draft")

    old = client.get(_en("reports:report", report.pk)).content.decode()
    assert "corrected by" in old and _en("reports:report", correction.pk) in old
    assert "Submit a correction" not in old  # one correction per version
    new = client.get(_en("reports:report", correction.pk)).content.decode()
    assert "corrects" in new and _en("reports:report", report.pk) in new


def test_submitting_without_a_summary_saves_nothing(client, draft, coach_user):
    indicator = _indicator(draft.pilot)
    client.force_login(coach_user)
    response = client.post(_en("reports:report-edit", draft.pk), _edit_data(
        summary="", rows=[{"value": "90"}], activities="ประชุม", button="submit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write a summary before submitting." in html and "Nothing has been saved" in html
    draft.refresh_from_db()
    assert (draft.status, draft.activities) == ("draft", "")
    assert not indicator.measurements.exists()


def test_a_measurement_needs_a_value_and_cannot_be_in_the_future(client, draft, coach_user):
    _indicator(draft.pilot)
    _indicator(draft.pilot, name="จำนวนครัวเรือนที่คัดแยกขยะ", order=1)
    client.force_login(coach_user)
    tomorrow = clock.today() + datetime.timedelta(days=1)
    response = client.post(_en("reports:report-edit", draft.pk), _edit_data(
        rows=[{"evidence": "ภาพถ่าย"}, {"value": "5", "measured_on": tomorrow.isoformat()}]))
    html = response.content.decode()
    assert "Enter the value measured" in html
    assert "A measurement cannot be dated in the future." in html
    assert 'href="#id_measurements-1-measured_on"' in html  # the summary links to the field
    assert not Measurement.objects.exists()
    draft.refresh_from_db()
    assert draft.summary == ""


def test_wrong_attachments_are_refused_and_nothing_is_saved(client, draft, coach_user):
    client.force_login(coach_user)
    url = _en("reports:report-edit", draft.pk)
    data = _edit_data(summary="สรุปใหม่")
    data["report-attachments"] = [
        SimpleUploadedFile("setup.exe", b"MZ\x90\x00" * 10, content_type="application/pdf"),
        SimpleUploadedFile("fake.pdf", b"GIF89a" + b"\x00" * 20, content_type="application/pdf"),
    ]
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“setup.exe” is not a PDF, JPEG, PNG or WebP file." in html
    assert "“fake.pdf” does not contain what its name says" in html
    assert "choose them again" in html
    draft.refresh_from_db()
    assert draft.summary == ""
    assert not ReportAttachment.objects.exists()

    data = _edit_data(summary="สรุปใหม่")
    data["report-attachments"] = [SimpleUploadedFile("minutes.pdf", PDF,
                                                     content_type="application/pdf")]
    response = client.post(url, data, follow=True)
    assert "Your draft was saved." in _messages(response)
    attachment = ReportAttachment.objects.get()
    assert (attachment.title, attachment.kind, attachment.report) == ("minutes.pdf", "pdf", draft)
    assert "minutes.pdf" in response.content.decode()


def test_the_period_is_shown_in_the_readers_calendar(client, assigned, submitted):
    pilot, coach = assigned
    client.force_login(coach.user)
    thai = client.get(_th("reports:report", submitted.pk)).content.decode()
    assert "มีนาคม 2569" in thai and "2026" not in thai.split("<main", 1)[1]
    quarter = report_services.report_start(pilot=pilot, coach=coach, kind="quarter", year=2026,
                                           number=1)
    assert "Quarter 1/2026" in client.get(_en("reports:report", quarter.pk)).content.decode()
    assert "/2569" in client.get(_th("reports:report", quarter.pk)).content.decode()


# Who may do what -------------------------------------------------------------------------------

def test_only_a_coach_assigned_to_the_pilot_may_start_a_report(
        client, assigned, make_coach, other_coach_user, staff_user):
    pilot, _coach = assigned
    make_coach(user=other_coach_user)
    url = _en("reports:report-start", pilot.slug)
    for user in (other_coach_user, staff_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert _start(client, pilot).status_code == 403
    assert not ProgressReport.objects.exists()
    client.logout()
    assert client.get(url)["Location"].startswith("/en/accounts/login/")


def test_a_draft_is_only_for_its_coach_and_league_admins(
        client, draft, coach_user, other_coach_user, staff_user, league_admin):
    url = _en("reports:report", draft.pk)
    assert client.get(url).status_code == 404
    for user in (other_coach_user, staff_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(_en("reports:report-edit", draft.pk)).status_code == 404
        assert client.post(_en("reports:report-submit", draft.pk)
                           ).status_code == 404
    client.force_login(league_admin)
    assert client.get(url).status_code == 200
    assert client.get(_en("reports:report-edit", draft.pk)).status_code == 403
    client.force_login(coach_user)
    assert client.get(url).status_code == 200


def test_the_coordinator_and_league_admins_comment_and_the_coach_reads(
        client, assigned, submitted, staff_user, league_admin, coach_user):
    pilot, _coach = assigned
    services.pilot_save(pilot=pilot, actor=None, data={"coordinator": staff_user})
    url = _en("reports:report", submitted.pk)
    comment_url = _en("reports:report-comment", submitted.pk)

    client.force_login(staff_user)
    assert 'action="' + comment_url + '"' in client.get(url).content.decode()
    response = client.post(comment_url, {"body": "ขอภาพกิจกรรมเพิ่มเติม"}, follow=True)
    assert "Your comment was added." in _messages(response)
    assert response.status_code == 200
    assert client.post(comment_url, {"body": "  "}).status_code == 400

    client.force_login(league_admin)
    response = client.post(comment_url, {"body": "ดีมาก"}, follow=True)
    assert "ขอภาพกิจกรรมเพิ่มเติม" in response.content.decode()

    client.force_login(coach_user)
    page = client.get(url).content.decode()
    assert "ขอภาพกิจกรรมเพิ่มเติม" in page and "ดีมาก" in page
    assert comment_url not in page  # no comment form for the coach
    assert client.post(comment_url, {"body": "ขอบคุณ"}).status_code == 403
    assert list(ReportComment.objects.values_list("body", flat=True)) == [
        "ขอภาพกิจกรรมเพิ่มเติม", "ดีมาก"]

    client.logout()
    assert client.get(url).status_code == 404  # a report is private until the League publishes
    report_services.report_publish(report=submitted, actor=league_admin)
    public = client.get(url).content.decode()
    assert "จัดเวทีชุมชน" in public
    assert "ขอภาพกิจกรรมเพิ่มเติม" not in public and "Comments" not in public


# The coach's own list --------------------------------------------------------------------------

def test_my_reports_lists_assignments_drafts_and_submitted_reports(
        client, assigned, submitted, coach_user, staff_user, league_admin):
    pilot, coach = assigned
    report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026, number=4)
    client.force_login(coach_user)
    html = client.get(_en("reports:my-reports")).content.decode()
    assert ">My reports</a>" in html.split("<main", 1)[0]  # in the navigation
    assert "Lead coach" in html and _en("reports:report-start", pilot.slug) in html
    drafts = html.split('id="drafts-heading"', 1)[1].split("</section>", 1)[0]
    sent = html.split('id="submitted-heading"', 1)[1].split("</section>", 1)[0]
    assert "April 2026" in drafts and "March 2026" not in drafts
    assert "March 2026" in sent and "April 2026" not in sent

    client.force_login(staff_user)
    html = client.get(_en("reports:my-reports")).content.decode()
    assert "You do not have a coach profile." in html
    assert ">My reports</a>" not in html.split("<main", 1)[0]
    assert _en("reports:reporting-rates") not in html

    client.force_login(league_admin)
    assert _en("reports:reporting-rates") in client.get(_en("reports:my-reports")).content.decode()


# Reporting rates -------------------------------------------------------------------------------

def _month(today, back: int) -> datetime.date:
    """First day of the month `back` months before today's."""
    first = today.replace(day=1)
    for _ in range(back):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def _send(pilot, coach, first: datetime.date, sent_on: datetime.date, *, correct_on=None):
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=first.year,
                                          number=first.month)
    report_services.report_update(report=report, actor=None, data={"summary": "รายงาน"})
    report_services.report_submit(report=report, actor=None)
    at = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(12)))
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=at)
    if correct_on:
        _resend(report, correct_on)
    return report


def _resend(report, sent_on):
    correction = report_services.report_correct(report=report, actor=None)
    report_services.report_submit(report=correction, actor=None)
    at = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(12)))
    ProgressReport.objects.filter(pk=correction.pk).update(submitted_at=at)


@pytest.fixture
def known_reports(make_pilot, make_coach):
    """Pilot R-A: coach Anong (months -3 and -2: on time, then late, her first report corrected
    much later) and coach Boon (month -3 only: missing). Pilot R-B: Anong (month -2: on time)."""
    today = clock.today()
    m3, m2 = _month(today, 3), _month(today, 2)
    a, b = make_pilot(code="R-A"), make_pilot(code="R-B")
    anong, boon = make_coach(name="อนงค์ ทดสอบ"), make_coach(name="บุญ ทดสอบ")
    for pilot, coach, first, last in [(a, anong, m3, m2), (a, boon, m3, m3), (b, anong, m2, m2)]:
        services.assignment_add(pilot=pilot, coach=coach, role="coach", starts_on=first,
                                ends_on=month_end(last))
    _send(a, anong, m3, month_end(m3) + datetime.timedelta(days=1),
          correct_on=month_end(m2) + datetime.timedelta(days=20))
    _send(a, anong, m2, month_end(m2) + datetime.timedelta(days=10))
    _send(b, anong, m2, month_end(m2) + datetime.timedelta(days=7))  # the last day of grace
    return a, b, anong, boon


def _row(html: str, table_class: str, heading: str) -> list[str]:
    table = html.split(f'report-rates {table_class}"', 1)[1].split("</table>", 1)[0]
    row = re.search(rf'<th scope="row">[^\n]*?{re.escape(heading)}[^\n]*?</th>(.*?)</tr>',
                    table, re.S)
    assert row, heading
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_reporting_rates_per_pilot_and_per_coach(client, known_reports, league_admin):
    client.force_login(league_admin)
    html = client.get(_en("reports:reporting-rates")).content.decode()
    # due, on time, late, missing, % on time
    assert _row(html, "rates-by-pilot", "R-A") == ["3", "1", "1", "1", "33 %"]
    assert _row(html, "rates-by-pilot", "R-B") == ["1", "1", "0", "0", "100 %"]
    assert _row(html, "rates-by-coach", "อนงค์ ทดสอบ") == ["3", "2", "1", "0", "67 %"]
    assert _row(html, "rates-by-coach", "บุญ ทดสอบ") == ["1", "0", "0", "1", "0 %"]
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and "R-A: 33 %; R-B: 100 %." in svg
    assert 'width="79.2"' in svg and 'width="240.0"' in svg  # 33 % and 100 % of the track
    main = html.split("<main", 1)[1]
    assert "style=" not in main and "<script" not in main and html.count("<h1") == 1
    for table in re.findall(r"<table.*?</table>", main, re.S):
        assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table


def test_reporting_rates_are_for_league_admins_only(client, coach_user, staff_user):
    url = _en("reports:reporting-rates")
    assert client.get(url)["Location"].startswith("/en/accounts/login/")
    for user in (coach_user, staff_user):
        client.force_login(user)
        assert client.get(url).status_code == 403


# Query counts ----------------------------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_report_page_query_count_is_pinned_and_does_not_grow(
        client, assigned, coach_user, staff_user, league_admin):
    pilot, coach = assigned
    services.pilot_save(pilot=pilot, actor=None, data={"coordinator": staff_user})
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=3)
    indicators = [_indicator(pilot, name=f"ตัวชี้วัด {n}", order=n) for n in range(3)]

    def grow(n):
        report_services.report_update(
            report=report, actor=coach_user, data={"summary": "สรุป"},
            measurements=[{"indicator": i, "value": 90} for i in indicators[:n]],
            files=[SimpleUploadedFile(f"file{k}.pdf", PDF) for k in range(n)])

    grow(1)
    report_services.report_submit(report=report, actor=coach_user)
    report_services.comment_add(report=report, author=league_admin, body="หนึ่ง")
    url = _en("reports:report", report.pk)
    client.force_login(league_admin)
    before = _queries(client, url)
    ProgressReport.objects.filter(pk=report.pk).update(status="draft")
    grow(3)
    ProgressReport.objects.filter(pk=report.pk).update(status="submitted")
    report_services.comment_add(report=report, author=staff_user, body="สอง")
    report_services.comment_add(report=report, author=league_admin, body="สาม")
    # session, user, report, measurements, attachments, comments, copies to home executives
    assert _queries(client, url) == before == 7


def test_reporting_rates_query_count_is_pinned_and_does_not_grow(
        client, known_reports, make_pilot, make_coach, league_admin):
    client.force_login(league_admin)
    url = _en("reports:reporting-rates")
    before = _queries(client, url)
    today = clock.today()
    for n in range(3):
        pilot, coach = make_pilot(code=f"R-X{n}"), make_coach()
        services.assignment_add(pilot=pilot, coach=coach, role="lead",
                                starts_on=_month(today, 4))
        _send(pilot, coach, _month(today, 2), month_end(_month(today, 2)))
    # session, user, assignments, first submissions
    assert _queries(client, url) == before == 4


# Valid HTML --------------------------------------------------------------------------------------

def test_report_pages_are_valid_html(client, assigned, coach_user, staff_user, league_admin,
                                     tmp_path):
    from tests.test_html_validity import _validate

    pilot, coach = assigned
    services.pilot_save(pilot=pilot, actor=None, data={"coordinator": staff_user})
    _indicator(pilot)
    report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=2026,
                                          number=3)
    report_services.report_update(report=report, actor=coach_user, data={"summary": "สรุป"},
                                  measurements=[{"indicator": pilot.indicators.get(), "value": 80}],
                                  files=[SimpleUploadedFile("minutes.pdf", PDF)])
    report_services.report_submit(report=report, actor=coach_user)
    report_services.comment_add(report=report, author=staff_user, body="ขอบคุณ")
    correction = report_services.report_correct(report=report, actor=coach_user)
    pages = {}
    client.force_login(coach_user)
    for name, args in [("reports:my-reports", ()), ("reports:report-start", (pilot.slug,)),
                       ("reports:report", (report.pk,)), ("reports:report", (correction.pk,)),
                       ("reports:report-edit", (correction.pk,))]:
        for url in (_th(name, *args), _en(name, *args)):
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content
    errors = client.post(_en("reports:report-edit", correction.pk),
                         _edit_data(summary="", rows=[{"evidence": "x"}], button="submit"))
    pages["edit with errors"] = errors.content
    client.force_login(staff_user)
    pages["detail (coordinator)"] = client.get(_en("reports:report", report.pk)).content
    pages["my reports without a coach profile"] = client.get(_en("reports:my-reports")).content
    client.force_login(league_admin)
    pages["rates"] = client.get(_en("reports:reporting-rates")).content
    pages["my reports (admin)"] = client.get(_en("reports:my-reports")).content
    problems = _validate(pages, tmp_path)
    assert not problems, "\n".join(problems)
