"""The web application (layer 4): the Django project — settings, URLs, the public portal,
the staff back office and the JSON API. Apps of later features (proactive disclosure, the
compiled annual report) join ``INSTALLED_APPS`` and ``urls`` beside ``gongkai.cases``."""
