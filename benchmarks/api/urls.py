from django.urls import path

from . import docs, views

app_name = "api"

urlpatterns = [
    path("", docs.api_index, name="index"),
    path("authorities", views.AuthorityList.as_view(), name="authorities"),
    path("services", views.ServiceList.as_view(), name="services"),
    path("years", views.YearList.as_view(), name="years"),
    path("values", views.ValueList.as_view(), name="values"),
    path("compare", views.Compare.as_view(), name="compare"),
    path("measures/<str:code>/compare", views.MeasureCompare.as_view(), name="measure_compare"),
    path("schema/", docs.schema_view, name="schema"),
    path("docs/", docs.docs_page, name="docs"),
]
