"""GOV.UK Frontend components for templates: form fields (components/field.html, also Django's
field template through cop.core.forms.GovukFormRenderer), the error summary
(components/error_summary.html) and pagination (components/pagination.html)."""

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


def field_context(field, label_size: str = "", width: str = "") -> dict:
    """What components/field.html needs beyond the field: its GOV.UK kind, choices and ids."""
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


@register.inclusion_tag("components/field.html")
def govuk_field(field, label_size: str = "", width: str = ""):
    """{% govuk_field form.name %}: the same as {{ form.name.as_field_group }}, with a label size
    ("s", "m", "l") or an input width class when a page wants one."""
    return field_context(field, label_size, width)


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


@register.inclusion_tag("components/pagination.html", takes_context=True)
def govuk_pagination(context, page_obj, label: str = "Pagination", window: int = 2):
    """Pagination for a Django Page: links keep the request's other parameters and change only page.
    Renders components/pagination.html with its one set of inputs: pagination and label."""
    return {"pagination": page_links(context["request"], page_obj, window), "label": label}


def page_links(request, page_obj, window: int = 2) -> dict | None:
    """{"previous": url, "next": url, "items": [{"number", "url", "current"} or {"ellipsis": True}]}:
    the first and last pages and those within `window` of the current one. None for one page."""
    last = page_obj.paginator.num_pages
    if last <= 1:
        return None
    current = page_obj.number

    def url(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return "?" + query.urlencode()

    numbers = sorted({1, last, *range(max(1, current - window), min(last, current + window) + 1)})
    items, previous = [], None
    for number in numbers:
        if previous is not None and number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "url": url(number), "current": number == current})
        previous = number
    return {
        "items": items,
        "previous": url(current - 1) if current > 1 else None,
        "next": url(current + 1) if current < last else None,
    }
