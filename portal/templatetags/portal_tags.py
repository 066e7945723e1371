from django import template
from django.urls import translate_url

from portal.thai_dates import format_date

register = template.Library()


@register.filter
def thai_date(value):
    """A date in the reader's language, with the Buddhist Era year for Thai."""
    if not value:
        return ""
    return format_date(value)


@register.filter
def thai_datetime(value):
    if not value:
        return ""
    return format_date(value, with_time=True)


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """The current page's address in another language (i18n_patterns)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)
