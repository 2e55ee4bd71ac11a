"""Parking poison messages in the dead-letter stream JLP_DEADLETTER.

A message lands here when its handler failed on the last allowed delivery, when it cannot be
parsed as an event at all, or when the server gave up redelivering it after ack timeouts (the
consumer crashed or hung on every attempt; JetStream then only emits a MAX_DELIVERIES advisory
and the message would otherwise silently stop being delivered).

Layout: subject `jlp.deadletter.<consumer>`; payload = the original bytes, untouched; headers =
the original headers (trace context, content type) plus `Jlp-Dlq-*` headers saying which stream,
sequence, subject and consumer it came from, how many deliveries were tried and the error.
`Nats-Msg-Id` = `<stream>.<consumer>.<sequence>`, so the handler path and the advisory path
parking the same message, or two replicas doing it, store it once.

Redrive (ADR 0011, `redrive.py`): a dead letter goes back to the one consumer that parked it,
on `jlp.<domain>.redrive.<consumer>` in the stream it came from. Every durable consumer also
listens on its own redrive subject, so a redrive reaches it and no other consumer of the
original subject (which already handled the event), and redriving needs no right to publish
the domain's real events.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from jlp_common.events.streams import DEADLETTER_SUBJECT_PREFIX, domain_of_stream

log = logging.getLogger(__name__)

H_STREAM = "Jlp-Dlq-Stream"
H_SEQUENCE = "Jlp-Dlq-Sequence"
H_SUBJECT = "Jlp-Dlq-Subject"
H_CONSUMER = "Jlp-Dlq-Consumer"
H_DELIVERIES = "Jlp-Dlq-Deliveries"
H_ERROR = "Jlp-Dlq-Error"
H_REASON = "Jlp-Dlq-Reason"
H_REDRIVE_OF = "Jlp-Redrive-Of"  # on a redriven message: the dead letter's sequence
REDRIVE_ENTITY = "redrive"

REASON_HANDLER = "handler_failed"
REASON_MALFORMED = "malformed"
REASON_PERMANENT = "permanent"  # default of a handler's Permanent failure (it may name its own)
REASON_MAX_DELIVERIES = "max_deliveries"

_MAX_ERROR_CHARS = 512
# Headers a re-publish must not carry over: they steer JetStream's own de-duplication/checks.
_DROPPED = ("nats-msg-id", "nats-expected-stream", "nats-expected-last-sequence",
            "nats-expected-last-subject-sequence", "nats-expected-last-msg-id")


def max_deliveries_advisory(stream: str, consumer: str) -> str:
    """Core-NATS subject of the server's advisory for messages that exhausted max_deliver."""
    return f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{consumer}"


def deadletter_subject(consumer: str) -> str:
    return f"{DEADLETTER_SUBJECT_PREFIX}.{consumer}"


def redrive_subject(stream: str, consumer: str) -> str:
    """`jlp.<domain>.redrive.<consumer>`: where the dead letters of `consumer`, which reads
    `stream` (JLP_<DOMAIN>), are sent back to it. Inside the domain's subjects, so the stream
    already holds it; durable names are valid subject tokens."""
    return f"jlp.{domain_of_stream(stream)}.{REDRIVE_ENTITY}.{consumer}"


def redriven_to(subject: str) -> str | None:
    """The consumer a redrive subject addresses, or None for any other subject."""
    parts = subject.split(".")
    if len(parts) == 4 and parts[0] == "jlp" and parts[2] == REDRIVE_ENTITY:
        return parts[3]
    return None


def subject_covers(pattern: str, subject: str) -> bool:
    """Whether NATS subject filter `pattern` (with `*` and `>`) matches `subject`."""
    want, have = pattern.split("."), subject.split(".")
    for i, part in enumerate(want):
        if part == ">":
            return len(have) > i
        if i >= len(have) or (part != "*" and part != have[i]):
            return False
    return len(want) == len(have)


def one_line(text: str) -> str:
    """Header-safe error text: NATS header values cannot contain line breaks."""
    flat = " ".join(text.split())
    return flat[:_MAX_ERROR_CHARS]


def deadletter_headers(original: Mapping[str, str] | None, *, stream: str, consumer: str,
                       sequence: int, subject: str, deliveries: int, reason: str,
                       error: str) -> dict[str, str]:
    headers = {k: v for k, v in (original or {}).items() if k.lower() not in _DROPPED}
    headers.update({
        "Nats-Msg-Id": f"{stream}.{consumer}.{sequence}",
        H_STREAM: stream,
        H_SEQUENCE: str(sequence),
        H_SUBJECT: subject,
        H_CONSUMER: consumer,
        H_DELIVERIES: str(deliveries),
        H_REASON: one_line(reason) or REASON_HANDLER,
        H_ERROR: one_line(error) or reason,
    })
    return headers


async def park(js: JetStreamContext, payload: bytes, original_headers: Mapping[str, str] | None,
               *, stream: str, consumer: str, sequence: int, subject: str, deliveries: int,
               reason: str, error: str, timeout_s: float) -> None:
    """Store the message in JLP_DEADLETTER and wait for the ack (raises if it was not stored)."""
    headers = deadletter_headers(original_headers, stream=stream, consumer=consumer,
                                 sequence=sequence, subject=subject, deliveries=deliveries,
                                 reason=reason, error=error)
    await js.publish(deadletter_subject(consumer), payload, timeout=timeout_s, headers=headers)
    log.warning("event dead-lettered", extra={"stream": stream, "consumer": consumer,
                                              "sequence": sequence, "reason": reason,
                                              "error": headers[H_ERROR]})


async def park_from_advisory(js: JetStreamContext, advisory_payload: bytes, *,
                             timeout_s: float) -> bool:
    """Handle a MAX_DELIVERIES advisory: copy the abandoned message into the dead letters.

    Returns False when the message no longer exists (aged out of its stream).
    """
    advisory = json.loads(advisory_payload)
    stream, consumer = advisory["stream"], advisory["consumer"]
    sequence, deliveries = int(advisory["stream_seq"]), int(advisory.get("deliveries", 0))
    try:
        raw = await js.get_msg(stream, sequence)
    except NotFoundError:
        log.error("dead-letter source message gone",
                  extra={"stream": stream, "consumer": consumer, "sequence": sequence})
        return False
    subject = raw.subject or ""
    if redriven_to(subject) is not None:  # parked again as the event of its original subject
        subject = (raw.headers or {}).get(H_SUBJECT) or subject
    await park(js, raw.data or b"", raw.headers, stream=stream, consumer=consumer,
               sequence=sequence, subject=subject, deliveries=deliveries,
               reason=REASON_MAX_DELIVERIES,
               error="not acknowledged within ack wait on any allowed delivery",
               timeout_s=timeout_s)
    return True
