from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    # Crawlers: everything public may be indexed except admin, accounts, search results and the API.
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots_txt"),
    path("accessibility/", TemplateView.as_view(template_name="core/accessibility.html"), name="accessibility"),
    path("privacy/", TemplateView.as_view(template_name="core/privacy.html"), name="privacy"),
    path("data-licences/", TemplateView.as_view(template_name="core/data_licences.html"), name="data_licences"),
]
