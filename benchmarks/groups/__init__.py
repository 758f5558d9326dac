"""Comparison groups: the built-in groups and nearest neighbours (selectors.py), and saved groups
that members share by link.

May import: cop.core, benchmarks (its models, store and analysis).
"""
