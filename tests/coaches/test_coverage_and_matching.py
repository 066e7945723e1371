import pytest

from coaches.coverage import coverage
from coaches.matching import LOAD_PROVIDERS, match_coaches
from portal.models import Municipality, Theme

pytestmark = pytest.mark.django_db


def _m(name):
    return Municipality.objects.get(name_th=name)


def test_coverage_counts_home_and_served_municipalities(make_coach):
    make_coach(home="เทศบาลนครยะลา", provinces=["90"])  # lives in Yala, serves Songkhla
    make_coach(home="เทศบาลนครเชียงราย", regions=["east"])
    make_coach(status="applied", home="เทศบาลนครภูเก็ต")  # not yet approved: counts for nothing
    result = coverage(private=True)
    covered = {"เทศบาลนครยะลา", "เทศบาลนครสงขลา", "เทศบาลนครเชียงราย", "เทศบาลตำบลเมืองแกลง",
               "เทศบาลตำบลบ้านบึง"}
    assert result.coaches == 2
    assert result.municipalities == Municipality.objects.count()
    assert result.covered == len(covered)
    assert {m.name_th for m in result.uncovered} == (
        set(Municipality.objects.values_list("name_th", flat=True)) - covered)
    south = next(r for r in result.regions if r.region.code == "south")
    assert (south.coaches, south.municipalities, south.covered) == (1, 3, 2)
    governance = [t.code for t in result.themes].index("governance")
    assert sum(row[governance] for _r, row in result.matrix) == 2


def test_coverage_query_count_does_not_grow(make_coach, django_assert_max_num_queries):
    for _ in range(5):
        make_coach(provinces=["90", "95"], regions=["north"])
    with django_assert_max_num_queries(9):
        coverage(private=True)


def test_matching_ranks_by_theme_place_language_and_load(make_coach):
    songkhla = _m("เทศบาลนครสงขลา")
    near = make_coach(home="เทศบาลนครยะลา", provinces=["90"], languages=[("en", "fluent")],
                      availability=10)
    far = make_coach(home="เทศบาลนครเชียงราย", availability=10)
    make_coach(themes=["budget"], provinces=["90"])  # wrong theme: never suggested
    make_coach(status="paused", provinces=["90"])  # not listed: never suggested
    suggestions = match_coaches(municipality=songkhla, theme=Theme.objects.get(code="governance"),
                                language="en")
    assert [s.coach for s in suggestions] == [near, far]
    assert any("Songkhla" in r or "สงขลา" in r for r in suggestions[0].reasons)
    assert suggestions[0].score > suggestions[1].score

    provider = LOAD_PROVIDERS.register(lambda ids: {near.pk: 3})
    try:
        reranked = match_coaches(municipality=songkhla,
                                 theme=Theme.objects.get(code="governance"))
    finally:
        LOAD_PROVIDERS.unregister(provider)
    assert reranked[0].coach == far and reranked[1].load == 3


def test_a_coach_from_the_same_municipality_gets_no_outsider_point(make_coach):
    yala = _m("เทศบาลนครยะลา")
    local = make_coach(home="เทศบาลนครยะลา", public=["home_municipality"])
    outsider = make_coach(home="เทศบาลนครสงขลา", regions=["south"])
    theme = Theme.objects.get(code="governance")
    scores = {s.coach: s.score for s in match_coaches(municipality=yala, theme=theme)}
    assert scores[local] == 4 + 3 + 4 / 5  # theme, own province, availability
    assert scores[outsider] == 4 + 2 + 4 / 5 + 1


def test_a_hidden_home_neither_scores_nor_explains_for_the_public(make_coach):
    """The suggestion of a coach who hides their home is the same wherever they live."""
    yala = _m("เทศบาลนครยะลา")
    theme = Theme.objects.get(code="governance")
    local = make_coach(home="เทศบาลนครยะลา")
    far = make_coach(home="เทศบาลนครเชียงราย")
    public = {s.coach: s for s in match_coaches(municipality=yala, theme=theme)}
    assert public[local].score == public[far].score == 4 + 4 / 5 + 1
    assert public[local].reasons == public[far].reasons
    private = {s.coach: s for s in match_coaches(municipality=yala, theme=theme, private=True)}
    assert private[local].score == 4 + 3 + 4 / 5
    assert private[far].score == 4 + 4 / 5 + 1
