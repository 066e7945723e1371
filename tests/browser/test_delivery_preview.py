"""The admin preview of a report copy, under the site's real Content-Security-Policy: the
e-mail's inline styles apply inside the preview frame, and nothing is blocked."""

import pytest
from django.conf import settings

from deliveries.models import Delivery

pytestmark = pytest.mark.browser


def test_the_preview_shows_the_message_with_its_styles(strict_page, client, reporting,  # noqa: F811
                                                       league_admin):
    page = strict_page
    delivery = Delivery.objects.get(report=reporting(),
                                     recipient_email="clerk@songkhla.example.org")
    client.force_login(league_admin)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base}])
    page.goto(f"{page.base}/en/admin/deliveries/delivery/{delivery.pk}/preview/")
    frame = page.frame_locator("#preview-html")
    body = frame.locator("body")
    assert "ลดเวลารอคิวรับบริการ" in body.inner_text()
    font = body.evaluate("element => getComputedStyle(element).fontFamily")
    assert font.startswith("Sarabun")  # the message's own inline style applies
    assert not [m for m in page.console if "Content Security Policy" in m], page.console
