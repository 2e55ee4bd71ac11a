"""Configuration: no secret defaults; missing keys are fatal in production, generated locally."""

from __future__ import annotations

import base64
import os

import pytest

from jlp_common.config import ConfigError, Settings
from jlp_identity.settings import IdentitySettings

KEY = base64.b64encode(os.urandom(32)).decode()


def config(**env: str) -> IdentitySettings:
    return IdentitySettings.from_settings(Settings.from_env("identity", env))


def test_local_runs_generate_throw_away_keys() -> None:
    a, b = config(), config()
    assert len(a.pii_key) == len(a.kek) == 32 and a.pii_key != b.pii_key
    assert not a.bootstrap.requested


def test_production_refuses_to_start_without_keys() -> None:
    with pytest.raises(ConfigError, match="JLP_PII_KEY"):
        config(JLP_MONGO_URI="mongodb://db/jlp_identity", JLP_IDENTITY_KEK=KEY)
    with pytest.raises(ConfigError, match="JLP_IDENTITY_KEK"):
        config(JLP_MONGO_URI="mongodb://db/jlp_identity", JLP_PII_KEY=KEY)
    with pytest.raises(ConfigError, match="JLP_IDENTITY_AUDIT_ANCHOR_KEY"):
        config(JLP_MONGO_URI="mongodb://db/jlp_identity", JLP_PII_KEY=KEY, JLP_IDENTITY_KEK=KEY)
    ok = config(JLP_MONGO_URI="mongodb://db/jlp_identity", JLP_PII_KEY=KEY, JLP_IDENTITY_KEK=KEY,
                JLP_IDENTITY_AUDIT_ANCHOR_KEY=KEY)
    assert base64.b64encode(ok.pii_key).decode() == KEY


def test_a_pem_signing_key_replaces_the_kek() -> None:
    ok = config(JLP_MONGO_URI="mongodb://db/x", JLP_PII_KEY=KEY, JLP_JWT_SIGNING_KEY="-----BEGIN",
                JLP_IDENTITY_AUDIT_ANCHOR_KEY=KEY)
    assert ok.kek == b"" and ok.signing_key_pem


@pytest.mark.parametrize(("name", "value", "message"), [
    ("JLP_PII_KEY", "not base64!", "base64"),
    ("JLP_PII_KEY", base64.b64encode(b"short").decode(), "32 bytes"),
    ("JLP_JWT_KEY_ROTATION_DAYS", "0", "at least 1"),
    ("JLP_IDENTITY_HASH_CONCURRENCY", "0", "at least 1"),
    ("JLP_IDENTITY_HASH_CONCURRENCY", "many", "not an integer"),
    ("JLP_IDENTITY_REGISTRATIONS_PER_HOUR", "0", "at least 1"),
    ("JLP_IDENTITY_AUDIT_ANCHOR_KEY", base64.b64encode(b"short").decode(), "32 bytes"),
    ("JLP_AUDIT_CHECKPOINT_INTERVAL_S", "0", "positive"),
])
def test_bad_values_are_named(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config(**{name: value})


def test_bootstrap_admin_needs_user_and_password() -> None:
    assert config(JLP_BOOTSTRAP_ADMIN_USER="13800000000").bootstrap.requested is False
    both = config(JLP_BOOTSTRAP_ADMIN_USER="13800000000",
                  JLP_BOOTSTRAP_ADMIN_PASSWORD="Never-Logged-42")  # noqa: S106 - test value
    assert both.bootstrap.requested and "Never-Logged-42" not in repr(both)


def test_hashing_slots_come_from_the_setting_or_the_memory_limit(monkeypatch) -> None:  # noqa: ANN001
    from jlp_identity.security import memory_budget

    assert config(JLP_IDENTITY_HASH_CONCURRENCY="3").hash_concurrency == 3
    monkeypatch.setattr(memory_budget, "memory_limit", lambda files=(): 512 * memory_budget.MIB)
    assert config().hash_concurrency == 5  # a 512 MiB container, production argon2
    monkeypatch.setattr(memory_budget, "memory_limit", lambda files=(): None)
    assert config().hash_concurrency == memory_budget.FALLBACK_SLOTS
