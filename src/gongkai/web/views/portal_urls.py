from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from gongkai.web.views import account, portal

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
    path("account/", account.mine, name="mine"),
    path("account/register/", account.register, name="register"),
    path(
        "account/login/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", next_page=reverse_lazy("portal:mine")
        ),
        name="login",
    ),
    path(
        "account/logout/",
        auth_views.LogoutView.as_view(next_page=reverse_lazy("portal:home")),
        name="logout",
    ),
]
