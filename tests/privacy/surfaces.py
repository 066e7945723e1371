"""Every address the portal answers, made concrete from its own URL patterns.

`surfaces(samples)` walks the URL resolver (pages, API routes with their format suffixes,
feeds, files, the admin and the account pages) and fills each pattern's parameters from
`samples`: {parameter name: [values]}, or {(url name, parameter name): [values]} where a name
means different things on different pages. A pattern with a parameter that has no sample
makes `surfaces` raise, so a new page cannot stay out of the checks that use it.
"""

import itertools
import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation


@dataclass(frozen=True)
class Surface:
    url: str
    name: str  # "namespace:name" of the URL pattern ("" when unnamed)
    listing: bool  # takes no path parameter: the place for query-string probes


class MissingSample(Exception):
    pass


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()\\]|\\.|\[[^\]]*\])*\)")


def _fill_route(text: str, values: dict) -> str:
    def value(match) -> str:
        filled = str(values[match.group("name")])
        # DRF's format suffix converter matches the dot too (".json").
        return "." + filled if match.group("converter") == "drf_format_suffix" else filled

    return _ROUTE_PARAM.sub(value, text)


def _fill_regex(text: str, values: dict) -> str:
    text = _REGEX_GROUP.sub(lambda m: str(values[m.group("name")]), text)
    text = text.replace("^", "").replace("$", "").replace("/?", "/")
    return re.sub(r"\\(.)", r"\1", text)


def _params(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [m.group("name") for m in _ROUTE_PARAM.finditer(str(pattern))]
    if isinstance(pattern, LocalePrefixPattern):
        return []
    return list(pattern.regex.groupindex)


def _fill(pattern, values: dict) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return ""
    if isinstance(pattern, RoutePattern):
        return _fill_route(str(pattern), values)
    return _fill_regex(pattern.regex.pattern, values)


def _walk(patterns, chain=(), namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from _walk(entry.url_patterns, (*chain, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield (*chain, entry.pattern), name


def _choices(name: str, param: str, samples: dict) -> list:
    for key in ((name, param), param):
        if key in samples:
            return list(samples[key])
    raise MissingSample(f"{name or '(unnamed)'}: no sample for <{param}>")


def surfaces(samples: dict, *, languages=("",)) -> list[Surface]:
    """Concrete addresses of every URL pattern; i18n pages once per language prefix given
    ("" is the default language, "en/" English)."""
    found, missing = [], []
    for chain, name in _walk(get_resolver().url_patterns):
        params = [p for part in chain for p in _params(part)]
        try:
            options = [_choices(name, param, samples) for param in params]
        except MissingSample as error:
            missing.append(str(error))
            continue
        localized = any(isinstance(part, LocalePrefixPattern) for part in chain)
        for combination in itertools.product(*options):
            values = dict(zip(params, combination, strict=True))
            path = "".join(_fill(part, values) for part in chain)
            for prefix in (languages if localized else ("",)):
                url = "/" + prefix + path
                try:
                    # What was filled in must lead back to a page (i18n pages resolve in
                    # the language of their prefix).
                    with translation.override(prefix.rstrip("/") or settings.LANGUAGE_CODE):
                        resolve(url)
                except Resolver404:
                    missing.append(f"{name or '(unnamed)'}: {url} leads nowhere")
                    continue
                found.append(Surface(url=url, name=name, listing=not params))
    if missing:
        raise MissingSample("; ".join(sorted(set(missing))))
    return sorted(set(found), key=lambda s: s.url)
