"""Discussion threads, replies, moderation, notifications and digests; registers its search
sources and its threads beside benchmarking figures (benchmarks.practice).

May import: cop.core, benchmarks, cop.members, cop.sitesearch.
"""
