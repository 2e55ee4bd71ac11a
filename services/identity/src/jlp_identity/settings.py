"""Identity's own settings on top of jlp_common's: keys, key rotation, hashing cost, bootstrap.

No secret has a default in code. With the embedded store (local runs, tests) a missing key is
generated for the life of the process, with a warning, since that store forgets everything at
exit anyway; with `JLP_MONGO_URI` set (production) a missing key stops the service at start with
a message naming the variable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

import argon2

from jlp_common.audit_anchor import DEFAULT_INTERVAL_S, AnchorKey, checkpoint_interval_s, key_variable
from jlp_common.config import ConfigError, Settings, Var
from jlp_identity.security import hashing, memory_budget

log = logging.getLogger(__name__)


def _key32(settings: Settings, name: str) -> bytes:
    return settings.secret_key(name)


@dataclass(frozen=True)
class Bootstrap:
    """First system administrator, created at start when none exists."""

    user: str = ""
    password: str = field(default="", repr=False)
    totp_secret: str = field(default="", repr=False)

    @property
    def requested(self) -> bool:
        return bool(self.user and self.password)


@dataclass(frozen=True)
class IdentitySettings:
    base: Settings
    pii_key: bytes = field(repr=False)
    kek: bytes = field(repr=False)
    signing_key_pem: str = field(default="", repr=False)
    key_rotation: timedelta = timedelta(days=30)
    password_parameters: argon2.Parameters = field(default_factory=lambda: hashing.PRODUCTION)
    bootstrap: Bootstrap = Bootstrap()
    demo: bool = False
    # Password hashes computed at once (security/memory_budget.py).
    hash_concurrency: int = memory_budget.FALLBACK_SLOTS
    # Registrations accepted per source address and hour (domain/throttle.py).
    registrations_per_hour: int = 20
    # Signs the audit chain's checkpoints and purge anchor (jlp_common.audit_anchor).
    audit_anchor_key: AnchorKey | None = field(default=None, repr=False)
    audit_checkpoint_interval_s: float = DEFAULT_INTERVAL_S

    @property
    def issuer(self) -> str:
        return self.base.jwt_issuer

    @property
    def audience(self) -> str:
        return self.base.jwt_audience

    @classmethod
    def from_settings(cls, base: Settings, *,
                      password_parameters: argon2.Parameters | None = None) -> IdentitySettings:
        """Read and check everything at start, so a bad configuration fails before serving.

        `password_parameters` lets tests choose cheap argon2 parameters.
        """
        pem = base.get("JLP_JWT_SIGNING_KEY")
        kek = _key32(base, "JLP_IDENTITY_KEK") if not pem or base.get("JLP_IDENTITY_KEK") \
            else b""
        days = base.get_int("JLP_JWT_KEY_ROTATION_DAYS", 30)
        if days < 1:
            raise ConfigError("JLP_JWT_KEY_ROTATION_DAYS must be at least 1")
        secret = base.get("JLP_BOOTSTRAP_ADMIN_TOTP_SECRET")
        parameters = password_parameters or hashing.PRODUCTION
        slots = base.get_int("JLP_IDENTITY_HASH_CONCURRENCY", 0) \
            if base.get("JLP_IDENTITY_HASH_CONCURRENCY") \
            else memory_budget.default_slots(hashing.memory_of(parameters))
        if slots < 1:
            raise ConfigError("JLP_IDENTITY_HASH_CONCURRENCY must be at least 1")
        per_hour = base.get_int("JLP_IDENTITY_REGISTRATIONS_PER_HOUR", 20)
        if per_hour < 1:
            raise ConfigError("JLP_IDENTITY_REGISTRATIONS_PER_HOUR must be at least 1")
        interval = checkpoint_interval_s(base)
        return cls(
            base=base,
            pii_key=_key32(base, "JLP_PII_KEY"),
            kek=kek,
            signing_key_pem=pem,
            key_rotation=timedelta(days=days),
            password_parameters=parameters,
            bootstrap=Bootstrap(base.get("JLP_BOOTSTRAP_ADMIN_USER").strip(),
                                base.get("JLP_BOOTSTRAP_ADMIN_PASSWORD"), secret.strip()),
            demo=base.demo,
            hash_concurrency=slots,
            registrations_per_hour=per_hour,
            audit_anchor_key=AnchorKey.from_settings(base, "identity"),
            audit_checkpoint_interval_s=interval,
        )


# Identity's own variables, on top of jlp_common.config's platform and service ones.
VARIABLES = (
    Var("JLP_PII_KEY", "AES-256-GCM key of personal data at rest (base64 of 32 bytes)"),
    Var("JLP_IDENTITY_KEK", "key-encryption key wrapping the signing keys (base64 of 32 bytes)"),
    Var("JLP_JWT_SIGNING_KEY", "optional PEM Ed25519 key pinning the signing key (no rotation)"),
    Var("JLP_JWT_KEY_ROTATION_DAYS", "signing key rotation period"),
    Var("JLP_BOOTSTRAP_ADMIN_USER", "first system administrator's user name"),
    Var("JLP_BOOTSTRAP_ADMIN_PASSWORD", "its initial password"),
    Var("JLP_BOOTSTRAP_ADMIN_TOTP_SECRET", "its TOTP secret (base32)"),
    Var("JLP_IDENTITY_HASH_CONCURRENCY", "password hashes computed at once (each holds argon2's "
        "64 MiB); default: what the container's memory limit leaves, else 2"),
    Var(key_variable("identity"), "HMAC key signing the audit chain's checkpoints and purge "
        "anchor, kept out of the database (base64 of 32 bytes)"),
    Var("JLP_AUDIT_CHECKPOINT_INTERVAL_S", "seconds between signed audit chain checkpoints "
        "(default 300)"),
    Var("JLP_IDENTITY_REGISTRATIONS_PER_HOUR", "registrations accepted per source address and "
        "hour (default 20)"),
)
