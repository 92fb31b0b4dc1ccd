"""The portal at /xxgk/ (信息公开) and its staff screens at /xxgk/staff/."""

from django.urls import path, re_path

from gongkai.proactive.views import imports, portal, registers, staff

app_name = "proactive"
CODE = r"(?P<code>[0-9A-Z]{2,24})"

urlpatterns = [
    path("", portal.index, name="index"),
    path("search/", portal.search, name="search"),
    path("catalogue/", portal.catalogue, name="catalogue"),
    path("items/<int:pk>/", portal.item, name="item"),
    path("items/<int:pk>/files/<int:file_pk>", portal.attachment, name="attachment"),
    path("staff/", staff.items, name="staff_items"),
    path("staff/items/new/", staff.item_new, name="staff_item_new"),
    path("staff/items/<int:pk>/", staff.item_edit, name="staff_item"),
    path("staff/figures/", staff.year_figures, name="staff_figures"),
    path("staff/import/", imports.upload, name="import"),
    path("staff/import/<int:pk>/", imports.batch, name="import_batch"),
    path("staff/registers/<str:register>/", registers.register_list, name="register"),
    path("staff/registers/<str:register>/new/", registers.register_edit, name="register_new"),
    path(
        "staff/registers/<str:register>/<int:pk>/",
        registers.register_edit,
        name="register_edit",
    ),
    re_path(rf"^staff/guide/{CODE}/$", staff.guide_edit, name="guide_edit"),
    re_path(rf"^{CODE}/$", portal.agency_home, name="agency"),
    re_path(rf"^{CODE}/guide/$", portal.guide, name="guide"),
    re_path(rf"^{CODE}/catalogue/$", portal.catalogue, name="agency_catalogue"),
    re_path(rf"^{CODE}/reports/$", portal.reports, name="reports"),
    re_path(rf"^{CODE}/responses/$", portal.responses, name="responses"),
]
