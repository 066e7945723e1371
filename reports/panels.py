"""The reports' part of pages and records the pilots own: the "Progress reports" section and the
"Write a progress report" button on a pilot's page, the reporting rate in the pilot's API
record, and the rule that a coach who has reported stays assigned. Registered from
ReportsConfig.ready()."""

import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from pilots import api as pilots_api
from pilots import panels as pilot_panels
from pilots import services as pilot_services
from pilots.models import Assignment, Pilot
from portal import clock
from reports.models import ProgressReport
from reports.rates import reporting_rate
from reports.selectors import first_submissions, period_label, reports_for_user


def pilot_reports(request, pilot: Pilot) -> str:
    """The reporting rate and the reports the visitor may see (two queries): everyone sees
    the rate; report texts only those who may read them (reports.selectors)."""
    today = clock.today()
    user = request.user
    reports = [{"report": r, "period": period_label(r.period_kind, r.period_start)}
               for r in reports_for_user(user).filter(pilot=pilot)]
    rate = reporting_rate(list(pilot.assignments.all()), first_submissions(pilot=pilot), today)
    reads_all = user.is_authenticated and (getattr(user, "is_league_admin", False)
                                           or pilot.coordinator_id == user.pk)
    return render_to_string("reports/_pilot_reports.html", {
        "pilot": pilot, "reports": reports, "rate": rate, "reads_all": reads_all},
        request=request)


def report_button(request, pilot: Pilot) -> str:
    user = request.user
    if not (user.is_authenticated
            and any(a.coach.user_id == user.pk for a in pilot.assignments.all())):
        return ""
    return render_to_string("reports/_pilot_actions.html", {"pilot": pilot}, request=request)


def add_reporting_rates(pilots: list[Pilot], today: datetime.date) -> None:
    sent = first_submissions(pilot__in=[pilot.pk for pilot in pilots])
    for pilot in pilots:
        pilot.api_reporting_rate = reporting_rate(list(pilot.assignments.all()), sent, today)


def has_reported(assignment: Assignment) -> str:
    if ProgressReport.objects.filter(pilot=assignment.pilot_id,
                                     coach=assignment.coach_id).exists():
        return _("This coach has reported on the pilot; set an end date instead of removing "
                 "the assignment.")
    return ""


def register() -> None:
    pilot_panels.SECTIONS.register(pilot_reports)
    pilot_panels.ACTIONS.register(report_button)
    pilots_api.RECORD_EXTRAS.register(add_reporting_rates)
    pilot_services.ASSIGNMENT_IN_USE.register(has_reported)
