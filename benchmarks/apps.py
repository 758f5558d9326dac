from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = "Benchmarking"

    def ready(self):
        from cop.core.member_pages import register_kind

        from .groups.selectors import owns_any_group
        from .groups.services import OPENED_GROUPS_KEY

        def comparison_page_check(request, meta):
            # "Compare with" lists a member's own saved groups and those they opened by link: such a
            # member gets the page in full, never another member's cached copy (cop.core.member_pages).
            if request.session.get(OPENED_GROUPS_KEY) or owns_any_group(request.user):
                return None
            return {}

        register_kind("comparison", comparison_page_check)
