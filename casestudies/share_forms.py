"""The pages of "Share a case study" (one question a page, GOV.UK style) and "Add a lesson".

Each step is a form over some of CaseStudyPage's fields. A draft keeps each step's answers as the
submitted values (field -> list of strings), so a step is rebuilt by binding its form to them:
the same validation runs when the member comes back, on the check page and when the draft is sent.
Text is plain text: single lines are escaped when shown, long answers become sanitised paragraphs
(services.plain_text_html), so HTML or script typed into any field is shown as text, never run.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict

from benchmarks.models import Authority, Service
from cop.core.forms import GovukFormRenderer
from cop.core.idempotency import FormTokenField

from .models import AgencySector, EvidenceStrength, SavingsBasis, SpatialLevel, Status, Theme, WhoLeads

MAX_IMAGE_BYTES = 5 * 1024 * 1024
ROWS = 4  # partners and lines of the count offered on one page


class MoneyField(forms.DecimalField):
    """Pounds as people write them: "£1,250,000" or "1250000" (a text input: GOV.UK advises against
    type=number, which refuses the "£" and commas people type)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


def _text(label, *, max_length, required=True, help_text="", rows=None, message=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(attrs={"spellcheck": "false"})
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={
            "required": message or f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
    )


class Step(forms.Form):
    default_renderer = GovukFormRenderer
    slug = ""
    heading = ""
    hint = ""

    @classmethod
    def from_answers(cls, answers: dict) -> "Step":
        return cls(data=MultiValueDict(answers.get(cls.slug) or {}))

    def answers(self) -> dict:
        """The submitted values of this step's fields, as a draft keeps them."""
        return {name: [str(v) for v in self.data.getlist(name)] for name in self.fields if name in self.data}

    def summary(self) -> list[tuple[str, str]]:
        """(question, answer) rows for the check page, from cleaned data."""
        rows = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, (list, tuple)) or hasattr(value, "all"):
                text = ", ".join(str(item) for item in value) or "None"
            elif hasattr(field, "choices") and value not in (None, ""):
                text = dict(field.choices).get(value, str(value))
            else:
                text = "" if value in (None, "") else str(value)
            rows.append((field.label, text or "Not given", name))
        return rows


class TitleStep(Step):
    slug = "title"
    heading = "What is the case study called?"
    title = _text(
        "Title",
        max_length=120,
        help_text="For example, Joining up services for families in Swindon",
        message="Enter a title for the case study",
    )
    summary_text = _text(
        "Summary",
        max_length=600,
        rows=3,
        help_text="One or two sentences: what was done, where, and what it achieved.",
        message="Enter a summary",
    )


def _councils():
    return Authority.objects.filter(end_date__isnull=True).order_by("name")


