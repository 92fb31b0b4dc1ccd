"""pip-audit over the project's virtual environment, for `make audit` and CI.

Exit status: 1 when a vulnerability is found, 0 when every dependency was checked and is
clean. When the advisory service cannot be reached, or answers for none of the installed
packages (a package mirror without PyPI's vulnerability data), that is printed plainly as
NOT RUN and exits 0, so a machine without network does not fail the build on something it
could not check. Packages it could not check are always listed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
SERVICE = "https://pypi.org/pypi/django/json"  # pip-audit's default (PyPI) service

NETWORK_WORDS = ("ConnectionError", "Max retries exceeded", "NameResolutionError", "timed out")


def reachable() -> bool:
    try:
        with urllib.request.urlopen(SERVICE, timeout=15) as r:
            return bool(r.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    if not reachable():
        print(f"audit: NOT RUN — the vulnerability service ({SERVICE}) cannot be reached.")
        return 0
    cmd = [str(PIP_AUDIT), "--skip-editable", "--progress-spinner", "off", "-f", "json"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or not done.stdout.strip():
        sys.stderr.write(done.stderr)
        if any(w in done.stderr for w in NETWORK_WORDS):
            print("audit: NOT RUN — pip-audit lost the connection to the vulnerability service.")
            return 0
        print(f"audit: pip-audit failed (exit {done.returncode})")
        return done.returncode or 1
    deps = json.loads(done.stdout)["dependencies"]
    skipped = [d for d in deps if d.get("skip_reason")]
    checked = [d for d in deps if not d.get("skip_reason")]
    found = [(d, v) for d in checked for v in d.get("vulns", [])]
    for d, v in found:
        fixes = ", ".join(v.get("fix_versions", [])) or "no fix yet"
        print(f"VULNERABLE {d['name']} {d.get('version', '')}: {v['id']} (fixed in {fixes})")
    for d in skipped:
        print(f"not checked: {d['name']} {d.get('version', '')} ({d['skip_reason']})")
    print(
        f"audit: {len(checked)} packages checked, {len(skipped)} not checked, "
        f"{len(found)} known vulnerabilities"
    )
    if not checked:
        print(
            "audit: NOT RUN — the vulnerability service had no data for any installed "
            "package (no network to PyPI's advisory data, or a mirror without it)."
        )
        return 0
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
