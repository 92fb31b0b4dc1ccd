"""Answers kept per object, for the template's frozen dataclasses and the check programs.

``functools.cache`` would hash its arguments, and hashing a frozen ``Table`` or ``Row``
hashes every field of it, on every call; these objects live as long as the process, so
their identity is key enough.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")
LIMIT = 4096


def by_identity(fn: Callable[[K], V]) -> Callable[[K], V]:
    """Cache ``fn``'s answer per argument object. The cache holds the object, so its id
    stays its own while an answer is kept; it is emptied when full."""
    memo: dict[int, tuple[K, V]] = {}

    @wraps(fn)
    def cached(obj: K) -> V:
        hit = memo.get(id(obj))
        if hit is None or hit[0] is not obj:
            if len(memo) >= LIMIT:
                memo.clear()
            hit = memo[id(obj)] = (obj, fn(obj))
        return hit[1]

    return cached
