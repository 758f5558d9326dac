from django import forms

from benchmarks.models import Authority, Service
from cop.core.forms import GovukFormRenderer


class StoryForm(forms.Form):
    """The public "Share your story" form. Plain text only: the body is escaped and sanitised on save."""

    default_renderer = GovukFormRenderer  # {{ form.x.as_field_group }} renders components/field.html

    byline = forms.CharField(
        label="What name should we show with your story?",
        help_text="Your first name or a name you choose. Do not give your full name.",
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
        error_messages={
            "required": "Enter a name to show with your story",
            "max_length": "Name must be 60 characters or fewer",
        },
    )
    place_description = forms.CharField(
        label="Where do you live?",
        help_text="A town, city or council area, for example Worcester or Kent.",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2", "spellcheck": "false"}),
        error_messages={
            "required": "Enter where you live",
            "max_length": "Where you live must be 120 characters or fewer",
        },
    )
    service_area = forms.ModelChoiceField(
        label="Which service is your story mostly about?",  # the field template adds "(optional)"
        queryset=Service.objects.filter(is_total=False).order_by("code"),
        required=False,
        empty_label="Not sure, or more than one",
        error_messages={"invalid_choice": "Select a service from the list"},
    )
    title = forms.CharField(
        label="Give your story a short title",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter a title for your story",
            "max_length": "Title must be 120 characters or fewer",
        },
    )
    story = forms.CharField(
        label="Your story",
        help_text="What happened, which services helped or did not, and what would have made a difference. "
        "Do not include names of other people, addresses or anything that could identify someone.",
        widget=forms.Textarea(attrs={"rows": 10}),
        min_length=50,
        max_length=5000,
        error_messages={
            "required": "Enter your story",
            "min_length": "Your story must be at least 50 characters",
            "max_length": "Your story must be 5,000 characters or fewer",
        },
    )
    consent_publish = forms.BooleanField(
        label="I agree that Place Exchange can publish my story under the name I have given, after editors "
        "have checked it and removed anything that could identify anyone. I can withdraw my consent at any time.",
        required=True,
        error_messages={"required": "Select that you agree to your story being published, or you cannot send it"},
    )
    # Spam trap: hidden from people, filled in by bots that complete every field.
    website = forms.CharField(label="Leave this field empty", required=False)

    ERROR_ORDER = ["byline", "place_description", "service_area", "title", "story", "consent_publish"]

    def clean(self):
        cleaned = super().clean()
        for name in ("byline", "place_description", "title"):
            value = cleaned.get(name)
            if value and ("<" in value or ">" in value):
                # Angle brackets are never needed here; refuse rather than silently change what was typed.
                self.add_error(name, f"{self.fields[name].label.rstrip('?')} must not contain < or >")
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def to_session(self) -> dict:
        data = dict(self.cleaned_data)
        data["service_area"] = data["service_area"].pk if data.get("service_area") else None
        data.pop("website", None)
        return data

    @classmethod
    def from_session(cls, stored: dict) -> "StoryForm":
        data = {key: value for key, value in stored.items() if value not in (None, False)}
        if stored.get("consent_publish"):
            data["consent_publish"] = "on"
        return cls(data=data)


class AdoptionForm(forms.Form):
    council = forms.ModelChoiceField(
        label="Your council",
        queryset=Authority.objects.filter(end_date__isnull=True).order_by("name"),
        error_messages={"required": "Select your council", "invalid_choice": "Select your council from the list"},
    )
