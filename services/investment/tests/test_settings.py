"""The contact-data key: never a default in code, required with MongoDB, checked by name."""

from __future__ import annotations

import base64

import pytest

from jlp_common.config import ConfigError, Settings
from jlp_investment import settings as investment_settings

KEY = base64.b64encode(bytes(range(32))).decode()


def make(**env: str) -> Settings:
    return Settings.from_env("investment", env, declared=investment_settings.VARIABLES)


def test_a_given_key_encrypts_and_round_trips() -> None:
    cipher = investment_settings.pii_cipher(make(JLP_PII_KEY=KEY))
    sealed = cipher.encrypt("investor.contact_phone", "13812345678")
    assert "13812345678" not in sealed
    assert investment_settings.pii_cipher(make(JLP_PII_KEY=KEY)).decrypt("investor.contact_phone",
                                                                          sealed) == "13812345678"


def test_bad_or_missing_keys_name_the_variable() -> None:
    with pytest.raises(ConfigError, match="JLP_PII_KEY must decode to 32 bytes"):
        investment_settings.pii_cipher(make(JLP_PII_KEY=base64.b64encode(b"short").decode()))
    with pytest.raises(ConfigError, match="JLP_PII_KEY must be base64"):
        investment_settings.pii_cipher(make(JLP_PII_KEY="not base64!"))
    with pytest.raises(ConfigError, match="JLP_PII_KEY is required when JLP_MONGO_URI is set"):
        investment_settings.pii_cipher(make(JLP_MONGO_URI="mongodb://db.example:27017/jlp"))
    assert investment_settings.pii_cipher(make()) is not None  # embedded store: throw-away key


def test_unknown_variables_stop_start_up() -> None:
    with pytest.raises(ConfigError, match="JLP_INVESTMENT_COLOUR"):
        make(JLP_INVESTMENT_COLOUR="red")
