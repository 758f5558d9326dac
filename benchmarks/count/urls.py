from django.urls import path, re_path

from . import api, partner_views, views

app_name = "count"

PLACE = r"(?P<place_id>[A-Za-z0-9-]{1,60})"
YEAR = r"(?P<year>[0-9]{4}-[0-9]{2})"

urlpatterns = [
    path("api/v1/places/", api.PlaceList.as_view(), name="api_places"),
    re_path(rf"^api/v1/places/{PLACE}/count$", api.PlaceCount.as_view(), name="api_count"),
    path("benchmarking/places/", views.place_list, name="places"),
    re_path(rf"^benchmarking/places/{PLACE}/$", views.place_page, name="place"),
    re_path(rf"^benchmarking/places/{PLACE}/partners/{YEAR}/$", partner_views.partners, name="partners"),
    re_path(rf"^benchmarking/places/{PLACE}/partners/{YEAR}/start/$", partner_views.start, name="partners_start"),
    re_path(rf"^benchmarking/places/{PLACE}/partners/{YEAR}/preview/$", partner_views.preview, name="partners_preview"),
    re_path(rf"^benchmarking/places/{PLACE}/partners/{YEAR}/save/$", partner_views.save, name="partners_save"),
    re_path(rf"^benchmarking/places/{PLACE}/partners/{YEAR}/confirm/$", partner_views.confirm, name="partners_confirm"),
    re_path(
        rf"^benchmarking/places/{PLACE}/partners/{YEAR}/template\.(?P<fmt>csv|xlsx)$",
        partner_views.template,
        name="partners_template",
    ),
]
