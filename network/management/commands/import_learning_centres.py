from django.core.management.base import BaseCommand, CommandError

from network.centre_import import CentreImportError, centres_import


class Command(BaseCommand):
    help = ("Designate the regional learning centres from a UTF-8 CSV file (columns: number, "
            "name_th, name_en, region, host_municipality, host_province, host_partner, "
            "study_visit_capacity, practices, focus_th, focus_en, address, email, phone, "
            "coordinator; see README). The whole file is checked first; if any line is bad, "
            "every problem is printed as 'line N: reason' and nothing is written.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                result = centres_import(file=handle)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not a UTF-8 text file") from None
        except CentreImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(exc.errors)} problem(s) found; nothing was imported.") from None
        self.stdout.write(self.style.SUCCESS(
            f"Learning centres: {result.created} created, {result.updated} updated."))
