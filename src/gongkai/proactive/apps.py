from django.apps import AppConfig


class ProactiveConfig(AppConfig):
    name = "gongkai.proactive"
    label = "proactive"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Entering a year's holidays moves publication deadlines as it moves reply deadlines.
        from gongkai.proactive.services.deadlines import connect

        connect()
