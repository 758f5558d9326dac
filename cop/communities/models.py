"""Groups, and who belongs to them."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from cop.members.models import MemberRegion

MAX_NAME_LENGTH = 120
MAX_SUMMARY_LENGTH = 300
MAX_DESCRIPTION_LENGTH = 5000


class Access(models.TextChoices):
    OPEN = "open", "Open: any member can join and anyone can read"
    REQUEST = "request", "Request to join: managers approve members, only members can read"
    INVITE = "invite", "Invite only: hidden from everyone but its members"


class CommunityGroup(models.Model):
    name = models.CharField(max_length=MAX_NAME_LENGTH, unique=True)
    slug = models.SlugField(max_length=MAX_NAME_LENGTH, unique=True)
    summary = models.CharField(max_length=MAX_SUMMARY_LENGTH)
    description = models.TextField(max_length=MAX_DESCRIPTION_LENGTH, blank=True)
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.OPEN, db_index=True)
    themes = models.ManyToManyField("casestudies.Theme", blank=True, related_name="community_groups")
    region = models.CharField(max_length=40, choices=MemberRegion.choices, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "group"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", args=[self.slug])

    @property
    def is_closed(self) -> bool:
        """Only its members may read what is posted in it."""
        return self.access != Access.OPEN


class GroupServiceArea(models.Model):
    """A benchmark service area (RO line code, e.g. "190") the group is about."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="service_areas")
    code = models.CharField(max_length=10, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="unique_group_service_area")]
        ordering = ["code"]

    def __str__(self):
        return self.code


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    MANAGER = "manager", "Manager"


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "Member"
    PENDING = "pending", "Asked to join"
    INVITED = "invited", "Invited"


class Membership(models.Model):
    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE)
    # The group's section of the member's weekly digest (sent only while their profile asks for digests).
    digest = models.BooleanField("include this group in my weekly digest", default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="unique_group_membership")]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_status")]
        ordering = ["role", "user__display_name", "user_id"]  # managers ("manager" < "member") first

    def __str__(self):
        return f"{self.user_id} in {self.group_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_manager(self) -> bool:
        return self.is_active and self.role == Role.MANAGER
