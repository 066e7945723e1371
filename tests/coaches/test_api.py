"""The coach registry API: what each caller may see, admin writes with a token, coverage, match."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaches import services
from coaches.models import Coach, CoachEvent, CoachLanguage, HomeExecutive, Training
from coaches.selectors import coach_search
from portal.models import Municipality

pytestmark = pytest.mark.usefixtures("reference_data")

PRIVATE_KEYS = {"name_th", "name_en", "bio_th", "bio_en", "executives", "public_fields",
                "status_note", "account"}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def admin_api(league_admin):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=league_admin).key}")
    return client


def api_language(text_or_callable):
    """What the API says (it answers in the site's language, as translated)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text_or_callable() if callable(text_or_callable) else text_or_callable)


def yala() -> Municipality:
    return Municipality.objects.get(name_th="เทศบาลนครยะลา")


def by_id(response) -> dict[int, dict]:
    assert response.status_code == 200, response.content
    return {item["id"]: item for item in response.json()["results"]}


def new_coach_payload(**extra) -> dict:
    return {
        "name_th": "นางสาวมาลี ศรีสุข", "name_en": "Malee Srisuk",
        "home_municipality": yala().pk, "position": "ปลัดเทศบาล",
        "phone": "0812345678", "email": "malee@yala.example.org",
        "themes": ["governance", "budget"], "tools": ["swot", "logframe"],
        "service_regions": ["south"], "service_provinces": ["90", "95"],
        "availability_days": 6,
        "languages": [{"language": "th", "level": "native"},
                      {"language": "ms", "level": "working"}],
        "trainings": [{"name": "หลักสูตรวิทยากรพี่เลี้ยง", "provider": "สถาบันพระปกเกล้า",
                       "year": 2024}],
        "executives": [{"name": "นายกเทศมนตรีนครยะลา", "position": "mayor",
                        "email": "Mayor@Yala.example.org"}],
        "bio_th": "ประสบการณ์งานแผน 12 ปี", "public_fields": ["name", "bio"],
        **extra,
    }


def row_counts() -> tuple[int, ...]:
    return (Coach.objects.count(), HomeExecutive.objects.count(),
            CoachLanguage.objects.count(), Training.objects.count(), CoachEvent.objects.count())


# Reading ------------------------------------------------------------------------------------

def test_anonymous_users_see_listed_coaches_with_consented_fields_only(api, make_coach):
    hidden = make_coach(status="active", languages=[("th", "native"), ("en", "fluent")],
                        provinces=["95"], regions=["south"], availability=8,
                        bio="ผู้เชี่ยวชาญด้านธรรมาภิบาล")
    services.coach_update(coach=hidden, actor=None, data={}, trainings=[
        {"name": "หลักสูตรการถ่ายทอด", "provider": "สทท.", "year": 2023}])
    shown = make_coach(status="approved", name="สมศรี ใจงาม", name_en="Somsri Jaingam",
                       public=["name", "phone", "bio", "training", "home_municipality"],
                       bio="ทำงานด้านงบประมาณ")
    applied = make_coach(status="applied", public=["name"])
    paused = make_coach(status="paused", public=["name"])

    response = api.get("/api/coaches/")
    items = by_id(response)
    assert set(items) == {hidden.pk, shown.pk}
    body = response.content.decode()
    for private in (hidden.name_th, hidden.phone, hidden.email, hidden.position,
                    "ผู้เชี่ยวชาญด้านธรรมาภิบาล", "หลักสูตรการถ่ายทอด", shown.email,
                    applied.name_th, paused.name_th, "mayor", "@example.org"):
        assert private not in body

    item = items[hidden.pk]
    assert not PRIVATE_KEYS & set(item)
    assert item["name"] == api_language(hidden.public_name)
    assert str(hidden.pk) in item["name"] and hidden.name_th not in item["name"]
    assert item["url"].endswith(f"/coaches/{hidden.pk}/")
    for key in ("photo", "position", "home_municipality", "home_region", "phone", "email",
                "bio", "trainings", "languages", "certifications"):
        assert item[key] is None, key
    assert item["themes"] == ["governance"] and item["tools"] == ["swot"]
    assert item["service_regions"] == ["south"] and item["service_provinces"] == ["95"]
    assert item["availability_days"] == 8 and item["status"] == "active"

    item = items[shown.pk]
    assert item["name"] == "สมศรี ใจงาม" and item["phone"] == shown.phone
    assert item["email"] is None and item["position"] is None and item["photo"] is None
    assert item["bio"] == "ทำงานด้านงบประมาณ" and item["trainings"] == []
    assert item["home_municipality"]["name_th"] == "เทศบาลนครยะลา"
    assert item["home_municipality"]["province"] == "95"
    assert item["home_region"] == {"code": "south", "name_th": "ภาคใต้", "name_en": "Southern"}
    assert item["languages"] is None and item["certifications"] is None

    detail = api.get(f"/api/coaches/{hidden.pk}/")
    assert detail.status_code == 200 and detail.json() == items[hidden.pk]
    assert hidden.phone not in detail.content.decode()


def test_coaches_who_are_not_listed_are_not_found(api, make_coach, staff_user):
    for status in ("applied", "paused", "retired", "rejected"):
        coach = make_coach(status=status, public=["name", "phone"])
        assert api.get(f"/api/coaches/{coach.pk}/").status_code == 404, status
    api.force_authenticate(staff_user)
    assert api.get(f"/api/coaches/{coach.pk}/").status_code == 404
    assert api.get("/api/coaches/").json()["count"] == 0


def test_a_coach_sees_their_own_full_record_in_any_status(api, make_coach, coach_user,
                                                          other_coach_user):
    own = make_coach(status="applied", user=coach_user, bio="ประวัติของฉัน")
    services.certification_add(coach=own, actor=None, data={
        "issuer": "kpi", "title": "วิทยากรพี่เลี้ยงรุ่นที่ 1", "issued_on": "2024-05-01"})
    other = make_coach(status="active", user=other_coach_user)
    api.force_authenticate(coach_user)

    record = api.get(f"/api/coaches/{own.pk}/").json()
    assert record["phone"] == own.phone and record["email"] == own.email
    assert record["name"] == own.name_th and record["bio"] == "ประวัติของฉัน"
    assert record["status"] == "applied" and record["account"] == coach_user.email
    assert [e["email"] for e in record["executives"]] == [
        own.executives.get().email]
    assert record["certifications"][0]["title"] == "วิทยากรพี่เลี้ยงรุ่นที่ 1"

    items = by_id(api.get("/api/coaches/"))
    assert set(items) == {own.pk, other.pk}
    assert items[own.pk] == record
    assert items[other.pk]["phone"] is None and "executives" not in items[other.pk]
    assert other.phone not in json.dumps(api.get(f"/api/coaches/{other.pk}/").json())


def test_league_admins_see_every_coach_in_full_and_filter_by_status(admin_api, make_coach):
    active = make_coach(status="active")
    applied = make_coach(status="applied")
    rejected = make_coach(status="rejected")

    items = by_id(admin_api.get("/api/coaches/"))
    assert set(items) == {active.pk, applied.pk, rejected.pk}
    assert items[applied.pk]["phone"] == applied.phone
    assert items[rejected.pk]["status_note"] == "ไม่ผ่านเกณฑ์"
    assert items[active.pk]["executives"][0]["position"] == "mayor"
    assert set(by_id(admin_api.get("/api/coaches/", {"status": "applied"}))) == {applied.pk}
    assert admin_api.get(f"/api/coaches/{rejected.pk}/").json()["name"] == rejected.name_th

    response = admin_api.get("/api/coaches/", {"status": "sleeping"})
    assert response.status_code == 400 and "status" in response.json()


def test_filters_and_search_are_those_of_the_directory(api, make_coach):
    south = make_coach(themes=["governance"], provinces=["90"], languages=[("en", "fluent")],
                       tools=["logframe"], availability=10, name="อรุณี วงศ์ดี",
                       public=["name", "languages"])
    north = make_coach(home="เทศบาลนครเชียงราย", themes=["environment", "budget"],
                       regions=["north"], availability=2, name="อรุณี ทองคำ")
    make_coach(home="เทศบาลนครอุดรธานี", themes=["participation"], availability=0)

    def found(**params):
        return set(by_id(api.get("/api/coaches/", params)))

    assert found(theme="governance") == {south.pk}
    assert found(region="north") == {north.pk}
    assert found(province="90") == {south.pk}
    assert found(province="57") == {north.pk}
    assert found(language="en") == {south.pk}
    assert found(language="th") == set()  # the other two speak Thai but hide it
    assert found(tool="logframe") == {south.pk}
    assert found(available=5) == {south.pk}
    assert found(search="อรุณี") == {south.pk}  # the other one did not show their name
    for params in ({"theme": "budget", "region": "north"}, {"available": 1}):
        _filterset, expected = coach_search(params)
        assert found(**params) == {c.pk for c in expected}

    for bad in ({"province": "99"}, {"theme": "nothing"}, {"language": "xx"}):
        response = api.get("/api/coaches/", bad)
        assert response.status_code == 400 and set(bad) <= set(response.json())


def test_list_query_counts_do_not_grow_with_the_coaches(api, admin_api, make_coach,
                                                        coach_user, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            coach = make_coach(public=["name", "training", "home_municipality"],
                               languages=[("th", "native"), ("en", "working")],
                               regions=["south"], provinces=["95"])
            services.certification_add(coach=coach, actor=None, data={
                "issuer": "league", "title": "ใบรับรอง", "issued_on": "2024-01-01"})

    make_coach(user=coach_user)
    own_api = APIClient()
    own_api.force_authenticate(coach_user)
    for n in (2, 6):
        add(n)
        # the theme filter, count + page + themes, tools, regions, provinces, languages,
        # trainings, certifications (shown only where the coach agreed)
        with django_assert_num_queries(10):
            api.get("/api/coaches/", {"theme": "governance"})
        # count + page + 6 prefetches; the token, executives and certifications
        with django_assert_num_queries(11):
            admin_api.get("/api/coaches/")
        # + the coach's own executives and certifications
        with django_assert_num_queries(10):
            own_api.get("/api/coaches/")
    url = f"/api/coaches/{Coach.objects.last().pk}/"
    with django_assert_num_queries(8):
        api.get(url)


# Writing ------------------------------------------------------------------------------------

def test_league_admin_creates_a_coach_with_a_token(admin_api, staff_user):
    response = admin_api.post("/api/coaches/", new_coach_payload(account=staff_user.email),
                              format="json")
    assert response.status_code == 201, response.json()
    record = response.json()
    coach = Coach.objects.get(pk=record["id"])
    assert coach.status == "applied" and coach.user == staff_user
    assert coach.home_municipality == yala()
    assert sorted(coach.themes.values_list("code", flat=True)) == ["budget", "governance"]
    assert sorted(coach.service_provinces.values_list("code", flat=True)) == ["90", "95"]
    assert list(coach.languages.values_list("language", "level")) == [
        ("th", "native"), ("ms", "working")]
    assert coach.trainings.get().provider == "สถาบันพระปกเกล้า"
    assert coach.executives.get().email == "mayor@yala.example.org"
    assert coach.events.get().action == CoachEvent.Action.APPLIED
    assert record["executives"][0]["email"] == "mayor@yala.example.org"
    assert record["account"] == staff_user.email and record["tools"] == ["swot", "logframe"]

    active = admin_api.post("/api/coaches/", new_coach_payload(status="active"), format="json")
    assert active.status_code == 201 and active.json()["status"] == "active"
    assert APIClient().get(f"/api/coaches/{active.json()['id']}/").status_code == 200

    again = admin_api.post("/api/coaches/", new_coach_payload(account=staff_user.email),
                           format="json")
    assert again.status_code == 400 and "account" in again.json()


def test_league_admin_updates_a_coach(admin_api, make_coach):
    coach = make_coach(languages=[("th", "native")])
    response = admin_api.patch(f"/api/coaches/{coach.pk}/", {
        "position": "ผู้อำนวยการกองยุทธศาสตร์", "themes": ["environment"],
        "languages": [{"language": "en", "level": "fluent"}], "public_fields": ["position"],
        "home_municipality": Municipality.objects.get(name_th="เทศบาลนครภูเก็ต").pk,
    }, format="json")
    assert response.status_code == 200, response.json()
    coach.refresh_from_db()
    assert coach.position == "ผู้อำนวยการกองยุทธศาสตร์" and coach.public_fields == ["position"]
    assert list(coach.themes.values_list("code", flat=True)) == ["environment"]
    assert list(coach.languages.values_list("language", flat=True)) == ["en"]
    assert coach.home_municipality.name_th == "เทศบาลนครภูเก็ต"
    assert coach.executives.count() == 1  # not sent, not touched
    assert coach.events.filter(action=CoachEvent.Action.UPDATED).exists()
    assert APIClient().get(f"/api/coaches/{coach.pk}/").json()["position"] == (
        "ผู้อำนวยการกองยุทธศาสตร์")

    whole = admin_api.put(f"/api/coaches/{coach.pk}/", new_coach_payload(), format="json")
    assert whole.status_code == 200, whole.json()
    assert whole.json()["name_en"] == "Malee Srisuk"
    assert [e["email"] for e in whole.json()["executives"]] == ["mayor@yala.example.org"]
    incomplete = admin_api.put(f"/api/coaches/{coach.pk}/", {"name_th": "x"}, format="json")
    assert incomplete.status_code == 400
    assert {"themes", "executives", "home_municipality"} <= set(incomplete.json())


def test_bad_input_gets_field_errors_and_writes_nothing(admin_api, make_coach):
    before = row_counts()
    response = admin_api.post("/api/coaches/", new_coach_payload(
        name_th="", themes=[], executives=[], home_municipality=999999, availability_days=40,
        languages=[{"language": "en", "level": "fluent"}, {"language": "en", "level": "basic"}],
        trainings=[{"name": "หลักสูตร", "year": 2567}], public_fields=["salary"],
        service_provinces=["99"]), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert {"name_th", "themes", "executives", "home_municipality", "availability_days",
            "languages", "trainings", "public_fields", "service_provinces"} <= set(errors)
    assert "543" in errors["trainings"]["0"]["year"][0]
    assert row_counts() == before

    coach = make_coach(name="ชื่อเดิม")
    before = row_counts()
    response = admin_api.patch(f"/api/coaches/{coach.pk}/", {
        "name_th": "ชื่อใหม่", "themes": [],
        "executives": [{"name": "ก", "position": "mayor", "email": "same@example.org"},
                       {"name": "ข", "position": "clerk", "email": "SAME@example.org"}],
    }, format="json")
    assert response.status_code == 400 and {"themes", "executives"} <= set(response.json())
    coach.refresh_from_db()
    assert coach.name_th == "ชื่อเดิม" and coach.themes.count() == 1
    assert row_counts() == before

    missing = admin_api.post("/api/coaches/", {}, format="json")
    assert missing.status_code == 400
    assert {"name_th", "position", "email", "home_municipality", "themes",
            "executives"} <= set(missing.json())


def test_status_changes_through_the_status_action(admin_api, make_coach):
    coach = make_coach(status="applied")
    url = f"/api/coaches/{coach.pk}/status/"

    no_reason = admin_api.post(url, {"status": "rejected"}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["note"]
    approved = admin_api.post(url, {"status": "approved", "note": "ผ่านการคัดเลือก"},
                              format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["status_note"] == "ผ่านการคัดเลือก"
    assert APIClient().get(f"/api/coaches/{coach.pk}/").status_code == 200

    wrong = admin_api.post(url, {"status": "rejected", "note": "ช้าไป"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["status"] == [api_language(lambda: translation.gettext(
        "A coach who is “%(current)s” cannot become “%(new)s”.") % {
        "current": Coach.Status.APPROVED.label, "new": Coach.Status.REJECTED.label})]
    unknown = admin_api.post(url, {"status": "famous"}, format="json")
    assert unknown.status_code == 400 and "status" in unknown.json()
    coach.refresh_from_db()
    assert coach.status == "approved"
    assert list(coach.events.filter(action="status").values_list("to_status", flat=True)) == [
        "approved"]


def test_coaches_edit_their_own_profile_but_not_its_status(api, make_coach, coach_user,
                                                           other_coach_user):
    own = make_coach(status="active", user=coach_user)
    other = make_coach(status="active", user=other_coach_user)
    hidden = make_coach(status="applied")
    api.force_authenticate(coach_user)

    response = api.patch(f"/api/coaches/{own.pk}/", {
        "phone": "029998888", "public_fields": ["name", "phone"],
        "trainings": [{"name": "การวิเคราะห์ SWOT", "year": 2022}]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "029998888"
    assert APIClient().get(f"/api/coaches/{own.pk}/").json()["phone"] == "029998888"
    assert own.events.filter(action="updated", actor=coach_user).exists()

    status_by_patch = api.patch(f"/api/coaches/{own.pk}/", {"status": "paused"}, format="json")
    assert status_by_patch.status_code == 400 and "status" in status_by_patch.json()
    assert api.post(f"/api/coaches/{own.pk}/status/", {"status": "paused"}).status_code == 403
    own.refresh_from_db()
    assert own.status == "active"

    before = row_counts()
    assert api.patch(f"/api/coaches/{other.pk}/", {"phone": "1"}, format="json"
                     ).status_code == 403
    assert api.patch(f"/api/coaches/{hidden.pk}/", {"phone": "1"}, format="json"
                     ).status_code == 404
    assert api.post("/api/coaches/", new_coach_payload(), format="json").status_code == 403
    assert api.get(f"/api/coaches/{other.pk}/executives/").status_code == 403
    assert row_counts() == before


def test_anonymous_and_staff_cannot_write(api, make_coach, staff_user):
    coach = make_coach()
    before = row_counts()
    assert api.post("/api/coaches/", new_coach_payload(), format="json").status_code == 401
    assert api.patch(f"/api/coaches/{coach.pk}/", {"phone": "1"}, format="json"
                     ).status_code == 401
    assert api.post(f"/api/coaches/{coach.pk}/status/", {"status": "paused"}).status_code == 401
    assert api.get(f"/api/coaches/{coach.pk}/executives/").status_code == 401
    api.force_authenticate(staff_user)
    assert api.post("/api/coaches/", new_coach_payload(), format="json").status_code == 403
    assert api.patch(f"/api/coaches/{coach.pk}/", {"phone": "1"}, format="json"
                     ).status_code == 403
    assert api.post(f"/api/coaches/{coach.pk}/status/", {"status": "paused"}).status_code == 403
    assert row_counts() == before


def test_home_executives_are_managed_one_by_one(admin_api, make_coach, coach_user):
    coach = make_coach(user=coach_user)
    url = f"/api/coaches/{coach.pk}/executives/"
    first = coach.executives.get()

    assert [e["id"] for e in admin_api.get(url).json()] == [first.pk]
    added = admin_api.post(url, {"name": "ปลัดเทศบาล", "position": "clerk",
                                 "email": "Clerk@Yala.example.org"}, format="json")
    assert added.status_code == 201, added.json()
    clerk = added.json()
    assert clerk["email"] == "clerk@yala.example.org" and clerk["digests_enabled"] is True
    twice = admin_api.post(url, {"name": "ซ้ำ", "position": "other",
                                 "email": "clerk@yala.example.org"}, format="json")
    assert twice.status_code == 400 and "email" in twice.json()
    invalid = admin_api.post(url, {"name": "", "position": "king", "email": "nope"},
                             format="json")
    assert invalid.status_code == 400
    assert {"name", "position", "email"} <= set(invalid.json())
    assert coach.executives.count() == 2

    renamed = admin_api.patch(f"{url}{clerk['id']}/", {"name": "นายสมชาย ปลัด",
                                                       "preferred_language": "en"},
                              format="json")
    assert renamed.status_code == 200, renamed.json()
    assert renamed.json()["id"] == clerk["id"] and renamed.json()["name"] == "นายสมชาย ปลัด"
    assert HomeExecutive.objects.get(pk=clerk["id"]).preferred_language == "en"
    new_email = admin_api.patch(f"{url}{clerk['id']}/", {"email": "x@example.org"},
                                format="json")
    assert new_email.status_code == 400 and "email" in new_email.json()
    assert admin_api.patch(f"{url}999999/", {"name": "x"}, format="json").status_code == 404

    assert admin_api.delete(f"{url}{first.pk}/").status_code == 204
    last = admin_api.delete(f"{url}{clerk['id']}/")
    assert last.status_code == 400 and last.json()["executives"]
    assert list(coach.executives.values_list("pk", flat=True)) == [clerk["id"]]

    own_api = APIClient()
    own_api.force_authenticate(coach_user)
    mine = own_api.post(url, {"name": "รองนายก", "position": "deputy_mayor",
                              "email": "deputy@yala.example.org"}, format="json")
    assert mine.status_code == 201 and coach.executives.count() == 2


# Coverage and matching ----------------------------------------------------------------------

def test_coverage_by_region_with_uncovered_list_for_admins(api, admin_api, make_coach,
                                                           django_assert_num_queries):
    make_coach(home="เทศบาลนครยะลา", provinces=["90"], themes=["governance", "budget"],
               public=["home_municipality"])
    make_coach(home="เทศบาลนครเชียงราย", themes=["environment"], status="applied")
    # Hides where they live: the public figures count them, but place them nowhere.
    make_coach(home="เทศบาลนครภูเก็ต", themes=["participation"])

    with django_assert_num_queries(9):
        data = api.get("/api/coaches/coverage/").json()
    regions = {row["code"]: row for row in data["regions"]}
    assert list(regions) == ["north", "northeast", "central", "east", "west", "south"]
    assert regions["south"] == {
        "code": "south", "name_th": "ภาคใต้", "name_en": "Southern", "coaches": 1,
        "municipalities": 3, "covered": 2, "coverage_percent": 66.7,
        "coaches_per_municipality": 0.33}
    assert regions["north"]["covered"] == 0  # the applicant is not listed yet
    assert data["totals"] == {"coaches": 2, "municipalities": 10, "covered": 2,
                              "coverage_percent": 20.0}
    assert data["goal_percent"] == 20.0
    assert [t["code"] for t in data["themes"]] == ["governance", "environment", "budget",
                                                  "participation"]
    south = next(row for row in data["matrix"] if row["region"] == "south")
    assert south["themes"] == {"governance": 1, "environment": 0, "budget": 1,
                               "participation": 0}
    assert data["uncovered"] is None

    with django_assert_num_queries(10):  # + the token
        admin_data = admin_api.get("/api/coaches/coverage/").json()
    uncovered = admin_data["uncovered"]
    assert len(uncovered) == 7
    assert {"เทศบาลนครยะลา", "เทศบาลนครสงขลา", "เทศบาลนครภูเก็ต"}.isdisjoint(
        m["name_th"] for m in uncovered)
    assert next(m for m in uncovered if m["name_th"] == "เทศบาลนครอุดรธานี")["region"] == (
        "northeast")
    south = next(row for row in admin_data["regions"] if row["code"] == "south")
    assert (south["coaches"], south["covered"]) == (2, 3)


def test_match_ranks_listed_coaches_with_reasons(api, admin_api, make_coach,
                                                 django_assert_num_queries):
    best = make_coach(home="เทศบาลนครสงขลา", provinces=["95"], languages=[("ms", "fluent")],
                      availability=10, public=["training", "languages"])
    # Lives in the south but hides it: for the public, nothing places them there.
    region_only = make_coach(home="เทศบาลนครภูเก็ต", availability=10)
    make_coach(home="เทศบาลนครเชียงราย", themes=["environment"])
    make_coach(home="เทศบาลนครสงขลา", status="applied")

    params = {"municipality": yala().pk, "theme": "governance", "language": "ms"}
    with django_assert_num_queries(11):  # 10 + the load from pilot assignments
        response = api.get("/api/coaches/match/", params)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["theme"] == "governance" and data["municipality"]["id"] == yala().pk
    suggestions = data["suggestions"]
    assert [s["coach"]["id"] for s in suggestions] == [best.pk, region_only.pk]
    top = suggestions[0]
    assert top["score"] == 12 and top["load"] == 0
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Speaks %(language)s") % {
            "language": translation.gettext("Malay")} in top["reasons"]
        assert translation.gettext("Serves %(province)s") % {
            "province": yala().province.name} in top["reasons"]
        assert top["coach"]["name"] == best.public_name()
    assert top["coach"]["trainings"] == [] and top["coach"]["phone"] is None
    assert best.phone not in response.content.decode()
    assert suggestions[1]["score"] == 7 < top["score"]
    with translation.override(settings.LANGUAGE_CODE):
        region = translation.gettext("Serves the %(region)s region") % {
            "region": yala().province.region.name}
    assert region not in suggestions[1]["reasons"]
    # League admins match on whole records: the hidden home counts for them.
    private = admin_api.get("/api/coaches/match/", params).json()["suggestions"]
    assert region in next(s for s in private if s["coach"]["id"] == region_only.pk)["reasons"]


@pytest.mark.parametrize(("params", "field"), [
    ({"theme": "governance"}, "municipality"),
    ({"municipality": 999999, "theme": "governance"}, "municipality"),
    ({"municipality": "yala", "theme": "governance"}, "municipality"),
    ({"municipality": "ID"}, "theme"),
    ({"municipality": "ID", "theme": "tourism"}, "theme"),
    ({"municipality": "ID", "theme": "governance", "language": "xx"}, "language"),
])
def test_match_explains_bad_queries(api, params, field):
    params = {k: yala().pk if v == "ID" else v for k, v in params.items()}
    response = api.get("/api/coaches/match/", params)
    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert response.json()[field][0]


# Schema and export --------------------------------------------------------------------------

def test_schema_documents_the_coach_api(api):
    schema = json.loads(api.get("/api/schema/?format=json").content)
    for path in ("/api/coaches/", "/api/coaches/{id}/", "/api/coaches/{id}/status/",
                 "/api/coaches/{id}/executives/", "/api/coaches/{id}/executives/{executive_id}/",
                 "/api/coaches/coverage/", "/api/coaches/match/"):
        assert path in schema["paths"], path
    list_params = {p["name"] for p in schema["paths"]["/api/coaches/"]["get"]["parameters"]}
    assert {"theme", "region", "province", "language", "tool", "available", "search",
            "status", "page"} <= list_params
    match_params = {p["name"] for p in schema["paths"]["/api/coaches/match/"]["get"]
                    ["parameters"]}
    assert {"municipality", "theme", "language"} <= match_params
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_data_export_holds_everything_about_the_coach(make_coach, coach_user):
    coach = make_coach(user=coach_user, status="active", bio="ประวัติ")
    services.coach_update(coach=coach, actor=coach_user, data={}, trainings=[
        {"name": "หลักสูตร A", "provider": "", "year": 2020}])
    services.certification_add(coach=coach, actor=None, data={
        "issuer": "university", "issuer_name": "มหาวิทยาลัยสงขลานครินทร์",
        "title": "ประกาศนียบัตร", "issued_on": "2023-03-01"})
    data = services.coach_data_export(coach=coach, actor=coach_user)
    assert data["name_th"] == coach.name_th and data["phone"] == coach.phone
    assert data["bio_th"] == "ประวัติ" and data["trainings"][0]["name"] == "หลักสูตร A"
    assert data["languages"] == [{"language": "th", "level": "native"}]
    assert data["executives"][0]["email"] == coach.executives.get().email
    assert data["certifications"][0]["issuer_label"] == "มหาวิทยาลัยสงขลานครินทร์"
    assert [e["action"] for e in data["history"]] == [
        "applied", "status", "status", "updated", "certified"]
    assert data["history"][3]["by"] == "self" and data["history"][4]["by"] == "system"
    assert data["home_municipality"]["name_th"] == "เทศบาลนครยะลา"
    json.dumps(data, default=str)
