"""News updates (Wagtail pages), their RSS and Atom feeds and their search source.

May import: cop.core, cop.sitesearch.
"""
