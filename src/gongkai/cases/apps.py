from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gongkai.cases"
    label = "cases"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"
