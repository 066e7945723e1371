"""League admins curate content in the admin but cannot take over an account: no superuser
status, staff flag, role, groups or permissions; no other account's e-mail or password; no
superuser's or other League admin's record; no API tokens; no group or permission editing.
Superusers still can, with the very same requests."""

import re
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from rest_framework.authtoken.models import Token, TokenProxy

from coaches import services as coach_services
from coaches.models import Coach
from deliveries.models import Notice
from learning import services as learning_services
from portal.models import Municipality, Theme, User
from portal.services.accounts import LEAGUE_ADMIN_GROUP, league_admin_group
from practices import services as practice_services
from reports import services as report_services
from tests.conftest import PASSWORD, person
from tests.fixtures.line import link_all

pytestmark = pytest.mark.usefixtures("reference_data")

ADMIN = "/en/admin/"
# Apps whose records League admins curate: their lists must open (so the walk cannot pass
# because the admin turned the League admin away altogether).
CURATED = {"portal", "coaches", "practices", "pilots", "reports", "learning", "line_oa",
           "deliveries"}
# Who may sign in as whom, and who may do what: never a League admin's business.
INTERNALS = {"auth.group", "authtoken.tokenproxy", "account.emailaddress"}
NEW_PASSWORD = "a brand new passphrase"


def url_of(model, obj=None, page="change"):
    base = f"{ADMIN}{model._meta.app_label}/{model._meta.model_name}/"
    return base if page == "changelist" else f"{base}{quote(obj.pk)}/{page}/"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(league_admin, staff_user, other_coach_user, make_coach):
    """A League admin and the accounts they must not take over, with a coach record and an API
    token; `root` is the superuser who shows that the same requests can succeed."""
    everything = Group.objects.create(name="Everything")
    everything.permissions.set(Permission.objects.all())
    return SimpleNamespace(
        root=User.objects.create_superuser(email="root@nmt.example.org", password=PASSWORD),
        owner=User.objects.create_superuser(email="owner@nmt.example.org", password=PASSWORD),
        curator=league_admin, staff=staff_user,
        other_curator=person("other.curator@nmt.example.org", User.Role.CURATOR),
        spare=User.objects.create_user(email="spare@yala.example.org"),  # nothing refers to it
        coach=make_coach(user=other_coach_user), everything=everything,
        league=Group.objects.get(name=LEAGUE_ADMIN_GROUP),
        token=Token.objects.create(user=other_coach_user))


