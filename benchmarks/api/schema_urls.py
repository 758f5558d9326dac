"""The URLconf the OpenAPI schema is generated from: only the benchmarking API, at its real prefix."""

from django.urls import include, path

from . import views

api_patterns = [
    path("authorities", views.AuthorityList.as_view()),
    path("services", views.ServiceList.as_view()),
    path("years", views.YearList.as_view()),
    path("values", views.ValueList.as_view()),
    path("compare", views.Compare.as_view()),
    path("measures/<str:code>/compare", views.MeasureCompare.as_view()),
]

urlpatterns = [path("api/v1/", include(api_patterns))]
