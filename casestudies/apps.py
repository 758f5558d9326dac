from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"

    def ready(self):
        from benchmarks import practice
        from cop.sitesearch.registry import registry

        from . import (
            selectors,  # also registers the page contexts (cop.core.pages)
            signals,  # noqa: F401 - connects the consent guard
        )
        from .search import CaseStudySource, CitizenStorySource

        practice.register("case_studies", selectors.case_studies_for_service)
        registry.register(CaseStudySource())
        registry.register(CitizenStorySource())
