from django.core.management.base import BaseCommand, CommandError

from portal.management.progress import progress_bar
from portal.services.municipality_import import MunicipalityImportError, municipalities_import


class Command(BaseCommand):
    help = (
        "Import the League's list of municipalities from a UTF-8 CSV file with the columns "
        "code,name_th,name_en,type,province,district (see README). The whole file is checked "
        "first; if any line is bad, every problem is printed as 'line N: reason' and nothing "
        "is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                result = municipalities_import(
                    file=handle, progress=progress_bar(self.stderr._out)
                )
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except MunicipalityImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(exc.errors)} problem(s) found; nothing was imported."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported municipalities: {result.created} created, {result.updated} updated."
            )
        )
