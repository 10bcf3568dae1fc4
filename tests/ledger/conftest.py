"""Ledger tests reuse the API and sync fixtures."""

from tests.api.conftest import auth, new_item, org  # noqa: F401
from tests.sync.conftest import push, upload  # noqa: F401
