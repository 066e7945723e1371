"""Published practices as CSV or JSON, for the admin action and the API."""

from django.conf import settings
from django.db.models import QuerySet

from portal.spreadsheets import csv_document
from practices.models import Practice

# What `GET /api/practices/export/?file_format=` offers; JSON when it is left out.
FORMATS = ("json", "csv")

COLUMNS = ["external_id", "slug", "title_th", "title_en", "summary_th", "summary_en",
           "municipality", "province", "themes", "tags", "award", "year", "url", "published_at"]


def export_queryset(queryset: QuerySet | None = None) -> QuerySet[Practice]:
    queryset = queryset if queryset is not None else Practice.objects.all()
    return (
        queryset.filter(status=Practice.Status.PUBLISHED)
        .select_related("municipality", "province")
        .prefetch_related("themes", "tags")
        .order_by("title_th", "id")
    )


def practice_row(practice: Practice) -> dict:
    return {
        "external_id": practice.external_id or "",
        "slug": practice.slug,
        "title_th": practice.title_th,
        "title_en": practice.title_en,
        "summary_th": practice.summary_th,
        "summary_en": practice.summary_en,
        "municipality": practice.municipality.name_th if practice.municipality else "",
        "province": practice.province.name_th,
        "themes": [t.code for t in practice.themes.all()],
        "tags": [t.name for t in practice.tags.all()],
        "award": practice.award,
        "year": practice.year_started,
        "url": settings.SITE_URL + practice.get_absolute_url(),
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
    }


def _csv_row(practice: Practice) -> dict:
    row = practice_row(practice)
    row["themes"] = ";".join(row["themes"])
    row["tags"] = ";".join(row["tags"])
    return row


def practices_csv(queryset: QuerySet | None = None) -> str:
    """Nominators write the titles, summaries, tags and awards: portal.spreadsheets keeps a
    spreadsheet from running any of them as a formula."""
    return csv_document(COLUMNS, (_csv_row(p) for p in export_queryset(queryset)))


def practices_json(queryset: QuerySet | None = None) -> list[dict]:
    return [practice_row(p) for p in export_queryset(queryset)]
