"""Members, profiles, council verification, the directory and the member search source.

May import: cop.core, benchmarks (authorities), cop.sitesearch (to register its source and the rule for
who sees verified officers' items). Never cop.discussions: what other apps add to account deletion,
the data download, the profile page and the expertise locator they register in extensions.py.
"""
