"""Custom comparison groups that members save and share by link (e.g. the Total Place pilot areas)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class ComparisonGroup(models.Model):
    """A named set of authorities. Anyone with the link can use it; only its owner can change it."""

    token = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="The group's identifier in shared links and the API"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    members = models.ManyToManyField("benchmarks.Authority", related_name="custom_groups")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comparison_groups"
    )
    is_featured = models.BooleanField(default=False, help_text="Offered to every visitor (e.g. demo groups)")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("benchmarks:group_detail", kwargs={"token": self.token})
