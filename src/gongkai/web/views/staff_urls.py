from django.urls import path

from gongkai.web.views import staff

app_name = "staff"
urlpatterns = [
    path("", staff.queue, name="queue"),
]
