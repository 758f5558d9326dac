from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from benchmarks.models import Authority, AuthorityType

from .models import MemberRegion, Profile

# Taggit's tag name and slug columns are 100 characters, and a clashing slug gets a "_1" suffix:
# 95 leaves room for it. A profile lists a handful of areas, not hundreds.
MAX_EXPERTISE_LENGTH = 95
MAX_EXPERTISE_TAGS = 30


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="Your name",
        max_length=100,
        help_text="Shown next to everything you post, for example Sam Patel",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError("Enter your name")
        return name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    display_name = forms.CharField(
        label="Your name",
        max_length=100,
        error_messages={"required": "Enter your name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    class Meta:
        model = Profile
        fields = [
            "organisation",
            "other_organisation",
            "role",
            "region",
            "expertise",
            "bio",
            "email_visibility",
            "show_in_directory",
            "email_on_reply",
            "weekly_digest",
        ]
        labels = {
            "organisation": "Council",
            "other_organisation": "Other organisation",
            "role": "Job title or role",
            "email_visibility": "Who can see your email address",
            "show_in_directory": "List me in the member directory",
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "email_visibility": forms.RadioSelect,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["display_name"].initial = user.display_name if user else ""
        self.order_fields(["display_name"])
        self.fields["organisation"].queryset = Authority.objects.filter(end_date__isnull=True).order_by("name")
        self.fields["organisation"].empty_label = "Not a council"
        self.fields["region"].choices = [("", "Choose a region")] + list(MemberRegion.choices)
        self.fields["bio"].help_text = "Up to 1,000 characters about your work and what you can help with"

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError("Enter your name")
        return name

    def clean_expertise(self):
        # A tag is stored in a 100-character column: check here, before anything is written.
        tags = self.cleaned_data.get("expertise") or []
        too_long = [tag for tag in tags if len(tag) > MAX_EXPERTISE_LENGTH or len(slugify(tag)) > MAX_EXPERTISE_LENGTH]
        if too_long:
            raise ValidationError(
                f"Each area of expertise must be {MAX_EXPERTISE_LENGTH} characters or fewer; separate areas with commas"
            )
        if len(tags) > MAX_EXPERTISE_TAGS:
            raise ValidationError(f"Enter {MAX_EXPERTISE_TAGS} areas of expertise or fewer")
        return tags

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("other_organisation"):
            self.add_error("other_organisation", "Choose a council or enter another organisation, not both")
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=commit)
        if commit and self.user is not None:
            self.user.display_name = self.cleaned_data["display_name"]
            self.user.save(update_fields=["display_name"])
        return profile


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search members", required=False, max_length=100)
    council = forms.ChoiceField(label="Council", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    council_type = forms.ChoiceField(label="Council type", required=False)
    expertise = forms.CharField(label="Area of expertise", required=False, max_length=100)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "All councils")] + [(c.gss_code, c.name) for c in councils]
        self.fields["region"].choices = [("", "All regions")] + list(MemberRegion.choices)
        self.fields["council_type"].choices = [("", "All types")] + list(AuthorityType.choices)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account will be deleted and cannot be restored",
        error_messages={"required": "Confirm that you want to delete your account"},
    )


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label="Number of days",
        min_value=1,
        max_value=3650,
        initial=7,
        error_messages={
            "required": "Enter the number of days",
            "min_value": "Enter at least 1 day",
            "max_value": "Enter 3,650 days or fewer",
            "invalid": "Enter a whole number of days",
        },
    )
    reason = forms.CharField(
        label="Reason (shown to the member)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the suspension"},
    )


class VerifyOfficerForm(forms.Form):
    council = forms.ModelChoiceField(
        label="Council",
        queryset=Authority.objects.none(),
        error_messages={"required": "Choose the council this member works for"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Authority.objects.filter(end_date__isnull=True).order_by("name")


class VerificationRequestForm(forms.Form):
    """A member asks to be verified as an officer of their council (cop.members.services.request_verification)."""

    council = forms.ModelChoiceField(
        label="Your council",
        queryset=Authority.objects.none(),
        empty_label="Choose your council",
        error_messages={
            "required": "Choose the council you work for",
            "invalid_choice": "Choose a council from the list",
        },
    )
    role = forms.CharField(
        label="Your job title or role",
        max_length=150,
        help_text="For example, Head of Commissioning",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={
            "required": "Enter your job title or role",
            "max_length": "Your job title or role must be 150 characters or fewer",
        },
    )
    work_email = forms.EmailField(
        label="Your work email address",
        max_length=254,
        help_text="The address your council gave you. If it is on your council's domain and you have confirmed it "
        "on this account, you are verified at once; otherwise a moderator checks it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Authority.objects.filter(end_date__isnull=True).order_by("name")

    def clean_role(self):
        role = " ".join(self.cleaned_data["role"].split())
        if not role:
            raise ValidationError("Enter your job title or role")
        if "<" in role or ">" in role:
            raise ValidationError("Enter your job title or role without < or >")
        return role


class RefuseVerificationForm(forms.Form):
    reason = forms.CharField(
        label="Reason for refusing (sent to the member)",
        max_length=500,
        error_messages={"required": "Enter the reason for refusing: the member is told it"},
    )
