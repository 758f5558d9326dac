"""Create (or reset) the local administrator login and print it.

The password is generated once and kept in .admin-credentials (never committed), so
running `make run` again prints the same login instead of creating another account.
"""

import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".admin-credentials"


class Command(BaseCommand):
    help = "Create or update the local admin account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@placeexchange.example")

    def handle(self, *args, **options):
        if CREDENTIALS_FILE.exists():
            password = CREDENTIALS_FILE.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            CREDENTIALS_FILE.write_text(password + "\n")
            CREDENTIALS_FILE.chmod(0o600)
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username="admin", defaults={"email": options["email"], "display_name": "Site administrator"}
        )
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        action = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{action} admin login: email {user.email} / username admin / password {password}")
        )
