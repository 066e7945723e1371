import pytest

from practices.models import Practice
from practices.seed import seed_practices_load


@pytest.fixture
def seeded(reference_data):
    seed_practices_load()
    return Practice.objects.all()


def titles(response) -> list[str]:
    """Titles of the practices a list page shows, in order."""
    return [p.title_th for p in response.context["page"]]
