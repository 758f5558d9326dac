"""Groups: the community's rooms (open, request-to-join or invite-only), their members and managers.

Discussions, library documents and events belong to a group through their own foreign key and
import this app (never the other way round); what they show on a group's page, feed, export and
API they register in cop.communities.registry from their AppConfig.ready().
"""
