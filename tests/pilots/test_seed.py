"""The League's pilot projects and recommendations, loaded from the source documents."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from learning import seed as learning_seed
from learning.models import Recommendation
from pilots import seed
from pilots.models import Indicator, Measurement, Pilot
from portal.models import Municipality
from practices.seed import seed_practices_load

PILOTS = json.loads(seed.PILOTS_FILE.read_text(encoding="utf-8"))
PROBLEMS = json.loads(learning_seed.PROBLEMS_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def practices(reference_data):
    seed_practices_load()


def _counts():
    return (Pilot.objects.count(), Recommendation.objects.count(),
            Recommendation.pilots.through.objects.count(), Municipality.objects.count())


def test_seeds_create_the_twelve_pilots_and_the_recommendations_once(practices):
    out = StringIO()
    call_command("load_seed_pilots", stdout=out)
    assert Pilot.objects.count() == 12
    assert Pilot.objects.filter(programme="delgosea").count() == 7
    assert Pilot.objects.filter(programme="area-based-2016").count() == 5
    # Every entry of the document, including the problem it gives no recommendation for.
    distinct = {(p["level"], p["recommendation_th"] or p["problem_th"]) for p in PROBLEMS}
    assert len(distinct) == 40
    assert Recommendation.objects.count() == len(distinct)
    assert f"Seed pilots: 12 created, 0 updated; recommendations: {len(distinct)} created" in (
        out.getvalue())

    first = _counts()
    out = StringIO()
    call_command("load_seed_pilots", stdout=out)
    assert _counts() == first  # run twice: nothing duplicated
    assert f"Seed pilots: 0 created, 12 updated; recommendations: 0 created, {len(distinct)} " \
           "updated" in out.getvalue()


def test_pilots_carry_what_the_documents_say_and_nothing_invented(practices):
    seed.seed_pilots_load()
    by_code = {item["code"]: item for item in PILOTS}
    for pilot in Pilot.objects.select_related("municipality", "province", "documented_in"):
        item = by_code[pilot.code]
        assert pilot.title_th == item["title_th"]
        assert pilot.province.name_th == item["province"]
        assert (pilot.municipality.name_th if pilot.municipality else None) == item["municipality"]
        assert pilot.year_started == item["started"]
        assert pilot.objectives_th == item["objectives_th"]
        assert sorted(pilot.themes.values_list("code", flat=True)) == sorted(item["themes"])
        assert (pilot.documented_in.external_id if pilot.documented_in else None) == (
            item["practice"])
        # No figure that the documents do not give.
        assert pilot.budget is None and pilot.starts_on is None and pilot.ends_on is None
        assert pilot.status == item["status"] and pilot.is_public
    assert not Indicator.objects.exists() and not Measurement.objects.exists()
    yala = Pilot.objects.get(code="DG-YL")
    assert yala.slug == "dg-yl"
    rayong = Pilot.objects.get(code="ABC59-RY")
    assert rayong.municipality is None and rayong.year_started == 2016


def test_recommendations_are_linked_to_the_pilots_they_name(practices):
    seed.seed_pilots_load()
    for tag, code in learning_seed.TAGS.items():
        expected = sum(tag in p["pilots"] for p in PROBLEMS)
        assert Pilot.objects.get(code=code).recommendations.count() == expected, tag
    example = PROBLEMS[0]
    saved = Recommendation.objects.get(level=example["level"],
                                       recommendation_th=example["recommendation_th"])
    assert saved.problem_th == example["problem_th"]
    assert saved.owner == example["owner"] and saved.time_frame == example["time_frame"]
    assert saved.target == example["target"]  # empty stays empty: no invented target


def test_a_refresh_keeps_what_the_league_changed(practices):
    seed.seed_pilots_load()
    pilot = Pilot.objects.get(code="DG-SK")
    pilot.status = Pilot.Status.COMPLETED
    pilot.save()
    recommendation = Recommendation.objects.first()
    recommendation.status = Recommendation.Status.DONE
    recommendation.save()
    seed.seed_pilots_load()
    assert Pilot.objects.get(code="DG-SK").status == Pilot.Status.COMPLETED
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DONE


def _with_pilots(monkeypatch, tmp_path, items):
    path = tmp_path / "pilots.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(seed, "PILOTS_FILE", path)


def test_an_unknown_municipality_of_a_known_province_is_created(practices, monkeypatch,
                                                                 tmp_path):
    item = {**PILOTS[0], "municipality": "เทศบาลตำบลทดสอบใหม่"}
    _with_pilots(monkeypatch, tmp_path, [item, *PILOTS[1:]])
    summary = seed.seed_pilots_load()
    created = Municipality.objects.get(name_th="เทศบาลตำบลทดสอบใหม่")
    assert created.province.name_th == item["province"] and created.kind == "tambon"
    assert summary.municipalities_created == ["เทศบาลตำบลทดสอบใหม่"]
    assert "Municipalities created: เทศบาลตำบลทดสอบใหม่" in str(summary)


@pytest.mark.parametrize(("change", "message"), [
    ({"municipality": "เทศบาลนครยะลา"}, "is in the province ยะลา"),
    ({"municipality": "ชุมชนไม่มีประเภท"}, "its type cannot be told"),
    ({"province": "ไม่มีจังหวัดนี้"}, "unknown province"),
    ({"practice": "no-such-practice"}, "run load_seed_practices first"),
    ({"themes": ["no-such-theme"]}, "unknown or missing theme"),
])
def test_bad_rows_fail_clearly_and_load_nothing(practices, monkeypatch, tmp_path, change,
                                                message):
    _with_pilots(monkeypatch, tmp_path, [*PILOTS[:-1], {**PILOTS[-1], **change}])
    if "municipality" in change:  # a municipal pilot in Songkhla
        _with_pilots(monkeypatch, tmp_path, [{**PILOTS[0], **change}, *PILOTS[1:]])
    with pytest.raises(CommandError, match=message):
        call_command("load_seed_pilots", stdout=StringIO())
    assert not Pilot.objects.exists() and not Recommendation.objects.exists()
