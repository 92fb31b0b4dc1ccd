"""The sub-commands of ``gongkai``, one module each.

Every module here that defines ``register(subparsers)`` is a command: it adds its parser
and sets ``func`` to a function ``(args) -> exit status``. The built-in commands use the
same extension point as any later one, so adding a command is adding a file. Modules must
import heavy dependencies (Django, Dask) inside their ``func``, not at the top, because
every module is imported each time the command line starts.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def register_all(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