class PlaceStep(Step):
    slug = "place"
    heading = "Where did it happen?"
    place = forms.ModelChoiceField(
        label="Council area",
        queryset=_councils(),
        empty_label="Select a council",
        error_messages={"required": "Select the council area", "invalid_choice": "Select a council from the list"},
    )
    other_place = forms.ModelChoiceField(
        label="Another council area it covered",
        queryset=_councils(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select a council from the list"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("place") and cleaned.get("place") == cleaned.get("other_place"):
            self.add_error("other_place", "Select a different council, or None")
        return cleaned


class PartnersStep(Step):
    slug = "partners"
    heading = "Which agencies worked together?"
    hint = "Give up to four partners. Leave the rest empty."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ROWS + 1):
            self.fields[f"partner_{n}"] = _text(f"Partner {n} name", max_length=200, required=False)
            self.fields[f"sector_{n}"] = forms.ChoiceField(
                label=f"Partner {n} type",
                choices=[("", "Select a type"), *AgencySector.choices],
                required=False,
                error_messages={"invalid_choice": "Select a type from the list"},
            )

    def clean(self):
        cleaned = super().clean()
        for n in range(1, ROWS + 1):
            if cleaned.get(f"partner_{n}") and not cleaned.get(f"sector_{n}"):
                self.add_error(f"sector_{n}", f"Select the type of partner {n}")
            if cleaned.get(f"sector_{n}") and not cleaned.get(f"partner_{n}"):
                self.add_error(f"partner_{n}", f"Enter the name of partner {n}")
        return cleaned

    def partners(self) -> list[dict]:
        return [
            {"name": self.cleaned_data[f"partner_{n}"], "sector": self.cleaned_data[f"sector_{n}"]}
            for n in range(1, ROWS + 1)
            if self.cleaned_data.get(f"partner_{n}")
        ]

    def summary(self):
        partners = self.partners()
        text = "; ".join(f"{p['name']} ({dict(AgencySector.choices)[p['sector']]})" for p in partners)
        return [("Partner agencies", text or "None given", "partner_1")]


class CountStep(Step):
    slug = "count"
    heading = "The count: what each agency spends in the place"
    hint = (
        "A year's spend by each agency in the place, with where each figure comes from. "
        "Give up to four lines. Leave the rest empty."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ROWS + 1):
            self.fields[f"agency_{n}"] = _text(f"Line {n}: agency", max_length=200, required=False)
            self.fields[f"amount_{n}"] = MoneyField(
                label=f"Line {n}: amount in pounds",
                required=False,
                min_value=0,
                max_digits=16,
                decimal_places=0,
                error_messages={
                    "invalid": f"Line {n}: enter the amount as a whole number of pounds, like 1,250,000",
                    "min_value": f"Line {n}: the amount cannot be negative",
                    "max_digits": f"Line {n}: the amount is too large",
                    "max_decimal_places": f"Line {n}: enter whole pounds",
                },
            )
            self.fields[f"year_{n}"] = _text(
                f"Line {n}: financial year", max_length=20, required=False, help_text="For example, 2008-09"
            )
            self.fields[f"source_{n}"] = _text(f"Line {n}: source of the figure", max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        for n in range(1, ROWS + 1):
            given = [cleaned.get(f"{part}_{n}") not in (None, "") for part in ("agency", "amount", "year", "source")]
            if any(given) and not all(given):
                for part, present in zip(("agency", "amount", "year", "source"), given, strict=True):
                    if not present and f"{part}_{n}" not in self.errors:
                        self.add_error(
                            f"{part}_{n}", f"Line {n}: enter the {self.fields[f'{part}_{n}'].label.split(': ')[1]}"
                        )
        return cleaned

    def lines(self) -> list[dict]:
        return [
            {
                "agency": self.cleaned_data[f"agency_{n}"],
                "amount": self.cleaned_data[f"amount_{n}"],
                "year": self.cleaned_data[f"year_{n}"],
                "source": self.cleaned_data[f"source_{n}"],
            }
            for n in range(1, ROWS + 1)
            if self.cleaned_data.get(f"agency_{n}")
        ]

    def summary(self):
        text = "; ".join(
            f"{line['agency']} £{line['amount']:,.0f} ({line['year']}, {line['source']})" for line in self.lines()
        )
        return [("The count", text or "None given", "agency_1")]


class ProblemStep(Step):
    slug = "problem"
    heading = "What was the problem?"
    problem = _text(
        "The problem",
        max_length=5000,
        rows=8,
        help_text="What was not working, for whom, and what it cost. Leave a blank line between paragraphs.",
        message="Enter what the problem was",
    )


class InterventionStep(Step):
    slug = "intervention"
    heading = "What did you do?"
    intervention = _text(
        "What you did",
        max_length=5000,
        rows=8,
        help_text="Who did what, and how it changed the way services worked.",
        message="Enter what you did",
    )


class ThemesStep(Step):
    slug = "themes"
    heading = "Which themes is it about?"
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
        error_messages={"required": "Select at least one theme", "invalid_choice": "Select themes from the list"},
    )


class ServicesStep(Step):
    slug = "services"
    heading = "Which council services does it involve?"
    service_areas = forms.ModelMultipleChoiceField(
        label="Service areas",
        help_text="The revenue outturn service lines, as used in benchmarking.",
        queryset=Service.objects.filter(is_total=False).order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        error_messages={
            "required": "Select at least one service area",
            "invalid_choice": "Select service areas from the list",
        },
    )


def _radios(label, choices, message):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class DetailsStep(Step):
    slug = "details"
    heading = "How was the work organised?"
    spatial_level = _radios("At what level did it work?", SpatialLevel.choices, "Select the level it worked at")
    who_leads = _radios("Who leads it?", WhoLeads.choices, "Select who leads it")
    status = _radios("Where has it got to?", Status.choices, "Select where it has got to")


class SavingsStep(Step):
    slug = "savings"
    heading = "What did it save, and how do you know?"
    savings_amount = MoneyField(
        label="Savings in pounds",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        error_messages={
            "invalid": "Enter the savings as a whole number of pounds, like 250,000",
            "min_value": "Savings cannot be negative",
            "max_digits": "The savings figure is too large",
            "max_decimal_places": "Enter whole pounds",
        },
    )
    savings_percent = forms.DecimalField(
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        label="Savings as a percentage of spend",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        error_messages={
            "invalid": "Enter the percentage as a number, like 12.5",
            "min_value": "The percentage cannot be negative",
            "max_value": "The percentage must be 100 or less",
            "max_decimal_places": "Give the percentage to one decimal place at most",
        },
    )
    savings_basis = forms.ChoiceField(
        label="Are the savings per year or one-off?",
        choices=SavingsBasis.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select per year or one-off"},
    )
    evidence_strength = _radios(
        "How strong is the evidence?", EvidenceStrength.choices, "Select how strong the evidence is"
    )
    savings_source = _text(
        "Source of the savings figure",
        max_length=300,
        required=False,
        help_text="For example, the council's evaluation report, March 2010",
    )

    def clean(self):
        cleaned = super().clean()
        figure = cleaned.get("savings_amount") is not None or cleaned.get("savings_percent") is not None
        if figure and not cleaned.get("savings_source"):
            self.add_error("savings_source", "Enter where the savings figure comes from")
        if figure and not cleaned.get("savings_basis"):
            self.add_error("savings_basis", "Select per year or one-off")
        return cleaned


class LessonsStep(Step):
    slug = "lessons"
    heading = "What did you learn?"
    lessons = _text(
        "Lessons learned",
        max_length=4000,
        rows=8,
        help_text="One lesson on each line, each up to 400 characters.",
        message="Enter at least one lesson",
    )
    outcomes = _text(
        "Outcomes", max_length=5000, rows=5, required=False, help_text="What changed for people and services."
    )

    def clean_lessons(self):
        lines = self.lesson_lines(self.cleaned_data["lessons"])
        if not lines:
            raise ValidationError("Enter at least one lesson")
        if any(len(line) > 400 for line in lines):
            raise ValidationError("Each lesson must be 400 characters or fewer")
        return self.cleaned_data["lessons"]

    @staticmethod
    def lesson_lines(text: str) -> list[str]:
        return [line.strip(" -*•\t") for line in text.replace("\r\n", "\n").split("\n") if line.strip(" -*•\t")]


STEPS = [
    TitleStep,
    PlaceStep,
    PartnersStep,
    CountStep,
    ProblemStep,
    InterventionStep,
    ThemesStep,
    ServicesStep,
    DetailsStep,
    SavingsStep,
    LessonsStep,
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
FILES_SLUG = "files"


class FilesForm(forms.Form):
    """A picture and a supporting document (both optional), checked by content before they are kept."""

    default_renderer = GovukFormRenderer
    image = forms.FileField(
        label="A picture",
        required=False,
        help_text=f"A JPEG, PNG, GIF or WebP file, smaller than {filesizeformat(MAX_IMAGE_BYTES)}.",
    )
    image_alt = _text("Describe the picture for people who cannot see it", max_length=250, required=False)
    document = forms.FileField(
        label="A supporting document",
        required=False,
        help_text="For example an evaluation report: PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text.",
    )
    document_title = _text("Title of the document", max_length=200, required=False)

    def __init__(self, *args, has_image=False, has_document=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_image = has_image
        self.has_document = has_document

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("image") or self.has_image) and not cleaned.get("image_alt") and "image_alt" not in self.errors:
            self.add_error("image_alt", "Describe the picture for people who cannot see it")
        if cleaned.get("document") and not cleaned.get("document_title") and "document_title" not in self.errors:
            self.add_error("document_title", "Enter a title for the document")
        return cleaned


class LessonForm(forms.Form):
    """A member's short lesson on a published case study."""

    default_renderer = GovukFormRenderer
    what_worked = _text("What worked", max_length=1500, rows=4, message="Enter what worked")
    what_did_not = _text("What did not work", max_length=1500, rows=4, message="Enter what did not work")
    differently = _text(
        "What would you do differently?", max_length=1500, rows=4, message="Enter what you would do differently"
    )
    form_token = FormTokenField()
