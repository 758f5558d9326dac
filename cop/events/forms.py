"""Forms only collect and show errors; cop.events.services checks again and saves."""

from django import forms

from .services import MAX_NEEDS_LENGTH


class RegistrationForm(forms.Form):
    share_details = forms.BooleanField(
        label="I agree that the organisers can see my name, email address and organisation",
        error_messages={"required": "Agree to share your details with the organisers to register"},
    )
    needs = forms.CharField(
        label="Access needs or anything the organisers should know (optional)",
        help_text="For example captions, a sign language interpreter, or a step-free venue",
        required=False,
        max_length=MAX_NEEDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Access needs must be {MAX_NEEDS_LENGTH} characters or fewer"},
    )
