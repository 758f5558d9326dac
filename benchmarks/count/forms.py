from django import forms

from benchmarks.years import FinancialYear


class CountQueryForm(forms.Form):
    """The year, prices and download format a count shows; every value comes from the query string."""

    year = forms.CharField(required=False, max_length=9, label="Year")
    prices = forms.ChoiceField(
        required=False, choices=[("cash", "Cash (as published)"), ("real", "Real terms")], label="Prices"
    )
    format = forms.ChoiceField(required=False, choices=[("csv", "CSV"), ("xlsx", "XLSX")])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)

    def clean_year(self):
        text = self.cleaned_data.get("year", "").strip()
        if not text:
            return self.years[-1] if self.years else None
        try:
            year = FinancialYear.parse(text)
        except (TypeError, ValueError):
            raise forms.ValidationError("Enter a financial year like 2022-23.")
        if year not in self.years:
            available = ", ".join(y.label for y in self.years)
            raise forms.ValidationError(
                f"There are no official figures for {year.label}. Years with figures: {available}."
            )
        return year

    def clean_prices(self):
        return self.cleaned_data.get("prices") or "cash"
