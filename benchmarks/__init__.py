"""Council cost benchmarking: reference data, official data imports (importers/), the figures
in memory (store.py), comparison groups (groups/), comparisons (comparison.py, performance.py,
analysis.py), their presentation (presenters.py, downloads.py, charts.py), the benchmarking club (submissions/)
and the read-only API (api/). Practice beside the numbers comes from apps that register with
practice.py.

May import: cop.core; submissions/ also cop.members (verified officers). Never casestudies,
cop.discussions or cop.sitesearch: they build on benchmarks.
"""
