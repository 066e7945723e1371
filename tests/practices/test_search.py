import pytest
from django.contrib.auth.models import AnonymousUser

from portal.models import Municipality, Province, Theme
from practices.models import Practice
from practices.services import practice_create
from tests.practices.conftest import titles

pytestmark = pytest.mark.usefixtures("seeded")


def search(client, query, **filters):
    return titles(client.get("/practices/", {"q": query, **filters}))


def test_a_thai_word_inside_a_longer_compound_finds_the_practice(client):
    found = search(client, "ขยะ")
    assert any("ขยะ" in title for title in found)
    waste = Practice.objects.filter(search_body__contains=" ขยะมูลฝอย ") | \
        Practice.objects.filter(search_summary__contains=" ขยะมูลฝอย ")
    assert waste.exists()
    assert set(waste.values_list("title_th", flat=True)) <= set(found)


def test_partial_words_and_small_typos_still_find_results(client):
    exact = set(search(client, "มูลฝอย"))
    assert exact
    assert set(search(client, "ขยมูลฝอย")) & exact  # one letter missing


def test_english_queries_search_english_fields(client):
    found = search(client, "wastewater")
    assert "เทศบาลนครอุดรธานี" in [
        p.municipality.name_th for p in Practice.objects.filter(title_th__in=found)
        if p.municipality
    ]


@pytest.mark.parametrize("place", ["ยะลา", "เทศบาลนครยะลา", "Yala"])
def test_a_place_name_finds_that_places_practices(client, place):
    found = search(client, place)
    yala = Practice.objects.get(external_id="delgosea-yala")
    assert yala.title_th in found


def test_a_province_name_finds_municipal_and_province_level_practices(client):
    found = set(search(client, "ระยอง"))
    expected = set(Practice.objects.filter(province__name_th="ระยอง").values_list("title_th",
                                                                                  flat=True))
    assert len(expected) >= 2 and expected <= found


def test_title_matches_rank_above_summary_and_body_matches(client, django_user_model):
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    theme = [Theme.objects.get(code="governance")]
    common = {"municipality": yala, "province": yala.province}
    body = practice_create(actor=None, themes=theme, status="published", data={
        **common, "title_th": "งานบริการประชาชน", "summary_th": "สรุปงาน",
        "body_th": "มีการคัดแยกกระดาษลูกฟูกในสำนักงาน"})
    summary = practice_create(actor=None, themes=theme, status="published", data={
        **common, "title_th": "งานสำนักงาน", "summary_th": "คัดแยกกระดาษลูกฟูกทุกสัปดาห์"})
    title = practice_create(actor=None, themes=theme, status="published", data={
        **common, "title_th": "ธนาคารกระดาษลูกฟูก", "summary_th": "โครงการของเทศบาล"})
    assert search(client, "ลูกฟูก") == [title.title_th, summary.title_th, body.title_th]


def test_filters_combine_with_search(client):
    everything = set(search(client, "เครือข่าย"))
    north = set(search(client, "เครือข่าย", region="north"))
    assert north and north < everything
    for title in north:
        assert Practice.objects.get(title_th=title).province.region.code == "north"


def test_drafts_never_appear_in_public_search(client):
    draft = Practice.objects.get(external_id="delgosea-yala")
    draft.status = Practice.Status.DRAFT
    draft.save()
    assert draft.title_th not in search(client, "ยะลา")


def test_nothing_found_shows_a_helpful_empty_state(client):
    html = client.get("/practices/", {"q": "ฟหกฟหกฟหก"}).content.decode()
    assert "พบตัวอย่างที่ดี 0 รายการ" in html
    assert "/practices/?theme=governance" in html  # browse by theme instead


def test_every_seeded_practice_is_on_the_list_and_reachable(client):
    listed = titles(client.get("/practices/"))  # fewer than one page of 20
    assert sorted(listed) == sorted(Practice.objects.values_list("title_th", flat=True))
    for practice in Practice.objects.all():
        assert client.get(practice.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("param", "value"), [("theme", "environment"), ("region", "south"),
                                               ("province", "90"), ("type", "tambon")])
def test_filters_find_seeded_practices(client, param, value):
    found = titles(client.get("/practices/", {param: value}))
    assert found
    lookup = {"theme": "themes__code", "region": "province__region__code",
              "province": "province__code", "type": "municipality__kind"}[param]
    assert set(found) == set(Practice.objects.filter(**{lookup: value})
                             .values_list("title_th", flat=True))


def test_facets_show_counts(client):
    facets = client.get("/practices/").context["facets"]
    themes = {f["value"]: f["count"] for f in facets["theme"]}
    assert themes["environment"] == Practice.objects.filter(themes__code="environment").count()
    provinces = {f["value"]: f["count"] for f in facets["province"]}
    assert provinces["50"] == Province.objects.get(code="50").practices.count()


