"""The Place Exchange project package: settings, URLs and the community apps.

Layers, lowest first (an app imports only apps below it, except where its docstring says):
cop.core -> benchmarks -> cop.members -> cop.sitesearch -> casestudies, cop.discussions,
cop.library, cop.updates, cop.events -> cop.home. tests/test_architecture.py fails on any import
cycle between modules.
"""
