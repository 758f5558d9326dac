"""Forms only collect and show errors; cop.communities.services validates again and saves."""

from django import forms

from cop.members.models import MemberRegion

from . import selectors
from .models import MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_SUMMARY_LENGTH, Access


class GroupForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_NAME_LENGTH,
        help_text="For example: Total Place pilots network",
        error_messages={
            "required": "Enter a name for the group",
            "max_length": f"The name must be {MAX_NAME_LENGTH} characters or fewer",
        },
    )
    summary = forms.CharField(
        max_length=MAX_SUMMARY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences: who the group is for and what it is about",
        error_messages={
            "required": "Enter a summary",
            "max_length": f"The summary must be {MAX_SUMMARY_LENGTH} characters or fewer",
        },
    )
    description = forms.CharField(
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="You can use Markdown: **bold**, *italic*, - lists, [link text](https://example.org)",
        error_messages={"max_length": f"The description must be {MAX_DESCRIPTION_LENGTH:,} characters or fewer"},
    )
    access = forms.ChoiceField(
        label="Who can join and read the group?",
        choices=Access.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can join the group", "invalid_choice": "Choose who can join the group"},
    )
    themes = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose themes from the list"},
    )
    service_codes = forms.MultipleChoiceField(
        label="Service areas",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose service areas from the list"},
    )
    region = forms.ChoiceField(
        label="Region",
        required=False,
        choices=[("", "Any region")] + list(MemberRegion.choices),
        error_messages={"invalid_choice": "Choose a region from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = selectors.theme_choices()
        self.fields["service_codes"].choices = selectors.service_area_choices()


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the member to invite",
        max_length=254,
        error_messages={
            "required": "Enter the email address of the member to invite",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class GroupFilterForm(forms.Form):
    q = forms.CharField(label="Search groups", required=False, max_length=100)
    theme = forms.ChoiceField(label="Theme", required=False)
    service = forms.ChoiceField(label="Service area", required=False)
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "All themes")] + selectors.theme_choices()
        self.fields["service"].choices = [("", "All service areas")] + selectors.service_area_choices()
        self.fields["region"].choices = [("", "All regions")] + list(MemberRegion.choices)

    def filters(self) -> dict:
        """The valid filters; an unknown value is ignored rather than failing the page."""
        self.is_valid()
        return {key: self.cleaned_data.get(key) or "" for key in ("q", "theme", "service", "region")}
