"""Dates for Thai readers use the Buddhist Era (พ.ศ. = ค.ศ. + 543)."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import get_language

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
