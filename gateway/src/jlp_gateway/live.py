"""`GET /api/v1/live/events`: the platform's events as Server-Sent Events, for the ops centre.

Fed by JetStream (ADR 0110): per connection, one ordered ephemeral consumer per domain stream
the caller may read (`live_rules.rules_for`), started right after the `Last-Event-ID` cursor or,
without one, at the streams' current end. Each event's department is checked against the
token (`live_rules.may_see`) before it is written.

Bounds, because every open stream holds one of the worker's threads:
- at most JLP_GATEWAY_LIVE_MAX_STREAMS streams per process (503 + Retry-After beyond);
- a stream ends when the token expires (the browser refreshes it and reconnects with
  `Last-Event-ID`: a revoked or downgraded account stops receiving within one token lifetime)
  and after JLP_GATEWAY_LIVE_MAX_SECONDS at most, so rolling restarts drain;
- a keep-alive comment every 15 s keeps proxies from closing an idle stream.

Without JLP_NATS_URL the endpoint answers 503 "live events are not configured": the page still
works from the REST API, it just does not update by itself.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator

from flask import Flask, Response, request

from jlp_common.auth import Principal
from jlp_common.events.envelope import MalformedEvent, decode
from jlp_gateway import live_rules
from jlp_gateway.errors import problem
from jlp_gateway.live_bridge import OVERFLOW, LiveUnavailable, NatsBridge, RawEvent, StreamStart
from jlp_gateway.state import GatewayState, principal

log = logging.getLogger(__name__)

PATH = "/api/v1/live/events"
EXTENSION_KEY = "jlp_live_events"
KEEP_ALIVE_S = 15.0
RETRY_MS = 2000


class LiveEvents:
    """The endpoint's state: the bridge, the rules, the stream slots."""

    def __init__(self, st: GatewayState, bridge: NatsBridge | None, *, max_streams: int,
                 max_seconds: float, wall_clock: Callable[[], float] = time.time,
                 rules: tuple[live_rules.EventRule, ...] = live_rules.RULES) -> None:
        self.st = st
        self.rules = rules
        self.bridge = bridge
        self.max_seconds = max_seconds
        self.wall_clock = wall_clock
        self._slots = threading.BoundedSemaphore(max(1, max_streams))

    def routed(self) -> list[str]:
        return [b.name for b in self.st.backends]

    def open(self) -> Response:
        who = principal()
        if who is None:
            return problem(401, "Unauthorized", "a bearer token is required for live events",
                           headers={"WWW-Authenticate": 'Bearer realm="jlp"'})
        rules = live_rules.rules_for(who, self.routed(), self.rules)
        if not rules:
            return problem(403, "Forbidden", "this token may not read any live event type")
        try:
            cursor = live_rules.Cursor.parse(request.headers.get("Last-Event-ID"))
        except live_rules.BadCursor as exc:
            return problem(400, "Bad Request", str(exc), errors=[("Last-Event-ID", str(exc))])
        if self.bridge is None:
            return problem(503, "Service Unavailable", "live events are not configured (JLP_NATS_URL)")
        if not self._slots.acquire(blocking=False):
            return problem(503, "Service Unavailable", "too many live streams on this gateway",
                           headers={"Retry-After": "5"})
        domains = live_rules.by_domain(rules)
        try:
            ends = self.bridge.last_sequences({d: group[0].stream for d, group in domains.items()})
            live = {d: group for d, group in domains.items() if ends.get(d) is not None}
            cursor = cursor.merged({d: int(ends[d] or 0) for d in live})
            starts = [StreamStart(d, group[0].stream, live_rules.consumer_filter(d, group),
                                  (cursor.get(d) or 0) + 1) for d, group in live.items()]
            subscription = self.bridge.subscribe(starts)
        except LiveUnavailable as exc:
            self._slots.release()
            log.warning("live events unavailable", extra={"error": str(exc)})
            return problem(503, "Service Unavailable", "live events are unavailable right now",
                           headers={"Retry-After": "5"})
        budget = self._budget(who)
        body = self._stream(who, live, cursor, subscription, budget)
        return Response(body, mimetype="text/event-stream", headers={
            "Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def _budget(self, who: Principal) -> float:
        """Seconds this stream may stay open: until the token expires, capped."""
        exp = who.claims.get("exp")
        left = float(exp) - self.wall_clock() if isinstance(exp, int | float) else self.max_seconds
        return max(0.0, min(self.max_seconds, left))

    def _stream(self, who: Principal, rules: dict[str, tuple[live_rules.EventRule, ...]],
                cursor: live_rules.Cursor, subscription, budget_s: float) -> Iterator[str]:
        deadline = time.monotonic() + budget_s
        try:
            yield live_rules.sse_frame(event="ready", event_id=str(cursor), retry_ms=RETRY_MS,
                                       data={"types": sorted(r.subjects for group in rules.values()
                                                               for r in group)})
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    yield live_rules.sse_frame(event="expired", data={"reconnect": True})
                    return
                try:
                    item = subscription.queue.get(timeout=min(KEEP_ALIVE_S, left))
                except queue.Empty:
                    yield live_rules.KEEP_ALIVE
                    continue
                if item is OVERFLOW:
                    log.warning("live reader too slow: stream ended for replay",
                                extra={"caller": who.subject})
                    return
                assert isinstance(item, RawEvent)
                cursor = cursor.advanced(item.domain, item.sequence)
                frame = self._frame(who, rules[item.domain], item, cursor)
                if frame is not None:
                    yield frame
        finally:
            subscription.close()
            self._slots.release()

    @staticmethod
    def _frame(who: Principal, rules: tuple[live_rules.EventRule, ...], item: RawEvent,
               cursor: live_rules.Cursor) -> str | None:
        rule = live_rules.rule_for(rules, item.nats_subject)
        if rule is None:
            return None
        try:
            event = decode(item.payload, item.headers, nats_subject=item.nats_subject,
                           sequence=item.sequence)
        except MalformedEvent as exc:
            log.warning("malformed event skipped", extra={"subject": item.nats_subject,
                                                          "sequence": item.sequence, "error": str(exc)})
            return None
        if not live_rules.may_see(rule, who, event.data):
            return None
        name = live_rules.short_type(event.type)
        return live_rules.sse_frame(event=name, event_id=str(cursor), data={
            "id": event.id, "type": name, "subject": event.subject,
            "time": event.time.isoformat() if event.time else None, "data": event.data})


def register(app: Flask, st: GatewayState, bridge: NatsBridge | None = None) -> LiveEvents:
    """Mount the endpoint; the bridge comes from JLP_NATS_URL unless a test passes one."""
    settings = st.settings
    if bridge is None and settings.env.get("JLP_NATS_URL"):
        bridge = NatsBridge(settings.env["JLP_NATS_URL"])
    live = LiveEvents(st, bridge, max_streams=settings.get_int("JLP_GATEWAY_LIVE_MAX_STREAMS", 8),
                      max_seconds=settings.get_float("JLP_GATEWAY_LIVE_MAX_SECONDS", 900.0))
    app.add_url_rule(PATH, "live_events", live.open, methods=["GET"])
    app.extensions[EXTENSION_KEY] = live
    return live


OPENAPI_OPERATION = {
    "operationId": "live_events",
    "summary": "Live events (Server-Sent Events) the caller may read",
    "description": (
        "text/event-stream of the platform's events, authorised per event type and department "
        "from the bearer token. Each event's `id` is a replay cursor: reconnect with "
        "`Last-Event-ID` to resume right after it. The stream ends when the token expires."),
    "parameters": [{"name": "Last-Event-ID", "in": "header", "required": False,
                    "schema": {"type": "string", "example": "environment=3,grid=128"}}],
    "responses": {
        "200": {"description": "the event stream", "content": {"text/event-stream": {}}},
        "401": {"description": "no or bad token"},
        "403": {"description": "the token may read no live event type"},
        "503": {"description": "NATS not configured or unavailable; retry"},
    },
    "security": [{"bearerAuth": []}],
}
