from django.conf import settings

PRIMARY_NAVIGATION = [
    ("Case studies", "/case-studies/"),
    ("Stories", "/stories/"),
    ("Discussions", "/discussions/"),
    ("Benchmarking", "/benchmarking/"),
    ("Library", "/library/"),
    ("Events", "/events/"),
    ("Search", "/search/"),
]


def site_context(request):
    path = request.path
    navigation = [{"label": label, "url": url, "active": path.startswith(url)} for label, url in PRIMARY_NAVIGATION]
    return {"primary_navigation": navigation, "site_name": settings.WAGTAIL_SITE_NAME}
