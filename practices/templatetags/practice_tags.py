import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
