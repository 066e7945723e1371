import json
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.models import Province
from portal.page_cache import cache_for_anonymous
from portal.reference_cache import reference
from portal.views_helpers import add_service_errors, league_admin_required
from practices import selectors, services
from practices.facets import practice_facets
from practices.filters import PracticeFilter
from practices.forms import NominationForm, ReviewForm
from practices.models import Practice
from practices.panels import render_panels

PAGE_SIZE = 20
# What the list page reads of its address (the page cache keys pages on these alone).
LIST_PARAMS = ("q", "search", "sort", "page", *PracticeFilter.base_filters)


@require_GET
@cache_for_anonymous("practices", params=LIST_PARAMS)
def practice_list(request):
    search = selectors.practice_search(user=request.user, params=request.GET)
    page, counts = selectors.search_page(search, request.GET.get("page"), per_page=PAGE_SIZE)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    themes = list(reference().themes)
    return render(request, "practices/list.html", {
        "search": search,
        "page": page,
        "facets": practice_facets(counts, request.GET, themes),
        "query_without_page": query_without_page.urlencode(),
        "themes": themes,
        "active_filters": {k: v for k, v in request.GET.items()
                           if k in selectors.FACETS and v},
    })


@require_GET
@cache_for_anonymous("practices", params=())
def practice_detail(request, slug):
    practice = selectors.practice_detail(selectors.practice_for_user(request.user, slug))
    return render(request, "practices/detail.html", {
        "practice": practice,
        "related": selectors.related_practices(practice),
        "panels": render_panels(request, practice),
        "can_edit": selectors.can_edit(request.user, practice),
        "events": practice.events.select_related("actor") if request.user.is_authenticated
        and request.user.is_league_admin else None,
    })


@cache
def _map_shapes() -> dict:
    path = settings.BASE_DIR / "static" / "data" / "provinces-map.json"
    return json.loads(path.read_text(encoding="utf-8"))


@require_GET
@cache_for_anonymous("practices", params=())
def practice_map(request):
    counts = selectors.province_counts()
    shapes = _map_shapes()
    most = max(counts.values(), default=0)
    provinces = []
    for province in Province.objects.select_related("region").order_by("name_th"):
        count = counts.get(province.code, 0)
        level = 0 if not count else 1 + min(3, (count * 4 - 1) // max(most, 1))
        provinces.append({"province": province, "count": count, "level": level,
                          "path": shapes["provinces"].get(province.code, "")})
    return render(request, "practices/map.html", {
        "provinces": provinces, "view_box": shapes["viewBox"],
        "with_practices": [p for p in provinces if p["count"]],
    })


class LatestPracticesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New best practices: National Municipal League of Thailand")
    subtitle = gettext_lazy("Best practices newly published in the League's library.")

    def link(self):
        from django.urls import reverse

        return reverse("practices:list")

    def items(self):
        return (
            Practice.objects.filter(status=Practice.Status.PUBLISHED)
            .select_related("municipality", "province")
            .order_by("-published_at")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request):
    form = NominationForm(
        request.POST or None, request.FILES or None,
        initial={"municipality": request.user.municipality_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_nominate(
                user=request.user, data=form.content(), themes=list(form.cleaned_data["themes"]),
                tags=form.tag_names(), files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your nomination was sent to League admins."))
            return redirect("practices:my-nominations")
    return render(request, "practices/nominate.html", {"form": form})



@login_required
@require_GET
def my_nominations(request):
    return render(request, "practices/my_nominations.html", {
        "practices": selectors.nominations_of(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit_nomination(request, slug):
    practice = selectors.practice_for_user(request.user, slug, write=True)
    form = NominationForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_revise(
                practice=practice, user=request.user, data=form.content(),
                themes=list(form.cleaned_data["themes"]), tags=form.tag_names(),
                files=form.cleaned_data["attachments"], resubmit="resubmit" in request.POST,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved and sent for review again."))
            return redirect("practices:my-nominations")
    return render(request, "practices/nominate.html", {"form": form, "practice": practice})


@login_required
@require_GET
def review_queue(request):
    league_admin_required(request)
    return render(request, "practices/review_queue.html", {
        "practices": selectors.review_queue(), "form": ReviewForm(),
    })


@login_required
@require_POST
def review(request, slug):
    league_admin_required(request)
    practice = get_object_or_404(Practice, slug=slug)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.practice_set_status(
                practice=practice, actor=request.user, status=form.status(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, f"{practice.title_th}: {message}")
        else:
            messages.success(request, _("Decision saved; the nominator has been told by e-mail."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("practices:review-queue")
