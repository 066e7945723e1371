from django.core.management.base import BaseCommand, CommandError

from portal.management.progress import progress_bar
from practices.importer import PracticeImportError, practices_import


class Command(BaseCommand):
    help = (
        "Import best practices from a JSON Lines file (one object per line; keys in README). "
        "The whole file is checked first; any bad line is reported as 'line N: reason' and "
        "nothing is written. Practices are drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .jsonl file")
        parser.add_argument("--publish", action="store_true", help="publish imported practices")

    def handle(self, *args, file, publish, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                summary = practices_import(
                    file=handle, publish=publish, progress=progress_bar(self.stderr._out)
                )
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except PracticeImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(exc.errors)} problem(s) found; nothing was imported.") from None
        created_places = ""
        if summary.municipalities_created:
            created_places = f"; new municipalities: {', '.join(summary.municipalities_created)}"
        self.stdout.write(self.style.SUCCESS(
            f"Imported practices: {summary.created} created, {summary.updated} updated"
            f"{created_places}."
        ))
