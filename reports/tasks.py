from celery import shared_task


@shared_task(name="reports.notify_publication", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def notify_publication(report_id: int, published: bool) -> None:
    """Tell the coach that the League published their report on the portal, or withdrew it."""
    from portal.emails import send_templated
    from reports.models import ProgressReport
    from reports.selectors import period_label

    report = (ProgressReport.objects.select_related("coach__user", "pilot")
              .filter(pk=report_id).first())
    if report is None:
        return
    coach = report.coach
    language = coach.user.preferred_language if coach.user else "th"
    from django.utils import translation

    with translation.override(language):
        period = period_label(report.period_kind, report.period_start)
    send_templated(template="reports/email/publication", to=[coach.email], language=language,
                   context={"report": report, "coach": coach, "pilot": report.pilot,
                            "period": period, "published": published})
