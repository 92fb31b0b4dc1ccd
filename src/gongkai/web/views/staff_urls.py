from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.web.views import actions, admin_views, files, members, reviews, staff

app_name = "staff"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="staff/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", staff.queue, name="queue"),
    path("requests/new/", staff.intake, name="intake"),
    path("requests/<str:tracking_number>/", staff.detail, name="detail"),
    path("requests/<str:tracking_number>/<str:action>/", actions.act, name="act"),
    path("letters/<int:pk>.<str:fmt>", files.staff_letter, name="letter"),
    path("files/<int:pk>", files.staff_attachment, name="attachment"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/new/", reviews.review_new, name="review_new"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("calendar/", admin_views.calendar_years, name="calendar"),
    path("calendar/<int:year>/", admin_views.calendar_year, name="calendar_year"),
    path("token/", admin_views.token, name="token"),
    path("members/", members.members, name="members"),
]
