"""gongkai (公开): government information disclosure, end to end.

The report core (:mod:`gongkai.core`) is pure Python so it runs the same in the CLI,
the web application and a batch worker.
"""

__version__ = "0.1.0"
