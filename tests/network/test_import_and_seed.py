"""The seed of the learning network and the League's import that designates the centres."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from network.models import LearningCentre, Partner
from network.seed import network_seed_load
from practices.models import Practice
from practices.seed import seed_practices_load

pytestmark = pytest.mark.django_db

HEADER = ("number,name_th,region,host_municipality,host_province,host_partner,"
          "study_visit_capacity,practices,email,coordinator")


@pytest.fixture
def seeded(reference_data):
    seed_practices_load()
    network_seed_load()


def _file(tmp_path, *lines, bom=False):
    path = tmp_path / "centres.csv"
    path.write_text(("\ufeff" if bom else "") + "\n".join([HEADER, *lines]) + "\n",
                    encoding="utf-8")
    return str(path)


def test_the_seed_creates_the_partners_and_five_centres_without_hosts(seeded):
    assert set(Partner.objects.values_list("slug", flat=True)) == {"kpi", "delgosea", "opdc",
                                                                  "ondc"}
    centres = LearningCentre.objects.all()
    assert [c.number for c in centres] == [1, 2, 3, 4, 5]
    assert not any(c.region_id or c.host_municipality_id or c.host_partner_id for c in centres)


def test_loading_again_keeps_what_the_league_changed(seeded):
    Partner.objects.filter(slug="kpi").update(phone="02 141 9600")
    LearningCentre.objects.filter(number=1).update(name_th="ศูนย์เรียนรู้ภาคเหนือ")
    summary = network_seed_load()
    assert (summary.partners, summary.centres) == (0, 0)
    assert Partner.objects.get(slug="kpi").phone == "02 141 9600"
    assert LearningCentre.objects.get(number=1).name_th == "ศูนย์เรียนรู้ภาคเหนือ"


def test_a_good_file_designates_the_centres(seeded, tmp_path, capsys, league_admin):
    slug = Practice.objects.get(external_id="kpa2562-ban-bueng").slug
    path = _file(tmp_path,
                 f"1,,north,เทศบาลตำบลชมภู,เชียงใหม่,,40,{slug},north@example.org,"
                 f"{league_admin.email}",
                 "2,,ภาคใต้,,,kpi,,,,",
                 "6,ศูนย์การเรียนรู้แห่งที่หก,east,,,,,,,", bom=True)
    call_command("import_learning_centres", path)
    assert "1 created, 2 updated" in capsys.readouterr().out
    first = LearningCentre.objects.get(number=1)
    assert (first.region.code, first.host_municipality.name_th, first.study_visit_capacity,
            first.coordinator) == ("north", "เทศบาลตำบลชมภู", 40, league_admin)
    assert list(first.practices.values_list("slug", flat=True)) == [slug]
    assert LearningCentre.objects.get(number=2).host_partner.slug == "kpi"
    assert LearningCentre.objects.get(number=6).slug  # a new centre gets an address


def test_a_bad_file_reports_every_bad_line_and_writes_nothing(seeded, tmp_path, capsys):
    path = _file(tmp_path,
                 "1,,atlantis,,,,,,,",
                 "two,,north,,,,,,,",
                 "3,,north,เทศบาลที่ไม่มีจริง,,,-5,no-such-practice,not-an-email,nobody@x.org",
                 "7,,north,,,,,,,",
                 "1,,south,,,,,,,")
    with pytest.raises(CommandError, match="nothing was imported"), translation.override("en"):
        call_command("import_learning_centres", path)
    errors = capsys.readouterr().err
    for expected in ("line 2: unknown region “atlantis”",
                     "line 3: number must be a whole number from 1 to 99, got “two”",
                     "line 4: unknown municipality “เทศบาลที่ไม่มีจริง”",
                     "line 4: study_visit_capacity must be a whole number above 0",
                     "line 4: no published practice at “no-such-practice”",
                     "line 4: “not-an-email” is not an e-mail address",
                     "line 4: no active user with the e-mail “nobody@x.org”",
                     "line 5: centre 7 is new: name_th is required",
                     "line 6: centre 1 appears twice in the file"):
        assert expected in errors, expected
    assert not LearningCentre.objects.filter(region__isnull=False).exists()
    assert LearningCentre.objects.count() == 5


def test_an_unknown_column_or_a_missing_file_is_refused(seeded, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("number,colour\n1,red\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_learning_centres", str(path))
    assert "line 1: ไม่รู้จักคอลัมน์: colour" in capsys.readouterr().err  # Thai by default
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_learning_centres", str(tmp_path / "missing.csv"))
