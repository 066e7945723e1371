"""The public part of the coach registry: the directory, profiles, the contact form, coverage.

Only listed coaches (approved or active) appear, and of each only the personal details the coach
agreed to show (`Coach.public_fields`). Professional facts are always shown.
"""

import hashlib
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from coaches import contact_tasks, selectors
from coaches.coverage import coverage
from coaches.filters import CoachFilter
from coaches.models import LANGUAGE_CHOICES
from coaches.panels import render_panels
from portal import clock
from portal.models import Theme
from portal.page_cache import cache_for_anonymous
from portal.views_helpers import active_filters

PAGE_SIZE = 20
FILTERS = ["theme", "region", "province", "language", "tool", "available"]

# Contact form limits: (scope, most messages, window in seconds).
CONTACT_LIMITS = {
    "ip": (5, 60 * 60),  # per client IP address per hour
    "coach": (20, 24 * 60 * 60),  # per coach per day
}


# The directory --------------------------------------------------------------------------------

def _tidy_filter_form(form) -> None:
    """Readable empty choices and a sensible number input for the filter form."""
    for name, empty in [("theme", gettext_lazy("Any theme")),
                        ("region", gettext_lazy("Any region")),
                        ("province", gettext_lazy("Any province")),
                        ("language", gettext_lazy("Any language")),
                        ("tool", gettext_lazy("Any tool"))]:
        form.fields[name].empty_label = empty
    # django-filter's choice iterator was bound to the class-level field: bind it to this one.
    form.fields["language"].choices = LANGUAGE_CHOICES
    available = form.fields["available"]
    # A text input: a number input cannot show back an invalid value as valid HTML.
    available.widget = forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*",
                                              "maxlength": 2, "autocomplete": "off"})
    available.help_text = gettext_lazy("Leave empty to show coaches whatever their availability.")


def _filter_text(name: str, value) -> str | None:
    if name == "available":
        days = int(value)
        return ngettext("Available at least %(days)s day per month",
                        "Available at least %(days)s days per month", days) % {"days": days}
    return None


@require_GET
@cache_for_anonymous("coaches", params=("q", "page", *CoachFilter.base_filters))
def directory(request):
    filterset, queryset = selectors.coach_search(request.GET)
    _tidy_filter_form(filterset.form)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = (request.GET.get("q") or "").strip()[:200]
    active = active_filters(request, filterset, FILTERS, text=_filter_text)
    clear_query = f"?{urlencode({'q': query})}" if query else ""
    return render(request, "coaches/directory.html", {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "query": query,
        "active_filters": active,
        "clear_query": clear_query,
        "errors": filterset.is_bound and not filterset.is_valid(),
        # The empty state suggests themes; only looked up when the page has no coach.
        "themes": [] if page.object_list else list(Theme.objects.all()),
    })


# A coach's public page ------------------------------------------------------------------------

@require_GET
@cache_for_anonymous("coaches", params=())
def coach_detail(request, pk):
    coach = selectors.public_coach(pk)
    today = clock.today()
    certifications = [
        {"certification": c, "expired": bool(c.expires_on and c.expires_on < today)}
        for c in coach.certifications.all()
    ]
    return render(request, "coaches/detail.html", {
        "coach": coach,
        "certifications": certifications,
        "trainings": list(coach.trainings.all()) if coach.shows("training") else [],
        "panels": render_panels(request, coach),
    })


# The contact form -----------------------------------------------------------------------------

