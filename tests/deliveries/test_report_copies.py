"""Each submitted report version reaches each home executive once, with a PDF brief."""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from deliveries import services
from deliveries.models import Delivery
from reports import services as pilot_services

pytestmark = pytest.mark.django_db


def _pdf_text(message) -> str:
    [(name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_submitted_report_is_mailed_once_to_each_executive_in_their_language(
        reporting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting()
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@songkhla.example.org",
                                                    "mayor@songkhla.example.org"]
    thai = next(m for m in mail.outbox if m.to == ["mayor@songkhla.example.org"])
    english = next(m for m in mail.outbox if m.to == ["clerk@songkhla.example.org"])
    assert "รายงานความก้าวหน้า" in thai.subject or "DG-SK" in thai.subject
    assert "Progress report" in english.subject
    text = _pdf_text(thai)
    assert "ลดเวลารอคิวรับบริการ" in text  # the report's own Thai words, extractable
    assert "DG-SK" in text and "75" in text
    deliveries = Delivery.objects.filter(report=report)
    assert {d.status for d in deliveries} == {"sent"}
    assert {d.message_id for d in deliveries} == {m.extra_headers["Message-ID"]
                                                  for m in mail.outbox}


def test_queueing_again_sends_nothing_more_and_a_correction_is_a_new_copy(
        reporting, coach_user, django_capture_on_commit_callbacks):
    from deliveries import tasks

    with django_capture_on_commit_callbacks(execute=True):
        report = reporting()
    for delivery in Delivery.objects.all():
        assert tasks.deliver.delay(delivery.pk).get() == "not claimed"
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        correction = pilot_services.report_correct(report=report, actor=coach_user)
        pilot_services.report_submit(report=correction, actor=coach_user)
    assert len(mail.outbox) == 4
    assert Delivery.objects.filter(report=correction, status="sent").count() == 2


def test_the_signed_link_confirms_receipt_and_a_forged_one_does_not(
        client, reporting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reporting()
    body = next(m for m in mail.outbox if m.to == ["clerk@songkhla.example.org"]).body
    url = re.search(r"https?://\S+(/deliveries/confirm/\S+/)", body).group(1)
    assert client.get(url).status_code == 200
    assert Delivery.objects.filter(confirmed_at__isnull=False).count() == 0  # GET is not enough
    assert client.post(url).status_code == 200
    confirmed = Delivery.objects.get(confirmed_at__isnull=False)
    assert confirmed.recipient_email == "clerk@songkhla.example.org"
    assert client.post(url.replace("confirm/", "confirm/x")).status_code == 404


def test_resend_leaves_sent_copies_alone(reporting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reporting()
    Delivery.objects.filter(recipient_email="clerk@songkhla.example.org").update(
        status="failed", last_error="550 mailbox unavailable")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_resend(Delivery.objects.all()) == 1
    assert len(mail.outbox) == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_the_pdf_brief_is_rendered_once_per_version_and_language_and_kept(
        client, reporting, coach_user, league_admin, django_capture_on_commit_callbacks,
        settings, tmp_path):
    """Three executives, two of them reading Thai: two briefs are rendered (Thai, English),
    both Thai copies carry the same file, a resend renders nothing, and the report's page
    offers the kept file to those who may see the report."""
    from coaches.models import Coach
    from deliveries.models import ReportBrief

    settings.MEDIA_ROOT = tmp_path
    coach = Coach.objects.get(user=coach_user)
    coach.executives.create(name="รองนายกเทศมนตรี", position="deputy_mayor",
                            email="deputy@songkhla.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting()
    assert len(mail.outbox) == 3
    briefs = ReportBrief.objects.filter(report=report)
    assert sorted(briefs.values_list("language", flat=True)) == ["en", "th"]
    pdf = {m.to[0]: m.attachments[0][1] for m in mail.outbox}
    assert pdf["mayor@songkhla.example.org"] == pdf["deputy@songkhla.example.org"]
    assert pdf["clerk@songkhla.example.org"] != pdf["mayor@songkhla.example.org"]
    kept = {b.language: (b.pk, b.file.name) for b in briefs}

    Delivery.objects.filter(report=report).update(status="failed")
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_resend(Delivery.objects.filter(report=report))
    assert len(mail.outbox) == 6
    assert {b.language: (b.pk, b.file.name) for b in briefs.all()} == kept  # nothing new
    assert mail.outbox[-1].attachments[0][1] in pdf.values()

    with django_capture_on_commit_callbacks(execute=True):  # a correction: its own briefs
        correction = pilot_services.report_correct(report=report, actor=coach_user)
        pilot_services.report_submit(report=correction, actor=coach_user)
    assert ReportBrief.objects.filter(report=correction).count() == 2

    client.force_login(coach_user)
    page = client.get(f"/en/pilots/reports/{report.pk}/").content.decode()
    assert f'href="/en/deliveries/brief/{report.pk}/th/"' in page
    download = client.get(f"/deliveries/brief/{report.pk}/th/", follow=True)
    assert b"".join(download.streaming_content) == pdf["mayor@songkhla.example.org"]
    draft = pilot_services.report_correct(report=correction, actor=coach_user)
    assert client.get(f"/deliveries/brief/{draft.pk}/th/").status_code == 404
    assert client.get(f"/deliveries/brief/{report.pk}/fr/").status_code == 404
