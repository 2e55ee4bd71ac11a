"""social-security's own `JLP_` variables, on top of jlp_common.config's platform and service ones.

No secret has a default in code: without `JLP_PII_KEY` the embedded store (local runs, tests)
gets a throw-away key for the process, with a warning; with `JLP_MONGO_URI` set (production) a
missing key stops the service at start naming the variable (as identity does, ADR 0031).
"""

from __future__ import annotations

import logging

from jlp_common.config import Settings, Var

log = logging.getLogger(__name__)

VARIABLES = (
    Var("JLP_PII_KEY", "AES-256-GCM master key of personal data at rest (base64 of 32 bytes)"),
    Var("JLP_SOCIAL_SECURITY_AUDIT_ANCHOR_KEY", "HMAC key signing the audit trail's checkpoints, kept out of "
        "the database (base64 of 32 bytes); required with MongoDB"),
    Var("JLP_AUDIT_CHECKPOINT_INTERVAL_S", "seconds between signed audit trail checkpoints (default 300)"),
    Var("JLP_SOCIAL_SCHEDULES_FILE", "JSON file of contribution rates and base limits (default: shipped)"),
    Var("JLP_SOCIAL_AID_FILE", "JSON file of aid-check sources, monitoring rules, re-check events"),
    Var("JLP_SOCIAL_CARE_FILE", "JSON file of the elderly-care policy (SLA, timeouts, prices)"),
    Var("JLP_SOCIAL_SCAN_SECONDS", "period of the scanner (resume runs, offer timeouts, escalations); 0 off"),
    Var("JLP_SOCIAL_RUN_BATCH", "records per batch of the monthly contribution run (200)"),
    Var("JLP_SOCIAL_SOURCE_TIMEOUT_SECONDS", "deadline of each aid-check question to identity / investment (3)"),
)


def pii_key(settings: Settings) -> bytes:
    """JLP_PII_KEY, the personal-record cipher key (see `Settings.secret_key`)."""
    return settings.secret_key("JLP_PII_KEY")
