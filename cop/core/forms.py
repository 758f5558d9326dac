"""Django's form rendering with GOV.UK markup. A form with `default_renderer = GovukFormRenderer`
renders `{{ form.field.as_field_group }}` through components/field.html, the same template as
`{% govuk_field %}`: one field renderer for the whole site."""

from pathlib import Path

import django.forms
from django.conf import settings
from django.forms import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class GovukBoundField(BoundField):
    def get_context(self):
        from .templatetags.govuk_forms import field_context

        return field_context(self)


class GovukFormRenderer(DjangoTemplates):
    field_template_name = "components/field.html"
    bound_field_class = GovukBoundField

    @cached_property
    def engine(self):
        # Django's own form templates (widgets), then the site's (components/), then the apps'.
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(django.forms.__file__).parent / "templates", *settings.TEMPLATES[0]["DIRS"]],
                "NAME": "govukforms",
                "OPTIONS": {},
            }
        )
