"""Reference data in the Wagtail admin, read-only: official figures change only through imports."""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Authority, BudgetLine, ImportRun, PerformanceMeasure, Service


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff may look; nobody adds, edits or deletes in the admin (re-import the file instead)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "lock", "unlock", "publish"):
            return False
        if action == "view":
            return bool(user.is_active and (user.is_superuser or user.is_staff))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyViewSet(SnippetViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None  # plain database search; these models are not in the search index


class AuthorityViewSet(ReadOnlyViewSet):
    model = Authority
    icon = "site"
    menu_label = "Authorities"
    menu_name = "authorities"
    list_display = ["name", "gss_code", "ecode", "authority_type", "tier", "region", "is_principal_council", "end_date"]
    list_filter = ["authority_type", "tier", "is_principal_council", "region", "nation"]
    search_fields = ["name", "gss_code", "ecode", "official_name"]
    inspect_view_fields = [
        "name",
        "official_name",
        "gss_code",
        "ecode",
        "mysociety_code",
        "authority_type",
        "lookup_type",
        "tier",
        "is_principal_council",
        "ro_class",
        "ro_detailed_class",
        "region",
        "nation",
        "parent",
        "start_date",
        "end_date",
        "former_gss_codes",
        "alt_names",
    ]


class ImportRunViewSet(ReadOnlyViewSet):
    model = ImportRun
    icon = "download"
    menu_label = "Import runs"
    menu_name = "import-runs"
    list_display = ["file_name", "dataset", "year", "status", "started_at", "values_loaded", "seconds"]
    list_filter = ["dataset", "status"]
    search_fields = ["file_name", "sha256"]
    inspect_view_fields = [
        "dataset",
        "year",
        "file_name",
        "sha256",
        "file_size",
        "publisher_title",
        "publisher_last_updated",
        "status",
        "started_at",
        "seconds",
        "rows_read",
        "rows_loaded",
        "values_loaded",
        "rows_skipped",
        "report_text",
    ]


class ServiceViewSet(ReadOnlyViewSet):
    model = Service
    icon = "list-ul"
    menu_label = "Service lines"
    menu_name = "service-lines"
    list_display = ["code", "name", "first_year", "last_year"]
    search_fields = ["code", "name"]


class BudgetLineViewSet(ReadOnlyViewSet):
    model = BudgetLine
    icon = "list-ol"
    menu_label = "Budget (RA) lines"
    menu_name = "budget-lines"
    list_display = ["code", "name", "section"]
    search_fields = ["code", "name", "section"]


class PerformanceMeasureViewSet(ReadOnlyViewSet):
    model = PerformanceMeasure
    icon = "pick"
    menu_label = "Performance measures"
    menu_name = "performance-measures"
    list_display = ["code", "name", "polarity", "unit_label"]
    search_fields = ["code", "name"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (AuthorityViewSet, ImportRunViewSet, ServiceViewSet, BudgetLineViewSet, PerformanceMeasureViewSet)
    menu_icon = "table"
    menu_label = "Benchmark data"
    menu_name = "benchmark-data"


for _viewset in ReferenceDataGroup.items:
    register_permission_policy(_viewset.model, ReadOnlyPermissionPolicy(_viewset.model))
register_snippet(ReferenceDataGroup)
