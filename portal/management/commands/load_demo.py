from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from portal.demo import LOADERS
from portal.services.accounts import demo_admin_ensure

DEMO_ADMIN_EMAIL = "admin@demo.nmt.or.th"


class Command(BaseCommand):
    help = ("Create the demo League admin and what the apps add to the demo (coaches, "
            "events), only where DEMO_CONTENT is on, and print the admin's login.")

    def handle(self, *args, **options):
        if not settings.DEMO_CONTENT:
            raise CommandError("Demo content is off (DEMO_CONTENT=0); nothing was loaded.")
        password_file = settings.VAR_DIR / "demo-admin-password.txt"
        user, password = demo_admin_ensure(email=DEMO_ADMIN_EMAIL)
        if password:
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
        shown = password or f"(unknown: run `python manage.py changepassword {user.email}`)"
        self.stdout.write(
            self.style.SUCCESS(f"Demo League admin: {user.email}  password: {shown}")
        )
        for load in LOADERS:
            try:
                line = load()
            except ImproperlyConfigured as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(line))
