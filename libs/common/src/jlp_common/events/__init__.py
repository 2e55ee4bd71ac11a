"""Event bus of the platform: CloudEvents on NATS JetStream, from synchronous services.

    bus = EventBus(settings); bus.start()            # health: app.add_check("nats", bus.connected)
    bus.publish("jlp.grid.case.created", msg, subject_ref="cases/123")
    bus.subscribe(stream="JLP_ENVIRONMENT", durable="grid-event-alerts",
                  filter_subject="jlp.environment.alert.raised", handler=fn)
    doc.outbox.append(outbox_event("jlp.grid.case.created", msg)); doc.save()
    OutboxRelay(bus, [CaseDocument]).start()
    Processed.once(consumer="grid-event-alerts", event_id=event.id)

Modules: envelope (CloudEvents JSON), streams (provisioning), bus (sync facade, publish),
consumer (pull loop), failures (`Permanent`: park at once instead of retrying), deadletter,
redrive (operators: list / redrive / discard dead letters, `jlpctl deadletters`), outbox
(+ relay), idempotency, tracing, loop, worker, wiring (`attach_events`: the bus, relay and
consumers on a GrpcApp's lifecycle and health). Failures and redrive: ADR 0011.
"""

from jlp_common.events.bus import EventBus, EventBusUnavailable, Published
from jlp_common.events.consumer import Subscription
from jlp_common.events.deadletter import deadletter_subject
from jlp_common.events.envelope import Event, MalformedEvent, dataschema_of, domain_of, event_type
from jlp_common.events.failures import Permanent
from jlp_common.events.idempotency import Processed, idempotent
from jlp_common.events.outbox import OutboxEvent, OutboxRelay, outbox_event
from jlp_common.events.streams import DEADLETTER_STREAM, stream_name
from jlp_common.events.wiring import Consumer, attach_events

__all__ = [
    "DEADLETTER_STREAM",
    "Consumer",
    "Event",
    "EventBus",
    "EventBusUnavailable",
    "MalformedEvent",
    "OutboxEvent",
    "OutboxRelay",
    "Permanent",
    "Processed",
    "Published",
    "Subscription",
    "attach_events",
    "dataschema_of",
    "deadletter_subject",
    "domain_of",
    "event_type",
    "idempotent",
    "outbox_event",
    "stream_name",
]
