import csv
import io
from urllib.parse import unquote

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.models import Municipality
from practices.models import Practice

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def admin_api(league_admin):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=league_admin).key}")
    return client


def test_anonymous_users_see_published_practices_only(api):
    hidden = Practice.objects.get(external_id="delgosea-yala")
    hidden.status = Practice.Status.DRAFT
    hidden.save()
    data = api.get("/api/practices/").json()
    assert data["count"] == Practice.objects.filter(status="published").count()
    assert hidden.slug not in {p["slug"] for p in data["results"]}
    assert api.get(f"/api/practices/{hidden.slug}/").status_code == 404


def test_list_items_carry_the_documented_fields(api):
    item = api.get("/api/practices/", {"province": "95"}).json()["results"][0]
    assert {"external_id", "slug", "title_th", "title_en", "summary_th", "municipality",
            "province", "themes", "year", "award", "url"} <= set(item)
    assert item["municipality"] == "เทศบาลนครยะลา" and item["province"] == "ยะลา"
    assert unquote(item["url"]).endswith(f"/practices/{item['slug']}/")


def test_search_orders_by_relevance_and_filters_match_the_list_page(api, client):
    results = api.get("/api/practices/", {"search": "ขยะ", "theme": "environment"}).json()
    page = client.get("/practices/", {"q": "ขยะ", "theme": "environment"})
    assert [r["title_th"] for r in results["results"]] == [p.title_th for p in page.context["page"]]
    assert api.get("/api/practices/", {"province": "99"}).status_code == 400


def test_detail_shows_contact_only_with_consent(api):
    practice = Practice.objects.get(external_id="delgosea-yala")
    practice.contact_name, practice.contact_email = "คุณสมศรี", "somsri@yala.example.org"
    practice.save()
    assert api.get(f"/api/practices/{practice.slug}/").json()["contact"] is None
    practice.contact_consent = True
    practice.save()
    assert api.get(f"/api/practices/{practice.slug}/").json()["contact"]["name"] == "คุณสมศรี"


def test_league_admin_creates_updates_and_publishes_with_a_token(admin_api):
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    created = admin_api.post("/api/practices/", {
        "title_th": "ศูนย์บริการร่วม", "summary_th": "บริการจุดเดียวเบ็ดเสร็จ",
        "municipality": yala.pk, "themes": ["governance"], "tags": ["บริการ"],
    }, format="json")
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    assert created.json()["status"] == "draft" and created.json()["province"] == "ยะลา"

    updated = admin_api.patch(f"/api/practices/{slug}/", {"title_en": "One-stop service"},
                              format="json")
    assert updated.json()["title_en"] == "One-stop service"
    published = admin_api.post(f"/api/practices/{slug}/status/", {"status": "published"})
    assert published.json()["status"] == "published"
    archived_without_rules = admin_api.post(f"/api/practices/{slug}/status/", {"status": "draft"})
    assert archived_without_rules.status_code == 400
    assert APIClient().get(f"/api/practices/{slug}/").status_code == 200


def test_others_cannot_write(api, staff_user):
    assert api.post("/api/practices/", {"title_th": "x"}).status_code == 401
    api.force_authenticate(staff_user)
    assert api.post("/api/practices/", {"title_th": "x"}).status_code == 403
    slug = Practice.objects.first().slug
    assert api.post(f"/api/practices/{slug}/status/", {"status": "archived"}).status_code == 403


def test_bad_input_gets_clear_errors_and_writes_nothing(admin_api):
    before = Practice.objects.count()
    response = admin_api.post("/api/practices/", {"title_th": "", "themes": ["health"]},
                              format="json")
    assert response.status_code == 400
    assert {"title_th", "summary_th", "themes"} <= set(response.json())
    assert Practice.objects.count() == before


def test_export_as_csv_and_json(api):
    published = Practice.objects.filter(status="published").count()
    rows = api.get("/api/practices/export/").json()
    assert len(rows) == published and {"external_id", "url", "themes"} <= set(rows[0])
    response = api.get("/api/practices/export/", {"file_format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(table) == published and table[0]["province"]


def test_list_query_count_does_not_grow_with_practices(api, django_assert_max_num_queries):
    # The latest change, the matches, the page's rows and their themes; the first request
    # after a change also rebuilds the facet index (tests/practices/test_pages.py).
    api.get("/api/practices/")
    with django_assert_max_num_queries(4):
        api.get("/api/practices/")
