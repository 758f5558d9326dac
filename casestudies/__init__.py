"""Case studies and citizen stories (Wagtail pages), adoptions and story consent; registers its
search sources and its case studies beside benchmarking figures (benchmarks.practice). Also owns the
Theme snippet that cop.library uses.

May import: cop.core, benchmarks (services, figures, authorities), cop.members, cop.sitesearch.
"""
