"""scripts/compile_core.py keeps var/compiled's copy of the package in step with the
sources without compiling again: the compiled run of the tests and the benchmarks must
never run stale code around the compiled core."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    path = ROOT / "scripts" / "compile_core.py"
    spec = importlib.util.spec_from_file_location("compile_core", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compile_core = _script()


def test_sync_copies_what_changed_and_drops_what_is_gone(tmp_path: Path) -> None:
    assert compile_core.sync(tmp_path, set()) > 0  # the first time, every file
    assert compile_core.sync(tmp_path, set()) == 0
    assert not list(tmp_path.rglob("__pycache__"))
    stale = tmp_path / "gongkai" / "batch" / "worker.py"
    stale.write_text("# an older worker\n", encoding="utf-8")
    gone = tmp_path / "gongkai" / "batch" / "removed_since.py"
    gone.write_text("", encoding="utf-8")
    compiled = "gongkai/core/report.py"
    kept = tmp_path / compiled
    kept.write_text("# the source the compiled module was built from\n", encoding="utf-8")
    assert compile_core.sync(tmp_path, {compiled}) == 2
    assert stale.read_bytes() == (compile_core.SOURCE / "batch" / "worker.py").read_bytes()
    assert not gone.exists()
    assert kept.read_text(encoding="utf-8").startswith("# the source")  # its key says when


def test_the_key_changes_with_a_compiled_module_and_not_with_the_others() -> None:
    setup_py = compile_core._setup_module()
    sources = setup_py.core_sources(ROOT / "src")
    assert "gongkai/core/report.py" in sources
    assert not any(s.startswith("gongkai/batch/") for s in sources)
    assert compile_core.compile_key(setup_py) == compile_core.compile_key(setup_py)
