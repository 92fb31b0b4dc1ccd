"""The progress bar on stderr (tqdm), or nothing when it is not wanted."""

from __future__ import annotations

import importlib
import sys
from typing import Any


class Progress:
    """A tqdm bar on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int, desc: str) -> None:
        self.bar: Any = None
        if enabled:
            tqdm: Any = importlib.import_module("tqdm").tqdm  # untyped: used as Any
            self.bar = tqdm(
                total=total, desc=desc, unit="份", file=sys.stderr, mininterval=0.5, leave=True
            )

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
