from django.urls import include, path, re_path

from . import views

app_name = "benchmarks"

# Service codes are RO line numbers ("190") or the 2010-11 combined line ("330+360").
SERVICE = r"(?P<code>[0-9+]{1,10})"
GSS = r"(?P<gss>[^/]{1,40})"

urlpatterns = [
    path("api/v1/", include("benchmarks.api.urls")),
    path("benchmarking/", views.benchmarking_home, name="home"),
    path("benchmarking/savings/", views.national_savings, name="national_savings"),
    path("benchmarking/groups/", views.group_list, name="group_list"),
    path("benchmarking/groups/new/", views.group_create, name="group_create"),
    path("benchmarking/groups/<uuid:token>/", views.group_detail, name="group_detail"),
    path("benchmarking/groups/<uuid:token>/edit/", views.group_edit, name="group_edit"),
    path("benchmarking/groups/<uuid:token>/delete/", views.group_delete, name="group_delete"),
    re_path(rf"^benchmarking/{GSS}/$", views.council_profile, name="profile"),
    re_path(rf"^benchmarking/{GSS}/place/$", views.place_totals, name="place"),
    re_path(rf"^benchmarking/{GSS}/{SERVICE}/$", views.service_view, name="service"),
    re_path(rf"^benchmarking/{GSS}/{SERVICE}/embed/$", views.service_embed, name="service_embed"),
]
