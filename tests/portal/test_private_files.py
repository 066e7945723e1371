"""Uploaded files are served only to those who may see the record they belong to: a matrix of
personas × files, each with the status the person must get (404 hides that a file exists)."""

from urllib.parse import quote

import pytest

from tests.fixtures.files import PDF

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "staff", "other_coach", "coach", "coordinator", "admin")
EXPECTED = {  # file: status for each persona, in the order of PERSONAS
    "draft report attachment": (404, 404, 404, 200, 404, 200),
    # A report is private to its coach, the pilot's coordinator and League admins until the
    # League publishes it; its PDF brief names the coach and is never public.
    "submitted report attachment": (404, 404, 404, 200, 200, 200),
    "published report attachment": (200, 200, 200, 200, 200, 200),
    "report brief": (404, 404, 404, 200, 200, 200),
    "published report's brief": (404, 404, 404, 200, 200, 200),
    "certificate": (404, 404, 404, 200, 404, 200),
    "unconsented photo": (404, 404, 404, 200, 404, 200),
    "consented photo": (200, 200, 200, 200, 200, 200),
    "unpublished practice attachment": (404, 404, 404, 404, 404, 200),
    "published practice attachment": (200, 200, 200, 200, 200, 200),
}


def _stored(record):
    return record.photo if hasattr(record, "photo") else record.file


def test_each_persona_gets_each_file_only_when_allowed(client, cast):
    files, users, _nominator = cast
    seen = {}
    for name, record in files.items():
        url = _stored(record).url
        statuses = []
        for persona in PERSONAS:
            client.logout()
            if users[persona]:
                client.force_login(users[persona])
            statuses.append(client.get(url).status_code)
        seen[name] = tuple(statuses)
    assert seen == EXPECTED


def test_a_nominator_may_download_the_attachments_of_their_own_nomination(client, cast):
    files, _users, nominator = cast
    client.force_login(nominator)
    response = client.get(_stored(files["unpublished practice attachment"]).url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_public_files_are_cached_and_private_ones_never(client, cast):
    files, users, _nominator = cast
    public = client.get(_stored(files["published practice attachment"]).url)
    assert public["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cookie" not in public.get("Vary", "")  # the same answer for every visitor
    # Public only while someone agrees: a cache may keep it but must ask again every time.
    for revocable in ("consented photo", "published report attachment"):
        response = client.get(_stored(files[revocable]).url)
        assert response["Cache-Control"] == "public, no-cache", revocable
    client.force_login(users["coach"])
    private = client.get(_stored(files["certificate"]).url)
    assert private["Cache-Control"] == "private, no-store"
    assert b"".join(private.streaming_content) == PDF
    for name in ("report brief", "published report's brief", "submitted report attachment"):
        assert client.get(_stored(files[name]).url)["Cache-Control"] == "private, no-store"


def test_stored_names_are_random_and_the_original_name_is_kept_for_download(client, cast):
    files, users, _nominator = cast
    attachment = files["published practice attachment"]
    assert "ธนาคารขยะ" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert len(attachment.file.name.rsplit("/", 1)[1]) >= 24 + len(".pdf")
    assert attachment.original_name == "แผนผัง ธนาคารขยะ.pdf"
    response = client.get(attachment.file.url)
    assert quote("แผนผัง ธนาคารขยะ.pdf") in response["Content-Disposition"]
    client.force_login(users["admin"])
    certificate = client.get(files["certificate"].file.url)
    assert certificate["Content-Disposition"].startswith("attachment;")  # "save as"


def test_nothing_is_served_from_the_media_prefix_or_by_a_guessed_address(client, cast,
                                                                          settings):
    files, users, _nominator = cast
    client.force_login(users["admin"])
    attachment = files["published practice attachment"]
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    kind_and_pk = attachment.file.url.rsplit("/", 2)[0]
    assert client.get(kind_and_pk + "/guessed-key/").status_code == 404
    assert client.get(f"/files/practice-attachment/{attachment.pk + 1000}/x/").status_code == 404
    assert client.get("/files/unknown-kind/1/x/").status_code == 404


def test_a_public_file_answers_not_modified_to_a_browser_that_has_it(client, cast):
    files, _users, _nominator = cast
    url = files["consented photo"].photo.url
    first = client.get(url)
    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_with_a_web_server_in_front_the_check_hands_over_by_x_accel_redirect(client, cast,
                                                                               settings):
    files, users, _nominator = cast
    settings.MEDIA_ACCEL_REDIRECT = "/internal-media/"
    certificate = files["certificate"]
    assert client.get(certificate.file.url).status_code == 404  # the check still comes first
    client.force_login(users["coach"])
    response = client.get(certificate.file.url)
    assert response["X-Accel-Redirect"] == "/internal-media/" + certificate.file.name
    assert response["Content-Type"] == "application/pdf" and response.content == b""


def test_files_stored_before_names_were_random_are_moved_to_random_names(cast):
    from django.core.files.base import ContentFile

    from portal.files import randomize_stored_names
    from practices.models import Attachment

    files, _users, _nominator = cast
    attachment = files["published practice attachment"]
    storage = attachment.file.storage
    old = storage.save(f"practices/{attachment.practice_id}/รายงานฉบับเต็ม.pdf", ContentFile(PDF))
    Attachment.objects.filter(pk=attachment.pk).update(file=old, original_name="")
    assert randomize_stored_names(Attachment, "file", "practices") >= 1
    attachment.refresh_from_db()
    assert attachment.original_name == "รายงานฉบับเต็ม.pdf"
    assert "รายงาน" not in attachment.file.name and not storage.exists(old)
    assert attachment.file.read() == PDF
