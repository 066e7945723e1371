"""Thai-aware text for search: Thai has no spaces between words, so segment it first."""

import re
from functools import cache

from pythainlp.corpus import thai_stopwords
from pythainlp.tokenize import word_tokenize

_PIECE = re.compile(r"[0-9a-z\u0E00-\u0E7F]+")


def words(text: str) -> list[str]:
    """Lower-case words of Thai and English text, punctuation dropped."""
    if not text:
        return []
    out: list[str] = []
    for token in word_tokenize(text.lower(), engine="newmm", keep_whitespace=False):
        out.extend(_PIECE.findall(token))
    return out


def search_text(*parts: str) -> str:
    """Space-separated words with a leading and trailing space, so ' word ' matches whole words."""
    joined = " ".join(w for part in parts for w in words(part))
    return f" {joined} " if joined else ""


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(thai_stopwords())


def query_words(query: str) -> list[str]:
    """Words of a search query, without Thai stop words unless nothing else is left."""
    found = list(dict.fromkeys(words(query)))
    meaningful = [w for w in found if w not in _stopwords() and len(w) > 1]
    return meaningful or found


_SLUG_DROP = re.compile(r"[^0-9a-z\u0E00-\u0E7F\s-]")
_SLUG_GAPS = re.compile(r"[\s-]+")
SLUG_PATTERN = r"^[-0-9a-z\u0E00-\u0E7F]+\Z"


def thai_slugify(text: str, *, max_length: int = 80) -> str:
    """A URL slug that keeps Thai readable (Django's slugify drops Thai vowels and tone marks)."""
    text = _SLUG_DROP.sub("", (text or "").lower())
    slug = _SLUG_GAPS.sub("-", text).strip("-")
    return slug[:max_length].rstrip("-")


def unique_slug(model, text: str, *, max_length: int = 70) -> str:
    """A readable address (Thai kept) that no other row of `model` uses yet."""
    base = thai_slugify(text, max_length=max_length) or model._meta.model_name
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
