"""Publish certified submissions whose release date has come. Run daily (cron or the task worker)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from benchmarks.submissions.services import publish_due_submissions


class Command(BaseCommand):
    help = "Publish every certified benchmarking club submission whose release date is today or earlier."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD), for catching up or testing")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date like 2025-11-01")
        published = publish_due_submissions(today)
        for submission in published:
            self.stdout.write(f"Published {submission.council} {submission.year}")
        self.stdout.write(f"{len(published)} submission(s) published.")
