"""Fixtures shared by libs/common's tests."""

from __future__ import annotations

import mongoengine as me
import pytest

from jlp_common import db
from jlp_common.periodic import LEASE_COLLECTION


@pytest.fixture
def lease_store(request: pytest.FixtureRequest):
    """An embedded store of the test module's own (named after it) whose leases are dropped after."""
    db.connect(f"test-{request.module.__name__.rsplit('.', 1)[-1].replace('_', '-')}")
    yield
    me.get_db()[LEASE_COLLECTION].drop()
    me.disconnect()
