import pytest
from django.core.management import call_command

from portal.models import District, Municipality, Province, Region, Theme

pytestmark = pytest.mark.usefixtures("reference_data")


def test_six_regions_hold_all_77_provinces():
    counts = {r.code: r.provinces.count() for r in Region.objects.all()}
    assert counts == {"north": 9, "northeast": 20, "central": 22, "east": 7, "west": 5, "south": 14}
    assert Province.objects.count() == 77


def test_provinces_and_districts_have_official_codes_and_both_names():
    yala = Province.objects.get(code="95")
    assert (yala.name_th, yala.name_en, yala.region.code) == ("ยะลา", "Yala", "south")
    assert Province.objects.get(name_th="กรุงเทพมหานคร").region.code == "central"
    assert District.objects.count() == 928
    klaeng = District.objects.get(code="2103")
    assert (klaeng.name_th, klaeng.name_en, klaeng.province.name_en) == ("แกลง", "Klaeng", "Rayong")


def test_the_four_programme_themes():
    themes = {t.code: t for t in Theme.objects.all()}
    assert list(themes) == ["governance", "environment", "budget", "participation"]
    assert themes["governance"].name_th == "ธรรมาภิบาลในองค์กร"
    assert themes["participation"].description_en


@pytest.mark.parametrize(
    ("name_th", "kind", "province", "district"),
    [
        ("เทศบาลนครสงขลา", "nakhon", "สงขลา", "เมืองสงขลา"),
        ("เทศบาลนครเชียงราย", "nakhon", "เชียงราย", "เมืองเชียงราย"),
        ("เทศบาลนครยะลา", "nakhon", "ยะลา", "เมืองยะลา"),
        ("เทศบาลตำบลเมืองแกลง", "tambon", "ระยอง", "แกลง"),
        ("เทศบาลนครอุดรธานี", "nakhon", "อุดรธานี", "เมืองอุดรธานี"),
        ("เทศบาลนครปากเกร็ด", "nakhon", "นนทบุรี", "ปากเกร็ด"),
        ("เทศบาลนครภูเก็ต", "nakhon", "ภูเก็ต", "เมืองภูเก็ต"),
        ("เทศบาลตำบลบ้านบึง", "tambon", "ชลบุรี", "บ้านบึง"),
        ("เทศบาลตำบลป่าแดด", "tambon", "เชียงใหม่", "เมืองเชียงใหม่"),
        ("เทศบาลตำบลชมภู", "tambon", "เชียงใหม่", "สารภี"),
    ],
)
def test_every_municipality_named_in_the_source_documents(name_th, kind, province, district):
    municipality = Municipality.objects.get(name_th=name_th)
    assert municipality.kind == kind
    assert municipality.province.name_th == province
    assert municipality.district.name_th == district
    assert municipality.name_en


def test_loading_twice_changes_nothing_and_keeps_admin_edits(capsys):
    north = Region.objects.get(code="north")
    north.name_en = "Upper North and Lower North"
    north.save()
    before = (Province.objects.count(), District.objects.count(), Municipality.objects.count())

    call_command("load_reference_data")

    counts = Province.objects.count(), District.objects.count(), Municipality.objects.count()
    assert counts == before
    assert Region.objects.get(code="north").name_en == "Upper North and Lower North"
    assert "77 provinces" in capsys.readouterr().out
