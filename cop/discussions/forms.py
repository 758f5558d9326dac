"""Forms only collect and show errors; cop.discussions.services validates again and saves."""

from django import forms

from cop.communities.models import CommunityGroup
from cop.core.idempotency import FormTokenField

from .models import MAX_BODY_LENGTH, MAX_TITLE_LENGTH, Category, FlagReason, WatchLevel

BODY_HELP = "You can use Markdown: **bold**, *italic*, > quote, - lists, [link text](https://example.org). Mention someone with @ and their username."


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your message")
        kwargs.setdefault("help_text", BODY_HELP)
        super().__init__(
            max_length=MAX_BODY_LENGTH,
            widget=forms.Textarea(attrs={"rows": 8}),
            error_messages={
                "required": "Enter your message",
                "max_length": f"Your message must be {MAX_BODY_LENGTH:,} characters or fewer",
            },
            **kwargs,
        )


class ThreadForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        empty_label="Choose a category",
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category from the list"},
    )
    title = forms.CharField(
        max_length=MAX_TITLE_LENGTH,
        help_text="A question or a short summary, for example: Has anyone pooled budgets for young people not in work?",
        error_messages={
            "required": "Enter a title",
            "max_length": f"The title must be {MAX_TITLE_LENGTH} characters or fewer",
        },
    )
    body = BodyField()
    tags = forms.CharField(
        required=False,
        max_length=400,
        help_text="Separate tags with commas, for example: pooled budgets, NEET",
    )
    service_codes = forms.CharField(
        label="Benchmark service areas",
        required=False,
        max_length=100,
        help_text="Revenue outturn line codes this is about, separated by spaces, for example 190 290",
    )
    case_study = forms.IntegerField(required=False, widget=forms.HiddenInput)
    group = forms.ModelChoiceField(
        label="Group",
        required=False,
        queryset=None,
        to_field_name="slug",
        empty_label="Not in a group: everyone can read it",
        help_text="Start it in one of your groups; in a closed group only its members can read it",
        error_messages={"invalid_choice": "Choose one of your groups"},
    )
    form_token = FormTokenField()

    def __init__(self, *args, categories=None, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories if categories is not None else Category.objects.none()
        self.fields["group"].queryset = groups if groups is not None else CommunityGroup.objects.none()


class ReplyForm(forms.Form):
    body = BodyField(label="Your reply")
    form_token = FormTokenField()


class EditPostForm(forms.Form):
    title = forms.CharField(
        max_length=MAX_TITLE_LENGTH,
        required=False,
        error_messages={"max_length": f"The title must be {MAX_TITLE_LENGTH} characters or fewer"},
    )
    body = BodyField()


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you flagging this post?",
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are flagging this post"},
    )
    detail = forms.CharField(
        label="Tell the moderators more",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if you chose “Something else”",
        error_messages={"max_length": "Your explanation must be 500 characters or fewer"},
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Reason for hiding (shown in place of the post)",
        max_length=500,
        error_messages={"required": "Enter the reason for hiding this post"},
    )


class ThreadModerationForm(forms.Form):
    is_locked = forms.BooleanField(label="Locked: no new replies", required=False)
    is_pinned = forms.BooleanField(label="Pinned to the top of the list", required=False)
    category = forms.ModelChoiceField(
        label="Category",
        queryset=Category.objects.all(),
        error_messages={"required": "Choose a category"},
    )


class WatchForm(forms.Form):
    level = forms.ChoiceField(
        label="Notifications",
        choices=WatchLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you want to be notified"},
    )
