"""investment's own `JLP_` variables, on top of jlp_common.config's platform and service ones."""

from __future__ import annotations

import base64
import binascii
import logging
import os

from jlp_common.config import ConfigError, Settings, Var
from jlp_common.pii import PiiCipher

log = logging.getLogger(__name__)
PII_KEY = "JLP_PII_KEY"  # the suite's PII key (chart secret, `make run` local secret)

VARIABLES: tuple[Var, ...] = (
    Var(PII_KEY, "base64 of 32 bytes: encrypts investors' contact names and phones at rest "
                 "(the field name is the AES-GCM associated data, so values cannot move between fields)"),
)


def pii_cipher(settings: Settings) -> PiiCipher:
    """The contact-data cipher. No key in code: required with MongoDB; with the embedded store
    (which forgets everything at exit) a throw-away key is generated with a warning."""
    raw = settings.get(PII_KEY)
    if raw:
        try:
            key = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(f"{PII_KEY} must be base64") from None
        if len(key) != 32:
            raise ConfigError(f"{PII_KEY} must decode to 32 bytes (got {len(key)})")
        return PiiCipher(key)
    if settings.mongo_uri:
        raise ConfigError(f"{PII_KEY} is required when JLP_MONGO_URI is set (`openssl rand -base64 32`)")
    log.warning("%s is not set: generated a throw-away key for this process", PII_KEY)
    return PiiCipher(os.urandom(32))
