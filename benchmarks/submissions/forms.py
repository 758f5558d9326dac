"""The RO-style grid form: rows are service lines, columns measures C1..C7, every input labelled.

Not a django.forms.Form: 98 figures plus explanations are read straight from POST by field name
(see validation.field_name) and laid out for the template here, so views stay thin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from .spreadsheets import MAX_UPLOAD_BYTES
from .validation import (
    LINE_CODES,
    LINE_NAME,
    MEASURE_COLUMN,
    MEASURE_KEYS,
    MEASURE_LABEL,
    TOTAL_LINE,
    Cell,
    Flag,
    Problem,
    ValidationReport,
    all_cells,
    cell_label,
    explanation_field_name,
    field_name,
    format_thousands,
)

MAX_REASON_LENGTH = 1000


@dataclass
class GridInput:
    raw: dict[Cell, object] = field(default_factory=dict)
    explanations: dict[Cell, str] = field(default_factory=dict)
    reason: str = ""
    version: int | None = None
    action: str = "save"
    uploaded_file: str = ""


def read_post(data: Mapping) -> GridInput:
    grid = GridInput()
    for line, measure in all_cells():
        grid.raw[(line, measure)] = data.get(field_name(line, measure), "")
        explanation = data.get(explanation_field_name(line, measure))
        if explanation is not None:
            grid.explanations[(line, measure)] = explanation
    grid.reason = (data.get("reason") or "")[: MAX_REASON_LENGTH * 2]
    try:
        grid.version = int(data.get("version", ""))
    except (TypeError, ValueError):
        grid.version = None
    grid.action = "submit" if data.get("action") == "submit" else "save"
    grid.uploaded_file = (data.get("uploaded_file") or "")[:200]
    return grid


def display_value(value) -> str:
    """What goes back into an input: Decimals without trailing zeros, anything else as typed."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_thousands(value).replace(",", "")
    return str(value)


@dataclass
class GridCell:
    line: str
    measure: str
    name: str
    label: str
    value: str
    errors: list[str]
    previous: str = ""
    saved_now: str = ""  # after a conflict: what the other person saved


@dataclass
class GridRow:
    line: str
    name: str
    is_total: bool
    cells: list[GridCell]


@dataclass
class ExplanationField:
    name: str
    label: str
    reasons: tuple[str, ...]
    value: str
    errors: list[str]


def build_rows(
    raw: Mapping[Cell, object],
    problems: list[Problem] | None = None,
    previous: Mapping[Cell, Decimal] | None = None,
    saved_now: Mapping[Cell, Decimal] | None = None,
) -> list[GridRow]:
    inline: dict[str, list[str]] = {}
    for problem in problems or []:
        inline.setdefault(problem.anchor, []).append(problem.inline)
    previous = previous or {}
    rows = []
    for line in LINE_CODES:
        cells = []
        for measure in MEASURE_KEYS:
            name = field_name(line, measure)
            cells.append(
                GridCell(
                    line=line,
                    measure=measure,
                    name=name,
                    label=f"{cell_label(line, measure)}, £ thousand",
                    value=display_value(raw.get((line, measure))),
                    errors=inline.get(name, []),
                    previous=display_value(previous.get((line, measure))),
                    saved_now=display_value((saved_now or {}).get((line, measure))) if saved_now else "",
                )
            )
        rows.append(GridRow(line=line, name=LINE_NAME[line], is_total=line == TOTAL_LINE, cells=cells))
    return rows


def build_explanations(
    flags: list[Flag], explanations: Mapping[Cell, str], problems: list[Problem] | None = None
) -> list[ExplanationField]:
    """An explanation box for every flagged figure, and for any figure that already has one."""
    messages: dict[str, list[str]] = {}
    for problem in problems or []:
        if problem.anchor.startswith("explain_"):
            messages.setdefault(problem.anchor, []).append(problem.inline)
    by_cell = {(flag.line, flag.measure): flag for flag in flags}
    cells = [cell for cell in all_cells() if cell in by_cell or (explanations.get(cell) or "").strip()]
    return [
        ExplanationField(
            name=explanation_field_name(*cell),
            label=f"Explain {cell_label(*cell)}",
            reasons=by_cell[cell].reasons if cell in by_cell else (),
            value=explanations.get(cell, "") or "",
            errors=messages.get(explanation_field_name(*cell), []),
        )
        for cell in cells
    ]


def error_summary(report: ValidationReport | None, extra: list[tuple[str, str]] | None = None) -> list[dict]:
    """The GOV.UK error summary's input (components/error_summary.html), in page order; `extra` and
    the report give (anchor, message) pairs."""
    pairs = list(extra or [])
    if report is not None:
        pairs.extend((problem.anchor, problem.message) for problem in [*report.errors, *report.missing_explanations])
    return [{"href": f"#{anchor}", "message": message} for anchor, message in pairs]


def column_headings() -> list[tuple[str, str]]:
    return [(MEASURE_COLUMN[measure], MEASURE_LABEL[measure]) for measure in MEASURE_KEYS]


class StartSubmissionForm(forms.Form):
    year = forms.ChoiceField(label="Financial year", help_text="The year the figures cover, April to March")

    def __init__(self, *args, year_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your completed template",
        help_text="CSV or XLSX, 2 MB or smaller, in the layout of the template on this page",
        error_messages={
            "required": "Select a CSV or XLSX file to upload",
            "empty": "The file is empty: download the template, fill it in and upload it again",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is {upload.size / 1024 / 1024:.1f} MB: it must be 2 MB or smaller")
        return upload
