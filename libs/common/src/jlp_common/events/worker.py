"""A daemon thread that runs one subscription's synchronous handler, one job at a time.

Handlers are blocking functions (mongoengine, gRPC calls), so they must not run on the bus's
asyncio loop. Each subscription gets its own thread: one slow consumer cannot delay another,
and a handler that never returns cannot keep the process alive at exit (daemon thread, unlike
ThreadPoolExecutor's workers which the interpreter joins).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_STOP = object()
log = logging.getLogger(__name__)


class HandlerThread:
    """Runs submitted callables in order on one daemon thread; results come back as awaitables."""

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)
        self._thread.start()

    def _main(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            fn, loop, future = item
            try:
                result, error = fn(), None
            except BaseException as exc:  # noqa: BLE001 - handed back to the awaiting side
                result, error = None, exc
            if future is None:  # posted: nobody awaits it
                if error is not None:
                    log.error("handler thread task failed", exc_info=error)
                continue
            try:
                loop.call_soon_threadsafe(_settle, future, result, error)
            except RuntimeError:  # the loop is closed: the bus stopped while we worked
                pass

    async def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the thread; return its result or raise its exception."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((fn, loop, future))
        return await future

    def post(self, fn: Callable[[], object]) -> None:
        """Run `fn` on the thread without waiting for it; it reports back by itself (a
        consumer's batch), and whatever it raises is logged, not lost silently."""
        self._queue.put((fn, None, None))

    def close(self) -> None:
        """Let the thread end after the current call (it is a daemon: nothing waits for it)."""
        self._queue.put(_STOP)


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # cancelled while the handler ran (bus stopping)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
