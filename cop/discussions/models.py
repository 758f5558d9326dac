from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index

from cop.core.sanitise import render_markdown

MAX_TITLE_LENGTH = 150
MAX_BODY_LENGTH = 20_000
RESERVED_SLUGS = {"reply", "moderate", "watch"}


class WatchLevel(models.TextChoices):
    WATCH = "watch", "Watching: notify me of every new post"
    NORMAL = "normal", "Normal: notify me when someone mentions me or replies to me"
    MUTE = "mute", "Muted: never notify me"


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    restricted = models.BooleanField(
        "restricted to verified council officers",
        default=False,
        help_text="Only verified council officers (and moderators) can see and post in this category",
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("discussions:category", args=[self.slug])


class ThreadTag(TaggedItemBase):
    content_object = models.ForeignKey("discussions.Thread", on_delete=models.CASCADE, related_name="tagged_items")


class Thread(index.Indexed, models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    slug = models.SlugField(max_length=MAX_TITLE_LENGTH, allow_unicode=False, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads")
    tags = TaggableManager(through=ThreadTag, blank=True)
    case_study = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussion_threads",
        help_text="A case study this discussion is about",
    )
    # A thread in a group; in a closed group only its members can read it (cop.communities.selectors).
    group = models.ForeignKey(
        "communities.CommunityGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(db_index=True)
    reply_count = models.PositiveIntegerField(default=0)
    accepted_post = models.ForeignKey(
        "discussions.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    # A thread whose opening post is awaiting approval or hidden by moderation is not listed.
    is_visible = models.BooleanField(default=True, db_index=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.FilterField("category_id"),
        index.FilterField("is_visible"),
    ]

    class Meta:
        indexes = [
            models.Index(fields=["is_visible", "-is_pinned", "-last_activity_at"], name="thread_list_activity"),
            models.Index(fields=["category", "is_visible", "-last_activity_at"], name="thread_cat_activity"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[: MAX_TITLE_LENGTH - 7] or "thread"
            # These would collide with the thread's own action URLs (/discussions/t/<id>/reply/).
            if self.slug in RESERVED_SLUGS:
                self.slug = f"{self.slug}-thread"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("discussions:thread", args=[self.pk, self.slug or "thread"])

    @property
    def is_answered(self) -> bool:
        return self.accepted_post_id is not None


class ThreadServiceArea(models.Model):
    """A benchmark service area (RO line code, e.g. "190") the thread is about."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="service_areas")
    code = models.CharField(max_length=10, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "code"], name="unique_thread_service_area")]
        ordering = ["code"]

    def __str__(self):
        return self.code


class PostStatus(models.TextChoices):
    VISIBLE = "visible", "Visible"
    PENDING = "pending", "Awaiting approval"
    HIDDEN = "hidden", "Hidden"


class Post(index.Indexed, models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts")
    is_opening = models.BooleanField(default=False)
    body = models.TextField(max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.VISIBLE, db_index=True)
    hidden_reason = models.CharField(max_length=500, blank=True)
    # Hidden automatically by flags (pending review) rather than by a moderator.
    auto_hidden = models.BooleanField(default=False)
    helpful_count = models.PositiveIntegerField(default=0)
    pending_flag_count = models.PositiveIntegerField(default=0, db_index=True)

    search_fields = [
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("thread_id"),
    ]

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at"], name="post_thread_created")]

    def __str__(self):
        return f"Post {self.pk} in {self.thread_id}"

    def save(self, *args, **kwargs):
        from .rendering import render_post

        self.body_html = render_post(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # A permalink: the view works out which page of the thread the post is on.
        return reverse("discussions:post", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.VISIBLE


class PostRevision(models.Model):
    """The text of a post before an edit (edit history)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    title = models.CharField(max_length=MAX_TITLE_LENGTH, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Revision of post {self.post_id}"

    @property
    def body_html(self):
        return render_markdown(self.body)


class Reaction(models.Model):
    """A "helpful" mark on a post, one per member."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="unique_helpful_reaction")]

    def __str__(self):
        return f"Helpful: post {self.post_id}"


class FlagReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    ABUSIVE = "abusive", "Abusive, offensive or harassing"
    PERSONAL_DATA = "personal_data", "Shares personal or confidential information"
    OFF_TOPIC = "off_topic", "Off topic"
    OTHER = "other", "Something else"


class FlagStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    UPHELD = "upheld", "Upheld (post hidden)"
    DISMISSED = "dismissed", "Dismissed (post kept)"


class Flag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="flags")
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    detail = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="one_flag_per_member_per_post")]

    def __str__(self):
        return f"{self.get_reason_display()} on post {self.post_id}"


class ThreadSubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_subscriptions")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    level = models.CharField(max_length=10, choices=WatchLevel.choices, default=WatchLevel.NORMAL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="unique_thread_subscription")]

    def __str__(self):
        return f"{self.level}: thread {self.thread_id}"


class CategorySubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="category_subscriptions")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="subscriptions")
    level = models.CharField(max_length=10, choices=WatchLevel.choices, default=WatchLevel.NORMAL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="unique_category_subscription")]

    def __str__(self):
        return f"{self.level}: category {self.category_id}"


class ThreadRead(models.Model):
    """When a member last read a thread (unread markers)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_reads")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="unique_thread_read")]

    def __str__(self):
        return f"Read thread {self.thread_id}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", "New reply"
    MENTION = "mention", "Mentioned you"
    ACCEPTED = "accepted", "Accepted your answer"
    APPROVED = "approved", "Your post was approved"
    HIDDEN = "hidden", "Your post was hidden"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient_id}"

    def get_absolute_url(self):
        if self.post_id:
            return reverse("discussions:post", args=[self.post_id])
        return self.thread.get_absolute_url()