@pytest.fixture
def world(people, reporting, make_event, network, coach_user, settings, tmp_path,
          django_capture_on_commit_callbacks):
    """`people`, and at least one record of every model the admin shows."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting()
    coach = report.coach
    report_services.comment_add(report=report, author=people.curator, body="ขอบคุณสำหรับรายงาน")
    coach_services.deletion_request(coach=coach, actor=coach_user, reason="ไม่ประสงค์")
    yala = Municipality.objects.get(name_th="เทศบาลนครยะลา")
    practice_services.practice_create(
        actor=people.curator, status="published", tags=["ขยะ"],
        themes=[Theme.objects.get(code="environment")],
        data={"title_th": "ธนาคารขยะ", "summary_th": "ชุมชนคัดแยกขยะ", "year_started": 2019,
              "municipality": yala})
    learning_services.recommendation_save(recommendation=None, data={
        "level": "league", "problem_th": "ขาดวิทยากร", "recommendation_th": "อบรมเพิ่ม",
        "pilots": [report.pilot]})
    learning_services.area_review_save(actor=people.staff, province=yala.province,
                                       municipality=yala, area_name="ยะลา", year=2026,
                                       answers={})
    link_all(coach.executives.all())
    Notice.objects.create(kind=Notice.Kind.SUMMARY, recipient_email=people.root.email,
                          period="2026-W47")
    make_event()
    Token.objects.create(user=coach_user)
    return people


def accounts_state():
    """Everything that decides who may sign in as whom and do what."""
    users = [(u.pk, u.email, u.password, u.role, u.is_active, u.is_staff, u.is_superuser,
              sorted(u.groups.values_list("name", flat=True)),
              sorted(u.user_permissions.values_list("codename", flat=True)))
             for u in User.objects.order_by("pk")]
    groups = [(g.name, sorted(g.permissions.values_list("pk", flat=True)))
              for g in Group.objects.order_by("name")]
    return (users, groups, sorted(Token.objects.values_list("key", "user_id")),
            sorted(EmailAddress.objects.values_list("user_id", "email")),
            sorted(Coach.objects.values_list("pk", "user_id")))


# The walk: every page of every ModelAdmin, as a League admin

def pages_of(model_admin, obj):
    """Every URL of a ModelAdmin (its own views too), with `obj` where one is needed."""
    base = url_of(model_admin.model, page="changelist")
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        yield base + re.sub(r"<(?:\w+:)?\w+>", str(quote(obj.pk)), route)


def refused_to_curators(model, url) -> bool:
    if model._meta.label_lower in INTERNALS:
        return True
    return model is User and url.endswith(("/password/", "/delete/", "/add/"))


def test_a_league_admin_walks_every_admin_page_without_errors_or_auth_internals(world):
    client = client_of(world.curator)
    index = client.get(ADMIN)
    assert index.status_code == 200
    for internal in ("/admin/authtoken/", "/admin/auth/", "/admin/account/"):
        assert internal not in index.content.decode(), internal
    secrets = [s.encode() for s in [*Token.objects.values_list("key", flat=True),
                                    *User.objects.values_list("password", flat=True)]]
    visited = {}
    for model, model_admin in admin.site._registry.items():
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"the world fixture needs a {model._meta.label} to walk"
        records = [world.curator, world.staff, world.owner] if model is User else [first]
        urls = {f"{ADMIN}{model._meta.app_label}/"}
        urls.update(url for record in records for url in pages_of(model_admin, record))
        for url in sorted(urls):
            response = client.get(url, follow=True)
            status = response.status_code
            visited[url] = status
            assert status < 500, url
            assert not any("/accounts/login/" in hop for hop, _ in response.redirect_chain), url
            assert not any(secret in response.content for secret in secrets), url
            if refused_to_curators(model, url):
                assert status in (403, 404), f"{url} answered {status}"
        if model._meta.app_label in CURATED:
            assert visited[url_of(model, page="changelist")] == 200, model
    for absent in ("auth/permission/", "admin/logentry/", "sessions/session/"):
        assert client.get(ADMIN + absent).status_code == 404, absent
    assert len(visited) > 150  # every model, every page


def test_token_keys_are_never_shown_to_league_admins(league_admin, coach_user):
    token = Token.objects.create(user=coach_user)
    root = User.objects.create_superuser(email="root@nmt.example.org", password=PASSWORD)
    tokens = url_of(TokenProxy, page="changelist")
    pages = [tokens, f"{tokens}?q={coach_user.email}", f"{tokens}{coach_user.pk}/change/"]
    curator = client_of(league_admin)
    for url in pages:
        response = curator.get(url)
        assert response.status_code == 403, url
        assert token.key not in response.content.decode(), url
    # The same list shows the keys to a superuser: the page has not simply moved.
    assert token.key in client_of(root).get(tokens).content.decode()


# Forged requests: each is refused to a League admin, and the same request works for a superuser

def form_values(form) -> dict:
    """What a browser would send back for `form` untouched."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled or isinstance(field, forms.FileField):
            continue
        key, value, widget = form.add_prefix(name), form[name].value(), field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            data.update({key + suffix: part for suffix, part in zip(widget.widgets_names, parts,
                                                                 strict=True)
                         if part is not None})
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    return data


def superuser_form(people, url, **changes) -> dict:
    """The complete form a superuser gets at `url` (with its inlines), with `changes`; a change
    to None leaves the field out (an unticked box)."""
    response = client_of(people.root).get(url)
    assert response.status_code == 200, url
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_values(form))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def forged(target, **changes):
    """A request to `target`'s change page: the superuser's form with `changes` (values may be
    functions of `people`)."""
    def request(people):
        record = getattr(people, target)
        url = url_of(type(record), record)
        return url, superuser_form(people, url, **{
            key: value(people) if callable(value) else value for key, value in changes.items()})
    return request


def _groups(user):
    return set(user.groups.values_list("name", flat=True))


FORGERIES = {
    # name: (the request, whether it took effect)
    "own superuser status, staff flag and groups": (
        forged("curator", is_superuser="on", is_staff="on",
               groups=lambda w: [w.everything.pk, w.league.pk]),
        lambda w: w.curator.is_superuser and "Everything" in _groups(w.curator)),
    "make municipal staff a staff member": (
        forged("staff", is_staff="on", groups=lambda w: [w.league.pk]),
        lambda w: w.staff.is_staff and LEAGUE_ADMIN_GROUP in _groups(w.staff)),
    "make municipal staff a League admin": (
        forged("staff", role="curator"),
        lambda w: (w.staff.role, w.staff.is_staff, _groups(w.staff))
        == ("curator", True, {LEAGUE_ADMIN_GROUP})),
    "change another user's e-mail": (
        forged("staff", email="taken.over@evil.example"),
        lambda w: w.staff.email == "taken.over@evil.example"),
    "change another user's password": (
        lambda w: (url_of(User, w.staff, "password"), {
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}),
        lambda w: w.staff.check_password(NEW_PASSWORD)),
    "deactivate a superuser and change their e-mail": (
        forged("owner", is_active=None, email="owner@evil.example"),
        lambda w: not w.owner.is_active and w.owner.email == "owner@evil.example"),
    "edit another League admin": (
        forged("other_curator", first_name="Renamed"),
        lambda w: w.other_curator.first_name == "Renamed"),
    "delete a user": (
        lambda w: (url_of(User, w.spare, "delete"), {"post": "yes"}),
        lambda w: not User.objects.filter(pk=w.spare.pk).exists()),
    "create an API token": (
        lambda w: (url_of(TokenProxy, page="changelist") + "add/", {"user": w.staff.pk}),
        lambda w: Token.objects.filter(user=w.staff).exists()),
    "link a coach record to one's own account": (
        forged("coach", user=lambda w: w.curator.pk),
        lambda w: w.coach.user_id == w.curator.pk),
}


