from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gongkai.web"
    label = "web"
    verbose_name = "门户与后台"

    def ready(self) -> None:
        from gongkai.web import security  # noqa: F401  (connects the login-failure signals)
