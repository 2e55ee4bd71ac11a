"""Shared fixtures of the social-security tests."""

from __future__ import annotations

import pytest

from jlp_social_security.config import schedule_book


@pytest.fixture(scope="session")
def book():
    """The shipped contribution schedules (reference figures)."""
    return schedule_book()
