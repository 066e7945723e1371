"""The learning network's pages: the overview, the partner list and a partner's page, a
learning centre's page; and its API."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coaches import services as coach_services
from network.models import LearningCentre, Partner
from pilots.seed import seed_pilots_load
from portal.models import Municipality, Region
from practices.seed import seed_practices_load
from tests.conftest import api_client

pytestmark = pytest.mark.django_db


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _en(obj) -> str:
    """The English address (get_absolute_url follows the language a request left active)."""
    with translation.override("en"):
        return obj.get_absolute_url()


def _partners(html: str) -> list[str]:
    return re.findall(r'<h3 id="partner-\d+"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def seeded(reference_data):
    seed_practices_load()
    seed_pilots_load()
    from network.seed import network_seed_load

    network_seed_load()


def test_the_overview_shows_five_centres_waiting_for_their_hosts_and_the_partners(client,
                                                                                  seeded):
    html = _html(client, "/en/network/")
    assert html.count('class="card centre-card"') == 5
    assert html.count("To be designated by the League") == 5
    assert "King Prajadhipok&#x27;s Institute" in html and "(DELGOSEA)" in html
    assert "Capacity building in each region" in html  # what universities are expected to do


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["King Prajadhipok's Institute", "Office of the Decentralization to the Local "
          "Government Organization Committee", "Office of the Public Sector Development "
          "Commission", "Partnership for Democratic Local Governance in Southeast Asia"]),
    ("kind=government", ["Office of the Decentralization to the Local Government "
                         "Organization Committee", "Office of the Public Sector Development "
                         "Commission"]),
    ("role=evaluate", ["King Prajadhipok's Institute"]),
    ("q=พระปกเกล้า", ["King Prajadhipok's Institute"]),
    ("q=DELGOSEA", ["Partnership for Democratic Local Governance in Southeast Asia"]),
])
def test_the_partner_list_filters_by_kind_role_and_name(client, seeded, query, expected):
    html = _html(client, f"/en/network/partners/?{query}").replace("&#x27;", "'")
    assert sorted(_partners(html)) == sorted(expected)


def test_a_region_lists_its_partners_and_the_nationwide_ones(client, seeded):
    north = Region.objects.get(code="north")
    Partner.objects.create(name_th="มหาวิทยาลัยเชียงใหม่", name_en="Chiang Mai University",
                           kind="university", region=north)
    Partner.objects.create(name_th="มหาวิทยาลัยสงขลานครินทร์", name_en="Prince of Songkla "
                           "University", kind="university", region=Region.objects.get(
                               code="south"))
    names = _partners(_html(client, "/en/network/partners/?region=north&kind=university"))
    assert names == ["Chiang Mai University"]
    assert len(_partners(_html(client, "/en/network/partners/?region=north"))) == 5


def test_a_partner_page_links_what_it_takes_part_in(client, seeded, make_coach):
    kpi = Partner.objects.get(slug="kpi")
    shown = make_coach(public=["name", "certifications"], name="สมหมาย เปิดเผย")
    hidden = make_coach(public=["certifications"], name="สมศักดิ์ ไม่เปิดเผย")
    private = make_coach(public=["name"], name="สมพร เก็บใบรับรอง")  # hides certifications
    for coach in (shown, hidden, private):
        coach_services.certification_add(coach=coach, actor=None, notify=False, data={
            "issuer": "kpi", "title": "วิทยากรพี่เลี้ยง", "issued_on": datetime.date(2025, 1, 1)})
    html = _html(client, _en(kpi))
    assert "Proposals to the government" in html  # its work with the League, from document 001
    assert html.count('href="/en/practices/') >= 3  # the King Prajadhipok's Award practices
    # PDPA: a certificate the coach does not show neither counts nor names them.
    assert "2 coach certificates recorded from this partner." in html
    assert "สมหมาย เปิดเผย" in html and "สมศักดิ์ ไม่เปิดเผย" not in html
    assert "สมพร เก็บใบรับรอง" not in html
    delgosea = _html(client, _en(Partner.objects.get(slug="delgosea")))
    assert delgosea.count('class="pilot-code"') == 7  # the seven DELGOSEA pilots


def test_a_centre_page_shows_its_host_practices_and_the_coaches_of_its_region(client, seeded,
                                                                              make_coach):
    centre = LearningCentre.objects.get(number=3)
    html = _html(client, _en(centre))
    assert "has not yet designated" in html
    centre.region = Region.objects.get(code="south")
    centre.host_municipality = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    centre.study_visit_capacity = 40
    centre.save()
    make_coach(public=["name", "home_region"], name="วิทยากร ภาคใต้", home="เทศบาลนครยะลา")
    make_coach(public=["home_municipality"], name="วิทยากร ไม่เปิดชื่อ", home="เทศบาลนครยะลา")
    make_coach(public=["name"], name="วิทยากร ภาคเหนือ", home="เทศบาลนครเชียงราย")
    make_coach(public=["name"], name="วิทยากร ไม่บอกบ้าน", home="เทศบาลนครยะลา")  # hides home
    make_coach(public=["name"], name="วิทยากร ให้บริการ", home="เทศบาลนครเชียงราย",
               provinces=["90"])  # serves Songkhla, in the south
    html = _html(client, _en(centre))
    assert "has not yet designated" not in html and "Yala" in html
    assert "Up to 40 visitors per visit" in html
    assert ("3 coaches of the national registry serve the Southern region or show that they "
            "live there.") in html
    assert "วิทยากร ภาคใต้" in html and "วิทยากร ให้บริการ" in html
    for absent in ("ไม่เปิดชื่อ", "ภาคเหนือ", "ไม่บอกบ้าน"):
        assert absent not in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_are_pinned_and_do_not_grow(client, seeded, make_coach):
    kpi = Partner.objects.get(slug="kpi")
    centre = LearningCentre.objects.get(number=1)
    centre.region = Region.objects.get(code="north")
    centre.save()
    urls = ["/network/", "/network/partners/", _en(kpi), _en(centre)]
    before = [_queries(client, url) for url in urls]
    north = Region.objects.get(code="north")
    for n in range(8):
        partner = Partner.objects.create(name_th=f"มหาวิทยาลัย {n}", kind="university",
                                         region=north)
        partner.roles.create(role="train")
    for _n in range(4):
        coach = make_coach(public=["name"], home="เทศบาลนครเชียงราย")
        coach_services.certification_add(coach=coach, actor=None, notify=False, data={
            "issuer": "kpi", "title": "วิทยากรพี่เลี้ยง", "issued_on": datetime.date(2025, 1, 1)})
    assert [_queries(client, url) for url in urls] == before
    # overview: partners, roles, centres; list: count, page, roles, the region filter's
    # choices; partner: the partner and its four prefetches, certificates (count, coaches),
    # upcoming events; centre: centre, practices, coaches of the region (count, names),
    # upcoming events
    assert before == [3, 4, 8, 5]


def test_the_api_lists_partners_with_the_same_filters_and_the_centres(seeded):
    api = api_client()
    partners = api.get("/api/partners/?role=evaluate").json()["results"]
    assert [p["slug"] for p in partners] == ["kpi"]
    assert set(partners[0]["roles"]) == {"policy", "train", "research", "evaluate"}
    assert len(partners[0]["practices"]) == 3
    detail = api.get("/api/partners/delgosea/").json()
    assert len(detail["pilots"]) == 7 and detail["kind"] == "international"
    centres = api.get("/api/learning-centres/").json()["results"]
    assert [c["number"] for c in centres] == [1, 2, 3, 4, 5]
    assert all(c["is_designated"] is False and c["region"] is None for c in centres)
    assert api.post("/api/partners/", {}).status_code == 401
