from django import template
from django.utils import timezone
from django.utils.translation import get_language

from portal.thai_dates import format_date

register = template.Library()


@register.filter
def event_when(event) -> str:
    """“21 พฤศจิกายน 2569, 09:00–16:00 น.”; across days, both ends with their times (Bangkok
    time, Buddhist Era for Thai readers)."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    thai = (get_language() or "th").startswith("th")
    suffix = " น." if thai else ""
    if start.date() == end.date():
        return f"{format_date(start)}, {start:%H:%M}–{end:%H:%M}{suffix}"
    return f"{format_date(start, with_time=True)} – {format_date(end, with_time=True)}"
