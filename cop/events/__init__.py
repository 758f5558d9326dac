"""Events (Wagtail pages), registrations, calendar files and their search source.

May import: cop.core, cop.discussions (conference threads), cop.members (account hooks),
cop.sitesearch (and cop.library, for demo documents only).
"""
