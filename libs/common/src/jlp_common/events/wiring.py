"""Run a service's event bus with its gRPC app: one place for the start/stop order and health.

Every service that publishes through an outbox or consumes events wires the same things: the
NATS health check (NOT_SERVING while NATS is unreachable), connecting and provisioning its own
stream at start, starting the outbox relay and the durable consumers, and at shutdown stopping
the relay before the bus (so the last relayed events still get their acks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jlp_common.events.bus import EventBus
from jlp_common.events.consumer import DEFAULT_BACKOFF_S, DEFAULT_BATCH, DEFAULT_MAX_DELIVER
from jlp_common.events.envelope import Event
from jlp_common.events.outbox import OutboxRelay
from jlp_common.grpc_server import GrpcApp


@dataclass(frozen=True)
class Consumer:
    """A durable pull consumer a service runs: `<consumer-service>-<purpose>` on a stream.

    `backoff_s` / `max_deliver`: its retry schedule for transient failures (default about an
    hour, consumer.DEFAULT_BACKOFF_S); `ack_wait_s` bounds one handler run; `batch_size` is
    how many messages one fetch may take (ADR 0015).
    """

    stream: str
    durable: str
    filter_subject: str
    handler: Callable[[Event], None]
    max_deliver: int = DEFAULT_MAX_DELIVER
    backoff_s: tuple[float, ...] = DEFAULT_BACKOFF_S
    ack_wait_s: float = 30.0
    batch_size: int = DEFAULT_BATCH


def attach_events(app: GrpcApp, bus: EventBus, *, relay: OutboxRelay | None = None,
                  domain: str | None = None, consumers: Sequence[Consumer] = ()) -> None:
    """Hook `bus` (and `relay`, `consumers`) to the app's lifecycle.

    Call it after the service registered its own start-up hooks (seeding, indexes): those run
    first, so the relay finds their events waiting. `domain` is the service's own event domain,
    whose stream is provisioned at start (publishing would create it lazily anyway).
    """
    app.add_check("nats", bus.connected)

    def start() -> None:
        if bus.start() and domain:
            bus.ensure_stream(domain)
        if relay is not None:
            relay.start()
        for c in consumers:
            bus.subscribe(stream=c.stream, durable=c.durable, filter_subject=c.filter_subject,
                          handler=c.handler, max_deliver=c.max_deliver, backoff_s=c.backoff_s,
                          ack_wait_s=c.ack_wait_s, batch_size=c.batch_size)

    def stop() -> None:
        if relay is not None:
            relay.stop()
        bus.stop()

    app.on_start(start)
    app.on_stop(stop)
