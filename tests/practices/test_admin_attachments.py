"""A file a League admin adds to a practice in the admin passes the same checks as a
nomination's: type, size and an image that decodes; kind and size are taken from the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from practices.models import Attachment, Practice
from tests.fixtures.files import PDF
from tests.portal.test_admin_powers import form_values

pytestmark = pytest.mark.django_db


def _post_with_file(client, practice, upload):
    url = f"/admin/practices/practice/{practice.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_values(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
        if formset.model is Attachment:
            data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.forms) + 1)
            data[f"{formset.prefix}-{len(formset.forms)}-file"] = upload
            data[f"{formset.prefix}-{len(formset.forms)}-title"] = "แนบจากผู้ดูแล"
    return client.post(url, data)


@pytest.fixture
def curator(league_admin, settings, tmp_path, seeded):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(league_admin)
    return client, Practice.objects.filter(status="published").order_by("pk").first()


@pytest.mark.parametrize(("name", "content"), [
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("fake.pdf", b"<html>not a pdf</html>"),
])
def test_a_file_that_fails_the_checks_is_refused_and_nothing_is_stored(curator, settings, name,
                                                                        content):
    client, practice = curator
    response = _post_with_file(client, practice, SimpleUploadedFile(name, content))
    assert response.status_code == 200  # the form again, with the error
    assert name in response.content.decode()
    assert not Attachment.objects.filter(practice=practice).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_good_file_is_kept_with_its_kind_and_size(curator):
    client, practice = curator
    response = _post_with_file(client, practice, SimpleUploadedFile("แผน.pdf", PDF))
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get(practice=practice)
    assert (attachment.kind, attachment.size, attachment.title) == ("pdf", len(PDF),
                                                                   "แนบจากผู้ดูแล")