class ContactForm(forms.Form):
    sender_name = forms.CharField(
        label=gettext_lazy("Your name"), max_length=100,
        error_messages={"required": gettext_lazy("Enter your name."),
                        "max_length": gettext_lazy("Use at most 100 characters for your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}))
    sender_email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"), max_length=254,
        help_text=gettext_lazy("The coach replies to this address."),
        error_messages={"required": gettext_lazy("Enter your e-mail address."),
                        "invalid": gettext_lazy(
                            "Enter an e-mail address like name@example.org.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    subject = forms.CharField(
        label=gettext_lazy("Subject"), max_length=150,
        error_messages={"required": gettext_lazy("Enter a subject."),
                        "max_length": gettext_lazy("Use at most 150 characters for the subject.")})
    message = forms.CharField(
        label=gettext_lazy("Message"), min_length=20, max_length=5000,
        help_text=gettext_lazy(
            "Say who you are, which municipality you work for and how the coach could help."),
        error_messages={
            "required": gettext_lazy("Write your message."),
            "min_length": gettext_lazy("Write a little more: at least 20 characters."),
            "max_length": gettext_lazy("Keep the message under 5,000 characters."),
        },
        widget=forms.Textarea(attrs={"rows": 8}))

    def clean_subject(self):
        # One line only: the subject becomes an e-mail header.
        return " ".join(self.cleaned_data["subject"].split())

    def clean_sender_name(self):
        return " ".join(self.cleaned_data["sender_name"].split())


def _client_ip(request) -> str:
    """The visitor's IP as the login throttle sees it (same proxy settings)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


def _limit_keys(request, coach) -> dict[str, str]:
    ip = hashlib.sha256(_client_ip(request).encode()).hexdigest()[:32]
    return {"ip": f"coach-contact:ip:{ip}", "coach": f"coach-contact:coach:{coach.pk}"}


def _limit_reached(keys: dict[str, str]) -> int:
    """Seconds to wait (the window of the limit reached), or 0 when a message may be sent."""
    for scope, key in keys.items():
        most, window = CONTACT_LIMITS[scope]
        if (cache.get(key) or 0) >= most:
            return window
    return 0


def _count_message(keys: dict[str, str]) -> int:
    """Count one message against every limit; like _limit_reached, for racing requests."""
    wait = 0
    for scope, key in keys.items():
        most, window = CONTACT_LIMITS[scope]
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        if count > most:
            wait = max(wait, window)
    return wait


def _too_many(request, coach, form, wait: int):
    form.add_error(None, _(
        "Too many messages have been sent from your connection or to this coach. "
        "Nothing was sent. Please try again later or contact the League."))
    response = render(request, "coaches/contact.html", {"coach": coach, "form": form},
                      status=429)
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
def contact(request, pk):
    coach = get_object_or_404(selectors.listed_coaches(), pk=pk)
    initial = {}
    if request.user.is_authenticated:
        initial = {"sender_name": request.user.get_full_name(), "sender_email": request.user.email}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST":
        keys = _limit_keys(request, coach)
        wait = _limit_reached(keys)
        if wait:
            return _too_many(request, coach, ContactForm(request.POST), wait)
        if form.is_valid():
            wait = _count_message(keys)
            if wait:
                return _too_many(request, coach, form, wait)
            data = form.cleaned_data
            transaction.on_commit(lambda: contact_tasks.send_contact_message.delay(
                coach.pk, data["sender_name"], data["sender_email"], data["subject"],
                data["message"]))
            messages.success(request, _(
                "Thank you. Your message is on its way to the coach, who will reply to "
                "your e-mail address."))
            return redirect("coaches:detail", pk=coach.pk)
    return render(request, "coaches/contact.html", {"coach": coach, "form": form})


# Coverage -------------------------------------------------------------------------------------

@require_GET
@cache_for_anonymous("coaches", params=())
def coverage_dashboard(request):
    is_admin = bool(getattr(request.user, "is_league_admin", False))
    result = coverage(private=is_admin)
    biggest = max([max(counts, default=0) for _row, counts in result.matrix], default=0)
    matrix = [
        (row, [{"count": n, "level": 0 if not n else 1 + min(3, (n * 4 - 1) // max(biggest, 1))}
               for n in counts])
        for row, counts in result.matrix
    ]
    regions = {row.region.pk: row.region for row in result.regions}
    return render(request, "coaches/coverage.html", {
        "coverage": result,
        "chart_rows": [
            {"row": row, "y": 8 + i * 44,
             "bar": round(row.coverage_percent * 2.4, 1)}  # 100 % = 240 units wide
            for i, row in enumerate(result.regions)
        ],
        "chart_height": 16 + 44 * len(result.regions),
        "coaches_per_municipality": (round(result.coaches / result.municipalities, 2)
                                     if result.municipalities else 0.0),
        "matrix": matrix,
        "is_admin": is_admin,
        "uncovered": [(m, regions.get(m.province.region_id)) for m in result.uncovered],
    })
