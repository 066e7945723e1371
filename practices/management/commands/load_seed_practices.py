from django.core.management.base import BaseCommand

from practices.seed import seed_practices_load


class Command(BaseCommand):
    help = "Create or refresh the best-practice pages written from the League's source documents."

    def handle(self, *args, **options):
        created, updated = seed_practices_load()
        self.stdout.write(self.style.SUCCESS(
            f"Seed practices: {created} created, {updated} updated."
        ))
