"""Events (Wagtail pages), calendar files and their search source.

May import: cop.core, cop.discussions (conference threads), cop.sitesearch (and cop.library, for demo
documents only).
"""
