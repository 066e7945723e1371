"""The LINE pages are valid HTML (vnu)."""

import datetime

from coaches.models import HomeExecutive
from line_oa import linking
from line_oa.models import LineLink
from tests.test_html_validity import _validate


def test_the_line_pages_are_valid_html(client, line_on, make_coach, coach_user, tmp_path):
    coach = make_coach(user=coach_user, executives=[
        {"name": "นายกเทศมนตรี", "position": "mayor", "email": "mayor@example.org"}])
    mayor = HomeExecutive.objects.get()
    unlinked_settings = client.get(f"/line/settings/{linking.settings_token(coach)}/").content
    LineLink.objects.create(executive=mayor, line_user_id="U-mayor",
                            linked_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    pages = {
        "link": client.get(f"/line/link/{linking.link_token(mayor)}/").content,
        "link (en)": client.get(f"/en/line/link/{linking.link_token(mayor)}/").content,
        "expired": client.get("/line/link/forged/").content,
        "settings": client.get(f"/line/settings/{linking.settings_token(mayor)}/").content,
        "settings, not linked": unlinked_settings,
    }
    client.force_login(coach_user)
    pages["coach"] = client.get("/line/").content
    problems = _validate(pages, tmp_path)
    assert not problems, "\n".join(problems)
