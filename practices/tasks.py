from celery import shared_task

NOMINATION_STEPS = ("submitted", "in_review", "published", "draft", "rejected")


@shared_task(name="practices.notify_nominator", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def notify_nominator(practice_id: int, step: str, note: str = "") -> None:
    """Tell the person who nominated a practice what happened to it."""
    from portal.emails import send_templated
    from practices.models import Practice

    practice = Practice.objects.select_related("nominated_by").filter(pk=practice_id).first()
    if practice is None or practice.nominated_by is None:
        return
    user = practice.nominated_by
    send_templated(
        template="practices/email/nomination",
        to=[user.email],
        language=user.preferred_language,
        context={"practice": practice, "step": step, "note": note, "user": user},
    )
