"""URLs: the public portal at /, the staff back office at /staff/, the API at /api/,
Django's admin at /admin/. Later apps add their own prefixes here. An uncaught database
or disk fault gets the clear 503 answer of :mod:`gongkai.web.faults`."""

from django.contrib import admin
from django.urls import include, path

from gongkai.web.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("staff/", include("gongkai.web.views.staff_urls")),
    path("annual/", include("gongkai.annual.urls")),
    path("xxgk/", include("gongkai.proactive.urls")),
    path("", include("gongkai.web.views.portal_urls")),
]

handler500 = "gongkai.web.faults.server_error"
