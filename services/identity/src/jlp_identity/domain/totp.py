"""TOTP second factor (RFC 6238 via pyotp) for privileged staff (MLPS 2.0 level 3).

Codes are 6 digits, 30-second steps, SHA-1 (what authenticator apps implement). One step of
clock drift either way is accepted, and a code is accepted once only: the step it belongs to
must be later than the last step used (RFC 6238 §5.2 recommends refusing replays).
"""

from __future__ import annotations

from datetime import datetime

import pyotp

ISSUER_NAME = "Smart Jiulongpo"
STEP_S = 30
DIGITS = 6
DRIFT_STEPS = 1


def new_secret() -> str:
    """A fresh 160-bit base32 secret (RFC 4226 §4 recommends 160 bits)."""
    return pyotp.random_base32(32)


def is_valid_secret(secret: str) -> bool:
    """True for base32 text of at least 112 bits (pyotp enforces NIST SP 800-63B's minimum)."""
    try:
        pyotp.TOTP(secret).byte_secret()
    except Exception:  # noqa: BLE001 - any decoding or length failure means not usable
        return False
    return True


def provisioning_uri(secret: str, account: str) -> str:
    """The otpauth:// URI an authenticator app scans."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S).provisioning_uri(
        name=account, issuer_name=ISSUER_NAME)


def code_at(secret: str, now: datetime) -> str:
    """The code valid at `now` (tests and tools)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S).at(now)


def step_of(now: datetime) -> int:
    return int(now.timestamp()) // STEP_S


def accepted_step(secret: str, code: str, now: datetime, last_used_step: int) -> int | None:
    """The time step `code` belongs to if it is valid at `now` and not replayed, else None."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S)
    current = step_of(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step <= last_used_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None

