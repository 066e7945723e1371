"""Problems and recommendations (document 001) and area-management reviews (document 002)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from learning import services
from learning.area_form import SECTIONS, clean_answers, unmet_summary
from learning.models import AreaReview, Recommendation
from portal.models import Municipality, Province

pytestmark = pytest.mark.django_db

NEW = "/en/pilots/area-reviews/new/"
LIST = "/en/pilots/area-reviews/"
RECOMMENDATIONS = "/en/pilots/recommendations/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _place(name_th: str) -> Municipality:
    return Municipality.objects.select_related("province").get(name_th=name_th)


@pytest.fixture
def chiang_mai_staff(staff_user, reference_data):
    """Municipal staff of ทต.ชมภู (Chiang Mai)."""
    staff_user.municipality = _place("เทศบาลตำบลชมภู")
    staff_user.save()
    return staff_user


def _form_data(**extra) -> dict:
    chom_phu = _place("เทศบาลตำบลชมภู")
    return {"area_name": "ตำบลชมภู", "province": chom_phu.province_id,
            "municipality": chom_phu.pk, "year": "2569", **extra}


def _review(area: str, answers: dict, *, year=2026, province_code="50") -> AreaReview:
    return services.area_review_save(actor=None, province=Province.objects.get(code=province_code),
                                     municipality=None, area_name=area, year=year,
                                     answers=answers)


# clean_answers ---------------------------------------------------------------------------------

def test_clean_answers_lists_every_unknown_code_at_once():
    with pytest.raises(ValidationError) as caught:
        clean_answers({
            "finance": {},
            "people": {"aliens": {}, "role_models": {"met": ["magic", "room_to_act"],
                                                     "colour": "blue"}},
            "summary": {"people": {"met": ["room_to_act"]}},
        })
    problems = " | ".join(caught.value.messages)
    for code in ("finance", "aliens", "magic", "colour"):
        assert f"“{code}”" in problems
    assert "Unknown criterion “room_to_act” in section “summary”" in problems  # no criteria there
    assert len(caught.value.messages) == 5


def test_clean_answers_rejects_overlong_text():
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        clean_answers({"people": {"volunteers": {"how": "ก" * 2001}}})


def test_clean_answers_completes_and_tidies_the_answers():
    cleaned = clean_answers({"people": {"role_models": {
        "met": ["community_trust", "four_org_participation", "community_trust"],
        "how": "  เวทีประชาคม  "}}})
    assert [s["code"] for s in SECTIONS] == list(cleaned)
    for spec in SECTIONS:  # every section and row, every field
        assert list(cleaned[spec["code"]]) == [r["code"] for r in spec["rows"]]
    assert cleaned["people"]["role_models"] == {
        "met": ["four_org_participation", "community_trust"],  # the form's order, once each
        "how": "เวทีประชาคม", "what_will_we_do": ""}
    assert cleaned["summary"]["data"] == {"met": [], "already_done": "", "how_to_upgrade": ""}


# Recording a review ----------------------------------------------------------------------------

def test_the_form_saves_a_review_and_the_same_area_and_year_updates_it(client, chiang_mai_staff):
    client.force_login(chiang_mai_staff)
    page = client.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    # each checkbox is labelled with its row and criterion
    assert 'for="id_people-role_models-met_0"' in html
    assert "Role models — Criterion 1: The 4 main organisations" in html

    response = client.post(NEW, _form_data(**{
        "people-role_models-met": ["four_org_participation", "room_to_act"],
        "people-role_models-what_will_we_do": "  อบรมผู้นำรุ่นใหม่ ",
        "summary-people-already_done": "มีสภาผู้นำชุมชน",
    }))
    review = AreaReview.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/pilots/area-reviews/{review.pk}/")
    assert (review.area_name, review.year, review.province.code) == ("ตำบลชมภู", 2026, "50")
    assert review.answers["people"]["role_models"]["met"] == ["four_org_participation",
                                                              "room_to_act"]
    assert review.answers["people"]["role_models"]["what_will_we_do"] == "อบรมผู้นำรุ่นใหม่"

    client.post(NEW, _form_data(year="2026", **{"people-volunteers-met": ["community_trust"]}))
    review = AreaReview.objects.get()  # still one review for the area and year
    assert review.answers["people"]["role_models"]["met"] == []
    assert review.answers["people"]["volunteers"]["met"] == ["community_trust"]

    detail = client.get(f"/en/pilots/area-reviews/{review.pk}/")
    assert "The review of ตำบลชมภู for 2026 (B.E. 2569) was updated." in detail.content.decode()


def test_editing_keeps_the_area_and_year_and_changes_the_answers(client, chiang_mai_staff):
    review = _review("ตำบลชมภู", {"data": {"team": {"met": ["learning_needs"]}}})
    client.force_login(chiang_mai_staff)
    url = f"/en/pilots/area-reviews/{review.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'value="learning_needs"' in page and "checked" in page
    response = client.post(url, {"municipality": "", "data-team-met": ["into_routine_work"],
                                 "area_name": "elsewhere", "year": "2020"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.area_name, review.year) == ("ตำบลชมภู", 2026)
    assert review.answers["data"]["team"]["met"] == ["into_routine_work"]


def test_errors_are_shown_and_nothing_is_saved(client, chiang_mai_staff):
    client.force_login(chiang_mai_staff)
    response = client.post(NEW, _form_data(**{
        "municipality": _place("เทศบาลนครยะลา").pk,  # not in the user's province
        "people-role_models-met": ["not-a-criterion"],
        "mechanism-groups-resources": "x" * 2001,
        "year": "2999",
    }))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some answers need correcting" in html
    assert "Nothing has been saved yet" in html
    assert 'href="#id_people-role_models-met_0"' in html
    assert 'href="#id_mechanism-groups-resources"' in html
    assert "Write at most 2000 characters" in html
    assert "Enter a year between 1900 and this year" in html
    assert not AreaReview.objects.exists()


def test_anonymous_visitors_must_log_in_to_record_or_change(client):
    review = _review("ตำบลชมภู", {})
    for url in (NEW, f"/en/pilots/area-reviews/{review.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        response = client.post(url, _form_data())
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AreaReview.objects.get().answers == review.answers


def test_a_user_of_another_province_is_refused(client, coach_user, reference_data):
    coach_user.municipality = _place("เทศบาลนครยะลา")
    coach_user.save()
    client.force_login(coach_user)
    review = _review("ตำบลชมภู", {})
    assert client.get(f"/en/pilots/area-reviews/{review.pk}/edit/").status_code == 403
    assert client.post(f"/en/pilots/area-reviews/{review.pk}/edit/",
                       {"people-role_models-met": ["room_to_act"]}).status_code == 403
    response = client.post(NEW, _form_data())  # Chiang Mai, not Yala
    assert response.status_code == 200
    assert "You can record reviews only for your own province." in response.content.decode()
    assert AreaReview.objects.get().answers["people"]["role_models"]["met"] == []
    assert "Change this review" not in client.get(
        f"/en/pilots/area-reviews/{review.pk}/").content.decode()


def test_a_user_without_a_municipality_is_told_why(client, other_coach_user):
    client.force_login(other_coach_user)
    response = client.get(NEW)
    assert response.status_code == 403
    assert "not linked to a municipality" in response.content.decode()


def test_league_admins_record_reviews_for_any_province(client, league_admin):
    client.force_login(league_admin)
    yala = _place("เทศบาลนครยะลา")
    response = client.post(NEW, {"area_name": "ตำบลสะเตง", "province": yala.province_id,
                                 "municipality": yala.pk, "year": "2025"})
    assert response.status_code == 302
    assert AreaReview.objects.get().municipality == yala


# The list, the aggregated view and the detail page ---------------------------------------------

def test_the_aggregated_view_counts_unmet_criteria_across_reviews(client):
    _review("ตำบลชมภู", {"people": {
        "role_models": {"met": ["four_org_participation", "room_to_act"]},
        "change_leaders": {"met": ["four_org_participation"]},
        "new_generation_leaders": {"met": ["four_org_participation"]},
        "youth_leaders": {"met": ["four_org_participation"]},
        "volunteers": {"met": ["four_org_participation"]},
    }})
    _review("ตำบลป่าแดด", {"people": {
        "role_models": {"met": ["four_org_participation", "room_to_act"]},
        "other": {"met": [], "how": "กลุ่มผู้สูงอายุ"},  # an "Other" row filled in counts
    }})
    summary = {(i["section"]["code"], i["criterion"]["code"]): i
               for i in unmet_summary(AreaReview.objects.all())}
    participation = summary[("people", "four_org_participation")]
    # review 1: met in its 5 rows; review 2: unmet in 4 of its 6 assessed rows
    assert (participation["reviews"], participation["rows"], participation["rows_assessed"]) == (
        1, 5, 11)
    room = summary[("people", "room_to_act")]
    assert (room["reviews"], room["rows"]) == (2, 9)
    assert summary[("people", "community_trust")]["rows"] == 11
    assert summary[("mechanism", "policy_response")]["rows_assessed"] == 12  # 6 rows each
    ordered = unmet_summary(AreaReview.objects.all())
    assert ordered[0]["reviews"] == 2 and ordered[-1]["criterion"]["code"] == (
        "four_org_participation")

    html = client.get(LIST).content.decode()
    assert "Outcome criteria most often not met" in html
    assert "<td>1 of 2</td>" in html and "<td>5 of 11</td>" in html  # participation
    assert "45 %" in html  # 5 of 11 rows, in the table and in the chart


def test_the_list_filters_by_year_and_province(client):
    _review("ตำบลชมภู", {}, year=2025)
    _review("ตำบลชมภู", {}, year=2026)
    _review("ตำบลสะเตง", {}, year=2026, province_code="95")
    assert "3 reviews" in client.get(LIST).content.decode()
    html = client.get(LIST, {"year": "2026"}).content.decode()
    assert "2 reviews" in html
    html = client.get(LIST, {"year": "2026", "province": "95"}).content.decode()
    assert "1 review" in html and "ตำบลสะเตง" in html and "ตำบลชมภู" not in html
    html = client.get(LIST, {"year": "1999"}).content.decode()
    assert "Some filters are not valid" in html


def test_an_empty_list_says_so_and_offers_to_record(client, chiang_mai_staff):
    assert "No area has recorded a review yet." in client.get(LIST).content.decode()
    client.force_login(chiang_mai_staff)
    assert NEW.removeprefix("/en") in client.get(LIST).content.decode()


def test_the_detail_page_shows_the_filled_tables(client):
    review = _review("ตำบลชมภู", {
        "people": {"role_models": {"met": ["room_to_act"], "what_will_we_do": "ค่ายผู้นำ"}},
        "summary": {"data": {"how_to_upgrade": "ฐานข้อมูลตำบล"}},
    })
    html = client.get(f"/en/pilots/area-reviews/{review.pk}/").content.decode()
    assert "ตำบลชมภู: review of 2026 (B.E. 2569)" in html
    assert html.count('class="met-mark"') == 1
    assert "ค่ายผู้นำ" in html and "ฐานข้อมูลตำบล" in html
    assert "<td>1 of 5</td>" in html
    assert "Change this review" not in html  # anonymous


@pytest.mark.parametrize("count", [2, 8])
def test_review_pages_make_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    for n in range(count):
        _review(f"ตำบล {n}", {"people": {"role_models": {"met": ["room_to_act"]}}},
                province_code="50" if n % 2 else "95",
                year=2025 + n % 2)
    with django_assert_num_queries(5):  # years, provinces, count, page, answers
        assert client.get(LIST, {"year": "2026"}).status_code == 200
    url = f"/en/pilots/area-reviews/{AreaReview.objects.first().pk}/"
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


# Problems and recommendations -----------------------------------------------------------------

@pytest.fixture
def recommendations(make_pilot):
    songkhla = make_pilot(code="SK", municipality="เทศบาลนครสงขลา")
    chiang_rai = make_pilot(code="CR", municipality="เทศบาลนครเชียงราย")
    hidden = make_pilot(code="HID", municipality="เทศบาลนครยะลา", is_public=False)

    def add(level, text, pilots=(), **extra):
        rec = Recommendation.objects.create(level=level, recommendation_th=text,
                                            recommendation_en=text, **extra)
        rec.pilots.set(pilots)
        return rec

    add("policy", "One E-Gov platform for local governments", [songkhla])
    add("project", "Ask OPDC for support", [songkhla], problem_en="No software experts",
        owner="Songkhla IT division", time_frame="2027", target="E-services online")
    add("project", "Re-plan the work", [chiang_rai, hidden])
    add("league", "At least one coach per municipality", status="in_progress")
    return {"SK": songkhla, "CR": chiang_rai, "HID": hidden}


def _positions(html: str, *texts: str) -> list[int]:
    return [html.index(text) for text in texts]


def test_recommendations_are_grouped_by_level_in_order(client, recommendations):
    html = client.get(RECOMMENDATIONS).content.decode()
    assert "4 recommendations" in html
    headings = _positions(html, "Level: Project", "Level: League", "Level: Policy")
    assert headings == sorted(headings)
    project = html.index("Level: Project")
    assert project < html.index("Ask OPDC for support") < html.index("Level: League")
    assert "Level: Municipality" not in html  # no recommendation at that level
    # follow-up fields, "not set" when empty
    assert "Songkhla IT division" in html and "not set" in html
    assert "3 recommendations still lack one of them." in html
    # pilots link to their pages; a private pilot is not shown to the public
    assert f'href="{recommendations["SK"].get_absolute_url()}"' in html
    assert "HID" not in html


def test_recommendations_filter_by_pilot_and_level(client, recommendations):
    html = client.get(RECOMMENDATIONS, {"pilot": "SK"}).content.decode()
    assert "2 recommendations" in html
    assert "Ask OPDC for support" in html and "Re-plan the work" not in html
    html = client.get(RECOMMENDATIONS, {"pilot": "SK", "level": "policy"}).content.decode()
    assert "1 recommendation" in html and "One E-Gov platform" in html
    assert "Ask OPDC" not in html
    html = client.get(RECOMMENDATIONS, {"status": "done"}).content.decode()
    assert "No recommendation matches these filters." in html
    html = client.get(RECOMMENDATIONS, {"pilot": "HID"}).content.decode()  # private pilot
    assert "Some filters are not valid" in html and "4 recommendations" in html


def test_recommendations_page_is_empty_gracefully(client):
    html = client.get(RECOMMENDATIONS).content.decode()
    assert "No problem or recommendation has been recorded yet." in html


def test_league_admins_get_a_link_to_edit_the_follow_up(client, recommendations, league_admin):
    league_admin.is_staff = True
    league_admin.save()
    client.force_login(league_admin)
    html = client.get(RECOMMENDATIONS).content.decode()
    rec = Recommendation.objects.get(recommendation_en="Ask OPDC for support")
    assert f"/admin/learning/recommendation/{rec.pk}/change/" in html
    assert "HID" in html  # League admins see every pilot


def test_recommendations_page_makes_a_fixed_number_of_queries(
        client, recommendations, django_assert_num_queries):
    def page():
        with django_assert_num_queries(5):  # pilots, count, page, their pilots, level counts
            response = client.get(RECOMMENDATIONS, {"pilot": "SK"})
        assert response.status_code == 200
        return response.content.decode()

    assert "Page 1 of" not in page()
    for n in range(30):
        rec = Recommendation.objects.create(level="partners", recommendation_th=f"ข้อ {n}")
        rec.pilots.set([recommendations["SK"], recommendations["CR"]])
    html = page()
    assert "32 recommendations" in html and "Page 1 of 2" in html
