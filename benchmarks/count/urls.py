from django.urls import path, re_path

from . import api, views

app_name = "count"

PLACE = r"(?P<place_id>[A-Za-z0-9-]{1,60})"

urlpatterns = [
    path("api/v1/places/", api.PlaceList.as_view(), name="api_places"),
    re_path(rf"^api/v1/places/{PLACE}/count$", api.PlaceCount.as_view(), name="api_count"),
    path("benchmarking/places/", views.place_list, name="places"),
    re_path(rf"^benchmarking/places/{PLACE}/$", views.place_page, name="place"),
]
