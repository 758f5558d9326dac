"""Saved comparison groups that members share by link: the model, writes (services.py) and the reads
that list them (selectors.py). Resolving any group in a year's figures is benchmarks.grouping's.

May import: cop.core. (benchmarks imports this app, never the other way round.)
"""
