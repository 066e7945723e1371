"""Suggest coaches for a municipality and a theme, with the reasons for each suggestion.

Points: the theme (4), serving the province (3) or only the region (2), the language asked for
(2), availability (up to 2), not from the same municipality (1), minus current load (1 per
active assignment, up to 3). Only listed coaches with the theme are suggested. For the public,
a coach's home and languages count only where the coach shows them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coaches.models import LANGUAGE_CHOICES, Coach
from coaches.selectors import listed_coaches, with_profile
from portal.models import Municipality, Theme
from portal.registry import Registry

# Apps that assign coaches register a function: coach ids -> {coach id: active assignments}.
LOAD_PROVIDERS: Registry[Callable[[list[int]], dict[int, int]]] = Registry()


@dataclass
class Suggestion:
    coach: Coach
    score: float = 0
    load: int = 0
    reasons: list[str] = field(default_factory=list)


def current_load(coach_ids: list[int]) -> dict[int, int]:
    load: dict[int, int] = {}
    for provider in LOAD_PROVIDERS:
        for coach_id, n in provider(coach_ids).items():
            load[coach_id] = load.get(coach_id, 0) + n
    return load


@dataclass(frozen=True)
class Known:
    """What matching may use of a coach: for the public only what the coach shows, so no
    suggestion, score or reason can give away a hidden home or language (PDPA)."""

    home: Municipality | None
    home_region_id: int | None
    languages: set[str]

    @classmethod
    def of(cls, coach: Coach, *, private: bool) -> "Known":
        home = coach.home_municipality
        return cls(
            home=home if private or coach.shows("home_municipality") else None,
            home_region_id=(home.province.region_id if private or coach.shows_home_region()
                            else None),
            languages=({lang.language for lang in coach.languages.all()}
                       if private or coach.shows("languages") else set()),
        )


def match_coaches(*, municipality: Municipality, theme: Theme, language: str = "",
                  limit: int = 10, private: bool = False) -> list[Suggestion]:
    """`private`: League admins, who see whole records, match on them too."""
    province, region_id = municipality.province, municipality.province.region_id
    candidates = list(with_profile(listed_coaches().filter(themes=theme)).distinct())
    loads = current_load([c.pk for c in candidates])
    language_label = dict(LANGUAGE_CHOICES).get(language, language)
    suggestions = []
    for coach in candidates:
        known = Known.of(coach, private=private)
        s = Suggestion(coach=coach, score=4, load=loads.get(coach.pk, 0),
                       reasons=[_("Expertise in %(theme)s") % {"theme": theme.name}])
        provinces = {p.pk for p in coach.service_provinces.all()}
        regions = {r.pk for r in coach.service_regions.all()}
        home = known.home
        if province.pk in provinces or (home is not None and home.province_id == province.pk):
            s.score += 3
            s.reasons.append(_("Serves %(province)s") % {"province": province.name})
        elif region_id in regions or known.home_region_id == region_id:
            s.score += 2
            s.reasons.append(_("Serves the %(region)s region") % {
                "region": province.region.name})
        if language and language in known.languages:
            s.score += 2
            s.reasons.append(_("Speaks %(language)s") % {"language": language_label})
        if coach.availability_days:
            s.score += min(2, coach.availability_days / 5)
            s.reasons.append(_("Available %(days)s days a month") % {
                "days": coach.availability_days})
        # A hidden home counts as another municipality (as nearly all of ~2,470 are), with
        # no reason given: the suggestion is then the same wherever the coach lives.
        if home is None or home.pk != municipality.pk:
            s.score += 1
            if home is not None:
                s.reasons.append(_("From another municipality"))
        else:
            s.reasons.append(_("From the same municipality"))
        if s.load:
            s.score -= min(3, s.load)
            s.reasons.append(_("Already coaching %(n)s active pilot(s)") % {"n": s.load})
        else:
            s.reasons.append(_("No current pilot assignments"))
        s.score = round(s.score, 1)
        suggestions.append(s)
    # Ties: named coaches by name, then by number (never by a name the coach hides).
    suggestions.sort(key=lambda s: (-s.score, s.load, not s.coach.shows("name"),
                                    s.coach.name_th if s.coach.shows("name") else "",
                                    s.coach.pk))
    return suggestions[:limit]
