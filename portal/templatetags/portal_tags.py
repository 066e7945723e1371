import re

from django import template
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

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


_THAI = re.compile(r"[\u0E00-\u0E7F]")


@register.filter(needs_autoescape=True)
def lang_th(value, autoescape=True):
    """Text that may be Thai (a name, a venue, a title with no English version) on a page in
    another language: marked lang="th", so that screen readers switch voice (WCAG 3.1.2)."""
    text = "" if value is None else str(value)
    if (get_language() or "th").startswith("th") or not _THAI.search(text):
        return conditional_escape(text) if autoescape else text
    return format_html('<span lang="th">{}</span>', text)
