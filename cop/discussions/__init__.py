"""Discussion threads, replies, moderation, notifications and digests; registers its search
sources, its threads beside benchmarking figures (benchmarks.practice) and its part of member
accounts (cop.members.extensions: forgetting, data download, profile page, expertise locator).

May import: cop.core, benchmarks, cop.members, cop.sitesearch.
"""
