"""LINE accounts linked to the people the portal writes to: home executives and coaches.

A recipient links their LINE account once, by sending the League's official account the code
of a signed link (line_oa.linking); the webhook stores their LINE user id here. They choose
whether to receive on LINE and whether to keep receiving e-mail as well.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LineLink(models.Model):
    executive = models.OneToOneField(
        "coaches.HomeExecutive", verbose_name=_("home executive"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="line_link")
    coach = models.OneToOneField(
        "coaches.Coach", verbose_name=_("coach"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="line_link")
    line_user_id = models.CharField(_("LINE user id"), max_length=64, db_index=True)
    linked_at = models.DateTimeField(_("linked at"))
    # False once the account blocks or unfollows the League's account: nothing can be pushed.
    following = models.BooleanField(_("follows the League's account"), default=True)
    send_line = models.BooleanField(_("receive on LINE"), default=True)
    send_email = models.BooleanField(_("receive e-mail as well"), default=True)

    class Meta:
        ordering = ["-linked_at"]
        verbose_name = _("LINE link")
        verbose_name_plural = _("LINE links")
        constraints = [models.CheckConstraint(
            condition=Q(executive__isnull=False, coach__isnull=True)
            | Q(executive__isnull=True, coach__isnull=False),
            name="line_link_one_recipient")]

    def __str__(self) -> str:
        return str(self.executive or self.coach)

    @property
    def can_push(self) -> bool:
        return self.following and self.send_line

    @property
    def wants_email(self) -> bool:
        """E-mail stays on unless LINE can reach the person and they chose LINE alone."""
        return self.send_email or not self.can_push
