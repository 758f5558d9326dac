from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of Place Exchange. Profile details live in cop.members (Profile)."""

    display_name = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username
