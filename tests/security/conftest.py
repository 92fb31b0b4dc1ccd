"""The web tests' fixtures: a real database, the small agency tree, fast password hashing."""

from tests.web.conftest import _fast_passwords, _fresh_cache, agencies

__all__ = ["_fast_passwords", "_fresh_cache", "agencies"]
