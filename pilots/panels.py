"""Sections that apps above the pilots add to a pilot's page (`SECTIONS`, `ACTIONS`), and the
pilots' own sections on other apps' pages: "Adopt this practice" and the municipalities that
adopted it on a practice page, "Projects coached" on a coach's public page.

`register()` is called from PilotsConfig.ready(). Those pages are cached for anonymous visitors
under their own content versions, so a change to a pilot or an assignment bumps them too.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string

from coaches import panels as coach_panels
from pilots.models import Assignment, Pilot
from pilots.selectors import may_adopt, pilots_for_user
from portal.page_cache import content_changed
from portal.panels import Panels
from practices import panels as practice_panels

# On a pilot's page, after its own sections: (request, pilot) -> HTML. The pilot comes with its
# assignments (and their coaches) loaded.
SECTIONS = Panels()
# Buttons beside "Manage this pilot": (request, pilot) -> "<li>...</li>" or "".
ACTIONS = Panels()


def practice_panel(request, practice) -> str:
    """Adopt button and the adopting municipalities (one query)."""
    pilots = list(
        pilots_for_user(request.user)
        .filter(Q(source_practice=practice) | Q(documented_in=practice))
        .order_by("code"))
    adopters = [p for p in pilots if p.source_practice_id == practice.pk]
    documented = [p for p in pilots if p.documented_in_id == practice.pk]
    if not (practice.is_public or adopters or documented):
        return ""
    return render_to_string("pilots/_practice_panel.html", {
        "practice": practice,
        "adopters": adopters,
        "documented": documented,
        "can_adopt": practice.is_public and may_adopt(request.user),
        "anonymous": not request.user.is_authenticated,
    }, request=request)


def coach_panel(request, coach) -> str:
    """The public pilots a coach is assigned to, with role and status (one query)."""
    assignments = list(
        Assignment.objects.filter(coach=coach, pilot__is_public=True)
        .select_related("pilot__municipality", "pilot__province")
        .order_by("-starts_on", "pilot__code"))
    if not assignments:
        return ""
    return render_to_string("pilots/_coach_panel.html", {
        "coach": coach, "assignments": assignments}, request=request)


def _pages_changed(**kwargs) -> None:
    def bump():
        content_changed("practices")
        content_changed("coaches")

    transaction.on_commit(bump)


def register() -> None:
    practice_panels.register(practice_panel)
    coach_panels.register(coach_panel)
    for model in (Pilot, Assignment):
        post_save.connect(_pages_changed, sender=model, dispatch_uid=f"pilots-pages-{model}")
        post_delete.connect(_pages_changed, sender=model,
                            dispatch_uid=f"pilots-pages-delete-{model}")