def _reload(people):
    for name in ("root", "owner", "curator", "other_curator", "staff", "league", "coach"):
        record = getattr(people, name)
        if type(record).objects.filter(pk=record.pk).exists():
            record.refresh_from_db()


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_request_is_refused_to_a_league_admin_and_works_for_a_superuser(people,
                                                                                forgery):
    request, took_effect = FORGERIES[forgery]
    url, data = request(people)
    before = accounts_state()
    response = client_of(people.curator).post(url, data)
    assert response.status_code in (302, 403), response.status_code
    _reload(people)
    assert not took_effect(people)
    assert accounts_state() == before  # nothing about any account changed

    response = client_of(people.root).post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    _reload(people)
    assert took_effect(people)


# What a League admin may still do with accounts

def test_a_league_admin_edits_ordinary_accounts_details_and_may_deactivate_them(people):
    curator = client_of(people.curator)

    def form_fields(user):
        response = curator.get(url_of(User, user))
        assert response.status_code == 200
        return set(response.context["adminform"].form.fields), response

    ordinary, _ = form_fields(people.staff)
    assert ordinary == {"first_name", "last_name", "municipality", "preferred_language",
                        "is_active"}
    own, _ = form_fields(people.curator)
    assert own == ordinary - {"is_active"}
    for powerful in (people.owner, people.other_curator):
        _fields, response = form_fields(powerful)
        page = response.content.decode()
        assert not response.context["has_change_permission"]
        assert 'name="first_name"' not in page and 'name="is_active"' not in page
        assert "/password/" not in page

    # Deactivating an ordinary account (a misused or abandoned one) is the League's to do.
    data = superuser_form(people, url_of(User, people.staff), is_active=None, first_name="สมศักดิ์")
    assert curator.post(url_of(User, people.staff), data).status_code == 302
    people.staff.refresh_from_db()
    assert (people.staff.is_active, people.staff.first_name) == (False, "สมศักดิ์")
    thai = curator.get(url_of(User, people.staff).replace("/en/", "/")).content.decode()
    assert "เฉพาะผู้ใช้พิเศษ (superuser) เท่านั้น" in thai

    # A superuser keeps the full form.
    full = client_of(people.root).get(url_of(User, people.staff)).context["adminform"].form
    assert {"email", "role", "is_staff", "is_superuser", "groups"} <= set(full.fields)


# The League admins' group

def test_league_admins_hold_no_permission_on_auth_internals(league_admin):
    held = set(Permission.objects.filter(group__name=LEAGUE_ADMIN_GROUP)
               .values_list("content_type__app_label", "codename"))
    internal = {"auth", "authtoken", "account", "admin", "contenttypes", "sessions"}
    assert not {perm for perm in held if perm[0] in internal}
    assert not held & {("portal", "add_user"), ("portal", "delete_user")}
    assert {("portal", "view_user"), ("portal", "change_user"), ("coaches", "change_coach"),
            ("practices", "change_practice"), ("line_oa", "change_linelink")} <= held
    assert league_admin.has_perm("portal.change_municipality")
    assert not league_admin.has_perm("authtoken.view_tokenproxy")

    # Nor can they give the group more in the admin (as a superuser can).
    everything = list(Permission.objects.values_list("pk", flat=True))
    group = Group.objects.get(name=LEAGUE_ADMIN_GROUP)
    edit = {"name": LEAGUE_ADMIN_GROUP, "permissions": everything}
    curator = client_of(league_admin)
    assert curator.post(url_of(Group, group), edit).status_code == 403
    assert curator.post(url_of(Group, page="changelist") + "add/", {
        "name": "Mine", "permissions": everything}).status_code == 403
    assert group.permissions.count() == len(held) and Group.objects.count() == 1
    root = User.objects.create_superuser(email="root@nmt.example.org", password=PASSWORD)
    assert client_of(root).post(url_of(Group, group), edit).status_code == 302
    assert group.permissions.count() == len(everything)


@pytest.mark.django_db(transaction=True)
def test_the_migration_takes_old_powers_from_an_existing_league_admins_group(league_admin):
    group = Group.objects.get(name=LEAGUE_ADMIN_GROUP)
    executor = MigrationExecutor(connection)
    executor.migrate([("portal", "0001_initial")])
    try:
        # The group as the old rule left it: tokens, and adding and deleting accounts.
        group.permissions.add(*Permission.objects.filter(content_type__app_label="authtoken"),
                              *Permission.objects.filter(codename__in=["add_user",
                                                                       "delete_user"]))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    held = set(group.permissions.all())
    assert not any(p.content_type.app_label == "authtoken" for p in held)
    assert not any(p.codename in ("add_user", "delete_user") for p in held)
    assert held == set(league_admin_group().permissions.all())  # the one rule
