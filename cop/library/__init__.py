"""The document library (Wagtail documents with catalogue details) and its search source.

May import: cop.core, benchmarks, casestudies (its Theme model, see the README), cop.sitesearch.
"""