def _waste_practices(n: int) -> list[Practice]:
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    theme = [Theme.objects.get(code="environment")]
    made = []
    for i in range(n):
        in_title = i % 5 == 0  # every fifth has the word in its title, the rest in the summary
        made.append(practice_create(actor=None, themes=theme, status="published", data={
            "municipality": yala, "province": yala.province,
            "title_th": f"ธนาคารลูกฟูกแห่งที่ {i}" if in_title else f"งานสำนักงานแห่งที่ {i}",
            "summary_th": "ชุมชนร่วมกันดูแล" if in_title else "คัดแยกลูกฟูกทุกสัปดาห์"}))
    return made


def test_relevance_pages_follow_on_without_gaps_or_repeats(client):
    made = _waste_practices(25)
    first = search(client, "ลูกฟูก")
    second = search(client, "ลูกฟูก", page=2)
    assert len(first) == 20 and len(second) == 5
    assert sorted(first + second) == sorted(p.title_th for p in made)
    # the five title matches lead page one, newest first; then the summary matches
    assert first[:5] == [f"ธนาคารลูกฟูกแห่งที่ {i}" for i in (20, 15, 10, 5, 0)]
    assert first[5] == "งานสำนักงานแห่งที่ 24"


def test_a_search_sorted_newest_or_by_title_lists_every_match_in_that_order(client):
    made = _waste_practices(25)
    newest = search(client, "ลูกฟูก", sort="newest") + search(client, "ลูกฟูก", sort="newest",
                                                           page=2)
    assert newest == [p.title_th for p in reversed(made)]
    by_title = search(client, "ลูกฟูก", sort="title")
    assert by_title == sorted(p.title_th for p in made)[:20]


def test_facet_counts_follow_a_change_made_outside_the_services(client):
    """Counts come from bitmaps each process keeps (practices.facet_index); a save that skips
    the services, and so the content version, is still seen through the latest change time."""

    def province_counts():
        facets = client.get("/practices/").context["facets"]
        return {f["value"]: f["count"] for f in facets["province"]}

    practice = Practice.objects.get(external_id="delgosea-yala")
    yala, rayong = practice.province, Province.objects.get(name_th="ระยอง")
    before = province_counts()
    practice.province, practice.municipality = rayong, None
    practice.save()
    after = province_counts()
    assert after.get(yala.code, 0) == before[yala.code] - 1
    assert after[rayong.code] == before.get(rayong.code, 0) + 1


def test_a_page_past_the_end_shows_the_last_page(client):
    _waste_practices(25)
    response = client.get("/practices/", {"q": "ลูกฟูก", "page": 9})
    assert response.context["page"].number == 2
    assert len(titles(response)) == 5


def _answers(index, queries, monkeypatch) -> dict:
    """What every query gives from `index`: ids in each order, and the facet counts."""
    from django.http import QueryDict

    from practices import selectors

    monkeypatch.setattr(selectors, "library_index", lambda: index)
    out = {}
    for query in queries:
        for sort in ("relevance", "newest", "title"):
            params = QueryDict(f"{query}&sort={sort}")
            search = selectors.practice_search(user=AnonymousUser(), params=params)
            out[(query, sort)] = (list(search.ids[0:1000]), search.matched.facets)
    monkeypatch.undo()
    return out


def test_the_index_kept_up_to_date_answers_as_one_built_from_scratch(
        client, monkeypatch, django_capture_on_commit_callbacks):
    """Each process updates its library index in place after a change (a new slot for each
    changed practice, placed in both orders next to its neighbour); the answers must be those
    of an index built from the database afresh."""
    from practices import library_index as library

    queries = ["q=ลูกฟูก", "q=ขยะ", "theme=environment", "q=ยะลา&region=south", "year=2012",
               "tag=ขยะ"]
    made = _waste_practices(6)
    library.library_index()  # up to date with the practices above
    # Changes of every kind, each followed by a request, as on a live site:
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    theme = [Theme.objects.get(code="environment")]
    changes = [
        lambda: practice_create(actor=None, themes=theme, status="published", data={
            "municipality": yala, "province": yala.province, "title_th": "กระดาษลูกฟูกใหม่",
            "summary_th": "ลูกฟูก", "year_started": 2012}),
        lambda: _edit(made[0], title_th="อ่างเก็บน้ำ"),
        lambda: _edit(made[1], themes=[]),
        lambda: _edit(made[2], status=Practice.Status.ARCHIVED),
        lambda: _edit(made[4], published_at=made[5].published_at),  # a tie: the id decides
        lambda: Practice.objects.get(pk=made[3].pk).delete(),
    ]
    for change in changes:
        with django_capture_on_commit_callbacks(execute=True):  # as the change commits
            change()
        client.get("/practices/")  # the process catches up
        kept = library.library_index()
        fresh = library.build()
        assert _answers(kept, queries, monkeypatch) == _answers(fresh, queries, monkeypatch)
    assert kept.dead >= 4  # updated in place, not rebuilt


def _edit(practice, *, themes=None, **fields):
    """A change saved as the admin saves it (the row, then its themes)."""
    practice = Practice.objects.get(pk=practice.pk)
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.save()
    if themes is not None:
        practice.themes.set(themes)
