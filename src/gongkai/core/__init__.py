"""The report core: templates as data, the Report value, readers, checks and writers.

Nothing here touches the network, a database or the web framework; I/O stays at the
edges (``gongkai.cli``), so the same functions serve the CLI, the web app and batch workers.
"""

from gongkai.core.errors import ReportError
from gongkai.core.report import Cell, Report, Source

__all__ = ["Cell", "Report", "ReportError", "Source"]
