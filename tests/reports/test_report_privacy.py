"""A progress report is as private as its form says: its coach, the pilot's coordinator,
League admins, and each home executive through their own signed, expiring link read it (every
version, its comments, attachments and PDF brief); nobody else does, by any page, API, file or
cached copy, until a League admin publishes it, which the coach is told of."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from deliveries.models import ReportBrief
from pilots import services as pilot_services
from reports import services as report_services
from reports.models import ProgressReport
from tests.conftest import person
from tests.fixtures.files import PDF
from tests.fixtures.reports import submit_report

pytestmark = pytest.mark.django_db

SUMMARY = "สรุปเฉพาะผู้เกี่ยวข้อง ลดเวลารอคิว"
COMMENT = "ความเห็นของสันนิบาตถึงวิทยากร"


@pytest.fixture
def cast(reporting, make_coach, other_coach_user, staff_user, coach_user, league_admin,
         mailoutbox, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = person("coordinator@songkhla.example.org", "staff")
    make_coach(user=other_coach_user, public=["name"])
    with django_capture_on_commit_callbacks(execute=True):  # the copies go on commit
        report = reporting(summary="ร่าง")
    pilot = report.pilot
    pilot_services.pilot_save(pilot=pilot, actor=None, data={"coordinator": coordinator})
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_correct(report=report, actor=coach_user)
        report_services.report_update(report=report, actor=coach_user, data={
            "summary": SUMMARY}, files=[SimpleUploadedFile("บันทึก.pdf", PDF)])
        report = report_services.report_submit(report=report, actor=coach_user)
    report_services.comment_add(report=report, author=league_admin, body=COMMENT)
    people = {"anonymous": None, "another coach": other_coach_user,
              "staff of another municipality": staff_user, "the coach": coach_user,
              "the coordinator": coordinator, "a League admin": league_admin}
    return report, people


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _addresses(report):
    attachment = report.attachments.get()
    return {
        "page": f"/pilots/reports/{report.pk}/",
        "page in English": f"/en/pilots/reports/{report.pk}/",
        "API record": f"/api/reports/{report.pk}/",
        "API list": "/api/reports/",
        "API list by coach": f"/api/reports/?coach={report.coach_id}",
        "API list by pilot": f"/api/reports/?pilot={report.pilot.slug}",
        "attachment": attachment.file.url,
        "PDF brief": f"/deliveries/brief/{report.pk}/th/",
        "pilot page": report.pilot.get_absolute_url(),
        "pilot API": f"/api/pilots/{report.pilot.slug}/",
    }


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


READERS = {"the coach", "the coordinator", "a League admin"}


def test_only_the_coach_the_coordinator_and_league_admins_read_a_report(cast):
    report, people = cast
    for persona, user in people.items():
        client = _client(user)
        for label, url in _addresses(report).items():
            response = client.get(url, follow=True)
            text = _text(response)
            if persona in READERS and label not in ("pilot page", "pilot API"):
                assert response.status_code == 200, (persona, label)
                if label.startswith(("page", "API")):
                    assert SUMMARY in text, (persona, label)
            else:
                assert SUMMARY not in text and COMMENT not in text, (persona, label)
                if label in ("page", "page in English", "API record", "attachment",
                             "PDF brief"):
                    assert response.status_code == 404, (persona, label)
                if label.startswith("API list"):
                    assert str(report.pk) not in re.findall(r'"id":(\d+)', text), (persona,
                                                                                  label)
        # The reporting rate is for everyone on the pilot page.
        assert "Monthly reports due" in _text(client.get("/en" + report.pilot.get_absolute_url()))


def test_every_version_and_the_comments_are_for_the_readers_only(cast):
    report, people = cast
    first = report.corrects
    for persona, user in people.items():
        client = _client(user)
        status = client.get(f"/pilots/reports/{first.pk}/").status_code
        assert status == (200 if persona in READERS else 404), persona
        page = client.get(f"/en/pilots/reports/{report.pk}/").content.decode()
        assert (COMMENT in page) == (persona in READERS), persona


def test_each_executive_reads_the_versions_sent_to_them_through_their_own_link(
        cast, mailoutbox, clock):
    report, _people = cast
    links = {}
    for message in mailoutbox:
        found = re.search(r"(/deliveries/read/[^/\s]+/)", message.body)
        if found:
            links.setdefault(message.to[0], []).append(found.group(1))
    assert set(links) == {"mayor@songkhla.example.org", "clerk@songkhla.example.org"}
    first_link, second_link = links["mayor@songkhla.example.org"]  # version 1, then 2
    stranger = Client()
    page = stranger.get(second_link)
    assert page.status_code == 200 and SUMMARY in page.content.decode()
    assert COMMENT in page.content.decode()  # the League's comments, read-only
    assert "noindex" in page["X-Robots-Tag"] and "no-store" in page["Cache-Control"]
    assert "ร่าง" in stranger.get(first_link).content.decode()  # the first version as sent
    html = page.content.decode()
    file_url = re.search(r'href="(/deliveries/read/[^"]+/files/\d+/)"', html).group(1)
    response = stranger.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    brief_url = re.search(r'href="(/deliveries/read/[^"]+/brief/th/)"', html).group(1)
    brief = stranger.get(brief_url)
    assert brief.status_code == 200 and brief["Content-Type"] == "application/pdf"
    # The link opens this version only: another report's attachment is not found through it.
    other = submit_report(report.pilot, report.coach, report.coach.user, year=2026, number=5)
    report_services.report_publish(report=other, actor=None)
    assert stranger.get(re.sub(r"/files/\d+/", f"/files/{other.pk + 1000}/",
                               file_url)).status_code == 404
    # A changed link is refused; an old one has expired.
    token = second_link.split("/")[3]
    assert stranger.get(second_link.replace(token, token[:-2] + "xx")).status_code == 404
    clock.set(datetime.date.today() + datetime.timedelta(days=89))
    assert stranger.get(second_link).status_code == 200
    clock.set(datetime.date.today() + datetime.timedelta(days=2))
    expired = stranger.get(second_link)
    assert expired.status_code == 410 and "expired" in stranger.get(
        "/en" + second_link).content.decode()
    assert stranger.get(file_url).status_code == 410


def test_the_brief_is_private_even_for_a_published_report(cast, league_admin):
    report, people = cast
    report_services.report_publish(report=report, actor=league_admin)
    _client(people["the coach"]).get(f"/deliveries/brief/{report.pk}/th/")
    brief = ReportBrief.objects.get(report=report, language="th")
    for persona, user in people.items():
        client = _client(user)
        assert client.get(f"/pilots/reports/{report.pk}/").status_code == 200, persona
        expected = 200 if persona in READERS else 404
        assert client.get(brief.file.url).status_code == expected, persona
        assert client.get(f"/deliveries/brief/{report.pk}/th/",
                          follow=True).status_code == expected, persona


def test_a_league_admin_publishes_and_withdraws_and_the_coach_is_told_each_time(
        cast, league_admin, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300
    report, people = cast
    anonymous = Client()
    url = f"/en/pilots/reports/{report.pk}/"
    assert anonymous.get(url).status_code == 404
    for persona in ("the coach", "the coordinator", "another coach"):
        client = _client(people[persona])
        assert client.post(f"/pilots/reports/{report.pk}/publish/",
                           {"publish": "1"}).status_code in (403, 404), persona
    assert ProgressReport.objects.get(pk=report.pk).published_at is None
    admin = _client(league_admin)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/pilots/reports/{report.pk}/publish/", {"publish": "1"})
    page = anonymous.get(url)  # now kept in the page cache
    assert page.status_code == 200 and SUMMARY in page.content.decode()
    assert COMMENT not in page.content.decode()
    assert report.coach.name_th not in page.content.decode()  # the coach shows no name
    [told] = mailoutbox
    assert told.to == [report.coach.email] and "published" in told.subject.lower() or (
        "เผยแพร่" in told.subject)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/pilots/reports/{report.pk}/publish/", {"publish": "0"})
    assert anonymous.get(url).status_code == 404  # at once, cached copy or not
    assert anonymous.get(report.attachments.get().file.url).status_code == 404
    assert len(mailoutbox) == 2


def test_a_report_of_a_private_pilot_cannot_be_published(cast, league_admin):
    report, _people = cast
    pilot_services.pilot_save(pilot=report.pilot, actor=None, data={"is_public": False})
    response = _client(league_admin).post(f"/en/pilots/reports/{report.pk}/publish/",
                                          {"publish": "1"}, follow=True)
    assert "cannot be published" in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).published_at is None


def test_the_form_tells_the_coach_who_will_read_the_report(cast, coach_user):
    report, _people = cast
    draft = report_services.report_start(pilot=report.pilot, coach=report.coach, kind="month",
                                         year=2026, number=6)
    page = _client(coach_user).get(f"/en/pilots/reports/{draft.pk}/edit/").content.decode()
    assert "sent to your home executives" in page
    assert "It is not public" in page and "tells you by e-mail" in page
    thai = _client(coach_user).get(f"/pilots/reports/{draft.pk}/edit/").content.decode()
    assert "ไม่เผยแพร่" in thai or "ไม่เป็นสาธารณะ" in thai


def test_the_report_and_reading_pages_are_valid_html(cast, league_admin, mailoutbox, tmp_path,
                                                      coach_user):
    from tests.test_html_validity import _validate

    report, _people = cast
    link = re.search(r"(/deliveries/read/[^/\s]+/)", mailoutbox[-1].body).group(1)
    draft = report_services.report_start(pilot=report.pilot, coach=report.coach, kind="month",
                                         year=2026, number=6)
    pages = {
        "executive": Client().get(link).content,
        "executive, English": Client().get("/en" + link).content,
        "expired or changed link": Client().get(link[:-3] + "x/").content,
        "report, League admin": _client(league_admin).get(
            f"/en/pilots/reports/{report.pk}/").content,
        "report, coach": _client(coach_user).get(f"/pilots/reports/{report.pk}/").content,
        "draft form": _client(coach_user).get(f"/en/pilots/reports/{draft.pk}/edit/").content,
    }
    assert _validate(pages, tmp_path) == []
