"""GatewayFlask remembers `ensure_sync` per function (issue 16) without changing its answer."""

from __future__ import annotations

import pytest
from flask import Flask

from jlp_gateway.app import GatewayFlask


def test_a_sync_function_is_checked_once_and_returned_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    app = GatewayFlask("t")
    asked: list[object] = []
    original = Flask.ensure_sync

    def counting(self: Flask, func):  # noqa: ANN001, ANN202
        asked.append(func)
        return original(self, func)

    monkeypatch.setattr(Flask, "ensure_sync", counting)

    def view() -> str:
        return "ok"

    assert app.ensure_sync(view) is view and app.ensure_sync(view) is view
    assert asked == [view]


def test_a_coroutine_function_is_still_wrapped_and_unhashables_still_work() -> None:
    app = GatewayFlask("t")

    async def view() -> str:
        return "ok"

    try:
        wrapped = app.ensure_sync(view)
    except RuntimeError:  # Flask without its async extra: the same refusal as plain Flask
        with pytest.raises(RuntimeError):
            Flask("plain").ensure_sync(view)
    else:
        assert wrapped is not view and wrapped() == "ok"

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self) -> str:
            return "ok"

    func = Unhashable()
    assert app.ensure_sync(func) is func


def test_the_cache_is_bounded() -> None:
    app = GatewayFlask("t")
    app.SYNC_CACHE_SIZE = 3
    for _ in range(10):
        app.ensure_sync(lambda: None)
    assert len(app._sync) == 3
