from django.core.management.base import BaseCommand

from cop.discussions.tasks import send_weekly_digests


class Command(BaseCommand):
    help = "Queue the weekly digest email for members who have not visited for a week."

    def handle(self, *args, **options):
        result = send_weekly_digests.enqueue()
        self.stdout.write(f"Weekly digest queued (task {result.id}, status {result.status}).")
