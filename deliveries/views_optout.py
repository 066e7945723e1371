"""The page behind the opt-out link of a scheduled e-mail (monthly digest, report reminders).

Turning off takes a click (POST): mail scanners that open links must not unsubscribe anyone.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from deliveries.optout import optout_apply, optout_read


@require_http_methods(["GET", "POST"])
def opt_out(request, token):
    choice = optout_read(token)
    if choice is None:
        raise Http404
    done = False
    if request.method == "POST":
        optout_apply(choice)
        done = True
    return render(request, "deliveries/optout.html",
                  {"choice": choice, "done": done, "already_off": not done and choice.is_off})
