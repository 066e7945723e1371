import re
from functools import lru_cache
from html import escape as html_escape

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@lru_cache(maxsize=256)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(escape(w)) for w in words), re.IGNORECASE)


@register.filter
def highlight(text, words):
    """Wrap the searched words in <mark>; the text is escaped first."""
    text = escape(text or "")
    if not words:
        return mark_safe(text)  # noqa: S308 - escaped above
    pattern = _words_pattern(tuple(words))
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", text))  # noqa: S308


@register.simple_tag(takes_context=True)
def with_param(context, name, value=""):
    """The current query string with `name` set to `value` (removed when empty), page reset."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params.pop(name, None)
    if value not in ("", None):
        params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def facet(title, values):
    """One facet of the list page: its values as links with counts. Built here rather than in
    a template loop, as a page shows up to 130 of these links on every search."""
    if not values:
        return ""
    note = html_escape(gettext("selected; choose to remove"))
    # Plain escaping and f-strings: format_html per link cost more than the search itself
    # once the facets reach a hundred links.
    items = "\n".join(
        f'<li><a href="{html_escape(item["url"])}" aria-current="true"><strong>'
        f'{html_escape(str(item["label"]))}</strong> ({item["count"]})'
        f'<span class="visually-hidden"> {note}</span></a></li>'
        if item["selected"] else
        f'<li><a href="{html_escape(item["url"])}">{html_escape(str(item["label"]))} '
        f'({item["count"]})</a></li>'
        for item in values)
    return format_html('<details class="facet"{}>\n  <summary>{}</summary>\n  <ul>\n{}\n  </ul>\n'
                       "</details>", mark_safe(" open") if len(values) < 8 else "",  # noqa: S308
                       title, mark_safe(items))  # noqa: S308  (each part escaped above)
