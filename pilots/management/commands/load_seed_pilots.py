from django.core.management.base import BaseCommand, CommandError

from pilots.seed import SeedError, seed_pilots_load


class Command(BaseCommand):
    help = ("Create or refresh the League's pilot projects and their problems and "
            "recommendations, from the source documents (run after load_seed_practices).")

    def handle(self, *args, **options):
        try:
            summary = seed_pilots_load()
        except SeedError as exc:
            raise CommandError(f"Seed pilots not loaded: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(str(summary)))
