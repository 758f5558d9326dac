"""Site-wide search: the index, its database and Elasticsearch engines, spelling and suggestions.
Content apps define their own sources (their search.py) and register them in AppConfig.ready();
base.py holds the types every engine shares, so engine, elastic and services never import each other.

May import: cop.core and benchmarks (labels, RO service lines) only. Never a content app nor
cop.members: apps register their sources, and members the rule for who sees verified officers' items
(registry.register_verified_rule), in their AppConfig.ready().
"""
