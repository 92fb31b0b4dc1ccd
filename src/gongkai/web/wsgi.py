"""WSGI entry point for a production server (``gongkai.web.wsgi:application``).

Everything loaded at start — Django, the apps, the URLs and the views they import, the
report templates — lives as long as the process, so it is moved out of the garbage
collector's sight (``gc.freeze``): otherwise each full collection walks all of it again,
which measured 3 % of a portal submission's time.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018  (imports every view now, not on the first request)
gc.freeze()
