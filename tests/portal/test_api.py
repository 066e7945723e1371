import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def api():
    return APIClient()


def test_provinces_lists_all_77_with_paging(api):
    page = api.get("/api/provinces/").json()
    assert page["count"] == 77
    assert len(page["results"]) == 50 and page["next"]
    assert page["results"][0] == {
        "code": "10", "name_th": "กรุงเทพมหานคร", "name_en": "Bangkok", "region": "central"
    }


def test_provinces_filter_by_region(api):
    assert api.get("/api/provinces/?region=north").json()["count"] == 9
    assert api.get("/api/provinces/?region=nowhere").status_code == 400


def test_regions_and_themes(api):
    assert [r["code"] for r in api.get("/api/regions/").json()["results"]] == [
        "north", "northeast", "central", "east", "west", "south"
    ]
    themes = api.get("/api/themes/").json()
    assert themes["count"] == 4
    assert {t["code"] for t in themes["results"]} == {
        "governance", "environment", "budget", "participation"
    }
    assert api.get("/api/themes/budget/").json()["name_th"] == "การบริหารจัดการงบประมาณและการลงทุน"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=95", {"เทศบาลนครยะลา"}),
        ("region=north&type=tambon", {"เทศบาลตำบลป่าแดด", "เทศบาลตำบลชมภู"}),
        ("search=ปากเกร็ด", {"เทศบาลนครปากเกร็ด"}),
        ("search=chom phu", {"เทศบาลตำบลชมภู"}),
        ("search=udon", {"เทศบาลนครอุดรธานี"}),
    ],
)
def test_municipalities_filter_and_search(api, query, expected):
    results = api.get(f"/api/municipalities/?{query}").json()["results"]
    assert {m["name_th"] for m in results} == expected


def test_municipality_list_query_count_is_fixed(api, django_assert_num_queries):
    with django_assert_num_queries(2):  # count + one page with province, region and district
        api.get("/api/municipalities/")


def test_reference_data_is_read_only(api, league_admin):
    api.force_authenticate(league_admin)
    assert api.post("/api/themes/", {"code": "x"}).status_code == 405


def test_token_created_by_command_authenticates(api, league_admin):
    call_command("drf_create_token", league_admin.email)
    token = Token.objects.get(user=league_admin)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/provinces/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/provinces/").status_code == 401


def test_schema_is_valid_openapi_3(api, capsys):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in ("/api/provinces/", "/api/municipalities/", "/api/themes/", "/api/regions/"):
        assert path in schema["paths"]
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_work_without_any_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
