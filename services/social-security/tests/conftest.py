"""Shared fixtures of the social-security tests."""

from __future__ import annotations

import pytest

from jlp_social_security.config import schedule_book


@pytest.fixture(scope="session")
def book():
    """The shipped contribution schedules (reference figures)."""
    return schedule_book()


@pytest.fixture
def store():
    """A fresh embedded store (mongomock through mongoengine), as the service uses locally."""
    from jlp_common import db
    from jlp_social_security.models import ALL

    database = db.connect("social-security-test")
    for name in database.list_collection_names():
        database.drop_collection(name)
    db.ensure_indexes(*ALL)
    yield database
