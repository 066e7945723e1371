"""The LINE pages are valid HTML (vnu)."""

import datetime

from coaches.models import HomeExecutive
from line_oa import linking
from line_oa.models import LineLink
from tests.test_html_validity import _validate


def test_the_line_pages_are_valid_html(client, line_on, make_coach, coach_user, tmp_path):
    make_coach(user=coach_user, executives=[
        {"name": "นายกเทศมนตรี", "position": "mayor", "email": "mayor@example.org"}])
    mayor = HomeExecutive.objects.get()
    gone = LineLink.objects.create(executive=mayor, line_user_id="U-old",
                                   linked_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC))
    gone_settings = f"/line/settings/{linking.settings_token(gone)}/"
    gone.delete()
    link = LineLink.objects.create(executive=mayor, line_user_id="U-mayor",
                                   linked_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    settings_url = f"/line/settings/{linking.settings_token(link)}/"
    email_off = f"/line/email-off/{linking.email_off_token(link)}/"
    pages = {
        "link (linked)": client.get(f"/line/link/{linking.link_token(mayor)}/").content,
        "expired": client.get("/line/link/forged/").content,
        "settings": client.get(settings_url).content,
        "settings, e-mail off asked": client.post(settings_url, {
            "action": "save", "send_line": "on"}, follow=True).content,
        "settings, gone": client.get(gone_settings).content,
        "e-mail off": client.get(email_off).content,
        "e-mail off, done": client.post(email_off).content,
        "e-mail off, forged": client.get("/line/email-off/forged/").content,
        "unlinked": client.post(settings_url, {"action": "unlink"}).content,
        "link": client.get(f"/line/link/{linking.link_token(mayor)}/").content,
        "link (en)": client.get(f"/en/line/link/{linking.link_token(mayor)}/").content,
    }
    client.force_login(coach_user)
    pages["coach"] = client.get("/line/").content
    pages["coach, invited"] = client.post("/line/invite/", {"executive": mayor.pk},
                                          follow=True).content
    problems = _validate(pages, tmp_path)
    assert not problems, "\n".join(problems)
