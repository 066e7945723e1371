from django.core.management.base import BaseCommand

from network.seed import network_seed_load


class Command(BaseCommand):
    help = ("Create the partners named in the League's documents and the five regional "
            "learning centres (without hosts: the League designates them). Rows that exist "
            "are left as the League edited them. Run after load_seed_pilots.")

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(str(network_seed_load())))
