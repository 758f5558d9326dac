"""Names the unused-code check (scripts/check_unused.py) must treat as used, because a framework or
another branch calls them. Each entry says who calls it."""

# ruff: noqa: B018 - bare names are how vulture whitelists work; this file is parsed, never run

_ = None

_.user_has_any_permission  # Wagtail permission policy (benchmarks/wagtail_hooks.py)
_.is_shown  # Wagtail MenuItem (cop/discussions/wagtail_hooks.py)
_.signup  # allauth ACCOUNT_SIGNUP_FORM_CLASS hook (cop/members/forms.py)
_.get_ident  # DRF throttle hook (cop/core/client_ip.py)
_.get_email_confirmation_url  # allauth ACCOUNT_ADAPTER hook (cop/members/accounts.py)
_.get_reset_password_from_key_url  # allauth ACCOUNT_ADAPTER hook (cop/members/accounts.py)
_.feed_url  # Django syndication Feed hook (cop/updates/feeds.py)
_.get_object  # Django syndication Feed hook (cop/updates/feeds.py)
_.handle_starttag  # html.parser.HTMLParser callback (tests/discussions/test_sanitising.py)

# Test-data library: kept for the tests other branches are writing against these models.
_.OutturnReturnFactory  # tests/benchmarks/factories.py
_.OutturnValueFactory
_.PopulationEstimateFactory
