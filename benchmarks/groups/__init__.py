"""Saved comparison groups that members share by link.

May import: cop.core, benchmarks (its models).
"""
