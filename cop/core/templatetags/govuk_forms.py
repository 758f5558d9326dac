"""Render Django form fields with GOV.UK Frontend markup (labels, hints, inline errors, error summary)."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

INPUT_TYPES = {"text", "email", "password", "url", "number", "search", "date", "tel"}


def field_id(field) -> str:
    """The id of the field's (first) input: radios and checkbox groups have no id_for_label."""
    return field.id_for_label or field.auto_id or field.html_name


def _described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field_id(field)}-hint")
    if field.errors:
        ids.append(f"{field_id(field)}-error")
    return " ".join(ids)


@register.filter
def govuk_widget(field, extra_class: str = ""):
    """The field's widget with GOV.UK classes and aria-describedby for its hint and error."""
    widget_type = field.widget_type
    error = bool(field.errors)
    if widget_type == "textarea":
        css = "govuk-textarea" + (" govuk-textarea--error" if error else "")
    elif widget_type == "select":
        css = "govuk-select" + (" govuk-select--error" if error else "")
    elif widget_type in ("checkbox",):
        css = "govuk-checkboxes__input"
    else:
        css = "govuk-input" + (" govuk-input--error" if error else "")
    if extra_class:
        css += f" {extra_class}"
    attrs = {"class": css}
    described = _described_by(field)
    if described:
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("components/field.html")
def govuk_field(field, label_size: str = "", width: str = ""):
    widget_type = field.widget_type
    choices = []
    if widget_type in ("radioselect", "checkboxselectmultiple"):
        current = field.value()
        if not isinstance(current, (list, tuple)):
            current = [current]
        current = [str(v) for v in current if v is not None]
        for index, (value, label) in enumerate(field.field.choices):
            choices.append(
                {
                    "id": field_id(field) if index == 0 else f"{field_id(field)}-{index}",
                    "value": value,
                    "label": label,
                    "checked": str(value) in current,
                }
            )
    return {
        "field": field,
        "widget_type": widget_type,
        "is_input": widget_type in INPUT_TYPES,
        "choices": choices,
        "label_size": label_size,
        "width": width,
        "described_by": _described_by(field),
        "field_id": field_id(field),
    }


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(form, extra_errors=None):
    errors = []
    if form is not None:
        for error in form.non_field_errors():
            errors.append({"href": "", "message": error})
        for field in form:
            for error in field.errors:
                errors.append({"href": f"#{field_id(field)}", "message": error})
    for message in extra_errors or []:
        errors.append({"href": "", "message": message})
    return {"errors": errors}


@register.simple_tag
def govuk_hidden_fields(form):
    return mark_safe("".join(str(f) for f in form.hidden_fields()))  # noqa: S308 - Django-rendered widgets
