"""What every command shares: exit statuses, the one-line failure, loading a report."""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes
from gongkai.core.report import Report

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class Failure(Exception):
    """A problem with one named input, reported as ``NAME: message`` with exit status 2."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")


def read_input(path: str) -> bytes:
    name = "<stdin>" if path == "-" else path
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise Failure(name, "文件不存在") from None
    except IsADirectoryError:
        raise Failure(name, "这是一个目录，不是文件") from None
    except OSError as e:
        raise Failure(name, f"无法读取文件（{e.strerror}）") from None


def load(path: str) -> Report:
    name = "<stdin>" if path == "-" else path
    data = read_input(path)
    try:
        return read_bytes(data, Path(name).name)
    except ReportError as e:
        raise Failure(name, e.message) from None


def write_output(output: str, out: str | bytes) -> None:
    """Write to a file, or to stdout when ``output`` is ``-``."""
    if output == "-":
        if isinstance(out, bytes):
            sys.stdout.buffer.write(out)
        else:
            sys.stdout.write(out)
        return
    target = Path(output)
    try:
        if isinstance(out, bytes):
            target.write_bytes(out)
        else:
            target.write_text(out, encoding="utf-8")
    except OSError as e:
        raise Failure(output, f"无法写入（{e.strerror}）") from None
