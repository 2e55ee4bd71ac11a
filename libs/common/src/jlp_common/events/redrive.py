"""Operators' access to the dead letters: list, show, redrive, discard (ADR 0011).

A dead letter (deadletter.py) keeps the original bytes and headers of a message plus where it
came from and why it was parked. Once the cause is fixed — the database is back, a missing
category was added, a bug was deployed away — the operator redrives it: the message is
published to `jlp.<domain>.redrive.<consumer>` in the stream it came from, which only the
consumer that parked it reads (every durable consumer listens on its own redrive subject), and
after JetStream stored it the dead letter is deleted. The consumer handles it as the original
event (same id, same subject for its handler and its span), so its idempotency still holds and
a second failure parks it again with the new reason.

Used by `jlpctl deadletters` with a NATS user of its own that may read and delete in
JLP_DEADLETTER and publish only on `jlp.*.redrive.>`: no service gains a right, and the tool
cannot publish a real domain event.

    async with DeadLetters.connect("nats://nats:4222", creds="/run/jlp/dlq.creds") as dlq:
        for letter in await dlq.list(consumer="grid-event-environment-alerts"):
            await dlq.redrive(letter.sequence)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import nats
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from jlp_common.events import deadletter
from jlp_common.events.streams import DEADLETTER_STREAM, DEADLETTER_SUBJECT_PREFIX
from jlp_common.timeutil import as_utc

# Headers of the dead letter that describe the parking, not the event: not sent on redrive
# (H_SUBJECT and H_CONSUMER stay: the consumer reads the original subject from them).
_PARKING_ONLY = {h.lower() for h in (deadletter.H_STREAM, deadletter.H_SEQUENCE,
                                     deadletter.H_DELIVERIES, deadletter.H_ERROR,
                                     deadletter.H_REASON, deadletter.H_REDRIVE_OF, "Nats-Msg-Id")}


class DeadLetterNotFound(LookupError):
    """No dead letter has this sequence (never parked, redriven or discarded already)."""


class NotRedrivable(ValueError):
    """A dead letter whose headers do not say which stream and consumer it came from."""


@dataclass(frozen=True)
class DeadLetter:
    """One parked message, as JLP_DEADLETTER holds it."""

    sequence: int  # in JLP_DEADLETTER: what the operator names
    consumer: str
    stream: str  # where it came from
    source_sequence: int
    subject: str  # its original subject
    deliveries: int
    reason: str
    error: str
    parked_at: datetime | None
    payload: bytes = field(repr=False)
    headers: Mapping[str, str] = field(repr=False)

    @property
    def event_id(self) -> str:
        """The CloudEvent id when the payload is one, else ""."""
        return str(self._envelope().get("id", ""))

    @property
    def event_type(self) -> str:
        return str(self._envelope().get("type", ""))

    def _envelope(self) -> dict[str, Any]:
        try:
            body = json.loads(self.payload)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return body if isinstance(body, dict) else {}

    @classmethod
    def from_raw(cls, raw: Any) -> DeadLetter:
        headers = dict(raw.headers or {})
        consumer = headers.get(deadletter.H_CONSUMER) or (raw.subject or "").removeprefix(
            DEADLETTER_SUBJECT_PREFIX + ".")
        return cls(
            sequence=int(raw.seq or 0), consumer=consumer,
            stream=headers.get(deadletter.H_STREAM, ""),
            source_sequence=_int(headers.get(deadletter.H_SEQUENCE)),
            subject=headers.get(deadletter.H_SUBJECT, ""),
            deliveries=_int(headers.get(deadletter.H_DELIVERIES)),
            reason=headers.get(deadletter.H_REASON, ""), error=headers.get(deadletter.H_ERROR, ""),
            parked_at=as_utc(raw.time) if getattr(raw, "time", None) else None,
            payload=raw.data or b"", headers=headers)


@dataclass(frozen=True)
class Redriven:
    """A redrive done: the dead letter `sequence` is now message `stored_sequence` of
    `stream` on `subject` (`duplicate`: the same redrive was already stored)."""

    sequence: int
    consumer: str
    stream: str
    subject: str
    stored_sequence: int
    duplicate: bool


def _int(raw: str | None) -> int:
    try:
        return int(raw or 0)
    except ValueError:
        return 0


class DeadLetters:
    """List, show, redrive and discard dead letters over one JetStream context."""

    def __init__(self, js: JetStreamContext, timeout_s: float = 5.0) -> None:
        self._js = js
        self._timeout_s = timeout_s

    @classmethod
    @asynccontextmanager
    async def connect(cls, url: str, *, creds: str | None = None,
                      timeout_s: float = 5.0) -> AsyncIterator[DeadLetters]:
        """A short-lived connection for one command (no reconnects: an operator retries)."""
        servers = [u.strip() for u in url.split(",") if u.strip()]

        async def quiet(_exc: Exception) -> None:  # the caller reports the final failure
            return None

        # nats-py retries forever with max_reconnect_attempts=0: 1 means each server twice.
        nc = await nats.connect(servers=servers, user_credentials=creds, name="jlp-deadletters",
                                allow_reconnect=False, connect_timeout=timeout_s,
                                max_reconnect_attempts=1, reconnect_time_wait=0.2,
                                error_cb=quiet)
        try:
            yield cls(nc.jetstream(timeout=timeout_s), timeout_s)
        finally:
            await nc.close()

    async def list(self, consumer: str | None = None, reason: str | None = None,
                   limit: int = 100, after: int = 0) -> list[DeadLetter]:
        """Dead letters oldest first, of one consumer and/or reason, after sequence `after`."""
        subject = deadletter.deadletter_subject(consumer) if consumer else f"{DEADLETTER_SUBJECT_PREFIX}.>"
        found: list[DeadLetter] = []
        cursor = after + 1
        while len(found) < limit:
            try:
                raw = await self._js.get_msg(DEADLETTER_STREAM, seq=cursor, subject=subject, next=True)
            except NotFoundError:  # no further message (or no stream yet)
                break
            letter = DeadLetter.from_raw(raw)
            cursor = letter.sequence + 1
            if reason is None or letter.reason == reason:
                found.append(letter)
        return found

    async def get(self, sequence: int) -> DeadLetter:
        try:
            raw = await self._js.get_msg(DEADLETTER_STREAM, seq=sequence)
        except NotFoundError:
            raise DeadLetterNotFound(f"no dead letter #{sequence} in {DEADLETTER_STREAM}") from None
        return DeadLetter.from_raw(raw)

    async def redrive(self, sequence: int) -> Redriven:
        """Send dead letter `sequence` back to its consumer, then delete it.

        The publish carries `Nats-Msg-Id` `redrive.<dead-letter sequence>`: two operators (or a
        retried command) redriving the same letter store it once within the duplicate window,
        and the consumer's idempotency absorbs a later repeat. A crash between the publish and
        the delete leaves the letter listed; redriving it again is harmless for that reason.
        """
        letter = await self.get(sequence)
        if not letter.stream or not letter.consumer:
            raise NotRedrivable(f"dead letter #{sequence} does not name its stream and consumer")
        try:
            subject = deadletter.redrive_subject(letter.stream, letter.consumer)
        except ValueError as exc:
            raise NotRedrivable(f"dead letter #{sequence}: {exc}") from None
        headers = {k: v for k, v in letter.headers.items() if k.lower() not in _PARKING_ONLY}
        headers.setdefault(deadletter.H_SUBJECT, letter.subject)
        headers.setdefault(deadletter.H_CONSUMER, letter.consumer)
        headers[deadletter.H_REDRIVE_OF] = str(sequence)
        headers["Nats-Msg-Id"] = f"redrive.{sequence}"
        ack = await self._js.publish(subject, letter.payload, timeout=self._timeout_s,
                                     headers=headers, stream=letter.stream)
        await self._delete(sequence)
        return Redriven(sequence, letter.consumer, ack.stream, subject, ack.seq, bool(ack.duplicate))

    async def discard(self, sequence: int) -> DeadLetter:
        """Delete a dead letter that must not be processed (it stays in the stream's history
        only as a gap); returns what was deleted, for the operator's record."""
        letter = await self.get(sequence)
        await self._delete(sequence)
        return letter

    async def _delete(self, sequence: int) -> None:
        try:
            await self._js.delete_msg(DEADLETTER_STREAM, sequence)
        except NotFoundError:  # deleted meanwhile by another operator: the goal is reached
            pass
