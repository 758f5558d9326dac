"""The shared kernel: page cache and purging, security middleware, domain errors (errors.py),
settings-free helpers for exports and sanitising, StreamField blocks (blocks.py), page context
registration (pages.py), GOV.UK form rendering and template components (forms.py,
templatetags/govuk_forms.py, templates/components/), demo helpers (demo.py).

May import: Django, Wagtail and third-party libraries only; never another project app.
"""
