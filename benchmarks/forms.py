"""Forms for the benchmarking comparison pages (query-string choices and saved groups)."""

from __future__ import annotations

import re
import uuid

from django import forms

from . import store
from .grouping import GROUP_KINDS
from .models import Measure
from .years import FinancialYear

COMPARED_MEASURES = [
    (Measure.NET_CURRENT_EXPENDITURE.value, "Net current expenditure"),
    (Measure.TOTAL_EXPENDITURE.value, "Gross (total) expenditure"),
    (Measure.TOTAL_INCOME.value, "Total income"),
    (Measure.SALES_FEES_CHARGES.value, "Sales, fees and charges"),
    (Measure.EMPLOYEES.value, "Employees"),
    (Measure.RUNNING_EXPENSES.value, "Running expenses"),
    (Measure.OTHER_INCOME.value, "Other income"),
]
MEASURE_LABELS = dict(COMPARED_MEASURES)
SORTS = [("per_head", "Spend per head"), ("name", "Council name"), ("value", "£ thousand")]


class ComparisonQueryForm(forms.Form):
    """The year, group and measure a comparison page shows; every value comes from the query string."""

    year = forms.CharField(required=False, max_length=9, label="Year")
    group = forms.CharField(required=False, max_length=40, label="Comparison group")
    measure = forms.ChoiceField(required=False, choices=COMPARED_MEASURES, label="Measure")
    sort = forms.ChoiceField(required=False, choices=SORTS, label="Sort by")
    order = forms.ChoiceField(required=False, choices=[("desc", "Highest first"), ("asc", "Lowest first")])
    format = forms.ChoiceField(
        required=False, choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("svg", "SVG image"), ("png", "PNG image")]
    )
    chart = forms.ChoiceField(
        required=False,
        choices=[("trend", "Trend"), ("strip", "Dot strip"), ("total", "Total over time"), ("map", "Map")],
    )
    table = forms.ChoiceField(
        required=False, choices=[("members", "Members"), ("trend", "Trend"), ("performance", "Performance")]
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)

    def clean_year(self):
        text = self.cleaned_data.get("year", "").strip()
        if not text:
            return None
        try:
            year = FinancialYear.parse(text)
        except (TypeError, ValueError):
            raise forms.ValidationError("Enter a financial year like 2022-23.")
        if self.years and year not in self.years:
            available = ", ".join(y.label for y in self.years)
            raise forms.ValidationError(
                f"There are no official figures for {year.label}. Years with figures: {available}."
            )
        return year

    def clean_group(self):
        text = self.cleaned_data.get("group", "").strip() or "type"
        if text in GROUP_KINDS:
            return text
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise forms.ValidationError(
                "Choose a comparison group: same type, same region, England, nearest neighbours or a saved group."
            )

    def clean_measure(self):
        return self.cleaned_data.get("measure") or Measure.NET_CURRENT_EXPENDITURE.value

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "per_head"

    def clean_order(self):
        return self.cleaned_data.get("order") or "desc"


class ComparisonGroupForm(forms.Form):
    name = forms.CharField(max_length=120, label="Group name")
    description = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What the group is for (optional)",
    )
    members = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Councils",
        help_text="One council per line: a name (for example Kent) or a GSS code (for example E10000016).",
    )

    MAX_MEMBERS = 200
    # "Kent County Council (E10000016)": how an existing group's councils are written back into the form.
    NAME_AND_CODE = re.compile(r"^.+\(\s*([A-Za-z0-9]{1,12})\s*\)$")

    @classmethod
    def for_group(cls, group, data=None):
        """The form for editing ``group``: its name, description and one council per line."""
        lines = [
            f"{a.name} ({a.code})" if a.code else a.name for a in sorted(group.members.all(), key=lambda a: a.name)
        ]
        initial = {"name": group.name, "description": group.description, "members": "\n".join(lines)}
        return cls(data, initial=initial)

    @classmethod
    def _match(cls, line: str):
        named = cls.NAME_AND_CODE.match(line)
        if named:
            by_code = store.find_councils(named.group(1), limit=5)
            if len(by_code) == 1:
                return by_code
        return store.find_councils(line[:100], limit=5)

    def clean_members(self):
        lines = [line.strip() for line in re.split(r"[\r\n]+", self.cleaned_data["members"]) if line.strip()]
        if len(lines) < 2:
            raise forms.ValidationError("Enter at least two councils, one per line.")
        if len(lines) > self.MAX_MEMBERS:
            raise forms.ValidationError(f"A group can have at most {self.MAX_MEMBERS} councils.")
        found, problems = [], []
        for line in lines:
            matches = self._match(line)
            if len(matches) == 1:
                found.append(matches[0])
            elif not matches:
                problems.append(f"No council matches “{line[:100]}”.")
            else:
                names = ", ".join(m.name for m in matches[:5])
                problems.append(f"“{line[:100]}” matches more than one council ({names}): use its GSS code.")
        if problems:
            raise forms.ValidationError(problems)
        unique = list({a.id: a for a in found}.values())
        if len(unique) < 2:
            raise forms.ValidationError("Enter at least two different councils.")
        return unique


class EnglandMapForm(forms.Form):
    """The benchmarking home page's map: which service, measure, year and prices (query string)."""

    service = forms.CharField(required=False, max_length=10, label="Service")
    measure = forms.ChoiceField(required=False, choices=COMPARED_MEASURES, label="Measure")
    year = forms.CharField(required=False, max_length=9, label="Year")
    prices = forms.ChoiceField(required=False, choices=[("cash", "Cash"), ("real", "Real terms")], label="Prices")
    format = forms.ChoiceField(required=False, choices=[("svg", "SVG image"), ("png", "PNG image")])

    def __init__(self, *args, years=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        self.services = {s.code: s for s in services}

    def clean_service(self):
        code = self.cleaned_data.get("service", "").strip() or "360"
        if code not in self.services:
            raise forms.ValidationError("Choose a service from the list.")
        return self.services[code]

    def clean_measure(self):
        return self.cleaned_data.get("measure") or Measure.NET_CURRENT_EXPENDITURE.value

    def clean_year(self):
        text = self.cleaned_data.get("year", "").strip()
        if not text:
            return self.years[-1] if self.years else None
        try:
            year = FinancialYear.parse(text)
        except (TypeError, ValueError):
            raise forms.ValidationError("Enter a financial year like 2022-23.")
        if year not in self.years:
            raise forms.ValidationError(f"There are no official figures for {year.label}. Choose a year from the list.")
        return year

    def clean_prices(self):
        return self.cleaned_data.get("prices") or "cash"

    def clean(self):
        data = super().clean()
        service, year = data.get("service"), data.get("year")
        if service is not None and year is not None and not service.applies_to(year):
            self.add_error(
                "service", f"{service.name} is not published as a line in {year.label}. Choose another year."
            )
        return data
