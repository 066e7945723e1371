import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.models import Municipality
from practices.models import Practice, PracticeEvent

pytestmark = pytest.mark.usefixtures("reference_data")


def line(**overrides) -> str:
    record = {
        "external_id": "imp-1", "title_th": "ตลาดนัดสีเขียวของเทศบาล",
        "summary_th": "ชุมชนร่วมจัดตลาดนัดลดขยะพลาสติก", "municipality": "เทศบาลนครยะลา",
        "province": "ยะลา", "themes": ["environment", "participation"], "year": 2019,
    }
    record.update(overrides)
    return json.dumps({k: v for k, v in record.items() if v is not ...}, ensure_ascii=False)


@pytest.fixture
def jsonl(tmp_path):
    def write(*lines):
        path = tmp_path / "practices.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)
    return write


def test_valid_file_with_publish_appears_in_list_and_api(client, jsonl, capsys):
    path = jsonl(
        line(tags=["ตลาด", "พลาสติก"], title_en="Green market", award="รางวัลพระปกเกล้า 2562"),
        line(external_id="imp-2", title_th="ธนาคารขยะเทศบาลใหม่", summary_th="รับซื้อขยะรีไซเคิล",
             municipality="เทศบาลตำบลบ้านใหม่ทดสอบ", province="จังหวัดระยอง",
             themes=["environment"], year=2020),
    )
    call_command("import_practices", path, "--publish")
    out = capsys.readouterr().out
    assert "2 created, 0 updated" in out and "เทศบาลตำบลบ้านใหม่ทดสอบ" in out
    created = Municipality.objects.get(name_th="เทศบาลตำบลบ้านใหม่ทดสอบ")
    assert (created.kind, created.province.name_th) == ("tambon", "ระยอง")

    practice = Practice.objects.get(external_id="imp-1")
    assert practice.status == "published" and practice.year_started == 2019
    assert sorted(practice.tags.values_list("name", flat=True)) == ["ตลาด", "พลาสติก"]
    assert "ตลาดนัดสีเขียวของเทศบาล" in client.get("/practices/").content.decode()
    api = client.get("/api/practices/", {"search": "ตลาดนัด"}).json()
    assert [p["external_id"] for p in api["results"]] == ["imp-1"]


def test_without_publish_practices_are_drafts_and_reimport_updates(jsonl, capsys):
    call_command("import_practices", jsonl(line()))
    practice = Practice.objects.get(external_id="imp-1")
    assert practice.status == "draft"
    call_command("import_practices", jsonl(line(title_th="ตลาดนัดสีเขียว (ปรับปรุง)")))
    assert "0 created, 1 updated" in capsys.readouterr().out
    practice.refresh_from_db()
    assert practice.title_th == "ตลาดนัดสีเขียว (ปรับปรุง)"
    assert PracticeEvent.objects.filter(practice=practice, action="edited").exists()


def test_one_bad_line_changes_nothing_and_every_bad_line_is_named(jsonl, capsys):
    before = Practice.objects.count(), Municipality.objects.count()
    path = jsonl(
        line(),                                                     # 1 fine
        line(external_id="b2", province="แอตแลนติส"),                # 2 unknown province
        line(external_id="b3", themes=["health"]),                  # 3 unknown theme
        line(external_id="b4", year=...),                           # 4 missing key
        '{"external_id": "b5", "title_th": ',                       # 5 malformed
        line(external_id="b6", year=2562),                          # 6 Buddhist-era year
        line(external_id="b7", municipality="อบต.ไม่ใช่เทศบาล"),        # 7 type unknown
        line(external_id="b8", colour="red"),                       # 8 unknown key
        line(),                                                     # 9 duplicate id
    )
    with pytest.raises(CommandError, match="nothing was imported"), translation.override("en"):
        call_command("import_practices", path, "--publish")
    err = capsys.readouterr().err
    assert "line 2: unknown province “แอตแลนติส”" in err
    assert "line 3: unknown theme “health”" in err
    assert "line 4: missing key(s): year" in err
    assert "line 5: not valid JSON" in err
    assert "line 6: year 2562 looks like a Buddhist-era year" in err
    assert "line 7: unknown municipality" in err
    assert "line 8: unknown key(s): colour" in err
    assert "line 9: external_id “imp-1” already appears on line 1" in err
    assert "line 1:" not in err
    assert (Practice.objects.count(), Municipality.objects.count()) == before


def test_large_files_show_progress(jsonl, capsys):
    lines = [line(external_id=f"bulk-{i}", title_th=f"ตัวอย่างที่ {i}") for i in range(250)]
    call_command("import_practices", jsonl(*lines))
    captured = capsys.readouterr()
    assert "250 created" in captured.out
    assert "250/250" in captured.err
