from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

FORMER_MEMBER_LABEL = "Former member"


class User(AbstractUser):
    """A member of Place Exchange. Profile details live in cop.members (Profile)."""

    display_name = models.CharField(max_length=100, blank=True)
    # Set when the member deletes their account: identity is erased, contributions stay.
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        if self.deleted_at:
            return FORMER_MEMBER_LABEL
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_former_member(self) -> bool:
        return self.deleted_at is not None


class MemberRegion(models.TextChoices):
    NORTH_EAST = "North East", "North East"
    NORTH_WEST = "North West", "North West"
    YORKSHIRE = "Yorkshire and The Humber", "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands", "East Midlands"
    WEST_MIDLANDS = "West Midlands", "West Midlands"
    EAST = "East of England", "East of England"
    LONDON = "London", "London"
    SOUTH_EAST = "South East", "South East"
    SOUTH_WEST = "South West", "South West"
    WALES = "Wales", "Wales"
    SCOTLAND = "Scotland", "Scotland"
    NORTHERN_IRELAND = "Northern Ireland", "Northern Ireland"
    NATIONAL = "National", "National or UK-wide"


class EmailVisibility(models.TextChoices):
    NOBODY = "nobody", "Nobody (only moderators)"
    VERIFIED = "verified", "Verified council officers"
    MEMBERS = "members", "All signed-in members"


class VerificationMethod(models.TextChoices):
    EMAIL_DOMAIN = "email_domain", "Council email domain"
    MODERATOR = "moderator", "Confirmed by a moderator"


class ExpertiseTag(TaggedItemBase):
    content_object = models.ForeignKey("members.Profile", on_delete=models.CASCADE, related_name="expertise_items")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey(
        "benchmarks.Authority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_profiles",
        help_text="The council you work for, if any",
    )
    other_organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="If you do not work for a council: your organisation's name",
    )
    role = models.CharField(max_length=150, blank=True, help_text="For example, Head of Commissioning")
    region = models.CharField(max_length=40, blank=True, choices=MemberRegion.choices)
    expertise = TaggableManager(
        through=ExpertiseTag,
        blank=True,
        verbose_name="areas of expertise",
        help_text="Separate areas with commas, for example: adult social care, pooled budgets",
    )
    bio = models.TextField("short bio", max_length=1000, blank=True)
    email_visibility = models.CharField(
        max_length=10,
        choices=EmailVisibility.choices,
        default=EmailVisibility.NOBODY,
    )
    show_in_directory = models.BooleanField(default=True)

    # Verified council officer: the council this member is confirmed to work for.
    verified_council = models.ForeignKey(
        "benchmarks.Authority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verified_officers",
    )
    verification_method = models.CharField(max_length=20, blank=True, choices=VerificationMethod.choices)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Moderation.
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)

    # Notifications and visits.
    last_seen_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    email_on_reply = models.BooleanField("email me about replies and mentions", default=True)
    weekly_digest = models.BooleanField("weekly digest when I have not visited", default=True)

    search_fields = [
        index.SearchField("role"),
        index.SearchField("bio"),
        index.SearchField("other_organisation"),
    ]

    class Meta:
        indexes = [models.Index(fields=["show_in_directory", "region"])]

    def __str__(self):
        return str(self.user)

    @property
    def organisation_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.other_organisation

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())


class CouncilEmailDomain(models.Model):
    """An email domain that proves a member works for a council (editable by staff in the admin)."""

    authority = models.ForeignKey("benchmarks.Authority", on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(
        max_length=253,
        unique=True,
        help_text="For example worcestershire.gov.uk (sub-domains such as mail.worcestershire.gov.uk also match)",
    )

    panels = [FieldPanel("authority"), FieldPanel("domain")]

    class Meta:
        ordering = ["domain"]
        verbose_name = "council email domain"

    def __str__(self):
        return f"{self.domain} ({self.authority})"

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@").rstrip(".")
        super().save(*args, **kwargs)


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class VerificationRequest(models.Model):
    """A member's request to be verified as an officer of a council, decided by a moderator.

    The member is told of the decision by email and on their profile (`notice_seen_at` is unset
    until they have seen it there).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_requests")
    council = models.ForeignKey("benchmarks.Authority", on_delete=models.CASCADE, related_name="+")
    role = models.CharField("job title or role", max_length=150)
    work_email = models.EmailField("work email address", max_length=254)
    status = models.CharField(max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.PENDING)
    reason = models.CharField("reason for refusing", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notice_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One open request per member: a second one (or a double click) is refused.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_verification_request",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="verification_queue")]

    def __str__(self):
        return f"{self.user} – {self.council} ({self.get_status_display()})"
