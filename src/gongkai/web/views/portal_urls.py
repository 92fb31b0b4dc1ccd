from django.urls import path

from gongkai.web.views import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("apply/", portal.apply, name="apply"),
    path("apply/<str:tracking_number>/receipt/", portal.receipt, name="receipt"),
    path("track/", portal.track, name="track"),
    path("track/<str:tracking_number>/", portal.status, name="status"),
    path("track/<str:tracking_number>/correct/", portal.correct, name="correct"),
    path("track/<str:tracking_number>/letters/<int:pk>.<str:fmt>", portal.letter, name="letter"),
    path("track/<str:tracking_number>/files/<int:pk>", portal.document, name="document"),
]
