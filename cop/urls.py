from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cop.core import views as core_views
from cop.members.admin_access import admin_login

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Addresses in the sitemap are the Wagtail Site's (page.get_full_url), as in every other link.
    path("sitemap.xml", sitemap, name="sitemap"),
    # Both admins sign in through the site's own sign-in and its lockout (cop.members.admin_access).
    path("django-admin/login/", admin_login, {"default_next": "/django-admin/"}),
    path("admin/login/", admin_login, {"default_next": "/admin/"}),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("cop.core.urls")),
    path("", include("cop.members.urls")),
    path("", include("cop.discussions.urls")),
    path("", include("cop.communities.urls")),
    path("", include("cop.sitesearch.urls")),
    path("", include("casestudies.urls")),
    # Submissions before benchmarks.urls: its ^benchmarking/<gss>/ patterns would swallow /benchmarking/submissions/.
    path("", include("benchmarks.submissions.urls")),
    # The count before benchmarks.urls for the same reason (/benchmarking/places/).
    path("", include("benchmarks.count.urls")),
    path("", include("benchmarks.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving must come last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "cop.core.views.bad_request"
handler403 = "cop.core.views.permission_denied"
handler404 = "cop.core.views.page_not_found"
handler500 = "cop.core.views.server_error"
# allauth's rate limits answer through this (allauth.core.internal.ratelimit.respond_429).
handler429 = "cop.members.accounts.too_many_requests"
