"""A copy of the gongkai package with the report core compiled by mypyc, for the benchmarks
and the compiled test run (``make compiled``; usage: compile_core.py DEST).

The development install is editable and interpreted (a compiled module would hide later
edits of its source), while a release wheel (``GONGKAI_COMPILE=1``) installs the core
compiled (see setup.py). To measure and test that without installing it, this copies ``src/gongkai`` to
``DEST/gongkai`` and compiles the same modules setup.py compiles, in place there: with
``PYTHONPATH=DEST`` Python imports that copy.

``DEST/STATUS`` says what came out: ``compiled`` or ``pure: <why>`` (no C compiler, no
mypyc, a failed build); the callers print it and run interpreted, they do not fail.

Run it before every use (``make compiled`` does): it compiles again only when what the
compile depends on changed (the compiled modules' sources, setup.py, this script, the
Python), which takes a minute or two; otherwise it only copies the other files of the
package that changed, so the copy never runs stale code around its compiled core.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _setup_module() -> ModuleType:
    """setup.py, imported (not run): its list of core modules and mypyc options."""
    spec = importlib.util.spec_from_file_location("gongkai_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _why_not() -> str | None:
    """Why this machine cannot compile, or None."""
    if importlib.util.find_spec("mypyc") is None:
        return "mypyc is not installed"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc})"
    include = sysconfig.get_paths()["include"]
    if not (Path(include) / "Python.h").exists():
        return f"no Python headers ({include}/Python.h)"
    return None


_BUILD = """
import json, sys
from mypyc.build import mypycify
from setuptools import setup
options, paths = json.loads(sys.argv[1]), json.loads(sys.argv[2])
setup(
    name="gongkai-compiled-core",
    ext_modules=mypycify([*options, *paths], opt_level="3"),
    script_args=["build_ext", "--inplace"],
)
"""


SOURCE = ROOT / "src" / "gongkai"


def compile_key(setup_py: ModuleType) -> str:
    """What the compiled modules depend on, as one hash (kept in ``DEST/KEY``)."""
    h = hashlib.sha256()
    h.update(sys.version.encode())
    h.update(json.dumps(setup_py.MYPYC_OPTIONS).encode())
    for path in (ROOT / "setup.py", Path(__file__).resolve()):
        h.update(path.read_bytes())
    for rel in setup_py.core_sources(ROOT / "src"):
        h.update(rel.encode())
        h.update((ROOT / "src" / rel).read_bytes())
    return h.hexdigest()


def sync(dest: Path, compiled: set[str]) -> int:
    """Copy the package's changed files into ``dest``, except the sources in ``compiled``
    (those its compiled modules were built from), and drop the ones gone from it; returns
    how many changed. Also makes the copy in the first place, with nothing compiled."""
    changed = 0
    wanted: set[Path] = set()
    for src in SOURCE.rglob("*"):
        rel = src.relative_to(SOURCE.parent)
        if "__pycache__" in rel.parts or src.suffix in (".so", ".c") or src.is_dir():
            continue
        wanted.add(rel)
        if rel.as_posix() in compiled:
            continue
        out = dest / rel
        if not out.exists() or out.read_bytes() != src.read_bytes():
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, out)
            changed += 1
    for out in (dest / "gongkai").rglob("*"):
        rel = out.relative_to(dest)
        if out.is_file() and out.suffix == ".py" and rel not in wanted:
            out.unlink()
            changed += 1
    return changed


def compile_core(dest: Path) -> str:
    """Build the compiled copy under ``dest``, or bring an up-to-date one's other files up
    to date; returns its STATUS line."""
    setup_py = _setup_module()
    key = compile_key(setup_py)
    status_file, key_file = dest / "STATUS", dest / "KEY"
    fresh = key_file.exists() and key_file.read_text("utf-8") == key
    if fresh and status_file.exists() and status_file.read_text("utf-8").strip() == "compiled":
        sync(dest, set(setup_py.core_sources(ROOT / "src")))
        return "compiled"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    sync(dest, set())  # the whole package, the modules to compile included
    status = "compiled"
    why = _why_not()
    if why is not None:
        status = f"pure: {why}"
    else:
        paths = setup_py.core_sources(dest)
        done = subprocess.run(
            [sys.executable, "-c", _BUILD, json.dumps(setup_py.MYPYC_OPTIONS), json.dumps(paths)],
            cwd=dest,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            (dest / "build.log").write_text(done.stdout + done.stderr, encoding="utf-8")
            status = f"pure: the build failed, see {dest / 'build.log'}"
            _remove_compiled(dest)
        shutil.rmtree(dest / "build", ignore_errors=True)  # objects and C, not needed to run
    status_file.write_text(status + "\n", encoding="utf-8")
    key_file.write_text(key, encoding="utf-8")
    return status


def _remove_compiled(dest: Path) -> None:
    for so in dest.rglob("*.so"):
        so.unlink()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: compile_core.py DEST", file=sys.stderr)
        return 2
    dest = Path(argv[1]).resolve()
    status = compile_core(dest)
    print(f"gongkai core under {dest}: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
