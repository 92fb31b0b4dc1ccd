from django.urls import path

from gongkai.annual import views

app_name = "annual"
urlpatterns = [
    path("", views.index, name="index"),
    path("published/", views.published_list, name="published_list"),
    path("published/<str:code>/<int:year>/", views.published, name="published"),
    path("published/<str:code>/<int:year>/v<int:number>/", views.published, name="version"),
    path(
        "published/<str:code>/<int:year>/v<int:number>.<str:fmt>",
        views.download,
        name="download",
    ),
    path("<str:code>/<int:year>/", views.report, name="report"),
    path("<str:code>/<int:year>/rollup/", views.rollup_view, name="rollup"),
    path("<str:code>/<int:year>/cell/<str:address>/", views.cell, name="cell"),
    path("<str:code>/<int:year>/<str:action>/", views.act, name="act"),
]
