"""The directory's contact form e-mails the coach; the sender never learns the coach's address.

The coach answers with their own mail program: the message's Reply-To is the sender.
"""

from celery import shared_task

from portal.emails import send_templated

TEMPLATE = "coaches/email/contact"


@shared_task(name="coaches.send_contact_message", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def send_contact_message(coach_id: int, sender_name: str, sender_email: str, subject: str,
                         message: str) -> None:
    """E-mail a visitor's message to a listed coach, in the coach's language."""
    from coaches.models import Coach
    from coaches.services import LISTED

    coach = (Coach.objects.select_related("user")
             .filter(pk=coach_id, status__in=LISTED).first())
    if coach is None:  # no longer listed (paused, retired, deleted) since the form was sent
        return
    language = coach.user.preferred_language if coach.user else "th"
    send_templated(
        template=TEMPLATE, to=[coach.email], reply_to=[sender_email], language=language,
        context={"coach": coach, "sender_name": sender_name, "sender_email": sender_email,
                 "subject": subject, "message": message},
    )
