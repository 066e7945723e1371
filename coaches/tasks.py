from celery import shared_task

STEPS = ("applied", "approved", "active", "paused", "retired", "rejected", "certified")


@shared_task(name="coaches.notify_coach", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def notify_coach(coach_id: int, step: str, note: str = "") -> None:
    """Tell a coach about their application and every League decision about them."""
    from coaches.models import Coach
    from portal.emails import send_templated

    coach = Coach.objects.select_related("user").filter(pk=coach_id).first()
    if coach is None or step not in STEPS:
        return
    language = coach.user.preferred_language if coach.user else "th"
    send_templated(template="coaches/email/decision", to=[coach.email], language=language,
                   context={"coach": coach, "step": step, "note": note})


@shared_task(name="coaches.notify_executive_removed", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def notify_executive_removed(coach_id: int, name: str, email: str, language: str) -> None:
    """Tell a home executive, at the address the copies used to reach, that they will no
    longer receive the coach's reports: whoever changed the list, the executive hears of it."""
    from coaches.models import Coach
    from portal.emails import send_templated

    coach = Coach.objects.filter(pk=coach_id).first()
    if coach is None:
        return
    send_templated(template="coaches/email/executive-removed", to=[email],
                   language=language if language in ("th", "en") else "th",
                   context={"coach": coach, "name": name})
