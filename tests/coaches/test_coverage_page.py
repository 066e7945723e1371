"""The public coverage dashboard, and its admin-only list of municipalities without a coach."""

import re

import pytest

from portal.models import Municipality

pytestmark = pytest.mark.django_db

URL = "/en/coaches/coverage/"


def _html(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, table_class: str, heading: str) -> list[str]:
    """The cells of the row headed `heading` in the table of that class."""
    table = html.split(f'class="{table_class}"', 1)[1].split("</table>", 1)[0]
    row = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>', table, re.S)
    assert row, heading
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


@pytest.fixture
def known_coaches(make_coach):
    # Both show their home municipality: the public figures place a coach only where the
    # coach shows it (see test_a_hidden_home_places_a_coach_nowhere_for_the_public).
    make_coach(home="เทศบาลนครยะลา", provinces=["90"],  # lives in Yala, serves Songkhla
               themes=["governance", "environment"], public=["home_municipality"])
    make_coach(home="เทศบาลนครเชียงราย", regions=["east"], themes=["governance"],
               public=["home_municipality"])
    make_coach(status="applied", home="เทศบาลนครภูเก็ต")  # not approved: counts for nothing
    make_coach(status="paused", home="เทศบาลตำบลป่าแดด", regions=["north"])  # not listed


def test_region_figures_for_a_known_set_of_coaches(client, known_coaches):
    html = _html(client)
    # South: 3 municipalities (Songkhla, Yala, Phuket); Yala (home) and Songkhla (served).
    assert _row(html, "coverage-table", "Southern") == ["1", "3", "2", "66.7 %", "0.33"]
    # East: both municipalities covered by a coach who lives in the north and serves the east.
    assert _row(html, "coverage-table", "Eastern") == ["0", "2", "2", "100.0 %", "0.0"]
    assert _row(html, "coverage-table", "Northern") == ["1", "3", "1", "33.3 %", "0.33"]
    total = Municipality.objects.count()
    assert _row(html, "coverage-table", "Whole country") == [
        "2", str(total), "5", f"{round(500 / total, 1)} %", f"{round(2 / total, 2)}"]


def test_a_hidden_home_places_a_coach_nowhere_for_the_public(client, league_admin, make_coach):
    make_coach(home="เทศบาลนครภูเก็ต", themes=["budget"])  # shows nothing
    make_coach(home="เทศบาลนครเชียงราย", themes=["budget"], public=["home_region"])
    html = _html(client)
    assert _row(html, "coverage-table", "Southern") == ["0", "3", "0", "0.0 %", "0.0"]
    assert _row(html, "coverage-matrix", "Southern") == ["0", "0", "0", "0"]
    # The region alone places a coach in the region, but covers no municipality.
    assert _row(html, "coverage-table", "Northern") == ["1", "3", "0", "0.0 %", "0.33"]
    assert _row(html, "coverage-matrix", "Northern") == ["0", "0", "1", "0"]
    client.force_login(league_admin)  # the League's own figures use whole records
    html = _html(client)
    assert _row(html, "coverage-table", "Southern") == ["1", "3", "1", "33.3 %", "0.33"]
    assert _row(html, "coverage-table", "Northern") == ["1", "3", "1", "33.3 %", "0.33"]


def test_a_coach_serving_songkhla_covers_songkhla_city(client, league_admin, make_coach):
    client.force_login(league_admin)
    before = _html(client)
    assert "Songkhla City Municipality" in before.split('class="uncovered"', 1)[1]
    make_coach(home="เทศบาลนครยะลา", provinces=["90"])
    after = _html(client).split('class="uncovered"', 1)[1]
    assert "Songkhla City Municipality" not in after
    assert "Yala City Municipality" not in after
    assert "Phuket City Municipality" in after


def test_theme_by_region_matrix(client, known_coaches):
    html = _html(client)
    # themes in order: governance, environment, budget, participation
    assert _row(html, "coverage-matrix", "Southern") == ["1", "1", "0", "0"]
    assert _row(html, "coverage-matrix", "Northern") == ["1", "0", "0", "0"]
    assert _row(html, "coverage-matrix", "Central") == ["0", "0", "0", "0"]


def test_goal_progress_and_key_figures(client, known_coaches):
    html = _html(client)
    total = Municipality.objects.count()
    goal = round(100 * 2 / total, 1)
    assert f'<progress id="goal-progress" class="goal-progress" max="100" value="{goal}">' in html
    assert f"2 coaches for {total} municipalities: {goal} % of the goal" in html


def test_chart_has_a_text_alternative_and_the_same_figures_in_a_table(client, known_coaches):
    html = _html(client)
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', svg, re.S).group(1)
    assert "Southern: 66.7 %" in desc and "Eastern: 100.0 %" in desc
    assert 'width="160.1"' in svg  # 66.7 % of the 240-unit track
    assert "style=" not in html.split("<main", 1)[1]  # CSP: no inline styles
    assert "<script" not in html.split("<main", 1)[1]
    for table in ["coverage-table", "coverage-matrix"]:
        part = html.split(f'class="{table}"', 1)[1].split("</table>", 1)[0]
        assert "<caption>" in part and 'scope="col"' in part and 'scope="row"' in part
    assert html.count("<h1") == 1


def test_uncovered_municipalities_only_for_league_admins(
        client, known_coaches, staff_user, league_admin):
    assert "Municipalities without a coach" not in _html(client)
    assert "Phuket City Municipality" not in _html(client)
    client.force_login(staff_user)
    assert "Municipalities without a coach" not in _html(client)
    client.force_login(league_admin)
    html = _html(client)
    uncovered = html.split('class="uncovered"', 1)[1].split("</table>", 1)[0]
    total = Municipality.objects.count()
    assert f"{total - 5} municipalities have no coach yet" in uncovered
    assert "Phuket City Municipality" in uncovered  # its only coach has not been approved
    assert "Pa Daet Sub-district Municipality" in uncovered  # its coach is paused
    for covered in ["Songkhla City Municipality", "Yala City Municipality",
                    "Chiang Rai City Municipality", "Mueang Klaeng Sub-district Municipality"]:
        assert covered not in uncovered


def _queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        _html(client)
    return len(ctx.captured_queries)


def test_coverage_page_query_count_is_pinned_and_does_not_grow(client, make_coach):
    make_coach()
    before = _queries(client)
    for _ in range(8):
        make_coach(provinces=["90", "95"], regions=["north"], themes=["budget", "governance"])
    # regions, themes, coaches per home region, regions served, provinces served,
    # home municipalities, municipalities, themes by home region, listed coaches
    assert _queries(client) == before == 9


def test_empty_registry_shows_zeros_not_errors(client, reference_data):
    html = _html(client)
    assert _row(html, "coverage-table", "Southern") == ["0", "3", "0", "0.0 %", "0.0"]
