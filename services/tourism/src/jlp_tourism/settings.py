"""tourism's own `JLP_` variables, on top of jlp_common.config's platform and service ones."""

from __future__ import annotations

from jlp_common.config import Var

VARIABLES: tuple[Var, ...] = (
    Var("JLP_PII_KEY", "key of visitors' personal data at rest and of the ID look-up hash (base64 of 32 bytes)"),
    Var("JLP_TOURISM_QR_KEYS", "ticket signing keys kid:base64(32-byte Ed25519 seed), the first signs"),
    Var("JLP_TOURISM_NO_SHOW_THRESHOLD", "no-shows within the window that lock booking (3; 0 disables)"),
    Var("JLP_TOURISM_NO_SHOW_WINDOW_DAYS", "window in which no-shows are counted (90)"),
    Var("JLP_TOURISM_NO_SHOW_LOCK_DAYS", "length of the booking lock (30)"),
    Var("JLP_TOURISM_SWEEP_SECONDS", "no-show marking and crash recovery period (60; 0 disables)"),
)
