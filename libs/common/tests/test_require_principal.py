"""require_principal: the one "current caller" helper, UNAUTHENTICATED when there is none."""

from __future__ import annotations

import grpc
import pytest

from jlp_common.auth import Principal
from jlp_common.context import principal_var, require_principal
from jlp_common.errors import Unauthenticated


def test_returns_the_verified_caller():
    caller = Principal("u-1", roles=frozenset({"citizen"}))
    token = principal_var.set(caller)
    try:
        assert require_principal() is caller
    finally:
        principal_var.reset(token)


def test_no_caller_is_unauthenticated_with_the_missing_token_reason():
    with pytest.raises(Unauthenticated) as err:
        require_principal()
    assert err.value.code is grpc.StatusCode.UNAUTHENTICATED
    assert err.value.reason == "MISSING_TOKEN"
