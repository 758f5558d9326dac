"""Site-wide search: the index, its database and Elasticsearch engines, spelling and suggestions.
Content apps define their own sources (their search.py) and register them in AppConfig.ready();
base.py holds the types every engine shares, so engine, elastic and services never import each other.

May import: cop.core, benchmarks and cop.members (audiences, labels); sources.py's helpers also read
casestudies' service areas. Never a content app's models outside those helpers.
"""
