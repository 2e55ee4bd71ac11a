"""investment's own `JLP_` variables, on top of jlp_common.config's platform and service ones."""

from __future__ import annotations

import logging

from jlp_common.config import Settings, Var
from jlp_common.pii import PiiCipher

log = logging.getLogger(__name__)
PII_KEY = "JLP_PII_KEY"  # the suite's PII key (chart secret, `make run` local secret)

VARIABLES: tuple[Var, ...] = (
    Var(PII_KEY, "base64 of 32 bytes: encrypts investors' contact names and phones at rest "
                 "(the field name is the AES-GCM associated data, so values cannot move between fields)"),
)


def pii_cipher(settings: Settings) -> PiiCipher:
    """The contact-data cipher under JLP_PII_KEY (see `Settings.secret_key`)."""
    return PiiCipher(settings.secret_key(PII_KEY))
