from django.core.management.base import BaseCommand

from portal.management.progress import progress_bar
from portal.services.reference import reference_data_load


class Command(BaseCommand):
    help = "Create or refresh regions, provinces, districts, themes and the seed municipalities."

    def handle(self, *args, **options):
        counts = reference_data_load(progress=progress_bar(self.stderr._out, min_items=50))
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data ready: {summary}."))
