"""Council cost benchmarking: reference data, official data imports (importers/), comparisons
(selectors.py, analysis.py, charts.py), saved groups (groups/), the benchmarking club (submissions/)
and the read-only API (api/). Practice beside the numbers comes from apps that register with
practice.py.

May import: cop.core; submissions/ also cop.members (verified officers). Never casestudies,
cop.discussions or cop.sitesearch: they build on benchmarks.
"""
