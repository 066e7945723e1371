"""A coach's LINE page: their own link, and where each of their home executives stands.

The coach never sees an executive's linking or settings link: an executive links their own
LINE account from an invitation e-mailed to their own address, and only they choose how the
copies of the coach's reports reach them.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coaches.models import Coach, HomeExecutive
from line_oa import linking, services
from line_oa.models import LineLink, LinkInvitation


def _coach_of(user) -> Coach:
    coach = Coach.objects.filter(user=user).first()
    if coach is None:
        raise Http404
    return coach


@login_required
@require_GET
def mine(request):
    """The coach's own link, and each home executive's state (linked, LINE off, invited)."""
    coach = _coach_of(request.user)
    executives = list(coach.executives.all())
    links = {(link.coach_id, link.executive_id): link for link in LineLink.objects.filter(
        coach=coach) | LineLink.objects.filter(executive__coach=coach)}
    invited = dict(LinkInvitation.objects.filter(executive__coach=coach)
                   .values_list("executive_id", "sent_at"))
    rows = [{"pk": e.pk, "name": e.name, "position": e.get_position_display(),
             "link": links.get((None, e.pk)), "invited": invited.get(e.pk)}
            for e in executives]
    own = links.get((coach.pk, None))
    return render(request, "line_oa/mine.html", {
        "coach": coach, "line_on": settings.LINE_ENABLED, "own": own,
        "own_link_url": linking.link_page_url(coach) if own is None else "",
        "own_settings_url": linking.settings_page_url(own) if own is not None else "",
        "executives": rows})


@login_required
@require_POST
def invite(request):
    """E-mail one of the coach's own home executives their linking link, at the executive's
    address (never shown to the coach)."""
    coach = _coach_of(request.user)
    if not settings.LINE_ENABLED:
        raise Http404
    try:
        pk = int(request.POST.get("executive", ""))
    except ValueError:
        raise Http404 from None
    executive = HomeExecutive.objects.filter(pk=pk, coach=coach).first()
    if executive is None:
        raise Http404
    outcome = services.invitation_send(executive=executive, coach=coach)
    name = executive.name
    if outcome == "sent":
        messages.success(request, _("The invitation was e-mailed to %(name)s.") % {"name": name})
    elif outcome == "recent":
        messages.info(request, _("An invitation was e-mailed to %(name)s less than an hour "
                                 "ago; please wait before sending another.") % {"name": name})
    elif outcome == "linked":
        messages.info(request, _("%(name)s has already linked a LINE account.") % {"name": name})
    else:
        messages.error(request, _("The invitation could not be sent; please try again "
                                  "later."))
    return redirect("line_oa:mine")
