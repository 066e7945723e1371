"""Dates for Thai readers use the Buddhist Era (พ.ศ. = ค.ศ. + 543)."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

BE_OFFSET = 543


def format_date(value: datetime.date | datetime.datetime, *, with_time: bool = False) -> str:
    """'21 พฤศจิกายน 2569' in Thai, '21 November 2026' in English."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    thai = (get_language() or "th").startswith("th")
    day_month = formats.date_format(value, "j F")
    text = f"{day_month} {value.year + BE_OFFSET}" if thai else f"{day_month} {value.year}"
    if with_time and isinstance(value, datetime.datetime):
        text += f" {value:%H:%M}" + (" น." if thai else "")
    return text


def to_christian_year(year: int) -> int:
    """Accept a year typed in either era; Thai users often type 2569 for 2026."""
    return year - BE_OFFSET if year > 2400 else year


def _thai_reader() -> bool:
    return (get_language() or "th").startswith("th")


def display_year(year: int) -> int:
    """The year as the reader counts it: Buddhist Era for Thai readers."""
    return year + BE_OFFSET if _thai_reader() else year


def quarter_months(number: int) -> str:
    """“January–March” for quarter 1, in the reader's language."""
    first = datetime.date(2000, 3 * number - 2, 1)
    last = datetime.date(2000, 3 * number, 1)
    return f"{formats.date_format(first, 'F')}–{formats.date_format(last, 'F')}"


def year_label(year: int) -> str:
    """“2026 (B.E. 2569)”: the Christian year, with the Buddhist Era year Thai readers use."""
    return _("%(year)s (B.E. %(buddhist_year)s)") % {"year": year,
                                                      "buddhist_year": year + BE_OFFSET}
