"""The copies table on a report's page loads what it needs itself, for those allowed to see it,
so the report views need not know about deliveries."""

from django import template

from deliveries import selectors
from reports.models import ProgressReport

register = template.Library()


@register.simple_tag(takes_context=True)
def report_copies(context, report):
    """The report's copies to home executives, or None when the reader may not see them (the
    public, other coaches) or the report is not submitted (no copies; no query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if report is None or report.status != ProgressReport.Status.SUBMITTED:
        return None
    if not selectors.can_see_copies(user, report):
        return None
    return selectors.report_copies(report)
