"""Learning from the pilots: problems and recommendations (document 001) and the areas' reviews
of their people, mechanisms and community data (document 002)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from learning import services
from learning.area_form import SECTIONS, localized, short_title, unmet_summary
from learning.forms import (
    AreaReviewFilterForm,
    AreaReviewForm,
    RecommendationFilterForm,
    year_label,
)
from learning.models import AreaReview, Recommendation
from pilots.selectors import pilots_for_user
from portal.models import Bilingual, Province
from portal.page_cache import cache_for_anonymous
from portal.views_helpers import add_service_errors

PAGE_SIZE = 25
CHART_LABEL = 44  # characters of a criterion shown beside its bar; the table has the full text


# Problems and recommendations -----------------------------------------------------------------

LEVEL_ORDER = Case(*[When(level=level, then=Value(i))
                     for i, level in enumerate(Recommendation.Level.values)],
                   output_field=IntegerField())
NOT_SET = Q(owner="") | Q(time_frame="") | Q(target="")


@require_GET
@cache_for_anonymous("pilots", params=("page", *RecommendationFilterForm.base_fields))
def recommendations(request):
    """Public list of problems and recommendations, grouped by level, with their follow-up."""
    visible_pilots = pilots_for_user(request.user).order_by("code")
    form = RecommendationFilterForm(
        request.GET or None,
        pilots=visible_pilots.filter(recommendations__isnull=False).distinct())
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    queryset = Recommendation.objects.annotate(level_order=LEVEL_ORDER)
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("pilot"):
        queryset = queryset.filter(pilots__code=filters["pilot"])
    queryset = queryset.order_by("level_order", "id").prefetch_related(
        Prefetch("pilots", queryset=visible_pilots))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for rec in page.object_list:
        for field in ("problem", "consequence", "recommendation"):
            setattr(rec, f"{field}_text", Bilingual.localized(rec, field))
    counts = {row["level"]: row for row in Recommendation.objects.values("level").annotate(
        n=Count("pk"), not_set=Count("pk", filter=NOT_SET)).order_by()}
    levels = [{"value": value, "label": label, "count": counts.get(value, {}).get("n", 0)}
              for value, label in Recommendation.Level.choices]
    return render(request, "learning/recommendations.html", {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "invalid": form.is_bound and bool(form.errors),
        "levels": levels,
        "total": sum(level["count"] for level in levels),
        "not_set": sum(row["not_set"] for row in counts.values()),
        "is_admin": getattr(request.user, "is_league_admin", False) and request.user.is_staff,
    })


# Area-management reviews ----------------------------------------------------------------------

def can_edit_area_review(user, province_id: int | None) -> bool:
    """League admins, and users of a municipality for reviews of their own province."""
    if not user.is_authenticated:
        return False
    if user.is_league_admin:
        return True
    return bool(user.municipality_id) and (
        province_id is None or user.municipality.province_id == province_id)


def _chart(summary: list[dict]) -> dict:
    """Bars of the share of assessed rows leaving each criterion unmet (100 % = 240 units)."""
    bars = []
    for i, item in enumerate(summary):
        text = f"{short_title(item['section']['code'])} {item['number']}: {item['label']}"
        if len(text) > CHART_LABEL:
            text = text[:CHART_LABEL - 1].rstrip() + "…"
        bars.append({"item": item, "label": text, "y": 8 + i * 44,
                     "bar": round(item["percent"] * 2.4, 1)})
    return {"bars": bars, "height": 16 + 44 * len(bars)}


@require_GET
@cache_for_anonymous("pilots", params=("page", *AreaReviewFilterForm.base_fields))
def area_reviews(request):
    """Every area's review, filtered by year and province, and the criteria most often unmet
    across the reviews shown."""
    all_reviews = AreaReview.objects.all()
    form = AreaReviewFilterForm(
        request.GET or None,
        years=all_reviews.values_list("year", flat=True).distinct().order_by("-year"),
        provinces=Province.objects.filter(
            pk__in=all_reviews.values("province")).order_by("name_th"))
    queryset = AreaReview.objects.select_related("province", "municipality")
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    if filters.get("year"):
        queryset = queryset.filter(year=filters["year"])
    if filters.get("province"):
        queryset = queryset.filter(province=filters["province"])
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    reviews = list(page.object_list)
    for review in reviews:
        review.year_label = year_label(review.year)
    answers = list(queryset.values_list("answers", flat=True))
    summary = unmet_summary(answers)
    numbers = {}
    for spec in SECTIONS:
        for n, criterion in enumerate(spec.get("criteria", []), 1):
            numbers[(spec["code"], criterion["code"])] = n
    for item in summary:
        item["number"] = numbers[(item["section"]["code"], item["criterion"]["code"])]
        item["label"] = localized(item["criterion"])
        item["section_title"] = short_title(item["section"]["code"])
    return render(request, "learning/area_reviews.html", {
        "form": form,
        "page": page,
        "reviews": reviews,
        "filtered": bool(filters),
        "invalid": form.is_bound and bool(form.errors),
        "review_count": len(answers),
        "summary": summary,
        "chart": _chart(summary) if answers else None,
        "can_add": can_edit_area_review(request.user, None),
    })


def _tables(review: AreaReview) -> list[dict]:
    """The filled tables of a review, read-only: per row the criteria met and the texts."""
    tables = []
    for spec in SECTIONS:
        given = review.answers.get(spec["code"]) or {}
        criteria = spec.get("criteria", [])
        fields = spec.get("extra_fields", [])
        rows = []
        for row in spec["rows"]:
            answer = given.get(row["code"]) or {}
            met = set(answer.get("met") or [])
            rows.append({
                "label": localized(row),
                "cells": [c["code"] in met for c in criteria],
                "met": sum(1 for c in criteria if c["code"] in met),
                "texts": [{"label": localized(f), "text": answer.get(f["code"], "")}
                          for f in fields],
                "has_text": any(answer.get(f["code"]) for f in fields),
            })
        tables.append({
            "code": spec["code"],
            "title": localized(spec, "title"),
            "short_title": short_title(spec["code"]),
            "criteria": [localized(c) for c in criteria],
            "fields": [localized(f) for f in fields],
            "rows": rows,
        })
    return tables


@require_GET
@cache_for_anonymous("pilots", params=())
def area_review_detail(request, pk):
    review = get_object_or_404(
        AreaReview.objects.select_related("province", "municipality"), pk=pk)
    return render(request, "learning/area_review_detail.html", {
        "review": review,
        "year_label": year_label(review.year),
        "tables": _tables(review),
        "can_edit": can_edit_area_review(request.user, review.province_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def area_review_edit(request, pk=None):
    """Record an area's review, or change one. One review per area and year: recording the same
    area and year again updates that review."""
    review = None
    if pk is not None:
        review = get_object_or_404(
            AreaReview.objects.select_related("province", "municipality"), pk=pk)
        if not can_edit_area_review(request.user, review.province_id):
            raise PermissionDenied
    elif not can_edit_area_review(request.user, None):
        return render(request, "learning/area_review_form.html", {"refused": True}, status=403)
    form = AreaReviewForm(request.POST or None, user=request.user, review=review)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = {
            "area_name": review.area_name if review else data["area_name"],
            "province": review.province if review else data["province"],
            "year": review.year if review else data["year"],
        }
        existed = review is not None or AreaReview.objects.filter(**identity).exists()
        try:
            saved = services.area_review_save(actor=request.user,
                                              municipality=data["municipality"],
                                              answers=form.answers(), **identity)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if existed:
                messages.success(request, _("The review of %(area)s for %(year)s was updated.") % {
                    "area": saved.area_name, "year": year_label(saved.year)})
            else:
                messages.success(request, _("The review of %(area)s for %(year)s was saved.") % {
                    "area": saved.area_name, "year": year_label(saved.year)})
            return redirect("learning:area-review", saved.pk)
    return render(request, "learning/area_review_form.html", {
        "form": form,
        "review": review,
        "year_label": year_label(review.year) if review else "",
        "tables": form.sections(),
    })
