from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("accessibility/", TemplateView.as_view(template_name="core/accessibility.html"), name="accessibility"),
    path("privacy/", TemplateView.as_view(template_name="core/privacy.html"), name="privacy"),
    path("data-licences/", TemplateView.as_view(template_name="core/data_licences.html"), name="data_licences"),
]
