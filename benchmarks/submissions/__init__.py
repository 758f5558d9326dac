"""The benchmarking club: councils submit, certify and publish their own figures before the
official release.

May import: cop.core, benchmarks, cop.members.
"""
