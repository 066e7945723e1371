import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def highlight(text, words):
    """Wrap the searched words in <mark>; the text is escaped first."""
    text = escape(text or "")
    if not words:
        return mark_safe(text)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(escape(w)) for w in words), re.IGNORECASE)
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
    note = gettext("selected; choose to remove")
    items = format_html_join("\n", "{}", (
        (format_html('<li><a href="{}" aria-current="true"><strong>{}</strong> ({})'
                     '<span class="visually-hidden"> {}</span></a></li>',
                     item["url"], item["label"], item["count"], note)
         if item["selected"] else
         format_html('<li><a href="{}">{} ({})</a></li>', item["url"], item["label"],
                     item["count"]),)
        for item in values))
    return format_html('<details class="facet"{}>\n  <summary>{}</summary>\n  <ul>\n{}\n  </ul>\n'
                       "</details>", mark_safe(" open") if len(values) < 8 else "",  # noqa: S308
                       title, items)
