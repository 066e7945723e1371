"""Progress reports, recommendations and area reviews lived in the pilots app; their move to the
reports and learning apps keeps every row, id, link and permission of an existing database."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from deliveries.models import Delivery
from learning.models import AreaReview, Recommendation
from pilots.models import Measurement
from reports.models import ProgressReport, ReportComment

BEFORE_THE_MOVE = [("pilots", "0003_protected_files"), ("deliveries", "0002_report_briefs"),
                   ("reports", None), ("learning", None)]


def _migrate(targets):
    """Migrate to `targets` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]], at_end=True).apps


def _latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_links_and_permissions_survive_the_move(make_pilot, make_coach, coach_user,
                                                     league_admin):
    pilot = make_pilot(code="DG-SK", municipality="เทศบาลนครสงขลา")
    coach = make_coach(user=coach_user, executives=[
        {"name": "นายกเทศมนตรี", "position": "mayor", "email": "mayor@songkhla.example.org"}])
    indicator_id = pilot.indicators.create(
        name_th="ความพึงพอใจ", unit="%", baseline=60, target=90,
        starts_on=datetime.date(2026, 1, 1), due_on=datetime.date(2026, 12, 31)).pk

    old = _migrate(BEFORE_THE_MOVE)
    try:
        # The schema as it was: the models belong to the pilots app.
        assert not ContentType.objects.filter(app_label__in=["reports", "learning"]).exists()
        OldReport = old.get_model("pilots", "ProgressReport")
        report = OldReport.objects.create(
            pilot_id=pilot.pk, coach_id=coach.pk, period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 3, 31), status="submitted", summary="สรุปเดือนมีนาคม",
            submitted_at=datetime.datetime(2026, 4, 2, 3, 0, tzinfo=datetime.UTC))
        old.get_model("pilots", "ReportComment").objects.create(report=report, body="ดีมาก",
                                                                author_id=league_admin.pk)
        old.get_model("pilots", "Measurement").objects.create(
            indicator_id=indicator_id, value=75, measured_on=datetime.date(2026, 3, 31),
            report=report)
        recommendation = old.get_model("pilots", "Recommendation").objects.create(
            level="league", problem_th="ขาดวิทยากรพี่เลี้ยง", recommendation_th="อบรมเพิ่ม")
        recommendation.pilots.add(pilot.pk)
        old.get_model("pilots", "AreaReview").objects.create(
            province_id=pilot.province_id, area_name="สงขลา", year=2026, answers={})
        old.get_model("deliveries", "Delivery").objects.create(
            report=report, recipient_name="นายกเทศมนตรี",
            recipient_email="mayor@songkhla.example.org", language="th")
        # A permission the League gave on the old model, through its content type.
        change = Permission.objects.get(content_type__app_label="pilots",
                                        codename="change_progressreport")
        group = Group.objects.create(name="ผู้ตรวจรายงาน")
        group.permissions.add(change)
    finally:
        _latest()

    moved = ProgressReport.objects.get(pk=report.pk)
    assert moved.summary == "สรุปเดือนมีนาคม" and moved.pilot == pilot and moved.coach == coach
    assert ReportComment.objects.get(report=moved).body == "ดีมาก"
    assert Measurement.objects.get(report=moved).value == 75
    assert Delivery.objects.get(report=moved).recipient_email == "mayor@songkhla.example.org"
    assert list(Recommendation.objects.get(pk=recommendation.pk).pilots.all()) == [pilot]
    assert pilot.recommendations.get().recommendation_th == "อบรมเพิ่ม"
    assert AreaReview.objects.get().area_name == "สงขลา"
    # The content types (and so permissions and admin history) moved with the models.
    assert ContentType.objects.get_for_model(ProgressReport).app_label == "reports"
    assert ContentType.objects.get_for_model(Recommendation).app_label == "learning"
    assert not ContentType.objects.filter(app_label="pilots", model="progressreport").exists()
    assert group.permissions.get().content_type.app_label == "reports"
