from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CouncilEmailDomain


class CouncilEmailDomainViewSet(SnippetViewSet):
    """Staff keep the allow-list of council email domains that verify officers on sign-up."""

    model = CouncilEmailDomain
    icon = "mail"
    menu_label = "Council email domains"
    menu_name = "council-email-domains"
    add_to_admin_menu = True
    list_display = ["domain", "authority"]
    search_fields = ["domain"]


register_snippet(CouncilEmailDomainViewSet)
