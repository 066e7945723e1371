import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.models import Municipality

pytestmark = pytest.mark.usefixtures("reference_data")

HEADER = "code,name_th,name_en,type,province,district\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(body: str, *, bom: bool = False):
        path = tmp_path / "municipalities.csv"
        path.write_text(("\ufeff" if bom else "") + HEADER + body, encoding="utf-8")
        return str(path)

    return write


def test_valid_file_creates_then_upserts_by_official_code(csv_file, capsys):
    path = csv_file(
        "6570101,เทศบาลเมืองพิษณุโลกทดสอบ,Test Town,,พิษณุโลก,เมืองพิษณุโลก\n"
        "4400102,เทศบาลตำบลทดสอบ,,tambon,44,\n",
        bom=True,
    )
    call_command("import_municipalities", path)
    town = Municipality.objects.get(code="6570101")
    assert town.kind == "mueang"  # taken from the Thai name
    assert town.province.name_en == "Phitsanulok"
    assert town.district.name_th == "เมืองพิษณุโลก"
    assert "2 created, 0 updated" in capsys.readouterr().out

    path = csv_file("6570101,เทศบาลเมืองพิษณุโลกใหม่,Renamed Town,mueang,Phitsanulok,\n")
    call_command("import_municipalities", path)
    town.refresh_from_db()
    assert (town.name_th, town.name_en) == ("เทศบาลเมืองพิษณุโลกใหม่", "Renamed Town")
    assert Municipality.objects.filter(code="6570101").count() == 1
    assert "0 created, 1 updated" in capsys.readouterr().out


def test_a_row_without_code_upserts_by_province_and_name(csv_file):
    path = csv_file(",เทศบาลนครยะลา,Yala City (renamed),,95,\n")
    call_command("import_municipalities", path)
    assert Municipality.objects.get(name_th="เทศบาลนครยะลา").name_en == "Yala City (renamed)"


def test_any_bad_line_writes_nothing_and_every_bad_line_is_named(csv_file, capsys):
    before = Municipality.objects.count()
    yala_before = Municipality.objects.get(name_th="เทศบาลนครยะลา").name_en
    path = csv_file(
        ",เทศบาลนครยะลา,Changed,,95,\n"  # line 2: fine on its own
        "1234567,เทศบาลตำบลไม่มีจังหวัด,,,จังหวัดสมมุติ,\n"  # line 3: unknown province
        "12ab,เทศบาลตำบลหนึ่ง,,,ยะลา,\n"  # line 4: bad code
        ",อบต.ไม่ใช่เทศบาล,,,ยะลา,\n"  # line 5: type unknown
        ",เทศบาลตำบลสอง,,nakhon,ยะลา,\n"  # line 6: type contradicts the name
        ",เทศบาลตำบลสาม,,,ยะลา,แกลง\n"  # line 7: district in another province
        ",เทศบาลนครยะลา,,,95,\n"  # line 8: duplicate of line 2
    )
    with pytest.raises(CommandError, match="nothing was imported"), translation.override("en"):
        call_command("import_municipalities", path)
    err = capsys.readouterr().err
    assert "line 3: unknown province “จังหวัดสมมุติ”" in err
    for line in (3, 4, 5, 6, 7, 8):
        assert f"line {line}:" in err
    assert "line 2:" not in err
    assert Municipality.objects.count() == before
    assert Municipality.objects.get(name_th="เทศบาลนครยะลา").name_en == yala_before


def test_missing_required_column_is_reported_on_line_1(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("code,name_en\n1,Somewhere\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_municipalities", str(path))
    assert "line 1:" in capsys.readouterr().err


def test_file_that_is_not_utf8_is_rejected(tmp_path, capsys):
    path = tmp_path / "tis620.csv"
    path.write_bytes((HEADER + ",เทศบาลนครยะลา,,,95,\n").encode("tis-620"))
    with pytest.raises(CommandError):
        call_command("import_municipalities", str(path))
    assert "UTF-8" in capsys.readouterr().err


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_municipalities", str(tmp_path / "nope.csv"))


def test_large_file_shows_progress(csv_file, capsys):
    rows = "".join(f"{9000000 + i},เทศบาลตำบลทดสอบ{i},,,ยะลา,\n" for i in range(300))
    call_command("import_municipalities", csv_file(rows))
    captured = capsys.readouterr()
    assert "300 created" in captured.out
    assert "checking" in captured.err and "300/300" in captured.err
