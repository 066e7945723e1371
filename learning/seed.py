"""The problems and recommendations of document 001 (data/problems.json), linked to the seed
pilots they name; loaded with the pilots (pilots.seed.SEEDED, `load_seed_pilots`)."""

import json
from pathlib import Path

from learning import services
from learning.models import Recommendation
from pilots.models import Pilot
from pilots.seed import SeedError

PROBLEMS_FILE = Path(__file__).resolve().parent / "data" / "problems.json"
# Pilot tags of document 001 that do not follow the "<programme>-<tag>" pattern.
TAGS = {"SK": "DG-SK", "CR": "DG-CR", "PK": "DG-PK", "YL": "DG-YL"}
RECOMMENDATION_FIELDS = ["problem_th", "problem_en", "consequence_th", "consequence_en",
                         "recommendation_th", "recommendation_en", "owner", "time_frame", "target",
                         "source_document"]


def _pilots_for_tags(tags: list[str], pilots: dict[str, Pilot]) -> list[Pilot]:
    """SK, CR, PK, YL name DELGOSEA pilots; any other tag names the pilot whose code ends
    with it (e.g. "UD" → DG-UD), when exactly one does."""
    chosen = []
    for tag in tags:
        code = TAGS.get(tag)
        if code is None:
            matches = [c for c in pilots if c.rsplit("-", 1)[-1] == tag]
            if len(matches) != 1:
                raise SeedError(f"pilot tag “{tag}” matches {len(matches)} pilots")
            code = matches[0]
        if code not in pilots:
            raise SeedError(f"pilot tag “{tag}”: no pilot {code}")
        chosen.append(pilots[code])
    return chosen


def seed_recommendations(pilots: dict[str, Pilot]) -> str:
    """Create or refresh the recommendations (by level and Thai text); a refresh keeps the
    status the League set."""
    problems = json.loads(PROBLEMS_FILE.read_text(encoding="utf-8"))
    created = updated = 0
    # Matched on level and text: the recommendation, or the problem where there is none.
    known = {(r.level, r.recommendation_th or r.problem_th): r
             for r in Recommendation.objects.all()}
    for problem in problems:
        if problem["level"] not in Recommendation.Level.values:
            raise SeedError(f"unknown recommendation level “{problem['level']}”")
        key = (problem["level"], problem.get("recommendation_th") or problem.get("problem_th"))
        recommendation = known.get(key)
        if recommendation is None:
            created += 1
        else:
            updated += 1
        known[key] = services.recommendation_save(recommendation=recommendation, data={
            "level": problem["level"],
            **{name: (problem.get(name) or "") for name in RECOMMENDATION_FIELDS},
            "pilots": _pilots_for_tags(problem.get("pilots", []), pilots)})
    return f"recommendations: {created} created, {updated} updated"
