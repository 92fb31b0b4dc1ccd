"""Which files a batch reads, and the content hash that says whether one was done.

Every regular file under the folder is a candidate, whatever its name: the core tells
reports apart by content, and a file that is not one is listed as a failure with its
reason rather than silently left out. Hidden files and folders (``.git``, ``.DS_Store``)
and the output folder, when it lies inside the input, are not part of the corpus.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def discover(root: Path, exclude: Path | None = None) -> Iterator[str]:
    """Paths of the files under ``root``, relative and with ``/``, a folder at a time in
    name order (the same order on every run, and no list of the whole corpus in memory;
    the outputs are sorted by path whatever the order here)."""
    root = root.resolve()
    skip = exclude.resolve() if exclude is not None else None
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (skip is None or here / d != skip)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = here / name
            if full.is_file():
                yield full.relative_to(root).as_posix()


def count_files(root: Path, exclude: Path | None = None) -> int:
    return sum(1 for _ in discover(root, exclude))


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_all(root: Path, paths: Iterable[str]) -> Iterator[tuple[str, bytes | None, str | None]]:
    """``(path, bytes, None)`` per file in order, or ``(path, None, reason)`` when the
    file cannot be read (gone since the listing, no permission)."""
    for rel in paths:
        try:
            yield rel, (root / rel).read_bytes(), None
        except OSError as e:
            yield rel, None, f"无法读取文件（{e.strerror or type(e).__name__}）"
