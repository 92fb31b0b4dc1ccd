from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gongkai.web"
    label = "web"
    verbose_name = "门户与后台"
